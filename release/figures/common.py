"""Building blocks shared by the figure modules: judgement profiles as
tidy tables, and keys for grades."""

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


def profile(values: pd.Series, categories) -> dict[str, int]:
    """Count of each category in ``values`` (zeros kept, order kept)."""
    counts = values.value_counts()
    return {c: int(counts.get(c, 0)) for c in categories}


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
