"""Revisions as statisticians define them (issue 25): the archive of what
was published, read back by the next release; a code change that alters a
published figure stops the build until it is declared a method change."""

import json
import shutil

import pytest

from conftest import ROOT, copy_release, run_build

from release import figures, series
from release.config import load_release
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
    from release.render import environment

    def fn(name, caller=None):
        return ""

    section = environment().get_template("sections/revisions.html").render(
        F=figs.ledger.tree(), rel=rel, lists=figs.lists, fn=fn)
    import html
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", section)))
