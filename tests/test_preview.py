"""The live preview (``build.py --serve``): after a template edit the served
page is rebuilt and every open page is told to reload, the PDF follows and
the page says so, and the files on disk are the build's own. And
``build.py --watch``, which rebuilds after an edit without serving.

It runs on a copy of the project (so the template edited is a copy's) in a
process of its own, on a free port of 127.0.0.1, and is stopped with Ctrl+C
(SIGINT) at the end. Every wait is for the preview's own signal (its
"Serving" line, said once it is watching; an event on its stream) and is
bounded, generously: a loaded 2-core machine running the tests in parallel
may take minutes where a quiet one takes seconds."""

import json
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import DATA, ROOT, copy_release

#: Bounds on each wait (seconds): generous, for a loaded 2-core machine.
START, REBUILD, PDF, STOP = 300, 180, 600, 60
EDITED = "templates/sections/introduction.html"
MARK = "A sentence added while the preview ran."


def _ctrl_c_reaches() -> None:
    """In the preview's process before it starts: Ctrl+C (SIGINT) stops it,
    as in a terminal, even where the tests run as a background job (whose
    shell has the processes it starts ignore SIGINT, and Python keeps an
    ignored SIGINT ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Running:
    """``build.py`` with ``options`` running on a copy of the project, and
    what it has printed so far."""

    def __init__(self, project: Path, out: Path, *options: str):
        self.process = subprocess.Popen(
            [sys.executable, str(project / "build.py"), *options, "--data", str(project / "data" / DATA.name),
             "--out", str(out), "--cache", str(ROOT / ".cache")],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=_ctrl_c_reaches)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, found, seconds: float, what: str):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = found()
            if value:
                return value
            assert self.process.poll() is None, f"the preview stopped:\n" + "\n".join(self.lines)
            time.sleep(0.1)
        pytest.fail(f"waited {seconds} s for {what}; the preview printed:\n" + "\n".join(self.lines))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                return self.process.wait(timeout=STOP)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                pytest.fail(f"the preview did not stop within {STOP} s of Ctrl+C")
        return self.process.returncode


class Served(Running):
    """The preview (``--serve``) and the events its pages get."""

    def __init__(self, project: Path, out: Path, *options: str):
        super().__init__(project, out, "--serve", "--port", "0", *options)
        self.events: list[dict] = []
        self.url = self.wait_for(lambda: next((line.split()[1] for line in self.lines if line.startswith("Serving ")),
                                              None), START, "the server to start")
        threading.Thread(target=self._listen, daemon=True).start()

    def get(self, path: str = "") -> str:
        with urllib.request.urlopen(self.url + path, timeout=REBUILD) as response:
            return response.read().decode("utf-8")

    def _listen(self):
        with urllib.request.urlopen(self.url + "__preview/events", timeout=PDF) as stream:
            for line in stream:
                if line.startswith(b"data: "):
                    self.events.append(json.loads(line[6:]))


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's code, templates and the release's data."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("release", "charts", "templates"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    for name in ("build.py", "pyproject.toml"):
        shutil.copy2(ROOT / name, copy / name)
    (copy / "data").mkdir()
    copy_release(DATA, copy / "data")
    return copy


def test_an_edit_reloads_the_page_then_the_pdf_follows(project, tmp_path):
    """Through the event stream, and, where Chromium is installed, in a
    browser tab that nothing but the page's own script reloads."""
    out = tmp_path / "out"
    served = Served(project, out)
    try:
        with browser_tab(served.url) as tab:
            page = served.get()
            assert '<script src="/__preview/live.js?1"></script></body>' in page
            # The files on disk are the build's own: the script is added as a page is sent.
            assert "__preview" not in (out / "index.html").read_text(encoding="utf-8")
            served.wait_for(lambda: served.events, START, "the first event")
            assert served.events[0]["html"] == 1 and served.events[0]["error"] == ""

            template = project / EDITED
            text = template.read_text(encoding="utf-8")
            assert "</p>" in text
            template.write_text(text.replace("</p>", f" {MARK}</p>", 1), encoding="utf-8")
            edited = time.monotonic()
            served.wait_for(lambda: any(e["html"] == 2 for e in served.events), REBUILD, "the reload signal")
            took = time.monotonic() - edited
            assert MARK in served.get() and MARK in (out / "index.html").read_text(encoding="utf-8")
            assert '<script src="/__preview/live.js?2"></script>' in served.get("index.html")
            # The console line and the reload signal come by two channels (the
            # process's output, read by a thread; the event stream): either may be first.
            served.wait_for(lambda: any("HTML rebuilt in" in line for line in served.lines[1:]), REBUILD,
                            "the console to say the HTML was rebuilt")
            if tab:
                tab.wait_for_function("text => document.body.innerText.includes(text)", arg=MARK,
                                      timeout=REBUILD * 1000)

            served.wait_for(lambda: any(e["html"] == 2 and e["pdf"] == "ready" for e in served.events), PDF,
                            "the PDF to be ready")
            assert (out / "release.pdf").is_file()
            assert MARK in (out / "index.html").read_text(encoding="utf-8")
            if tab:
                tab.wait_for_function("document.querySelector('[role=status]').innerText.includes('PDF ready')",
                                      timeout=REBUILD * 1000)
                assert tab.locator("[role=status] a").get_attribute("href") == "release.pdf"
            print(f"edit to reload signal: {took:.2f} s")
    finally:
        assert served.stop() == 0


@contextmanager
def browser_tab(url: str):
    """The page open in headless Chromium (None where it is not installed)."""
    from test_browser import CHROMIUM, CHROMIUM_ARGS

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if CHROMIUM is None or sync_playwright is None:
        yield None
        return
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        tab = browser.new_page()
        tab.goto(url, timeout=START * 1000)
        yield tab
        browser.close()


def test_a_template_error_keeps_the_last_good_page_and_says_why(project, tmp_path):
    """The page only (``--format html``): no PDF is laid out beside it."""
    out = tmp_path / "out"
    served = Served(project, out, "--format", "html")
    try:
        served.wait_for(lambda: served.events, START, "the first event")
        assert served.events[0]["html"] == 1 and served.events[0]["pdf"] == ""
        good = (out / "index.html").read_bytes()
        template = project / EDITED
        template.write_text(template.read_text(encoding="utf-8") + "{% if %}", encoding="utf-8")
        served.wait_for(lambda: any(e["error"] for e in served.events), REBUILD, "the error")
        assert "TemplateSyntaxError" in served.events[-1]["error"]
        assert served.events[-1]["html"] == 1, "no reload to a broken page"
        assert (out / "index.html").read_bytes() == good
    finally:
        assert served.stop() == 0


def test_watch_says_watching_only_once_it_sees_edits_and_rebuilds_after_one(project, tmp_path):
    """``--watch`` (no server): "watching" is said once the watches are set,
    so an edit saved at once after it is rebuilt, never missed."""
    out = tmp_path / "out"
    watched = Running(project, out, "--watch", "--format", "html", "--quiet")
    try:
        said = watched.wait_for(lambda: next((i for i, line in enumerate(watched.lines)
                                              if line.startswith("watching ")), None), START, "watching")
        assert watched.lines[said - 1] == "built", watched.lines
        template = project / EDITED
        template.write_text(template.read_text(encoding="utf-8").replace("</p>", f" {MARK}</p>", 1), encoding="utf-8")
        watched.wait_for(lambda: watched.lines.count("built") == 2, REBUILD, "the rebuild")
        assert "change seen; rebuilding" in watched.lines
        assert MARK in (out / "index.html").read_text(encoding="utf-8")
    finally:
        assert watched.stop() == 0
