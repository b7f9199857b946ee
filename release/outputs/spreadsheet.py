"""The release's tables as an accessible spreadsheet.

Follows the Analysis Function's "Releasing statistics in spreadsheets": a
cover sheet, a contents sheet with links, a notes sheet whose notes tables
cite as "[note N]", then one table per sheet, each with a title that says
what, where and when, a source line, and marked up as a named table; no
merged or blank cells, the GSS shorthand ``[x]`` and ``[z]`` where a value
cannot be given, and numbers stored as numbers with a number format.

The tables are the release's own: the data of every chart and map (the
tables the figures module made for them, so a spreadsheet cell and the
chart and sentence about it cannot disagree) and an LA-level table of each
LA's latest SIF judgements (the SIF position the figures count).

``workbook(rel, figs, tables)`` builds the content once, as plain data
(``Workbook``); ``write_xlsx`` writes it with gptables and
``release.outputs.ods.write_ods`` writes the same structure as OpenDocument.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..inputs import judgements as j
from ..periods import day as _day

XLSX = "tables.xlsx"
ODS = "tables.ods"

#: GSS shorthand (Analysis Function, "Symbols in tables").
NOT_AVAILABLE = "[x]"
NOT_APPLICABLE = "[z]"
CONFIDENTIAL = "[c]"
REVISED = "[r]"  # after a row's date or period: its figures are revised
SHORTHAND = {CONFIDENTIAL: "confidential (suppressed by the Department for Education)",
             NOT_AVAILABLE: "not available", NOT_APPLICABLE: "not applicable", REVISED: "revised"}
#: The LA table's DfE counts: (column of local_authorities.csv, heading).
DFE_COUNTS = (("children_in_need", "Children in need (number)"),
              ("children_looked_after", "Children looked after (number)"),
              ("child_protection_plans", "Children on a child protection plan (number)"))

#: How a column's numbers are shown. Percentages are whole numbers (the
#: column heading says "%"), as the bulletin prints them.
COUNT, PERCENT, DATE, TEXT = "count", "percent", "date", "text"
XLSX_FORMATS = {COUNT: "#,##0", PERCENT: "0", DATE: "d mmmm yyyy"}

SOURCE = "Source: Ofsted"


@dataclass
class Sheet:
    """One table on its own worksheet."""

    name: str  # the worksheet's tab, e.g. "Table_3"
    table_name: str  # the table's name in the file (snake_case)
    title: str  # what, where and when
    table: pd.DataFrame  # cells: int, str, datetime.date or shorthand
    kinds: dict[str, str]  # column -> COUNT, PERCENT, DATE or TEXT
    notes: list[str] = field(default_factory=list)  # note keys cited in the title
    source: str = SOURCE
    key: str = ""  # the chart or map key, "" for the LA table

    @property
    def legend(self) -> list[str]:
        """A line for each shorthand symbol the table uses."""
        used = {v for col in self.table.columns for v in self.table[col] if isinstance(v, str)}
        return [f"{s} = {w}" for s, w in SHORTHAND.items() if s in used or any(v.endswith(f" {s}") for v in used)]


@dataclass
class Workbook:
    title: str
    cover: dict[str, list[str]]  # section heading -> lines ("[text](url)" for a link)
    notes: dict[str, str]  # note key -> text, numbered in order of first citation
    sheets: list[Sheet]
    #: The file's document properties (title, author, created date ...), as
    #: xlsxwriter's ``set_properties`` takes them.
    properties: dict = field(default_factory=dict)

    def note_numbers(self) -> dict[str, int]:
        order = []
        for sheet in self.sheets:
            for key in sheet.notes:
                if key not in order:
                    order.append(key)
        order += [k for k in self.notes if k not in order]
        return {k: i + 1 for i, k in enumerate(order)}

    def title_with_notes(self, sheet: Sheet) -> str:
        numbers = self.note_numbers()
        # As gptables writes them: "Title[note 1][note 3]".
        return sheet.title + "".join(f"[note {numbers[k]}]" for k in sheet.notes)


COVER_SECTIONS = ("Introductory information", "About these data", "Contact")


# --- content -------------------------------------------------------------------


def workbook(rel, figs, tables) -> Workbook:
    """The spreadsheet's content: cover, notes and one sheet per table."""
    from charts.map_specs import SPECS as MAP_SPECS
    from charts.specs import SPECS as CHART_SPECS

    check_codes(tables)
    notes = _general_notes(rel)
    sheets = [la_sheet(rel, figs, tables)]
    for spec in CHART_SPECS:
        sheets.append(chart_sheet(rel, figs, spec, notes))
    for spec in MAP_SPECS:
        sheets.append(map_sheet(rel, figs, spec))
    for i, sheet in enumerate(sheets):
        sheet.name = f"Table_{i + 1}"
    used = {k for s in sheets for k in s.notes}
    notes = {k: t for k, t in notes.items() if k in used}
    return Workbook(title=rel.title, cover=_cover(rel, sheets), notes=notes, sheets=sheets,
                    properties=properties(rel))


