"""Local authorities of any year: the 152 of 2016 and the sets after the
restructures ONS records in ``release/la_successors.csv`` (2019:
Bournemouth, Christchurch and Poole, and Dorset; 2021: North and West
Northamptonshire), and where each LA of a release sits on the hex map.

The successor table is data: one row per predecessor and successor, with
the date, the DfE three-digit code of the successor, its type, region and
the ONS source that records the change. A release's LAs are those of its
own date; nothing here is tied to one release.

The hex layout of a set of LAs is derived from the committed 2016 layout
(``charts/hex_layout.csv``, made by ``charts/make_hex_layout.py``) by the
successor codes in the release's data, so the map's outline and every
other LA's hexagon stay where readers know them:

- **Merged** (several predecessors, one successor: Bournemouth and Poole
  into Bournemouth, Christchurch and Poole): the successor takes all its
  predecessors' hexagons, drawn as one shape with no edge inside it. No
  hexagon is left empty (an empty cell inside the map would read as
  missing data) and the regions keep their shape.
- **Replaced** (one predecessor, one successor: Dorset county by Dorset
  council): the successor takes the predecessor's hexagon.
- **Split** (one predecessor, several successors: Northamptonshire): the
  successor listed first in the table keeps the predecessor's hexagon (West
  Northamptonshire, which holds Northampton); each other one takes the
  hexagon next to it on a shortest path to a free cell (off the map), and
  the LAs on that path each move one cell along it, so no LA moves more
  than one cell. Paths through the region's own hexagons are tried first;
  the East Midlands has no free cell on its edge, so North Northamptonshire
  takes the cell towards Nottingham, and Nottingham, Nottinghamshire and
  North Lincolnshire each move one cell north-east, onto the coast. A path
  is taken only if every region and every LA stays in one piece.
"""

from __future__ import annotations

import functools
from collections import deque
from pathlib import Path

import pandas as pd

from ..errors import Problem

HERE = Path(__file__).resolve().parent.parent  # release/, which holds the successor table
SUCCESSORS_CSV = HERE / "la_successors.csv"
LAYOUT_CSV = HERE.parent / "charts" / "hex_layout.csv"
LA_FILE = "local_authorities.csv"


@functools.lru_cache(maxsize=1)
def successors() -> pd.DataFrame:
    """The successor table, in file order."""
    return pd.read_csv(SUCCESSORS_CSV, dtype=str, keep_default_na=False)


@functools.lru_cache(maxsize=1)
def layout_2016() -> pd.DataFrame:
    """The committed 2016 layout: code, name, region, col, row."""
    return pd.read_csv(LAYOUT_CSV, dtype={"code": str, "name": str, "region": str, "col": int, "row": int},
                       keep_default_na=False)


def neighbours(col: int, row: int) -> list[tuple[int, int]]:
    """The six neighbours of an offset cell (odd rows shifted east)."""
    if row % 2:
        steps = ((1, 0), (-1, 0), (0, 1), (1, 1), (0, -1), (1, -1))
    else:
        steps = ((1, 0), (-1, 0), (-1, 1), (0, 1), (-1, -1), (0, -1))
    return [(col + dc, row + dr) for dc, dr in steps]


def layout_for(codes) -> pd.DataFrame:
    """Hex cells for the LAs ``codes``: code, name, region, col, row, one
    row per hexagon (a merged LA has several). The 2016 layout with every
    change whose successor is among ``codes`` applied, in date order."""
    return _layout_for(frozenset(codes)).copy()


@functools.lru_cache(maxsize=8)
def _layout_for(codes: frozenset) -> pd.DataFrame:
    cells = {(r.col, r.row): [r.code, r.name, r.region] for r in layout_2016().itertuples(index=False)}
    table = successors()
    applied = table[table["successor_code"].isin(codes)]
    for predecessor in applied.sort_values(["effective", "predecessor_code"])["predecessor_code"].unique():
        rows = table[table["predecessor_code"] == predecessor]
        own = sorted(c for c, la in cells.items() if la[0] == predecessor)
        if not own:
            continue
        first, *others = [[r.successor_code, r.successor_name, r.region] for r in rows.itertuples(index=False)]
        for c in own:
            cells[c] = list(first)
        for la in others:
            _make_room(cells, own[0], la)
    out = pd.DataFrame([{"code": la[0], "name": la[1], "region": la[2], "col": c[0], "row": c[1]}
                        for c, la in cells.items()])
    return out.sort_values(["name", "col", "row"]).reset_index(drop=True)


