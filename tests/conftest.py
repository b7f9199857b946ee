"""Shared helpers: the 2016-09 sample data, broken copies of it, and one
full build shared by the tests that read the output."""

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sample_generators

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


def build_here(*args) -> subprocess.CompletedProcess:
    """``run_build`` in this process: the same command line (``build.main``),
    its exit status and what it printed, as a ``CompletedProcess``, without
    a new Python's start-up and imports (about 1.5 s of CPU a run). Its
    outputs are the same bytes as a ``build.py`` process's (test_output's
    test_two_builds_are_byte_identical compares the shared build with one).
    A test whose subject is the process itself (its exit status as a shell
    sees it) keeps ``run_build``."""
    import contextlib

    import build

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = build.main([str(arg) for arg in args])
    return subprocess.CompletedProcess(["build.py", *map(str, args)], status, out.getvalue(), err.getvalue())


#: Where shared builds are kept between test sessions ($TEST_BUILDS moves
#: it; deleting it only makes the next session build again).
BUILDS = Path(os.environ.get("TEST_BUILDS") or ROOT / ".cache" / "test-builds")
#: How many builds of one release and options are kept (older ones are
#: left from earlier code or data, and deleted).
KEEP = 3


def shared_build(data: Path, *options: str) -> Path:
    """A build of the release folder ``data`` with the command-line
    ``options`` (e.g. ``"--format", "html"`` or ``"--review"``), made once
    and shared by every test that only reads it: by the tests of a session,
    by pytest-xdist's workers, and by later sessions while nothing the
    build reads has changed.

    Its folder is named by the digest the build's own manifest uses
    (release/outputs/manifest.py: the data and the releases before it, the
    templates and code, the libraries' versions) and the options, so a
    change to any of them builds afresh. A file lock makes one worker build
    while the others wait, and the build's manifest is checked (every file,
    by SHA-256) before a folder is reused, so one a test altered is built
    again. The worker that builds it does so in its own process
    (``build_here``), not in a ``build.py`` process: no test of a shared
    build is about the process. Tests must not write into it: copy it
    first."""
    import json

    from filelock import FileLock

    from release.outputs import manifest

    data = Path(data).resolve()
    if options and data == DATA.resolve():
        # Made after the plain build, never before or beside it: the same
        # charts, maps and PDF are then found in the project's cache. An
        # HTML-only build made first would draw them without their PDF
        # copies, and the plain build would draw them all again.
        shared_build(data)
    inputs = manifest.inputs_digest(data, {"test options": list(options)})
    name = re.sub(r"[^\w.]+", "-", " ".join([data.name, *options]))
    home = BUILDS / f"{name}-{inputs[:16]}"
    out = home / data.name
    BUILDS.mkdir(parents=True, exist_ok=True)
    with FileLock(str(home) + ".lock"):
        try:
            recorded = json.loads((out / manifest.NAME).read_text(encoding="utf-8"))["inputs"]
        except (OSError, ValueError, KeyError, TypeError):
            recorded = None
        if recorded is not None and (home / "inputs").is_file() \
                and (home / "inputs").read_text() == inputs and manifest.unchanged(out, recorded):
            os.utime(home)
            return out
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        result = build_here("--data", str(data), "--out", str(out), "--quiet", *options)
        assert result.returncode == 0, result.stderr
        (home / "inputs").write_text(inputs)
    _forget_older(name, keep=home)
    return out


def _forget_older(name: str, keep: Path) -> None:
    """Delete all but the newest KEEP builds of ``name`` (never one being
    built or read under its lock: those are skipped)."""
    from filelock import FileLock, Timeout

    mine = re.compile(re.escape(name) + r"-[0-9a-f]{16}")  # not "2016-09-review-…" for "2016-09"
    homes = sorted((p for p in BUILDS.iterdir() if p.is_dir() and mine.fullmatch(p.name) and p != keep),
                   key=lambda p: p.stat().st_mtime, reverse=True)
    for old in homes[KEEP - 1:]:
        try:
            with FileLock(str(old) + ".lock", timeout=0):
                shutil.rmtree(old, ignore_errors=True)
        except Timeout:
            continue
        Path(str(old) + ".lock").unlink(missing_ok=True)


@pytest.fixture(scope="session")
def built() -> Path:
    """One full build (HTML and PDF) of the release under test (2016-09, or
    $RELEASE_DATA), shared by every worker and session (``shared_build``).
    Read only: copy it before changing anything."""
    return shared_build(DATA)


