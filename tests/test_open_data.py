"""The open data files, read back as a data user (and DfE's screener)
reads them.

The checks are those of the Explore Education Statistics screener
(dfe-analytical-services/eesyscreener, which took them over from
dfe-published-data-qa) that apply to these files; each test names the
screener checks it stands for. Then every national and regional number is
the ledger's figure of the same thing, and LA rows add up to them.
"""

import functools
import re
from pathlib import Path

import pandas as pd
import pytest

from release.inputs import judgements as j

from conftest import DATA, SHARED

# The screener's reference values (eesyscreener data-raw/*.R).
REQUIRED_DATA = ["geographic_level", "time_period", "time_identifier", "country_code", "country_name"]
REQUIRED_META = ["col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp",
                 "filter_hint", "filter_grouping_column"]
OPTIONAL_META = ["filter_default", "parent_filter"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
TIME_GROUPS = [["Autumn and spring term"], ["Calendar year"], ["Financial year"], ["Academic year"], ["Tax year"],
               ["Reporting year"], ["Spring term", "Autumn term", "Summer term"], [f"Week {i}" for i in range(1, 53)],
               MONTHS, [f"Financial year Q{i}" for i in range(1, 5)],
               ["Part 1 (April to September)", "Part 2 (October to March)"]]
FOUR_DIGIT = ["Calendar year", "Reporting year"] + [f"Week {i}" for i in range(1, 53)] + MONTHS
SIX_DIGIT = ["Autumn and spring term", "Spring term", "Autumn term", "Summer term", "Financial year", "Academic year",
             "Tax year"] + [f"Financial year Q{i}" for i in range(1, 5)] + TIME_GROUPS[-1]
INDICATOR_UNITS = ["", "%", "pp", "£", "£m", "numberstring"]
GSS_SYMBOLS = ["x", "z", "c", "low"]
LEGACY_SYMBOLS = ["~", ":"]
NULL_SYMBOLS = ["NULL", "Null", "null", "NA", "na", "N/A", "n/a", ".", "..", "-"]
LEVEL_COLUMNS = {"National": ["country_code", "country_name"],
                 "Regional": ["country_code", "country_name", "region_code", "region_name"],
                 "Local authority": ["country_code", "country_name", "region_code", "region_name", "new_la_code",
                                     "la_name", "old_la_code"]}
GEOGRAPHY = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
             "region_name", "new_la_code", "la_name", "old_la_code"]
REGION_CODES = {"E12000001": "North East", "E12000002": "North West", "E12000003": "Yorkshire and The Humber",
                "E12000004": "East Midlands", "E12000005": "West Midlands", "E12000006": "East of England",
                "E12000007": "London", "E12000008": "South East", "E12000009": "South West"}
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
OB_UNIT = re.compile(r"(^(country|sch|prov|inst|estab|reg|la|local|rsc|pfa|pcon|lep|mca|oa|ward|mat)"
                     r".*(name|code|urn|ukprn|number|upin|id)$)|(^(laestab|estab|sch|school|schools|prov|provider|"
                     r"providers|inst|institution|institutions|name|code|urn|ukprn|number|upin|id|region|la|lad|"
                     r"rsc|pcon|lep|mca|oa|ward|mat)$)", re.I)


@pytest.fixture(scope="module")
def files(built):
    """{name: (data, meta)} of every data file, read as text."""
    folder = built / "data"
    out = {}
    for path in sorted(folder.glob("*.csv")):
        if path.name.endswith(".meta.csv"):
            continue
        meta = path.with_name(path.stem + ".meta.csv")
        out[path.stem] = (pd.read_csv(path, dtype=str, keep_default_na=False),
                          pd.read_csv(meta, dtype=str, keep_default_na=False))
    return out


def filters(meta):
    return list(meta.loc[meta["col_type"] == "Filter", "col_name"])


def indicators(meta):
    return list(meta.loc[meta["col_type"] == "Indicator", "col_name"])


