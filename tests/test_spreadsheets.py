"""The release's tables as spreadsheets, read back as a reader's program
reads them: tables.xlsx with openpyxl, tables.ods with pandas' odf reader
and its XML.

Every number in them equals the ledger's figure of the same thing (the
figures the bulletin prints), and each rule of the Analysis Function's
"Releasing statistics in spreadsheets" guidance holds: a cover, contents
with links, notes cited as [note N], one table per sheet with a title
that says what, where and when and a source, marked up as a named table;
no merged or blank cells; [x] and [z] shorthand; numbers stored as numbers
with a number format.
"""

import datetime as dt
import shutil
import re
import zipfile
import xml.etree.ElementTree as ET

import openpyxl
import pandas as pd
import pytest

from charts.map_specs import SPECS as MAP_SPECS
from charts.specs import SPECS as CHART_SPECS
from release.inputs import judgements as j
from release.outputs.spreadsheet import CONFIDENTIAL, NOT_APPLICABLE, NOT_AVAILABLE

from conftest import DATA, SHARED
from test_charts_match_ledger import expected as chart_ledger_keys

SHORTHAND = {NOT_APPLICABLE, NOT_AVAILABLE, CONFIDENTIAL}
N_TABLES = 1 + len(CHART_SPECS) + len(MAP_SPECS)
TABLE_SHEETS = [f"Table_{i}" for i in range(1, N_TABLES + 1)]
MONTH_YEAR = re.compile(r"(January|February|March|April|May|June|July|August|September|October|November|"
                        r"December) \d{4}")
NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
      "xlink": "http://www.w3.org/1999/xlink",
      "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0"}


@pytest.fixture(scope="module")
def xlsx(built):
    return openpyxl.load_workbook(built / "tables.xlsx")


@pytest.fixture(scope="module")
def ods_frames(built):
    return pd.read_excel(built / "tables.ods", sheet_name=None, header=None, engine="odf")


@pytest.fixture(scope="module")
def ods_xml(built):
    with zipfile.ZipFile(built / "tables.ods") as z:
        return ET.fromstring(z.read("content.xml"))


def table_of(ws) -> pd.DataFrame:
    """The one named table of a worksheet as a frame of its cell values."""
    (name, ref), = ws.tables.items()
    rows = [[c.value for c in row] for row in ws[ref]]
    return pd.DataFrame(rows[1:], columns=rows[0])


def sheet_of(xlsx, key):
    for name in TABLE_SHEETS:
        if key in xlsx[name].tables:
            return xlsx[name]
    raise KeyError(key)


# --- structure: XLSX -----------------------------------------------------------------

def test_sheets_are_cover_contents_notes_then_one_table_each(xlsx):
    assert xlsx.sheetnames == ["Cover", "Contents", "Notes"] + TABLE_SHEETS


def test_every_chart_and_map_has_its_table_and_the_la_table_is_first(xlsx):
    names = [next(iter(xlsx[s].tables)) for s in TABLE_SHEETS]
    assert names[0] == "la_sif_judgements"
    assert names[1:] == [s.key for s in CHART_SPECS] + [s.key for s in MAP_SPECS]


def test_cover_says_what_when_who_and_that_the_data_are_a_sample(xlsx, figs):
    from release.inputs.config import load_release

    rel = load_release(DATA)
    text = "\n".join(str(c.value) for row in xlsx["Cover"].iter_rows() for c in row if c.value)
    assert xlsx["Cover"]["A1"].value == rel.title
    for needed in ("Introductory information", "About these data", "Contact", rel.email, rel.phone,
                   f"{rel.published.day} {rel.published:%B %Y}", "[x] = not available", "[z] = not applicable"):
        assert needed in text, needed
    assert ("Sample data" in text) == rel.sample_data
    for sheet in ("Table_1", TABLE_SHEETS[-1]):
        assert sheet in text  # what each sheet holds


def test_contents_links_every_table_sheet(xlsx):
    ws = xlsx["Contents"]
    links = {c.value: c.hyperlink.location for row in ws.iter_rows() for c in row if c.hyperlink}
    assert links == {s: f"'{s}'!A1" for s in TABLE_SHEETS}
    contents = table_of(ws)
    for sheet, description in zip(contents["Sheet name"], contents["Table description"]):
        assert description == xlsx[sheet]["A1"].value.split("[note")[0]


