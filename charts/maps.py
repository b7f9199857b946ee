"""Maps of the release: local authority judgements and regional shares.

Two renderings of the same table:

* the **hex map** (default): one hexagon of equal size per upper-tier local
  authority, laid out by ``charts/make_hex_layout.py`` (``hex_layout.csv``)
  so that London's 33 boroughs are as legible as the shire counties, and
  each region's hexagons form one group, outlined;
* the **geographic map** (``boundaries=`` a GeoJSON of the LAs keyed by the
  property ``code``): a choropleth in British National Grid with London
  enlarged in an inset and regions dissolved from the LAs.

LA maps colour each LA by its judgement in the house colours, in judgement
order, with "not yet inspected" white, hatched and outlined so it reads
without colour; the legend gives the count of LAs in each category. Region
maps colour each region by a percentage, binned into four classes of a
sequential blue scale, and label each region with its value.

``draw_map(spec, table, boundaries=None)`` returns the SVG (text kept as
text, with the title and a description inside it), the alt text, the data
as CSV and as an HTML table. The same table gives byte-identical output.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PatchCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from release.inputs import judgements as j
from release.numbers import half_up, percent

from . import accessible, style
from .map_specs import SOURCE, SPECS, MapSpec  # noqa: F401 (SPECS is part of this module's interface)

matplotlib.use("Agg")

HERE = Path(__file__).resolve().parent
LAYOUT_CSV = HERE / "hex_layout.csv"
CENTROIDS_CSV = HERE / "la_centroids.csv"

CM = 1 / 2.54
WIDTH = 16 * CM
HEIGHT = 18 * CM
#: A hex map for a phone (the page picks it below 40rem): drawn about a
#: phone's width, so its labels show near their own size.
NARROW = (9 * CM, 11.5 * CM)
#: Attribution required by the boundary data (see geo/README.md in the shared folder: ``../shared`` beside the project, or ``$SHARED_DIR``),
#: printed under geographic maps.
ATTRIBUTION = (
    "Contains National Statistics data © Crown copyright and database right 2016.",
    "Contains OS data © Crown copyright and database right 2016.",
    "Boundaries adapted from UK-GeoJSON by Martin Chorley (https://github.com/martinjc/UK-GeoJSON), CC BY 4.0.",
)
SMALL_TEXT = "#505a5f"
LABEL_SIZE = 9
LEGEND_SIZE = 8.5
#: Label placement on hex maps: cost of a label sticking out beyond the
#: map's width, per hex width (against a distance of one row from the
#: region's centre costing about 0.87).
OVERFLOW_COST = 1.5
#: ... and of a leader line crossing other regions, per hex width.
LEADER_COST = 2.5

#: Judgement categories in legend order; "not judged" and "inspected, not
#: yet published" only when present. An LA inspected but whose report was
#: not published by the cut-off is its own category: it is not counted (no
#: judgement), and it is not "not yet inspected".
LA_CATEGORIES = j.GRADES + (j.NOT_JUDGED, j.INSPECTED_NOT_PUBLISHED, j.NOT_YET_INSPECTED)
#: Shown in the legend only when some LA has them.
WHEN_PRESENT = (j.NOT_JUDGED, j.INSPECTED_NOT_PUBLISHED)

#: Region maps: classes of the percentage (lower bound, label), light to
#: dark blue from the Analysis Function's sequential palette. The bins are
#: fixed, so the two homes maps can be compared class for class.
CLASSES = ((0, "Under 70%"), (70, "70% to 79%"), (80, "80% to 89%"), (90, "90% or more"))
CLASS_COLOURS = ("#ADD1F1", "#6BACE6", "#2073BC", "#12436D")
NO_DATA = "No inspections"
#: Simplification of boundaries (metres): invisible at the national scale
#: (a point, 1/72 inch, is about 1.6 km) and in the London inset (a point
#: is about 0.35 km).
SIMPLIFY_M = 800.0
SIMPLIFY_LONDON_M = 100.0


BY_KEY = {s.key: s for s in SPECS}


# --- entry point ------------------------------------------------------------------

def draw_map(spec: MapSpec, table: pd.DataFrame, boundaries=None, page: bool = True, phone: bool = True,
             pdf: bool = True, tables: bool = True) -> dict:
    """Draw ``table`` as ``spec`` says: a hex map, or with ``boundaries`` (a
    GeoJSON of upper-tier LAs keyed by ``code``) a geographic map. A hex
    map is drawn for the page and PDF (``svg``, ``pdf``, from one figure)
    and for a phone (``svg_narrow``), or only one of them. The data tables
    (``csv``, ``table_html``) come with the page's drawing. ``pdf=False``:
    the hex map's page drawing without its PDF copy (a build with no PDF;
    the SVG is the same either way). ``tables=False``: without the data
    tables (the build makes them with ``describe_map`` while it draws)."""
    data = _prepare(spec, table)
    alt = alt_text(spec, data)
    drawn = {}
    if page or boundaries is not None:
        # The hex map is placed in the release's PDF too, as a PDF drawing
        # of its own (release/outputs/pdf.py); the geographic map is only linked.
        svg, printed = _drawn(spec, data, boundaries, pdf=pdf and boundaries is None)
        drawn["svg"] = accessible.svg_with_title(accessible.presentation_attributes(_round_paths(svg)),
                                                 spec.title, alt)
        if printed:
            drawn["pdf"] = printed
    if phone and boundaries is None:
        narrow, _ = _drawn(spec, data, None, size=NARROW)
        drawn["svg_narrow"] = accessible.svg_with_title(accessible.presentation_attributes(
            _round_paths(narrow)), spec.title, alt)
    if not (page or boundaries is not None) or not tables:  # a phone's drawing, or tables made apart
        return {**drawn, "alt": alt}
    return {**drawn, **_described(spec, data, alt)}


def describe_map(spec: MapSpec, table: pd.DataFrame) -> dict:
    """What the page says of the map beside its picture, without drawing
    it: the alt text (``alt``) and the data as CSV (``csv``) and as an HTML
    table (``table_html``), as ``draw_map`` gives them with the page's
    drawing."""
    data = _prepare(spec, table)
    return _described(spec, data, alt_text(spec, data))


def _described(spec: MapSpec, data: pd.DataFrame, alt: str) -> dict:
    reader = data_table(spec, data)
    numeric = () if spec.kind == "la" else ("Good or better", "Inspections", "Percentage")
    return {
        "alt": alt,
        "csv": accessible.to_csv(reader),
        "table_html": accessible.to_html_table(_html_table(spec, reader), caption=spec.title, numeric=numeric),
    }


_PATH_DATA = re.compile(r'(<path\b[^>]*?\bd=")([^"]*)(")')
_NUMBER = re.compile(r"-?\d+\.\d+")


class _Rounded(dict):
    """Each coordinate as ``_round_paths`` writes it, worked out once a
    drawing rather than each time it recurs: hexagons share their corners
    (real-2017-03's four phone maps write 27,006 coordinates, 661 numbers)."""

    def __missing__(self, number: str) -> str:
        text = self[number] = f"{float(number):.2f}".rstrip("0").rstrip(".")
        return text


def _round_paths(svg: str) -> str:
    """Path coordinates to 0.01 pt (matplotlib writes 6 decimals), which
    halves the size of a geographic map without any visible change."""
    rounded = _Rounded()

    def fix(m):
        data = _NUMBER.sub(lambda n: rounded[n.group(0)], m.group(2))
        return m.group(1) + data.replace(" \n", " ") + m.group(3)

    return _PATH_DATA.sub(fix, svg)


def save(spec: MapSpec, data, boundaries, target, size=None, **savefig) -> None:
    """Draw and save the map to ``target`` in the house settings (also used
    to look at a map as PNG). ``data`` is a table or a prepared ``_Data``."""
    with style.house_style():
        _map_figure(spec, data, boundaries, size).savefig(target, **savefig)


def _drawn(spec: MapSpec, data, boundaries, size=None, pdf: bool = False) -> tuple[str, bytes | None]:
    """The map as SVG and, if ``pdf``, the same figure as a one-page PDF."""
    with style.house_style():
        fig = _map_figure(spec, data, boundaries, size)
        return style.save_svg(fig), (style.save_pdf(fig) if pdf else None)


def _map_figure(spec: MapSpec, data, boundaries, size=None) -> Figure:
    if not isinstance(data, _Data):
        data = _prepare(spec, data)
    return _hex_figure(spec, data, size or (WIDTH, HEIGHT)) if boundaries is None \
        else _geo_figure(spec, data, Path(boundaries))


# --- the data ---------------------------------------------------------------------

@dataclass
class _Data:
    """A checked table: per LA (code, name, region, category) for LA maps,
    per region (region, count, base, percent) for region maps."""

    kind: str
    las: pd.DataFrame | None = None
    regions: pd.DataFrame | None = None


def _prepare(spec: MapSpec, table: pd.DataFrame) -> _Data:
    if spec.kind == "la":
        need = ["la_code", "la_name", "region", "category"]
        _columns(spec, table, need)
        las = table[need].rename(columns={"la_code": "code", "la_name": "name"}).reset_index(drop=True)
        las = las.astype({"code": str, "name": str, "region": str, "category": str})
        dup = sorted(las.loc[las["code"].duplicated(), "code"].unique())
        if dup:
            raise ValueError(f"map {spec.key}: LA codes appear more than once: {', '.join(dup)}")
        bad = sorted(set(las["category"]) - set(LA_CATEGORIES))
        if bad:
            raise ValueError(f"map {spec.key}: unknown categories {', '.join(bad)}")
        bad = sorted(set(las["region"]) - set(j.REGIONS))
        if bad:
            raise ValueError(f"map {spec.key}: unknown regions {', '.join(bad)}")
        return _Data("la", las=las)
    if spec.kind == "region":
        need = ["region", "count", "base", "percent"]
        _columns(spec, table, need)
        rows = []
        for r in table[need].itertuples(index=False):
            count, base = int(r.count), int(r.base)
            pct = None if r.percent is None or pd.isna(r.percent) else int(half_up(r.percent))
            if base == 0:
                pct = None
            rows.append({"region": str(r.region), "count": count, "base": base, "percent": pct})
        regions = pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=object) for c in need})
        over = [r["region"] for r in rows if r["count"] > r["base"] or r["count"] < 0]
        if over:
            raise ValueError(f"map {spec.key}: count outside 0 to base for {', '.join(over)}")
        bad = sorted(set(regions["region"]) - set(j.REGIONS))
        if bad:
            raise ValueError(f"map {spec.key}: unknown regions {', '.join(bad)}")
        if regions["region"].duplicated().any():
            raise ValueError(f"map {spec.key}: a region appears more than once")
        order = {r: k for k, r in enumerate(j.REGIONS)}
        regions = regions.sort_values("region", key=lambda s: s.map(order)).reset_index(drop=True)
        return _Data("region", regions=regions)
    raise ValueError(f"map {spec.key}: kind must be 'la' or 'region', not {spec.kind!r}")