def test_the_four_data_files_are_there(files):
    assert set(files) == {"sif_judgements", "childrens_homes_inspections", "childrens_homes_latest_judgement",
                          "children_in_need_by_la"}


def test_file_names_and_pairs(built):
    """check_filename_spaces, check_filename_special, check_filenames_match."""
    names = [p.name for p in (built / "data").glob("*.csv")]
    for name in names:
        assert " " not in name and re.fullmatch(r"[a-z0-9_.]+", name), name
    data = {n[:-4] for n in names if not n.endswith(".meta.csv")}
    meta = {n[:-9] for n in names if n.endswith(".meta.csv")}
    assert data == meta


def test_required_columns_and_metadata_columns(files):
    """precheck_col_req_data, precheck_col_req_meta, precheck_col_invalid_meta, precheck_meta_col_name,
    precheck_meta_col_type."""
    for name, (data, meta) in files.items():
        assert set(REQUIRED_DATA) <= set(data.columns), name
        assert list(data.columns[: len(GEOGRAPHY)]) == GEOGRAPHY, name
        assert set(REQUIRED_META) <= set(meta.columns) <= set(REQUIRED_META + OPTIONAL_META), name
        assert set(meta["col_type"]) <= {"Filter", "Indicator"}, name
        assert meta["col_name"].map(bool).all()


def test_metadata_and_data_describe_each_other(files):
    """precheck_cross_data_to_meta, precheck_cross_meta_to_data, precheck_meta_ob_unit, check_meta_geog_catch:
    every column that is not time or geography is in the metadata, and only those, except a column with a
    single value, which the screener lets the metadata leave out."""
    for name, (data, meta) in files.items():
        described = set(meta["col_name"])
        single = {c for c in data.columns if data[c].nunique() == 1}
        assert described <= set(data.columns) - set(GEOGRAPHY), name
        assert set(data.columns) - set(GEOGRAPHY) - described <= single, name
        assert not any(OB_UNIT.search(c) for c in described), name


def test_column_names_are_snake_case(files):
    """check_col_snake_case, check_col_names_spaces, check_meta_col_name_spaces, check_col_ind_smushed."""
    for name, (data, meta) in files.items():
        for column in data.columns:
            assert SNAKE.match(column), f"{name}: {column}"


def test_metadata_rows(files):
    """check_meta_label, check_meta_dupe_label, check_meta_col_name_dupe, check_meta_filter_hint,
    check_meta_ind_unit, check_meta_ind_unit_validation, check_meta_ind_dp_set, check_meta_ind_dp_values,
    check_meta_indicator_dp, check_meta_indicator_grouping, check_meta_fil_grp*."""
    for name, (data, meta) in files.items():
        assert meta["label"].str.strip().map(bool).all(), name
        assert meta["label"].is_unique and meta["col_name"].is_unique, name
        ind = meta[meta["col_type"] == "Indicator"]
        fil = meta[meta["col_type"] == "Filter"]
        assert (ind["filter_hint"] == "").all(), name
        assert ind["indicator_unit"].isin(INDICATOR_UNITS).all(), name
        assert ind["indicator_dp"].str.fullmatch(r"\d+").all(), name
        assert (fil[["indicator_unit", "indicator_dp", "indicator_grouping"]] == "").all().all(), name
        assert (meta["filter_grouping_column"] == "").all(), name  # no filter groups are used
        assert len(fil) and len(ind), name


def test_time_identifiers_and_periods(files):
    """precheck_time_id_valid, precheck_time_id_mix, precheck_time_period_num, check_time_period,
    check_time_period_six."""
    for name, (data, meta) in files.items():
        ids = set(data["time_identifier"])
        group = next(g for g in TIME_GROUPS if ids & set(g))
        assert ids <= set(group), f"{name}: identifiers {ids} mix groups"
        for period, identifier in set(zip(data["time_period"], data["time_identifier"])):
            assert period.isdigit(), name
            if identifier in FOUR_DIGIT:
                assert len(period) == 4, (name, period)
            if identifier in SIX_DIGIT:
                assert len(period) == 6 and int(period[4:]) == (int(period[:4]) + 1) % 100, (name, period)