def test_each_table_sheet_has_a_title_saying_what_where_when_then_a_source(xlsx):
    for name in TABLE_SHEETS:
        ws = xlsx[name]
        title = ws["A1"].value
        assert "England" in title and MONTH_YEAR.search(title), f"{name}: {title}"
        (_, ref), = ws.tables.items()
        first_row = ws[ref][0][0].row
        above = [ws.cell(r, 1).value for r in range(2, first_row)]
        sources = [line for line in above if str(line).startswith("Source: ")]
        assert len(sources) == 1 and "Ofsted" in sources[0], name


# --- what, where, when, from whom: true of the rows (issue 23, class 9) -----------------------

def _above(ws) -> list[str]:
    (_, ref), = ws.tables.items()
    return [str(ws.cell(r, 1).value) for r in range(1, ws[ref][0][0].row)]


def _release_toml():
    import tomllib

    return tomllib.loads((DATA / "release.toml").read_text(encoding="utf-8"))


def _day(d) -> str:
    return f"{d.day} {d:%B %Y}"


def test_children_in_need_are_credited_to_dfe_at_their_own_date(xlsx):
    """The children in need are DfE's counts at its own date (release.toml
    [context] cin_date), not Ofsted's at the SIF date."""
    ws = sheet_of(xlsx, "cin_by_sif_oe_by_region")
    title, *above = _above(ws)
    source = next(line for line in above if line.startswith("Source: "))
    assert "Department for Education" in source and "Ofsted" in source
    cin_date = _release_toml()["context"]["cin_date"]
    assert f"children in need at {_day(cin_date)}" in title, title


def test_a_title_says_england_and_regions_only_over_an_england_row(xlsx):
    for name in TABLE_SHEETS:
        ws = xlsx[name]
        if "England and regions" in ws["A1"].value:
            assert "England" in set(table_of(ws).iloc[:, 0]), f"{name}: {ws['A1'].value}"


def test_one_variable_a_column(xlsx):
    """"Sector and year" was one column: each variable has its own."""
    for name in TABLE_SHEETS:
        headings = list(table_of(xlsx[name]).columns)
        assert not [h for h in headings if re.search(r" and (year|period|date)", str(h), re.I)], (name, headings)
    for key, columns in (("homes_oe_by_sector", ["Sector", "Period"]), ("homes_oe_by_region", ["Region", "Period"]),
                         ("homes_state_of_nation_by_region", ["Region", "Year"])):
        table = table_of(sheet_of(xlsx, key))
        assert list(table.columns[:2]) == columns
        assert table.iloc[:, 1].nunique() == 2 and not table.iloc[:, 0].str.contains(",").any()


def test_a_title_names_every_period_or_date_of_its_rows(xlsx, figs):
    """A table whose rows are of two periods or dates names both."""
    from release.periods import Period

    rel = _release_toml()
    homes = rel["homes"]
    now = Period(homes["period_start"], homes["period_end"])
    then_start, then_end = (d.replace(year=d.year - 1) for d in (now.start, now.end))
    both = [f"{_day(then_start)} to {_day(then_end)}", f"{_day(now.start)} to {_day(now.end)}"]
    checked = 0
    for name in TABLE_SHEETS:
        ws = xlsx[name]
        title, table = ws["A1"].value, table_of(ws)
        column = next((c for c in table.columns if c in ("Position at", "Date", "Period", "Year")), None)
        if column is None:
            continue
        values = set(table[column])
        if column == "Period":
            assert all(p in title for p in both), (name, title)
        else:
            assert all(str(v) in title for v in values), (name, title, values)
        checked += 1
    assert checked >= 6


# --- document properties and printing -----------------------------------------------------

def test_xlsx_document_properties_are_the_releases(xlsx):
    """Issue 27: title, author and created date, set through xlsxwriter."""
    rel = _release_toml()["release"]
    props = xlsx.properties
    assert props.title == rel["title"]
    assert props.creator == "Ofsted"
    assert props.created.date() == rel["published"] and props.modified.date() == rel["published"]


