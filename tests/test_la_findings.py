"""The local authority findings of issue 23 (and issue 24's re-inspection
sentence), each on data made to reach it, recounted here with pandas:

- inspected and published are separate facts: an LA inspected in the window
  whose report was not published by the cut-off is "inspected, not yet
  published", never counted and never "not yet inspected";
- a share and its count that move in opposite directions are both said;
- named lists say who joined and who left, and why: every re-inspection
  published since the position last reported is said, from what to what,
  with the lists it moved LAs on to or off; an LA already on a list is
  never "since we last reported".
"""

import pandas as pd
import pytest

from bulletin_text import paragraph
from test_awkward_data import INAD, RI, GOOD, OUT, SIF_PREVIOUS_CUT, SIF_PUBLISHED_BY, make, read, save  # noqa: F401

from release.ledger import in_prose

COLUMNS = ["inspection_id", "la_code", "inspection_date", "publication_date", "reinspection", "overall_effectiveness",
           "help_and_protection", "looked_after", "adoption", "care_leavers", "leadership", "lscb_overall_effectiveness"]
KEY = ["help_and_protection", "looked_after", "leadership"]
EVERY = KEY + ["adoption", "care_leavers"]
#: Judgements of one inspection: overall effectiveness, help and protection,
#: looked after, adoption, care leavers, leadership.
PROFILES = {
    "all": (INAD, INAD, INAD, INAD, INAD, INAD),
    "key": (INAD, INAD, INAD, RI, RI, INAD),
    "ri": (RI,) * 6,
    "good": (GOOD,) * 6,
    "outstanding": (OUT,) * 6,
}
#: Inspected and published before the previous cut-off; since it.
BEFORE, SINCE = ("2015-01-12", "2015-02-20"), ("2015-12-01", "2016-01-20")
REINSPECTED = ("2016-01-11", "2016-02-22")


def names(folder) -> list[str]:
    """LAs whose names read the same in prose (no inverted "City of")."""
    las = read(folder, "local_authorities.csv")
    return las.loc[~las["la_name"].str.contains(",") & ~las["la_name"].str.contains(" and "), "la_name"].tolist()


def sif_table(folder, rows) -> None:
    """Replace the SIF inspections by ``rows``: (LA name, profile, (inspected,
    published), re-inspection?)."""
    las = read(folder, "local_authorities.csv").set_index("la_name")
    out = []
    for n, (name, prof, (inspected, published), again) in enumerate(rows):
        g = PROFILES[prof]
        out.append([f"T{n:04d}", las.at[name, "la_code"], inspected, published, "Yes" if again else "No",
                    g[0], g[1], g[2], g[3], g[4], g[5], g[0]])
    save(pd.DataFrame(out, columns=COLUMNS), folder, "sif_inspections.csv")


def position(folder, published_by) -> pd.DataFrame:
    """Each LA's latest inspection published by the date (recounted here)."""
    sif = read(folder, "sif_inspections.csv")
    seen = sif[sif["publication_date"] <= published_by]
    latest = seen.sort_values(["la_code", "inspection_date"]).groupby("la_code").tail(1)
    return latest.merge(read(folder, "local_authorities.csv"), on="la_code")


def on_list(frame, columns) -> set:
    return set(frame.loc[(frame[columns] == INAD).all(axis=1), "la_name"])


def built(make, rows_of):
    """Build a release whose SIF inspections are ``rows_of(names)``."""
    chosen = {}

    def edit(folder):
        chosen["names"] = names(folder)
        sif_table(folder, rows_of(chosen["names"]))
    text, figs, folder = make(edit)
    return text, figs, folder, chosen["names"]


# --- inspected is not published ---------------------------------------------------------