def test_geographic_levels_and_their_columns(files):
    """precheck_geog_level, precheck_geog_level_present, check_geog_level_completed,
    check_geog_overcompleted_cols, check_geog_region_for, check_geog_na, check_geog_combos."""
    for name, (data, meta) in files.items():
        assert set(data["geographic_level"]) == set(LEVEL_COLUMNS), name
        for level, wanted in LEVEL_COLUMNS.items():
            rows = data[data["geographic_level"] == level]
            assert (rows[wanted] != "").all().all(), (name, level)
            others = [c for c in GEOGRAPHY[3:] if c not in wanted]
            assert (rows[others] == "").all().all(), (name, level)
        assert set(zip(data["country_code"], data["country_name"])) == {("E92000001", "England")}
        regional = data[data["geographic_level"] != "National"]
        assert set(zip(regional["region_code"], regional["region_name"])) == set(REGION_CODES.items()), name
        las = data[data["geographic_level"] == "Local authority"]
        assert las["old_la_code"].str.fullmatch(r"\d{3}").all(), name
        assert las["new_la_code"].str.fullmatch(r"E(06|08|09|10)\d{6}").all(), name
        # One name and one old code per LA code.
        pairs = las[["new_la_code", "la_name", "old_la_code"]].drop_duplicates()
        assert pairs["new_la_code"].is_unique, name
        assert len(pairs) == 152, name


def test_la_codes_are_dfes(files):
    reference = SHARED / "geo" / "local_authorities_2016.csv"
    if not reference.is_file():
        pytest.skip(f"no {reference}: the shared geography is not mounted")
    ref = pd.read_csv(reference, dtype=str).set_index("code")
    for name, (data, meta) in files.items():
        las = data[data["geographic_level"] == "Local authority"].drop_duplicates("new_la_code")
        for _, row in las.iterrows():
            assert row["old_la_code"] == ref.loc[row["new_la_code"], "old_la_code"], row["la_name"]
            assert row["region_name"] == ref.loc[row["new_la_code"], "region"], row["la_name"]


def test_no_duplicate_rows(files):
    """check_general_dupes: one row per time, place and combination of filters."""
    for name, (data, meta) in files.items():
        keys = ["time_period", "time_identifier", "geographic_level", "region_code", "new_la_code"] + filters(meta)
        assert not data.duplicated(keys).any(), name


def test_indicators_are_numbers_or_standard_symbols(files):
    """check_ind_invalid_entry, check_general_null: no blanks, no legacy or null symbols."""
    for name, (data, meta) in files.items():
        for column in indicators(meta):
            values = data[column]
            numeric = values.str.fullmatch(r"-?\d+(\.\d+)?")
            assert (numeric | values.isin(GSS_SYMBOLS)).all(), (name, column, set(values[~numeric]))
            assert not values.isin(LEGACY_SYMBOLS + [""]).any()
        assert not data.isin(NULL_SYMBOLS).any().any(), name


def test_filters_are_complete_tidy_and_have_a_total(files):
    """check_filter_blanks, check_filter_whitespace, check_filter_defaults, check_filter_ob_total,
    precheck_filter_not_singular."""
    for name, (data, meta) in files.items():
        defaults = dict(zip(meta["col_name"], meta["filter_default"])) if "filter_default" in meta else {}
        for column in filters(meta):
            values = data[column]
            assert (values != "").all(), (name, column)
            assert (values == values.str.strip()).all(), (name, column)
            default = defaults.get(column) or "Total"
            assert default in set(values), (name, column, default)
            assert values.nunique() > 1, (name, column)
        for column in GEOGRAPHY[3:]:
            assert not data[column].isin(["Total", "total", "All", "all"]).any(), (name, column)


# --- numbers: the ledger's ---------------------------------------------------------------