#: A generous width (cm) of a character of Liberation Sans at 10pt, and at 15pt bold.
CHAR_CM, TITLE_CHAR_CM = 0.19, 0.3


def _cm(value: str) -> float:
    return float(value.removesuffix("cm"))


def test_no_ods_text_is_cut_when_printed(ods_xml):
    """Issue 27: a note was cut at the edge of its column when printed. Each
    sheet prints one page wide; every cell either wraps or fits in the
    columns from its own to the last one."""
    t, st = NS["table"], NS["style"]
    ns_fo = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
    widths, wrapped, big = {}, set(), set()
    for style in ods_xml.iter(f"{{{st}}}style"):
        name = style.get(f"{{{st}}}name")
        for props in style:
            if props.get(f"{{{st}}}column-width"):
                widths[name] = _cm(props.get(f"{{{st}}}column-width"))
            if props.get(f"{{{ns_fo}}}wrap-option") == "wrap":
                wrapped.add(name)
            if props.get(f"{{{ns_fo}}}font-size") == "15pt":
                big.add(name)
    checked = 0
    for sheet in ods_xml.iter(f"{{{t}}}table"):
        columns = [widths[c.get(f"{{{t}}}style-name")] for c in sheet.iter(f"{{{t}}}table-column")]
        for row in sheet.iter(f"{{{t}}}table-row"):
            cells = list(row.iter(f"{{{t}}}table-cell"))
            for i, cell in enumerate(cells):
                text = "".join(cell.itertext())
                style = cell.get(f"{{{t}}}style-name")
                if not text or style in wrapped:
                    continue
                need = len(text) * (TITLE_CHAR_CM if style in big else CHAR_CM)
                # A line alone in its row (a title, a source) runs on over the empty cells beside it.
                room = sum(columns[i:]) if len(cells) == 1 else columns[i]
                assert need <= room, (sheet.get(f"{{{t}}}name"), text[:60], need, room)
                checked += 1
    assert checked > 100
    notes = next(s for s in ods_xml.iter(f"{{{t}}}table") if s.get(f"{{{t}}}name") == "Notes")
    note_cells = [c for r in list(notes.iter(f"{{{t}}}table-row"))[3:] for c in list(r.iter(f"{{{t}}}table-cell"))[1:]]
    assert note_cells and all(c.get(f"{{{t}}}style-name") in wrapped for c in note_cells)


def test_notes_are_cited_as_note_n_and_every_note_is_cited(xlsx):
    notes = table_of(xlsx["Notes"])
    numbers = list(notes["Note number"])
    assert numbers == list(range(1, len(numbers) + 1))
    assert notes["Note text"].map(bool).all()
    cited = set()
    for name in TABLE_SHEETS:
        cited |= {int(n) for n in re.findall(r"\[note (\d+)\]", xlsx[name]["A1"].value)}
    assert cited == set(numbers)


def test_no_merged_cells_and_no_blank_cells_in_any_table(xlsx):
    for ws in xlsx.worksheets:
        assert not ws.merged_cells.ranges, ws.title
        for name, ref in ws.tables.items():
            for row in ws[ref]:
                for c in row:
                    assert c.value is not None and str(c.value).strip() != "", f"{ws.title}!{c.coordinate} is blank"


def test_numbers_are_numbers_with_a_format_and_text_is_only_shorthand(xlsx):
    for name in TABLE_SHEETS:
        ws = xlsx[name]
        (_, ref), = ws.tables.items()
        rows = ws[ref]
        for i, heading in enumerate(c.value for c in rows[0]):
            cells = [r[i] for r in rows[1:]]
            if heading.endswith(("(number)", "(%)")):
                for c in cells:
                    if isinstance(c.value, str):
                        assert c.value in SHORTHAND, f"{name}!{c.coordinate}: {c.value!r}"
                    else:
                        assert type(c.value) is int, f"{name}!{c.coordinate}"
                        assert c.number_format == ("#,##0" if heading.endswith("(number)") else "0")
            if heading.endswith("date"):
                for c in cells:
                    assert isinstance(c.value, dt.datetime) or c.value in SHORTHAND
                    assert c.number_format == "d mmmm yyyy"