#: Who the tables are by, in the files' document properties.
AUTHOR = "Ofsted"


def properties(rel) -> dict:
    """The spreadsheet's document properties: the release's title, Ofsted
    as author, and the publication date as the date created (so two builds
    of the same release give the same bytes)."""
    published = dt.datetime(rel.published.year, rel.published.month, rel.published.day, tzinfo=dt.timezone.utc)
    return {"title": rel.title, "subject": "Official statistics tables", "author": AUTHOR, "company": AUTHOR,
            "keywords": "children's social care, inspection outcomes, official statistics", "created": published,
            "comments": f"Published {_day(rel.published)}"}


def _general_notes(rel) -> dict[str, str]:
    return {
        "sif_position": (f"Each local authority counts once, by its latest inspection under the single inspection "
                         f"framework (SIF) carried out by {_day(rel.sif_inspected_to)} and published by "
                         f"{_day(rel.sif_published_by)}. A re-inspection replaces the earlier inspection."),
        "sif_previous": (f"The earlier position counts inspections published by {_day(rel.sif_previous_published_by)}, "
                         "as last reported."),
        "homes_period": (f"Full inspections of children's homes carried out in the period and published by "
                         f"{_day(rel.period_published_by)}; the same period a year earlier is as revised, published "
                         f"by {_day(rel.comparison_published_by)}. A home inspected twice counts twice."),
        "homes_state": _state_note(rel),
        "dfe_counts": (f"Children in need, children looked after and children on a child protection plan are the "
                       f"Department for Education's counts at {_day(rel.cin_date)} ({rel.cin_source}). [c] where the Department "
                       "suppressed a count to protect confidential information, [x] where it is not available; "
                       "England and regional totals in this release exclude them."),
        "lscb": ("The LSCB review is Ofsted's review of the Local Safeguarding Children Board, carried out "
                 "alongside the SIF inspection; [x] where no review was made."),
        "revised": (f"{REVISED} after a date or period: its figures are revised since first published, "
                    "counted from every record held now (see the Revisions section of the bulletin)."),
        "rounding": "Percentages are rounded half up to whole numbers, so they may not add up to 100.",
        "zero_base": "Where a row counts nothing, its percentages are shown as [z] (not applicable).",
    }


def _state_note(rel) -> str:
    """What the state-of-the-nation rows count: earlier dates as reported,
    or revised with every record held now ([r])."""
    if rel.restated == "revised":
        return ("Homes open on the date, each with its latest judged full inspection carried out by then. "
                f"Earlier dates are revised [r]: they count every record held at {_day(rel.period_published_by)} "
                "(closures and inspections recorded since they were first published). Homes with no judgement "
                "are not included.")
    return ("Homes open on the date, each with its latest judged full inspection carried out and "
            "published by then, as the data stood when reported. Homes with no judgement are not included.")


def _note_key(text: str, notes: dict[str, str]) -> str:
    """The key of a chart's own note, added to ``notes`` the first time."""
    for key, known in notes.items():
        if known == text:
            return key
    key = f"chart_{len(notes) + 1}"
    notes[key] = text
    return key


