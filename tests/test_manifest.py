"""A build with nothing changed does no work: it checks the release folder
against its manifest and stops. Anything changed (data, templates, code,
options, or an output touched since) means a full build."""

import hashlib
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from conftest import DATA, ROOT, shared_build
from release.outputs import manifest


@pytest.fixture(scope="module")
def cache():
    """The project's chart and PDF cache, which the other tests' builds
    fill too (it is keyed on content, so sharing it changes no output, and
    the builds are quicker; tests/test_cache.py starts from an empty one)."""
    return ROOT / ".cache"


def build(data, out, cache, *options) -> dict:
    """Build through the command line (``build.main``, in this process: a
    process of its own adds only Python's start-up and imports, and
    test_the_no_change_path_imports_no_heavy_library runs one); the stages
    that ran, with times."""
    import build as command_line

    timings = out.parent / "timings.json"
    timings.unlink(missing_ok=True)
    status = command_line.main(["--data", str(data), "--out", str(out), "--cache", str(cache),
                                "--timings", str(timings), "--quiet", *options])
    assert status == 0
    return json.loads(timings.read_text())


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


#: The options of the HTML-only build the tests share (test_release_series
#: shares it too): the tests about the decision to build, not about the PDF,
#: start from it and build with these options, which skips laying out a PDF.
HTML = ("--format", "html")


def built_copy(out, *options):
    """A good build of the data under test in ``out``, made with the
    command-line ``options``: a copy of the build the tests share (the
    manifest's digest reads the data's content, not its folder, so it is
    this data's build), for the tests that are about what happens next
    rather than about the first build."""
    shutil.copytree(shared_build(DATA, *options), out)


def rebuilt(stages: dict) -> bool:
    return {"load", "validate", "figures", "charts"} <= set(stages)


def test_nothing_changed_means_outputs_verified_and_no_work(data_copy, tmp_path, cache):
    out = tmp_path / "out" / "release"
    built_copy(out)  # built by build.py with the same (default) options
    before = files(out)

    stages = build(data_copy, out, cache)
    assert list(stages) == ["verify"], "only the check against the manifest runs"
    assert files(out) == before

    # The manifest lists every other file in the folder, with its size and SHA-256.
    recorded = json.loads((out / "manifest.json").read_text())
    listed = recorded["files"]
    assert set(listed) == set(before) - {"manifest.json"}
    assert {"index.html", "release.pdf", "figures.json", "qa-report.txt", "charts/sif_oe.svg"} <= set(listed)
    for name, entry in listed.items():
        assert entry == {"size": len(before[name]), "sha256": hashlib.sha256(before[name]).hexdigest()}, name


def test_the_no_change_path_imports_no_heavy_library(data_copy, tmp_path, cache):
    out = tmp_path / "out" / "release"
    built_copy(out)
    code = ("import sys; sys.argv = ['build.py', '--data', sys.argv[1], '--out', sys.argv[2], '--cache', sys.argv[3],"
            " '--quiet']; sys.path.insert(0, sys.argv[4]); import build; status = build.main();"
            " print(status, sorted(m for m in ('pandas', 'numpy', 'matplotlib', 'weasyprint', 'pandera', 'jinja2')"
            " if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code, str(data_copy), str(out), str(cache), str(ROOT)],
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "0 []", result.stdout + result.stderr


def test_a_changed_data_cell_rebuilds(data_copy, tmp_path, cache):
    out = tmp_path / "out" / "release"
    built_copy(out, *HTML)
    first = files(out)
    sif = pd.read_csv(data_copy / "sif_inspections.csv", dtype=str, keep_default_na=False)
    row = sif[(sif["publication_date"] > "2016-03-31") & (sif["overall_effectiveness"] == "Good")].index[0]
    sif.loc[row, "overall_effectiveness"] = "Requires improvement to be good"
    sif.to_csv(data_copy / "sif_inspections.csv", index=False, lineterminator="\n")

    assert rebuilt(build(data_copy, out, cache, *HTML))
    second = files(out)
    assert second["figures.json"] != first["figures.json"]
    assert json.loads(second["manifest.json"])["inputs"] != json.loads(first["manifest.json"])["inputs"]
    assert list(build(data_copy, out, cache, *HTML)) == ["verify"]


def test_a_changed_option_rebuilds(data_copy, tmp_path, cache):
    out = tmp_path / "out" / "release"
    built_copy(out)
    stages = build(data_copy, out, cache, "--format", "pdf")
    assert rebuilt(stages) and "PDF" in stages
    assert not (out / "index.html").exists() and (out / "release.pdf").exists()
    assert list(build(data_copy, out, cache, "--format", "pdf")) == ["verify"]
    assert rebuilt(build(data_copy, out, cache))
    assert (out / "index.html").exists()


def test_no_cache_always_builds(data_copy, tmp_path, cache):
    out = tmp_path / "out" / "release"
    built_copy(out, *HTML)
    assert list(build(data_copy, out, cache, *HTML)) == ["verify"], "the folder is up to date"
    assert rebuilt(build(data_copy, out, cache, "--no-cache", *HTML))


@pytest.mark.parametrize("tamper", ["changed", "deleted", "added"])
def test_an_output_touched_since_the_build_rebuilds(data_copy, tmp_path, cache, tamper):
    out = tmp_path / "out" / "release"
    built_copy(out, *HTML)
    good = files(out)
    if tamper == "changed":
        page = out / "index.html"
        page.write_text(page.read_text(encoding="utf-8").replace("Key points", "Key pointz", 1), encoding="utf-8")
    elif tamper == "deleted":
        (out / "charts" / "sif_oe.svg").unlink()
    else:
        (out / "charts" / "stray.svg").write_text("<svg/>", encoding="utf-8")

    assert rebuilt(build(data_copy, out, cache, *HTML))
    assert files(out) == good


def _project_copy(tmp_path):
    root = tmp_path / "project"
    for name in manifest.CODE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            root.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, root / name)
    return root


@pytest.mark.parametrize("edit", ["templates/sections/notes.html", "release/words/filters.py", "charts/style.py",
                                  "build.py"])
def test_a_changed_template_or_code_file_changes_the_inputs(data_copy, tmp_path, edit):
    root = _project_copy(tmp_path)
    options = manifest.options(("html", "pdf"), None)
    before = manifest.inputs_digest(data_copy, options, root)
    assert manifest.inputs_digest(data_copy, options, root) == before, "the digest is stable"
    path = root / edit
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert manifest.inputs_digest(data_copy, options, root) != before


def test_options_and_library_versions_are_inputs(data_copy, tmp_path, monkeypatch):
    both = manifest.options(("html", "pdf"), None)
    digest = manifest.inputs_digest(data_copy, both)
    assert manifest.inputs_digest(data_copy, manifest.options(("html",), None)) != digest
    boundary = tmp_path / "b.geojson"
    boundary.write_text("{}", encoding="utf-8")
    assert manifest.inputs_digest(data_copy, manifest.options(("html", "pdf"), boundary)) != digest
    versions = manifest.library_versions()
    assert versions["weasyprint"] != "absent" and versions["matplotlib"] != "absent"
    monkeypatch.setattr(manifest, "library_versions", lambda: {**versions, "weasyprint": "0"})
    assert manifest.inputs_digest(data_copy, both) != digest