def test_shorthand_is_explained_on_the_sheet_that_uses_it(xlsx):
    for name in TABLE_SHEETS:
        ws = xlsx[name]
        used = {v for v in table_of(ws).values.ravel() if v in SHORTHAND}
        (_, ref), = ws.tables.items()
        above = [ws.cell(r, 1).value for r in range(2, ws[ref][0][0].row)]
        for symbol in used:
            assert any(str(line).startswith(f"{symbol} = ") for line in above), f"{name}: {symbol} unexplained"


# --- numbers: every one equals the ledger ----------------------------------------------

def _bars(ws, spec_or_label):
    """{bar: row}; a bar named by two columns ("Sector", "Period") is
    joined back as the chart names it ("Private, 2016-17")."""
    table = table_of(ws)
    name = spec_or_label.bar if hasattr(spec_or_label, "bar") else (lambda row: row[spec_or_label])
    return {name(row): row for _, row in table.iterrows()}


@pytest.mark.parametrize("spec", CHART_SPECS, ids=[s.key for s in CHART_SPECS])
def test_every_cell_of_a_chart_table_is_the_charts_figure(xlsx, figs, spec):
    """Cell by cell, the chart's numbers (as the figures module made them
    for the chart and the bulletin)."""
    bars = _bars(sheet_of(xlsx, spec.key), spec)
    data = figs.charts[spec.key]
    assert list(bars) == list(dict.fromkeys(data["group"]))
    for r in data.itertuples(index=False):
        row = bars[r.group]
        assert row[f"{r.category} (number)"] == r.count
        total = int(data.loc[data["group"] == r.group, "count"].sum())
        assert row[f"{r.category} (%)"] == (r.percent if total else NOT_APPLICABLE)
        assert row[next(c for c in row.index if c.endswith("(number)"))] == total


@pytest.mark.parametrize("key", [s.key for s in CHART_SPECS if s.key != "homes_change"])
def test_chart_tables_equal_the_ledger(xlsx, figs, key):
    spec = next(s for s in CHART_SPECS if s.key == key)
    bars = _bars(sheet_of(xlsx, key), spec)
    L = figs.ledger
    checked = 0
    for bar, categories in chart_ledger_keys(figs)[key].items():
        by_key = {}
        for category, ledger_key in categories.items():
            by_key.setdefault(ledger_key, []).append(category)
        for ledger_key, cats in by_key.items():
            fig = L[ledger_key]
            count = getattr(fig, "count_value", fig.value)
            assert sum(bars[bar][f"{c} (number)"] for c in cats) == count, f"{key}, {bar}: {ledger_key}"
            total = bars[bar][next(c for c in bars[bar].index if c.endswith("(number)"))]
            if len(cats) == 1 and getattr(fig, "base_value", None) == total:
                assert bars[bar][f"{cats[0]} (%)"] == fig.value, f"{key}, {bar}: {ledger_key} %"
            checked += 1
    assert checked


def test_homes_change_table_adds_up_to_the_change_figures(xlsx, figs):
    bars = _bars(sheet_of(xlsx, "homes_change"), "Judgement in the period")
    L = figs.ledger
    for category, key in ((j.IMPROVED, "improved"), (j.STAYED_THE_SAME, "stayed_the_same"), (j.DECLINED, "declined")):
        assert sum(b[f"{category} (number)"] for b in bars.values()) == L[f"homes.change.{key}"].count_value
    assert sum(b["Inspections (number)"] for b in bars.values()) == L["homes.change.compared"].value


def _slug(region):
    return region.lower().replace(" ", "_")


def test_la_map_tables_count_the_ledgers_judgements(xlsx, figs):
    L = figs.ledger
    for key, prefix, column in (("la_sif_oe", "sif.oe", "Overall effectiveness"),
                                ("la_lscb", "lscb", "LSCB overall effectiveness")):
        table = table_of(sheet_of(xlsx, key))
        counts = table.iloc[:, 3].value_counts()
        for grade, k in ((j.OUTSTANDING, "outstanding"), (j.GOOD, "good"),
                         (j.REQUIRES_IMPROVEMENT, "requires_improvement"), (j.INADEQUATE, "inadequate")):
            assert counts.get(grade, 0) == L[f"{prefix}.{k}"].count_value, (key, grade)
        assert len(table) == L["sif.inspected"].base_value


