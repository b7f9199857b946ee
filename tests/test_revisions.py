"""Revisions as statisticians define them (issue 25): the archive of what
was published, read back by the next release; a code change that alters a
published figure stops the build until it is declared a method change."""

import json
import shutil

import pytest

from conftest import ROOT, copy_release, run_build

from release import figures, series
from release.inputs.config import load_release
from release.errors import ReleaseError
from release.figures import homes as homes_figures
from release.ledger import Figure
from release.pipeline import load_and_validate
from release.progress import Progress

DATA = ROOT / "data"


def test_every_release_in_data_is_signed_off_and_its_archive_reads_back():
    """The archive holds every figure with its printed text; its digest is
    checked when it is read."""
    for rid in ("2016-03", "2016-09", "2017-03"):
        path = series.archive_path(DATA / rid)
        doc = json.loads(path.read_text())
        assert doc["header"]["release"] == rid and doc["header"]["code_version"]
        head, ledger = series.read_archive(DATA / rid)
        assert len(ledger.figures) == len(doc["figures"])
        for rec in doc["figures"]:
            fig = ledger[rec["key"]]
            assert fig.text == rec["text"], rec["key"]
            assert getattr(fig, "count_value", None) == rec.get("count")


def test_sign_off_archives_the_ledger_once_and_an_altered_archive_is_refused(tmp_path):
    folder = copy_release(DATA / "2016-03", tmp_path)
    shutil.rmtree(folder / "published")
    result = run_build("--data", str(folder), "--sign-off", "--quiet")
    assert result.returncode == 0, result.stderr
    rel, _, tables = load_and_validate(folder, Progress(quiet=True))
    computed = figures.compute(tables, rel).ledger
    _, archived = series.read_archive(folder)
    assert set(archived.figures) == set(computed.figures)
    assert all(archived[k].text == computed[k].text for k in computed.figures)
    again = run_build("--data", str(folder), "--sign-off", "--quiet")
    assert again.returncode == 1 and "already signed off" in again.stderr
    path = series.archive_path(folder)
    path.write_text(path.read_text().replace('"text": "1,019"', '"text": "1,020"', 1).replace(
        '"value": 87,', '"value": 88,', 1))
    with pytest.raises(ReleaseError, match="altered"):
        series.read_archive(folder)


def test_sign_off_needs_the_previous_release_signed_off_first(tmp_path):
    folder = copy_release(DATA / "2016-09", tmp_path)
    shutil.rmtree(folder / "published")
    shutil.rmtree(tmp_path / "2016-03" / "published")
    result = run_build("--data", str(folder), "--sign-off", "--quiet")
    assert result.returncode == 1
    assert "release 2016-03, which is not signed off" in result.stderr


def test_the_previous_release_is_read_from_its_archive_not_recomputed():
    rel = load_release(DATA / "2017-03")
    prev = series.load_previous(rel)
    assert prev.archived and prev.ledger is prev.published
    assert prev.method_changes == []
    on_disk = {r["key"]: r["text"] for r in json.loads(series.archive_path(DATA / "2016-09").read_text())["figures"]}
    assert {k: f.text for k, f in prev.ledger.figures.items()} == on_disk


@pytest.fixture
def code_change(monkeypatch):
    """Today's code counts one more inspection in the period than the code
    that signed 2016-09 off."""
    original = homes_figures.compute

    def changed(tables, rel, figs):
        original(tables, rel, figs)
        L = figs.ledger
        fig = Figure("homes.inspections", L["homes.inspections"].value + 1, L["homes.inspections"].definition)
        object.__setattr__(fig, "_ledger", L)
        L.figures["homes.inspections"] = fig

    monkeypatch.setattr(homes_figures, "compute", changed)


def test_a_code_change_altering_a_published_figure_stops_the_build_naming_it(tmp_path, code_change):
    folder = copy_release(DATA / "2017-03", tmp_path)
    with pytest.raises(ReleaseError) as err:
        series.load_previous(load_release(folder))
    message = str(err.value)
    assert "homes.inspections: published 1,196, now 1,197" in message
    assert "1 figure of release 2016-09" in message and "[[revisions.method_change]]" in message


