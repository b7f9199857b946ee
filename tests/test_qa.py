"""The build checks its own numbers: a figure that disagrees with another
stops the build, names the figures, and leaves the last release alone."""

import dataclasses

import pytest

from conftest import DATA
from release.review import qa
from release.ledger import Share


@pytest.fixture()
def figs():
    from release import figures
    from release.pipeline import load_and_validate
    from release.progress import Progress

    rel, _, tables = load_and_validate(DATA, Progress(quiet=True))
    return figures.compute(tables, rel)


def test_the_sample_release_passes_every_check(figs):
    report = qa.run(figs)
    assert report.passed, report.text()
    assert len(report.checks) >= 12


def test_a_percentage_that_disagrees_with_its_count_is_caught(figs):
    L = figs.ledger
    share = L["homes.oe.good_or_better"]
    L.figures["homes.oe.good_or_better"] = dataclasses.replace(share, value=share.value + 1)
    report = qa.run(figs)
    assert not report.passed
    failed = report.failed[0]
    assert failed.name == "percentages agree with counts"
    assert "homes.oe.good_or_better" in failed.detail


def test_judgements_that_do_not_add_up_are_caught(figs):
    L = figs.ledger
    key = "homes.oe.inadequate"
    old = L[key]
    L.figures[key] = Share(key, old.value, old.definition, old.count_value + 1, old.base_value)
    object.__setattr__(L.figures[key], "_ledger", L)
    report = qa.run(figs)
    names = [c.name for c in report.failed]
    assert "homes judgements sum to inspections" in names


def test_a_chart_bar_not_summing_to_100_is_caught(figs):
    table = figs.charts["sif_oe"]
    table.loc[table.index[0], "percent"] += 5
    report = qa.run(figs)
    assert "judgement profiles sum to 100%" in [c.name for c in report.failed]


def test_a_failed_check_stops_the_build_and_keeps_the_previous_release(tmp_path, monkeypatch):
    from release import figures, pipeline

    out = tmp_path / "release"
    out.mkdir()
    (out / "index.html").write_text("previous good release")
    real = figures.compute

    def broken(tables, rel, earlier=None):
        f = real(tables, rel, earlier)
        if rel.folder != DATA:
            # The previous release, recomputed to check it against its
            # archive, is left as it is (else that check stops the build).
            return f
        share = f.ledger["sif.oe.good_or_better"]
        f.ledger.figures["sif.oe.good_or_better"] = dataclasses.replace(share, value=99)
        return f

    monkeypatch.setattr(figures, "compute", broken)
    with pytest.raises(qa.QAError, match="sif.oe.good_or_better"):
        pipeline.build(DATA, out=out, formats=("html",), quiet=True, cache_dir=None)
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text() == "previous good release"


def test_the_report_never_prints_none(figs):
    """Issue 23: a restated count (no base) was printed "(1196 of None)".
    A count prints alone; a share still shows its count and base (the built
    reports are checked in test_release_series.py)."""
    figs.lists["restated"] = [
        {"key": "x.count", "what": "a count", "differs": True, "published": "1,196", "published_count": None,
         "published_base": None, "now": "1,227", "count": None, "base": None, "reason": "revised"},
        {"key": "x.share", "what": "a share", "differs": True, "published": "72%", "published_count": 39,
         "published_base": 54, "now": "74%", "count": 40, "base": 54, "reason": None}]
    text = qa.run(figs).text()
    assert "None" not in text
    assert "published 1,196, now 1,227; revised" in text
    assert "published 72% (39 of 54), now 74% (40 of 54)" in text


def test_inspections_that_more_than_doubled_are_a_change_not_a_broken_share():
    """A change as a percentage of the earlier number may exceed the whole
    of it (from 900 inspections to 2,000 is an increase of 122%); a share
    whose count exceeds its base is still caught."""
    from types import SimpleNamespace

    from release.ledger import Ledger

    L = Ledger()
    change = L.change_share("homes.inspections_change", 900, 2000, "change")
    assert (change.count_value, change.base_value, change.text) == (1100, 900, "122%")
    assert L.change_share("x.none_before", 0, 40, "change").count_value == 0
    report = qa.Report()
    qa._shares_agree(report, L)
    assert report.passed, report.text()
    L.share("homes.oe.good_or_better", 12, 10, "broken")
    report = qa.Report()
    qa._shares_agree(report, L)
    assert not report.passed and "homes.oe.good_or_better" in report.failed[0].detail
