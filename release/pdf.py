"""The PDF: WeasyPrint lays out the same page as the web, with the print
styles of CSS paged media. The PDF's metadata comes from the release, not
the clock, so the same data give the same bytes."""

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

from .cache import code_version, digest

PDF_NAME = "release.pdf"


def write_pdf(rel, page: Path, work: Path, cache=None) -> Path:
    """Lay out ``page`` (as ``render.for_print`` leaves it) as the release's
    PDF; reuse the PDF laid out from exactly the same input if the cache
    has it."""
    from .render import for_print

    html = for_print(page.read_text(encoding="utf-8"))
    out = work / PDF_NAME
    key = digest(_key(html, work), rel.id, rel.published) if cache is not None else None
    if key is not None:
        found = cache.get_bytes("pdf", PDF_NAME, key)
        if found is not None:
            out.write_bytes(found)
            return out
    _layout(rel, html, work, out)
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


def _layout(rel, html: str, work: Path, out: Path) -> None:
    # WeasyPrint stamps the PDF with the current time unless
    # SOURCE_DATE_EPOCH says otherwise: use the publication date.
    stamp = dt.datetime.combine(rel.published, dt.time(9, 30), tzinfo=dt.timezone.utc)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    import weasyprint

    with tempfile.TemporaryDirectory(prefix="print-") as folder:
        # Each chart and map is laid out from a slimmed copy: the same
        # picture in fewer nodes (svgslim). Everything else (styles, any
        # other image) loads from the page's own folder; the web page keeps
        # the SVGs as drawn.
        printed = slimmed_images(html, work, Path(folder))
        doc = weasyprint.HTML(string=printed, base_url=str(work / "index.html"), media_type="print")
        doc.write_pdf(
            out,
            pdf_identifier=f"ofsted-{rel.id}".encode(),
            custom_metadata=False,
            pdf_variant="pdf/ua-1",
        )
    # What WeasyPrint's tagging does not yet do for PDF/UA (one step, to
    # drop when it does; see the module).
    from .pdf_structure import fix

    fix(out, html)


#: An image the page loads from an SVG file of its own folder.
_LOCAL_SVG = re.compile(r'(<img\b[^>]*?\bsrc=")([^":#?]+\.svg)(")')


def slimmed_images(html: str, work: Path, to: Path) -> str:
    """``html`` (a page in ``work``) with each local SVG image replaced by
    a slimmed copy written into ``to``."""
    from .svgslim import slim

    copies = {}

    def swap(match):
        name = match.group(2)
        source = work / name
        if ".." in Path(name).parts or not source.is_file():
            return match.group(0)  # WeasyPrint reports it missing, as it would have
        if name not in copies:
            target = to / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(slim(source.read_text(encoding="utf-8")), encoding="utf-8")
            copies[name] = target.resolve().as_uri()
        return match.group(1) + copies[name] + match.group(3)

    return _LOCAL_SVG.sub(swap, html)