def _columns(spec, table, need) -> None:
    missing = [c for c in need if c not in table.columns]
    if missing:
        raise ValueError(f"map {spec.key}: the table has no column {', '.join(missing)}")


def _the(region: str) -> str:
    """"the North East", but "London" and "Yorkshire and The Humber"."""
    return region if region in ("London", "Yorkshire and The Humber") else f"the {region}"


def _title_fields(spec: MapSpec) -> dict:
    """The values the caller put into the title's placeholders, recovered
    by matching the formatted title against the spec's template."""
    template = BY_KEY.get(spec.key)
    if template is None or template.title == spec.title:
        return {}
    pattern, pos = "", 0
    for m in re.finditer(r"\{(\w+)\}", template.title):
        pattern += re.escape(template.title[pos:m.start()]) + f"(?P<{m.group(1)}>.+?)"
        pos = m.end()
    pattern += re.escape(template.title[pos:])
    found = re.fullmatch(pattern, spec.title)
    return found.groupdict() if found else {}


def _class_of(pct) -> int | None:
    if pct is None:
        return None
    k = 0
    for i, (low, _) in enumerate(CLASSES):
        if pct >= low:
            k = i
    return k


# --- words and tables -------------------------------------------------------------

def alt_text(spec: MapSpec, data: _Data) -> str:
    """The map's main finding in a sentence or two, from its data."""
    if data.kind == "la":
        return _la_alt(spec, data.las)
    return _region_alt(spec, data.regions)


