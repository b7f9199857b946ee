"""Shared helpers: the 2016-09 sample data, broken copies of it, and one
full build shared by the tests that read the output."""

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# RELEASE_DATA points the tests at another source folder (e.g. while drafting).
DATA = Path(os.environ.get("RELEASE_DATA", ROOT / "data" / "2016-09"))


def _shared() -> Path:
    """The workplace's shared folder (boundary files, the published text):
    $SHARED_DIR, else ``../shared`` beside the project. Tests that need
    it are skipped, saying so, where it is not mounted; nothing from it is
    copied into the project."""
    for folder in (os.environ.get("SHARED_DIR"), ROOT.parent / "shared"):
        if folder and Path(folder).is_dir():
            return Path(folder)
    return ROOT.parent / "shared"


SHARED = _shared()
sys.path.insert(0, str(ROOT))


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def copy_release(source: Path, into: Path) -> Path:
    """A private copy of a release folder, with the releases before it that
    it derives from beside it (as under data/)."""
    import tomllib

    folder = into / source.name
    shutil.copytree(source, folder)
    previous = tomllib.loads((source / "release.toml").read_text(encoding="utf-8")).get("release", {}).get("previous")
    if previous and not (into / previous).exists():
        copy_release(source.parent / previous, into)
    return folder


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the 2016-09 source data (and the releases before
    it), to break."""
    return copy_release(DATA, tmp_path)


def set_cell(folder: Path, file: str, row: int, column: str, value: str) -> None:
    """Set the cell at spreadsheet ``row`` (header = 1) of ``column``."""
    path = folder / file
    rows = read_rows(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def cell(folder: Path, file: str, row: int, column: str) -> str:
    rows = read_rows(folder / file)
    return rows[row - 1][rows[0].index(column)]


def run_build(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """One full build (HTML and PDF) of the release under test (2016-09, or
    $RELEASE_DATA)."""
    out = tmp_path_factory.mktemp("built") / DATA.name
    result = run_build("--data", str(DATA), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def figs():
    """The figures of the 2016-09 sample data, computed once (read only)."""
    from release import figures
    from release.pipeline import load_and_validate
    from release.progress import Progress

    rel, _, tables = load_and_validate(DATA, Progress(quiet=True))
    return figures.compute(tables, rel)