def test_region_map_tables_equal_the_ledger(xlsx, figs):
    L = figs.ledger
    for key, run in (("region_homes_la_good", "la_run"), ("region_homes_pv_good", "pv_run")):
        table = table_of(sheet_of(xlsx, key))
        assert list(table["Region"]) == list(j.REGIONS)
        for _, row in table.iterrows():
            fig = L[f"homes.region.{_slug(row['Region'])}.{run}.good_or_better"]
            assert row["Inspections (number)"] == fig.base_value
            assert row["Good or better (number)"] == fig.count_value
            assert row["Good or better (%)"] == (NOT_APPLICABLE if fig.value is None else fig.value)


def test_la_table_lists_every_la_with_its_latest_judgements(xlsx, figs):
    L = figs.ledger
    table = table_of(xlsx["Table_1"])
    assert len(table) == L["sif.inspected"].base_value
    assert table["New LA code"].is_unique
    inspected = table[table["Overall effectiveness"] != j.NOT_YET_INSPECTED]
    assert len(inspected) == L["sif.inspected"].count_value
    for column, prefix in (("Overall effectiveness", "sif.oe"), ("Children who need help and protection", "sif.hp"),
                           ("Children looked after and achieving permanence", "sif.cla"),
                           ("Adoption performance", "sif.adoption"),
                           ("Experiences and progress of care leavers", "sif.care_leavers"),
                           ("Leadership, management and governance", "sif.lmg"),
                           ("LSCB overall effectiveness", "lscb")):
        counts = inspected[column].value_counts()
        for grade, k in ((j.OUTSTANDING, "outstanding"), (j.GOOD, "good"),
                         (j.REQUIRES_IMPROVEMENT, "requires_improvement"), (j.INADEQUATE, "inadequate")):
            assert counts.get(grade, 0) == L[f"{prefix}.{k}"].count_value, (column, grade)
    now = figs.sif_now.set_index("la_code")
    for _, row in inspected.iterrows():
        s = now.loc[row["New LA code"]]
        assert row["Inspection date"].date() == s["inspection_date"].date()
        assert row["Publication date"].date() == s["publication_date"].date()
        assert row["Region"] == s["region"] and row["LA type"] == s["la_type"]
    # Regions as the ledger counts them.
    for region in j.REGIONS:
        assert (table["Region"] == region).sum() == L[f"sif.region.{_slug(region)}.las"].value


def test_la_table_old_codes_are_dfes(xlsx):
    reference = SHARED / "geo" / "local_authorities_2016.csv"
    if not reference.is_file():
        pytest.skip(f"no {reference}: the shared geography is not mounted")
    codes = pd.read_csv(reference, dtype=str).set_index("code")["old_la_code"]
    table = table_of(xlsx["Table_1"])
    for _, row in table.iterrows():
        assert row["Old LA code"] == codes[row["New LA code"]]


# --- the ODS: the same tables, the same structure ---------------------------------------