def test_an_la_inspected_but_not_published_is_neither_counted_nor_not_yet_inspected(make):
    """Issue 23: "134 had been inspected by March 2017" and maps labelling
    LAs "Not yet inspected" that were inspected in March and published in
    May; "138 inspections that have taken place" where 141 took place."""
    def rows(la):
        counted = [(la[k], "ri", BEFORE, False) for k in range(20)]
        late = [(la[20 + k], "good", ("2016-03-01", "2016-05-10"), False) for k in range(3)]
        return counted + late + [(la[0], "ri", ("2016-03-10", "2016-04-28"), True)]
    text, figs, folder, la = built(make, rows)
    L = figs.ledger
    sif = read(folder, "sif_inspections.csv")
    published = sif[sif["publication_date"] <= SIF_PUBLISHED_BY]
    waiting = set(sif["la_code"]) - set(published["la_code"])
    assert L["sif.inspected"].count_value == published["la_code"].nunique() == 20
    assert L["sif.inspected_unpublished.count"].value == len(waiting) == 3
    assert L["sif.inspections_unpublished"].value == len(sif) - len(published) == 4
    assert not L["sif.all_inspected_published"].value
    p = paragraph(text, "with a SIF inspection published by 31 March 2016")
    assert p.startswith("There were 20 LAs with a SIF inspection published by 31 March 2016.")
    assert ("A further three LAs had been inspected by 31 March 2016, but their reports were not published by "
            "31 March 2016, so they are not counted here.") in p
    assert "had been inspected, they included" not in text
    assert "had a SIF inspection published, they included" in text
    note = paragraph(text, "further inspections had taken place")
    assert "Four further inspections had taken place by 31 March 2016 but were not published by 31 March 2016" in note
    # The map: those three are their own category, the rest not yet inspected.
    table = figs.maps["la_sif_oe"].set_index("la_code")
    assert set(table.index[table["category"] == "Inspected, not yet published"]) == waiting
    never = set(read(folder, "local_authorities.csv")["la_code"]) - set(sif["la_code"])
    assert set(table.index[table["category"] == "Not yet inspected"]) == never
    reviewed = set(sif.loc[sif["la_code"].isin(waiting) & (sif["lscb_overall_effectiveness"] != ""), "la_code"])
    # The spreadsheet's LA table says the same.
    from release.pipeline import load_and_validate
    from release.progress import Progress
    from release.outputs.spreadsheet import la_sheet
    rel, _, tables = load_and_validate(folder, Progress(quiet=True))
    sheet = la_sheet(rel, figs, tables).table
    code = read(folder, "local_authorities.csv").set_index("la_name")["la_code"]
    shown = sheet.loc[sheet["Overall effectiveness"] == "Inspected, not yet published", "Local authority"]
    assert set(code[shown]) == waiting
    assert (sheet["Overall effectiveness"] == "Not yet inspected").sum() == len(never)
    assert reviewed == waiting  # each made with a review
    assert set(figs.maps["la_lscb"].set_index("la_code").query("category == 'Inspected, not yet published'").index) \
        == reviewed


def test_when_every_la_inspected_is_published_inspected_is_said(make):
    text, figs, folder, la = built(make, lambda la: [(la[k], "ri", BEFORE, False) for k in range(12)])
    assert figs.ledger["sif.all_inspected_published"].value
    assert "A further" not in paragraph(text, "with a SIF inspection published by")
    assert "Whilst 8% of authorities had been inspected" in text
    assert "Inspected, not yet published" not in set(figs.maps["la_sif_oe"]["category"])


# --- a share and its count moving apart ---------------------------------------------------

def test_a_share_that_falls_while_its_count_rises_says_both(make):
    """Issue 23: "a decrease in LAs judged inadequate from 23% to 21%" while
    the number rose from 25 to 28."""
    def rows(la):
        before = [(la[k], "key" if k < 3 else "ri", BEFORE, False) for k in range(10)]
        since = [(la[10 + k], "key" if k < 2 else "ri", SINCE, False) for k in range(20)]
        return before + since
    text, figs, folder, la = built(make, rows)
    now, then = position(folder, SIF_PUBLISHED_BY), position(folder, SIF_PREVIOUS_CUT)
    inad_now, inad_then = int((now["overall_effectiveness"] == INAD).sum()), int(
        (then["overall_effectiveness"] == INAD).sum())
    assert (inad_then, len(then), inad_now, len(now)) == (3, 10, 5, 30)
    L = figs.ledger
    assert L["sif.oe.inadequate.change.opposite"].value and L["sif.oe.inadequate.change.give_counts"].value
    assert L["sif.oe.inadequate.change.direction"].value == "down"
    assert L["sif.oe.inadequate.change.count_direction"].value == "up"
    p = paragraph(text, "the percentage judged inadequate was")
    assert ("the percentage judged inadequate was 17% (down from 30% at 30 September 2015), although the number of LAs "
            "judged inadequate increased from 3 to 5, as the number of LAs counted increased from 10 to 30.") in p


def test_a_share_and_count_moving_together_on_a_steady_base_are_said_as_a_share(make):
    def rows(la):
        before = [(la[k], "key" if k < 5 else "ri", BEFORE, False) for k in range(40)]
        return before + [(la[40], "ri", SINCE, False), (la[41], "ri", SINCE, False)]
    text, figs, folder, la = built(make, rows)
    L = figs.ledger
    assert not L["sif.oe.inadequate.change.opposite"].value and not L["sif.oe.inadequate.change.base_changed"].value
    p = paragraph(text, "the percentage judged inadequate was")
    assert "was 12% (down from 13% at 30 September 2015)." in p and "number of LAs" not in p
    assert "slightly improved judgement profile" not in text or not L["sif.oe.profile_material"].value


# --- list movements and re-inspections -----------------------------------------------------

def _lists_now_and_then(folder):
    now, then = position(folder, SIF_PUBLISHED_BY), position(folder, SIF_PREVIOUS_CUT)
    return now, then


