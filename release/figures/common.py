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


def split(frame: pd.DataFrame, by, keys) -> dict[str, pd.DataFrame]:
    """``frame``'s rows for each of ``keys`` by their value of ``by`` (a
    column's name, or a Series of values in the frame's order), in the
    frame's order: the rows ``frame[frame[by] == key]`` gives, and an empty
    frame (same columns) for a key no row has. The values are read once,
    not compared once for each key."""
    values = frame[by] if isinstance(by, str) else by
    rows = defaultdict(list)
    for i, value in enumerate(values.tolist()):
        rows[value].append(i)
    # One take of the rows, group after group, then a slice for each group:
    # a take costs the same for ten rows as for a thousand.
    keys = list(dict.fromkeys(keys))
    grouped = frame.take(np.array([i for key in keys for i in rows.get(key, ())], dtype=np.intp))
    groups, start = {}, 0
    for key in keys:
        end = start + len(rows.get(key, ()))
        groups[key] = grouped.iloc[start:end]
        start = end
    return groups


def tidy(groups: dict[str, dict[str, int]], categories) -> pd.DataFrame:
    """A chart table: one row per group and category, with the count and
    its whole-number percentage of the group total (rounded half up)."""
    rows = []
    for group, counts in groups.items():
        total = sum(counts.get(c, 0) for c in categories)
        for c in categories:
            n = int(counts.get(c, 0))
            rows.append({"group": group, "category": c, "count": n, "percent": percent(n, total) or 0})
    return pd.DataFrame(rows, columns=["group", "category", "count", "percent"])


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
