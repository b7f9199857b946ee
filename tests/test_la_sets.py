"""Any year's local authorities (issue 26): a release whose LAs are the
2019 set (Bournemouth, Christchurch and Poole; Dorset) or the 2021 set
(North and West Northamptonshire) builds, with those LAs on the hex map and
in every LA table; an LA the map cannot place is refused by ``--check``,
naming it.

The releases are the 2016-09 sample changed here to the later sets, as the
successor table (release/la_successors.csv) describes the changes: a merged
LA's counts are its predecessors' summed and it keeps one predecessor's
inspections (so its judgements are one LA's, consistent in every file); a
split LA's counts and homes are shared between its successors, and each
successor gets the predecessor's inspection under its own id.
"""

import io
import re
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

from conftest import DATA, ROOT, build_here, copy_release

from release.inputs.la_sets import layout_2016, layout_for, neighbours, successors

FILES = ["local_authorities.csv", "sif_inspections.csv", "previous_frameworks.csv", "childrens_homes.csv"]
BCP, DORSET, NORTH, WEST = "E06000058", "E06000059", "E06000061", "E06000062"
BOURNEMOUTH, POOLE, DORSET_COUNTY, NORTHANTS = "E06000028", "E06000029", "E10000009", "E10000021"
COUNTS = ["children_in_need", "children_looked_after", "child_protection_plans"]


def read(folder, name):
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False)


def save(frame, folder, name):
    frame.to_csv(folder / name, index=False, lineterminator="\n")


def to_2019(folder):
    """Bournemouth and Poole become Bournemouth, Christchurch and Poole
    (Bournemouth's inspections kept, Poole's dropped; counts summed); Dorset
    county becomes Dorset council (a unitary authority)."""
    las = read(folder, "local_authorities.csv")
    b, p = (las.index[las["la_code"] == c][0] for c in (BOURNEMOUTH, POOLE))
    for c in COUNTS:
        las.at[b, c] = str(int(las.at[b, c]) + int(las.at[p, c]))
    las.loc[b, ["la_code", "la_name"]] = [BCP, "Bournemouth, Christchurch and Poole"]
    las = las.drop(index=p)
    d = las.index[las["la_code"] == DORSET_COUNTY][0]
    las.loc[d, ["la_code", "la_type"]] = [DORSET, "Unitary authority"]
    save(las.sort_values("la_name"), folder, "local_authorities.csv")
    for name in ("sif_inspections.csv", "previous_frameworks.csv"):
        frame = read(folder, name)
        frame = frame[frame["la_code"] != POOLE]
        save(frame.replace({"la_code": {BOURNEMOUTH: BCP, DORSET_COUNTY: DORSET}}), folder, name)
    homes = read(folder, "childrens_homes.csv")
    save(homes.replace({"la_code": {BOURNEMOUTH: BCP, POOLE: BCP, DORSET_COUNTY: DORSET}}), folder,
         "childrens_homes.csv")


