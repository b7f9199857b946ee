"""Maps: the hex layout keeps every LA and every region in one piece near
where it really is; the maps show what their table says, in words as well
as colour, and the same table gives the same bytes.

Expected counts are computed here from the made-up tables, without the
maps code."""

import csv
import dataclasses
import json
import math
import re
from collections import Counter, deque
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from charts import maps, style
from conftest import SHARED
from release.inputs import judgements as j

ROOT = Path(__file__).resolve().parents[1]
GEO = SHARED / "geo"
LAYOUT = ROOT / "charts" / "hex_layout.csv"
CENTROIDS = ROOT / "charts" / "la_centroids.csv"
LABELS = {"sif_date": "30 September 2016", "sif_span": "November 2013 to September 2016",
          "sif_published_by": "31 October 2016", "homes_period": "1 April 2016 to 30 September 2016"}

needs_geo = pytest.mark.skipif(not (GEO / "local_authorities_2016.csv").is_file(),
                               reason="shared boundary files not available")


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def spec(key: str):
    s = maps.BY_KEY[key]
    return dataclasses.replace(s, title=s.title.format(**LABELS))


def texts(svg: str) -> list[str]:
    """Text of the SVG's text elements (svg.fonttype none keeps them as text)."""
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]


def centre(col: int, row: int) -> tuple[float, float]:
    return col + 0.5 * (row % 2), row * math.sqrt(3) / 2


def neighbours(col: int, row: int):
    """Odd-r offset neighbours, written out independently of the package."""
    if row % 2:
        return [(col - 1, row), (col + 1, row), (col, row - 1), (col + 1, row - 1), (col, row + 1), (col + 1, row + 1)]
    return [(col - 1, row), (col + 1, row), (col - 1, row - 1), (col, row - 1), (col - 1, row + 1), (col, row + 1)]


# --- made-up tables ----------------------------------------------------------------

CYCLE = [j.OUTSTANDING, j.GOOD, j.GOOD, j.REQUIRES_IMPROVEMENT, j.REQUIRES_IMPROVEMENT, j.INADEQUATE,
         j.NOT_YET_INSPECTED, j.NOT_YET_INSPECTED, j.GOOD]


@pytest.fixture(scope="module")
def la_table() -> pd.DataFrame:
    rows = read(CENTROIDS)
    return pd.DataFrame({
        "la_code": [r["code"] for r in rows],
        "la_name": [r["name"] for r in rows],
        "region": [r["region"] for r in rows],
        "category": [CYCLE[(k * 5) % len(CYCLE)] for k in range(len(rows))],
    })


@pytest.fixture(scope="module")
def region_table() -> pd.DataFrame:
    counts = [20, 31, 25, 18, 22, 15, 28, 40, 0]
    bases = [30, 35, 30, 25, 30, 20, 30, 50, 0]
    return pd.DataFrame({"region": list(j.REGIONS), "count": counts, "base": bases,
                         "percent": [round(100 * c / b) if b else None for c, b in zip(counts, bases)]})


# --- specs -----------------------------------------------------------------------------

def test_four_specs_with_titles_from_the_release():
    assert [s.key for s in maps.SPECS] == ["la_sif_oe", "la_lscb", "region_homes_la_good", "region_homes_pv_good"]
    assert {s.kind for s in maps.SPECS[:2]} == {"la"} and {s.kind for s in maps.SPECS[2:]} == {"region"}
    for s in maps.SPECS:
        title = s.title.format(**LABELS)
        assert "{" not in title
    assert spec("la_sif_oe").title == ("SIF inspection overall effectiveness judgements from November 2013 to "
                                       "September 2016, published by 31 October 2016")
    assert spec("region_homes_pv_good").title.endswith("1 April 2016 to 30 September 2016")
    with pytest.raises(dataclasses.FrozenInstanceError):
        maps.SPECS[0].key = "x"


# --- the layout --------------------------------------------------------------------

def layout() -> list[dict]:
    return read(LAYOUT)