def test_a_declared_method_change_is_built_and_named_in_the_revisions_section(tmp_path, code_change):
    folder = copy_release(DATA / "2017-03", tmp_path)
    toml = folder / "release.toml"
    toml.write_text(toml.read_text() + '\n[[revisions.method_change]]\nfigures = ["homes.inspections"]\n'
                    'reason = "Inspections are now counted on the day they start."\n')
    rel = load_release(folder)
    prev = series.load_previous(rel)
    assert [c["reason"] for c in prev.method_changes] == ["Inspections are now counted on the day they start."]
    _, _, tables = load_and_validate(folder, Progress(quiet=True))
    figs = figures.compute(tables, rel, prev)
    [change] = figs.lists["method_changes"]
    [row] = change["figures"]
    assert (row["published"].value, row["now"].value) == (1196, 1197)
    html = _render_revisions(rel, figs)
    assert ("Inspections are now counted on the day they start. It changed full inspections of children's homes in "
            "the period, published by the cut-off (children's homes inspections 1 April 2016 to 30 September 2016) "
            "from 1,196 as published to 1,197.") in html


def test_a_method_change_declared_without_reason_is_refused(tmp_path):
    folder = copy_release(DATA / "2017-03", tmp_path)
    toml = folder / "release.toml"
    toml.write_text(toml.read_text() + '\n[[revisions.method_change]]\nfigures = ["homes.inspections"]\n')
    with pytest.raises(ReleaseError, match="reason"):
        series.load_previous(load_release(folder))


def _render_revisions(rel, figs) -> str:
    """The Revisions section alone, in words (footnotes left out)."""
    import re
    from release.outputs.render import environment

    def fn(name, caller=None):
        return ""

    section = environment().get_template("sections/revisions.html").render(
        F=figs.ledger.tree(), rel=rel, lists=figs.lists, fn=fn)
    import html
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", section)))


# --- constructed series: what records arriving late or withdrawn do -------------

import datetime as dt

import pandas as pd

from release.inputs import judgements as j


def _series(tmp_path, *rids):
    """Copies of release folders (with their archives) side by side."""
    for rid in rids:
        shutil.copytree(DATA / rid, tmp_path / rid)
    return tmp_path


def _compute(folder):
    rel = load_release(folder)
    prev = series.load_previous(rel)
    _, _, tables = load_and_validate(folder, Progress(quiet=True))
    return rel, tables, prev, figures.compute(tables, rel, prev)


def _events(folder):
    return pd.read_csv(folder / "homes_inspections.csv", parse_dates=["inspection_date", "publication_date"])


def _state(folder, date, cut):
    """Plain pandas: each home open on ``date`` -> (its latest judged full
    inspection published by ``cut``, that inspection's grade)."""
    homes = pd.read_csv(folder / "childrens_homes.csv", parse_dates=["registration_date", "closure_date"])
    ev = _events(folder)
    d = pd.Timestamp(date)
    open_ = homes[(homes["registration_date"] <= d) & (homes["closure_date"].isna() | (homes["closure_date"] > d))]
    full = ev[(ev["event_type"] == "Full") & ev["overall_effectiveness"].isin(j.GRADES) & (ev["inspection_date"] <= d)
              & (ev["publication_date"] <= pd.Timestamp(cut))]
    latest = full.sort_values("inspection_date").groupby("urn").tail(1)
    latest = latest[latest["urn"].isin(open_["urn"])]
    return {u: (e, g) for u, e, g in zip(latest["urn"], latest["event_id"], latest["overall_effectiveness"])}


def _full_in(ev, start, end, cut):
    return ev[(ev["event_type"] == "Full") & ev["inspection_date"].between(pd.Timestamp(start), pd.Timestamp(end))
              & (ev["publication_date"] <= pd.Timestamp(cut))]


