"""Validation passes a file without pandera only when pandera would pass it.

``validate._run_schema`` checks a file's columns with its own rules first
and calls pandera (which lists each failure by file, row and column) only
when something fails. So the two must agree on every file: a file the
quick check passes and pandera would refuse would be a bad value let into
the release unreported. Each example takes a release's good file and
spoils one cell (or drops a column) in a way a real file could be spoiled.
"""

import numpy as np
import pandera.pandas as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA
from release.inputs import validate as v
from release.inputs.config import load_release
from release.inputs.load import read_sources

RAW, _ = read_sources(DATA)
REL = load_release(DATA)
RULES = v._schemas(REL, RAW.frames["local_authorities.csv"]["la_code"], RAW.frames["childrens_homes.csv"]["urn"])

#: What a spoilt cell holds: blank, text of no kind, a missing value, a
#: date outside every period, a number with a thousands comma, a value with
#: a space around it, and another row's value (a duplicate where a column
#: must be unique).
SPOILS = ("", "unknown", None, "1999-01-01", "2100-12-31", "1,000", " padded ", "another row")


def pandera_passes(rules, frame) -> bool:
    try:
        v._pandera(rules).validate(frame, lazy=True)
    except pa.errors.SchemaErrors:
        return False
    return True


def spoilt(frame, column: str, row: int, spoil):
    frame = frame.copy()
    if spoil == "another row":
        spoil = frame[column].iloc[(row + 1) % len(frame)]
    elif spoil == " padded ":
        spoil = f" {frame[column].iloc[row]} "
    frame.loc[frame.index[row], column] = np.nan if spoil is None else spoil
    return frame


@pytest.mark.parametrize("name", sorted(RULES))
def test_a_good_file_passes_both_ways(name):
    frame = RAW.frames[name]
    assert v._passes(RULES[name], frame) and pandera_passes(RULES[name], frame)


@pytest.mark.parametrize("name", sorted(RULES))
@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_spoilt_file_is_judged_the_same_both_ways(name, data):
    rules, frame = RULES[name], RAW.frames[name]
    column = data.draw(st.sampled_from(sorted(rules)), label="column")
    if data.draw(st.booleans(), label="drop the column instead"):
        bad = frame.drop(columns=[column])
    else:
        row = data.draw(st.integers(0, len(frame) - 1), label="row")
        bad = spoilt(frame, column, row, data.draw(st.sampled_from(SPOILS), label="spoil"))
    assert v._passes(rules, bad) == pandera_passes(rules, bad)


def test_a_quick_check_that_passed_everything_would_be_found():
    """The comparison above fails on a quick check that lets a bad value
    through: one that reads only the first rule of each column."""
    def first_rule_only(rules, frame):
        return v._passes({c: checks[:1] for c, checks in rules.items()}, frame)

    rules, frame = RULES["sif_inspections.csv"], RAW.frames["sif_inspections.csv"]
    # Unique is the second rule of inspection_id: a duplicate id passes the first.
    bad = spoilt(frame, "inspection_id", 0, "another row")
    assert first_rule_only(rules, bad) != pandera_passes(rules, bad)
    assert v._passes(rules, bad) == pandera_passes(rules, bad) is False


#: Values a column's quick test might read differently from its pandas
#: rule: blank, space, a line break after a good value, digits of another
#: script, signs and decimals, case, a GSS symbol, and a suppressed count's
#: near misses.
AWKWARD = ("", " ", "\n", "٣", "１２", "-1", "1.0", "+1", "[c]", "[z]", "[x]", "c", "[C]", "Good", "good", "Yes",
           "yes", "E10000016", "E10000016\n", "e10000016", "E1000001", "E100000166", "E20000016")


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_rules_quick_test_passes_exactly_the_values_its_pandas_rule_passes(name):
    """A rule's quick test (``Rule.quick``, plain Python, tried first) says
    "every value good" of exactly the columns its pandas rule passes: each
    of the file's own values and each awkward one (a good value before a
    line break included), alone, after one of the file's values, and
    twice."""
    import pandas as pd

    for column, rules in RULES[name].items():
        own = sorted(set(RAW.frames[name][column].tolist()))[:50]
        for value in own + list(AWKWARD) + [good + "\n" for good in own[:3]]:
            for values in ([value], [own[0], value], [value, value]):
                for rule in rules:
                    if rule.quick is not None:
                        passed = bool(rule.good(pd.Series(values, dtype=object)).all())
                        assert rule.quick(values) == passed, (column, rule.expected, values)
