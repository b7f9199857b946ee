"""Issue 23, children's homes: say only what the data support.

Each test builds data of one shape the issue found misreported (areas
within a point or two of each other; the top bar of a chart resting on two
inspections; a share that falls while its count rises), recounts the
figures from the files with pandas, and reads the sentence beside the
chart. The claims QA is shown to fail on a planted contradiction, and every
sentence of the commentary to end with its full stop.
"""

import dataclasses
import html
import re

import pandas as pd
import pytest

from bulletin_text import build_text, paragraph, release_figures
from conftest import DATA
from test_awkward_data import GOOD, INAD, OUT, RI, homes_in_period, homes_table, make, read, save  # noqa: F401
from test_claims import pct

from release.review import qa
from release.outputs import render
from release.figures.findings import Claim
from release.figures.materiality import FEW_TO_RANK, GAP_POINTS
from release.inputs.judgements import AREAS, GOOD_OR_BETTER


def homes_of(region, good, base, sector="Private", then=None):
    """``base`` homes in ``region``, each inspected once in the period, the
    first ``good`` of them judged good and the rest requires improvement."""
    return [{"region": region, "sector": sector, "then": then, "now": [GOOD if i < good else RI]} for i in range(base)]


def set_sub_types(folder, sub_types: dict) -> None:
    """Give the homes numbered ``n`` (in the order homes_table wrote them) a sub type."""
    homes = read(folder, "childrens_homes.csv")
    for n, sub in sub_types.items():
        homes.loc[homes["urn"] == f"SC{200000 + n}", "sub_type"] = sub
    save(homes, folder, "childrens_homes.csv")


def good(rows) -> int:
    """The percentage of ``rows`` judged good or better, rounded half up."""
    return pct(int(rows["overall_effectiveness"].isin(GOOD_OR_BETTER).sum()), len(rows))


def claims_check(figs):
    """The claims QA's check of the figures."""
    return next(c for c in qa.run(figs).checks if c.name == "rankings agree with their charts")


def area_shares(folder) -> dict:
    now = homes_in_period(folder)
    now["area"] = now["region"].map(AREAS)
    return {a: good(g) for a, g in now.groupby("area")}


# --- areas ---------------------------------------------------------------------------

def test_areas_within_two_points_are_similar_and_none_is_better(make):
    """Issue 23: "homes in the north had better inspection outcomes than homes
    in the midlands or south" for 71%, 69% and 70%."""
    homes = homes_of("North East", 71, 100) + homes_of("East Midlands", 69, 100) + homes_of("London", 70, 100)
    text, figs, folder = make(lambda f: homes_table(f, homes))
    assert area_shares(folder) == {"north": 71, "midlands": 69, "south": 70}
    L = figs.ledger
    assert L["homes.area.best"].value == "" and L["homes.area.verdict"].value == "similar"
    assert L["homes.area.similar"].value is True
    assert "better inspection outcomes than homes in" not in text
    assert "north had better" not in text.lower()


def test_an_area_ahead_of_both_others_by_the_gap_is_better(make):
    """The same shape with the north clearly ahead: then it is said."""
    homes = homes_of("North East", 80, 100) + homes_of("East Midlands", 69, 100) + homes_of("London", 70, 100)
    text, figs, folder = make(lambda f: homes_table(f, homes))
    shares = area_shares(folder)
    assert shares["north"] - max(shares["midlands"], shares["south"]) >= GAP_POINTS
    assert figs.ledger["homes.area.best"].value == "north"
    assert "Homes inspected in the north had better inspection outcomes than homes in the midlands or south" in text


def test_an_area_ahead_of_one_but_not_the_other_is_not_better(make):
    """North 76%, midlands 74%, south 60%: the north is not better than the midlands."""
    homes = homes_of("North East", 76, 100) + homes_of("East Midlands", 74, 100) + homes_of("London", 60, 100)
    text, figs, folder = make(lambda f: homes_table(f, homes))
    assert area_shares(folder) == {"north": 76, "midlands": 74, "south": 60}
    assert figs.ledger["homes.area.best"].value == ""
    assert figs.ledger["homes.area.verdict"].value == "mixed"
    assert "better inspection outcomes than homes in" not in text


# --- small groups at the top of a chart ------------------------------------------------------