def _la_alt(spec, las) -> str:
    """Counted (a judgement or "not judged": the report was published by the
    cut-off), inspected but not yet published, and not yet inspected are
    three separate facts: "inspected" is never said of a published count."""
    counts = las["category"].value_counts()
    n = len(las)
    judged = [c for c in j.GRADES if counts.get(c, 0)]
    done = int(sum(counts.get(c, 0) for c in j.GRADES + (j.NOT_JUDGED,)))
    waiting = int(counts.get(j.INSPECTED_NOT_PUBLISHED, 0))
    fields = _title_fields(spec)
    date = fields.get("sif_published_by") or fields.get("sif_date") or (
        fields.get("sif_span") or "").rpartition(" to ")[2] or None
    by = f" by {date}" if date else ""
    intro = f"Map of England's {n} {spec.unit} coloured by judgement."
    further = ""
    if waiting:
        its = "its report was" if waiting == 1 else "their reports were"
        further = (f" A further {waiting} had been {spec.verb}, but {its} not published{by}: "
                   f"shown as {j.INSPECTED_NOT_PUBLISHED.lower()}.")
    if done == 0:
        return f"{intro} None had {spec.event} published{by}.{further}"
    good = int(sum(counts.get(c, 0) for c in j.GOOD_OR_BETTER))
    best = ", ".join(f"{counts.get(c, 0)} {c.lower()}" for c in (j.OUTSTANDING, j.GOOD))
    rest = [f"{int(counts[c])} {c.lower()}" for c in (j.REQUIRES_IMPROVEMENT, j.INADEQUATE, j.NOT_JUDGED)
            if counts.get(c, 0)]
    were = "was" if good == 1 else "were"
    text = (f"Of the {n} {spec.unit}, {done} had {spec.event} published{by}: {good} {were} judged good or better "
            f"({best})")
    text += (", " + ", ".join(rest[:-1]) + (" and " if len(rest) > 1 else "") + rest[-1] + "." if rest else ".")
    text += further
    if not judged:
        return f"{text}"
    shares = []
    for region in j.REGIONS:
        sel = las[(las["region"] == region) & las["category"].isin(j.GRADES)]
        if len(sel):
            k = int(sel["category"].isin(j.GOOD_OR_BETTER).sum())
            shares.append((percent(k, len(sel)), region, k, len(sel)))
    if len(shares) > 1:
        hi, lo = max(s[0] for s in shares), min(s[0] for s in shares)
        if hi == lo:
            text += f" In every region, {hi}% of those judged were good or better."
        else:
            text += (f" Of those judged, the share judged good or better ranged from "
                     f"{_names(shares, lo)} to {_names(shares, hi)}.")
    return text


def _names(shares, value) -> str:
    """"10% in the North East (1 of 10)", or several tied regions."""
    tied = [s for s in shares if s[0] == value]
    parts = [f"{_the(r)} ({k} of {n})" for _, r, k, n in tied]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{value}% in {joined}"


def _join(xs: list[str]) -> str:
    return xs[0] if len(xs) == 1 else ", ".join(xs[:-1]) + " and " + xs[-1]


def _region_alt(spec, regions) -> str:
    """The highest and lowest regions by the rule the text follows
    (``materiality.rank``): only regions with FEW_TO_RANK or more
    inspections are ranked, and those left out are named with their
    figures; a top that leads the next ranked region by less than
    GAP_POINTS is said with the regions close to it, so the alt text never
    calls a region the highest that the text (or the rule) would not."""
    from release.figures.materiality import FEW_TO_RANK, GAP_POINTS, rank

    rows = [r for _, r in regions.iterrows()]
    seen = [r for r in rows if r["percent"] is not None]
    measure = f"{spec.measure} judged good or better"
    if not seen:
        return f"Map of England's regions: there were no {spec.measure} to show."
    by_name = {r["region"]: r for r in seen}

    def figure(r):
        return f"{r['percent']}% ({r['count']} of {r['base']})"

    count, base = sum(r["count"] for r in rows), sum(r["base"] for r in rows)
    england = f"; in England it was {percent(count, base)}% ({count} of {base})"
    shares = {r["region"]: (r["percent"], r["base"]) for r in seen}
    high, low = rank(shares), rank(shares, lowest=True)
    among = f"Among regions with {FEW_TO_RANK} or more inspections, " if high.left_out else ""

    def end(found, words):
        names = _join([_the(n) for n in found.top])
        said = f"{names} had the {words}, {_join([figure(by_name[n]) for n in found.top])}"
        top = by_name[found.top[0]]["percent"]
        close = [n for n in found.ranked if n not in found.top and abs(by_name[n]["percent"] - top) < GAP_POINTS]
        if close:
            said += (f", though {_join([f'{_the(n)} at {figure(by_name[n])}' for n in close])} "
                     f"{'was' if len(close) == 1 else 'were'} within {GAP_POINTS} points of it")
        return said

    if len(high.ranked) < 2:
        text = f"Fewer than two regions had {FEW_TO_RANK} or more inspections, too few to rank{england}."
    elif by_name[high.top[0]]["percent"] == by_name[low.top[0]]["percent"]:
        text = f"{among}every ranked region had {by_name[high.top[0]]['percent']}% of {measure}{england}."
    else:
        text = f"{among}{end(high, f'highest percentage of {measure}')}; {end(low, 'lowest')}{england}."
    text = text[0].upper() + text[1:]
    if high.left_out:
        few = _join([f"{_the(n)} at {figure(by_name[n])}" for n in high.left_out])
        text += (f" {few[0].upper()}{few[1:]} {'was' if len(high.left_out) == 1 else 'were'} not ranked, with fewer than "
                 f"{FEW_TO_RANK} inspections.")
    empty = [r["region"] for r in rows if r["percent"] is None]
    if empty:
        text += f" There were no inspections in {_join([_the(e) for e in empty])}."
    return text


