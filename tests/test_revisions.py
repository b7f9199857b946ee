"""Revisions as statisticians define them (issue 25): the archive of what
was published, read back by the next release; a code change that alters a
published figure stops the build until it is declared a method change."""

import functools
import json
import shutil

import pytest

from conftest import ROOT, build_here, copy_release, run_build

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
    for rid in ("2016-03", "2016-09", "2017-03", "real-2016-03", "real-2016-09"):
        path = series.archive_path(DATA / rid)
        doc = json.loads(path.read_text())
        assert doc["header"]["release"] == rid and doc["header"]["code_version"]
        head, ledger = series.read_archive(DATA / rid)
        assert len(ledger.figures) == len(doc["figures"])
        for rec in doc["figures"]:
            fig = ledger[rec["key"]]
            assert fig.text == rec["text"], rec["key"]
            assert getattr(fig, "count_value", None) == rec.get("count")


def test_every_release_with_a_previous_one_reads_it_from_its_archive():
    """The real series too: real-2016-09 reads real-2016-03's archive and
    real-2017-03 real-2016-09's (the latest release is not signed off)."""
    for rid in ("2016-09", "2017-03", "real-2016-09", "real-2017-03"):
        rel = load_release(DATA / rid)
        prev = _previous(rid)
        assert prev is not None and prev.archived and prev.ledger is prev.published, rid
        assert prev.archive_header["release"] == rel.previous.id, rid
    assert not series.archive_path(DATA / "real-2017-03").exists()


def test_sign_off_archives_the_ledger_once_and_an_altered_archive_is_refused(tmp_path):
    folder = copy_release(DATA / "2016-03", tmp_path)
    shutil.rmtree(folder / "published")
    result = build_here("--data", str(folder), "--sign-off", "--quiet")
    assert result.returncode == 0, result.stderr
    rel, _, tables = load_and_validate(folder, Progress(quiet=True))
    computed = figures.compute(tables, rel).ledger
    _, archived = series.read_archive(folder)
    assert set(archived.figures) == set(computed.figures)
    assert all(archived[k].text == computed[k].text for k in computed.figures)
    again = build_here("--data", str(folder), "--sign-off", "--quiet")
    assert again.returncode == 1 and "already signed off" in again.stderr
    path = series.archive_path(folder)
    path.write_text(path.read_text().replace('"text": "1,019"', '"text": "1,020"', 1).replace(
        '"value": 87,', '"value": 88,', 1))
    with pytest.raises(ReleaseError, match="altered"):
        series.read_archive(folder)


def test_sign_off_needs_the_previous_release_signed_off_first(tmp_path):
    """A ``build.py`` process of its own: the refusal's exit status as a
    shell sees it (the other sign-offs run ``build.main`` in this process)."""
    folder = copy_release(DATA / "2016-09", tmp_path)
    shutil.rmtree(folder / "published")
    shutil.rmtree(tmp_path / "2016-03" / "published")
    result = run_build("--data", str(folder), "--sign-off", "--quiet")
    assert result.returncode == 1
    assert "release 2016-03, which is not signed off" in result.stderr


def test_the_previous_release_is_read_from_its_archive_not_recomputed():
    prev = _previous("2017-03")
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
    from release.review import qa

    report = qa.run(figs).text()
    assert ("homes.inspections (children's homes inspections 1 April 2016 to 30 September 2016): published 1,196, "
            "by the new method 1,197; method change declared in release.toml: Inspections are now counted on the day "
            "they start.") in report and "None" not in report
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
    """A constructed series' release: its previous release (most often an
    unaltered copy) is computed and checked against its archive as the
    build does, once a process for each content of its folder
    (bulletin_text.load_previous)."""
    from bulletin_text import load_previous

    rel = load_release(folder)
    prev = load_previous(rel)
    _, _, tables = load_and_validate(folder, Progress(quiet=True))
    return rel, tables, prev, figures.compute(tables, rel, prev)


@functools.lru_cache(maxsize=None)
def _previous(rid):
    """``series.load_previous`` of the release folder ``data/<rid>``, its
    figures computed once a process (``bulletin_text.load_previous``,
    shared with this module's constructed series, whose previous release is
    an unaltered copy, and with the other modules' tests); checked against
    its archive here: read only."""
    from bulletin_text import load_previous

    return load_previous(load_release(DATA / rid))