def test_a_sub_type_with_two_inspections_beside_the_poorest_is_said_to_be_left_out(make):
    """Issue 23: "residential special schools had the poorest grade profile"
    while the chart beside it shows secure homes at 50% (1 of 2)."""
    homes = (homes_of("London", 24, 30)                       # children's homes: 80%
             + homes_of("London", 13, 20)                     # residential special schools: 65%
             + homes_of("London", 1, 2))                      # secure children's homes: 50%, two inspections
    subs = {n: "Residential special school" for n in range(30, 50)} | {50: "Secure children's home", 51: "Secure children's home"}

    def edit(folder):
        homes_table(folder, homes)
        set_sub_types(folder, subs)

    text, figs, folder = make(edit)
    now = homes_in_period(folder).merge(read(folder, "childrens_homes.csv")[["urn", "sub_type"]], on="urn")
    by_sub = {s: (good(g), len(g)) for s, g in now.groupby("sub_type")}
    assert by_sub == {"Children's home": (80, 30), "Residential special school": (65, 20), "Secure children's home": (50, 2)}
    p = paragraph(text, "had the poorest grade profile")
    assert "residential special schools registered as children’s homes had the poorest grade profile" in p
    assert p.endswith("with only 65% of inspections resulting in a good or better inspection judgement; "
                      "secure children’s homes, with two inspections, had too few to be ranked.")
    assert claims_check(figs).passed


def test_a_region_with_two_inspections_above_the_highest_is_said_to_be_left_out(make):
    """The region at the top of Chart 14 has two inspections (100%): the
    highest among regions with enough inspections is named, and the small
    one is said to be left out."""
    homes = homes_of("London", 18, 20) + homes_of("South East", 10, 20) + homes_of("North East", 2, 2)
    text, figs, folder = make(lambda f: homes_table(f, homes))
    now = homes_in_period(folder)
    by_region = {r: (good(g), len(g)) for r, g in now.groupby("region")}
    assert by_region == {"London": (90, 20), "South East": (50, 20), "North East": (100, 2)}
    p = paragraph(text, "had the highest percentage of inspections resulting in a good or better")
    assert ("London had the highest percentage of inspections resulting in a good or better overall effectiveness "
            "judgement, at 90%; the North East, with two inspections, had too few to be ranked.") in p
    assert claims_check(figs).passed


def test_a_small_lead_is_qualified_not_called_the_highest_plainly(make):
    """London 82% against the South East 80%: the superlative is qualified."""
    homes = homes_of("London", 41, 50) + homes_of("South East", 40, 50)
    text, figs, folder = make(lambda f: homes_table(f, homes))
    now = homes_in_period(folder)
    assert {r: good(g) for r, g in now.groupby("region")} == \
        {"London": 82, "South East": 80}
    assert figs.ledger["homes.region.highest_good.clear"].value is False
    p = paragraph(text, "had the highest percentage of inspections resulting in a good or better")
    assert "at 82%, though the difference from the South East (80%) was small." in p


# --- share and count ------------------------------------------------------------------------

def test_a_share_that_falls_while_its_count_rises_says_both(make):
    """Issue 23 (composition): the share inadequate fell from 10% to 6% while
    the number of inspections judged inadequate rose from 10 to 12."""
    homes = ([{"region": "London", "then": INAD, "now": [GOOD]}] * 10 + [{"region": "London", "then": GOOD, "now": [GOOD]}] * 90
             + [{"region": "London", "now": [INAD]}] * 12 + [{"region": "London", "now": [GOOD]}] * 88)
    text, figs, folder = make(lambda f: homes_table(f, homes))
    ev = read(folder, "homes_inspections.csv")
    then = ev[ev["inspection_date"] == "2015-01-10"]
    now = homes_in_period(folder)
    assert (int((then["overall_effectiveness"] == INAD).sum()), len(then)) == (10, 100)
    assert (int((now["overall_effectiveness"] == INAD).sum()), len(now)) == (12, 200)
    assert figs.ledger["homes.oe.inadequate.opposite"].value is True
    p = paragraph(text, "The percentage of homes judged inadequate")
    assert re.search(r"decreased, from 10% \(10 inspections\) .+ to 6% \(12 inspections\) .+, though the number of "
                     r"inspections judged inadequate increased, as the number of inspections increased\.$", p), p


