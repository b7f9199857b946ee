"""The children's homes sample data (data/sample_homes.py) reproduces every
children's homes figure of the published release, computed by the
project's own code, and is reproducible byte for byte."""

import csv
import datetime as dt

import pandas as pd
import pytest

import sample_generators
from conftest import DATA, ROOT
from release import figures
from release.inputs.config import load_release
from release.pipeline import load_and_validate
from release.progress import Progress

PUBLISHED = ROOT / "tests" / "published" / "homes_figures.csv"
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
    "homes.area.best": "north",                              # "better inspection outcomes than homes in the midlands or south"
    "homes.state.rising": True,                              # "continued the trend of an increasing proportion"
    "homes.twice.first_all_inadequate": True,                # "all of which were judged to be inadequate at their first inspection"
    "homes.sub_type.poorest.name": "residential special schools registered as children’s homes",
    "homes.sub_type.poorest.unique": True,
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
    "homes.region.most_inadequate.two": ["the South West", "London"],
    "homes.region.most_inadequate.two_unique": True,
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


def test_revision_events_match_the_published_revision(computed):
    """"a further 144 inspections ... an additional 45 full inspections, 10
    monitoring visits and one emergency visit ..., and 88 interim
    inspections": events inspected in 2015-16 and published after 30 April
    2016 (the previous release's data), by type."""
    tables, _ = computed
    rev = load_release(DATA).revisions
    ev = tables.homes_inspections
    late = ev[ev["inspection_date"].between(pd.Timestamp(rev["period_start"]), pd.Timestamp(rev["period_end"]))
              & (ev["publication_date"] > pd.Timestamp(rev["since"]))]
    counts = late["event_type"].value_counts().to_dict()
    assert counts == {"Full": 45, "Monitoring": 10, "Emergency": 1, "Interim": 88}


def test_home_details(computed):
    tables, _ = computed
    homes = tables.childrens_homes
    assert homes["urn"].str.fullmatch(r"SC\d{6}").all()
    assert homes["urn"].is_unique
    las = tables.local_authorities.set_index("la_code")["region"]
    assert homes["la_code"].isin(las.index).all()
    assert (homes["registration_date"] <= pd.Timestamp(dt.date(2016, 9, 30))).all()


def test_generator_reproduces_the_files_byte_for_byte(tmp_path):
    """The committed homes files are exactly what the generator makes. The
    session starts it in the background (tests/sample_generators.py)."""
    run = sample_generators.run("homes", tmp_path)
    assert run.status == 0, run.log
    for name in HOMES_FILES:
        assert (run.files / name).read_bytes() == (DATA / name).read_bytes(), name


# ---------------------------------------------------------------------------
# Plausibility of what the published text leaves free (data/sample/homes.md,
# "Plausibility"). Computed from the CSV files with plain pandas. Without
# these, a solution can put all of England's outstanding judgements in two
# regions, or have no home improve to outstanding, and still meet every
# published figure.
# ---------------------------------------------------------------------------

GRADES = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")
OUT, GOOD, RI, INAD = GRADES