GRADE_KEYS = {j.OUTSTANDING: "outstanding", j.GOOD: "good", j.REQUIRES_IMPROVEMENT: "requires_improvement",
              j.INADEQUATE: "inadequate"}
SIF_AREAS = {"Overall effectiveness": "sif.oe", "Children who need help and protection": "sif.hp",
             "Children looked after and achieving permanence": "sif.cla", "Adoption performance": "sif.adoption",
             "Experiences and progress of care leavers": "sif.care_leavers",
             "Leadership, management and governance": "sif.lmg", "LSCB overall effectiveness": "lscb"}


def _slug(text):
    return text.lower().replace(" ", "_")


def _as_number(value):
    return None if value == "z" else int(value)


def _check(rows, key_of, L, count, share):
    """Each row's count and percentage equal the ledger share named by ``key_of(row)``."""
    checked = 0
    for _, row in rows.iterrows():
        key = key_of(row)
        if key is None:
            continue
        fig = L[key]
        assert int(row[count]) == fig.count_value, f"{key}: file {row[count]}, ledger {fig.count_value}"
        assert _as_number(row[share]) == fig.value, f"{key} %: file {row[share]}, ledger {fig.value}"
        checked += 1
    return checked


def test_sif_england_and_regions_equal_the_ledger(files, figs):
    data, _ = files["sif_judgements"]
    L = figs.ledger
    national = data[data["geographic_level"] == "National"]
    n = _check(national, lambda r: f"{SIF_AREAS[r['judgement_area']]}.{GRADE_KEYS[r['judgement']]}"
               if r["judgement"] in GRADE_KEYS else None, L, "number_of_las", "percentage_of_las")
    assert n == len(SIF_AREAS) * 4
    totals = national[national["judgement"] == "Total"].set_index("judgement_area")["number_of_las"]
    assert int(totals["Overall effectiveness"]) == L["sif.inspected"].count_value
    assert int(totals["LSCB overall effectiveness"]) == L["lscb.reviews"].value
    oe = data[(data["geographic_level"] == "Regional") & (data["judgement_area"] == "Overall effectiveness")]
    n = _check(oe, lambda r: f"sif.region.{_slug(r['region_name'])}.{GRADE_KEYS[r['judgement']]}"
               if r["judgement"] in GRADE_KEYS else None, L, "number_of_las", "percentage_of_las")
    assert n == 9 * 4


def test_homes_england_and_regions_equal_the_ledger(files, figs):
    data, _ = files["childrens_homes_inspections"]
    L = figs.ledger
    periods = list(dict.fromkeys(data["time_period"]))
    assert len(periods) == 2
    then, now = periods
    prefix = {then: "homes.comparison.", now: "homes."}
    national = data[data["geographic_level"] == "National"]

    def sector_key(r):
        if r["overall_effectiveness"] not in GRADE_KEYS or r["sector"] == "Total":
            return None
        return f"{prefix[r['time_period']]}sector.{_slug(r['sector'])}.{GRADE_KEYS[r['overall_effectiveness']]}"

    assert _check(national, sector_key, L, "number_of_inspections", "percentage_of_inspections") == 2 * 4 * 4
    everything = national[national["sector"] == "Total"]
    assert _check(everything, lambda r: f"{prefix[r['time_period']]}oe.{GRADE_KEYS[r['overall_effectiveness']]}"
                  if r["overall_effectiveness"] in GRADE_KEYS else None, L,
                  "number_of_inspections", "percentage_of_inspections") == 2 * 4
    total = everything[everything["overall_effectiveness"] == "Total"].set_index("time_period")
    assert int(total.loc[now, "number_of_inspections"]) == L["homes.inspections"].value
    assert int(total.loc[then, "number_of_inspections"]) == L["homes.comparison.inspections"].value
    regional = data[(data["geographic_level"] == "Regional") & (data["sector"] == "Total")]

    def region_key(r):
        if r["overall_effectiveness"] not in GRADE_KEYS:
            return None
        period = "comparison." if r["time_period"] == then else ""
        return f"homes.region.{_slug(r['region_name'])}.{period}oe.{GRADE_KEYS[r['overall_effectiveness']]}"

    assert _check(regional, region_key, L, "number_of_inspections", "percentage_of_inspections") == 2 * 9 * 4


