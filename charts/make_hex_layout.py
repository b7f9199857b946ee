"""Derive the hexagon map layout of England's 152 upper-tier local
authorities (2016) from their interior points.

    python -m charts.make_hex_layout [GEO_DIR]

reads ``local_authorities_2016.csv`` from ``GEO_DIR`` (default
``$SHARED_DIR/geo``, else ``../shared/geo`` beside the project) and writes, next to this file:

* ``la_centroids.csv``: code,name,region,lon,lat (the LAs' interior points,
  WGS84, as published with the boundaries);
* ``hex_layout.csv``: code,name,region,col,row, one hexagon per LA.

This is the layout of the 152 LAs of 2016. The layouts of later sets
(2019, 2021) are derived from it by the successor codes in
``release/la_successors.csv`` (``release/inputs/la_sets.py``), so it is not
regenerated when LAs merge or split.

The hexagons are pointy-topped, in "odd-r" offset coordinates: ``row`` 0 is
the southernmost row and rows count northwards; ``col`` counts eastwards,
and odd rows sit half a hexagon east of even rows. A cell's centre is
``(col + 0.5 * (row % 2), row * sqrt(3) / 2)`` in hex widths.

How the layout is made (deterministic: no random numbers; ties broken by
cell position):

1. Project the points, and England's outline (the union of
   ``england_regions.geojson``), to British National Grid (EPSG:27700), km.
2. Inflate London, points and outline alike: a distance d from the centre of
   London's boroughs becomes d + (LONDON_ZOOM - 1) * R * tanh(d / R), which
   magnifies London about LONDON_ZOOM times and shifts everything beyond it
   outwards by a constant, so the Home Counties are not squashed.
3. Choose the cells: the hex width for which about 152 hexes are at least
   half on (inflated) land, then grow one connected, hole-free set of
   exactly 152 hexes from the most covered, preferring cells with more land
   and more chosen neighbours. So the hex map keeps England's outline (the
   South West peninsula, East Anglia, the Wales gap) without holes or
   islands.
4. Assign LAs to those cells by minimising the total squared displacement
   (``scipy.optimize.linear_sum_assignment``), plus a small pull of each LA
   towards its region's centre (REGION_PULL) so regions stay compact.
5. Repair contiguity: while a region's hexes fall into more than one group,
   swap a hex of a detached piece with a cell touching the region's main
   group, choosing each time the swap that leaves fewest detached hexes and
   then adds least displacement.
6. Within each region, re-solve the assignment on the region's own cells
   (cannot break contiguity), then swap hexes across region borders
   wherever that lowers the cost and keeps both regions in one piece.

``python -m charts.make_hex_layout`` takes about 6 seconds.
"""

from __future__ import annotations

import csv
import math
import os
import sys
from collections import deque
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from scipy.optimize import linear_sum_assignment

HERE = Path(__file__).resolve().parent
#: The shared boundary folder: $SHARED_DIR/geo, else ../shared/geo beside the project
#: (never an absolute path of one machine).
DEFAULT_GEO = (Path(os.environ["SHARED_DIR"]) if os.environ.get("SHARED_DIR") else HERE.parent.parent / "shared") / "geo"
SOURCE = "local_authorities_2016.csv"
REGIONS_FILE = "england_regions.geojson"

#: London's linear magnification at its centre, and the radius (km) over
#: which it eases to a constant outward shift.
LONDON_ZOOM = 6.0
LONDON_RADIUS = 20.0
#: Weight of the pull towards the region's centre (relative to the
#: displacement, both squared, in hex widths).
REGION_PULL = 0.08


#: Growing the cell set: weight of each already chosen neighbour against a
#: cell's share of land (keeps the outline free of holes and slivers).
COMPACT = 0.12

SQ3 = math.sqrt(3)
#: Neighbours of a cell in axial coordinates (q, r).
AXIAL_STEPS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1))


# --- geometry -----------------------------------------------------------------

