"""The figure modules split a frame once by a column (``common.split``,
each group's rows as plain lists of the columns asked for) and count
categories in plain Python (``common.profile``, ``count_in``) instead of
filtering and counting with pandas once per group. Each must give what the
pandas filter or count gives, for any group: one with rows, one with none
(an empty region: no rows in each column, so its figures are 0 of 0 as
before), and missing values, which belong to no group."""

import numpy as np
import pandas as pd
import pytest

from release.figures.common import count_in, profile, split
from release.inputs import judgements as j

COLUMNS = ("region", "overall_effectiveness", "inspection_date")


def as_frame(rows, frame) -> pd.DataFrame:
    """A group's lists as a frame of ``frame``'s columns and dtypes (numbered
    from 0), to compare with the rows a filter gives."""
    return pd.DataFrame({c: pd.Series(rows[c], dtype=frame[c].dtype) for c in frame.columns})


@pytest.fixture
def frame():
    """Inspections as the validated tables hold them: string columns that
    may be missing, a date column, and the source row numbers as the index."""
    return pd.DataFrame({
        "region": pd.array(["London", "North East", np.nan, "London", "South West"], dtype="str"),
        "overall_effectiveness": pd.array([j.GOOD, np.nan, j.INADEQUATE, j.OUTSTANDING, j.GOOD], dtype="str"),
        "inspection_date": pd.to_datetime(["2016-01-04", "2016-02-01", "2016-03-01", "2015-12-01", "2016-01-05"]),
    }, index=[7, 3, 9, 4, 12])


def test_split_gives_each_group_the_rows_a_filter_gives(frame):
    groups = split(frame, "region", j.REGIONS, COLUMNS)
    assert list(groups) == list(j.REGIONS)
    for region, rows in groups.items():
        filtered = frame[frame["region"] == region]
        assert len(rows) == len(filtered)
        pd.testing.assert_frame_equal(as_frame(rows, frame), filtered.reset_index(drop=True))


def test_a_group_with_no_rows_has_each_column_asked_for_with_no_values(frame):
    empty = split(frame, "region", ["East Midlands"], COLUMNS)["East Midlands"]
    assert len(empty) == 0 and all(empty[c] == [] for c in COLUMNS)
    pd.testing.assert_frame_equal(as_frame(empty, frame), frame[frame["region"] == "East Midlands"].reset_index(drop=True))
    # Its figures are none of none, as a filter's were.
    assert profile(empty["overall_effectiveness"], j.GRADES) == dict.fromkeys(j.GRADES, 0)
    assert count_in(empty["overall_effectiveness"], j.GOOD_OR_BETTER) == 0


def test_split_by_values_in_the_frames_order(frame):
    areas = frame["region"].map(j.AREAS)
    groups = split(frame, areas, ("north", "midlands", "south"), COLUMNS)
    for area, rows in groups.items():
        filtered = frame[areas == area]
        assert len(rows) == len(filtered)
        pd.testing.assert_frame_equal(as_frame(rows, frame), filtered.reset_index(drop=True))
    assert sum(map(len, groups.values())) == 4  # the row with no region is in no area


def test_profile_and_count_in_count_as_pandas_does(frame):
    grades = frame["overall_effectiveness"]
    counts = grades.value_counts()
    assert profile(grades, j.RECORDED_GRADES) == {g: int(counts.get(g, 0)) for g in j.RECORDED_GRADES}
    assert count_in(grades, j.GOOD_OR_BETTER) == int(grades.isin(j.GOOD_OR_BETTER).sum()) == 3
    # A missing judgement is no category.
    assert sum(profile(grades, j.RECORDED_GRADES).values()) == int(grades.notna().sum()) == 4