def test_layout_has_one_cell_per_la():
    rows = layout()
    cells = [(int(r["col"]), int(r["row"])) for r in rows]
    assert len(rows) == 152
    assert len(set(cells)) == 152
    assert len({r["code"] for r in rows}) == 152
    assert min(c for c, _ in cells) == 0 and min(r for _, r in cells) == 0


@needs_geo
def test_layout_covers_every_la_of_the_reference_file():
    reference = {r["code"]: r for r in read(GEO / "local_authorities_2016.csv")}
    rows = {r["code"]: r for r in layout()}
    assert set(rows) == set(reference)
    for code, r in rows.items():
        assert (r["name"], r["region"]) == (reference[code]["name"], reference[code]["region"])
    centroids = {r["code"]: r for r in read(CENTROIDS)}
    assert set(centroids) == set(reference)
    for code, r in centroids.items():
        assert float(r["lon"]) == float(reference[code]["centroid_lon"])
        assert float(r["lat"]) == float(reference[code]["centroid_lat"])


def test_every_region_is_one_group_of_hexagons():
    by_region: dict[str, set] = {}
    for r in layout():
        by_region.setdefault(r["region"], set()).add((int(r["col"]), int(r["row"])))
    assert set(by_region) == set(j.REGIONS)
    for region, cells in by_region.items():
        start = min(cells)
        seen, todo = {start}, deque([start])
        while todo:
            for n in neighbours(*todo.popleft()):
                if n in cells and n not in seen:
                    seen.add(n)
                    todo.append(n)
        assert seen == cells, f"{region} is in {len(cells) - len(seen) + 1}+ pieces"


def test_england_as_a_whole_is_one_piece_without_holes():
    cells = {(int(r["col"]), int(r["row"])) for r in layout()}
    free = {n for c in cells for n in neighbours(*c)} - cells
    # every empty cell touching the map can reach beyond its bounding box
    cols = [c for c, _ in cells]
    rows = [r for _, r in cells]
    box = (min(cols) - 1, max(cols) + 1, min(rows) - 1, max(rows) + 1)
    outside = {(c, r) for c in range(box[0], box[1] + 1) for r in range(box[2], box[3] + 1)} - cells
    start = (box[0], box[2])
    seen, todo = {start}, deque([start])
    while todo:
        for n in neighbours(*todo.popleft()):
            if n in outside and n not in seen:
                seen.add(n)
                todo.append(n)
    assert free <= seen, f"holes at {sorted(free - seen)}"


def _projected():
    from pyproj import Transformer

    cells = {r["code"]: centre(int(r["col"]), int(r["row"])) for r in layout()}
    points = {r["code"]: (float(r["lon"]), float(r["lat"])) for r in read(CENTROIDS)}
    codes = sorted(cells)
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    x, y = to_bng.transform([points[c][0] for c in codes], [points[c][1] for c in codes])
    real = np.column_stack([x, y]) / 1000
    hexes = np.array([cells[c] for c in codes])
    return codes, real, hexes


def test_neighbours_in_reality_stay_near_on_the_map():
    codes, real, hexes = _projected()
    d_real = np.linalg.norm(real[:, None] - real[None], axis=2)
    d_hex = np.linalg.norm(hexes[:, None] - hexes[None], axis=2)
    np.fill_diagonal(d_real, np.inf)
    nearest = d_real.argmin(axis=1)
    gap = d_hex[np.arange(len(codes)), nearest]
    # rank of the real nearest neighbour among map neighbours (0 = nearest)
    ranks = [int((np.delete(d_hex[i], i) < gap[i] - 1e-9).sum()) for i in range(len(codes))]
    assert np.median(ranks) <= 3
    assert np.mean(gap < 2.01) >= 0.9  # within two hexagons for nine LAs in ten
    # north stays north and east stays east
    assert np.corrcoef(real[:, 1], hexes[:, 1])[0, 1] > 0.9
    assert np.corrcoef(real[:, 0], hexes[:, 0])[0, 1] > 0.85
    for north, south in (("E06000057", "E06000052"), ("E10000016", "E06000052")):  # Northumberland, Kent; Cornwall
        i, k = codes.index(north), codes.index(south)
        assert hexes[i, 1] > hexes[k, 1] or hexes[i, 0] > hexes[k, 0]