def project(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 lon/lat to British National Grid, in km."""
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    x, y = to_bng.transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.asarray(x) / 1000, np.asarray(y) / 1000


def inflate(x, y, centre, zoom=LONDON_ZOOM, radius=LONDON_RADIUS):
    """Push points away from ``centre``: a distance d becomes
    d + (zoom - 1) * radius * tanh(d / radius), which is ``zoom`` times d near
    the centre and d plus a constant far away (monotonic, so order along any
    ray from the centre is kept)."""
    dx, dy = x - centre[0], y - centre[1]
    d = np.hypot(dx, dy)
    grow = np.where(d > 0, (d + (zoom - 1) * radius * np.tanh(d / radius)) / np.where(d > 0, d, 1), zoom)
    return centre[0] + dx * grow, centre[1] + dy * grow


def axial_centre(q, r):
    """Centre of axial cell (q, r) in hex widths (pointy-topped)."""
    return q + r / 2, r * SQ3 / 2


def neighbours(cell):
    q, r = cell
    return [(q + dq, r + dr) for dq, dr in AXIAL_STEPS]


def components(cells: set) -> list[set]:
    """Groups of hex-adjacent cells, largest first (ties: smallest cell)."""
    left, out = set(cells), []
    while left:
        start = min(left)
        seen, todo = {start}, deque([start])
        while todo:
            for n in neighbours(todo.popleft()):
                if n in left and n not in seen:
                    seen.add(n)
                    todo.append(n)
        left -= seen
        out.append(seen)
    return sorted(out, key=lambda c: (-len(c), min(c)))


# --- layout -------------------------------------------------------------------

class Layout:
    """LAs (points in hex widths, regions) and their cells."""

    def __init__(self, codes, regions, px, py):
        self.codes, self.regions = list(codes), list(regions)
        self.p = np.column_stack([px, py])
        self.n = len(self.codes)
        self.region_names = sorted(set(self.regions))
        self.members = {g: [i for i in range(self.n) if self.regions[i] == g] for g in self.region_names}
        self.centre = {g: self.p[m].mean(axis=0) for g, m in self.members.items()}
        self.cell_of: list[tuple[int, int]] = [None] * self.n
        self.la_at: dict[tuple[int, int], int] = {}

    def cost(self, i, cell) -> float:
        cx, cy = axial_centre(*cell)
        px, py = self.p[i]
        gx, gy = self.centre[self.regions[i]]
        return (cx - px) ** 2 + (cy - py) ** 2 + REGION_PULL * ((cx - gx) ** 2 + (cy - gy) ** 2)

    def total(self) -> float:
        return sum(self.cost(i, self.cell_of[i]) for i in range(self.n))

    def place(self, i, cell):
        self.cell_of[i] = cell
        self.la_at[cell] = i

    # step 3
    def assign(self, cells):
        """Put each LA on one of ``cells`` (as many as LAs), minimising the
        total cost."""
        cells = sorted(cells)
        cost = np.array([[self.cost(i, c) for c in cells] for i in range(self.n)])
        rows, cols = linear_sum_assignment(cost)
        self.la_at = {}
        for i, k in zip(rows, cols):
            self.place(int(i), cells[k])

    def region_cells(self, g) -> set:
        return {self.cell_of[i] for i in self.members[g]}

    def detached(self, g) -> int:
        """Hexes of region ``g`` outside its largest group."""
        parts = components(self.region_cells(g))
        return sum(len(p) for p in parts[1:])

    def all_detached(self) -> int:
        return sum(self.detached(g) for g in self.region_names)

    def _try(self, moves):
        """Apply [(la, cell)], return undo list."""
        undo = [(i, self.cell_of[i]) for i, _ in moves]
        for i, _ in moves:
            if self.la_at.get(self.cell_of[i]) == i:
                del self.la_at[self.cell_of[i]]
        for i, c in moves:
            self.place(i, c)
        return undo

    def _undo(self, undo):
        for i, _ in undo:
            if self.la_at.get(self.cell_of[i]) == i:
                del self.la_at[self.cell_of[i]]
        for i, c in undo:
            self.place(i, c)

    def _candidates(self, i):
        """Moves for LA ``i``: to each cell touching its region's main group
        (swapping with whoever is there)."""
        g = self.regions[i]
        main = components(self.region_cells(g))[0]
        targets = sorted({n for c in main for n in neighbours(c)} - main)
        for c in targets:
            j = self.la_at.get(c)
            if j is not None:  # the set of cells stays as chosen
                yield [(i, c), (j, self.cell_of[i])]

    # step 4
    def repair(self, limit=500):
        for _ in range(limit):
            broken = self.all_detached()
            if broken == 0:
                return
            best = None
            base = self.total()
            for g in self.region_names:
                parts = components(self.region_cells(g))
                for part in parts[1:]:
                    for c in sorted(part):
                        i = self.la_at[c]
                        for moves in self._candidates(i):
                            undo = self._try(moves)
                            score = (self.all_detached(), self.total() - base)
                            self._undo(undo)
                            if score[0] < broken and (best is None or score < best[0]):
                                best = (score, moves)
            if best is None:
                raise RuntimeError("contiguity repair is stuck")
            self._try(best[1])
        raise RuntimeError("contiguity repair did not finish")

    # step 5
    def resolve_within_regions(self):
        for g in self.region_names:
            idx = self.members[g]
            cells = sorted(self.region_cells(g))
            cost = np.array([[self.cost(i, c) for c in cells] for i in idx])
            rows, cols = linear_sum_assignment(cost)
            for i in idx:
                del self.la_at[self.cell_of[i]]
            for a, k in zip(rows, cols):
                self.place(idx[a], cells[k])

    # step 6
    def improve(self, rounds=20):
        for _ in range(rounds):
            changed = False
            for i in range(self.n):
                g = self.regions[i]
                for c in neighbours(self.cell_of[i]):
                    j = self.la_at.get(c)
                    if j is None or self.regions[j] == g:
                        continue
                    before = self.cost(i, self.cell_of[i]) + self.cost(j, c)
                    moves = [(i, c), (j, self.cell_of[i])]
                    after = self.cost(i, c) + self.cost(j, self.cell_of[i])
                    if after >= before - 1e-9:
                        continue
                    undo = self._try(moves)
                    if self.detached(g) or self.detached(self.regions[j]):
                        self._undo(undo)
                    else:
                        changed = True
            if not changed:
                self.resolve_within_regions()
                return
            self.resolve_within_regions()


def england_outline(geo_dir: Path, centre, zoom=None, radius=None):
    """England (the union of the regions file) in km of British National Grid,
    inflated round London like the points."""
    import json

    from shapely.geometry import shape
    from shapely.ops import unary_union

    zoom = LONDON_ZOOM if zoom is None else zoom
    radius = LONDON_RADIUS if radius is None else radius
    with open(geo_dir / REGIONS_FILE, encoding="utf-8") as f:
        features = json.load(f)["features"]
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)

    def warp(xy):
        x, y = to_bng.transform(xy[:, 0], xy[:, 1])
        x, y = inflate(np.asarray(x) / 1000, np.asarray(y) / 1000, centre, zoom, radius)
        return np.column_stack([x, y])

    land = unary_union([shape(f["geometry"]) for f in features])
    # drop specks (islets under 20 km2) and fill estuary holes before warping
    polys = [p for p in getattr(land, "geoms", [land])]
    land = unary_union([shapely.Polygon(p.exterior) for p in polys])
    return shapely.transform(land, warp).buffer(0)


def hexagon(cell, size):
    """The hexagon of axial ``cell`` for hex width ``size`` (km)."""
    cx, cy = axial_centre(*cell)
    r = size / SQ3
    return shapely.Polygon([(cx * size + r * math.cos(math.radians(30 + 60 * k)),
                             cy * size + r * math.sin(math.radians(30 + 60 * k))) for k in range(6)])


def cells_covering(land, count: int) -> tuple[float, list]:
    """A hex width (km) and the ``count`` hexes of that width that best cover
    ``land``: the width is chosen (bisection) so that about ``count`` hexes
    are at least half on land, then the ``count`` hexes with most land win
    (ties: west to east, south to north)."""
    minx, miny, maxx, maxy = land.bounds
    prepared = shapely.prepared.prep(land) if hasattr(shapely, "prepared") else land

    def hexes(size):
        rmin, rmax = int(math.floor(miny / (size * SQ3 / 2))) - 1, int(math.ceil(maxy / (size * SQ3 / 2))) + 1
        for r in range(rmin, rmax + 1):
            qmin = int(math.floor(minx / size - r / 2)) - 1
            qmax = int(math.ceil(maxx / size - r / 2)) + 1
            for q in range(qmin, qmax + 1):
                yield (q, r), hexagon((q, r), size)

    def score(size):
        out = []
        for cell, h in hexes(size):
            if not prepared.intersects(h):
                continue
            share = land.intersection(h).area / h.area
            if share > 0:
                out.append((share, cell))
        return out

    def half_on_land(size):
        """How many hexes of width ``size`` are at least half on land: the
        count ``score`` gives, without intersecting the hexes wholly on land
        (their share is 1, give or take a rounding), which is most of the
        layout script's time."""
        return sum(1 for _, h in hexes(size) if prepared.contains(h)
                   or (prepared.intersects(h) and land.intersection(h).area / h.area >= 0.5))

    lo, hi = 10.0, 120.0
    for _ in range(24):
        mid = (lo + hi) / 2
        n = half_on_land(mid)
        if n > count:
            lo = mid
        else:
            hi = mid
    size = hi
    share = {c: v for v, c in score(size)}
    # grow one connected set from the most covered cell, always adding the
    # neighbouring cell with most land, nudged towards cells that close gaps
    chosen = {max(share, key=lambda c: (share[c], -c[1], -c[0]))}
    while len(chosen) < count:
        border = {n for c in chosen for n in neighbours(c)} - chosen
        def priority(c):
            inside = sum(1 for n in neighbours(c) if n in chosen)
            return (share.get(c, 0.0) + COMPACT * inside, -c[1], -c[0])
        chosen.add(max(sorted(border), key=priority))
    # fill any hole with the least covered cell of the outer edge
    for _ in range(count):
        holes = _holes(chosen)
        if not holes:
            break
        outer = _outside(chosen)
        edge = [c for c in sorted(chosen) if any(n in outer for n in neighbours(c))
                and len(components(chosen - {c})) == 1]
        worst = min(edge, key=lambda c: (share.get(c, 0.0) + COMPACT * sum(n in chosen for n in neighbours(c)),
                                         c[1], c[0]))
        chosen = (chosen - {worst}) | {min(holes)}
    return size, sorted(chosen)


def _outside(cells: set) -> set:
    """Cells not in ``cells`` reachable from beyond their bounding box."""
    qs, rs = [c[0] for c in cells], [c[1] for c in cells]
    box = {(q, r) for q in range(min(qs) - 2 - max(rs), max(qs) + 3 - min(rs))
           for r in range(min(rs) - 1, max(rs) + 2)}
    free = box - cells
    start = min(free, key=lambda c: (c[1], c[0]))  # the bottom row is outside
    seen, todo = {start}, deque([start])
    while todo:
        for n in neighbours(todo.popleft()):
            if n in free and n not in seen:
                seen.add(n)
                todo.append(n)
    return seen


def _holes(cells: set) -> set:
    """Cells not in ``cells`` but enclosed by them."""
    outer = _outside(cells)
    return {n for c in cells for n in neighbours(c) if n not in cells and n not in outer}


def read_points(geo_dir: Path) -> list[dict]:
    with open(geo_dir / SOURCE, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if len(rows) != 152:
        raise ValueError(f"{geo_dir / SOURCE}: expected 152 LAs, found {len(rows)}")
    return sorted(rows, key=lambda r: r["code"])


def make_layout(rows: list[dict], geo_dir: Path = DEFAULT_GEO) -> list[dict]:
    """Cells (col, row) for ``rows`` of the reference CSV; see the module docs."""
    x, y = project([float(r["centroid_lon"]) for r in rows], [float(r["centroid_lat"]) for r in rows])
    london = np.array([r["region"] == "London" for r in rows])
    centre = (x[london].mean(), y[london].mean())
    x, y = inflate(x, y, centre)
    size, cells = cells_covering(england_outline(geo_dir, centre), len(rows))
    layout = Layout([r["code"] for r in rows], [r["region"] for r in rows], x / size, y / size)
    layout.assign(cells)
    layout.repair()
    layout.resolve_within_regions()
    layout.improve()
    assert layout.all_detached() == 0
    # axial -> odd-r offset, row 0 the southernmost (kept even, so parity holds)
    qs = [c[0] for c in layout.cell_of]
    rs = [c[1] for c in layout.cell_of]
    r0 = min(rs) - (min(rs) % 2)
    cols = [q + (r - (r & 1)) // 2 for q, r in zip(qs, rs)]
    c0 = min(cols)
    out = []
    for k, row in enumerate(rows):
        out.append({"code": row["code"], "name": row["name"], "region": row["region"],
                    "col": cols[k] - c0, "row": rs[k] - r0})
    return out


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    geo_dir = Path(argv[0]) if argv else DEFAULT_GEO
    rows = read_points(geo_dir)
    layout = make_layout(rows, geo_dir)
    by_name = sorted(rows, key=lambda r: r["name"])
    with open(HERE / "la_centroids.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "region", "lon", "lat"])
        for r in by_name:
            w.writerow([r["code"], r["name"], r["region"], r["centroid_lon"], r["centroid_lat"]])
    with open(HERE / "hex_layout.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "region", "col", "row"])
        for r in sorted(layout, key=lambda r: r["name"]):
            w.writerow([r["code"], r["name"], r["region"], r["col"], r["row"]])
    print(f"wrote {HERE / 'la_centroids.csv'} and {HERE / 'hex_layout.csv'} ({len(layout)} hexes)")


if __name__ == "__main__":
    main()