def _computed(rid):
    """The release folder ``data/<rid>``, unchanged, and its previous
    release: (release, previous, figures), the figures computed once a
    process for the tests of every module that reads them
    (``bulletin_text.release_figures``): read only."""
    from bulletin_text import release_figures

    rel, figs, _ = release_figures(DATA / rid)
    return rel, _previous(rid), figs


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
    rel, prev, figs = _computed("2017-03")
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


def _marked(template: str, ledger) -> tuple[list, dict]:
    """A constructed template rendered with sentence ids: its sentences and the branches taken."""
    import jinja2

    from release.words import filters as words
    from release.outputs import sentence_ids

    env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": template}), autoescape=True,
                             extensions=[sentence_ids.SentenceIds], undefined=jinja2.StrictUndefined)
    env.filters.update(words.FILTERS)
    with sentence_ids.recording() as taken:
        page = "<main>" + env.get_template("t.html").render(F=ledger.tree()) + "</main>"
    return env, (sentence_ids.sentences(page), taken, ledger)


def _ledger(**values):
    from release.ledger import Ledger

    L = Ledger()
    for key, value in values.items():
        if isinstance(value, tuple):
            L.share(key.replace("__", "."), *value, key)
        else:
            L.add(key.replace("__", "."), value, key.replace("_", " "))
    return L


SENTENCES = """<p>There were {{ F.inspections }} inspections.
{%- if F.withdrawn.value %} A further {{ F.withdrawn }} were withdrawn.{% endif %}
The share judged good was {{ F.good }}.</p>
<p>{% if F.good > F.before %}This is higher than {{ F.before }}.{% else %}This is not higher than {{ F.before }}.{% endif %}</p>
"""


def test_a_dropped_sentence_is_listed_with_its_condition_and_not_paired_with_an_unrelated_one():
    """Issue 25: sentences paired by position (or by their words without
    numbers) put unrelated sentences side by side once one was dropped. A
    sentence's id is its template sentence: the one a condition leaves out
    is dropped, with the condition and the figure it reads then and now; the
    sentences around it pair with their own."""
    env, then = _marked(SENTENCES, _ledger(inspections=1196, withdrawn=5, good=(70, 100), before=(60, 100)))
    _, now = _marked(SENTENCES, _ledger(inspections=1187, withdrawn=0, good=(55, 100), before=(60, 100)))
    ids = {s["text"]: s["id"] for s in then[0] + now[0]}
    assert ids["A further 5 were withdrawn."] == "t.html:2"
    assert ids["There were 1,196 inspections."] == ids["There were 1,187 inspections."] == "t.html:1"
    out = series.sentence_changes(then, now, env)
    assert [(r["then"], r["now"]) for r in out["reworded"]] == [
        ("There were 1,196 inspections.", "There were 1,187 inspections."),
        ("The share judged good was 70%.", "The share judged good was 55%.")]
    assert all(r["id"] == ids[r["then"]] == ids[r["now"]] for r in out["reworded"])
    [dropped] = [d for d in out["dropped"] if d["id"] == "t.html:2"]
    assert dropped["text"] == "A further 5 were withdrawn."
    assert "“F.withdrawn.value” holds" in dropped["why"] and "it held in the previous release and does not now" \
        in dropped["why"] and "then 5, now 0" in dropped["why"], dropped["why"]
    # The else branch: a different template sentence, so dropped and new, each with its condition.
    assert [d["text"] for d in out["dropped"]] == ["A further 5 were withdrawn.", "This is higher than 60%."]
    [new] = out["new"]
    assert new["text"] == "This is not higher than 60%."
    assert "none of “F.good > F.before” holds" in new["why"] and "then 70% (70 of 100), now 55% (55 of 100)" in \
        new["why"], new["why"]