@needs_geo
def test_layout_script_gives_the_committed_layout(tmp_path):
    from charts import make_hex_layout

    rows = make_hex_layout.read_points(GEO)
    made = make_hex_layout.make_layout(rows, GEO)
    committed = {r["code"]: (int(r["col"]), int(r["row"])) for r in layout()}
    assert {r["code"]: (r["col"], r["row"]) for r in made} == committed


# --- hex maps ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def la_map(la_table):
    return maps.draw_map(spec("la_sif_oe"), la_table)


def test_la_map_names_every_region_and_counts_each_judgement(la_map, la_table):
    svg = la_map["svg"]
    words = " ".join(texts(svg))
    for region in j.REGIONS:
        assert all(part in words for part in region.split()), region
        # (long names wrap over two lines, so look for the words in order)
        assert re.search(r"\s+".join(map(re.escape, region.split())), words), region
    counts = Counter(la_table["category"])
    for category in (j.OUTSTANDING, j.GOOD, j.REQUIRES_IMPROVEMENT, j.INADEQUATE, j.NOT_YET_INSPECTED):
        assert f"{category} ({counts[category]})" in texts(svg)
    assert "Source: Ofsted" in words
    assert svg.startswith("<?xml") and "</svg>" in svg
    assert '<title id="svg-title">' in svg and "<desc" in svg


def test_la_map_legend_in_judgement_order(la_map):
    legend = [t for t in texts(la_map["svg"]) if re.fullmatch(r".+ \(\d+\)", t)]
    order = [t.rsplit(" (", 1)[0] for t in legend]
    assert order == [j.OUTSTANDING, j.GOOD, j.REQUIRES_IMPROVEMENT, j.INADEQUATE, j.NOT_YET_INSPECTED]


def test_not_yet_inspected_is_hatched_and_outlined(la_map):
    svg = la_map["svg"]
    assert "<pattern" in svg
    assert style.OUTLINE.lower() in svg.lower()


def test_same_table_same_bytes(la_table, la_map):
    again = maps.draw_map(spec("la_sif_oe"), la_table.copy())
    assert again["svg"] == la_map["svg"]
    assert again == la_map


def test_a_build_without_a_pdf_draws_the_same_page_drawing_without_its_pdf_copy(la_table, la_map):
    alone = maps.draw_map(spec("la_sif_oe"), la_table, phone=False, pdf=False)
    assert la_map["pdf"] and "pdf" not in alone
    assert alone == {k: v for k, v in la_map.items() if k not in ("pdf", "svg_narrow")}


def test_la_alt_text_states_counts_from_the_table(la_map, la_table):
    counts = Counter(la_table["category"])
    inspected = sum(counts[c] for c in j.GRADES)
    good = counts[j.OUTSTANDING] + counts[j.GOOD]
    alt = la_map["alt"]
    assert f"Of the 152 local authorities, {inspected} had a SIF inspection published by 31 October 2016" in alt
    assert f"{good} were judged good or better" in alt
    assert f"{counts[j.INADEQUATE]} inadequate" in alt
    # highest and lowest regions
    shares = {}
    for region, part in la_table.groupby("region"):
        judged = part[part["category"].isin(j.GRADES)]
        k = int(judged["category"].isin([j.OUTSTANDING, j.GOOD]).sum())
        shares[region] = (math.floor(100 * k / len(judged) + 0.5), k, len(judged))
    hi = max(v[0] for v in shares.values())
    lo = min(v[0] for v in shares.values())
    assert f"from {lo}%" in alt and f"to {hi}%" in alt
    top = [r for r, v in shares.items() if v[0] == hi]
    assert all(r.replace("the ", "") in alt for r in top)
    assert len(alt.split(". ")) <= 3