def _make_room(cells: dict, start: tuple, la: list) -> None:
    """Put ``la`` next to ``start``: the LAs on a shortest path from
    ``start`` to a free cell each move one cell along it, and ``la`` takes
    the first cell after ``start``. Paths through the region's own hexagons
    are tried first, then paths through any; the first path (shortest, then
    ending at the free cell with most neighbours on the map, then lowest
    column and row) that leaves every region and LA in one piece is taken."""
    region = cells[start][2]
    for within in (True, False):
        for path, free in _paths(cells, start, region if within else None):
            trial = dict(cells)
            trial[free] = trial[path[-1]]
            for k in range(len(path) - 1, 0, -1):
                trial[path[k]] = trial[path[k - 1]]
            trial[path[1] if len(path) > 1 else free] = list(la)
            if _in_one_piece(trial):
                cells.clear()
                cells.update(trial)
                return
    raise ValueError(f"no room on the hex map for {la[1]} ({la[0]}) next to {cells[start][1]}")


def _paths(cells: dict, start: tuple, region: str | None):
    """(path from ``start``, free cell next to its end), best first."""
    parent, order, todo = {start: None}, [start], deque([start])
    while todo:
        here = todo.popleft()
        for n in sorted(neighbours(*here)):
            if n not in parent and n in cells and (region is None or cells[n][2] == region):
                parent[n] = here
                order.append(n)
                todo.append(n)
    depth = {}
    for c in order:
        depth[c] = 0 if parent[c] is None else depth[parent[c]] + 1
    options = sorted({(depth[c], -sum(m in cells for m in neighbours(*f)), f, c)
                      for c in order for f in neighbours(*c) if f not in cells})
    for _, _, free, end in options:
        path = [end]
        while parent[path[-1]] is not None:
            path.append(parent[path[-1]])
        yield path[::-1], free


def _in_one_piece(cells: dict) -> bool:
    """Every region's hexagons, and every LA's, form one connected group."""
    for k in (2, 0):
        groups = {}
        for c, la in cells.items():
            groups.setdefault(la[k], set()).add(c)
        for members in groups.values():
            first = min(members)
            seen, todo = {first}, deque([first])
            while todo:
                for n in neighbours(*todo.popleft()):
                    if n in members and n not in seen:
                        seen.add(n)
                        todo.append(n)
            if seen != members:
                return False
    return True


# --- checks for validation ---------------------------------------------------------

def placement_problems(las: pd.DataFrame) -> list[Problem]:
    """Every LA of ``local_authorities.csv`` (text, index = row) that the
    hex map cannot place, and every LA the map has that the file lacks:
    unknown codes, LAs replaced by a successor also in the file, regions
    other than the layout's."""
    codes = set(las["la_code"])
    layout = layout_for(codes)
    placed = layout.drop_duplicates("code").set_index("code")
    table = successors()
    replaced_by = {}
    for r in table[table["successor_code"].isin(codes)].itertuples(index=False):
        replaced_by.setdefault(r.predecessor_code, []).append(f"{r.successor_name} ({r.successor_code})")
    problems = []
    # Read row by row from the columns: iterrows built a Series a row and
    # was most of this check's time.
    region_of = dict(zip(placed.index, placed["region"]))
    for row, code, name, region in zip(las.index, las["la_code"], las["la_name"], las["region"]):
        if code in replaced_by:
            problems.append(Problem(LA_FILE, int(row), "la_code", f"{code} ({name})",
                                    f"the LAs of one date: {name} was replaced by {' and '.join(replaced_by[code])}, "
                                    f"also in the file (release/la_successors.csv)"))
        elif code not in region_of:
            problems.append(Problem(LA_FILE, int(row), "la_code", f"{code} ({name})",
                                    "an LA the hex map can place: a 2016 LA code (charts/hex_layout.csv) or a "
                                    "successor code in release/la_successors.csv"))
        elif region_of[code] != region:
            problems.append(Problem(LA_FILE, int(row), "region", region,
                                    f"{region_of[code]}, the region of {name} ({code}) on the hex map"))
    for code in sorted(set(placed.index) - codes):
        problems.append(Problem(LA_FILE, None, "la_code", None,
                                f"a row for {placed.at[code, 'name']} ({code}): every LA of the release's date is "
                                "listed, so the hex map has no gap"))
    return problems
