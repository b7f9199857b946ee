"""Awkward data: every false, misleading and ungrammatical sentence that
issue 14 found, on data made to produce it.

Each test builds a small valid dataset that reaches one case the sample
never exercises (zero, one, all, a tie, an empty group, no change), checks
on the ledger that the data really reach it, and then reads the text as a
careful reader would: the bad wording is gone, and the sentence that is
printed instead says what the data say, its counts recounted here from the
files with pandas. The tests follow the issue's list, in its order; each
docstring quotes the sentence as it was printed.
"""

import dataclasses
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from num2words import num2words

from any_data import write
from bulletin_text import build_text, paragraph
from test_any_data import ORDINARY, problems_in
from test_claims import pct

from release.inputs.judgements import GRADES, REGIONS

OUT, GOOD, RI, INAD, NJ = "Outstanding", "Good", "Requires improvement to be good", "Inadequate", "Not judged"
GOOD_OR_BETTER = {OUT, GOOD}
SIF_JUDGEMENTS = ["overall_effectiveness", "help_and_protection", "looked_after", "adoption", "care_leavers", "leadership"]
# The dates of the release any_data writes.
PERIOD = ("2015-10-01", "2016-03-31")
PERIOD_PUBLISHED_BY = "2016-04-30"
SIF_PUBLISHED_BY, SIF_PREVIOUS_CUT = "2016-03-31", "2015-10-31"


# --- making data ------------------------------------------------------------------

@pytest.fixture
def make(tmp_path):
    """make(edit=None, **shape) -> (text, figs, folder): a release folder of
    ORDINARY's shape changed by ``shape``, then by ``edit(folder)``, built."""
    made = []

    def _make(edit=None, **shape):
        folder = write(dataclasses.replace(ORDINARY, **shape), tmp_path / f"any{len(made)}")
        if edit:
            edit(folder)
        made.append(folder)
        text, figs = build_text(folder)
        return text, figs, folder
    return _make


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False)


def save(df: pd.DataFrame, folder: Path, name: str) -> None:
    df.to_csv(folder / name, index=False, lineterminator="\n")


def edit(folder: Path, name: str, change) -> None:
    save(change(read(folder, name)), folder, name)


def change_sif(folder: Path, change) -> None:
    """``change(df, las)`` edits the SIF inspections (las: the LA reference data)."""
    df, las = read(folder, "sif_inspections.csv"), read(folder, "local_authorities.csv")
    change(df, las)
    save(df, folder, "sif_inspections.csv")


def ten_homes_a_region(regions) -> list[dict]:
    """Ten homes in each region, ``(region, good a year earlier, good now)``:
    the homes good then and now are the first of the ten."""
    return [{"region": region, "then": GOOD if i < then_good else RI, "now": [GOOD if i < now_good else RI]}
            for region, then_good, now_good in regions for i in range(10)]


def homes_table(folder: Path, homes: list[dict]) -> None:
    """Replace the children's homes with exactly ``homes``: each a dict of
    region, ``then`` (a grade of a full inspection on 10 January 2015, in the
    comparison period, or None) and ``now`` (grades of full inspections in
    the period, on 10 November 2015, 15 January and 1 March 2016); sector
    optional."""
    las = read(folder, "local_authorities.csv")
    first_la = las.groupby("region")["la_code"].first()
    rows, events = [], []
    for n, h in enumerate(homes):
        urn = f"SC{200000 + n}"
        rows.append([urn, f"Provider {n}", "Children's home", h.get("sector", "Private"), first_la[h["region"]],
                     "2010-01-04", "", ""])
        if h.get("then"):
            events.append([urn, "Full", "2015-01-10", "2015-01-30", h["then"], ""])
        for day, grade in zip(("2015-11-10", "2016-01-15", "2016-03-01"), h.get("now", [])):
            events.append([urn, "Full", day, day[:8] + "28", grade, ""])
    pd.DataFrame(rows, columns=["urn", "provider_name", "sub_type", "sector", "la_code", "registration_date",
                                "closure_date", "closure_reason"]).to_csv(folder / "childrens_homes.csv", index=False,
                                                                          lineterminator="\n")
    pd.DataFrame([[f"E{n:05d}"] + e for n, e in enumerate(events)],
                 columns=["event_id", "urn", "event_type", "inspection_date", "publication_date",
                          "overall_effectiveness", "interim_outcome"]).to_csv(
        folder / "homes_inspections.csv", index=False, lineterminator="\n")


# --- counting it again ------------------------------------------------------------

def count_words(n: int) -> str:
    """The release's style, written out here independently: one to nine in words."""
    return num2words(n) if 0 < n < 10 else f"{n:,}"


def homes_in_period(folder: Path) -> pd.DataFrame:
    """Full inspections in the period, published by its cut-off, with each
    home's sector and region, in date order."""
    ev, homes, las = read(folder, "homes_inspections.csv"), read(folder, "childrens_homes.csv"), read(
        folder, "local_authorities.csv")
    full = ev[(ev["event_type"] == "Full") & ev["inspection_date"].between(*PERIOD)
              & (ev["publication_date"] <= PERIOD_PUBLISHED_BY)]
    full = full.merge(homes[["urn", "sector", "la_code"]], on="urn").merge(las[["la_code", "region"]], on="la_code")
    return full.sort_values(["urn", "inspection_date"]).reset_index(drop=True)