def test_inspections_withdrawn_since_the_previous_release_state_the_fall_and_its_reason(tmp_path):
    """40 inspections of April to September 2016 that 2016-09 counted are
    withdrawn: the period, published as 1,196 inspections, falls to 1,187
    (31 published late, 40 withdrawn); and a home whose judgement then came
    from a withdrawn inspection counts its earlier judgement."""
    data = _series(tmp_path, "2016-03", "2016-09", "2017-03")
    folder = data / "2017-03"
    then_state = _state(data / "2016-09", dt.date(2016, 9, 30), dt.date(2016, 10, 31))
    ev = _events(folder)
    counted_then = _full_in(_events(data / "2016-09"), "2016-04-01", "2016-09-30", "2016-10-31")
    # Withdraw inspections that were the latest judgement of their home then.
    used = {e for e, _ in then_state.values()}
    withdrawn = sorted(set(counted_then["event_id"]) & used)[:40]
    ev = ev[~ev["event_id"].isin(withdrawn)]
    ev.to_csv(folder / "homes_inspections.csv", index=False, date_format="%Y-%m-%d")
    rel, tables, prev, figs = _compute(folder)
    ev = _events(folder)
    revised = _full_in(ev, "2016-04-01", "2016-09-30", "2017-04-30")
    late = set(revised["event_id"]) - set(counted_then["event_id"])
    assert (len(counted_then), len(late), len(withdrawn), len(revised)) == (1196, 31, 40, 1187)
    assert figs.ledger["revisions.revised.inspections"].value == len(revised)
    text = _render_revisions(rel, figs)
    assert ("Children's homes inspections 1 April 2016 to 30 September 2016: the number of inspections was "
            "published as 1,196 and is now 1,187: 31 full inspections of the period published after 31 October "
            "2016; 40 full inspections counted then and since withdrawn.") in text
    # The state of the nation at 30 September 2016: homes whose judgement
    # came from a withdrawn inspection and now read their earlier one.
    now_state = _state(folder, dt.date(2016, 9, 30), dt.date(2017, 4, 30))
    earlier = [u for u, (e, g) in then_state.items() if e in withdrawn and u in now_state and now_state[u][1] != g]
    assert earlier
    from release.words.filters import number_words
    words = number_words(len(earlier)) if len(earlier) < 10 else f"{len(earlier):,}"
    assert (f"{words} homes whose inspection counted then has been withdrawn, so its earlier judgement counts"
            in text)
    state = figs.ledger["homes.state.before.good_or_better"]
    good = sum(g in j.GOOD_OR_BETTER for _, g in now_state.values())
    assert (state.count_value, state.base_value) == (good, len(now_state))
    assert state.vintage == "revised" and state.first_published.text == "81%"


def test_a_closure_and_a_judgement_recorded_late_are_counted_as_such(tmp_path):
    """One more home closed in September 2016 (recorded late) and one more
    later judgement published late: nine closures and ten late judgements."""
    data = _series(tmp_path, "2016-03", "2016-09", "2017-03")
    folder = data / "2017-03"
    then_state = _state(data / "2016-09", dt.date(2016, 9, 30), dt.date(2016, 10, 31))
    homes = pd.read_csv(folder / "childrens_homes.csv", dtype=str, keep_default_na=False)
    now_state = _state(folder, dt.date(2016, 9, 30), dt.date(2017, 4, 30))
    kept = sorted(u for u in then_state if u in now_state and now_state[u] == then_state[u])
    closing, regraded = kept[0], kept[1]
    homes.loc[homes["urn"] == closing, ["closure_date", "closure_reason"]] = ["2016-09-20", "Resigned"]
    homes.to_csv(folder / "childrens_homes.csv", index=False)
    ev = pd.read_csv(folder / "homes_inspections.csv", dtype=str, keep_default_na=False)
    grade = j.INADEQUATE if then_state[regraded][1] != j.INADEQUATE else j.GOOD
    ev = pd.concat([ev, pd.DataFrame([{"event_id": "EV9999999", "urn": regraded, "event_type": "Full",
                                       "inspection_date": "2016-09-29", "publication_date": "2016-11-20",
                                       "overall_effectiveness": grade, "interim_outcome": ""}])])
    ev.to_csv(folder / "homes_inspections.csv", index=False)
    rel, tables, prev, figs = _compute(folder)
    row = next(r for r in figs.lists["restated"] if r["key"] == "homes.state.before.good_or_better")
    assert row["reason"].startswith("nine homes had closed by 30 September 2016 but the closure was recorded after")
    assert "; 10 homes with a later judgement published after the previous release's data were taken" in row["reason"]


