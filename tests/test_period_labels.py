"""Periods are named by one rule (``release.periods.label``), everywhere
(issue 23, class 6): a financial-year label ("2016-17") only for a whole
April-March year; a period inside one calendar year keeps its year ("2016"
for April to September 2016); any other period (October 2016 to March 2017)
by its months, in text, chart groups, table rows, spreadsheets and open data.
"""

import datetime as dt
import re
import subprocess
import zipfile

import pytest

from conftest import DATA, build_here, copy_release
from release.periods import Period, ees_time, label

FINANCIAL_YEAR = re.compile(r"(?<![\d-])(20\d\d)[-–](\d\d)(?![\d-])")


def financial_years(text: str) -> list[str]:
    """Every "2016-17" (a year and the next, as a financial year is written)."""
    return [m.group(0) for m in FINANCIAL_YEAR.finditer(text) if (int(m.group(1)) + 1) % 100 == int(m.group(2))]


def period(a, b):
    return Period(dt.date(*a), dt.date(*b))


@pytest.mark.parametrize("start, end, name", [
    ((2016, 4, 1), (2017, 3, 31), "2016-17"),
    ((2016, 4, 1), (2016, 9, 30), "2016"),
    ((2016, 10, 1), (2017, 3, 31), "October 2016 to March 2017"),
    ((2016, 1, 1), (2016, 12, 31), "2016"),
    ((2016, 5, 1), (2017, 4, 30), "May 2016 to April 2017"),     # a year, but not April to March
    ((2016, 4, 1), (2018, 3, 31), "April 2016 to March 2018"),   # two years
])
def test_a_period_is_named_by_the_rule(start, end, name):
    p = period(start, end)
    assert label(p) == p.label == p.year == name
    assert bool(financial_years(name)) == (p.whole_financial_year and (p.end - p.start).days in (364, 365))


def test_a_period_after_a_preposition():
    assert period((2016, 4, 1), (2016, 9, 30)).in_text == "in 2016"
    assert period((2016, 4, 1), (2017, 3, 31)).in_text == "in 2016-17"
    assert period((2016, 10, 1), (2017, 3, 31)).in_text == "between October 2016 and March 2017"


def test_open_data_names_a_half_year_as_a_part_of_its_financial_year():
    """The EES standards identify a half year as a part of its financial
    year ("201617", "Part 2 (October to March)"), never as the year."""
    assert ees_time(period((2016, 10, 1), (2017, 3, 31))) == ("201617", "Part 2 (October to March)")
    assert ees_time(period((2016, 4, 1), (2016, 9, 30))) == ("201617", "Part 1 (April to September)")
    assert ees_time(period((2016, 4, 1), (2017, 3, 31))) == ("201617", "Financial year")
    assert ees_time(period((2016, 1, 1), (2016, 12, 31))) is None


@pytest.fixture(scope="module")
def half_year(tmp_path_factory):
    """The 2017-03 sample built with its homes period cut to its second
    half: 1 October 2016 to 31 March 2017 (HTML and PDF), by the command
    line in this process (``build_here``): what is read is the build's
    output, not the process."""
    into = tmp_path_factory.mktemp("half")
    folder = copy_release(DATA.parent / "2017-03", into)
    toml = folder / "release.toml"
    text = toml.read_text(encoding="utf-8")
    assert "period_start = 2016-04-01" in text
    toml.write_text(text.replace("period_start = 2016-04-01", "period_start = 2016-10-01"), encoding="utf-8")
    out = into / "out"
    result = build_here("--data", str(folder), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    return out


def test_no_half_year_is_labelled_as_a_financial_year_anywhere(half_year):
    found = {}
    for path in sorted(half_year.rglob("*")):
        if path.suffix in (".html", ".svg", ".csv", ".json", ".txt"):
            found[str(path.relative_to(half_year))] = financial_years(path.read_text(encoding="utf-8"))
        elif path.suffix in (".xlsx", ".ods"):
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    found[f"{path.name}/{name}"] = financial_years(z.read(name).decode("utf-8", "ignore"))
    pdf = subprocess.run(["pdftotext", str(half_year / "release.pdf"), "-"], capture_output=True, text=True)
    assert pdf.returncode == 0 and "October 2016" in pdf.stdout
    found["release.pdf"] = financial_years(pdf.stdout)
    assert not {k: v for k, v in found.items() if v}


def test_the_half_year_is_named_by_its_months_in_text_tables_and_open_data(half_year):
    import openpyxl
    import pandas as pd

    page = (half_year / "index.html").read_text(encoding="utf-8")
    assert "between October 2015 and March 2016" in page and "between October 2016 and March 2017" in page
    rows = pd.read_csv(half_year / "charts" / "homes_oe_by_sector.csv")
    assert set(rows["Period"]) == {"October 2015 to March 2016", "October 2016 to March 2017"}
    ws = next(ws for ws in openpyxl.load_workbook(half_year / "tables.xlsx").worksheets
              if ws.tables and "homes_oe_by_region" in ws.tables)
    periods = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "March 201" in c.value}
    assert {"October 2015 to March 2016", "October 2016 to March 2017"} <= periods
    data = pd.read_csv(half_year / "data" / "childrens_homes_inspections.csv", dtype=str)
    assert set(data["time_identifier"]) == {"Part 2 (October to March)"}
    assert set(data["time_period"]) == {"201516", "201617"}