def data_table(spec: MapSpec, data: _Data) -> pd.DataFrame:
    """The map's data as a reader downloads it."""
    if data.kind == "la":
        las = data.las.sort_values(["name", "code"], key=lambda s: s.str.lower()).reset_index(drop=True)
        return pd.DataFrame({"LA": las["name"], "Region": las["region"], spec.value_label: las["category"]})
    rows = [[r["region"], int(r["count"]), int(r["base"]), r["percent"]] for _, r in data.regions.iterrows()]
    columns = ["Region", "Good or better", "Inspections", "Percentage"]
    return pd.DataFrame({c: pd.Series([r[k] for r in rows], dtype=object) for k, c in enumerate(columns)})


def _html_table(spec, reader) -> pd.DataFrame:
    if spec.kind == "la":
        return reader
    out = reader.copy()
    out["Percentage"] = [NO_DATA.lower() if p is None else f"{p}%" for p in out["Percentage"]]
    return out


# --- the hex layout ---------------------------------------------------------------

SQ3 = math.sqrt(3)
RADIUS = 1 / SQ3  # centre to corner, for hexes one unit wide


def hex_layout(codes=None) -> pd.DataFrame:
    """The layout of the LAs ``codes`` (default: the 2016 LAs of the
    committed layout), derived from it by the successor codes
    (``release.inputs.la_sets``): code, name, region, col, row, and x, y centres
    (pointy-topped hexagons one unit wide; odd rows shifted half a unit
    east; row 0 the south). A merged LA has one row per hexagon."""
    from release.inputs.la_sets import layout_2016, layout_for

    layout = layout_2016().copy() if codes is None else layout_for(codes)
    layout["x"] = layout["col"] + 0.5 * (layout["row"] % 2)
    layout["y"] = layout["row"] * SQ3 / 2
    return layout


def hex_corners(x, y, scale=1.0) -> np.ndarray:
    angles = np.radians(30 + 60 * np.arange(6))
    return np.column_stack([x + scale * RADIUS * np.cos(angles), y + scale * RADIUS * np.sin(angles)])


def hex_neighbours(col: int, row: int) -> list[tuple[int, int]]:
    """The six neighbours of an offset cell (odd rows shifted east)."""
    if row % 2:
        steps = ((1, 0), (-1, 0), (0, 1), (1, 1), (0, -1), (1, -1))
    else:
        steps = ((1, 0), (-1, 0), (-1, 1), (0, 1), (-1, -1), (0, -1))
    return [(col + dc, row + dr) for dc, dr in steps]


def _hex_cells(spec, data) -> pd.DataFrame:
    """The layout joined to the table (LA maps: category; region maps: class)."""
    if data.kind == "la":
        las = data.las
        layout = hex_layout(las["code"])
        unknown = sorted(set(las["code"]) - set(layout["code"]))
        if unknown:
            names = dict(zip(las["code"], las["name"]))
            raise ValueError(f"map {spec.key}: no hexagon for LA codes "
                             + ", ".join(f"{c} ({names[c]})" for c in unknown)
                             + " (neither a 2016 LA of charts/hex_layout.csv nor a successor in "
                               "release/la_successors.csv)")
        missing = sorted(set(layout["code"]) - set(las["code"]))
        if missing:
            raise ValueError(f"map {spec.key}: the table has no row for LA codes {', '.join(missing)}")
        cells = layout.merge(las[["code", "region", "category"]], on="code", suffixes=("", "_table"))
        moved = cells[cells["region"] != cells["region_table"]]
        if len(moved):
            raise ValueError(f"map {spec.key}: region differs from the layout for "
                             f"{', '.join(moved['code'])}")
        cells["fill"] = cells["category"].map(style.COLOURS)
        cells["hatched"] = cells["category"].isin(list(style.HATCH))
        cells["hatch"] = cells["category"].map(style.HATCH)
        return cells
    value = {r["region"]: r for _, r in data.regions.iterrows()}
    cells = hex_layout()
    classes = [_class_of(value[g]["percent"]) if g in value else None for g in cells["region"]]
    cells["fill"] = ["#FFFFFF" if k is None else CLASS_COLOURS[k] for k in classes]
    cells["hatched"] = [k is None for k in classes]
    cells["hatch"] = ["////" if k is None else None for k in classes]
    return cells


def _la_shapes(cells: pd.DataFrame, scale: float = 1.0) -> tuple[list, list]:
    """One outline per LA (or per cell on region maps) and its fill: a
    hexagon, or for a merged LA with several hexagons (release.inputs.la_sets) the
    one shape they make together, with no edge inside it."""
    if "code" not in cells or not cells["code"].duplicated().any():
        return [hex_corners(x, y, scale) for x, y in zip(cells["x"], cells["y"])], list(cells["fill"])
    import shapely

    shapes, fills = [], []
    for _, group in cells.groupby("code", sort=False):
        if len(group) == 1:
            shapes.append(hex_corners(group["x"].iloc[0], group["y"].iloc[0], scale))
        else:
            # Hexagons a hair larger so they fuse; then shrunk as a single hexagon is.
            union = shapely.union_all([shapely.Polygon(hex_corners(x, y, 1.001)) for x, y in zip(group["x"], group["y"])])
            union = union.buffer(-(1.001 - scale) * RADIUS * SQ3 / 2, join_style="mitre")
            shapes.append(np.asarray(union.exterior.coords))
        fills.append(group["fill"].iloc[0])
    return shapes, fills


def _region_edges(cells: pd.DataFrame) -> list:
    """Segments between hexes of different regions and on the outline."""
    region_at = {(c, r): g for c, r, g in zip(cells["col"], cells["row"], cells["region"])}
    segments = []
    for (c, r), g in sorted(region_at.items()):
        x, y = c + 0.5 * (r % 2), r * SQ3 / 2
        corners = hex_corners(x, y)
        for n in hex_neighbours(c, r):
            if region_at.get(n) == g:
                continue
            nx, ny = n[0] + 0.5 * (n[1] % 2), n[1] * SQ3 / 2
            angle = math.degrees(math.atan2(ny - y, nx - x)) % 360
            k = (int(round(angle / 60)) - 1) % 6  # the corners at angle -30 and +30 degrees
            a, b = corners[k % 6], corners[(k + 1) % 6]
            if region_at.get(n) is not None and n < (c, r):
                continue  # shared edge, drawn once
            segments.append([tuple(a), tuple(b)])
    return segments