def test_counts_of_inadequate_inspections_say_inspections_not_homes(make):
    """Issue 23: "9% (82 homes)" where 82 were inspections of 74 homes. Two
    homes inspected twice, inadequate both times: four inspections, two homes."""
    homes = [{"region": "London", "then": GOOD, "now": [INAD, INAD]}] * 2 + [{"region": "London", "then": GOOD, "now": [GOOD]}] * 8
    text, figs, folder = make(lambda f: homes_table(f, homes))
    now = homes_in_period(folder)
    inad = now[now["overall_effectiveness"] == INAD]
    assert (len(inad), inad["urn"].nunique()) == (4, 2)
    assert figs.ledger["homes.inadequate_homes"].value == 2
    p = paragraph(text, "The percentage of homes judged inadequate")
    assert "(4 inspections)" in p or "(four inspections)" in p
    assert "homes)" not in p


def test_the_compared_inspections_are_named_as_a_subset(make):
    """Issue 23: "750 were of homes that had been previously inspected" where
    782 were. Homes inspected twice: their second inspections are not compared."""
    homes = [{"region": "London", "then": GOOD, "now": [GOOD, GOOD]}] * 5 + [{"region": "London", "then": GOOD, "now": [RI]}] * 5
    text, figs, folder = make(lambda f: homes_table(f, homes))
    now = homes_in_period(folder)
    first = now.groupby("urn").head(1)
    assert (len(now), len(first)) == (15, 10)
    p = paragraph(text, "were of homes that had been previously inspected")
    assert p.startswith("Of the 15 inspections in the period, 15 were of homes that had been previously inspected; "
                        "10 of these, each home’s first inspection in the period that made a judgement, can be compared")


# --- the claims QA ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample():
    """The sample's release, figures and visuals, as the process's other
    tests of the words read them (bulletin_text.release_figures: read only)."""
    return release_figures(DATA)


def test_the_claims_qa_passes_on_the_sample_and_checks_every_homes_ranking(sample):
    _, figs, _ = sample
    report = qa.run(figs)
    assert report.passed, report.text()
    check = next(c for c in report.checks if c.name == "rankings agree with their charts")
    charts = {c.chart for c in figs.claims}
    assert {"homes_oe_by_subtype", "homes_oe_by_sector", "homes_oe_by_region", "homes_prev_good_by_region",
            "homes_prev_ri_by_region", "homes_state_of_nation_by_region"} <= charts
    assert f"{len(figs.claims)} claims checked" in check.detail


def _copy(figs):
    return dataclasses.replace(figs, charts={k: v.copy() for k, v in figs.charts.items()}, claims=list(figs.claims))


def test_a_planted_contradiction_fails_the_claims_qa(sample):
    """The chart beside "The North East had the highest percentage" is
    changed so that the South West's bar is all good: the build stops."""
    _, figs, _ = sample
    figs = _copy(figs)
    claim = next(c for c in figs.claims if c.chart == "homes_oe_by_region" and not c.earlier and c.focus == tuple(GOOD_OR_BETTER)
                 and not c.lowest)
    table = figs.charts["homes_oe_by_region"]
    other = next(g for g in claim.groups if g != claim.top[0])
    rows = table["group"] == other
    table.loc[rows, "count"] = [100 if c == GOOD else 0 for c in table.loc[rows, "category"]]
    report = qa.run(figs)
    assert not report.passed
    failed = report.failed[0]
    assert failed.name == "rankings agree with their charts"
    assert other in failed.detail and claim.top[0] in failed.detail


def test_a_superlative_the_chart_contradicts_fails(sample):
    """A claim naming a bar that is not the highest fails; naming a small bar
    above it as left out is required; calling a close top plain fails."""
    _, figs, _ = sample
    charts = {"c": pd.DataFrame([
        {"group": g, "category": c, "count": n, "percent": 0}
        for g, good, bad in (("A", 80, 20), ("B", 78, 22), ("C", 2, 0), ("D", 50, 50))
        for c, n in (("Good", good), ("Inadequate", bad))])}
    ok = Claim("c", ("A", "B", "C", "D"), ("A",), ("Good",), left_out=("C",), value=80)
    assert qa.claim_problems(ok, charts) == []
    assert qa.claim_problems(dataclasses.replace(ok, top=("B",), value=78), charts)        # B is not the highest
    assert qa.claim_problems(dataclasses.replace(ok, left_out=()), charts)                 # C (2 of 2) not said
    assert qa.claim_problems(dataclasses.replace(ok, plain=True), charts)                  # 80 against 78: not plain
    assert qa.claim_problems(dataclasses.replace(ok, value=81), charts)                    # printed number wrong
    assert qa.claim_problems(dataclasses.replace(ok, top=("C",), value=100), charts)       # a top of two
    assert qa.claim_problems(dataclasses.replace(ok, left_out=("C", "D")), charts)         # D is not small
    assert qa.claim_problems(dataclasses.replace(ok, chart="missing"), charts)
    lowest = Claim("c", ("A", "B", "C", "D"), ("D",), ("Good",), lowest=True, plain=True, value=50)
    assert qa.claim_problems(lowest, charts) == []
    assert FEW_TO_RANK > 2


