"""The PDF: WeasyPrint lays out the same page as the web, with the print
styles of CSS paged media. The PDF's metadata comes from the release, not
the clock, so the same data give the same bytes."""

import datetime as dt
import os
from pathlib import Path

PDF_NAME = "release.pdf"


def write_pdf(rel, page: Path, work: Path) -> Path:
    # WeasyPrint stamps the PDF with the current time unless
    # SOURCE_DATE_EPOCH says otherwise: use the publication date.
    stamp = dt.datetime.combine(rel.published, dt.time(9, 30), tzinfo=dt.timezone.utc)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    import weasyprint

    doc = weasyprint.HTML(filename=str(page), base_url=str(work), media_type="print")
    out = work / PDF_NAME
    doc.write_pdf(
        out,
        pdf_identifier=f"ofsted-{rel.id}".encode(),
        custom_metadata=False,
        pdf_variant="pdf/ua-1",
    )
    return out
