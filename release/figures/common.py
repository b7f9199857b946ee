"""Building blocks shared by the figure modules: judgement profiles as
tidy tables, and keys for grades."""

from collections import Counter, defaultdict

import numpy as np
import pandas as pd

from ..inputs import judgements as j
from ..numbers import percent
from ..inputs.key_point_names import slug  # noqa: F401  (figure keys from names)

#: Short key of each category word, for figure keys.
KEY = {
    j.OUTSTANDING: "outstanding",
    j.GOOD: "good",
    j.REQUIRES_IMPROVEMENT: "requires_improvement",
    j.INADEQUATE: "inadequate",
    j.NOT_JUDGED: "not_judged",
    j.NOT_YET_INSPECTED: "not_yet_inspected",
    j.ADEQUATE: "adequate",
    j.IMPROVED: "improved",
    j.STAYED_THE_SAME: "stayed_the_same",
    j.DECLINED: "declined",
    j.IMPROVED_EFFECTIVENESS: "improved_effectiveness",
    j.SUSTAINED_EFFECTIVENESS: "sustained_effectiveness",
    j.DECLINED_EFFECTIVENESS: "declined_in_effectiveness",
}


def profile(values, categories) -> dict[str, int]:
    """Count of each category in ``values`` (zeros kept, order kept); a
    missing value is no category, so is not counted."""
    # Counted in plain Python: the columns are a few thousand values at most,
    # and pandas' value_counts costs more per call than counting them.
    counts = Counter(values.tolist() if isinstance(values, pd.Series) else values)
    return {c: counts.get(c, 0) for c in categories}


def count_in(values, categories) -> int:
    """How many of ``values`` are one of ``categories`` (a missing value
    is none of them)."""
    wanted = set(categories)
    return sum(1 for v in (values.tolist() if isinstance(values, pd.Series) else values) if v in wanted)


class Rows:
    """Some rows of a table, as plain lists: ``rows[column]`` is that
    column's values in the table's order, ``len(rows)`` how many rows."""

    def __init__(self, columns):
        self.columns = {column: [] for column in columns}
        self.size = 0

    def __getitem__(self, column: str) -> list:
        return self.columns[column]

    def __len__(self) -> int:
        return self.size


def split(frame: pd.DataFrame, by, keys, columns) -> dict[str, Rows]:
    """``frame``'s rows for each of ``keys`` by their value of ``by`` (a
    column's name, or a Series of values in the frame's order), in the
    frame's order: the rows ``frame[frame[by] == key]`` gives, as lists of
    the values of ``columns`` (``Rows``); no rows for a key no row has."""
    # In plain Python: the groups are counted and read, never computed on,
    # and a few hundred rows are read into lists for less than pandas takes
    # to make one frame of them.
    values = (frame[by] if isinstance(by, str) else by).tolist()
    groups = {key: Rows(columns) for key in keys}
    data = [(column, frame[column].tolist()) for column in columns]
    for i, value in enumerate(values):
        rows = groups.get(value)
        if rows is not None:
            rows.size += 1
            for column, column_values in data:
                rows.columns[column].append(column_values[i])
    return groups


def tidy(groups: dict[str, dict[str, int]], categories) -> pd.DataFrame:
    """A chart table: one row per group and category, with the count and
    its whole-number percentage of the group total (rounded half up)."""
    rows = []
    for group, counts in groups.items():
        total = sum(counts.get(c, 0) for c in categories)
        for c in categories:
            n = int(counts.get(c, 0))
            rows.append((group, c, n, percent(n, total) or 0))
    # From tuples: the same table as from a dict a row, in three quarters of the time.
    return pd.DataFrame.from_records(rows, columns=["group", "category", "count", "percent"])


def add_profile(ledger, prefix: str, counts: dict[str, int], base: int, what: str, of: str | None = None,
                how: str = "") -> None:
    """Add a share of ``base`` for each category and for good or better.

    Each definition stands alone (tests/test_definitions.py): ``what`` the
    share counts ("Inspections in the period"), ``how`` it was judged (" for
    overall effectiveness at their latest inspection"), and ``of`` its base;
    by default all of ``what``."""
    of = of or "all " + what[:1].lower() + what[1:]

    def define(words):
        return f"{what} judged {words}{how}, of {of}"

    for category, n in counts.items():
        ledger.share(f"{prefix}.{KEY[category]}", n, base, define(category.lower()))
    good = sum(n for c, n in counts.items() if c in j.GOOD_OR_BETTER)
    ledger.share(f"{prefix}.good_or_better", good, base, define("good or outstanding"))
    ri_or_lower = counts.get(j.REQUIRES_IMPROVEMENT, 0) + counts.get(j.INADEQUATE, 0)
    ledger.share(f"{prefix}.requires_improvement_or_lower", ri_or_lower, base,
                 define("requires improvement to be good or inadequate"))


def with_details(left: pd.DataFrame, right: pd.DataFrame, key: str) -> pd.DataFrame:
    """Each row of ``left`` (records) with the details ``right`` (a
    reference table: LAs, homes) holds for its ``key``, on a fresh index:
    ``left.merge(right, on=key, how="left")``. Where ``right`` has one row
    for each key and every row of ``left`` finds its own (validation makes
    every LA code and URN of the records one of the reference tables'), the
    columns are put together without pandas' merge, which took longer than
    the figures it joined for; any other case (a key missing or repeated, a
    column in both) is that merge."""
    where = dict(zip(right[key].tolist(), range(len(right))))
    keys = left[key].tolist()
    others = [c for c in right.columns if c != key]
    if len(where) != len(right) or left[key].dtype != right[key].dtype or set(others) & set(left.columns) \
            or not all(k in where for k in keys):
        return left.merge(right, on=key, how="left")
    rows = np.array([where[k] for k in keys], dtype=np.intp)
    data = {c: left[c].array for c in left.columns}
    data.update({c: right[c].array.take(rows) for c in others})
    return pd.DataFrame(data)