# --- punctuation ------------------------------------------------------------------------------

#: A chart or map reference closing a paragraph, after its last full stop.
REFERENCE = re.compile(r"(\s*\((?:Charts?|Maps?) [^)]*\))+$")
#: A sentence run on where its full stop was lost: "at 88% This was".
RUN_ON = re.compile(r"[a-z0-9%)] (?:This|These|There|It|However|Of|In|The(?! Humber)) ")


def commentary_paragraphs(page: str) -> list[str]:
    """The text of every paragraph and list item of the bulletin's main text,
    the title block and footnotes left out."""
    body = page.split("<main", 1)[1].split("</main>", 1)[0]
    body = re.sub(r'<span class="fn-print">.*?</span>', "", body, flags=re.S)
    body = re.sub(r"<sup[^>]*>.*?</sup>", "", body, flags=re.S)
    body = re.sub(r'<section[^>]*id="footnotes".*?</section>', "", body, flags=re.S)
    body = re.sub(r"<header\b.*?</header>", "", body, flags=re.S)   # the title block: what the release covers, as labels
    out = []
    for m in re.finditer(r"<(p|li)\b[^>]*>(.*?)</\1>", body, flags=re.S):
        text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))).strip()
        # Labels, not sentences: a title line, a bullet naming a judgement, a download link.
        if text and ("." in text or len(text.split()) > 15) and not text.startswith("Download the data"):
            out.append(text)
    return out


def sentence_problems(paragraphs: list[str]) -> list[str]:
    bad = []
    for p in paragraphs:
        if not REFERENCE.sub("", p).endswith((".", ":", ";")):
            bad.append(f"no full stop: …{p[-80:]}")
        bad += [f"run on: …{p[max(0, m.start() - 40):m.end() + 20]}…" for m in RUN_ON.finditer(p)]
    return bad


def test_the_check_finds_a_lost_full_stop():
    assert sentence_problems(["The North East had the highest, at 88% This was a very small increase."])
    assert sentence_problems(["It ended without one (Chart 14)"])
    assert sentence_problems(["It ended with one. (Chart 14)"]) == []
    assert sentence_problems(["Yorkshire and The Humber had the second highest at 88%."]) == []


def test_every_sentence_of_the_commentary_ends_with_its_full_stop(sample):
    rel, figs, visuals = sample
    paragraphs = commentary_paragraphs(render.render_page(rel, figs, visuals))
    assert len(paragraphs) > 50
    assert sentence_problems(paragraphs) == []
    text = "\n".join(paragraphs)
    assert "at 88%. This was a very small increase from 87%" in text


def page_parts(folder, figs):
    """What ``render_page`` takes for a folder ``make`` built: its release,
    the figures ``make`` computed (not computed again) and their visuals,
    as bulletin_text makes them."""
    from release.pipeline import load_and_validate
    from release.progress import Progress

    rel, _, _ = load_and_validate(folder, Progress(quiet=True))
    visuals = {key: render.Visual(key, "Map" if key in figs.maps else "Chart", key, "", f"{key}.svg", f"{key}.csv", "")
               for key in list(figs.charts) + list(figs.maps)}
    return rel, figs, visuals


def test_sentences_end_with_full_stops_on_awkward_homes_data(make):
    """Small groups left out, close leads and a share against its count: the
    clauses these add keep every sentence whole."""
    homes = (homes_of("London", 41, 50) + homes_of("South East", 40, 50) + homes_of("North East", 2, 2)
             + [{"region": "London", "now": [INAD]}] * 12)
    text, figs, folder = make(lambda f: homes_table(f, homes))
    rel, figs, visuals = page_parts(folder, figs)
    assert sentence_problems(commentary_paragraphs(render.render_page(rel, figs, visuals))) == []
    assert claims_check(figs).passed
