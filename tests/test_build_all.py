"""`python build.py --all` builds every release folder, side by side, and
says which failed."""

import shutil

from conftest import DATA, ROOT, build_here, run_build, set_cell

#: The project's chart and PDF cache, which the other tests' builds of these
#: releases fill: it is keyed on content, so sharing it changes no output,
#: and this test is about building side by side, not about drawing.
CACHE = ROOT / ".cache"


def test_every_release_folder_is_built_and_a_failure_is_named(tmp_path):
    data = tmp_path / "data"
    series = ("2016-03", "2016-09", "2017-03")
    for name in series:
        shutil.copytree(DATA.parent / name, data / name)
    (data / "notes").mkdir()  # a folder without release.toml is no release
    set_cell(data / "2017-03", "sif_inspections.csv", 5, "overall_effectiveness", "Brilliant")
    out = tmp_path / "dist"

    result = run_build("--all", str(data), "--out", str(out), "--format", "html",
                       "--cache", str(CACHE), "--quiet")

    assert result.returncode == 1
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".") and p.is_dir()) == ["2016-03", "2016-09"]
    for name in ("2016-03", "2016-09"):
        assert (out / name / "index.html").is_file() and (out / name / "manifest.json").is_file()
    # The failure is reported under the release's name, with file, row and column.
    report = result.stderr
    assert "== 2017-03 ==" in report and "== 2016-03 ==" not in report, report
    failed_part = report.split("== 2017-03 ==", 1)[1]
    assert "sif_inspections.csv" in failed_part and "row 5" in failed_part and "Brilliant" in failed_part
    assert "2 of 3 releases built; failed: 2017-03" in report

    # Fixed, and built again: the two good releases are verified, not rebuilt
    # (the command line in this process: the exit status a shell sees is
    # the first run's subject; this one's is what the build reports).
    shutil.rmtree(data / "2017-03")
    shutil.copytree(DATA.parent / "2017-03", data / "2017-03")
    again = build_here("--all", str(data), "--out", str(out), "--format", "html",
                           "--cache", str(CACHE))
    assert again.returncode == 0, again.stderr
    assert again.stderr.count("Unchanged since the last build") == 2
    assert "3 of 3 releases built" in again.stderr


def test_all_with_a_release_is_wrong_usage():
    result = run_build("--all", "--release", "2016-09")
    assert result.returncode == 2 and "--all" in result.stderr


def test_two_folders_with_the_same_release_id_are_refused_before_building(tmp_path):
    """The command line in this process (its exit status is ``main``'s; the
    first test's run shows a shell gets it)."""
    data = tmp_path / "data"
    for name in ("first", "copy-of-first"):
        shutil.copytree(DATA.parent / "2016-03", data / name)
    result = build_here("--all", str(data), "--format", "html", "--cache", str(tmp_path / "cache"))
    assert result.returncode == 2
    assert "copy-of-first, first would all be built into" in result.stderr and "release.toml" in result.stderr
