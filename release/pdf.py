"""The PDF: WeasyPrint lays out the same page as the web, with the print
styles of CSS paged media. The PDF's metadata comes from the release, not
the clock, so the same data give the same bytes."""

import datetime as dt
import os
from pathlib import Path

from .cache import code_version, digest

PDF_NAME = "release.pdf"


def write_pdf(rel, page: Path, work: Path, cache=None) -> Path:
    """Lay out ``page`` as the release's PDF; reuse the PDF laid out from
    exactly the same files if the cache has it."""
    out = work / PDF_NAME
    key = digest(_key(work), rel.id, rel.published) if cache is not None else None
    if key is not None:
        found = cache.get_bytes("pdf", PDF_NAME, key)
        if found is not None:
            out.write_bytes(found)
            return out
    _layout(rel, page, work, out)
    if key is not None:
        cache.put_bytes("pdf", key, out.read_bytes())
    return out


def _key(work: Path) -> str:
    """Everything the layout reads: the page, its styles and images, the
    code that lays it out, and the fonts' and WeasyPrint's versions."""
    parts = [code_version("release", packages=("weasyprint", "pydyf", "fonttools"))]
    for path in sorted(work.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".css", ".svg"):
            parts += [str(path.relative_to(work)), path.read_bytes()]
    return digest(*parts)


def _layout(rel, page: Path, work: Path, out: Path) -> None:
    # WeasyPrint stamps the PDF with the current time unless
    # SOURCE_DATE_EPOCH says otherwise: use the publication date.
    stamp = dt.datetime.combine(rel.published, dt.time(9, 30), tzinfo=dt.timezone.utc)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    import weasyprint

    doc = weasyprint.HTML(filename=str(page), base_url=str(work), media_type="print")
    doc.write_pdf(
        out,
        pdf_identifier=f"ofsted-{rel.id}".encode(),
        custom_metadata=False,
        pdf_variant="pdf/ua-1",
    )