def test_no_reinspection_since_says_nothing_of_reinspections(make):
    text, figs, folder, la = built(make, lambda la: [(la[k], "key" if k < 2 else "ri", BEFORE, False)
                                                     for k in range(10)] + [(la[10], "key", SINCE, False)])
    assert figs.ledger["sif.reinspected_since.count"].value == 0
    assert "re-inspection published" not in text
    p = paragraph(text, "for each of the three key judgements:")
    assert p.endswith(f"{la[0]} and {la[1]} plus – since we last reported on SIF inspection outcomes published as at "
                      f"30 September 2015 – {la[10]}.")


def test_one_reinspection_that_takes_an_la_off_a_list(make):
    """Issue 23: "An LA leaves the list 'inadequate for each of the three key
    judgements' after its re-inspection, and no sentence says so"."""
    def rows(la):
        return ([(la[k], "key" if k < 3 else "ri", BEFORE, False) for k in range(10)]
                + [(la[0], "ri", REINSPECTED, True)])
    text, figs, folder, la = built(make, rows)
    now, then = _lists_now_and_then(folder)
    left = on_list(then, KEY) - on_list(now, KEY)
    assert left == {la[0]}
    L = figs.ledger
    assert L["sif.list.inadequate_key_judgements.left_reinspected"].value == [la[0]]
    assert L["sif.list.inadequate_key_judgements.joined"].value == []
    p = paragraph(text, "had a SIF re-inspection published")
    assert (f"Since we last reported on SIF inspection outcomes published as at 30 September 2015, one LA has had a SIF "
            f"re-inspection published. For overall effectiveness, {la[0]} moved from inadequate to requires improvement "
            f"to be good. As a result, {la[0]} is no longer among the LAs judged inadequate for each of the three key "
            "judgements.") == p
    assert la[0] not in paragraph(text, "for each of the three key judgements:")


def test_one_reinspection_that_puts_an_la_on_a_list(make):
    def rows(la):
        return ([(la[k], "key" if k < 2 else "ri", BEFORE, False) for k in range(10)]
                + [(la[2], "all", REINSPECTED, True)])
    text, figs, folder, la = built(make, rows)
    now, then = _lists_now_and_then(folder)
    assert on_list(now, EVERY) - on_list(then, EVERY) == {la[2]}
    assert figs.ledger["sif.list.inadequate_all_judgements.joined_reinspected"].value == [la[2]]
    p = paragraph(text, "had a SIF re-inspection published")
    assert (f"{la[2]} moved from requires improvement to be good to inadequate. As a result, {la[2]} joined the LAs "
            "judged inadequate in all of the key and sub-judgements.") in p
    # said once, of the narrower list: joining "every judgement" is joining the key judgements' too
    assert "joined the LAs judged inadequate for each of the three key judgements" not in p
    assert paragraph(text, "judged inadequate in all of the key and sub-judgements:").endswith(f": {la[2]}.")


def test_several_reinspections_one_already_on_the_list_is_never_since(make):
    """Issue 23: "an LA already on the list is presented under 'since we last
    reported'". la[1] was inadequate in each key judgement, was re-inspected
    and still is: it stays among those reported before."""
    def rows(la):
        return ([(la[k], "key" if k < 3 else "ri", BEFORE, False) for k in range(10)]
                + [(la[0], "ri", REINSPECTED, True), (la[1], "key", REINSPECTED, True),
                   (la[5], "good", REINSPECTED, True), (la[10], "key", SINCE, False)])
    text, figs, folder, la = built(make, rows)
    now, then = _lists_now_and_then(folder)
    again = set(now.loc[now["reinspection"] == "Yes", "la_name"])
    assert again == {la[0], la[1], la[5]}
    L = figs.ledger
    assert set(L["sif.reinspected_since.names"].value) == again
    assert L["sif.inadequate_key_judgements_only.since"].value == [la[10]]
    assert set(L["sif.inadequate_key_judgements_only.before"].value) == (on_list(then, KEY) & on_list(now, KEY))
    key3 = paragraph(text, "for each of the three key judgements:")
    before, _, since = key3.partition("since we last reported")
    assert la[1] in before and la[1] not in since and la[10] in since
    p = paragraph(text, "had a SIF re-inspection published")
    assert "three LAs have had a SIF re-inspection published" in p
    for name, move in ((la[0], "moved from inadequate to requires improvement to be good"),
                       (la[1], "was judged inadequate again"),
                       (la[5], "moved from requires improvement to be good to good")):
        assert f"{name} {move}" in p
    assert f"As a result, {la[0]} is no longer among the LAs judged inadequate for each of the three key judgements." in p
    assert "joined" not in p


