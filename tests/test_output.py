"""The release folder is never half-written, is the same for the same
data, and shows hostile names as text."""

import filecmp
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA, ROOT, cell, read_rows, run_build, set_cell, write_rows
from release.cache import DEFAULT as DEFAULT_CACHE


def tree(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_two_builds_are_byte_identical(built, tmp_path):
    again = tmp_path / "again"
    result = run_build("--release", "2016-09", "--out", str(again), "--quiet")
    assert result.returncode == 0, result.stderr
    assert tree(built) == tree(again)
    for name in tree(built):
        a, b = built / name, again / name
        if a.is_file():
            assert a.read_bytes() == b.read_bytes(), name


def without_pdfs(cache: Path) -> Path:
    """A cache holding the project's drawings and tables (links to its
    folders of each kind) but none of its laid-out PDFs (kind "pdf")."""
    cache.mkdir()
    for kind in DEFAULT_CACHE.iterdir() if DEFAULT_CACHE.is_dir() else ():
        if kind.is_dir() and kind.name not in ("pdf", "test-builds"):
            (cache / kind.name).symlink_to(kind, target_is_directory=True)
    return cache


def test_a_build_killed_during_the_pdf_leaves_the_previous_release(built, tmp_path):
    out = tmp_path / "release"
    import shutil
    shutil.copytree(built, out)
    before = {p: (out / p).read_bytes() for p in tree(out) if (out / p).is_file()}
    # The PDF is really laid out, so the kill lands during it: it is not in
    # the cache the build is given (the charts are, as they are not what
    # this is about), and the build is not skipped as unchanged, as the
    # options differ from the previous release's (a PDF alone).
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--data", str(DATA), "--out", str(out),
                             "--format", "pdf", "--cache", str(without_pdfs(tmp_path / "cache"))],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Wait until the PDF stage has started, then kill the build.
    deadline = time.time() + 300
    seen = ""
    while time.time() < deadline:
        line = proc.stderr.readline()
        seen += line
        if line.startswith("HTML: done"):
            time.sleep(0.3)
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert "HTML: done" in seen, seen
    after = {p: (out / p).read_bytes() for p in tree(out) if (out / p).is_file()}
    assert after == before
    # The next build cleans up the stray work folder (the command line, in
    # this process: a process of its own would add only Python's start-up).
    import build

    assert build.main(["--data", str(DATA), "--out", str(out), "--format", "html", "--quiet"]) == 0
    assert list(tmp_path.glob(".release.tmp-*")) == []


def test_hostile_names_are_text_and_csv_cells_cannot_run(data_copy, tmp_path):
    rows = read_rows(data_copy / "local_authorities.csv")
    header = rows[0]
    names = {"E09000001": "<script>alert(1)</script>", "E06000053": "=HYPERLINK(\"http://x\")"}
    for r in rows[1:]:
        if r[header.index("la_code")] in names:
            r[header.index("la_name")] = names[r[header.index("la_code")]]
    write_rows(data_copy / "local_authorities.csv", rows)
    out = tmp_path / "out"
    import build  # the command line, in this process (what a process adds is Python's start-up)

    assert build.main(["--data", str(data_copy), "--out", str(out), "--format", "html", "--quiet"]) == 0
    page = (out / "index.html").read_text()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for csv_file in out.rglob("*.csv"):
        for line in csv_file.read_text().splitlines():
            for c in line.split(","):
                assert not c.strip('"').startswith(("=", "+", "@")), (csv_file.name, line)
    map_csv = (out / "maps" / "la_sif_oe.csv").read_text()
    assert "'=HYPERLINK" in map_csv
