#!/usr/bin/env python3
"""Lay out the reference page (bench/reference/, the 2016-09 bulletin as
built at the start of issue 18) in one of three ways, and print the seconds
the layout took as JSON:

    python3 bench/pdf_stage.py alone OUT.pdf [PAGE]  # WeasyPrint alone on the page as built
                                                     # (or on PAGE, e.g. today's built index.html)
    python3 bench/pdf_stage.py start OUT.pdf   # the build's PDF stage as it was at the start
    python3 bench/pdf_stage.py now OUT.pdf     # the build's PDF stage as it is now, with
                                               # the chart PDFs it places drawn first

"alone" is what anyone would run: WeasyPrint laying out ``index.html``
as it is. "start" and "now" are the build's PDF stage on the same page:
"start" is frozen here as the stage was at the start of the issue (the
page without its screen-only data tables, the SVGs as drawn); "now" calls
the build's own code, with the charts' and maps' PDF drawings it places
instead of the SVGs, drawn first from their data (see ``now``, which also
reports the time those drawings took).
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


def alone(out: Path, page: Path = REFERENCE / "index.html") -> None:
    import weasyprint

    weasyprint.HTML(filename=str(page), media_type="print").write_pdf(out, **OPTIONS)


def without_data_tables(html: str) -> str:
    """The reference page without the data tables the web page folds away
    under each chart, as the PDF stage at the start laid it out. (The
    stage now moves them to an annex, but it does not recognise them in
    the reference page's older markup; they would be left in, hidden, and
    be styled for nothing.)"""
    return re.sub(r'<details class="visual-data">.*?</details>', "", html, flags=re.S)


def start(out: Path) -> None:
    import weasyprint

    html = without_data_tables((REFERENCE / "index.html").read_text(encoding="utf-8"))
    weasyprint.HTML(string=html, base_url=str(REFERENCE / "index.html"), media_type="print").write_pdf(
        out, **OPTIONS)


def now(out: Path) -> dict:
    """The build's PDF stage now, ``release.outputs.pdf.write_pdf``, given the
    drawings the charts stage gives it.

    The build places each chart and map as a PDF drawing that matplotlib
    makes in the charts stage, beside the SVG, in parallel and cached. The
    reference page has only SVGs, so first (before the clock starts, as the
    SVGs were drawn before "start") every chart and map is drawn from its
    data (the CSVs in bench/reference/) with the build's drawing code. The
    page is laid out with the pictures so drawn (today's code draws the
    notes under ten charts as text, not in the picture, so those are 9 pt
    shorter than the reference's SVGs) and, as at the start, without the
    screen-only data tables; everything else is the reference.
    "pdf drawings" is the time matplotlib took to write the 23 PDF drawings,
    one after another (the work the charts stage does for the PDF beyond
    the SVGs), for a ratio that counts it too."""
    from charts import style
    from release.outputs import pdf

    spent = []
    save_pdf = style.save_pdf

    def timed_save_pdf(fig):
        began = time.perf_counter()
        try:
            return save_pdf(fig)
        finally:
            spent.append(time.perf_counter() - began)

    style.save_pdf = timed_save_pdf
    drawn = reference_drawings()
    style.save_pdf = save_pdf
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "release"
        shutil.copytree(REFERENCE, work)
        for name, picture in drawn.items():
            (work / name).write_text(picture["svg"], encoding="utf-8")
        page = work / "index.html"
        page.write_text(without_data_tables(page.read_text(encoding="utf-8")), encoding="utf-8")
        drawings = {name: picture["pdf"] for name, picture in drawn.items()}
        began, began_cpu = time.perf_counter(), time.process_time()
        made = pdf.write_pdf(Reference, work / "index.html", work, cache=None, drawings=drawings)
        layout, layout_cpu = time.perf_counter() - began, time.process_time() - began_cpu
        shutil.copyfile(made, out)
    return {"layout": layout, "layout cpu": layout_cpu, "pdf drawings": sum(spent)}


def reference_drawings() -> dict[str, dict]:
    """Each chart and map drawn from its data as the reference page shows
    it, by the build's code (SVG, PDF and the rest: everything its charts
    stage makes of a chart), by the path the page loads its SVG from."""
    import pandas as pd

    from charts import draw, maps
    from charts.specs import SPECS as CHARTS

    drawings = {}
    for spec in CHARTS:
        table = pd.read_csv(REFERENCE / "charts" / f"{spec.key}.csv", keep_default_na=False)
        table.columns = ["group", "category", "count", "percent"]
        drawings[f"charts/{spec.key}.svg"] = draw.draw(spec, table)
    codes = pd.read_csv(ROOT / "charts" / "hex_layout.csv", dtype=str).set_index("name")["code"]
    for spec in maps.SPECS:
        table = pd.read_csv(REFERENCE / "maps" / f"{spec.key}.csv", keep_default_na=False)
        if spec.kind == "la":
            table = pd.DataFrame({"la_code": table["LA"].map(codes), "la_name": table["LA"],
                                  "region": table["Region"], "category": table[spec.value_label]})
        else:
            table = pd.DataFrame({"region": table["Region"], "count": table["Good or better"],
                                  "base": table["Inspections"],
                                  "percent": pd.to_numeric(table["Percentage"], errors="coerce")})
        drawings[f"maps/{spec.key}.svg"] = maps.draw_map(spec, table)
    return drawings


def main() -> None:
    how, out = sys.argv[1], Path(sys.argv[2])
    run = {"alone": alone, "start": start, "now": now}[how]
    if how == "alone" and len(sys.argv) > 3:
        run = lambda out: alone(out, Path(sys.argv[3]))  # noqa: E731
    if how != "alone":
        # The stage is timed, not the imports: WeasyPrint, and for "now"
        # the page-writing code, which a build has imported before its PDF
        # stage begins.
        import weasyprint  # noqa: F401
        if how == "now":
            import release.outputs.render  # noqa: F401
    began, began_cpu = time.perf_counter(), time.process_time()
    parts = run(out) or {}
    # Wall time, and this process's CPU time: the layout runs on one core,
    # so its CPU time is its wall time less what other processes took of
    # the core, and steadier on a busy machine.
    print(json.dumps({"layout": time.perf_counter() - began, "layout cpu": time.process_time() - began_cpu,
                      **parts}))


if __name__ == "__main__":
    main()