def _normal(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.date()
    return value


def test_ods_has_the_same_sheets_and_cells_as_the_xlsx(xlsx, ods_frames):
    assert list(ods_frames) == xlsx.sheetnames
    for name in xlsx.sheetnames:
        ws = xlsx[name]
        expected = [[_normal(c.value) for c in row] for row in ws.iter_rows()]
        expected = [[v for v in row] for row in expected]
        got = ods_frames[name]
        for r, row in enumerate(expected):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if name == "Cover" and isinstance(value, str) and value.startswith("The statistics collection"):
                    continue
                cell = got.iat[r, c] if r < got.shape[0] and c < got.shape[1] else None
                assert _normal(cell) == value, f"{name} row {r + 1} column {c + 1}: ods {cell!r}, xlsx {value!r}"


def _cells(row):
    out = []
    for cell in row.findall("table:table-cell", NS):
        repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
        out += [cell] * repeat
    return out


def test_ods_tables_are_named_database_ranges_with_numbers_stored_as_numbers(ods_xml, xlsx):
    t = NS["table"]
    ranges = {r.get(f"{{{t}}}name"): r.get(f"{{{t}}}target-range-address")
              for r in ods_xml.iter(f"{{{t}}}database-range")}
    sheets = {s.get(f"{{{t}}}name"): s for s in ods_xml.iter(f"{{{t}}}table")}
    for name in ["Contents", "Notes"] + TABLE_SHEETS:
        (table_name, xref), = xlsx[name].tables.items()
        assert table_name in ranges, name
        address = ranges[table_name]
        m = re.fullmatch(rf"'{name}'\.A(\d+):'{name}'\.([A-Z]+)(\d+)", address)
        assert m, address
        assert f"A{m.group(1)}:{m.group(2)}{m.group(3)}" == xref, f"{name}: ods {address}, xlsx {xref}"
        rows = sheets[name].findall("table:table-row", NS)
        header, body = int(m.group(1)) - 1, int(m.group(3))
        headings = [c.findtext("text:p", namespaces=NS) for c in _cells(rows[header])]
        for row in rows[header + 1: body]:
            for heading, cell in zip(headings, _cells(row)):
                kind = cell.get(f"{{{NS['office']}}}value-type")
                text = "".join(cell.itertext())
                assert text.strip(), f"{name}: blank cell"
                if heading.endswith(("(number)", "(%)")) or heading == "Note number":
                    assert kind == "float" or text in SHORTHAND, f"{name} {heading}: {text!r} stored as {kind}"
    for cell in ods_xml.iter(f"{{{t}}}table-cell"):
        assert cell.get(f"{{{t}}}number-columns-spanned") is None and cell.get(f"{{{t}}}number-rows-spanned") is None


def test_ods_contents_link_to_each_sheet(ods_xml):
    hrefs = [a.get(f"{{{NS['xlink']}}}href") for a in ods_xml.iter(f"{{{NS['text']}}}a")]
    assert [h for h in hrefs if h.startswith("#")] == [f"#{s}.A1" for s in TABLE_SHEETS]


# --- the files as a build writes them ----------------------------------------------------

def test_the_same_data_give_the_same_bytes(built, tmp_path):
    """Written again, here, the files are byte for byte those the shared
    build ``built`` wrote from the same data in a process of its own, at
    another time (a second write in this process would share its hash
    seed and, within the same second, its clock). The figures are
    computed as the build computes them, with the previous release (the
    open data mark what they revise)."""
    from bulletin_text import load_previous
    from release import figures
    from release.outputs import publication
    from release.pipeline import load_and_validate
    from release.progress import Progress

    rel, _, tables = load_and_validate(DATA, Progress(quiet=True))
    folder = tmp_path / "again"
    (folder / "data").mkdir(parents=True)
    publication._write(rel, figures.compute(tables, rel, load_previous(rel)), tables, folder)
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert "tables.xlsx" in names and "tables.ods" in names
    for name in names:
        assert (folder / name).read_bytes() == (built / name).read_bytes(), name


def test_a_failure_writing_them_leaves_the_previous_release_untouched(built, tmp_path, monkeypatch):
    from release import pipeline
    from release.outputs import publication

    out = tmp_path / "release"
    shutil.copytree(built, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(publication, "write", broken)
    with pytest.raises(RuntimeError):
        pipeline.build(DATA, out=out, formats=("html",), quiet=True)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".release.tmp-*"))


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    from release.outputs.spreadsheet import Sheet, Workbook, write_xlsx, COVER_SECTIONS
    from release.outputs.ods import write_ods

    hostile = '=HYPERLINK("http://x")'
    table = pd.DataFrame({"Local authority": [hostile, "+1"], "Homes (number)": [1, 2]})
    sheet = Sheet(name="Table_1", table_name="t", title="A table, England, as at 30 September 2016", table=table,
                  kinds={"Local authority": "text", "Homes (number)": "count"}, notes=["n"])
    book = Workbook(title="T", cover={h: ["x"] for h in COVER_SECTIONS}, notes={"n": "A note."}, sheets=[sheet])
    write_xlsx(book, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Table_1"]
    cells = [c for row in ws.iter_rows() for c in row if c.value in (hostile, "+1")]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)
    write_ods(book, tmp_path / "t.ods")
    with zipfile.ZipFile(tmp_path / "t.ods") as z:
        assert b"table:formula" not in z.read("content.xml")