def _hex_figure(spec, data, size=(WIDTH, HEIGHT)) -> Figure:
    cells = _hex_cells(spec, data)
    fig = Figure(figsize=size)
    bottom = 0.55 / (size[1] / CM)
    ax = fig.add_axes([0, bottom, 1, 1 - bottom])
    ax.set_axis_off()

    plain = cells[~cells["hatched"]]
    hatched = cells[cells["hatched"]]
    shapes, fills = _la_shapes(plain)
    ax.add_collection(PolyCollection(shapes, facecolors=fills, edgecolors="white", linewidths=0.7, zorder=1))
    # drawn a little smaller, so the grey outline does not cover the
    # neighbours' white edges; one collection per hatch pattern
    for pattern in sorted(set(hatched["hatch"])):
        shapes, _ = _la_shapes(hatched[hatched["hatch"] == pattern], 0.93)
        ax.add_collection(PolyCollection(shapes, facecolors="white", edgecolors=style.OUTLINE, linewidths=0.6,
                                         hatch=pattern, zorder=1.5))
    ax.add_collection(LineCollection(_region_edges(cells), colors=style.TEXT, linewidths=1.5,
                                     capstyle="round", joinstyle="round", zorder=3))

    handles = _legend_handles(spec, data)
    legend = fig.legend(handles=handles, title=spec.legend_title, loc="upper left",
                        bbox_to_anchor=(0.015, 0.985), fontsize=LEGEND_SIZE, title_fontsize=LEGEND_SIZE,
                        frameon=False, handlelength=1.4, handleheight=1.1, alignment="left",
                        labelspacing=0.45, borderaxespad=0)
    legend.get_title().set_fontweight("bold")
    _place_region_labels(fig, ax, cells, spec, data, legend)
    _footer(fig, spec, geographic=False, height=size[1])
    return fig


def _legend_handles(spec, data, wrap: int = 0) -> list:
    def patch(fill, label, hatch=None):
        hatched = fill == "#FFFFFF"
        return Patch(facecolor=fill, edgecolor=style.OUTLINE if hatched else "none",
                     hatch=(hatch or "////") if hatched else None, linewidth=0.6,
                     label=textwrap.fill(label, wrap) if wrap else label)

    if data.kind == "la":
        counts = data.las["category"].value_counts()
        shown = [c for c in LA_CATEGORIES if c not in WHEN_PRESENT or counts.get(c, 0)]
        return [patch(style.COLOURS[c], f"{c} ({int(counts.get(c, 0))})", style.HATCH.get(c)) for c in shown]
    handles = [patch(colour, label) for (_, label), colour in zip(CLASSES, CLASS_COLOURS)]
    if any(p is None for p in data.regions["percent"]):
        handles.append(patch("#FFFFFF", NO_DATA))
    return handles


def _footer(fig, spec, geographic: bool, height: float = HEIGHT) -> None:
    lines = [spec.source] + (list(ATTRIBUTION) if geographic else [])
    fig.text(0.015, 0.2 / (height / CM), "\n".join(lines), fontsize=7 if not geographic else 6.5,
             color=SMALL_TEXT, va="bottom", ha="left", linespacing=1.35)


# --- region labels on the hex map -------------------------------------------------

def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, 13)) if len(text) > 13 else text


def _region_label_text(region, data) -> str:
    if data.kind == "la":
        return _wrap(region)
    row = data.regions.set_index("region").loc[region] if region in set(data.regions["region"]) else None
    if row is None or row["percent"] is None:
        return _wrap(region) + "\nno inspections"
    value = f"{row['percent']}%"
    name = _wrap(region)
    return f"{name} {value}" if "\n" in name else f"{name} {value}"


