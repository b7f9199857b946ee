"""The cold build's shortcuts give what the longer way gave (issue 28).

Each shortcut here replaced work that was done again or done slowly; the
build's outputs are byte-identical to before (checked by building with the
code before and after). These tests keep each shortcut equal to the plain
definition it replaced, on data built to include the awkward cases.
"""

import itertools
import math
from collections import Counter

from hypothesis import given, settings, strategies as st

from release.outputs import opendata
from release.outputs.opendata import TOTAL


def count_by_scan(tally: Counter, combo: tuple) -> int:
    """The open data's count as first written: every record whose each
    value is the combination's, or is under its Total."""
    return sum(n for key, n in tally.items() if all(c == TOTAL or c == k for c, k in zip(combo, key)))


VALUES = st.sampled_from(["Good", "Outstanding", "Inadequate", TOTAL, "", math.nan])


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 3).flatmap(lambda width: st.dictionaries(
    st.tuples(*[VALUES] * width), st.integers(0, 5), max_size=12).map(lambda d: (width, d))))
def test_counts_with_totals_equal_a_scan_of_the_records(case):
    """Every combination of the values seen and Total, counted by one look-up,
    equals the count by a scan; including a record whose own value is the
    word Total (counted once, not twice), one with no value (NaN, which
    equals nothing but Total), zero counts and no records at all."""
    width, records = case
    tally = Counter(records)
    counts = opendata._with_totals(tally)
    # The combinations looked up are filter values and Total (text).
    seen = {v for key in tally for v in key if isinstance(v, str)} | {TOTAL, "Good"}
    for combo in itertools.product(sorted(seen, key=str), repeat=width):
        assert counts[combo] == count_by_scan(tally, combo), combo