def previous_grades(folder: Path) -> pd.Series:
    """Each home's latest judged full inspection before the period."""
    ev = read(folder, "homes_inspections.csv")
    before = ev[(ev["event_type"] == "Full") & (ev["inspection_date"] < PERIOD[0])
                & ev["overall_effectiveness"].isin([OUT, GOOD, RI, INAD]) & (ev["publication_date"] <= PERIOD_PUBLISHED_BY)]
    return before.sort_values("inspection_date").groupby("urn")["overall_effectiveness"].last()


def sif_position(folder: Path, published_by: str = SIF_PUBLISHED_BY) -> pd.DataFrame:
    sif, las = read(folder, "sif_inspections.csv"), read(folder, "local_authorities.csv")
    seen = sif[(sif["publication_date"] <= published_by) & (sif["inspection_date"] <= SIF_PUBLISHED_BY)]
    latest = seen.sort_values(["la_code", "inspection_date"]).groupby("la_code").tail(1)
    return latest.merge(las, on="la_code")


def region_in_text(name: str) -> str:
    """"the South West" (as printed) -> "South West" (as in the data)."""
    return re.sub(r"^[Tt]he ", "", name)


# --- Crashes on valid data ----------------------------------------------------------

def test_no_newly_registered_home_inspected_says_nothing_of_new_homes(make):
    """Was a crash: "no newly registered home inspected in the period (a
    share with no base compared in homes.html)". The comparison of new homes
    with all homes has nothing to compare, so it is not made."""
    text, figs, folder = make(new=0.0, homes_mix="all good")
    now = homes_in_period(folder)
    new = now[~now["urn"].isin(previous_grades(folder).index)]
    assert len(new) == 0 == figs.ledger["homes.new.inspections"].value
    assert "which had not been previously inspected" not in text
    assert "newly registered, or re-registered" not in text
    assert "no inspections of inspections" not in text
    assert problems_in(text, figs) == []


def test_a_region_with_no_homes_inspected_is_never_ranked(make):
    """Was a crash: "a region with no in-period homes inspections (None - int
    in figures/homes.py)". Regions with no inspections are in no sentence
    that ranks regions."""
    text, figs, folder = make(regions=2)
    with_homes = set(homes_in_period(folder)["region"])
    assert len(with_homes) == 2
    empty = [r for r in REGIONS if r not in with_homes]
    start = text.index("Regional outcomes for all children’s homes")
    regional = text[start:text.index("Interim inspections for all children’s homes")]
    for region in empty:
        assert region not in regional, region
    assert problems_in(text, figs) == []


def test_a_first_report_counts_the_las_inspected_and_compares_with_nothing(make):
    """Was a crash: "a first report, with no LA inspected at the previous
    cut-off (figures/sif.py, _dropped)". The key point says how many LAs
    have been inspected, and nothing is "up from" anything."""
    text, figs, folder = make(sif_before=0.0)
    assert len(sif_position(folder, SIF_PREVIOUS_CUT)) == 0 == figs.ledger["sif.previous.inspected"].count_value
    n = len(sif_position(folder))
    assert f"{num2words(n).capitalize()} local authorities have been inspected under the SIF." in text
    la_part = text[:text.index("Inspections of local authorities: some comparisons")]
    assert "up from" not in la_part and "down from" not in la_part and "fuller picture" not in la_part
    assert problems_in(text, figs) == []


# --- Miscounts -------------------------------------------------------------------------

def _pairs(folder):
    """Each home inspected twice or more in the period: its first and second grade."""
    now = homes_in_period(folder)
    now["nth"] = now.groupby("urn").cumcount()
    first = now[now["nth"] == 0].set_index("urn")["overall_effectiveness"]
    second = now[now["nth"] == 1].set_index("urn")["overall_effectiveness"]
    return pd.DataFrame({"first": first, "second": second}).dropna()


def test_remained_inadequate_counts_only_homes_inadequate_at_both_inspections(make):
    """Issue 14: "A third (21 homes) remained inadequate at their second
    inspection" where 15 did (homes judged good at their first inspection
    were counted)."""
    text, figs, folder = make(twice=1.0, inspected=1.0, homes_mix="good or inadequate", closed=0.0)
    pairs = _pairs(folder)
    inadequate_second = int((pairs["second"] == INAD).sum())
    first_inadequate = pairs[(pairs["first"] == INAD) & pairs["second"].isin([OUT, GOOD, RI, INAD])]
    stayed = int((first_inadequate["second"] == INAD).sum())
    assert inadequate_second > stayed > 0   # homes good at their first and inadequate at their second exist
    assert figs.ledger["homes.twice.remained_inadequate"].count_value == stayed
    p = paragraph(text, "remained inadequate at their second inspection")
    noun = "home" if stayed == 1 else "homes"
    assert f"({count_words(stayed)} {noun}) remained inadequate at their second inspection" in p
    assert f"Of the {count_words(len(first_inadequate))} judged inadequate at their first inspection" in p


