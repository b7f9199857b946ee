"""Work done beside the PDF's layout, in forked copies of the build
(release/beside.py): the changes page, phone drawings, spreadsheets and open
data in one, the reviewer's edition in another. What such a copy raises
stops the build as if the build had raised it, and the previous release
folder is left as it was."""

import os
import shutil

import pytest

from conftest import DATA, ROOT, shared_build
from release import pipeline
from release.outputs import publication
from release.review import edition as review
from release.beside import Beside


def test_beside_returns_what_the_work_returned_and_how_long_it_took():
    for workers in (1, 2):
        value, took = Beside(lambda: {"answer": 42}, workers).result()
        assert value == {"answer": 42} and took >= 0


def test_beside_raises_what_the_work_raised():
    def fails():
        raise ValueError("the spreadsheet's sheet name is too long")

    for workers in (1, 2):
        with pytest.raises(ValueError, match="sheet name is too long"):
            Beside(fails, workers).result()


def test_the_work_runs_in_another_process_when_there_are_two_cores():
    value, _ = Beside(os.getpid, 2).result()
    assert value != os.getpid()


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory):
    """A good build of the release (a copy of the HTML build the tests
    share), the cache its next builds share (the project's, which other
    tests' builds fill: it is keyed on content), and the figures those
    builds keep between them (``pipeline.build(kept=...)``: the data do not
    change, and the figures are not what this is about)."""
    root = tmp_path_factory.mktemp("beside")
    out, cache = root / "release", ROOT / ".cache"
    shutil.copytree(shared_build(DATA, "--format", "html"), out)
    return out, cache, sorted(p.relative_to(out) for p in out.rglob("*")), {}


@pytest.mark.parametrize("where, what", [(publication, "write"), (review, "write")],
                         ids=["spreadsheets beside the PDF", "reviewer's edition beside the PDF"])
def test_a_failure_beside_the_pdf_stops_the_build_and_keeps_the_previous_release(previous_build, monkeypatch,
                                                                                 where, what):
    out, cache, files, kept = previous_build

    def broken(*args, **kwargs):
        raise RuntimeError(f"{where.__name__}.{what} broke")

    monkeypatch.setattr(where, what, broken)  # the forked copy has it too
    with pytest.raises(RuntimeError, match="broke"):
        pipeline.build(DATA, out=out, formats=("html", "pdf"), quiet=True, cache_dir=cache, review=True, kept=kept)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == files, "the previous release was changed"
    assert not (out / "release.pdf").exists()
    assert not list(out.parent.glob(".release.tmp-*")), "a half-written release folder was left"