def _place_region_labels(fig, ax, cells, spec, data, legend) -> None:
    """Put each region's name beside the map, next to the region where it
    meets the map's edge, else (London, the East Midlands) outside with a
    leader line; then fit the map and labels to the axes.

    Greedy and deterministic: regions are placed in order of how few good
    spots they have, each at the free spot nearest its centre."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    regions = [g for g in j.REGIONS if g in set(cells["region"])]
    texts = {g: _region_label_text(g, data) for g in regions}
    # label sizes in inches
    size = {}
    for g in regions:
        t = fig.text(0, 0, texts[g], fontsize=LABEL_SIZE, fontweight="bold", linespacing=1.1)
        bb = t.get_window_extent(renderer)
        size[g] = (bb.width / fig.dpi, bb.height / fig.dpi)
        t.remove()
    leg_bb = legend.get_window_extent(renderer)
    ax_bb = ax.get_window_extent(renderer)
    ax_w, ax_h = ax_bb.width / fig.dpi, ax_bb.height / fig.dpi
    xmin, xmax = cells["x"].min() - 0.5, cells["x"].max() + 0.5
    ymin, ymax = cells["y"].min() - RADIUS, cells["y"].max() + RADIUS

    def arrange(scale):
        """Spots at ``scale`` (inches per unit) and the axes limits that put
        map and labels at the bottom right (the legend lives top left)."""
        placed = _choose_spots(cells, regions, size, scale)
        bx = [xmin, xmax] + [p["box"][0] for p in placed.values()] + [p["box"][2] for p in placed.values()]
        by = [ymin, ymax] + [p["box"][1] for p in placed.values()] + [p["box"][3] for p in placed.values()]
        margin = 0.25 * CM / scale  # a quarter centimetre all round
        fit = min(ax_w / (max(bx) - min(bx) + 2 * margin), ax_h / (max(by) - min(by) + 2 * margin))
        x1, y0 = max(bx) + margin, min(by) - margin
        return placed, fit, (x1 - ax_w / scale, x1), (y0, y0 + ax_h / scale)

    scale = ax_w / (xmax - xmin + 5.5)  # a first guess, refined
    for _ in range(8):
        placed, fit, xlim, ylim = arrange(scale)
        if abs(fit - scale) / scale < 0.005:
            break
        scale = fit * 0.995
    # shrink while the legend would cover a hexagon or a label
    hexes = [(x - 0.5, y - RADIUS, x + 0.5, y + RADIUS) for x, y in zip(cells["x"], cells["y"])]
    for _ in range(12):
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        legend_box = _fig_box_to_data(fig, ax, leg_bb)
        if not any(_overlap(legend_box, b, 0.1) for b in hexes + [p["box"] for p in placed.values()]):
            break
        scale *= 0.96
        placed, _, xlim, ylim = arrange(scale)
    for g in regions:
        p = placed[g]
        _halo_text(ax, p["x"], p["y"], texts[g], fontsize=LABEL_SIZE, fontweight="bold", color=style.TEXT,
                   ha=p["ha"], va="center", linespacing=1.1, zorder=5)
        if p["leader"] is not None:
            ax.plot(*zip(*p["leader"]), color=style.TEXT, linewidth=0.9, zorder=4, solid_capstyle="round",
                    path_effects=[patheffects.withStroke(linewidth=2.4, foreground="white")])
            ax.plot(*p["leader"][1], marker="o", markersize=3.2, color=style.TEXT,
                    markeredgecolor="white", markeredgewidth=0.8, zorder=4)


def _halo_text(ax, x, y, text, zorder=5, **kw):
    """A label on a white ground, so it reads over hexagons or boundaries.
    The ground is a box, not a stroked halo: matplotlib draws text with
    path effects as outlines, which PDF layout draws at about twice the
    cost of text, and a reader cannot select."""
    ground = dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none", alpha=0.85)
    return ax.text(x, y, text, zorder=zorder, bbox=ground, **kw)


def _fig_box_to_data(fig, ax, bb):
    inv = ax.transData.inverted()
    (x0, y0), (x1, y1) = inv.transform([(bb.x0, bb.y0), (bb.x1, bb.y1)])
    return (x0, y0, x1, y1)


def _overlap(a, b, pad=0.0) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def _choose_spots(cells, regions, size, scale) -> dict:
    """Label spots for ``scale`` inches per unit: {region: x, y, ha, box,
    leader}."""
    xs, ys = cells["x"].to_numpy(), cells["y"].to_numpy()
    rows, names = cells["row"].to_numpy(), cells["region"].to_numpy()
    gap = 0.18
    spots = {}
    for g in regions:
        w, h = size[g][0] / scale, size[g][1] / scale
        is_mine = names == g
        gy = ys[is_mine].mean()
        options = []
        for row in sorted(set(rows[is_mine].tolist())):
            y = row * SQ3 / 2
            band = np.abs(ys - y) < h / 2 + RADIUS + 0.02
            in_row = rows == row
            mine_x = xs[in_row & is_mine]
            all_x = xs[in_row]
            for side in ("left", "right"):
                if side == "right":
                    edge = xs[band].max() + 0.5
                    own_outer, outer = mine_x.max(), all_x.max()
                    x = edge + gap
                    box = (x, y - h / 2, x + w, y + h / 2)
                    ha = "left"
                else:
                    edge = xs[band].min() - 0.5
                    own_outer, outer = mine_x.min(), all_x.min()
                    x = edge - gap
                    box = (x - w, y - h / 2, x, y + h / 2)
                    ha = "right"
                reach = abs(edge - (own_outer + (0.5 if side == "right" else -0.5)))
                leader = None
                # the region's own hex must be the outermost in its row, and
                # near the label; otherwise a leader line points to it
                if own_outer != outer or reach > 0.75:
                    end = (float(own_outer), y)
                    leader = [(x - (0.05 if side == "right" else -0.05), y), end]
                    cost = 3.0 + abs(y - gy) + LEADER_COST * abs(x - end[0])
                else:
                    cost = abs(y - gy) + 0.3 * reach
                # labels beyond the map's own width shrink the map
                overflow = max(0.0, box[2] - (xs.max() + 0.5)) + max(0.0, (xs.min() - 0.5) - box[0])
                cost += OVERFLOW_COST * overflow
                options.append((round(float(cost), 9), row, side, {"x": float(x), "y": y, "ha": ha,
                                                                   "box": tuple(map(float, box)),
                                                                   "leader": leader}))
        options.sort(key=lambda o: (o[0], o[1], o[2]))
        spots[g] = options
    # greedy: regions with the costliest best spot go first (fewest choices)
    order = sorted(regions, key=lambda g: (-spots[g][0][0], j.REGIONS.index(g)))
    placed = {}
    for g in order:
        for _, _, _, spot in spots[g]:
            if not any(_overlap(spot["box"], p["box"], 0.08) for p in placed.values()) and \
                    not any(_crosses(spot, p) for p in placed.values()):
                placed[g] = spot
                break
        else:
            placed[g] = spots[g][0][3]
    return placed


def _crosses(a, b) -> bool:
    """Does a leader line of one spot pass through the other's label?"""
    for s, t in ((a, b), (b, a)):
        if s["leader"] is None:
            continue
        (x1, y1), (x2, y2) = s["leader"]
        bx0, by0, bx1, by1 = t["box"]
        if by0 <= y1 <= by1 and min(x1, x2) < bx1 and max(x1, x2) > bx0:
            return True
    return False


# --- the geographic map -----------------------------------------------------------