def to_2021(folder):
    """Northamptonshire becomes North and West Northamptonshire: counts
    halved (West takes the odd one), homes alternately, the inspections
    copied to each under its own id."""
    las = read(folder, "local_authorities.csv")
    n = las[las["la_code"] == NORTHANTS].iloc[0]
    west, north = n.copy(), n.copy()
    for c in COUNTS:
        total = int(n[c])
        west[c], north[c] = str(total - total // 2), str(total // 2)
    west[["la_code", "la_name", "la_type"]] = [WEST, "West Northamptonshire", "Unitary authority"]
    north[["la_code", "la_name", "la_type"]] = [NORTH, "North Northamptonshire", "Unitary authority"]
    las = pd.concat([las[las["la_code"] != NORTHANTS], pd.DataFrame([west, north])])
    save(las.sort_values("la_name"), folder, "local_authorities.csv")
    for name, key in (("sif_inspections.csv", "inspection_id"), ("previous_frameworks.csv", None)):
        frame = read(folder, name)
        old = frame[frame["la_code"] == NORTHANTS]
        copies = []
        for code in (WEST, NORTH):
            copy = old.assign(la_code=code)
            if key:
                copy[key] = copy[key] + "-" + code
            copies.append(copy)
        save(pd.concat([frame[frame["la_code"] != NORTHANTS]] + copies), folder, name)
    homes = read(folder, "childrens_homes.csv")
    mine = homes.index[homes["la_code"] == NORTHANTS]
    homes.loc[mine, "la_code"] = [WEST if k % 2 == 0 else NORTH for k in range(len(mine))]
    save(homes, folder, "childrens_homes.csv")


def check(folder):
    """``build.py --check`` as a process of its own (its exit status as a
    shell sees it); ``check_here`` runs the same command line in this
    process."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--data", str(folder), "--check"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def check_here(folder):
    return build_here("--data", folder, "--check")


def build(folder, out) -> int:
    """Build as HTML through the command line, in this process
    (``build.main``): the exit status."""
    import build as command_line

    return command_line.main(["--data", str(folder), "--out", str(out), "--format", "html", "--quiet"])


# --- the layouts -------------------------------------------------------------------

def _codes(year):
    codes = set(layout_2016()["code"])
    if year >= 2019:
        codes = (codes - {BOURNEMOUTH, POOLE, DORSET_COUNTY}) | {BCP, DORSET}
    if year >= 2021:
        codes = (codes - {NORTHANTS}) | {NORTH, WEST}
    return codes


def _in_one_piece(cells):
    cells = set(cells)
    first = min(cells)
    seen, todo = {first}, [first]
    while todo:
        for n in neighbours(*todo.pop()):
            if n in cells and n not in seen:
                seen.add(n)
                todo.append(n)
    return seen == cells


@pytest.mark.parametrize("year", [2016, 2019, 2021])
def test_each_set_has_a_layout_with_every_la_and_regions_in_one_piece(year):
    codes = _codes(year)
    layout = layout_for(codes)
    assert set(layout["code"]) == codes
    assert not layout.duplicated(["col", "row"]).any()
    for _, group in layout.groupby("region"):
        assert _in_one_piece(zip(group["col"], group["row"]))
    for _, group in layout.groupby("code"):
        assert _in_one_piece(zip(group["col"], group["row"]))


def test_a_merged_la_takes_its_predecessors_hexagons():
    old = layout_2016().set_index("code")
    new = layout_for(_codes(2019))
    bcp = set(zip(*new.loc[new["code"] == BCP, ["col", "row"]].T.values))
    assert bcp == {tuple(old.loc[c, ["col", "row"]]) for c in (BOURNEMOUTH, POOLE)}
    assert set(zip(*new.loc[new["code"] == DORSET, ["col", "row"]].T.values)) == {
        tuple(old.loc[DORSET_COUNTY, ["col", "row"]])}
    # every other LA stays where it was
    rest = new[~new["code"].isin([BCP, DORSET])].set_index("code")
    assert (rest[["col", "row"]] == old.loc[rest.index, ["col", "row"]]).all().all()


def test_a_split_la_keeps_its_hexagon_and_takes_one_next_to_it():
    old = layout_2016().set_index("code")
    new = layout_for(_codes(2021)).set_index("code")
    first = successors()[successors()["predecessor_code"] == NORTHANTS]["successor_code"].iloc[0]
    other = NORTH if first == WEST else WEST
    assert tuple(new.loc[first, ["col", "row"]]) == tuple(old.loc[NORTHANTS, ["col", "row"]])
    assert tuple(new.loc[other, ["col", "row"]]) in neighbours(*old.loc[NORTHANTS, ["col", "row"]])
    moved = [c for c in new.index if c in old.index and tuple(new.loc[c, ["col", "row"]]) != tuple(old.loc[c, ["col", "row"]])]
    for c in moved:  # no LA moves more than one cell
        assert tuple(new.loc[c, ["col", "row"]]) in neighbours(*old.loc[c, ["col", "row"]])


def test_the_successor_table_names_its_ons_source_and_dfe_codes_match_the_lookup():
    table = successors()
    assert table["source"].str.contains("ONS").all()
    codes = pd.read_csv(ROOT / "release" / "la_codes.csv", dtype=str).set_index("new_la_code")
    for r in table.itertuples(index=False):
        assert codes.loc[r.successor_code, "old_la_code"] == r.successor_old_la_code
        assert codes.loc[r.successor_code, "region_name"] == r.region
    assert dict(zip(table["successor_code"], table["successor_old_la_code"])) == {
        BCP: "839", DORSET: "838", NORTH: "940", WEST: "941"}


def test_dfe_codes_agree_with_ofsteds_lookup_when_it_is_there():
    from conftest import SHARED

    lookup = SHARED / "ofsted-public" / "la_lookup" / "Provider_data_lookup.csv"
    if not lookup.is_file():
        pytest.skip(f"Ofsted's LA lookup is not at {lookup} (set $SHARED_DIR to the shared folder)")
    found = pd.read_csv(lookup, dtype=str, keep_default_na=False, encoding="utf-8-sig").set_index("la_code_new")
    for r in successors().itertuples(index=False):
        assert found.loc[r.successor_code, "local_authority_ons_name"] == r.successor_name
        dfe = found.loc[r.successor_code, "la_code"] or found.loc[r.successor_code, "ofsted_ilacs_scrape_la_name"]
        assert dfe in ("", r.successor_old_la_code)


# --- releases of the later sets build ----------------------------------------------

@pytest.fixture(scope="module", params=[2019, 2021])
def later(request, tmp_path_factory):
    """(year, folder, output) of the 2016-09 sample moved to the year's LAs, built."""
    year = request.param
    folder = copy_release(DATA, tmp_path_factory.mktemp(f"las{year}"))
    to_2019(folder)
    if year == 2021:
        to_2021(folder)
    out = folder.parent / "out"
    assert build(folder, out) == 0
    return year, folder, out


def _new_las(year):
    return {BCP: "Bournemouth, Christchurch and Poole", DORSET: "Dorset"} | (
        {NORTH: "North Northamptonshire", WEST: "West Northamptonshire"} if year == 2021 else {})


def _gone(year):
    return [BOURNEMOUTH, POOLE, DORSET_COUNTY] + ([NORTHANTS] if year == 2021 else [])


def test_the_later_las_are_on_the_hex_maps(later):
    year, folder, out = later
    las = read(folder, "local_authorities.csv")
    for key in ("la_sif_oe", "la_lscb"):
        table = pd.read_csv(out / "maps" / f"{key}.csv", dtype=str, keep_default_na=False)
        names = set(table.iloc[:, 0]) | set(table.iloc[:, 1])
        assert set(_new_las(year).values()) <= names, key
        assert len(table) == len(las), key
        assert not {"Bournemouth", "Poole"} & names
        assert ("Northamptonshire" in names) == (year == 2019)
        svg = (out / "maps" / f"{key}.svg").read_text(encoding="utf-8")
        assert "<svg" in svg


def test_the_later_las_are_in_the_spreadsheet_la_table(later):
    year, folder, out = later
    with zipfile.ZipFile(out / "tables.xlsx") as z:
        shared = z.read("xl/sharedStrings.xml").decode("utf-8")
    for code, name in _new_las(year).items():
        assert code in shared and name.replace(",", ",") in shared.replace("&amp;", "&")
    for code in _gone(year):
        assert code not in shared


def test_the_later_las_are_in_the_open_data_with_dfe_codes(later):
    year, folder, out = later
    data = pd.read_csv(out / "data" / "sif_judgements.csv", dtype=str, keep_default_na=False)
    la_rows = data[data["geographic_level"] == "Local authority"]
    codes = dict(zip(la_rows["new_la_code"], la_rows["old_la_code"]))
    expected = {BCP: "839", DORSET: "838", NORTH: "940", WEST: "941"}
    for code in _new_las(year):
        assert codes[code] == expected[code]
    assert not set(_gone(year)) & set(codes)
    assert la_rows["new_la_code"].nunique() == len(read(folder, "local_authorities.csv"))


def test_the_later_las_counts_are_the_predecessors(later):
    year, folder, out = later
    las = read(folder, "local_authorities.csv").set_index("la_code")
    original = read(DATA, "local_authorities.csv").set_index("la_code")
    for c in COUNTS:
        assert int(las.loc[BCP, c]) == int(original.loc[BOURNEMOUTH, c]) + int(original.loc[POOLE, c])
        assert las[c].astype(int).sum() == original[c].astype(int).sum()


# --- refused by --check ------------------------------------------------------------

def _problems(result):
    return result.stdout + result.stderr


def test_an_unknown_la_code_is_refused_naming_it(data_copy):
    las = read(data_copy, "local_authorities.csv")
    row = las.index[las["la_code"] == "E06000001"][0]
    las.loc[row, ["la_code", "la_name"]] = ["E06000099", "Nowhere on the map"]
    save(las, data_copy, "local_authorities.csv")
    for name in ("sif_inspections.csv", "previous_frameworks.csv", "childrens_homes.csv"):
        save(read(data_copy, name).replace({"la_code": {"E06000001": "E06000099"}}), data_copy, name)
    result = check(data_copy)
    assert result.returncode != 0
    message = _problems(result)
    assert "Data valid" not in message
    assert re.search(rf"local_authorities\.csv, row {row + 2}, column la_code: found '?E06000099 \(Nowhere on the map\)",
                     message), message
    assert "hex map" in message


def test_a_predecessor_beside_its_successor_is_refused(data_copy):
    to_2019(data_copy)
    las = read(data_copy, "local_authorities.csv")
    original = read(DATA, "local_authorities.csv")
    las = pd.concat([las, original[original["la_code"] == POOLE]])
    save(las, data_copy, "local_authorities.csv")
    message = _problems(check_here(data_copy))
    assert "E06000029 (Poole)" in message and "replaced by Bournemouth, Christchurch and Poole (E06000058)" in message


def test_a_missing_la_is_refused_naming_it(data_copy):
    to_2019(data_copy)
    to_2021(data_copy)
    las = read(data_copy, "local_authorities.csv")
    save(las[las["la_code"] != NORTH], data_copy, "local_authorities.csv")
    for name in ("sif_inspections.csv", "previous_frameworks.csv"):
        frame = read(data_copy, name)
        save(frame[frame["la_code"] != NORTH], data_copy, name)
    homes = read(data_copy, "childrens_homes.csv")
    save(homes.replace({"la_code": {NORTH: WEST}}), data_copy, "childrens_homes.csv")
    result = check_here(data_copy)
    assert result.returncode != 0
    assert "a row for North Northamptonshire (E06000061)" in _problems(result)


def test_a_region_other_than_the_maps_is_refused(data_copy):
    to_2019(data_copy)
    las = read(data_copy, "local_authorities.csv")
    las.loc[las["la_code"] == BCP, "region"] = "South East"
    save(las, data_copy, "local_authorities.csv")
    message = _problems(check_here(data_copy))
    assert "column region: found 'South East'" in message and "Bournemouth, Christchurch and Poole (E06000058)" in message