def test_a_home_inspected_three_times_is_among_homes_inspected_two_or_more_times(make):
    """Issue 14: "Sixty-two homes had two full inspections in the period"
    when one of them had three."""
    def third_inspection(folder):
        pairs = homes_in_period(folder)
        early = pairs.groupby("urn")["inspection_date"].agg(["size", "max"])
        urn = early[(early["size"] == 2) & (early["max"] < "2016-03-15")].index[0]
        ev = read(folder, "homes_inspections.csv")
        ev.loc[len(ev)] = ["E99999", urn, "Full", "2016-03-20", "2016-04-05", GOOD, ""]
        save(ev, folder, "homes_inspections.csv")

    text, figs, folder = make(third_inspection, twice=1.0, inspected=1.0, closed=0.0, homes_mix="all good")
    per_home = homes_in_period(folder).groupby("urn").size()
    assert (per_home == 3).sum() == 1 == figs.ledger["homes.twice.more_than_two"].value
    n = int((per_home >= 2).sum())
    assert f"{num2words(n).capitalize()} homes had two or more full inspections in the period" in text
    assert "had two full inspections" not in text


def test_a_regions_homes_kept_good_and_improved_are_counted_at_their_first_inspection(make):
    """Issue 14: "(76%, 16 of 21 homes)" where the data give 12 of 15.
    Every region named with a count and base of homes that stayed good or
    improved is recounted: each home once, at its first inspection in the
    period, against its last judgement before it."""
    text, figs, folder = make(regions=3, twice=1.0, compared=1.0, homes=200)
    now = homes_in_period(folder)
    assert now["urn"].duplicated().sum() > 0   # second inspections that must not be counted
    firsts = now.drop_duplicates("urn").copy()
    firsts["previous"] = firsts["urn"].map(previous_grades(folder))
    # An inspection with no judgement has nothing to compare (issue 23: it
    # is neither a decline nor "did not improve").
    firsts = firsts[firsts["previous"].notna() & firsts["overall_effectiveness"].isin(GRADES)]
    good_now = firsts["overall_effectiveness"].isin(GOOD_OR_BETTER)
    was_good = firsts["previous"].isin(GOOD_OR_BETTER)
    checked = 0
    for m in re.finditer(r"(?P<region>[A-Z][\w ]+?) saw the (?:lowest|highest) percentage of homes remaining at good or better "
                         r"\((?P<p>\d+)%, (?P<k>\w+) homes? (?:out )?of (?P<n>\d+)\)", text):
        sel = firsts[(firsts["region"] == region_in_text(m["region"])) & was_good]
        k, n = int(good_now[sel.index].sum()), len(sel)
        assert (m["p"], m["k"], m["n"]) == (str(pct(k, n)), count_words(k), str(n)), m.group(0)
        checked += 1
    for m in re.finditer(r"(?P<region>[A-Z][\w ]+?) saw the (?:biggest|lowest) improvement[^(]*?(?P<p>\d+)%[^(]*"
                         r"\((?P<k>\d+) of (?P<n>\d+) homes\)", text):
        sel = firsts[(firsts["region"] == region_in_text(m["region"])) & ~was_good]
        k, n = int(good_now[sel.index].sum()), len(sel)
        assert (m["p"], m["k"], m["n"]) == (str(pct(k, n)), str(k), str(n)), m.group(0)
        checked += 1
    assert checked >= 2


# --- Claims that the data do not bear -------------------------------------------

def _london_then_and_now(before_grade, since_grade):
    def change(df, las):
        region = df["la_code"].map(las.set_index("la_code")["region"])
        since = df["publication_date"] > SIF_PREVIOUS_CUT
        df.loc[(region == "London") & ~since, "overall_effectiveness"] = before_grade
        df.loc[(region == "London") & since, "overall_effectiveness"] = since_grade
        df.loc[(region != "London") & since, "overall_effectiveness"] = INAD
    return lambda folder: change_sif(folder, change)


def test_a_region_that_stayed_all_good_was_not_boosted(make):
    """Issue 14: "The proportion for London had been boosted by good outcomes…"
    when London stayed at 100%."""
    shape = dict(sif_inspected=152, sif_before=0.5, sif_reinspected=0)
    text, figs, folder = make(_london_then_and_now(GOOD, GOOD), **shape)
    london = lambda f, by: sif_position(f, by).query("region == 'London'")  # noqa: E731
    before, now = london(folder, SIF_PREVIOUS_CUT), london(folder, SIF_PUBLISHED_BY)
    assert (before["overall_effectiveness"] == GOOD).all() and (now["overall_effectiveness"] == GOOD).all()
    assert figs.ledger["sif.since.top_region"].value == "London"
    assert figs.ledger["sif.since.top_region_majority_good"].value
    assert "had been boosted" not in text

    # Where London did rise, the sentence is said, with its counts.
    text, figs, folder = make(_london_then_and_now(INAD, GOOD), **shape)
    new = london(folder, SIF_PUBLISHED_BY)
    new = new[new["publication_date"] > SIF_PREVIOUS_CUT]
    good = int(new["overall_effectiveness"].isin(GOOD_OR_BETTER).sum())
    assert (f"The proportion for London had been boosted by good outcomes at {num2words(good)} out of "
            f"{num2words(len(new))} inspections of its authorities since we last reported.") in text


