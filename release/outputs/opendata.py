"""The release's data as open data files in the Explore Education
Statistics (EES) data standards.

Each file is a tidy CSV: one row per time period, geography and
combination of filters, with the standard columns first (``time_period``,
``time_identifier``, ``geographic_level``, ``country_code``/``country_name``,
``region_code``/``region_name``, ``new_la_code``/``la_name``/``old_la_code``),
then the filters, then the indicators, all in snake_case; national,
regional and local authority rows; each filter has a ``Total``; a
percentage whose base is zero is ``z`` (not applicable), the standard
symbol. Beside each ``<name>.csv`` is ``<name>.meta.csv`` describing its
filters and indicators.

Revised figures. EES allows no symbol but its own (``z``, ``x``, ``c``,
``low``, ``u``) in an indicator, so the GSS marker ``[r]`` of the tables
cannot follow a number here; DfE's open data standards keep each kind of
information in its own column instead. The children's homes files carry a
filter ``revision``: ``Revised`` on every row of a date or period whose
figures revise what the previous release published (the rows the tables
mark ``[r]``), ``Not revised`` on the others, with the label and hint in
the metadata saying so. Where no row is revised the column has one level,
and, as the screener allows a single-level column, the metadata leave it
out (a filter with one level is refused).

The records counted are the figures' own: each LA's latest SIF inspection
(``figs.sif_now``, the SIF position), children's homes' in-period full
inspections (``figs.homes_periods``) and the state of the nation
(``figs.homes_states``), the frames the figures counted, so every
national and regional number equals the ledger's figure of the same thing.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..inputs import judgements as j
from ..errors import ReleaseError
from ..numbers import percent

FOLDER = "data"
COUNTRY_CODE, COUNTRY_NAME = "E92000001", "England"
TOTAL = "Total"
NOT_APPLICABLE = "z"  # GSS symbol, as EES writes it
GEOGRAPHY = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
             "region_name", "new_la_code", "la_name", "old_la_code"]
META_COLUMNS = ["col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp",
                "filter_hint", "filter_grouping_column"]
NATIONAL, REGIONAL, LOCAL_AUTHORITY = "National", "Regional", "Local authority"


@dataclass
class Filter:
    column: str  # snake_case name in the file
    label: str
    hint: str
    values: tuple[str, ...]  # in order; "Total" is added unless ``default`` is given
    #: For a filter whose values do not add up (judgement areas: an LA is
    #: judged in each), no Total: EES shows this value first instead.
    default: str = ""


@dataclass
class DataFile:
    name: str
    title: str
    data: pd.DataFrame
    meta: pd.DataFrame


# --- time periods ------------------------------------------------------------------

def homes_period(start, end) -> tuple[str, str]:
    """(time_period, time_identifier) of a children's homes period, in the
    EES financial-year and financial-half identifiers (``periods.ees_time``)."""
    from ..periods import Period, ees_time

    time = ees_time(Period(start, end))
    if time is None:
        raise ReleaseError(f"children's homes period {start} to {end} is not a financial year or half year, "
                           "so it has no time identifier in the open data standards")
    return time


def month(date) -> tuple[str, str]:
    """(time_period, time_identifier) of a position at ``date``: its year and month."""
    return f"{date.year}", f"{date:%B}"


# --- the counting -------------------------------------------------------------------

def geography(tables) -> pd.DataFrame:
    """Each LA of the release with its codes and region code, from the
    lookup ``release/la_codes.csv``."""
    from .spreadsheet import la_codes

    codes = la_codes()
    las = tables.local_authorities[["la_code", "la_name", "region"]].copy()
    missing = sorted(set(las["la_code"]) - set(codes.index))
    if missing:
        raise ReleaseError(f"release/la_codes.csv has no old LA code for {', '.join(missing)}: add them "
                           "(python3 release/inputs/make_la_codes.py) before building the open data files")
    las["old_la_code"] = las["la_code"].map(codes["old_la_code"])
    las["region_code"] = las["la_code"].map(codes["region_code"])
    wrong = las[las["region"] != las["la_code"].map(codes["region_name"])]
    if len(wrong):
        row = wrong.iloc[0]
        raise ReleaseError(f"local_authorities.csv puts {row.la_name} ({row.la_code}) in {row.region}, but "
                           "release/la_codes.csv has another region for it")
    return las.sort_values(["region_code", "la_code"]).reset_index(drop=True)


def tabulate(geo: pd.DataFrame, periods: list[tuple[str, str, pd.DataFrame]], filters: list[Filter],
             count: str, share: str) -> pd.DataFrame:
    """Count the records of each period (one row per thing counted, with
    its ``la_code``) for each geography (England, each region, each LA)
    and combination of filter values with their totals. ``share`` is the
    count as a percentage of the same row with the last filter at
    ``Total``; ``z`` where that is zero.

    The rows are built as tuples in plain Python, and the frame made once
    from them (a dict a row, then pandas' reindex, took twice as long)."""
    region_of = dict(zip(geo["la_code"].tolist(), geo["region_code"].tolist()))
    places = _places(geo)
    combos = _combinations(filters)
    shares = {}  # (count, base) -> the share written: percent() is the same for the same numbers
    rows = []
    for time_period, time_identifier, frame in periods:
        tallies = _tallies(frame, [f.column for f in filters], region_of)
        for place, unit in places:
            counts = _with_totals(tallies.get(unit, Counter()))
            for combo in combos:
                n = counts[combo]
                base = n if combo[-1] == TOTAL else counts[combo[:-1] + (TOTAL,)]
                if (n, base) not in shares:
                    pct = percent(n, base)
                    shares[n, base] = NOT_APPLICABLE if pct is None else pct
                rows.append((time_period, time_identifier, *place, *combo, n, shares[n, base]))
    columns = GEOGRAPHY + [f.column for f in filters] + [count, share]
    return pd.DataFrame(rows, columns=columns).fillna("")


def _places(geo: pd.DataFrame) -> list[tuple[tuple, str]]:
    """Each geography of the open data, England, each region and each LA,
    in that order: its columns after the time columns (``GEOGRAPHY[2:]``),
    and the unit its records are tallied under (``_tallies``)."""
    national = ((NATIONAL, COUNTRY_CODE, COUNTRY_NAME, "", "", "", "", ""), "England")
    regions = [((REGIONAL, COUNTRY_CODE, COUNTRY_NAME, r.region_code, r.region, "", "", ""), r.region_code)
               for r in geo.drop_duplicates("region_code").itertuples(index=False)]
    las = [((LOCAL_AUTHORITY, COUNTRY_CODE, COUNTRY_NAME, la.region_code, la.region, la.la_code, la.la_name,
             la.old_la_code), la.la_code) for la in geo.itertuples(index=False)]
    return [national] + regions + las


def _tallies(frame: pd.DataFrame, columns: list[str], region_of: dict) -> dict[str, Counter]:
    """The records of ``frame`` counted by their values of ``columns``, for
    England, each region (by code) and each LA (by code)."""
    by_la = Counter(zip(frame["la_code"].tolist(), *[frame[c].tolist() for c in columns]))
    tallies = defaultdict(Counter)
    for (code, *key), n in by_la.items():
        key = tuple(key)
        for unit in ("England", region_of.get(code), code):
            tallies[unit][key] += n
    return tallies


def _with_totals(tally: Counter) -> Counter:
    """The records counted for every combination of filter values and
    totals: a combination counts each record whose every value is the
    combination's, or is under its ``Total``. Each record's own values are
    added, once, to each combination that covers it, so a count is one
    look-up, not a pass over every key."""
    counts = Counter()
    for key, n in tally.items():
        covering = {()}
        for value in key:
            covering = {c + (v,) for c in covering for v in (value, TOTAL)}
        for combo in covering:
            counts[combo] += n
    return counts


def _combinations(filters: list[Filter]):
    combos = [()]
    for f in filters:
        combos = [c + (v,) for c in combos for v in f.values + (() if f.default else (TOTAL,))]
    return combos


#: The open data's revision filter: its column, values and description.
REVISION = "revision"
REVISED, NOT_REVISED = "Revised", "Not revised"
REVISION_FILTER = Filter(REVISION, "Revised since the previous release",
                         "Filter by whether the figures for a date or period revise those the previous release "
                         "published (marked [r] in the tables)", (REVISED, NOT_REVISED), default=NOT_REVISED)


def with_revision(data: pd.DataFrame, revised: set) -> pd.DataFrame:
    """The data with the ``revision`` column after the time and geography
    columns: ``Revised`` for the rows of each (time_period,
    time_identifier) in ``revised``."""
    marks = [REVISED if (p, i) in revised else NOT_REVISED
             for p, i in zip(data["time_period"].tolist(), data["time_identifier"].tolist())]
    out = data.copy()
    out.insert(len(GEOGRAPHY), REVISION, marks)
    return out


def filters_described(data: pd.DataFrame, filters: list[Filter]) -> list[Filter]:
    """The filters the metadata describe: with the revision filter where
    the data have both its levels (a single-level column is left out of the
    metadata, as the screener's precheck_cross_data_to_meta allows and
    precheck_filter_not_singular requires)."""
    return ([REVISION_FILTER] if data[REVISION].nunique() > 1 else []) + filters


def metadata(filters: list[Filter], indicators: list[tuple[str, str, str]]) -> pd.DataFrame:
    """The metadata file: one row per filter and indicator (name, label,
    unit); every indicator is a whole number (``indicator_dp`` 0)."""
    rows = [{"col_name": f.column, "col_type": "Filter", "label": f.label, "indicator_grouping": "",
             "indicator_unit": "", "indicator_dp": "", "filter_hint": f.hint, "filter_grouping_column": "",
             "filter_default": f.default} for f in filters]
    rows += [{"col_name": name, "col_type": "Indicator", "label": label, "indicator_grouping": "",
              "indicator_unit": unit, "indicator_dp": 0, "filter_hint": "", "filter_grouping_column": ""}
             for name, label, unit in indicators]
    columns = META_COLUMNS + (["filter_default"] if any(f.default for f in filters) else [])
    return pd.DataFrame(rows).reindex(columns=columns).fillna("")


# --- the files ----------------------------------------------------------------------

SIF_AREAS = j.SIF_JUDGEMENT_HEADINGS + (("lscb_overall_effectiveness", "LSCB overall effectiveness"),)


def sif_file(rel, figs, geo) -> DataFile:
    """LAs by their latest SIF judgement in each area, and their LSCB
    review judgement. An LA not yet inspected counts in no row but its
    zero totals; the LSCB totals count LAs with a review."""
    now = figs.sif_now
    long = []
    for column, area in SIF_AREAS:
        part = now[["la_code", column]].rename(columns={column: "judgement"})
        part = part[part["judgement"].fillna("") != ""]
        long.append(part.assign(judgement_area=area))
    records = pd.concat(long, ignore_index=True)
    filters = [Filter("judgement_area", "Judgement area", "Filter by the area judged", tuple(a for _, a in SIF_AREAS),
                      default=SIF_AREAS[0][1]),
               Filter("judgement", "Judgement", "Filter by judgement", j.RECORDED_GRADES)]
    data = tabulate(geo, [(*month(rel.sif_inspected_to), records)], filters,
                    "number_of_las", "percentage_of_las")
    meta = metadata(filters, [("number_of_las", "Number of local authorities", ""),
                              ("percentage_of_las", "Percentage of local authorities inspected", "%")])
    return DataFile("sif_judgements", "Local authorities' latest SIF and LSCB review judgements", data, meta)


def homes_file(rel, figs, tables, geo) -> DataFile:
    """Full inspections of children's homes in the period and the same
    period a year earlier, by sector and overall effectiveness."""
    where = tables.childrens_homes[["urn", "la_code"]]
    periods = []
    for key, start, end in (("comparison", rel.comparison_start, rel.comparison_end),
                            ("period", rel.period_start, rel.period_end)):
        frame = figs.homes_periods[key].merge(where, on="urn", how="left")
        periods.append((*homes_period(start, end), frame))
    filters = [Filter("sector", "Sector", "Filter by who runs the home", tuple(j.SECTORS)),
               Filter("overall_effectiveness", "Overall effectiveness", "Filter by judgement", j.RECORDED_GRADES)]
    data = tabulate(geo, periods, filters, "number_of_inspections", "percentage_of_inspections")
    revised = {homes_period(start, end) for start, end in figs.lists.get("revised_periods", [])}
    data = with_revision(data, revised)
    meta = metadata(filters_described(data, filters), [("number_of_inspections", "Number of full inspections", ""),
                              ("percentage_of_inspections", "Percentage of full inspections", "%")])
    return DataFile("childrens_homes_inspections", "Children's homes full inspections by overall effectiveness",
                    data, meta)


def state_file(rel, figs, tables, geo) -> DataFile:
    """Homes open at each reference date by their latest judgement."""
    where = tables.childrens_homes[["urn", "la_code"]]
    periods = [(*month(s.date), state.merge(where, on="urn", how="left"))
               for s, state in zip(rel.state_dates, figs.homes_states)]
    if len({p[:2] for p in periods}) < len(periods):
        raise ReleaseError("two state-of-the-nation dates fall in the same month: the open data cannot tell them apart")
    filters = [Filter("overall_effectiveness", "Latest overall effectiveness", "Filter by judgement", j.GRADES)]
    data = tabulate(geo, periods, filters, "number_of_homes", "percentage_of_homes")
    data = with_revision(data, {month(d) for d in figs.lists.get("revised_dates", [])})
    meta = metadata(filters_described(data, filters), [("number_of_homes", "Number of children's homes", ""),
                              ("percentage_of_homes", "Percentage of children's homes with a judgement", "%")])
    return DataFile("childrens_homes_latest_judgement", "Children's homes by their latest overall effectiveness "
                    "judgement", data, meta)


#: The DfE counts of ``local_authorities.csv``: (column, filter value).
CHILDREN_GROUPS = (("children_in_need", "Children in need"), ("children_looked_after", "Children looked after"),
                   ("child_protection_plans", "Children on a child protection plan"))
#: EES symbols for the contract's GSS symbols of a suppressed count.
EES_SYMBOL = {"[c]": "c", "[x]": "x"}


def children_file(rel, tables, geo) -> DataFile:
    """DfE's children in need, looked after and on a plan, per LA, with
    England and regional totals. A suppressed LA count is written with its
    EES symbol (``c``, ``x``), never as a number. England's and a region's
    number is the sum of its LAs' published counts, and says so: the
    indicator ``number_of_las_suppressed`` gives how many of its LAs' counts
    are suppressed and left out of it (as the bulletin's footnote names
    them), so no total is read as complete or computed with one as zero."""
    # Each LA's counts by code, read in plain Python (a pandas look-up of
    # each place's LAs took a third of the open data's time).
    las = tables.local_authorities
    count_of = {column: dict(zip(las["la_code"].tolist(), las[column].tolist())) for column, _ in CHILDREN_GROUPS}
    symbols = tables.count_symbols
    symbol_of = {} if symbols is None else {
        (tables.local_authorities.at[i, "la_code"], c): EES_SYMBOL[v]
        for c in symbols.columns for i, v in symbols[c].items() if v}
    units = [({"geographic_level": NATIONAL}, list(geo["la_code"]))]
    for r in geo.drop_duplicates("region_code").itertuples(index=False):
        units.append(({"geographic_level": REGIONAL, "region_code": r.region_code, "region_name": r.region},
                      list(geo.loc[geo["region_code"] == r.region_code, "la_code"])))
    for la in geo.itertuples(index=False):
        units.append(({"geographic_level": LOCAL_AUTHORITY, "region_code": la.region_code, "region_name": la.region,
                       "new_la_code": la.la_code, "la_name": la.la_name, "old_la_code": la.old_la_code}, [la.la_code]))
    time_period, time_identifier = f"{rel.cin_date.year}", "Reporting year"
    rows = []
    for place, codes in units:
        for column, group in CHILDREN_GROUPS:
            hidden = [symbol_of[(c, column)] for c in codes if (c, column) in symbol_of]
            total = sum(n for n in (count_of[column][c] for c in codes) if not pd.isna(n))  # <NA> is skipped, not read as zero
            # An LA's own count, or a total none of whose LAs is published, is the symbol: never 0.
            value = sorted(hidden)[0] if hidden and len(hidden) == len(codes) else total
            rows.append({"time_period": time_period, "time_identifier": time_identifier,
                         "country_code": COUNTRY_CODE, "country_name": COUNTRY_NAME, **place,
                         "children_group": group, "number_of_children": value,
                         "number_of_las_suppressed": len(hidden)})
    columns = GEOGRAPHY + ["children_group", "number_of_children", "number_of_las_suppressed"]
    data = pd.DataFrame(rows).reindex(columns=columns).fillna("")
    filters = [Filter("children_group", "Children", "Filter by the group of children counted",
                      tuple(g for _, g in CHILDREN_GROUPS), default=CHILDREN_GROUPS[0][1])]
    meta = metadata(filters, [("number_of_children", "Number of children (sum of the LAs' published counts)", ""),
                              ("number_of_las_suppressed", "Number of LAs whose count is suppressed and not included",
                               "")])
    return DataFile("children_in_need_by_la", "Children in need, looked after and on a child protection plan, "
                    "by local authority (Department for Education)", data, meta)


def files(rel, figs, tables) -> list[DataFile]:
    geo = geography(tables)
    return [sif_file(rel, figs, geo), homes_file(rel, figs, tables, geo), state_file(rel, figs, tables, geo),
            children_file(rel, tables, geo)]


def to_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV; a text cell that a spreadsheet would run as a
    formula is written as text (charts.accessible.safe_cell). Taken a
    column at a time, each distinct value made into its CSV field once (a
    column repeats a few texts thousands of times), and the rows joined:
    the csv module, a field at a time, was half of the open data's time."""
    header = [_csv_field(str(name)) for name in frame.columns]
    columns = [_csv_column(frame.iloc[:, k].tolist()) for k in range(frame.shape[1])]
    rows = [",".join(row) for row in zip(*columns)] if columns else [""] * len(frame)
    return "".join(line + "\n" for line in [",".join(header)] + rows)


def _csv_column(values: list) -> list[str]:
    """Each value as its CSV field: as ``safe_cell`` writes it, quoted as
    the csv module quotes it. A whole number is written as ``str`` writes
    it (as both would)."""
    from charts.accessible import safe_cell

    kinds = set(map(type, values))
    if kinds == {int}:  # a count
        return list(map(str, values))
    if kinds == {str}:  # a geography, a period, a filter's value
        made = {value: _csv_field(safe_cell(value)) for value in set(values)}
        return list(map(made.__getitem__, values))
    made: dict = {}
    fields = []
    for value in values:
        key = (type(value), value)  # not 1 == 1.0 == True
        if key not in made:
            made[key] = str(value) if type(value) is int else _csv_field(safe_cell(value))
        fields.append(made[key])
    return fields


def _csv_field(text: str) -> str:
    """``text`` as the csv module writes it as one field of a row of several
    (quoted where it holds a comma, a quote or a line break)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([text, ""])
    return out.getvalue()[:-2]  # less the empty last field's "," and the line's end


def write(rel, figs, tables, work: Path) -> list[Path]:
    """Write each data file and its metadata into ``work/data``."""
    folder = work / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for f in files(rel, figs, tables):
        for suffix, frame in ((".csv", f.data), (".meta.csv", f.meta)):
            path = folder / f"{f.name}{suffix}"
            path.write_text(to_csv(frame), encoding="utf-8")
            written.append(path)
    return written