def test_lscb_map_words(la_table):
    out = maps.draw_map(spec("la_lscb"), la_table)
    assert out["alt"].startswith("Of the 152 Local Safeguarding Children Boards,")
    assert "had a review published by 31 October 2016" in out["alt"]


def test_an_la_inspected_but_not_published_is_its_own_category(la_table, la_map):
    """Issue 23: a map labelled LAs "Not yet inspected" that had been
    inspected and were published later. Such an LA is "Inspected, not yet
    published" in the legend (with its count), the alt text, the data table
    and the drawing (white, hatched apart from "not yet inspected"); it is
    never counted as published nor as not yet inspected."""
    table = la_table.copy()
    waiting = table.index[table["category"] == j.NOT_YET_INSPECTED][:3]
    table.loc[waiting, "category"] = j.INSPECTED_NOT_PUBLISHED
    counts = Counter(table["category"])
    out = maps.draw_map(spec("la_sif_oe"), table)
    legend = texts(out["svg"])
    assert f"{j.INSPECTED_NOT_PUBLISHED} (3)" in legend
    assert f"{j.NOT_YET_INSPECTED} ({counts[j.NOT_YET_INSPECTED]})" in legend
    published = sum(counts[c] for c in j.GRADES)
    assert f"{published} had a SIF inspection published by 31 October 2016" in out["alt"]
    assert "A further 3 had been inspected, but their reports were not published by 31 October 2016" in out["alt"]
    assert "had been inspected by" not in out["alt"]
    rows = list(csv.reader(out["csv"].splitlines()))
    assert sum(r[-1] == j.INSPECTED_NOT_PUBLISHED for r in rows) == 3
    s = spec("la_sif_oe")
    cells = maps._hex_cells(s, maps._prepare(s, table)).set_index("code")
    for code in table.loc[waiting, "la_code"]:
        assert cells.loc[code, "hatched"] and cells.loc[code, "hatch"] != style.HATCH[j.NOT_YET_INSPECTED]
    # Without such an LA (the module's map of la_table) the legend does not offer the category.
    assert not any(t.startswith(j.INSPECTED_NOT_PUBLISHED) for t in texts(la_map["svg"]))


def test_la_csv_and_table(la_map, la_table):
    rows = list(csv.reader(la_map["csv"].splitlines()))
    assert rows[0] == ["LA", "Region", "Judgement"]
    assert len(rows) == 153
    names = [r[0] for r in rows[1:]]
    assert names == sorted(names, key=str.lower)
    got = {r[0]: r[2] for r in rows[1:]}
    assert got == dict(zip(la_table["la_name"], la_table["category"]))
    html = la_map["table_html"]
    assert html.startswith("<table><caption>SIF inspection overall effectiveness")
    assert html.count("<tr>") == 153


def test_csv_cells_are_formula_safe(la_table):
    table = la_table.copy()
    table.loc[0, "la_name"] = "=cmd|' /C calc'!A0"
    table.loc[1, "la_name"] = "<script>alert(1)</script>"
    out = maps.draw_map(spec("la_sif_oe"), table)
    rows = list(csv.reader(out["csv"].splitlines()))
    assert ["'=cmd|' /C calc'!A0"] == [r[0] for r in rows if "cmd" in r[0]]
    assert "<script>" not in out["table_html"] and "&lt;script&gt;" in out["table_html"]


def test_bad_tables_are_refused(la_table):
    with pytest.raises(ValueError, match="E99999999"):
        maps.draw_map(spec("la_sif_oe"), pd.concat([la_table, pd.DataFrame(
            [{"la_code": "E99999999", "la_name": "Nowhere", "region": "London", "category": j.GOOD}])]))
    with pytest.raises(ValueError, match="no row for LA codes"):
        maps.draw_map(spec("la_sif_oe"), la_table.iloc[1:])
    bad = la_table.copy()
    bad.loc[0, "category"] = "Excellent"
    with pytest.raises(ValueError, match="Excellent"):
        maps.draw_map(spec("la_sif_oe"), bad)


# --- region maps ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def region_map(region_table):
    return maps.draw_map(spec("region_homes_la_good"), region_table)


