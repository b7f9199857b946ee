"""The PDF: WeasyPrint lays out the same page as the web, with the print
styles of CSS paged media. The PDF's metadata comes from the release, not
the clock, so the same data give the same bytes."""

import datetime as dt
import os
import tempfile
from pathlib import Path

from ..cache import code_version, digest
from ..collector import without_cycle_collection

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


def _key(html: str, work: Path) -> str:
    """Everything the layout reads: the page, its styles and images, the
    code that lays it out, and the fonts' and WeasyPrint's versions."""
    parts = [code_version("release", packages=("weasyprint", "pydyf", "fonttools")), html]
    for path in sorted(work.rglob("*")):
        if path.is_file() and path.suffix in (".css", ".svg"):
            parts += [str(path.relative_to(work)), path.read_bytes()]
    return digest(*parts)


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