def test_the_2017_03_changes_pair_each_sentence_with_its_own_template_sentence():
    """On the bulletin's own templates: 2017-03 with one figure changed (no
    LA re-inspected since the last position) drops exactly the sentences
    that figure's condition holds, each with that condition, and pairs every
    other sentence with itself; a figure changed inside a sentence rewords
    that sentence under the same id."""
    from dataclasses import replace

    from release.outputs import render
    from release.review.try_cases import with_values

    rel, prev, figs = _computed("2017-03")
    visuals = {j.key: render.Visual(j.key, j.kind, j.title, "", "x.svg", "x.csv", "<table></table>")
               for j in render.chart_jobs(figs) + render.map_jobs(figs, None)}
    assert figs.ledger["sif.reinspected_since.count"].value > 0
    fewer = replace(figs, ledger=with_values(figs.ledger, {"sif.reinspected_since.count": 0,
                                                           "sif.inspected": (136, 152)}))
    out = render.compare_sentences(rel, figs, rel, fewer, visuals)
    assert out["dropped"] and not out["new"]
    for d in out["dropped"]:
        assert d["id"].startswith("la_sif.html:") and "“RS.count.value” holds" in d["why"], d
        assert "(sif.reinspected_since.count): then" in d["why"]
    assert any(d["text"].startswith("Since we last reported on SIF inspection outcomes") for d in out["dropped"])
    # Every pair is one template sentence, and only sentences printing the changed figures were reworded.
    assert out["reworded"]
    for r in out["reworded"]:
        assert any(x in r["then"] for x in ("137", "90%", "nine tenths")) and any(
            x in r["now"] for x in ("136", "89%", "just under nine tenths")), r
    # The changes page of the real pair of releases: dropped and new sentences each say why.
    both = render.compare_sentences(prev.rel, prev.figs, rel, figs, visuals)
    assert both["dropped"] and both["new"]
    assert all(s["why"].startswith(("left out: ", "brought in: ")) for s in both["dropped"] + both["new"])
    texts_then = {s["text"] for s in both["dropped"]}
    assert not any(r["then"] in texts_then for r in both["reworded"])


def test_the_changes_page_from_templates_compiled_in_an_earlier_build_is_the_same(tmp_path, monkeypatch):
    """The sentence-id environment's compiled templates are kept in the
    cache with what the extension recorded of each while compiling it
    (sentences, conditions, aliases): a later build, loading them compiled,
    compiles nothing and pairs and explains the sentences as one that
    compiled them."""
    from release.outputs import render, sentence_ids

    rel, prev, figs = _computed("2017-03")
    visuals = {j.key: render.Visual(j.key, j.kind, j.title, "", "x.svg", "x.csv", "<table></table>")
               for j in render.chart_jobs(figs) + render.map_jobs(figs, None)}
    compiled = []
    filter_stream = sentence_ids.SentenceIds.filter_stream
    monkeypatch.setattr(sentence_ids.SentenceIds, "filter_stream",
                        lambda self, stream: compiled.append(stream.name) or filter_stream(self, stream))
    afresh = render.compare_sentences(prev.rel, prev.figs, rel, figs, visuals)
    assert afresh["dropped"] and afresh["new"] and compiled
    folder = tmp_path / "compiled"
    folder.mkdir()
    assert render.compare_sentences(prev.rel, prev.figs, rel, figs, visuals, folder) == afresh
    compiled.clear()
    assert render.compare_sentences(prev.rel, prev.figs, rel, figs, visuals, folder) == afresh
    assert compiled == [], "every template was loaded compiled"
    for record in folder.glob("*.record"):  # a compiled template without its record is compiled again
        record.unlink()
    assert render.compare_sentences(prev.rel, prev.figs, rel, figs, visuals, folder) == afresh
    assert compiled


def _words(iso: str) -> str:
    """An ISO date as the ledger writes it: "30 September 2016" (plain
    strftime, not the build's own formatting)."""
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d:%B %Y}"


