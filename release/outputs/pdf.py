"""The PDF: WeasyPrint lays out the same page as the web, with the print
styles of CSS paged media. The PDF's metadata comes from the release, not
the clock, so the same data give the same bytes."""

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

from ..cache import code_version, digest
from ..collector import without_cycle_collection
from . import fonts

PDF_NAME = "release.pdf"


def write_pdf(rel, page: Path, work: Path, cache=None, drawings: dict[str, bytes] | None = None) -> Path:
    """Lay out ``page`` (as ``render.for_print`` leaves it) as the release's
    PDF; reuse the PDF laid out from exactly the same input if the cache
    has it. ``drawings``: each chart's and map's PDF drawing, by the path
    the page loads its SVG from, placed in the PDF instead of the SVG
    (``pdf_drawings``); a picture without one is laid out from its SVG."""
    from .render import for_print

    drawings = drawings or {}
    html = for_print(page.read_text(encoding="utf-8"))
    out = work / PDF_NAME
    key = None
    if cache is not None:
        key = digest(_key(html, work), rel.id, rel.published, *sorted(drawings.items()))
        found = cache.get_bytes("pdf", PDF_NAME, key)
        if found is not None:
            out.write_bytes(found)
            return out
    _layout(rel, html, work, out, drawings)
    if key is not None:
        cache.put_bytes("pdf", key, out.read_bytes())
    return out


def _key(html: str, folder: Path) -> str:
    """Everything the layout reads: the page (in ``folder``), the styles
    and images it loads, the code that lays it out, the font files
    installed (``fonts.installed``), and the font tools' and WeasyPrint's
    versions.

    Only the files the page loads, not every file in the folder: while the
    PDF is laid out, the processes beside it write other files there (the
    phone drawings, the reviewer's styles), and a key that read whatever
    was there at the moment would differ from build to build."""
    parts = [code_version("release", packages=("weasyprint", "pydyf", "fonttools")), *fonts.installed(), html]
    for name, path in _loaded(html, folder):
        parts += [name, path.read_bytes()]
    return digest(*parts)


#: What WeasyPrint loads from the page's folder: its stylesheets and images
#: (a phone drawing in ``srcset`` is not loaded; a link is not followed).
_LOADS = re.compile(r'<(?:link\b[^>]*?\bhref|img\b[^>]*?\bsrc)="([^":#?]+)"')
_CSS_URL = re.compile(r"""url\(\s*["']?([^"':#?)]+)""")


def _loaded(html: str, folder: Path) -> list[tuple[str, Path]]:
    """Each file the page loads (and each file its stylesheets load), by
    the name it is loaded by, in order of first loading."""
    found: dict[str, Path] = {}
    pending = [(name, folder / name) for name in _LOADS.findall(html)]
    while pending:
        name, path = pending.pop(0)
        if name in found or not path.is_file():
            continue
        found[name] = path
        if path.suffix == ".css":
            base = str(Path(name).parent)
            pending += [(f"{base}/{url}", path.parent / url)
                        for url in _CSS_URL.findall(path.read_text(encoding="utf-8"))]
    return list(found.items())


def _layout(rel, html: str, work: Path, out: Path, drawings: dict[str, bytes]) -> None:
    placed = lay_out(rel, html, work, out, drawings, pdf_identifier=f"ofsted-{rel.id}".encode(),
                     pdf_variant="pdf/ua-1")
    # The drawings in place of their stand-ins, and what WeasyPrint's
    # tagging does not yet do for PDF/UA (one step, to drop when it does;
    # see the module).
    from .pdf_structure import fix

    fix(out, html, drawings=placed)


def lay_out(rel, html: str, folder: Path, out: Path, drawings: dict[str, bytes], up: str = "", **options) -> dict:
    """WeasyPrint lays out ``html`` (a page in ``folder``) into ``out``,
    with each chart and map that has a PDF drawing as a stand-in of its
    size (``pdf_drawings.stand_ins``; ``up`` as there). Returns the
    drawings by stand-in, for ``pdf_drawings.place``. ``options`` go to
    WeasyPrint's ``write_pdf``. Shared by the public and the review PDF."""
    # WeasyPrint stamps the PDF with the current time unless
    # SOURCE_DATE_EPOCH says otherwise: use the publication date.
    stamp = dt.datetime.combine(rel.published, dt.time(9, 30), tzinfo=dt.timezone.utc)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    import weasyprint

    from .pdf_drawings import stand_ins

    with tempfile.TemporaryDirectory(prefix="print-") as stand_in_folder:
        # Each chart and map is laid out as a stand-in of its size, and its
        # PDF drawing put in its place afterwards (pdf_drawings). Everything
        # else (styles, any other image) loads from the page's own folder.
        printed, placed = stand_ins(html, folder, Path(stand_in_folder), drawings, up)
        with without_cycle_collection():
            doc = weasyprint.HTML(string=printed, base_url=str(folder / "index.html"), media_type="print")
            doc.write_pdf(out, custom_metadata=False, **options)
    return placed