def test_an_la_missing_from_the_code_lookup_stops_the_build_with_its_code(figs):
    from release.errors import ReleaseError
    from release.pipeline import load_and_validate
    from release.progress import Progress
    from release.outputs.spreadsheet import workbook

    rel, _, tables = load_and_validate(DATA, Progress(quiet=True))
    las = tables.local_authorities
    codes = las["la_code"].tolist()
    codes[0] = "E06999999"
    tables.local_authorities = las.assign(la_code=codes)
    with pytest.raises(ReleaseError, match="E06999999"):
        workbook(rel, figs, tables)


def test_ods_cells_written_as_text_are_the_xml_odfpy_writes():
    """The ODS writer writes its cells as XML text (odfpy's elements were
    three quarters of its time): the text must be what odfpy writes for the
    same elements, on text to escape, an empty cell, a link, a number and a date."""
    import io
    from odf.table import TableCell, TableRow
    from odf.text import A, P
    from release.outputs import ods

    def odfpy(element):
        out = io.StringIO()
        element.toXml(1, out)
        return out.getvalue()

    def cell(valuetype, text, style, **value):
        element = TableCell(valuetype=valuetype, **value, stylename=style)
        element.addElement(P(text=text))
        return odfpy(element)

    styles = ods._Styles(ods._Document())
    odd = "Ann's \"A&B\" <1> \x01 tab\tand\nline"
    for text in (odd, "", "[z]", "Good"):
        assert ods._text_cell(text, styles.text) == cell("string", text, "ce_text")
    for text, href in ((odd, "#Table_1.A1"), ("", 'https://x.test/?a=1&b="2"')):
        element = TableCell(valuetype="string", stylename="ce_link")
        p = P()
        p.addElement(A(href=href, text=text))
        element.addElement(p)
        assert ods._link_cell(text, href, styles.link) == odfpy(element)
    assert ods._value_cell(12345, "count", styles) == cell("float", "12,345", "ce_count", value="12345")
    assert ods._value_cell(7, "percent", styles) == cell("float", "7", "ce_percent", value="7")
    assert ods._value_cell(dt.date(2016, 9, 30), "date", styles) == cell(
        "date", "30 September 2016", "ce_date", datevalue="2016-09-30")
    assert ods._value_cell("[x]", "count", styles) == cell("string", "[x]", "ce_numeric_text")
    row = TableRow()
    assert ods._row() == odfpy(row)
    row.addElement(TableCell(valuetype="string", stylename="ce_text"))
    row.childNodes[0].addElement(P(text="a"))
    assert ods._row(ods._text_cell("a", styles.text)) == odfpy(row)


def test_ods_declares_only_the_styles_its_cells_use(tmp_path):
    """As odfpy writes a file, content.xml carries the cell styles some
    cell names and no other: a workbook with no dates has no date style."""
    from release.outputs.spreadsheet import Sheet, Workbook, COVER_SECTIONS
    from release.outputs.ods import write_ods

    table = pd.DataFrame({"Local authority": ["A", "B"], "Homes (number)": [1, 2]})
    sheet = Sheet(name="Table_1", table_name="t", title="A table, England, as at 30 September 2016", table=table,
                  kinds={"Local authority": "text", "Homes (number)": "count"}, notes=["n"])
    book = Workbook(title="T", cover={h: ["x"] for h in COVER_SECTIONS}, notes={"n": "A note."}, sheets=[sheet])
    write_ods(book, tmp_path / "t.ods")
    with zipfile.ZipFile(tmp_path / "t.ods") as z:
        content = ET.fromstring(z.read("content.xml"))
    st = NS["style"]
    declared = {s.get(f"{{{st}}}name") for s in content.iter(f"{{{st}}}style")}
    named = {c.get(f"{{{NS['table']}}}style-name") for c in content.iter()} - {None}
    assert {n for n in declared if n.startswith("ce_")} == {n for n in named if n.startswith("ce_")}
    assert "ce_count" in declared and "ce_date" not in declared and "ce_percent" not in declared
    assert named <= declared