def test_an_annual_release_after_an_annual_one_compares_with_revised_data_from_its_own_records(tmp_path):
    """2017-03 after 2016-03: 2016-03 took its period's data one month after
    it ended (provisional), so the equivalent period is counted from this
    release's records, at 30 April 2017, and restates 2016-03's figures."""
    data = _series(tmp_path, "2016-03", "2017-03")
    toml = data / "2017-03" / "release.toml"
    toml.write_text(toml.read_text().replace('previous = "2016-09"', 'previous = "2016-03"'))
    rel, tables, prev, figs = _compute(data / "2017-03")
    assert (rel.comparison_published_by, rel.comparison_source) == (dt.date(2017, 4, 30), "this")
    assert figs.ledger["revisions.comparison_from_this_release"].value is True
    ev = _events(data / "2017-03")
    expected = len(_full_in(ev, "2015-04-01", "2016-03-31", "2017-04-30"))
    comparison = figs.ledger["homes.comparison.inspections"]
    assert comparison.value == expected
    provisional = len(_full_in(_events(data / "2016-03"), "2015-04-01", "2016-03-31", "2016-04-30"))
    assert comparison.first_published.value == provisional != expected
    assert comparison.vintage == "revised"


def test_a_half_year_release_after_a_half_year_one_compares_with_the_previous_releases_later_data(tmp_path):
    """A 2017-03 covering October 2016 to March 2017 after 2016-09: the
    equivalent period (October 2015 to March 2016) is counted at the previous
    release's cut-off, 31 October 2016, seven months after it: revised data."""
    data = _series(tmp_path, "2016-03", "2016-09", "2017-03")
    toml = data / "2017-03" / "release.toml"
    toml.write_text(toml.read_text().replace("period_start = 2016-04-01", "period_start = 2016-10-01"))
    rel, tables, prev, figs = _compute(data / "2017-03")
    assert (rel.comparison_published_by, rel.comparison_source) == (dt.date(2016, 10, 31), "previous")
    assert figs.ledger["revisions.comparison_from_this_release"].value is False
    expected = len(_full_in(_events(data / "2017-03"), "2015-10-01", "2016-03-31", "2016-10-31"))
    assert figs.ledger["homes.comparison.inspections"].value == expected


def test_the_changes_page_pairs_figures_by_the_date_or_period_they_describe():
    """No pair under one label compares two different dates or periods."""
    rel = load_release(DATA / "2017-03")
    prev = series.load_previous(rel)
    _, _, tables = load_and_validate(DATA / "2017-03", Progress(quiet=True))
    figs = figures.compute(tables, rel, prev)
    changes = series.figure_changes(prev.ledger, figs.ledger, rel)
    for row in changes["same_label"]:
        assert prev.ledger[row["key"]].describes == series.describes(row["key"], rel, figs.ledger), row
    for group in changes["moved_on"]:
        assert group["then_describes"] != group["now_describes"]
        for row in group["rows"]:
            then = prev.ledger[row["key"]].describes
            assert then == group["then_describes"] or (then, group["then_describes"]) == (
                "the release", "the previous release")
    assert changes["moved_on_count"] > 500
    words = json.dumps(changes)
    assert "judged not judged" not in words and not __import__("re").search(r"\d{4}-\d{2}-\d{2}", words)
    restated = [r for r in figs.lists["restated"] if r["differs"]]
    assert {r["what"] for r in restated} >= {"the state of the nation at 30 September 2016"}


def test_sentences_are_paired_with_the_sentence_they_come_from_not_by_position():
    before = ["At 30 September 2016, 81% of homes were judged good or better.",
              "Birmingham has since had a SIF re-inspection.",
              "There were 1,196 inspections, an increase of 11% from 2015.",
              "Three LAs were inadequate in every judgement."]
    after = ["At 31 March 2017, 79% of homes were judged good or better.",
             "There were 2,410 inspections, a decrease of 2% from 2015-16.",
             "Four LAs were inadequate in every judgement.",
             "The data are this release’s own records."]
    out = series.sentence_changes(before, after)
    assert out["reworded"] == [{"then": before[0], "now": after[0]}, {"then": before[2], "now": after[1]},
                               {"then": before[3], "now": after[2]}]
    assert out["dropped"] == [before[1]] and out["new"] == [after[3]]
