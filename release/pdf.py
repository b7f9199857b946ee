"""The PDF: WeasyPrint lays out the same page as the web, with the print
styles of CSS paged media. The PDF's metadata comes from the release, not
the clock, so the same data give the same bytes."""

import datetime as dt
import os
import re
import shutil
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
        # The page is laid out from a print copy of its folder, where each
        # chart and map is the same picture in fewer nodes (svgslim); the
        # web page keeps the SVGs as drawn.
        print_copy = Path(folder)
        print_folder(html, work, print_copy)
        doc = weasyprint.HTML(string=html, base_url=str(print_copy / "index.html"), media_type="print")
        doc.write_pdf(
            out,
            pdf_identifier=f"ofsted-{rel.id}".encode(),
            custom_metadata=False,
            pdf_variant="pdf/ua-1",
        )


_LOCAL_SOURCE = re.compile(r'<(?:img|link)\b[^>]*?\b(?:src|href)="([^":#?]+\.(?:svg|css))"')


def print_folder(html: str, work: Path, to: Path) -> None:
    """Copy into ``to`` what the page ``html`` (in ``work``) loads for
    print: its style sheets as they are, its SVG images slimmed."""
    from .svgslim import slim

    for name in sorted(set(_LOCAL_SOURCE.findall(html))):
        source, target = work / name, to / name
        if ".." in Path(name).parts or not source.is_file():
            continue  # WeasyPrint reports it missing, as it would have
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".svg"):
            target.write_text(slim(source.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            shutil.copyfile(source, target)