class Records:
    """The homes, their full inspections and the release's dates."""

    def __init__(self, folder):
        self.rel = load_release(folder)
        homes = pd.read_csv(folder / "childrens_homes.csv", dtype=str, keep_default_na=False)
        las = pd.read_csv(folder / "local_authorities.csv", dtype=str, keep_default_na=False)
        homes = homes.merge(las[["la_code", "region"]], on="la_code", how="left")
        homes["registration_date"] = pd.to_datetime(homes["registration_date"])
        homes["closure_date"] = pd.to_datetime(homes["closure_date"].replace("", None))
        self.homes = homes
        ev = pd.read_csv(folder / "homes_inspections.csv", dtype=str, keep_default_na=False)
        for c in ("inspection_date", "publication_date"):
            ev[c] = pd.to_datetime(ev[c])
        self.events = ev.merge(homes[["urn", "region", "sector"]], on="urn", how="left")
        full = self.events[self.events["event_type"] == "Full"]
        self.full = full
        judged = full[full["overall_effectiveness"].isin(GRADES)]
        before = judged[judged["inspection_date"] < pd.Timestamp(self.rel.period_start)]
        self.previous = before.sort_values("inspection_date").groupby("urn")["overall_effectiveness"].last()

    def period(self, comparison=False, judged=True):
        r = self.rel
        start, end, by = ((r.comparison_start, r.comparison_end, r.comparison_published_by) if comparison
                          else (r.period_start, r.period_end, r.period_published_by))
        f = self.full
        sel = f[f["inspection_date"].between(pd.Timestamp(start), pd.Timestamp(end))
                & (f["publication_date"] <= pd.Timestamp(by))]
        return sel[sel["overall_effectiveness"].isin(GRADES)] if judged else sel

    def state(self, date, published_by):
        d = pd.Timestamp(date)
        h = self.homes
        open_ = h[(h["registration_date"] <= d) & (h["closure_date"].isna() | (h["closure_date"] > d))]
        f = self.full[self.full["overall_effectiveness"].isin(GRADES) & (self.full["inspection_date"] <= d)
                      & (self.full["publication_date"] <= pd.Timestamp(published_by))]
        latest = f.sort_values("inspection_date").groupby("urn")["overall_effectiveness"].last()
        return open_.assign(grade=open_["urn"].map(latest)).dropna(subset=["grade"])

    def compared(self):
        """Each home's first in-period inspection, where judged, of homes
        judged before the period (what Chart 12 compares: a home inspected
        twice is compared at its first inspection only)."""
        now = self.period(judged=False).sort_values(["inspection_date", "event_id"]).groupby("urn").head(1)
        now = now[now["overall_effectiveness"].isin(GRADES)]
        return now.assign(previous=now["urn"].map(self.previous)).dropna(subset=["previous"])

    def new_homes(self):
        """In-period inspections (all of them) of homes never judged before."""
        now = self.period(judged=False)
        return now[now["urn"].map(self.previous).isna()]


@pytest.fixture(scope="module")
def records():
    return Records(DATA)


def shares(frame, column, grade, by="region"):
    """Percentage of each group's rows with ``column == grade`` (exact)."""
    return (frame[column] == grade).groupby(frame[by]).mean() * 100


def test_plausible_outstanding_inspections_in_every_region(records):
    """Each region's share of judged inspections that were outstanding, in
    the period (England 11%) and in the comparison period (England 8%), is
    between 5% and 20%; before, the North East had 72% and three regions
    none."""
    for comparison in (False, True):
        frame = records.period(comparison=comparison)
        by_region = shares(frame, "overall_effectiveness", OUT)
        assert len(by_region) == 9
        assert by_region.between(5, 20).all(), by_region.round(1).to_dict()


def test_plausible_outstanding_homes_at_each_state_of_the_nation_date(records):
    """England's share of open homes outstanding is 10-15% at each date and
    moves by at most two points from one date to the next; each region's is
    5-25% (before: 12%, 7%, 6% for England and 42% in the North East)."""
    england = []
    for s in records.rel.state_dates:
        frame = records.state(s.date, s.published_by)
        share = (frame["grade"] == OUT).mean() * 100
        england.append(share)
        by_region = shares(frame, "grade", OUT)
        assert len(by_region) == 9
        assert 10 <= share <= 15, (s.date, share)
        assert by_region.between(5, 25).all(), (s.date, by_region.round(1).to_dict())
    assert all(abs(b - a) <= 2 for a, b in zip(england, england[1:])), england


def test_plausible_change_since_the_last_inspection(records):
    """Chart 12 (each home's first inspection in the period): a quarter to
    a half of the compared inspections judged outstanding improved to it
    (before: none); some homes stay outstanding (40-75% of those previously
    outstanding) and some stay requires improvement to be good (20-50% of
    those previously so; before: none); some homes previously inadequate
    improve to requires improvement to be good (20-70%; before: none of
    29)."""
    c = records.compared()
    top = c[c["overall_effectiveness"] == OUT]
    assert 25 <= (top["previous"] != OUT).mean() * 100 <= 50
    for was_grade, grade, lo, hi in ((OUT, OUT, 40, 75), (RI, RI, 20, 50), (INAD, RI, 20, 70)):
        was = c[c["previous"] == was_grade]
        assert lo <= (was["overall_effectiveness"] == grade).mean() * 100 <= hi, (was_grade, grade)