@pytest.fixture(scope="session")
def reviewed() -> Path:
    """The same release built with the reviewer's edition (``--review``):
    the public outputs and ``review/`` (page and PDF), shared as ``built``
    is. ``shared_build`` makes it after ``built``, never beside it: it
    draws the same charts and maps and lays out the same public PDF, which
    it then finds in the project's cache (.cache) instead of drawing them a
    second time in another worker while ``built`` draws them (on a fresh
    clone that halves its CPU time)."""
    return shared_build(DATA, "--review")


class Series:
    """Every release folder under ``data`` built as HTML (``shared_build``
    with ``--format html``), each made when a test first asks for it
    (``series / "2017-03"``) rather than all six at once in the worker that
    asks first, so that a test of one release waits for that release alone
    and two workers can build two releases at once. The release under test
    (``DATA``, 2016-09) is the full build ``built`` already is, HTML
    included, rather than an HTML-only build of the same data beside it."""

    def __init__(self, data: Path, releases: list[str]):
        self.data, self.releases, self._folders = Path(data), list(releases), {}

    def __truediv__(self, rid: str) -> Path:
        if rid not in self._folders:
            folder = (self.data / rid).resolve()
            self._folders[rid] = shared_build(folder) if folder == DATA.resolve() \
                else shared_build(folder, "--format", "html")
        return self._folders[rid]

    def glob(self, pattern: str) -> list[Path]:
        """``pattern`` ("*/qa-report.txt") matched in every release's build."""
        rid_part, _, rest = pattern.partition("/")
        return [path for rid in self.releases if Path(rid).match(rid_part) for path in (self / rid).glob(rest)]


@pytest.fixture(scope="session")
def figs():
    """The figures of the 2016-09 sample data, computed once (read only)."""
    from release import figures
    from release.pipeline import load_and_validate
    from release.progress import Progress

    rel, _, tables = load_and_validate(DATA, Progress(quiet=True))
    return figures.compute(tables, rel)


@pytest.fixture(scope="session")
def page_charts(figs) -> dict:
    """Each of the 2016-09 figures' charts as the build draws it for the
    page and the PDF, ``{key: (spec, drawing)}`` (``svg``, ``csv``, ``alt``,
    ``table_html``, ``pdf``), by the build's own code
    (release.outputs.render: ``chart_jobs``, ``draw_all``) through the
    project's drawing cache (.cache/visuals): the drawings the shared build
    ``built`` placed, found there when a build of this session (or an
    earlier one) has drawn them, drawn and kept for it otherwise. Read only."""
    from release.cache import DEFAULT, Cache
    from release.outputs.render import chart_jobs, draw_all

    jobs = chart_jobs(figs)
    drawn = draw_all(jobs, Cache(DEFAULT), workers=1)  # one process: xdist already uses every core
    return {job.key: (job.spec, drawn[job.key]) for job in jobs}


#: The test modules that check the bulletin's words, which
#: ``python3 -m pytest -m commentary`` runs after a commentary edit (with
#: the property test on a few datasets: test_any_data.QUICK_EXAMPLES).
COMMENTARY = ("test_templates", "test_words", "test_materiality", "test_key_points", "test_claims",
              "test_wording_follows_data", "test_published_in_text", "test_awkward_data", "test_any_data",
              "test_try_cases")


#: Under the quick check, the issue-23 homes shapes of test_any_data drawn
#: (``HOMES_SHAPES_EXAMPLES``; 8 in a full run), as the property test draws
#: QUICK_EXAMPLES datasets instead of 200.
QUICK_HOMES_SHAPES = "4"


def quick_commentary_check(config) -> bool:
    """The run is ``python3 -m pytest -m commentary``."""
    return re.fullmatch(r"\s*commentary\s*", config.getoption("markexpr") or "") is not None


def pytest_configure(config):
    # Set before the test modules are imported (Hypothesis reads it in a
    # decorator), in each xdist worker too; an explicit setting wins.
    if quick_commentary_check(config):
        os.environ.setdefault("HOMES_SHAPES_EXAMPLES", QUICK_HOMES_SHAPES)
    if _owns_the_session(config):
        sample_generators.prepare()


def _owns_the_session(config) -> bool:
    """This process runs the session: xdist's controller, or the only
    process (``-n 0``), not an xdist worker."""
    return not hasattr(config, "workerinput") and not config.option.collectonly


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids):
    sample_generators.start(ids)   # in the controller, as soon as a worker has collected


def pytest_collection_finish(session):
    if _owns_the_session(session.config):   # -n 0 (the controller collects nothing)
        sample_generators.start(item.nodeid for item in session.items)


def pytest_unconfigure(config):
    if _owns_the_session(config):
        sample_generators.stop()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.stem in COMMENTARY:
            item.add_marker(pytest.mark.commentary)
