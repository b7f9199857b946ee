#!/usr/bin/env python3
"""Lay out the reference page (bench/reference/, the 2016-09 bulletin as
built at the start of issue 18) in one of three ways, and print the seconds
the layout took as JSON:

    python3 bench/pdf_stage.py alone OUT.pdf   # WeasyPrint alone on the page as built
    python3 bench/pdf_stage.py start OUT.pdf   # the build's PDF stage as it was at the start
    python3 bench/pdf_stage.py now OUT.pdf     # the build's PDF stage as it is now

"alone" is what anyone would run: WeasyPrint laying out ``index.html``
as it is. "start" and "now" are the build's PDF stage on the same page:
"start" is frozen here as the stage was at the start of the issue (the
page without its screen-only data tables, the SVGs as drawn); "now" calls
the build's own code.
"""

import datetime as dt
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "bench" / "reference"
sys.path.insert(0, str(ROOT))

#: The PDF's options, as the build gives them.
OPTIONS = {"pdf_identifier": b"ofsted-reference", "custom_metadata": False, "pdf_variant": "pdf/ua-1"}


class Reference:
    """What the PDF stage reads of a release: its id and publication date."""

    id = "reference"
    published = dt.date(2016, 12, 15)


def alone(out: Path) -> None:
    import weasyprint

    weasyprint.HTML(filename=str(REFERENCE / "index.html"), media_type="print").write_pdf(out, **OPTIONS)


def start(out: Path) -> None:
    import weasyprint

    html = re.sub(r'<details class="visual-data">.*?</details>', "",
                  (REFERENCE / "index.html").read_text(encoding="utf-8"), flags=re.S)
    weasyprint.HTML(string=html, base_url=str(REFERENCE / "index.html"), media_type="print").write_pdf(
        out, **OPTIONS)


def now(out: Path) -> None:
    from release import pdf

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "release"
        shutil.copytree(REFERENCE, work)
        made = pdf.write_pdf(Reference, work / "index.html", work, cache=None)
        shutil.copyfile(made, out)


def main() -> None:
    how, out = sys.argv[1], Path(sys.argv[2])
    run = {"alone": alone, "start": start, "now": now}[how]
    if how != "alone":
        import weasyprint  # noqa: F401  (the stage is timed, not the import)
    began = time.perf_counter()
    run(out)
    print(json.dumps({"layout": time.perf_counter() - began}))


if __name__ == "__main__":
    main()