def test_plausible_new_homes(records):
    """Inspections of new or re-registered homes (all of them, 69% good or
    better as published) are 1-12% outstanding and 10-35% requires
    improvement to be good, with no more inadequate than requires
    improvement; some of the homes inspected twice are new, and of new
    homes' first inspections judged inadequate, 35-80% led to a second
    (before: none requires improvement at a first inspection, 23%
    inadequate, 6 of 22)."""
    new = records.new_homes()
    judged = new[new["overall_effectiveness"].isin(GRADES)]
    grade = judged["overall_effectiveness"]
    assert 1 <= (grade == OUT).mean() * 100 <= 12
    assert 10 <= (grade == RI).mean() * 100 <= 35
    assert (grade == INAD).sum() <= (grade == RI).sum()
    ordered = new.sort_values(["inspection_date", "event_id"])
    first = ordered.groupby("urn").head(1)
    twice = set(ordered.loc[ordered.duplicated("urn"), "urn"])
    first_inadequate = first[first["overall_effectiveness"] == INAD]
    assert twice and twice <= set(first_inadequate["urn"])
    assert 35 <= len(twice) / len(first_inadequate) * 100 <= 80


def test_plausible_sectors_within_regions(records):
    """In every region, privately run homes' inspections are 3-20%
    outstanding in the period and in the comparison period, and no sector
    with ten or more judged inspections in a region has more than 40%
    outstanding (before: 72% of private homes' inspections in the North
    East, none in six regions)."""
    for comparison in (False, True):
        frame = records.period(comparison=comparison)
        private = shares(frame[frame["sector"] == "Private"], "overall_effectiveness", OUT)
        assert len(private) == 9 and private.between(3, 20).all(), (comparison, private.round(1).to_dict())
        for sector in ("Local authority", "Voluntary"):
            sel = frame[frame["sector"] == sector]
            n = sel.groupby("region").size()
            top = shares(sel, "overall_effectiveness", OUT)[n[n >= 10].index]
            assert (top <= 40).all(), (comparison, sector, top.round(1).to_dict())


def test_plausible_grades_and_homes_spread_over_regions(records):
    """Every region has some inspections judged requires improvement to be
    good (8-35%) and inadequate (in the comparison period 1-15%), and no
    more inadequate than requires improvement to be good; at most a
    quarter of a region's inspections are of new homes and at most 4% of
    its homes closed in the period (before: 6% requires improvement in the
    North West, none inadequate in the North East in 2015, 35% of the North
    West's inspections of new homes)."""
    now, then = records.period(), records.period(comparison=True)
    ri = shares(now, "overall_effectiveness", RI)
    assert ri.between(8, 35).all(), ri.round(1).to_dict()
    ri_then, inad_then = shares(then, "overall_effectiveness", RI), shares(then, "overall_effectiveness", INAD)
    assert ri_then.between(8, 40).all(), ri_then.round(1).to_dict()
    assert inad_then.between(1, 15).all(), inad_then.round(1).to_dict()
    for frame in (now, then):
        assert (shares(frame, "overall_effectiveness", INAD) <= shares(frame, "overall_effectiveness", RI)).all()
    new = now["urn"].map(records.previous).isna().groupby(now["region"]).mean() * 100
    assert (new <= 25).all(), new.round(1).to_dict()
    r, h = records.rel, records.homes
    active = h[(h["registration_date"] <= pd.Timestamp(r.period_end))
               & (h["closure_date"].isna() | (h["closure_date"] >= pd.Timestamp(r.period_start)))]
    closed = active["closure_date"].between(pd.Timestamp(r.period_start), pd.Timestamp(r.period_end))
    closed = closed.groupby(active["region"]).mean() * 100
    assert (closed <= 4).all(), closed.round(1).to_dict()


def test_plausible_interim_outcomes(records):
    """Interim inspections in the period reach homes of every previous
    grade seen among them, outstanding homes too (before: none), and no
    outstanding home 'improved' nor inadequate home 'declined'."""
    r, ev = records.rel, records.events
    it = ev[(ev["event_type"] == "Interim")
            & ev["inspection_date"].between(pd.Timestamp(r.period_start), pd.Timestamp(r.period_end))]
    prev = it["urn"].map(records.previous)
    assert (prev == OUT).mean() >= 0.05
    assert not ((prev == OUT) & (it["interim_outcome"] == "Improved effectiveness")).any()
    assert not ((prev == INAD) & (it["interim_outcome"] == "Declined in effectiveness")).any()