def _cover(rel, sheets: list[Sheet]) -> dict[str, list[str]]:
    intro = [
        f"The tables of the official statistics release “{rel.title}”, published {_day(rel.published)}.",
        f"Local authorities: inspections under the single inspection framework from {rel.sif_framework_start:%B %Y} "
        f"to {_day(rel.sif_inspected_to)}, published by {_day(rel.sif_published_by)}.",
        f"Children's homes: inspections from {_day(rel.period_start)} to {_day(rel.period_end)}, published by "
        f"{_day(rel.period_published_by)}.",
        f"Next publication: {rel.next_publication}.",
    ]
    if rel.sample_data:
        intro.insert(0, "Sample data: these tables are made from generated sample data, not Ofsted's records. "
                        "They show how the release is built and must not be used as statistics.")
    charts = [s for s in sheets if s.key and not s.key.startswith(("la_", "region_"))]
    maps = [s for s in sheets if s.key.startswith(("la_", "region_"))]
    about = [
        f"{sheets[0].name}: each local authority's latest SIF judgements, with its inspection and publication "
        "dates, LSCB judgement, region and type.",
        f"{charts[0].name} to {charts[-1].name}: the data of the release's charts, one table a chart.",
        f"{maps[0].name} to {maps[-1].name}: the data of the release's maps, one table a map.",
        "The contents worksheet lists every table with a link to it. Notes are cited as [note 1] and so on and "
        "are on the notes worksheet.",
        "Shorthand: [x] = not available; [z] = not applicable.",
        "The same tables are published as an OpenDocument spreadsheet (tables.ods), and the underlying data as "
        "open data files (CSV, with a metadata file each) in the data folder.",
    ]
    contact = [f"{rel.statistician}, {rel.team}", f"Email: {rel.email}", f"Telephone: {rel.phone}",
               f"[The statistics collection]({rel.collection_url})"]
    return dict(zip(COVER_SECTIONS, (intro, about, contact)))


def _when(key: str, labels: dict, rows: list[str] = ()) -> str:
    """When the table's figures are of: every period or date its rows carry
    (issue 23: a title names every period in its rows), else the release's."""
    if rows:
        return _and(rows)
    if key.startswith("homes_state"):
        return f"as at {labels['state_date']}"
    if key == "cin_by_sif_oe_by_region":
        # DfE's counts at their own date, by the SIF position's judgements.
        return f"children in need at {labels['cin_date']}, SIF judgements as at {labels['sif_date']}"
    if key.startswith(("homes_", "region_homes")):
        return labels["homes_period"]
    return f"as at {labels['sif_date']}"