def test_state_of_the_nation_equals_the_ledger(files, figs):
    data, _ = files["childrens_homes_latest_judgement"]
    L = figs.ledger
    national = data[data["geographic_level"] == "National"]
    for role in ("now", "before", "year_ago"):
        date = L[f"homes.state.{role}.date"].value
        rows = national[(national["time_period"] == str(date.year)) & (national["time_identifier"] == f"{date:%B}")]
        assert _check(rows, lambda r: f"homes.state.{role}.{GRADE_KEYS[r['overall_effectiveness']]}"
                      if r["overall_effectiveness"] in GRADE_KEYS else None, L,
                      "number_of_homes", "percentage_of_homes") == 4
    now = L["homes.state.now.date"].value
    regional = data[(data["geographic_level"] == "Regional") & (data["time_period"] == str(now.year))
                    & (data["time_identifier"] == f"{now:%B}")]
    for region in j.REGIONS:
        rows = regional[regional["region_name"] == region].set_index("overall_effectiveness")["number_of_homes"]
        fig = L[f"homes.state.region.{_slug(region)}.now"]
        assert int(rows[j.OUTSTANDING]) + int(rows[j.GOOD]) == fig.count_value
        assert int(rows["Total"]) == fig.base_value


def test_children_counts_equal_the_ledger_and_the_source(files, figs):
    """England's DfE counts equal the ledger's, and each LA's its row of
    local_authorities.csv (read here with pandas)."""
    data, _ = files["children_in_need_by_la"]
    groups = {"Children in need": "children_in_need", "Children looked after": "children_looked_after",
              "Children on a child protection plan": "child_protection_plans"}
    national = data[data["geographic_level"] == "National"]
    for _, row in national.iterrows():
        assert int(row["number_of_children"]) == figs.ledger[f"context.{groups[row['children_group']]}"].value
        assert row["number_of_las_suppressed"] == "0"
    source = pd.read_csv(DATA / "local_authorities.csv", dtype=str).set_index("la_code")
    las = data[data["geographic_level"] == "Local authority"]
    for _, row in las.iterrows():
        assert row["number_of_children"] == source.at[row["new_la_code"], groups[row["children_group"]]]


@pytest.mark.parametrize("name", ["sif_judgements", "childrens_homes_inspections", "childrens_homes_latest_judgement",
                                  "children_in_need_by_la"])
def test_la_rows_add_up_to_their_region_and_regions_to_england(files, name):
    data, meta = files[name]
    count = indicators(meta)[0]
    keys = ["time_period", "time_identifier"] + filters(meta)
    data = data.assign(n=data[count].astype(int))
    las = data[data["geographic_level"] == "Local authority"].groupby(keys + ["region_code"])["n"].sum()
    regions = data[data["geographic_level"] == "Regional"].set_index(keys + ["region_code"])["n"]
    assert las.sort_index().equals(regions.sort_index())
    by_region = data[data["geographic_level"] == "Regional"].groupby(keys)["n"].sum()
    england = data[data["geographic_level"] == "National"].set_index(keys)["n"]
    assert by_region.sort_index().equals(england.sort_index())


def test_a_zero_base_is_shown_with_the_symbol_z(files):
    data, meta = files["sif_judgements"]
    totals = data[data["judgement"] == "Total"]
    empty = totals[totals["number_of_las"] == "0"]
    assert len(empty), "some LA has no inspection in the sample"
    assert (empty["percentage_of_las"] == "z").all()
    assert (totals.loc[totals["number_of_las"] != "0", "percentage_of_las"] == "100").all()