def test_nothing_published_since_last_time_is_no_fuller_picture(make):
    """Issue 14: "it is a fuller picture than previously given…" when
    nothing new was published."""
    text, figs, folder = make(sif_before=1.0, sif_reinspected=0)
    sif = read(folder, "sif_inspections.csv")
    assert (sif["publication_date"] > SIF_PREVIOUS_CUT).sum() == 0
    assert figs.ledger["sif.inspected"].count_value == figs.ledger["sif.previous.inspected"].count_value
    assert "fuller picture" not in text
    p = paragraph(text, "now judged good or better for overall effectiveness")
    assert "(the same as" in p and "unchanged judgement profile" in p


def test_no_lscb_reviews_claim_no_correlation(make):
    """Issue 14: "we have found some correlation between the two" with no
    LSCB reviews at all."""
    text, figs, folder = make(lscb=0.0)
    assert (read(folder, "sif_inspections.csv")["lscb_overall_effectiveness"] != "").sum() == 0
    assert figs.ledger["lscb.reviews"].value == 0
    assert "correlation between the two" not in text
    assert "No reviews of LSCBs had been published by 31 March 2016." in text
    assert "Of the 0" not in text and "0 out of 0" not in text and "All LSCBs judged good" not in text


def test_no_home_judged_inadequate_says_nothing_of_homes_declining_to_it(make):
    """Issue 14: "A minority of the homes judged inadequate (no inspections)
    declined to this grade" when none was inadequate."""
    text, figs, folder = make(homes_mix="all good")
    assert (homes_in_period(folder)["overall_effectiveness"] == INAD).sum() == 0
    assert figs.ledger["homes.change.inadequate_declined"].base_value == 0
    assert "declined to this grade" not in text
    assert "(no inspections)" not in text


def test_the_one_grade_example_is_a_move_some_la_made(make):
    """Issue 14: "…did so by one grade: from inadequate to requires
    improvement to be good, for example" when no LA made that move."""
    text, figs, folder = make(previous_frameworks=1.0, sif_reinspected=0)
    cp = read(folder, "previous_frameworks.csv").query("framework == 'Child Protection'")
    both = cp.merge(sif_position(folder)[["la_code", "help_and_protection"]], on="la_code")
    both = both[both["help_and_protection"].isin([OUT, GOOD, RI, INAD])]
    order = {OUT: 0, GOOD: 1, "Adequate": 2, RI: 2, INAD: 3}
    steps = (both["judgement"].map(order) - both["help_and_protection"].map(order)).abs()
    moves = {(a.lower(), b.lower()) for a, b, s in zip(both["judgement"], both["help_and_protection"], steps) if s == 1}
    p = paragraph(text, "that improved or declined")
    m = re.search(r"did so by one grade: from (?P<a>[a-z ]+?) to (?P<b>[a-z ]+?), for example", p)
    assert m, p
    assert (m["a"], m["b"]) in moves
    assert figs.ledger["previous.cp.one_grade_example"].value == f"from {m['a']} to {m['b']}"
    moved = int((steps > 0).sum())
    assert f"of the {moved} authorities that improved or declined" in p


def test_a_date_six_months_earlier_is_not_the_same_date(make):
    """Issue 14: "This was an increase from 79% on the same date in 2016"
    for a date six months earlier."""
    def no_year_ago(folder):
        toml = (folder / "release.toml").read_text(encoding="utf-8")
        toml = toml.replace("[[previous.state]]\ndate = 2015-03-31\npublished_by = 2015-04-30\n\n", "")
        (folder / "release.toml").write_text(toml, encoding="utf-8")
        assert [s["date"].isoformat() for s in tomllib.loads(toml)["previous"]["state"]] == ["2015-09-30"]

    text, figs, folder = make(no_year_ago)
    assert figs.ledger["homes.state.year_ago.same_day"].value is False
    assert "same date" not in text
    p = paragraph(text, "had an overall effectiveness judgement of good or better")
    assert re.search(r"from \d+% at 30 September 2015\.", p), p


def test_a_sector_with_no_homes_is_not_least_likely_to_be_anything(make):
    """Issue 14: "Voluntary-run homes were least likely to be judged
    outstanding (None%)" with no voluntary-run homes."""
    text, figs, folder = make(sectors=("Local authority", "Private"))
    assert "Voluntary" not in set(homes_in_period(folder)["sector"])
    assert figs.ledger["homes.sector.voluntary.inspections"].value == 0
    start = text.index("Sector data for all children’s homes")
    sectors = text[start:text.index("Regional outcomes for all children’s homes")]
    assert "voluntary-run" not in sectors.lower().replace("private and voluntary-run", "")
    assert "no inspections" not in sectors and "None" not in sectors


def test_only_health_authority_homes_leave_no_empty_list_of_sectors(make):
    """The same case at its limit: no local authority, private or voluntary
    home, so no sector's percentage is listed (the property test found
    "…inspections in the period was . (Chart 13)")."""
    text, figs, folder = make(sectors=("Health authority",))
    assert set(homes_in_period(folder)["sector"]) == {"Health authority"}
    assert figs.ledger["homes.sector.with_inspections"].value == 0
    assert not re.search(r" was \.|were \.", text)
    assert "The percentage of good or better inspections in the period was" not in text