def _and(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _full_title(title: str, key: str, labels: dict, by_region: bool, has_england: bool = True,
                rows: list[str] = ()) -> str:
    """A title that says what, where and when: "England and regions" only
    where an England row is there, and every period or date of the rows."""
    where = "England and regions" if by_region and has_england else "England"
    when = _when(key, labels, rows)
    parts = [title.rstrip(".")]
    if "England" not in title:
        parts.append(where)
    # A title that already names its period or date keeps it.
    if when not in title and not (not rows and any(label in title for label in labels.values())):
        parts.append(when)
    return ", ".join(parts)


#: Which column of a chart's table carries its rows' periods or dates, and
#: how the title names them.
def _row_periods(spec, figs) -> list[str]:
    """The periods or dates a chart table's rows are of, as the title names
    them ([] when the rows are of the release's own period or date)."""
    data = figs.charts[spec.key]
    groups = list(dict.fromkeys(data["group"]))
    if spec.group_label in ("Position at", "Date"):
        return [f"at {_and(groups)}"] if len(groups) > 1 else []
    if spec.group_label == "Period" or spec.columns[-1:] == ("Period",):
        return [figs.labels["homes_periods"]]
    if spec.columns[-1:] == ("Year",):       # the state of the nation at two dates
        L = figs.ledger
        dates = [_day(L[f"homes.state.{r}.date"].value) for r in ("year_ago", "now")]
        return [f"at {_and(list(dict.fromkeys(dates)))}"]
    return []


def _cell(value):
    """A table cell as the file stores it: Python int, str or date."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return NOT_APPLICABLE
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        return value.item()
    return value


#: A chart's note speaks of bars and colours; in its table they are rows and columns.
_TABLE_WORDS = (("Bars are", "Rows are"), ("colours are", "columns are"), ("Colours are", "Columns are"),
                ("colours show", "columns show"), ("are not shown", "are not included"))


def _as_table_note(note: str) -> str:
    for chart_words, table_words in _TABLE_WORDS:
        note = note.replace(chart_words, table_words)
    return note


def chart_sheet(rel, figs, spec, notes: dict[str, str]) -> Sheet:
    """A chart's data: one row a bar (a column for each variable that names
    it: "Sector", "Period"), its total, then the number and the percentage
    of the bar in each category, as the chart draws them."""
    data = figs.charts[spec.key]
    total_label = f"{spec.unit[0].upper()}{spec.unit[1:]} (number)"
    kinds = {**{h: TEXT for h in spec.headings}, total_label: COUNT}
    rows = []
    zero = False
    for group, bars in _bars(data).items():
        total = int(sum(count for _, count, _ in bars))
        row = {**spec.parts(group), total_label: total}
        for category, count, pct in bars:
            row[f"{category} (number)"] = int(count)
            # The chart table rounds each category of its bar; a bar of
            # nothing has no percentage.
            row[f"{category} (%)"] = int(pct) if total else NOT_APPLICABLE
            kinds[f"{category} (number)"] = COUNT
            kinds[f"{category} (%)"] = PERCENT
        zero |= total == 0
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(kinds))
    cited = ["sif_position"] if not spec.key.startswith("homes_") else []
    if spec.key in ("sif_oe", "sif_adoption", "sif_care_leavers"):
        cited.append("sif_previous")
    if spec.key.startswith("homes_state"):
        cited.append("homes_state")
    if any(g.endswith(f" {REVISED}") for g in data["group"]):
        cited.append("revised")
    elif spec.key.startswith("homes_") and spec.key != "homes_interim":
        cited.append("homes_period")
    cited += [_note_key(_as_table_note(n), notes) for n in spec.notes]
    if spec.unit == "children in need":
        cited.append("dfe_counts")  # the shares leave suppressed LA counts out
    cited.append("rounding")
    if zero:
        cited.append("zero_base")
    has_england = "England" in set(table[spec.headings[0]])
    periods = _row_periods(spec, figs)
    title = spec.title
    if periods:
        # The rows' periods replace the one period the chart's title names.
        for single in (", as at {state_date}", " as at {state_date}", " {homes_period}"):
            title = title.replace(single, "")
    title = _full_title(title.format(**figs.labels), spec.key, figs.labels, "region" in spec.key, has_england,
                        periods)
    return Sheet(name="", table_name=spec.key, title=title, table=table, kinds=kinds, notes=cited,
                 source=spec.source, key=spec.key)


def _bars(data: pd.DataFrame) -> dict[str, list[tuple]]:
    """A chart table's rows by bar (its ``group``), in order of first
    appearance: (category, count, percent) each. Read in plain Python: a
    pandas group and row each took longer than the few rows they hold."""
    bars: dict[str, list[tuple]] = {}
    for group, category, count, pct in zip(data["group"].tolist(), data["category"].tolist(),
                                           data["count"].tolist(), data["percent"].tolist()):
        bars.setdefault(group, []).append((category, count, pct))
    return bars


def map_sheet(rel, figs, spec) -> Sheet:
    data = figs.maps[spec.key]
    has_england = spec.kind == "region" and "England" in set(data["region"])
    title = _full_title(spec.title.format(**figs.labels), spec.key, figs.labels, spec.kind == "region", has_england)
    if spec.kind == "la":
        table = pd.DataFrame({"New LA code": data["la_code"], "Local authority": data["la_name"],
                              "Region": data["region"], spec.legend_title.split(" (")[0]: data["category"]})
        kinds = {c: TEXT for c in table.columns}
        return Sheet(name="", table_name=spec.key, title=title, table=table, kinds=kinds,
                     notes=["sif_position"] + (["lscb"] if "lscb" in spec.key else []), source=spec.source,
                     key=spec.key)
    table = pd.DataFrame({
        "Region": data["region"],
        "Inspections (number)": [_cell(v) for v in data["base"]],
        f"{spec.value_label} (number)": [_cell(v) for v in data["count"]],
        f"{spec.value_label} (%)": [_cell(v) for v in data["percent"]],
    })
    kinds = {"Region": TEXT, "Inspections (number)": COUNT, f"{spec.value_label} (number)": COUNT,
             f"{spec.value_label} (%)": PERCENT}
    cited = ["homes_period", "rounding"] + (["zero_base"] if NOT_APPLICABLE in set(table.iloc[:, 3]) else [])
    return Sheet(name="", table_name=spec.key, title=title, table=table, kinds=kinds, notes=cited,
                 source=spec.source, key=spec.key)


#: The LA table's judgement columns: (source column, heading).
LA_JUDGEMENTS = j.SIF_JUDGEMENT_HEADINGS


def la_sheet(rel, figs, tables) -> Sheet:
    """Each LA's latest SIF inspection (the position the figures count),
    with its dates and judgements, its LSCB review, region and type. LAs
    not yet inspected are listed too."""
    old_code = la_codes()["old_la_code"].to_dict()
    las = tables.local_authorities.sort_values("la_name")
    # Looked up in plain dicts, an LA at a time (a pandas row look-up each
    # took most of the table's time).
    now = {s["la_code"]: s for s in figs.sif_now.to_dict("records")}
    symbols = tables.count_symbols
    symbol_of = {} if symbols is None else {column: symbols[column].to_dict() for column, _ in DFE_COUNTS}
    rows = []
    for index, la in zip(las.index, las.itertuples(index=False)):
        inspected = la.la_code in now
        s = now.get(la.la_code)
        row = {
            "New LA code": la.la_code,
            "Old LA code": int(old_code[la.la_code]),
            "Local authority": la.la_name,
            "Region": la.region,
            "LA type": la.la_type,
            "Inspection date": s["inspection_date"].date() if inspected else NOT_APPLICABLE,
            "Publication date": s["publication_date"].date() if inspected else NOT_APPLICABLE,
            "Re-inspection": s["reinspection"] if inspected else NOT_APPLICABLE,
        }
        for column, heading in LA_JUDGEMENTS:
            row[heading] = s[column] if inspected else _not_counted(figs, la.la_code)
        lscb = s["lscb_overall_effectiveness"] if inspected else _not_counted(figs, la.la_code)
        row["LSCB overall effectiveness"] = lscb if isinstance(lscb, str) and lscb else NOT_AVAILABLE
        for column, heading in DFE_COUNTS:
            # A suppressed count keeps its symbol ([c], [x]): never a number, never zero.
            symbol = symbol_of[column][index] if symbols is not None else ""
            row[heading] = symbol or int(getattr(la, column))
        rows.append(row)
    table = pd.DataFrame(rows)
    kinds = {c: TEXT for c in table.columns}
    kinds.update({heading: COUNT for _, heading in DFE_COUNTS})
    kinds.update({"Old LA code": TEXT, "Inspection date": DATE, "Publication date": DATE})
    # The old code is a code, not a quantity: kept as text so "201" stays "201".
    table["Old LA code"] = [f"{v:03d}" for v in table["Old LA code"]]
    title = (f"Local authorities' latest single inspection framework (SIF) judgements and LSCB review judgements, "
             f"England, as at {_day(rel.sif_inspected_to)}, with the children in need, looked after and on a child "
             f"protection plan at {_day(rel.cin_date)}")
    return Sheet(name="", table_name="la_sif_judgements", title=title, table=table, kinds=kinds,
                 notes=["sif_position", "lscb", "dfe_counts"], key="")


def _not_counted(figs, code: str) -> str:
    """An LA with no inspection counted: inspected in the window but not
    published by the cut-off (never "not yet inspected"), or not yet inspected."""
    return j.INSPECTED_NOT_PUBLISHED if code in getattr(figs, "sif_waiting", ()) else j.NOT_YET_INSPECTED


def la_codes() -> pd.DataFrame:
    """The code lookup derived by ``release/inputs/make_la_codes.py``."""
    return pd.read_csv(Path(__file__).resolve().parent.parent / "la_codes.csv", dtype=str).set_index("new_la_code")


def check_codes(tables) -> None:
    """Every LA of the release has an old (three-digit) code in the lookup."""
    from ..errors import ReleaseError

    codes = la_codes()
    missing = sorted(set(tables.local_authorities["la_code"]) - set(codes.index))
    if missing:
        raise ReleaseError(f"release/la_codes.csv has no old LA code for {', '.join(missing)}: add the LA "
                           "(python3 release/inputs/make_la_codes.py, or by hand) before building the spreadsheet")


# --- XLSX with gptables ----------------------------------------------------------

def write_xlsx(book: Workbook, path: Path) -> Path:
    """Write ``book`` with gptables: cover, contents, notes, then tables."""
    import gptables as gpt

    sheets = {}
    for sheet in book.sheets:
        formats = [{"column": {"columns": [c for c, k in sheet.kinds.items() if k == kind],
                               "format": {"num_format": XLSX_FORMATS[kind]}}}
                   for kind in (COUNT, PERCENT, DATE) if kind in sheet.kinds.values()]
        sheets[sheet.name] = gpt.GPTable(
            table=sheet.table, table_name=sheet.table_name,
            title=sheet.title + "".join(f"$${k}$$" for k in sheet.notes),
            instructions="This worksheet contains one table. Notes cited in the title are on the Notes worksheet.",
            source=sheet.source, legend=sheet.legend, index_columns={2: 0}, additional_formatting=formats)
    notes = pd.DataFrame({"Note reference": list(book.notes), "Note text": list(book.notes.values())})
    cover = gpt.Cover(title=book.title, intro=book.cover[COVER_SECTIONS[0]], about=book.cover[COVER_SECTIONS[1]],
                      contact=book.cover[COVER_SECTIONS[2]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # gptables warns of [z] cells, which the legend explains
        wb = gpt.produce_workbook(
            filename=str(path), sheets=sheets, cover=cover, notes_table=notes,
            contentsheet_options={"title": "Table of contents",
                                  "instructions": "This worksheet contains one table. Each sheet name links to its "
                                                  "worksheet."},
            notesheet_options={"instructions": "This worksheet contains one table. Tables cite these notes in "
                                               "their titles as [note N]."},
            # Text is text: a name starting "=" must not become a formula.
            workbook_options={"strings_to_urls": False, "strings_to_formulas": False})
    _page_setup(wb, book, cover.width)
    # xlsxwriter's own properties: its created date is also the file's
    # modified date, and its zip entries are dated 1980, so the same release
    # gives the same bytes without rewriting the file. A workbook with no
    # properties (a test's) is dated 1 January 2000, not the time of writing.
    wb.set_properties({"created": _NO_DATE, **book.properties})
    wb.close()
    return path


def _page_setup(wb, book: Workbook, cover_width: int) -> None:
    """Print each sheet landscape, one page wide; give the cover's wrapped
    lines the height they need (not every program sizes rows on opening)."""
    for ws in wb.worksheets():
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
    cover = wb.get_worksheet_by_name("Cover")
    row = 1  # after the title, as gptables writes the cover
    for heading in COVER_SECTIONS:
        row += 1
        for line in book.cover[heading]:
            lines = -(-len(line) // int(cover_width * 1.1))
            if lines > 1:
                cover.set_row(row, 15 * lines)
            row += 1


#: The created date of a workbook that has none of its own.
_NO_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def fix_zip_stamps(path: Path, member: str, pattern: bytes, stamp: bytes, compress_type: int | None = None) -> None:
    """Rewrite the zip at ``path`` with every entry dated 1 January 1980 and
    the times matching ``pattern`` in ``member`` replaced by ``stamp``, so
    the same data give the same bytes. Entries keep their order and, unless
    ``compress_type`` is given, their compression."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == member:
                data = re.sub(pattern, stamp, data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = info.compress_type if compress_type is None else compress_type
            dst.writestr(fixed, data)
    tmp.replace(path)