def test_reinspections_that_move_no_list_say_so(make):
    def rows(la):
        return ([(la[k], "ri", BEFORE, False) for k in range(10)]
                + [(la[3], "good", REINSPECTED, True), (la[4], "ri", REINSPECTED, True)])
    text, figs, folder, la = built(make, rows)
    assert not figs.ledger["sif.reinspected_since.any_list_moves"].value
    p = paragraph(text, "had a SIF re-inspection published")
    assert ("These did not move any LA on to or off the lists of LAs judged inadequate for each of the three key "
            "judgements or in all of the key and sub-judgements.") in p
    assert "As a result" not in p


@pytest.mark.parametrize("case", ["joined only", "left only"])
def test_list_movements_recount(make, case):
    """Every named list's joiners and leavers, with their reasons, equal a
    pandas recount of the two positions."""
    def rows(la):
        base = [(la[k], "all" if k < 2 else "key" if k < 4 else "outstanding" if k < 5 else "ri", BEFORE, False)
                for k in range(12)]
        if case == "joined only":
            return base + [(la[6], "all", REINSPECTED, True), (la[12], "outstanding", SINCE, False)]
        return base + [(la[0], "key", REINSPECTED, True), (la[4], "good", REINSPECTED, True)]
    text, figs, folder, la = built(make, rows)
    now, then = _lists_now_and_then(folder)
    tests = {"inadequate_all_judgements": lambda f: on_list(f, EVERY),
             "inadequate_key_judgements": lambda f: on_list(f, KEY),
             "outstanding": lambda f: set(f.loc[f["overall_effectiveness"] == OUT, "la_name"])}
    counted_then = set(then["la_name"])
    L = figs.ledger
    for key, members in tests.items():
        joined, left = members(now) - members(then), members(then) - members(now)
        assert set(L[f"sif.list.{key}.joined"].value) == joined, key
        assert set(L[f"sif.list.{key}.left"].value) == left, key
        assert set(L[f"sif.list.{key}.joined_first"].value) == joined - counted_then, key
        assert set(L[f"sif.list.{key}.joined_reinspected"].value) == joined & counted_then, key
        assert set(L[f"sif.list.{key}.left_reinspected"].value) == left, key
    p = paragraph(text, "had a SIF re-inspection published")
    if case == "joined only":
        assert f"As a result, {in_prose(la[6])} joined the LAs judged inadequate in all of the key and sub-judgements." in p
        assert "no longer" not in p
    else:
        assert (f"As a result, {la[0]} is no longer among the LAs judged inadequate in all of the key and "
                "sub-judgements.") in p
        assert "joined" not in p
        assert f"{la[4]} moved from outstanding to good" in p


# --- the careful reader's checks on generated shapes of these classes -------------------------

@pytest.mark.parametrize("shape", [
    dict(sif_unpublished=3),
    dict(sif_unpublished=1, sif_before=0.0),
    dict(sif_mix="all inadequate", sif_mix_since="realistic", sif_reinspected=3),
    dict(sif_mix="realistic", sif_mix_since="all good", sif_unpublished=1, sif_reinspected=2),
], ids=["three unpublished", "one unpublished, first report", "inadequate share falls, count rises",
        "good since, one unpublished"])
def test_generated_la_shapes_read_right(shape):
    """The property test's generator makes these classes too (tests/any_data.py:
    ``sif_unpublished``, ``sif_mix_since``); each reads with no false or
    broken sentence and no number that is not its figure."""
    import dataclasses

    from test_any_data import ORDINARY, problems_in, traced

    text, figs, page = traced(dataclasses.replace(ORDINARY, **shape))
    assert problems_in(text, figs, page) == []
    L = figs.ledger
    assert L["sif.inspected_unpublished.count"].value == min(shape.get("sif_unpublished", 0), 152 - ORDINARY.sif_inspected)
    if shape.get("sif_unpublished"):
        assert "had been inspected by 31 March 2016, but" in text
    if shape.get("sif_mix_since") == "realistic" and L["sif.oe.inadequate.change.opposite"].value:
        assert "although the number of LAs judged inadequate increased" in text


def test_a_regional_superlative_said_alone_is_a_claim_the_qa_checks():
    """The region named alone as the greatest or lowest is registered as a
    claim against Chart 'sif_oe_by_region' and agrees with it; a planted
    contradiction (another region named the top) is caught."""
    import dataclasses
    from pathlib import Path

    from bulletin_text import build_text
    from release.review.qa import claim_problems

    text, figs = build_text(Path(__file__).resolve().parent.parent / "data" / "2017-03")
    claims = [c for c in figs.claims if c.chart == "sif_oe_by_region"]
    assert claims
    assert all(claim_problems(c, figs.charts) == [] for c in claims)
    named = {c.top[0] for c in claims}
    other = next(r for r in ("North West", "London", "South East") if r not in named)
    planted = dataclasses.replace(claims[0], top=(other,))
    assert claim_problems(planted, figs.charts)