def test_a_region_with_no_homes_to_improve_has_no_improvement_to_rank(make):
    """Issue 14: "The North East saw the lowest improvement at None% (0 of 0
    homes)"."""
    text, figs, folder = make(homes_mix="all good")
    assert previous_grades(folder).isin(GOOD_OR_BETTER).all()
    assert figs.ledger["homes.prev_ri.improved"].base_value == 0
    assert "saw the lowest improvement" not in text and "saw the biggest improvement to good" not in text
    assert "no inspections improved" not in text
    assert ("No home judged requires improvement to be good or lower at its last inspection before the period was "
            "inspected in it.") in text


# --- Misleading ----------------------------------------------------------------------------

def test_all_of_the_homes_is_all_not_almost_all(make):
    """Issue 14: "Almost all … (100%)"."""
    text, figs, folder = make(lambda f: homes_table(f, [{"region": "London", "then": GOOD, "now": [INAD]}] * 12))
    assert figs.ledger["homes.change.inadequate_declined"].count_value == 12
    assert "Almost all" not in text and "almost all" not in text
    assert "All of the homes judged inadequate (100%) declined to this grade" in text


def test_almost_all_is_never_printed_beside_a_hundred_per_cent(make):
    """Issue 14: "Almost all … (100%)": 199 of 200 rounds to 100%, so the
    share is printed "over 99%"."""
    homes = [{"region": "London", "then": GOOD, "now": [INAD]}] * 199 + [{"region": "London", "then": INAD, "now": [INAD]}]
    text, figs, folder = make(lambda f: homes_table(f, homes))
    share = figs.ledger["homes.change.inadequate_declined"]
    assert (share.count_value, share.base_value, share.value) == (199, 200, 100)
    assert "(100%)" not in text
    assert "Almost all of the homes judged inadequate (over 99%) declined to this grade" in text


def test_no_also_after_unchanged(make):
    """Issue 14: "also decreased" straight after "was unchanged"."""
    text, figs, folder = make(lambda f: homes_table(f, [{"region": "London", "then": INAD, "now": [RI]}] * 12))
    L = figs.ledger
    assert L["homes.oe.good_or_better"].value == L["homes.comparison.oe.good_or_better"].value == 0
    assert L["homes.oe.inadequate"].value == 0 and L["homes.comparison.oe.inadequate"].value == 100
    assert "The percentage of good or better inspection judgements was unchanged at 0%" in text
    p = paragraph(text, "The percentage of homes judged inadequate")
    assert p.startswith("The percentage of homes judged inadequate decreased, from 100% (12 inspections)")
    assert "also" not in p


def test_one_outstanding_london_borough_is_not_all_of_them(make):
    """Issue 14: "All of the authorities judged outstanding were London
    boroughs" when there is one."""
    def one_outstanding(df, las):
        london = df["la_code"].map(las.set_index("la_code")["la_type"]) == "London borough"
        df.loc[df.index[london][0], "overall_effectiveness"] = OUT

    text, figs, folder = make(lambda f: change_sif(f, one_outstanding), sif_mix="all good", sif_reinspected=0)
    now = sif_position(folder)
    outstanding = now[now["overall_effectiveness"] == OUT]
    assert len(outstanding) == 1 and outstanding["la_type"].iloc[0] == "London borough"
    assert "The one authority judged outstanding was a London borough." in text
    assert "authorities judged outstanding were London boroughs" not in text


def test_a_region_tied_for_the_lowest_is_not_despite_having_the_lowest(make):
    """Issue 14: "despite having the lowest" when tied."""
    def regions(f):
        homes_table(f, ten_homes_a_region((("North East", 0, 2), ("North West", 1, 2), ("Yorkshire and The Humber", 6, 7))))

    text, figs, folder = make(regions)
    L = figs.ledger
    assert L["homes.state.region.north_east.now"].value == L["homes.state.region.north_west.now"].value == 20
    assert L["homes.state.region.all_higher"].value and L["homes.state.region.biggest_rise.unique"].value
    assert not L["homes.state.region.lowest.unique"].value
    assert "despite having the lowest" not in text
    assert ("The North East saw the biggest improvement from 2015, by 20 percentage points (from 0% to 20%).") in text


def test_no_reinspection_is_no_although(make):
    """Issue 14: "Although 109 inspections … it is actually 109"."""
    text, figs, folder = make(sif_reinspected=0)
    sif = read(folder, "sif_inspections.csv")
    published = sif[sif["publication_date"] <= SIF_PUBLISHED_BY]
    assert len(published) == published["la_code"].nunique() == figs.ledger["sif.inspections_all"].value
    assert "it is actually" not in text and "Although" not in text
    assert "Not all LAs receive a judgement in every area" in text


def test_a_children_in_need_anomaly_is_not_made_by_las_not_yet_inspected(make):
    """Issue 14: children-in-need "anomalies" that come only from LAs not
    yet inspected. Here every inspected LA is good, so in every region all
    the children in need of inspected LAs live in good LAs; the regions'
    shares of all their children are low only because most LAs are not
    yet inspected."""
    text, figs, folder = make(sif_inspected=20, sif_mix="all good", sif_reinspected=0)
    now = sif_position(folder)
    assert (now["overall_effectiveness"] == GOOD).all()
    las = read(folder, "local_authorities.csv").astype({"children_in_need": int})
    by_region = las.groupby("region")["children_in_need"].sum()
    inspected = now.astype({"children_in_need": int}).groupby("region")["children_in_need"].sum()
    gaps = 100 - (100 * inspected / by_region[inspected.index])
    assert (gaps >= 10).any()   # the old test of an anomaly would have found one
    assert "anomalies" not in text