def test_region_map_labels_each_region_with_its_value(region_map, region_table):
    words = " ".join(texts(region_map["svg"]))
    for r in region_table.itertuples():
        if r.base:
            value = f"{r.region} {round(100 * r.count / r.base)}%"
            assert re.search(r"\s+".join(map(re.escape, value.split())), words), value
    for label in ("Under 70%", "70% to 79%", "80% to 89%", "90% or more", "No inspections"):
        assert label in texts(region_map["svg"])


def test_region_alt_text_names_highest_and_lowest(region_map, region_table):
    """The highest and lowest by the text's rule: a top within five points
    of the next is said with it."""
    seen = region_table[region_table["base"] > 0]
    pct = {r.region: math.floor(100 * r.count / r.base + 0.5) for r in seen.itertuples()}
    order = sorted(pct, key=pct.get)
    lo, hi, second = order[0], order[-1], order[-2]
    assert pct[hi] - pct[second] < 5 <= pct[order[1]] - pct[lo]
    alt = region_map["alt"]
    row = seen.set_index("region")

    def the(r):
        return r if r in ("London", "Yorkshire and The Humber") else f"the {r}"

    def fig(r):
        return f"{pct[r]}% ({row.loc[r, 'count']} of {row.loc[r, 'base']})"
    assert alt.startswith(f"{hi} had the highest percentage of inspections of LA-run children’s homes judged "
                          f"good or better, {fig(hi)}, though {the(second)} at {fig(second)} was within 5 points of it")
    assert f"; {the(lo)} had the lowest, {fig(lo)};" in alt
    total, base = int(region_table["count"].sum()), int(region_table["base"].sum())
    assert f"in England it was {math.floor(100 * total / base + 0.5)}% ({total} of {base})" in alt
    assert alt.endswith("There were no inspections in the South West.")


def test_region_alt_text_never_calls_a_small_region_the_highest():
    """Issue 23: a region with two inspections, both good, tops the map; the
    alt text ranks only regions with ten or more and names the one it left
    out with its figures, as the text beside it does."""
    counts, bases = [2, 31, 25, 18, 22, 15, 20, 40, 0], [2, 35, 30, 25, 30, 20, 30, 50, 0]
    table = pd.DataFrame({"region": list(j.REGIONS), "count": counts, "base": bases,
                          "percent": [math.floor(100 * c / b + 0.5) if b else None for c, b in zip(counts, bases)]})
    alt = maps.alt_text(spec("region_homes_la_good"), maps._prepare(spec("region_homes_la_good"), table))
    ranked = {r: math.floor(100 * c / b + 0.5) for r, c, b in zip(j.REGIONS, counts, bases) if b >= 10}
    hi = max(ranked, key=ranked.get)
    assert hi == "North West" and ranked[hi] < 100
    assert alt.startswith("Among regions with 10 or more inspections, the North West had the highest percentage")
    assert "The North East at 100% (2 of 2) was not ranked, with fewer than 10 inspections." in alt
    assert "the North East had the highest" not in alt
    # Too few ranked regions: no superlative at all.
    few = table.assign(base=[2, 5, 0, 0, 0, 0, 0, 0, 0], count=[2, 3, 0, 0, 0, 0, 0, 0, 0])
    few["percent"] = [100, 60] + [None] * 7
    alt = maps.alt_text(spec("region_homes_la_good"), maps._prepare(spec("region_homes_la_good"), few))
    assert "highest" not in alt and "lowest" not in alt
    assert "the North West at 60% (3 of 5) were not ranked" in alt


def test_region_csv(region_map, region_table):
    rows = list(csv.reader(region_map["csv"].splitlines()))
    assert rows[0] == ["Region", "Good or better", "Inspections", "Percentage"]
    assert [r[0] for r in rows[1:]] == list(j.REGIONS)
    sw = rows[-1]
    assert sw == ["South West", "0", "0", ""]
    assert rows[7] == ["London", "28", "30", "93"]
    assert "no inspections" in region_map["table_html"]