def test_homes_periods_take_the_ees_financial_time_identifiers():
    import datetime as dt

    from release.errors import ReleaseError
    from release.outputs.opendata import homes_period

    d = dt.date
    assert homes_period(d(2016, 4, 1), d(2016, 9, 30)) == ("201617", "Part 1 (April to September)")
    assert homes_period(d(2015, 10, 1), d(2016, 3, 31)) == ("201516", "Part 2 (October to March)")
    assert homes_period(d(2015, 4, 1), d(2016, 3, 31)) == ("201516", "Financial year")
    assert homes_period(d(1999, 4, 1), d(2000, 3, 31)) == ("199900", "Financial year")
    with pytest.raises(ReleaseError, match="not a financial year or half year"):
        homes_period(d(2016, 1, 1), d(2016, 6, 30))


# --- revised figures: marked as EES allows ---------------------------------------------

@functools.cache
def _open_data_of(rid):
    """The open data files of a release, computed (not built) with its
    previous release; once a process, as both tests below read 2017-03's
    (read only). The figures are the process's own of that release
    (bulletin_text.release_figures), which the tests of the words and
    ledgers of every release read too."""
    from bulletin_text import release_figures
    from release.outputs import opendata
    from release.pipeline import load_and_validate
    from release.progress import Progress

    rel, figs, _ = release_figures(DATA.parent / rid)
    _, _, tables = load_and_validate(DATA.parent / rid, Progress(quiet=True))
    return {f.name: (f.data.astype(str), f.meta.astype(str)) for f in opendata.files(rel, figs, tables)}


def _archived(rid):
    import json

    doc = json.loads((DATA.parent / rid / "published" / "figures.json").read_text())
    return {r["key"]: r for r in doc["figures"]}


def test_a_revised_date_or_period_is_marked_in_its_own_column_and_an_unrevised_one_is_not():
    """EES allows no [r] beside a number: the children's homes files carry a
    filter ``revision``. In 2017-03 the state of the nation at 30 September
    2016 and 31 March 2016 count differently from what 2016-09 published
    (closures and judgements recorded late): those rows are Revised; 31 March
    2017, which no release published before, and the comparison period, which
    2017-03 states as 2016-09 published it, are not. Each is checked against
    the 2016-09 archive, not against the code's own list."""
    files_ = _open_data_of("2017-03")
    published = _archived("2016-09")
    data, meta = files_["childrens_homes_latest_judgement"]
    assert list(data.columns).index("revision") == len(GEOGRAPHY)
    row = meta.set_index("col_name").loc["revision"]
    assert (row["col_type"], row["filter_default"]) == ("Filter", "Not revised") and "[r]" in row["filter_hint"]
    # The dates the previous release reported, with what it published for each (total and good or better).
    then = {}
    for role in ("now", "before", "year_ago"):
        d = published[f"homes.state.{role}.date"]["value"]
        fig = published[f"homes.state.{role}.good_or_better"]
        then[(d[:4], dt_month(d))] = (fig["count"], fig["base"])
    national = data[(data["geographic_level"] == "National")]
    marks = {}
    for (period, ident), rows in national.groupby(["time_period", "time_identifier"]):
        by = rows.set_index("overall_effectiveness")["number_of_homes"].astype(int)
        now = (by["Outstanding"] + by["Good"], by["Total"])
        assert rows["revision"].nunique() == 1
        marks[(period, ident)] = rows["revision"].iloc[0]
        expected = "Revised" if (period, ident) in then and then[(period, ident)] != now else "Not revised"
        assert marks[(period, ident)] == expected, (period, ident, now, then.get((period, ident)))
    assert marks == {("2016", "March"): "Revised", ("2016", "September"): "Revised", ("2017", "March"): "Not revised"}
    # The homes periods: the comparison period as 2016-09 revised it (1,969), unchanged since.
    data, meta = files_["childrens_homes_inspections"]
    national = data[(data["geographic_level"] == "National") & (data["sector"] == "Total")
                    & (data["overall_effectiveness"] == "Total")].set_index("time_period")
    assert int(national.loc["201516", "number_of_inspections"]) == published["revisions.revised.inspections"]["value"]
    assert set(data["revision"]) == {"Not revised"} and "revision" not in set(meta["col_name"])