# --- Ungrammatical -------------------------------------------------------------------------

def _one_la(column, grade):
    def change(df, las):
        df.loc[df.index[0], column] = grade
    return lambda folder: change_sif(folder, change)


ALL_GOOD_SIF = dict(sif_mix="all good", sif_reinspected=0, lscb=0.8)


def test_one_authority_inadequate_for_care_leavers_is_one_authority(make):
    """Issue 14: "Of the 1 authorities"."""
    text, figs, folder = make(_one_la("care_leavers", INAD), **ALL_GOOD_SIF)
    now = sif_position(folder)
    la = now[now["care_leavers"] == INAD]
    assert len(la) == 1 and figs.ledger["sif.care_leavers.inadequate"].count_value == 1
    grade = la["overall_effectiveness"].iloc[0].lower()
    assert (f"The one authority judged inadequate for experiences and progress of care leavers was judged {grade} for "
            f"overall effectiveness.") in text
    assert "Of the one authorities" not in text and "Of the 1 " not in text


def test_one_authority_in_a_parenthesis_is_one_authority(make):
    """Issue 14: "(1 authorities)"."""
    text, figs, folder = make(_one_la("help_and_protection", INAD), **ALL_GOOD_SIF)
    assert (sif_position(folder)["help_and_protection"] == INAD).sum() == 1 == figs.ledger["sif.hp.inadequate"].count_value
    p = paragraph(text, "help and protection, which is acknowledged")
    # One point below the other key judgements is not "the weakest" (materiality.gap): the counts are said with their base.
    assert not figs.ledger["sif.hp.weakest_key"].value
    n = len(sif_position(folder))
    assert f"none of the {n} inspected authorities were judged requires improvement to be good and one inadequate" in p
    assert "(1 authorities)" not in p and "(one authorities)" not in p


def test_one_authority_inadequate_for_adoption_is_not_of_these_one(make):
    """Issue 14: "Of these one, one"."""
    text, figs, folder = make(_one_la("adoption", INAD), **ALL_GOOD_SIF)
    now = sif_position(folder)
    la = now[now["adoption"] == INAD]
    assert len(la) == 1
    also = "also" if la["overall_effectiveness"].iloc[0] == INAD else "not"
    p = paragraph(text, "judged outstanding for adoption performance")
    assert f"One of the {len(now)} inspected authorities was judged inadequate" in p
    assert f"It was {also} judged inadequate for overall effectiveness." in p
    assert "Of these one" not in text


def test_no_lscb_judged_inadequate_is_no_share_of_nothing(make):
    """Issue 14: "0 of 0"."""
    text, figs, folder = make(sif_mix="all good", lscb=1.0, sif_reinspected=0)
    lscb = read(folder, "sif_inspections.csv")["lscb_overall_effectiveness"]
    assert (lscb == INAD).sum() == 0 and (lscb != "").sum() > 0
    start = text.index("Ofsted conducts reviews of Local Safeguarding Children Boards")
    section = text[start:text.index("There are two ways to look at information about overall effectiveness")]
    assert not re.search(r"\b0 (out )?of 0\b", section)
    assert "Of the 0" not in section
    assert "No LSCBs were judged inadequate." in section


def test_no_la_inadequate_for_adoption_is_not_of_these_zero(make):
    """Issue 14: "Of these 0, 0 were"."""
    text, figs, folder = make(**ALL_GOOD_SIF)
    assert (sif_position(folder)["adoption"] == INAD).sum() == 0 == figs.ledger["sif.adoption.inadequate"].count_value
    p = paragraph(text, "judged outstanding for adoption performance")
    assert f"None of the {len(sif_position(folder))} inspected authorities were judged inadequate" in p
    assert "Of these" not in p


def test_none_declined_since_child_protection_is_none_not_just_zero(make):
    """Issue 14: "just 0 declined"."""
    def all_inadequate_before(folder):
        edit(folder, "previous_frameworks.csv", lambda df: df.assign(judgement=INAD))

    text, figs, folder = make(all_inadequate_before, previous_frameworks=1.0, sif_reinspected=0)
    assert figs.ledger["previous.cp.declined"].value == 0 and figs.ledger["previous.cp.both"].value > 0
    p = paragraph(text, "saw an improvement")
    assert "none declined." in p and "just 0" not in p and " 0 declined" not in p


def test_no_la_outstanding_for_adoption_is_no_las_not_a_total_of_zero(make):
    """Issue 14: "A total of 0 LAs"."""
    text, figs, folder = make(**ALL_GOOD_SIF)
    assert (sif_position(folder)["adoption"] == OUT).sum() == 0 == figs.ledger["sif.adoption.outstanding"].count_value
    assert f"None of the {len(sif_position(folder))} inspected LAs were judged outstanding for adoption performance." in text
    assert "A total of 0" not in text