@functools.lru_cache(maxsize=4)
def _load_boundaries(path: str, stamp) -> dict:
    """LA geometries in British National Grid (metres), keyed by code, with
    the region property where the file has one."""
    import shapely
    from pyproj import Transformer
    from shapely.geometry import shape

    with open(path, encoding="utf-8") as f:
        collection = json.load(f)
    features = collection.get("features") or []
    geoms, regions, names = {}, {}, {}
    for feat in features:
        props = feat.get("properties") or {}
        if "code" not in props:
            raise ValueError(f"{path}: a feature has no 'code' property")
        geoms[str(props["code"])] = shape(feat["geometry"])
        if props.get("region"):
            regions[str(props["code"])] = props["region"]
        names[str(props["code"])] = props.get("name", "")
    if not geoms:
        raise ValueError(f"{path}: no features")
    bounds = np.array([g.bounds for g in geoms.values()])
    lonlat = bounds[:, [0, 2]].min() >= -180 and bounds[:, [0, 2]].max() <= 180 and \
        bounds[:, [1, 3]].min() >= -90 and bounds[:, [1, 3]].max() <= 90
    if lonlat:
        to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)

        def project(xy):
            x, y = to_bng.transform(xy[:, 0], xy[:, 1])
            return np.column_stack([x, y])

        geoms = {c: shapely.transform(g, project) for c, g in geoms.items()}
    geoms = {c: g if g.is_valid else shapely.make_valid(g) for c, g in geoms.items()}
    return {"geoms": geoms, "regions": regions, "names": names}


@functools.lru_cache(maxsize=1)
def _reference_regions() -> dict:
    with open(CENTROIDS_CSV, encoding="utf-8", newline="") as f:
        return {r["code"]: r["region"] for r in csv.DictReader(f)}


def _cleaned(geom, smallest: float):
    """``geom`` without islands or (estuary) holes under ``smallest`` m2."""
    import shapely

    polys = [p for p in getattr(geom, "geoms", [geom]) if p.geom_type == "Polygon"]
    keep = [p for p in polys if p.area >= smallest] or [max(polys, key=lambda p: p.area)]
    return shapely.MultiPolygon([shapely.Polygon(p.exterior, [h for h in p.interiors
                                                              if shapely.Polygon(h).area >= smallest])
                                 for p in keep])


def _simplified(geoms: dict, tolerance: float) -> dict:
    """Simplify all LAs together so neighbours keep a common border; drop
    specks and holes too small to see (under ``tolerance`` squared x 4)."""
    import shapely

    codes = sorted(geoms)
    polys = [_cleaned(geoms[c], 4 * tolerance ** 2) for c in codes]
    try:
        out = shapely.coverage_simplify(np.array(polys, dtype=object), tolerance)
    except Exception:  # noqa: BLE001 - older GEOS, or not a clean coverage
        out = [p.simplify(tolerance, preserve_topology=True) for p in polys]
    return dict(zip(codes, out))


def _geo_shapes(spec, data, path: Path):
    """Per LA to draw: code, name, region, fill, hatched; their simplified
    geometries (national and London detail); and the regions dissolved from
    them."""
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    loaded = _load_boundaries(str(path), stamp)
    geoms = loaded["geoms"]
    if data.kind == "la":
        codes = list(data.las["code"])
        missing = [c for c in codes if c not in geoms]
        if missing:
            names = dict(zip(data.las["code"], data.las["name"]))
            raise ValueError(f"map {spec.key}: the boundary file {path} has no feature with code "
                             + ", ".join(f"{c} ({names[c]})" for c in missing))
        las = data.las.assign(fill=data.las["category"].map(style.COLOURS),
                              hatched=data.las["category"].isin(list(style.HATCH)),
                              hatch=data.las["category"].map(style.HATCH))
    else:
        reference = _reference_regions()
        region_of = {c: loaded["regions"].get(c) or reference.get(c) for c in geoms}
        unplaced = sorted(c for c, g in region_of.items() if g is None)
        if unplaced:
            raise ValueError(f"map {spec.key}: no region known for codes {', '.join(unplaced)} in {path}")
        value = {r["region"]: r["percent"] for _, r in data.regions.iterrows()}
        missing = sorted(set(data.regions["region"]) - set(region_of.values()))
        if missing:
            raise ValueError(f"map {spec.key}: the boundary file {path} has no LA in {', '.join(missing)}")
        rows = []
        for c in sorted(geoms):
            k = _class_of(value.get(region_of[c]))
            rows.append({"code": c, "name": loaded["names"].get(c, ""), "region": region_of[c],
                         "fill": "#FFFFFF" if k is None else CLASS_COLOURS[k], "hatched": k is None,
                         "hatch": "////" if k is None else None})
        las = pd.DataFrame(rows)
    shapes, detail, regions = _prepared_shapes(str(path), stamp, tuple(zip(las["code"], las["region"])))
    return las, shapes, detail, regions


@functools.lru_cache(maxsize=4)
def _prepared_shapes(path: str, stamp, members: tuple):
    """Simplified LA shapes for the national map and the London inset, and
    region outlines (dissolved LAs, without slivers or estuary holes)."""
    import shapely
    from shapely.ops import unary_union

    geoms = _load_boundaries(path, stamp)["geoms"]
    codes = [c for c, _ in members]
    shapes = _simplified({c: geoms[c] for c in codes}, SIMPLIFY_M)
    detail = _simplified({c: geoms[c] for c, g in members if g == "London"}, SIMPLIFY_LONDON_M)
    regions = {}
    for g in j.REGIONS:
        parts = [shapes[c] for c, r in members if r == g]
        if not parts:
            continue
        merged = unary_union(parts)
        polys = [p for p in getattr(merged, "geoms", [merged]) if p.geom_type == "Polygon" and p.area > 1e6]
        regions[g] = shapely.MultiPolygon([shapely.Polygon(p.exterior) for p in polys])
    return shapes, detail, regions


def _geom_path(geom) -> MplPath:
    """A matplotlib path of a (multi)polygon, holes included."""
    verts, codes = [], []
    polys = [geom] if geom.geom_type == "Polygon" else [g for g in getattr(geom, "geoms", []) if
                                                         g.geom_type == "Polygon"]
    for poly in polys:
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            if len(xy) < 3:
                continue
            verts.append(xy)
            codes.append(np.full(len(xy), MplPath.LINETO, dtype=np.uint8))
            codes[-1][0] = MplPath.MOVETO
            codes[-1][-1] = MplPath.CLOSEPOLY
    if not verts:
        return MplPath(np.zeros((1, 2)))
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def _boundary_lines(geom) -> list:
    out = []
    polys = [geom] if geom.geom_type == "Polygon" else [g for g in getattr(geom, "geoms", []) if
                                                         g.geom_type == "Polygon"]
    for poly in polys:
        out.append(np.asarray(poly.exterior.coords))
    return out