def test_region_colours_step_from_light_to_dark():
    lum = [style.contrast(c, "#FFFFFF") for c in maps.CLASS_COLOURS]
    assert lum == sorted(lum)
    assert all(b / a >= 1.5 for a, b in zip(lum, lum[1:]))
    assert style.contrast(maps.CLASS_COLOURS[-1], maps.CLASS_COLOURS[0]) >= 3


# --- geographic maps -----------------------------------------------------------------

@needs_geo
def test_geographic_map_draws_with_attribution(la_table):
    out = maps.draw_map(spec("la_sif_oe"), la_table, boundaries=GEO / "england_utla_2016.geojson")
    words = " ".join(texts(out["svg"]))
    assert "Contains OS data © Crown copyright and database right 2016." in words
    assert "Source: Ofsted" in words
    assert "London" in words and "South West" in words
    again = maps.draw_map(spec("la_sif_oe"), la_table, boundaries=GEO / "england_utla_2016.geojson")
    assert again["svg"] == out["svg"]
    assert len(out["svg"]) < 1_500_000


@needs_geo
def test_geographic_region_map(region_table):
    out = maps.draw_map(spec("region_homes_pv_good"), region_table,
                        boundaries=GEO / "england_utla_2016.geojson")
    assert "London 93%" in texts(out["svg"])


@needs_geo
def test_geographic_map_names_a_missing_code(tmp_path, la_table):
    collection = json.loads((GEO / "england_utla_2016.geojson").read_text(encoding="utf-8"))
    collection["features"] = [f for f in collection["features"] if f["properties"]["code"] != "E06000053"]
    path = tmp_path / "no_scilly.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    with pytest.raises(ValueError, match=r"E06000053 \(Isles of Scilly\)"):
        maps.draw_map(spec("la_sif_oe"), la_table, boundaries=path)


# --- the picture follows the data ------------------------------------------------------

def test_each_la_is_drawn_in_the_colour_of_its_judgement(la_table):
    """Every LA has one hexagon, filled with the house colour of the
    judgement the table gives it (white and hatched if not yet inspected)."""
    s = spec("la_sif_oe")
    cells = maps._hex_cells(s, maps._prepare(s, la_table))
    assert sorted(cells["code"]) == sorted(la_table["la_code"])
    judgement = dict(zip(la_table["la_code"], la_table["category"]))
    for _, cell in cells.iterrows():
        category = judgement[cell["code"]]
        if category == j.NOT_YET_INSPECTED:
            assert cell["hatched"]
        else:
            assert cell["fill"].lower() == style.COLOURS[category].lower(), cell["code"]


def test_a_changed_judgement_changes_the_map(la_table, la_map):
    changed = la_table.copy()
    i = changed.index[changed["category"] == j.INADEQUATE][0]
    changed.loc[i, "category"] = j.GOOD
    out = maps.draw_map(spec("la_sif_oe"), changed)
    assert out["svg"] != la_map["svg"]
    counts = Counter(changed["category"])
    assert f"{j.GOOD} ({counts[j.GOOD]})" in texts(out["svg"])
    assert f"{j.INADEQUATE} ({counts[j.INADEQUATE]})" in texts(out["svg"])


def test_the_page_says_of_each_map_what_its_drawing_says(figs):
    """The page is written while the maps are drawn, from what each map
    says without its drawing (``describe_map``): the same alt text and data
    tables as the drawing carries (drawn here through the project's cache,
    as ``page_charts`` draws the charts)."""
    import html

    from charts.maps import describe_map
    from release.cache import DEFAULT, Cache
    from release.outputs.render import draw_all, map_jobs

    jobs = map_jobs(figs, None)
    drawn = draw_all(jobs, Cache(DEFAULT), workers=1)
    assert jobs
    for job in jobs:
        said = describe_map(job.spec, job.table)
        assert said == {k: drawn[job.key][k] for k in ("alt", "csv", "table_html")}, job.key
        assert f'<desc id="svg-desc">{html.escape(said["alt"])}</desc>' in drawn[job.key]["svg"], job.key
