"""The children's homes sample data (data/sample_homes.py) reproduces every
children's homes figure of the published release, computed by the
project's own code, and is reproducible byte for byte."""

import csv
import datetime as dt
import subprocess
import sys

import pandas as pd
import pytest

from conftest import DATA, ROOT
from release import figures
from release.config import load_release
from release.pipeline import load_and_validate
from release.progress import Progress

PUBLISHED = ROOT / "tests" / "published" / "homes_figures.csv"
GENERATOR = ROOT / "data" / "sample_homes.py"
HOMES_FILES = ("childrens_homes.csv", "homes_inspections.csv")


def published_rows() -> list[dict]:
    with open(PUBLISHED, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def computed():
    """Tables and figures of data/2016-09, by the release's own code
    (validation raises on any problem)."""
    rel, _, tables = load_and_validate(DATA, Progress(quiet=True))
    return tables, figures.compute(tables, rel)


def value(ledger, key: str):
    """A figure's value; ``<share>.count`` and ``<share>.base`` give the
    count and base of a share."""
    if key in ledger:
        return ledger[key].value
    parent, _, part = key.rpartition(".")
    share = ledger[parent]
    return {"count": share.count_value, "base": share.base_value}[part]


def test_published_list_has_one_row_per_key():
    keys = [r["key"] for r in published_rows()]
    assert len(keys) == len(set(keys))
    assert all(k.startswith("homes.") for k in keys)


@pytest.mark.parametrize("row", published_rows(), ids=lambda r: r["key"])
def test_published_figure(computed, row):
    _, figs = computed
    assert value(figs.ledger, row["key"]) == int(row["published"]), row["sentence"]


#: What the text says in words rather than numbers.
NAMED = {
    "homes.area.north_best": True,                           # "better inspection outcomes than homes in the midlands or south"
    "homes.state.rising": True,                              # "continued the trend of an increasing proportion"
    "homes.twice.first_all_inadequate": True,                # "all of which were judged to be inadequate at their first inspection"
    "homes.sub_type.poorest.name": "residential special schools",
    "homes.sub_type.poorest.unique": True,
    "homes.sub_type.largest_is_childrens_homes": True,
    "homes.change.three_grades_up": 0,                       # the one three-grade change was a decline
    "homes.sector.max_good_or_better.name": "Local authority",
    "homes.sector.max_good_or_better.unique": True,
    "homes.sector.min_outstanding.name": "Private",
    "homes.sector.min_outstanding.unique": True,
    "homes.sector.max_inadequate.name": "Private",
    "homes.sector.max_inadequate.unique": True,
    "homes.sector.notable_changes": 3,                       # the three listed changes of four points
    "homes.region.highest_good.name": "the North East",
    "homes.region.highest_good.unique": True,
    "homes.region.lowest_good.name": "the South West",
    "homes.region.lowest_good.unique": True,
    "homes.region.most_inadequate.names": ["the South West", "London"],
    "homes.region.most_inadequate.unique": True,
    "homes.region.biggest_increase.positive": True,
    "homes.region.lowest_inspected.name": "Yorkshire and The Humber",
    "homes.region.lowest_inspected.unique": True,
    "homes.region.highest_inspected.name": "the East Midlands",
    "homes.region.highest_inspected.unique": True,
    "homes.region.all_majority_kept": True,                  # "Across all regions, the majority ... remained"
    "homes.region.lowest_kept.name": "the South West",
    "homes.region.lowest_kept.unique": True,
    "homes.region.highest_kept.name": "the North East",
    "homes.region.highest_kept.unique": True,
    "homes.region.highest_improved.name": "the North East",
    "homes.region.highest_improved.unique": True,
    "homes.region.lowest_improved.name": "the South West",
    "homes.region.lowest_improved.unique": True,
    "homes.region.improved_under_half.only_lowest": True,
    "homes.state.region.all_two_thirds": True,
    "homes.state.region.all_higher": True,
    "homes.state.region.lowest.name": "the South West",
    "homes.state.region.lowest.unique": True,
    "homes.state.region.biggest_rise.name": "the South West",
    "homes.state.region.biggest_rise.unique": True,
    "homes.state.region.biggest_rise.is_lowest": True,
    "homes.state.region.smallest_rise.name": "the East Midlands",
    "homes.state.region.smallest_rise.unique": True,
    "homes.state.region.highest.name": "the North East",
    "homes.state.region.highest.unique": True,
    "homes.state.region.second.name": "Yorkshire and The Humber",
    "homes.state.region.second.was_highest": True,
    "homes.state.inadequate_below_period": True,
}


@pytest.mark.parametrize("key", NAMED)
def test_published_words(computed, key):
    _, figs = computed
    assert figs.ledger[key].value == NAMED[key]


def test_biggest_increases_are_the_south_east_and_yorkshire(computed):
    _, figs = computed
    assert sorted(figs.ledger["homes.region.biggest_increase.names"].value) == ["Yorkshire and The Humber", "the South East"]


def test_notable_sector_changes(computed):
    """"In particular": LA-run good or better 72% to 76%, voluntary-run
    outstanding 14% to 18%, privately-run inadequate 6% to 10%."""
    _, figs = computed
    found = {(c["sector"], c["measure"], c["before"].value, c["after"].value) for c in figs.lists["sector_changes"]}
    assert found == {("LA-run", "good or better", 72, 76), ("voluntary-run", "outstanding", 14, 18),
                     ("privately-run", "inadequate", 6, 10)}


def test_sector_gaps(computed):
    """London (a very small number of LA homes) and the East of England."""
    _, figs = computed
    gaps = {g["region"]: (g["la"].value, g["pv"].value, g["small"]) for g in figs.lists["sector_gaps"]}
    assert gaps == {"London": (93, 61, True), "East of England": (76, 64, False)}


def test_revision_events_match_release_toml(computed):
    """release.toml [revisions]: events inspected in 2015-16 and published
    after 30 April 2016, by type."""
    tables, _ = computed
    rev = load_release(DATA).revisions
    ev = tables.homes_inspections
    late = ev[ev["inspection_date"].between(pd.Timestamp(rev["period_start"]), pd.Timestamp(rev["period_end"]))
              & (ev["publication_date"] > pd.Timestamp(rev["since"]))]
    counts = late["event_type"].value_counts().to_dict()
    assert counts == {"Full": rev["full"], "Monitoring": rev["monitoring"], "Emergency": rev["emergency"],
                      "Interim": rev["interim"]}


def test_home_details(computed):
    tables, _ = computed
    homes = tables.childrens_homes
    assert homes["urn"].str.fullmatch(r"SC\d{6}").all()
    assert homes["urn"].is_unique
    las = tables.local_authorities.set_index("la_code")["region"]
    assert homes["la_code"].isin(las.index).all()
    assert (homes["registration_date"] <= pd.Timestamp(dt.date(2016, 9, 30))).all()


def test_generator_reproduces_the_files_byte_for_byte(tmp_path):
    result = subprocess.run([sys.executable, str(GENERATOR), str(tmp_path)], capture_output=True, text=True,
                            timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in HOMES_FILES:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
