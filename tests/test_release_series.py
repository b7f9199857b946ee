"""The release series: every release in data/ builds from its own folder,
reads the release before it, and reports what changed since.

These tests run over every release folder, not only 2016-09; the tests of
published 2016 figures stay pinned to 2016-09."""

import csv
import datetime as dt
import html
import json
import re
import shutil
import sys

import pandas as pd
import pytest

from conftest import ROOT, Series, build_here, run_build

from release.inputs.config import load_release
from release.periods import Period, year_earlier

DATA = ROOT / "data"
RELEASES = sorted(p.name for p in DATA.iterdir() if (p / "release.toml").is_file())


@pytest.fixture(scope="session")
def series():
    """Every release built as HTML (the PDF is tested on 2016-09), by
    release id: ``series / rid`` is that release's shared build, made when
    first asked for (conftest.Series; read only)."""
    return Series(DATA, RELEASES)


def text_of(page: str) -> str:
    page = re.sub(r'<span class="fn-print">.*?</span>', "", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def ledger(series, rid) -> dict:
    return {r["key"]: r for r in json.loads((series / rid / "figures.json").read_text())["figures"]}


def test_the_series_has_a_release_before_and_after_2016_09():
    assert {"2016-03", "2016-09", "2017-03"} <= set(RELEASES)


@pytest.mark.parametrize("rid", RELEASES)
def test_every_release_builds_with_its_reference_date_in_the_title(series, rid):
    rel = load_release(DATA / rid)
    page = (series / rid / "index.html").read_text()
    date = f"{rel.period_end.day} {rel.period_end:%B %Y}"
    assert f"<title>{rel.title}: {date}</title>" in page
    assert re.search(rf"<h1>[^<]*{rel.title}: <span[^>]*>{date}</span></h1>", page)


@pytest.mark.parametrize("rid", [r for r in RELEASES if r.startswith("real-")])
def test_a_real_release_carries_its_attribution_and_reconciliation(series, rid):
    """Real data: the OGL attribution, no sample notice, and every published
    figure equal or explained in reconciliation.csv (tests/test_real_releases.py)."""
    page = (series / rid / "index.html").read_text()
    assert "Contains public sector information licensed under the Open Government Licence v3.0" in page
    assert 'id="sample-data"' not in page and 'class="sample-notice"' not in page
    rows = list(csv.DictReader((series / rid / "reconciliation.csv").open(encoding="utf-8")))
    assert rows and not [r["key"] for r in rows if r["status"] == "unexplained"]
    assert (series / rid / "reconciliation.html").exists()


def test_python_build_builds_the_newest_release():
    from build import parse_args

    assert parse_args([]).data_dir.name == RELEASES[-1]


@pytest.mark.parametrize("rid", RELEASES)
def test_figures_json_says_what_each_figure_describes(series, rid):
    doc = json.loads((series / rid / "figures.json").read_text())
    head = doc["header"]
    assert head["release"] == rid
    assert re.fullmatch(r"[0-9a-f]{64}", head["source_data_sha256"])
    rel = load_release(DATA / rid)
    assert head["reference_dates"]["homes_period"]["end"] == rel.period_end.isoformat()
    assert all(r["describes"] for r in doc["figures"])
    by_key = {r["key"]: r for r in doc["figures"]}
    assert by_key["homes.state.now.good_or_better"]["describes"].endswith(
        f"{rel.period_end.day} {rel.period_end:%B %Y}")


def test_2016_09_restates_the_2016_03_release_exactly(series):
    """Every "at 31 March 2016" / "since we last reported" figure of 2016-09
    equals the 2016-03 ledger (the records did not change them)."""
    now, then = ledger(series, "2016-09"), ledger(series, "2016-03")
    for key, rec in now.items():
        if key.startswith("sif.previous.") and "count" in rec:
            other = then["sif." + key[len("sif.previous."):]]
            assert (rec["text"], rec["count"], rec["base"]) == (other["text"], other["count"], other["base"]), key
    assert now["homes.state.before.good_or_better"]["text"] == then["homes.state.now.good_or_better"]["text"] == "79%"
    assert now["homes.state.year_ago.good_or_better"]["text"] == then["homes.state.before.good_or_better"]["text"]
    assert now["sif.previous.inspected"]["count"] == 87
    # Only the revised period's own figures moved: every other restated
    # figure is as 2016-03 published it.
    restated = {k[len("revisions.restated."):]: r for k, r in now.items()
                if k.startswith("revisions.restated.") and k not in ("revisions.restated.compared",
                                                                      "revisions.restated.changed")}
    assert len(restated) == now["revisions.restated.compared"]["value"] > 50
    for key, published in restated.items():
        if not key.startswith("revisions."):
            assert (now[key]["text"], now[key].get("count"), now[key].get("base")) == (
                published["text"], published.get("count"), published.get("base")), key


def test_2017_03_reports_the_revised_state_of_the_nation_at_30_september_2016(series):
    """2017-03 restates the states of the nation as revised: every record
    held at 30 April 2017, closures and judgements alike (one vintage, not
    the closures of now with the judgements of then). Eight homes had closed
    by 30 September 2016 with the closure recorded late, and nine had a
    later judgement published late: published 81% (1,576 of 1,941), revised
    82% (1,578 of 1,933); said in the Revisions section with its reasons,
    marked where used, listed on the changes page and in the QA report."""
    from release.figures.homes import state_of_nation
    from release.pipeline import load_and_validate
    from release.progress import Progress
    from release.inputs import judgements as j

    rel, _, tables = load_and_validate(DATA / "2017-03", Progress(quiet=True))
    frame = state_of_nation(tables, dt.date(2016, 9, 30), rel.period_published_by)
    good = int(frame["overall_effectiveness"].isin(j.GOOD_OR_BETTER).sum())
    now = ledger(series, "2017-03")
    state = now["homes.state.before.good_or_better"]
    assert (state["text"], state["count"], state["base"]) == ("82%", good, len(frame)) == ("82%", 1578, 1933)
    assert (state["vintage"], state["first_published"]) == ("revised", "81%")
    text = text_of((series / "2017-03" / "index.html").read_text())
    assert ("The state of the nation at 30 September 2016: the percentage judged good or better was published as "
            "81% (1,576 of 1,941) and is now 82% (1,578 of 1,933): eight homes had closed by 30 September 2016 but "
            "the closure was recorded after the previous release's data were taken; nine homes with a later "
            "judgement published after the previous release's data were taken.") in text
    assert "from 82% (revised from the 81% first published) at 30 September 2016" in text
    changes = text_of((series / "2017-03" / "changes.html").read_text())
    assert "81% (1,576 of 1,941)" in changes and "82% (1,578 of 1,933)" in changes
    qa = (series / "2017-03" / "qa-report.txt").read_text()
    assert "homes.state.before.good_or_better (the state of the nation at 30 September 2016): published 81%" in qa


def test_no_qa_report_prints_none(series):
    """Issue 23: "(1196 of None)" for a restated count, which has no base."""
    for report in sorted(series.glob("*/qa-report.txt")):
        lines = [line for line in report.read_text().splitlines() if "None" in line]
        assert not lines, (report.parent.name, lines)
    assert len(list(series.glob("*/qa-report.txt"))) >= 2


def test_revision_counts_are_computed_from_the_records(series):
    """Inspections of the previous release's period published after its data
    were taken, counted here with plain pandas."""
    for rid in ("2016-09", "2017-03"):
        rel = load_release(DATA / rid)
        ev = pd.read_csv(DATA / rid / "homes_inspections.csv", parse_dates=["inspection_date", "publication_date"])
        rev = rel.revisions
        late = ev[(ev["inspection_date"] >= pd.Timestamp(rev["period_start"]))
                  & (ev["inspection_date"] <= pd.Timestamp(rev["period_end"]))
                  & (ev["publication_date"] > pd.Timestamp(rev["since"]))
                  & (ev["publication_date"] <= pd.Timestamp(rel.period_published_by))]
        L = ledger(series, rid)
        for kind in ("Full", "Monitoring", "Emergency", "Interim"):
            assert L[f"revisions.{kind.lower()}"]["value"] == int((late["event_type"] == kind).sum()), (rid, kind)
        download = pd.read_csv(series / rid / "downloads" / "revised-period.csv")
        assert download["count"].sum() == L["revisions.revised.inspections"]["value"]
    assert ledger(series, "2016-09")["revisions.total"]["value"] == 144  # as published


def test_the_changes_page_lists_changed_figures_and_sentences(series):
    for rid in RELEASES:
        rel = load_release(DATA / rid)
        page = series / rid / "changes.html"
        assert page.exists() == (rel.previous.id is not None), rid
    text = text_of((series / "2017-03" / "changes.html").read_text())
    then, now = ledger(series, "2016-09"), ledger(series, "2017-03")
    assert then["sif.inspected"]["text"] != now["sif.inspected"]["text"]
    # The same measure moved on to this release's SIF position: labelled by
    # what it measures and the position it describes, then and now.
    assert (f"{then['sif.inspected']['describes']}, then; {now['sif.inspected']['describes']}, now" in text)
    assert now["sif.inspected"]["definition"] in text
    assert then["sif.inspected"]["text"] in text and now["sif.inspected"]["text"] in text
    assert "The same sentence, with this release’s figures" in text
    assert f"There were {now['sif.inspected']['count']} LAs with a SIF inspection published by 30 April 2017" in text


def test_no_sentence_of_2017_03_names_a_wrong_year(series):
    """The period is April 2016 to March 2017: never a single year for it, and
    the equivalent period a year earlier is 2015-16."""
    text = text_of((series / "2017-03" / "index.html").read_text())
    assert "Between 1 April 2016 and 31 March 2017, there were" in text
    assert "in the equivalent period in 2015-16" in text
    assert not re.search(r"(period|months) in 2016\b", text)
    assert not re.search(r"in 2017(?!-)", text.replace("31 March 2017", ""))
    assert "Birmingham has since had a SIF re-inspection" not in text   # 2016-09's release-only text
    assert "covers the whole of that period" in text


def test_period_words_never_give_one_year_to_a_period_across_a_year_end():
    p = Period(dt.date(2016, 10, 1), dt.date(2017, 3, 31))
    assert (p.long, p.between, p.months, p.year) == (
        "1 October 2016 to 31 March 2017", "1 October 2016 and 31 March 2017", "October 2016 to March 2017",
        "October 2016 to March 2017")   # half a financial year is named by its months, never "2016-17"
    q = Period(dt.date(2016, 4, 1), dt.date(2016, 9, 30))
    assert (q.between, q.short, q.year, q.length, q.part_of_inspection_year) == (
        "1 April and 30 September 2016", "1 April to 30 September 2016", "2016", "six months", "the first six months")
    assert year_earlier(Period(dt.date(2016, 2, 29), dt.date(2016, 8, 31))).start == dt.date(2015, 2, 28)


# --- release.toml: derived, checked, optional ---------------------------------

def copy_series(tmp_path, *rids):
    for rid in rids:
        shutil.copytree(DATA / rid, tmp_path / rid)
    return tmp_path


def edit_toml(folder, old, new):
    path = folder / "release.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_a_stale_previous_value_is_refused_naming_the_key_and_the_value_expected(tmp_path):
    data = copy_series(tmp_path, "2016-09", "2017-03")
    (data / "2016-03").mkdir()
    shutil.copy(DATA / "2016-03" / "release.toml", data / "2016-03")
    edit_toml(data / "2017-03", "cycle_end", "previous_published_by = 2016-03-31\ncycle_end")
    result = run_build("--data", str(data / "2017-03"), "--check")
    assert result.returncode == 1
    assert "[sif] previous_published_by: found '2016-03-31'; expected 2016-10-31" in result.stderr
    assert "derived from previous = \"2016-09\"" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_misspelt_key_is_refused(tmp_path):
    data = copy_series(tmp_path, "2016-03")
    edit_toml(data / "2016-03", "period_end =", "period_ending =")
    result = build_here("--data", str(data / "2016-03"), "--check")
    assert result.returncode == 1
    assert "[homes] period_ending" in result.stderr and "'period_end'?" in result.stderr


def test_a_previous_release_that_is_not_there_is_refused(tmp_path):
    data = copy_series(tmp_path, "2017-03")
    result = build_here("--data", str(data / "2017-03"), "--check")
    assert result.returncode == 1
    assert "[release] previous: found '2016-09'; expected the id of an earlier release folder" in result.stderr


def test_typed_revision_counts_are_refused(tmp_path):
    data = copy_series(tmp_path, "2016-03")
    (data / "2016-03" / "release.toml").write_text((data / "2016-03" / "release.toml").read_text()
                                                   + "\n[revisions]\nfull = 45\n")
    result = build_here("--data", str(data / "2016-03"), "--check")
    assert result.returncode == 1
    assert "[revisions] full: found '45'; expected no such setting: revision counts are computed" in result.stderr


def test_a_release_without_commentary_builds_and_drops_its_sentences(tmp_path):
    data = copy_series(tmp_path, "2016-03", "2016-09")
    toml = data / "2016-09" / "release.toml"
    toml.write_text(toml.read_text().split("# Text for this release only.")[0])
    out = tmp_path / "out"
    result = build_here("--data", str(data / "2016-09"), "--format", "html", "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    text = text_of((out / "index.html").read_text())
    assert "There were 1,196 inspections" not in text  # sanity: the sentence reads "Between ..., there were"
    assert "there were 1,196 inspections of children’s homes" in text
    assert "The increase was due to" not in text
    assert "Children’s Trust" not in text


def test_a_misspelt_commentary_slot_is_refused_by_check(tmp_path):
    data = copy_series(tmp_path, "2016-03", "2016-09")
    edit_toml(data / "2016-09", "homes_inspections_increase =", "homes_inspection_increase =")
    result = build_here("--data", str(data / "2016-09"), "--check")
    assert result.returncode == 1
    assert "[commentary] homes_inspection_increase" in result.stderr
    assert "'homes_inspections_increase'?" in result.stderr


def test_release_only_text_copied_from_the_previous_release_is_warned_of(tmp_path):
    data = copy_series(tmp_path, "2016-03", "2016-09", "2017-03")
    copied = load_release(DATA / "2016-09").commentary["homes_inspections_increase"]
    toml = data / "2017-03" / "release.toml"
    toml.write_text(toml.read_text().replace("[commentary]\n", f"[commentary]\nhomes_inspections_increase = {copied!r}\n"))
    result = build_here("--data", str(data / "2017-03"), "--check")
    assert result.returncode == 0, result.stderr
    assert "warning: [commentary] homes_inspections_increase is word for word the previous release's" in result.stdout + result.stderr


def test_a_named_la_note_is_shown_only_while_the_data_say_so(series):
    """2016-09's notes about Birmingham show there, where Birmingham is
    inadequate in every judgement and counted by its first inspection."""
    text = text_of((series / "2016-09" / "index.html").read_text())
    assert "Birmingham has since had a SIF re-inspection" in text


def test_check_says_when_the_periods_look_stale(tmp_path):
    """A copy of 2016-09's folder with 2017-03's data and last release's
    periods: --check names the periods in release.toml as the likely cause."""
    data = copy_series(tmp_path, "2016-03", "2016-09")
    for f in (DATA / "2017-03").glob("*.csv"):
        shutil.copy(f, data / "2016-09" / f.name)
    result = build_here("--data", str(data / "2016-09"), "--check")
    assert result.returncode == 1
    assert "look stale" in result.stderr and "[homes] period_end" in result.stderr
    listing = re.search(r"all (\d[\d,]*) problems are listed in (\S+)", result.stderr)
    assert listing, result.stderr
    assert len(open(listing.group(2).rstrip(".")).read().splitlines()) == int(listing.group(1).replace(",", ""))


def test_the_series_generator_reproduces_2016_03_and_2017_03(tmp_path, monkeypatch):
    """The generator's command line (its ``main``) run in this process: a
    process of its own would add Python's start-up and imports, and no
    exit status here but success (``main`` returning) is checked."""
    import runpy

    monkeypatch.setattr(sys, "path", list(sys.path))   # the script puts data/ first: put back after
    had_homes = "sample_homes" in sys.modules
    try:
        runpy.run_path(str(DATA / "sample_series.py"), run_name="sample_series")["main"](["--out", str(tmp_path)])
    finally:
        if not had_homes:
            sys.modules.pop("sample_homes", None)   # data/sample_homes.py, imported by the script
    for rid in ("2016-03", "2017-03"):
        for f in (DATA / rid).glob("*.csv"):
            assert (tmp_path / rid / f.name).read_bytes() == f.read_bytes(), (rid, f.name)


def test_a_change_to_the_previous_release_is_a_change_to_this_one(tmp_path):
    """The no-change check reads the releases before this one too: the
    restated figures and the changes page come from them."""
    from release.outputs import manifest

    data = copy_series(tmp_path, "2016-03", "2016-09", "2017-03")
    options = manifest.options(("html",), None)
    before = manifest.inputs_digest(data / "2017-03", options)
    path = data / "2016-03" / "sif_inspections.csv"
    path.write_text(path.read_text().replace(",Good,", ",Inadequate,", 1))
    assert manifest.inputs_digest(data / "2017-03", options) != before


def test_charts_name_a_period_across_a_year_end_as_the_text_does(series):
    """2017-03's period is April 2016 to March 2017: "2016-17" in the chart
    labels, as in the text beside them ("in 2016-17")."""
    for chart in ("homes_oe_by_region", "homes_oe_by_sector"):
        years = set(pd.read_csv(series / "2017-03" / "charts" / f"{chart}.csv")["Period"])   # a column of its own
        assert years == {"2015-16", "2016-17"}, (chart, years)
    text = text_of((series / "2017-03" / "index.html").read_text())
    assert "to 74% in 2016-17" in text or "in 2016-17" in text
