"""The sample-data generators, run for their tests in the background.

Two tests check that ``data/sample_la.py`` and ``data/sample_homes.py``
still make the committed sample files, byte for byte. The LA generator
solves an integer program (about 45 CPU seconds), the homes generator takes
about 15. Run inside its test, each would hold one of the two test workers
that long. Instead, the process that owns the session (pytest-xdist's
controller, or the only process with ``-n 0``) starts both as soon as it
knows their tests were collected, at a low priority (``nice 10``).
They then run in the moments a core would otherwise be idle: a test waiting
for Chromium or for a watch loop, the first worker to finish waiting for the
second. Before they ran so, a suite left about 70 of its 600 core-seconds idle.

When its turn comes, a test reads what its generator wrote, waiting for it
if need be (a waiting worker leaves its core to the generator). A test with
no background run (e.g. run alone) runs its generator itself. Either way the
test checks the same things: the generator's exit status, and each file's
bytes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Each generator's script, and the test that reads what it made.
SCRIPTS = {
    "la": ROOT / "data" / "sample_la.py",
    "homes": ROOT / "data" / "sample_homes.py",
}
TESTS = {
    "la": "tests/test_sample_la.py::test_la_generator_reproduces_the_committed_files",
    "homes": "tests/test_sample_homes.py::test_generator_reproduces_the_files_byte_for_byte",
}
#: The folder of this session's background runs, passed to the workers in
#: the environment (they inherit it from the controller).
FOLDER = "SAMPLE_GENERATORS_FOLDER"
#: As long as the tests waited for the generators before.
TIMEOUT = 900

# Run by a Python of its own: the generator at the lowest priority, then its
# exit status written where every worker can read it (renamed into place, so
# a reader never sees half of it).
_RUNNER = """
import os, subprocess, sys
script, out = sys.argv[1], sys.argv[2]
os.nice(10)
with open(os.path.join(out, "log"), "wb") as log:
    status = subprocess.run([sys.executable, script, os.path.join(out, "files")],
                            stdout=log, stderr=subprocess.STDOUT, cwd=out).returncode
with open(os.path.join(out, "status.part"), "w") as f:
    f.write(str(status))
os.replace(os.path.join(out, "status.part"), os.path.join(out, "status"))
"""

_started: dict[str, subprocess.Popen] = {}


@dataclass
class Run:
    """What one run of a generator made: its exit status, what it printed,
    and the folder it wrote."""
    status: int
    log: str
    files: Path


def prepare() -> None:
    """Make this session's folder (in the session's owner, before the
    workers start)."""
    os.environ[FOLDER] = tempfile.mkdtemp(prefix="sample-generators-")


def start(test_ids) -> None:
    """Start, niced, each generator whose test is among ``test_ids`` and has
    not been started yet."""
    folder = os.environ.get(FOLDER)
    if not folder:
        return
    ids = set(test_ids)
    for name, script in SCRIPTS.items():
        if TESTS[name] not in ids or name in _started:
            continue
        out = Path(folder) / name
        (out / "files").mkdir(parents=True)
        _started[name] = subprocess.Popen([sys.executable, "-c", _RUNNER, str(script), str(out)],
                                          cwd=out, start_new_session=True,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        (out / "started").write_text(str(_started[name].pid))


def stop() -> None:
    """End any run still going (the session was cut short) and delete the
    folder."""
    import shutil
    import signal

    for process in _started.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    _started.clear()
    folder = os.environ.pop(FOLDER, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def run(name: str, tmp_path: Path) -> Run:
    """The generator ``name``'s run: the background one if it was started
    (waiting for it to end), otherwise one made now into ``tmp_path``."""
    folder = os.environ.get(FOLDER)
    out = Path(folder) / name if folder else None
    if out is None or not (out / "started").is_file():
        result = subprocess.run([sys.executable, str(SCRIPTS[name]), str(tmp_path)], cwd=tmp_path,
                                capture_output=True, text=True, timeout=TIMEOUT)
        return Run(result.returncode, result.stdout + result.stderr, tmp_path)
    pid = int((out / "started").read_text())
    deadline = time.monotonic() + TIMEOUT
    while not (out / "status").is_file():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{SCRIPTS[name].name} ran for more than {TIMEOUT} s")
        if not _alive(pid) and not (out / "status").is_file():
            raise RuntimeError(f"{SCRIPTS[name].name}'s background run ended without an exit status")
        time.sleep(0.2)
    return Run(int((out / "status").read_text()), (out / "log").read_text(errors="replace"), out / "files")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