def _draw_choropleth(ax, las, shapes, regions, lw_la, lw_region, london_only=False):
    sel = las[las["region"] == "London"] if london_only else las
    plain = sel[~sel["hatched"]]
    hatched = sel[sel["hatched"]]
    ax.add_collection(PatchCollection([PathPatch(_geom_path(shapes[c])) for c in plain["code"]],
                                      facecolors=list(plain["fill"]), edgecolors="white",
                                      linewidths=lw_la, zorder=1))
    for pattern in sorted(set(hatched["hatch"])):
        some = hatched[hatched["hatch"] == pattern]
        ax.add_collection(PatchCollection([PathPatch(_geom_path(shapes[c])) for c in some["code"]],
                                          facecolors="white", edgecolors=style.OUTLINE, linewidths=lw_la * 0.8,
                                          hatch="/////" if pattern == "////" else pattern, zorder=1.5))
    lines = []
    for g, geom in regions.items():
        if london_only and g != "London":
            continue
        lines.extend(_boundary_lines(geom))
    ax.add_collection(LineCollection(lines, colors=style.TEXT, linewidths=lw_region, zorder=3,
                                     joinstyle="round"))


def _geo_figure(spec, data, path: Path) -> Figure:
    """England in British National Grid filling the figure's height, the
    legend over the Irish Sea, London enlarged in an inset over the North
    Sea, attribution underneath."""
    las, shapes, detail, regions = _geo_shapes(spec, data, path)
    fig = Figure(figsize=(WIDTH, HEIGHT))
    width_cm, height_cm = WIDTH / CM, HEIGHT / CM
    foot_cm, top_cm, side_cm = 1.45, 0.25, 0.3
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_axis_off()
    _draw_choropleth(ax, las, shapes, regions, lw_la=0.25, lw_region=1.1)

    # England fills the height between the attribution and the top
    x0, y0, x1, y1 = np.array([g.bounds for g in regions.values()]).T
    xmin, ymin, ymax = x0.min(), y0.min(), y1.max()
    km_per_cm = (ymax - ymin) / (height_cm - foot_cm - top_cm)
    ax.set_xlim(xmin - side_cm * km_per_cm, xmin + (width_cm - side_cm) * km_per_cm)
    ax.set_ylim(ymin - foot_cm * km_per_cm, ymin + (height_cm - foot_cm) * km_per_cm)

    def cm_x(x):
        return side_cm + (x - xmin) / km_per_cm

    def cm_y(y):
        return foot_cm + (y - ymin) / km_per_cm

    coords = np.concatenate([np.asarray(p.exterior.coords) for g in regions.values() for p in g.geoms])

    # London: a box on the main map and the boroughs enlarged in an inset
    if "London" in regions:
        lb = regions["London"].bounds
        pad = 1500
        bx0, by0, bx1, by1 = lb[0] - pad, lb[1] - pad, lb[2] + pad, lb[3] + pad
        ax.add_patch(Rectangle((bx0, by0), bx1 - bx0, by1 - by0, fill=False, edgecolor=style.TEXT,
                               linewidth=0.8, zorder=4))
        # the inset sits top right, clear of the north-east coast
        inset_top, inset_left = height_cm - 0.2, width_cm - 6.5
        for _ in range(8):
            inset_w = width_cm - 0.2 - inset_left
            inset_h = inset_w * (by1 - by0) / (bx1 - bx0)
            band = cm_y(coords[:, 1]) > inset_top - inset_h - 0.2
            inset_left = max(float(cm_x(coords[band, 0].max())) + 0.25, width_cm - 6.5)
        inset = fig.add_axes([inset_left / width_cm, (inset_top - inset_h) / height_cm,
                              inset_w / width_cm, inset_h / height_cm])
        inset.set_axis_off()
        inset.add_patch(Rectangle((0, 0), 1, 1, transform=inset.transAxes, facecolor="white",
                                  edgecolor=style.TEXT, linewidth=0.8, zorder=0, clip_on=False))
        london = {g: geom for g, geom in regions.items() if g == "London"}
        _draw_choropleth(inset, las, detail, london, lw_la=0.5, lw_region=1.2, london_only=True)
        inset.set_xlim(bx0, bx1)
        inset.set_ylim(by0, by1)
        label = "London" if data.kind == "la" else _region_label_text("London", data)
        _halo_text(inset, 0.02, 0.97, label, transform=inset.transAxes, ha="left", va="top", fontsize=LABEL_SIZE,
                   fontweight="bold", color=style.TEXT, zorder=7)

    # region names inside their regions (London is named on its inset)
    from shapely.ops import polylabel

    for g, geom in regions.items():
        if g == "London":
            continue
        biggest = max(getattr(geom, "geoms", [geom]), key=lambda p: p.area)
        spot = polylabel(biggest, tolerance=2000)
        x, y = _GEO_LABEL_NUDGE.get(g, (0, 0))
        _halo_text(ax, spot.x + x, spot.y + y, _region_label_text(g, data), fontsize=LABEL_SIZE - 0.5,
                   fontweight="bold", color=style.TEXT, ha="center", va="center", linespacing=1.1, zorder=5)

    handles = _legend_handles(spec, data, wrap=22)
    legend = fig.legend(handles=handles, title=textwrap.fill(spec.legend_title, 26), loc="upper left",
                        bbox_to_anchor=(0.015, 0.985), fontsize=LEGEND_SIZE, title_fontsize=LEGEND_SIZE,
                        frameon=False, handlelength=1.4, handleheight=1.1, alignment="left",
                        labelspacing=0.45, borderaxespad=0)
    legend.get_title().set_fontweight("bold")
    _footer(fig, spec, geographic=True)
    return fig


#: Small shifts (metres) of region names on the geographic map, where the
#: pole of inaccessibility sits awkwardly; none needed so far.
_GEO_LABEL_NUDGE: dict = {}
