"""The builds the tests share (conftest.shared_build): one build per set of
inputs, however many workers ask at once; a folder a test altered is built
again; other options or inputs get a folder of their own; old folders are
deleted. The build is replaced by a quick stand-in that writes a folder
and its manifest as the build does."""

import threading
import time

import pytest

import conftest
from conftest import DATA
from release.outputs import manifest


@pytest.fixture
def builds(tmp_path, monkeypatch):
    """shared_build with its folder in tmp_path and a stand-in build that
    counts its calls."""
    calls = []

    def build(*args, cwd=None):
        out = conftest.Path(args[args.index("--out") + 1])
        calls.append(args)
        time.sleep(0.2)  # long enough for a second worker to arrive while it builds
        (out / "charts").mkdir(parents=True)
        (out / "index.html").write_text(f"built with {args[args.index('--quiet') + 1:]}", encoding="utf-8")
        (out / "charts" / "a.svg").write_text("<svg/>", encoding="utf-8")
        manifest.write(out, "digest")
        return conftest.subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(conftest, "BUILDS", tmp_path / "builds")
    monkeypatch.setattr(conftest, "build_here", build)
    return calls


def test_one_build_however_many_ask_at_once(builds):
    found = []
    workers = [threading.Thread(target=lambda: found.append(conftest.shared_build(DATA))) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(builds) == 1 and len(set(found)) == 1
    assert (found[0] / "index.html").read_text(encoding="utf-8") == "built with ()"
    assert conftest.shared_build(DATA) == found[0] and len(builds) == 1, "a later session reuses it"


def test_a_folder_a_test_altered_is_built_again(builds):
    out = conftest.shared_build(DATA)
    (out / "charts" / "a.svg").write_text("<svg>changed</svg>", encoding="utf-8")
    assert conftest.shared_build(DATA) == out and len(builds) == 2
    assert (out / "charts" / "a.svg").read_text(encoding="utf-8") == "<svg/>"
    (out / "stray.txt").write_text("left by a test", encoding="utf-8")
    conftest.shared_build(DATA)
    assert len(builds) == 3 and not (out / "stray.txt").exists()


def test_other_options_or_inputs_build_a_folder_of_their_own(builds, monkeypatch):
    plain = conftest.shared_build(DATA)
    review = conftest.shared_build(DATA, "--review")
    assert plain != review and len(builds) == 2
    assert (review / "index.html").read_text(encoding="utf-8") == "built with ('--review',)"
    assert review.parent.name.startswith("2016-09-review-") and plain.parent.name.startswith("2016-09-")
    # Anything the build's manifest digest covers (data, templates, code,
    # libraries) changes the folder.
    real = manifest.inputs_digest
    monkeypatch.setattr(manifest, "inputs_digest", lambda *args: "0" * 16 + real(*args)[16:])
    assert conftest.shared_build(DATA) != plain and len(builds) == 3


def test_only_the_newest_builds_of_each_are_kept(builds, monkeypatch):
    real = manifest.inputs_digest
    kept = []
    for n in range(conftest.KEEP + 2):
        monkeypatch.setattr(manifest, "inputs_digest", lambda *args, n=n: f"{n:016x}" + real(*args)[16:])
        kept.append(conftest.shared_build(DATA).parent)
        review = conftest.shared_build(DATA, "--review").parent
        old = time.time() - 100 + n
        conftest.os.utime(kept[-1], (old, old))
    left = sorted(p.name for p in conftest.BUILDS.iterdir() if p.is_dir())
    assert [p.name for p in kept[-conftest.KEEP:]] == [n for n in left if not n.startswith("2016-09-review-")]
    # A release's plain builds do not count against its reviewer's builds.
    assert review.name in left and len([n for n in left if n.startswith("2016-09-review-")]) == conftest.KEEP
    assert sorted(p.name for p in conftest.BUILDS.glob("*.lock")) == sorted(f"{n}.lock" for n in left)


def test_the_series_builds_each_release_when_asked_and_reads_2016_09_from_the_full_build(builds):
    """The release series (test_release_series) makes no HTML-only build of
    the release the full build ``built`` already covers, builds a release
    only when a test asks for it, and once."""
    series = conftest.Series(DATA.parent, ["2016-03", DATA.name, "2017-03"])
    assert series / "2017-03" == series / "2017-03"
    assert [a[a.index("--data") + 1] for a in builds] == [str((DATA.parent / "2017-03").resolve())]
    assert builds[0][builds[0].index("--quiet") + 1:] == ("--format", "html")
    assert series / DATA.name == conftest.shared_build(DATA) and len(builds) == 2
    assert builds[1][builds[1].index("--quiet") + 1:] == (), "the full build, as built is"
    assert [p.parent.name for p in series.glob("*/index.html")] == ["2016-03", DATA.name, "2017-03"]
    assert len(builds) == 3 and series.glob("2016-0[39]/charts/*.svg") == [series / r / "charts" / "a.svg"
                                                                          for r in ("2016-03", DATA.name)]