def test_every_revisions_figure_describes_its_own_date_or_period():
    """Issue 25: the figures of the Revisions section said they described the
    revised children's homes period, the SIF position's too. Each now
    describes the date or period of the figure it restates, the thing a
    reason is about, or the revised period; checked against figures.json's
    header, not the code that wrote them."""
    rel, prev, figs = _computed("2017-03")
    doc = json.loads(series.ledger_json(rel, figs))
    head, ledger = doc["header"]["reference_dates"], {r["key"]: r for r in doc["figures"]}
    rev, comp = head["revised_period"], head["homes_comparison_period"]
    state = [s["date"] for s in head["state_of_the_nation"]]
    revised_period = f"{_words(rev['start'])} to {_words(rev['end'])}"
    expected_date = {
        "sif.previous.": [_words(head["sif_previous_position"]["date"])],
        "homes.state.before.": [_words(state[-2])],
        "homes.state.year_ago.": [_words(state[-3])],
        "homes.comparison.": [_words(comp["start"]), _words(comp["end"])],
        "revisions.revised.": [_words(rev["start"]), _words(rev["end"])],
    }
    checked = 0
    for key, rec in ledger.items():
        if not key.startswith("revisions."):
            continue
        text = rec["describes"]
        if key.startswith("revisions.restated.") and key not in ("revisions.restated.compared",
                                                                   "revisions.restated.changed"):
            restated = key[len("revisions.restated."):]
            family = next(f for f in expected_date if restated.startswith(f))
            assert all(d in text for d in expected_date[family]), (key, text)
            assert text.endswith("as published in the previous release"), (key, text)
            # The restated figure itself describes the same date or period.
            assert all(d in ledger[restated]["describes"] for d in expected_date[family]), restated
        elif key.startswith(("revisions.what.", "revisions.reason.")):
            what = ledger["revisions.what." + key.split(".", 2)[2]]["value"]
            assert text == what, (key, text)
        elif key in ("revisions.restated.compared", "revisions.restated.changed", "revisions.previous_available",
                     "revisions.previous_archived"):
            assert text == "the release", (key, text)
        elif key == "revisions.comparison_from_this_release":
            assert _words(comp["start"]) in text and _words(comp["end"]) in text, (key, text)
        else:
            assert revised_period in text, (key, text)
        checked += 1
    assert checked > 90
    # The SIF position's restated figures name the SIF position, not a homes period.
    sif = ledger["revisions.restated.sif.previous.oe.good_or_better"]["describes"]
    assert sif.startswith("SIF position") and "homes" not in sif


@pytest.mark.parametrize("rid", ["2016-03", "2016-09", "2017-03"])
def test_the_qa_report_lists_every_restated_figure_that_differs_from_the_archive_with_its_reason(rid):
    """Issue 25: no None anywhere in the QA report, and each restated
    figure that differs from what the previous release published (read here
    from its archive file) is listed with the reason the records give."""
    from release.review import qa

    rel, prev, figs = _computed(rid)
    report = qa.run(figs).text()
    assert "None" not in report
    listed = report.split("Restated figures that differ from the previous release (rounded or not):")
    listed = listed[1].split("\n\n")[0] if len(listed) > 1 else ""
    if prev is None:
        assert not listed
        return
    archive = {r["key"]: r for r in json.loads(series.archive_path(DATA / rel.previous.id).read_text())["figures"]}
    differ = []
    for r in figs.lists["restated"]:
        then, now = archive[r["previous_key"]], figs.ledger[r["key"]]
        if (then["text"], then.get("count"), then.get("base")) != (now.text, getattr(now, "count_value", None),
                                                                    getattr(now, "base_value", None)):
            differ.append(r["key"])
    lines = [line.strip() for line in listed.splitlines() if line.strip()]
    assert [line.split(" (", 1)[0] for line in lines] == differ
    for line, key in zip(lines, differ):
        assert f"published {archive[[r for r in figs.lists['restated'] if r['key'] == key][0]['previous_key']]['text']}" \
            in line, line
        assert "reason not found" not in line and "no record explains it" not in line, line
    if rid == "2017-03":
        assert differ, "2017-03 revises the state of the nation at 30 September 2016"


def test_sentence_ids_change_nothing_but_the_markers_and_every_sentence_has_one():
    """The changes page's render is the public page plus the markers, and
    every sentence of it starts at a marker (one id per template sentence)."""
    import re

    from release.outputs import render
    from release.outputs import sentence_ids

    rel, prev, figs = _computed("2017-03")
    visuals = {j.key: render.Visual(j.key, j.kind, j.title, "", "x.svg", "x.csv", "<table></table>")
               for j in render.chart_jobs(figs) + render.map_jobs(figs, None)}
    env = render.environment(None, sentence_ids=True)
    marked = render.render_page(rel, figs, visuals, env=env)
    public = render.render_page(rel, figs, visuals)
    assert re.sub(r"<!--sid [^ >]+-->", "", marked) == public
    found = sentence_ids.sentences(marked)
    assert len(found) > 200 and all(re.fullmatch(r"[a-z_]+\.html:\d+(\.\d+)?", s["id"]) for s in found)
    # One sentence per id, but for a sentence of a loop or macro, repeated.
    ids = [(s["id"], s["within"]) for s in found]
    repeated = {sid for sid, within in ids if ids.count((sid, within)) > 1}
    assert repeated and all(env.sentence_ids[sid]["loop"] for sid in repeated), repeated