def test_no_authority_outstanding_for_leadership_starts_with_a_word(make):
    """Issue 14: a sentence starting "0 authorities…"."""
    text, figs, folder = make(**ALL_GOOD_SIF)
    now = sif_position(folder)
    assert (now["leadership"] == OUT).sum() == 0 and (now["leadership"] == INAD).sum() == 0
    assert figs.ledger["sif.lmg.outstanding"].count_value == 0
    assert f"None of the {len(now)} inspected authorities were judged outstanding for leadership, management and governance." \
        in text
    assert not re.search(r"(^|\. )0 ", text, flags=re.M)


def test_the_same_number_of_inspections_is_the_same_number_not_no_change_of_zero(make):
    """Issue 14: "no change of 0%"."""
    text, figs, folder = make(lambda f: homes_table(f, [{"region": "London", "then": GOOD, "now": [GOOD]}] * 12))
    assert figs.ledger["homes.inspections"].value == figs.ledger["homes.comparison.inspections"].value == 12
    p = paragraph(text, "inspections of children’s homes. This was")
    assert ("This was the same number as in the equivalent period between October 2014 and March 2015, when 12 "
            "inspections took place.") in p
    assert "no change" not in p


def test_no_region_lower_fell_in_none(make):
    """Issue 14: "fell in zero"."""
    def regions(f):
        homes_table(f, ten_homes_a_region((("North East", 0, 5), ("North West", 5, 5), ("London", 5, 5))))

    text, figs, folder = make(regions)
    assert figs.ledger["homes.state.region.higher"].value == 1 and figs.ledger["homes.state.region.lower"].value == 0
    assert "the percentage of good or better homes rose in one region and fell in none." in text
    assert "fell in zero" not in text and "fell in 0" not in text


def test_no_interim_inspections_is_no_interim_inspections(make):
    """Issue 14: "0 interim inspections…, 0 of which"."""
    text, figs, folder = make(interim=0)
    ev = read(folder, "homes_inspections.csv")
    assert (ev["event_type"] == "Interim").sum() == 0 == figs.ledger["homes.interim.inspections"].value
    assert "Between 1 October 2015 and 31 March 2016, there were no interim inspections of children’s homes." in text
    assert "0 interim" not in text and "0 of which" not in text
    assert "found improved effectiveness" not in text


def test_help_and_protection_keeps_its_verb_when_it_is_not_the_weakest(make):
    """Issue 14: "the help-and-protection sentence loses its verb when its
    'weakest' clause drops"."""
    text, figs, folder = make(**ALL_GOOD_SIF)
    assert not figs.ledger["sif.hp.weakest_key"].value
    p = paragraph(text, "help and protection, which is acknowledged")
    assert "was the area of weakest performance" not in p
    now = sif_position(folder)
    ri, inad = (now["help_and_protection"] == RI).sum(), (now["help_and_protection"] == INAD).sum()
    assert ri == inad == 0
    assert p == ("For children who need help and protection, which is acknowledged to be the hardest area of work for an LA "
                 f"to get right, none of the {len(now)} inspected authorities were judged requires improvement to be good and "
                 "none inadequate.")


def test_care_leavers_are_a_strong_area_or_nothing_is_said(make):
    """Issue 14: "was an area of performance"."""
    text, figs, folder = make(**ALL_GOOD_SIF)
    assert not figs.ledger["sif.care_leavers.strong"].value
    assert "was an area of performance" not in text
    assert "area of performance for LAs" not in text


def test_no_regional_superlative_leaves_no_bare_chart_reference(make):
    """Issue 14: a paragraph reduced to "(Chart 14)"."""
    text, figs, folder = make(homes=12, regions=9)
    assert figs.ledger["homes.region.highest_good.eligible"].value == 0
    assert not re.search(r"^\(?(Chart|Map)s? \d+\)?\.?$", text, flags=re.M)
    assert re.search(r"^Chart \d+ shows the overall effectiveness of inspections in the period in each region\.$", text,
                     flags=re.M)


def test_bristol_city_of_never_splits_a_list_of_names(make):
    """Issue 14: "Bristol, City of" splitting a list of names in two."""
    def inadequate_everywhere(df, las):
        names = las.set_index("la_code")["la_name"]
        for name in ("Bristol, City of", "Herefordshire, County of", "Barnsley"):
            df.loc[df["la_code"].map(names) == name, SIF_JUDGEMENTS] = INAD

    text, figs, folder = make(lambda f: change_sif(f, inadequate_everywhere), sif_inspected=152, **ALL_GOOD_SIF)
    now = sif_position(folder)
    everywhere = now[(now[SIF_JUDGEMENTS] == INAD).all(axis=1)]
    assert sorted(everywhere["la_name"]) == ["Barnsley", "Bristol, City of", "Herefordshire, County of"]
    assert "Bristol, City of" not in text and "Herefordshire, County of" not in text
    assert ("There were three LAs judged inadequate in all of the key and sub-judgements: Barnsley, City of Bristol and "
            "Herefordshire.") in text


# --- Text and chart disagree -----------------------------------------------------------

SECTOR_KEYS = {"Local authority": "local_authority", "Private": "private", "Voluntary": "voluntary"}