def dt_month(iso):
    import datetime as dt

    return dt.date.fromisoformat(iso).strftime("%B")


def test_the_revision_filter_passes_the_screener_checks_in_every_release():
    """With one level it is left out of the metadata; with two it is a filter
    with a default (check_filter_defaults, precheck_filter_not_singular)."""
    for rid in ("2016-09", "2017-03"):
        for name, (data, meta) in _open_data_of(rid).items():
            if "revision" not in data:
                continue
            levels = set(data["revision"])
            assert levels <= {"Revised", "Not revised"}, (rid, name)
            described = "revision" in set(meta["col_name"])
            assert described == (len(levels) == 2), (rid, name)
            if described:
                assert meta.set_index("col_name").at["revision", "filter_default"] in levels


def test_a_text_that_a_spreadsheet_would_run_is_written_as_text_and_numbers_as_numbers():
    """The open data CSV writes a cell starting like a formula with an
    apostrophe, however often the text recurs down its column, and leaves
    numbers (a negative one too) and the EES symbols as they are; a missing
    value is an empty cell."""
    import csv
    import io

    from charts.accessible import safe_cell
    from release.outputs import opendata

    frame = pd.DataFrame({"la_name": ["=HYPERLINK(x)", "=HYPERLINK(x)", "-Borough", "York"],
                          "number": [1, -2, 3, 0],
                          "share": [50.0, None, "z", "+1"]})
    text = opendata.to_csv(frame)
    assert text == "la_name,number,share\n'=HYPERLINK(x),1,50.0\n'=HYPERLINK(x),-2,\n'-Borough,3,z\nYork,0,'+1\n"
    # The same as each row's cells made safe one by one.
    rows = [list(frame.columns)] + [[safe_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    assert text == out.getvalue()


def test_a_field_is_quoted_as_the_csv_module_quotes_it():
    """The open data CSV makes each distinct value into its field once and
    joins the rows itself: every field must be what the csv module writes,
    a row at a time, for commas, quotes, line breaks, empty and missing
    values, spaces, numbers and text repeated down a column."""
    import csv
    import io

    from charts.accessible import safe_cell
    from release.outputs import opendata

    odd = ["a,b", 'say "hi"', "line\nbreak", "cr\rhere", "", " lead", "trail ", "'quoted'", "tab\there", "York"]
    frame = pd.DataFrame({"text": odd, "repeated": ["a,b", "York"] * 5, "count": range(10),
                          "mixed": [1, "z", None, 2.5, "x", 0, "a,b", -3, "", "c"], 'odd "name", here': odd})
    rows = [list(frame.columns)] + [[safe_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    assert opendata.to_csv(frame) == out.getvalue()


def test_the_homes_frames_counted_are_those_the_figures_select(figs):
    """The open data count the figures' own frames of the period's full
    inspections and of the homes open at each date (``figs.homes_periods``,
    ``figs.homes_states``), not a selection of their own: each must be what
    ``in_period`` and ``state_of_nation`` select, unchanged by the figures
    that read them."""
    from release.figures.homes import in_period, state_of_nation
    from release.pipeline import load_and_validate
    from release.progress import Progress

    rel, _, tables = load_and_validate(DATA, Progress(quiet=True))
    for key, start, end, cut in (("period", rel.period_start, rel.period_end, rel.period_published_by),
                                 ("comparison", rel.comparison_start, rel.comparison_end,
                                  rel.comparison_published_by)):
        pd.testing.assert_frame_equal(figs.homes_periods[key], in_period(tables, start, end, cut))
    assert len(figs.homes_states) == len(rel.state_dates)
    for s, frame in zip(rel.state_dates, figs.homes_states):
        pd.testing.assert_frame_equal(frame, state_of_nation(tables, s.date, s.published_by))