def _one_base(figs):
    """For each sector's bar of the period: the chart's total and good or
    better are the ledger's base and count, and any figure the alt text
    gives for it is that share."""
    from charts.draw import alt_text
    from charts.specs import SPECS

    table = figs.charts["homes_oe_by_sector"]
    spec = next(s for s in SPECS if s.key == "homes_oe_by_sector")
    alt = alt_text(spec, table)
    year = figs.ledger["homes.period_year"].value
    checked = 0
    for sector, key in SECTOR_KEYS.items():
        share = figs.ledger[f"homes.sector.{key}.good_or_better"]
        bar = table[table["group"] == f"{sector}, {year}"]
        good = int(bar.loc[bar["category"].isin(GOOD_OR_BETTER), "count"].sum())
        assert (good, int(bar["count"].sum())) == (share.count_value, share.base_value), sector
        for m in re.finditer(rf"(\d+)% \({sector}, {year}, (\d+) of (\d+)\)|{sector}, {year}: [^;]*?(\d+)% good or better "
                             rf"\((\d+) of (\d+)\)", alt):
            p, k, n = [int(x) for x in m.groups() if x is not None]
            assert (p, k, n) == (share.value, share.count_value, share.base_value), m.group(0)
            checked += 1
    return alt, checked


def test_chart_13_text_and_alt_text_share_one_base(make):
    """Issue 14: "in the sample bulletin, Chart 13's alt text gives 77% of
    LA-run homes good or better (156 of 202) while the text gives 76% (156
    of 205): one leaves out inspections with no judgement, the other does
    not; the data contract puts them in the base." """
    text, figs, folder = make(seed=11, sectors=("Local authority", "Private", "Voluntary"))
    now = homes_in_period(folder)
    la_run = now[now["sector"] == "Local authority"]
    assert (la_run["overall_effectiveness"] == NJ).sum() > 0   # inspections with no judgement
    k, n = int(la_run["overall_effectiveness"].isin(GOOD_OR_BETTER).sum()), len(la_run)
    share = figs.ledger["homes.sector.local_authority.good_or_better"]
    assert (share.count_value, share.base_value) == (k, n)
    alt, checked = _one_base(figs)
    assert checked >= 1


def test_chart_13_of_the_sample_has_the_texts_base(figs):
    """The same, on the sample: LA-run homes are 156 of 205 in the chart,
    its alt text and the text alike."""
    assert figs.ledger["homes.sector.local_authority.good_or_better"].base_value == 205
    alt, checked = _one_base(figs)
    assert "(Local authority, 2016, 156 of 205)" in alt


def test_a_share_is_printed_at_all_or_none_only_when_it_is():
    """The rule behind "over 99%": whole percentages, rounded half up, but
    100% only of all and 0% only of none."""
    from release.ledger import Ledger

    L = Ledger()
    assert [str(L.share(f"s{i}", k, n, "x")) for i, (k, n) in enumerate(
        [(199, 200), (200, 200), (1, 300), (0, 300), (3, 4), (0, 0)])] == [
        "over 99%", "100%", "under 1%", "0%", "75%", "no inspections"]


# --- The same slips elsewhere ------------------------------------------------------------

#: The slips of the issue's list, as patterns: a zero in figures before a
#: word, "of the one authorities", "one homes", "Zero", "all of inspected".
SLIPS = {
    "zero in figures": r"(?<![\d.,%(])\b0 (?!per)[a-z]",
    "of the none or one, plural": r"\b[Oo]f the (0|one) \w+(ies|s)\b",
    "one, plural": r"(?<!-)(?<!hundred and )(?<!thousand and )\bone (authorities|homes|inspections|regions|LAs|reviews)\b",
    "zero in words": r"\bZero\b",
    "all/none of a noun with no article": r"\b(all|none) of (inspected|children’s homes|inspections)\b",
}

DEGENERATE = {
    "every LA and home good": dict(sif_mix="all good", homes_mix="all good"),
    "every LA and home inadequate": dict(sif_mix="all inadequate", homes_mix="all inadequate"),
    "every LA and home outstanding": dict(sif_mix="all outstanding", homes_mix="all outstanding"),
    "one LA inspected": dict(sif_inspected=1, sif_reinspected=0),
    "two LAs inspected": dict(sif_inspected=2, sif_reinspected=0),
    "one home": dict(homes=1, interim=1),
    "two homes": dict(homes=2, interim=1, inspected=1.0),
    "few of everything": dict(homes=12, sif_inspected=9),
}


@pytest.mark.parametrize("shape", DEGENERATE)
def test_degenerate_data_read_without_a_zero_or_one_slip(make, shape):
    """The slips of the issue's "Ungrammatical" list, looked for on data
    that are all one grade, one or two LAs, one or two homes."""
    text, figs, folder = make(**DEGENERATE[shape])
    found = [f"{name}: …{line[max(0, m.start() - 60):m.end() + 30]}…" for line in text.splitlines()
             if not line.startswith(("http", "Chart", "Map")) for name, p in SLIPS.items() for m in re.finditer(p, line)]
    assert found == []


def test_all_and_none_before_a_noun():
    from release.ledger import Ledger
    from release.words.filters import proportion_of, quantity_of

    L = Ledger()
    assert [proportion_of(L.share(f"p{k}", k, 5, "x")) for k in (0, 2, 5)] == ["none of the", "two fifths of", "all"]
    assert [quantity_of(L.share(f"q{k}", k, 5, "x")) for k in (0, 1, 5)] == ["none of the", "a minority of", "all"]
