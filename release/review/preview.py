"""Live preview for whoever is editing the commentary: ``build.py --serve``.

Builds the release's web page, serves its folder on this machine only
(127.0.0.1), and watches the templates (commentary, layout and styles) and
the release's data folders with watchfiles, which is told of each save by
the operating system (inotify) rather than looking again and again. After
an edit the HTML is rebuilt first, in this process (its libraries and
compiled templates stay loaded), and every open page reloads itself; then
the PDF is laid out by a full build in another process, and the page says
when it is ready. An edit made while the PDF is being laid out stops that
build (it leaves the folder as it was) and starts again from the HTML.

The pages are served with a small script added as they are sent (the files
on disk are the build's own, byte for byte): it listens for the server's
events (an EventSource on ``/__preview/events``), reloads the page when
the HTML has been rebuilt, and shows the PDF's state in a corner.
"""

from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
#: Where the page's script and the events are served (no release file is
#: ever named so).
PREFIX = "/__preview/"

SCRIPT = """(() => {
  const loaded = %(html)d;
  const note = document.createElement("div");
  note.setAttribute("role", "status");
  note.style.cssText = "position:fixed;right:0.5rem;bottom:0.5rem;z-index:9999;padding:0.3rem 0.6rem;" +
    "font:14px/1.4 sans-serif;background:#0b0c0c;color:#fff;border-radius:3px;max-width:28rem";
  const say = (html) => { note.innerHTML = html; if (!note.isConnected) document.body.append(note); };
  const events = new EventSource("%(prefix)sevents");
  events.addEventListener("state", (event) => {
    const state = JSON.parse(event.data);
    if (state.html !== loaded) { events.close(); location.reload(); return; }
    if (state.error) say("Build failed: " + state.error.replace(/&/g, "&amp;").replace(/</g, "&lt;") +
                         " (the page is the last good build; details in the terminal)");
    else if (state.pdf === "ready") say('PDF ready: <a style="color:#fff" href="release.pdf">release.pdf</a>');
    else if (state.pdf === "building") say("HTML up to date; PDF being laid out…");
    else if (state.pdf === "failed") say("PDF failed: see the terminal");
    else say("HTML up to date");
  });
})();
"""


class State:
    """What the server tells the pages: the HTML's build number (a page
    loaded at an older one reloads), the PDF's state ("building", "ready",
    "failed" or "" when not asked for) and the last build error. Each change
    wakes every page's event stream."""

    def __init__(self):
        self._changed = threading.Condition()
        self.html, self.pdf, self.error = 0, "", ""
        self.stopping = False

    def set(self, **values) -> None:
        with self._changed:
            for name, value in values.items():
                setattr(self, name, value)
            self._changed.notify_all()

    def as_json(self) -> str:
        with self._changed:
            return json.dumps({"html": self.html, "pdf": self.pdf, "error": self.error})

    def wait(self, seen: str, timeout: float) -> str:
        """The state once it differs from ``seen`` (or after ``timeout``)."""
        with self._changed:
            self._changed.wait_for(lambda: self.as_json() != seen or self.stopping, timeout)
            return self.as_json()


class Handler(http.server.SimpleHTTPRequestHandler):
    """The release folder's files, each page with the preview's script; the
    script; and the event stream."""

    state: State

    def __init__(self, *args, state: State, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == PREFIX + "events":
            return self._events()
        if path == PREFIX + "live.js":
            return self._send(SCRIPT % {"html": self.state.html, "prefix": PREFIX}, "text/javascript")
        if path.endswith("/") or path.endswith(".html"):
            file = Path(self.translate_path(path))
            file = file / "index.html" if file.is_dir() else file
            if file.is_file():
                page = file.read_text(encoding="utf-8")
                tag = f'<script src="{PREFIX}live.js?{self.state.html}"></script>'
                page = page.replace("</body>", tag + "</body>", 1) if "</body>" in page else page + tag
                return self._send(page, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, text: str, kind: str) -> None:
        body = text.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the state now, then each time it changes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = ""
        try:
            while not self.state.stopping:
                now = self.state.wait(seen, timeout=15)
                # A comment line when nothing changed keeps the connection open.
                self.wfile.write(f"event: state\ndata: {now}\n\n".encode() if now != seen else b": still here\n\n")
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format, *args):  # the terminal is for the builds
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


class Preview:
    """Build, serve and rebuild one release (the options of ``build.py``:
    data folder, output folder, formats, cache, boundaries)."""

    def __init__(self, args, port: int, say=None):
        self.args = args
        self.state = State()
        self.say = say or (lambda text: print(text, file=sys.stderr, flush=True))
        self.out = Path(args.out) if args.out else None
        self.pdf_process: subprocess.Popen | None = None
        self.pdf_lock = threading.Lock()
        self.stop = threading.Event()
        #: The figures of the last HTML build, reused while the data are unchanged (pipeline.build).
        self.kept: dict = {}
        from ..inputs.config import load_release

        self.release = load_release(args.data_dir)
        self.out = (self.out or ROOT / "dist" / self.release.id).resolve()
        self.out.mkdir(parents=True, exist_ok=True)
        handler = partial(Handler, directory=str(self.out), state=self.state)
        self.server = Server(("127.0.0.1", port), handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def watched(self) -> list[Path]:
        """The templates and the release's data folders (its own and those
        of the releases it reads)."""
        from ..outputs.manifest import _previous_folders

        return [ROOT / "templates", Path(self.args.data_dir).resolve(),
                *(p.resolve() for p in _previous_folders(Path(self.args.data_dir)))]

    def run(self) -> int:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        # Stopped by the system (SIGTERM) as by Ctrl+C: the PDF's build too.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            self.rebuild("start")
            self.watch(ready=lambda: self.say(f"Serving {self.url} (Ctrl+C stops); watching "
                                              f"{', '.join(map(str, self.watched()))}"))
        except KeyboardInterrupt:
            pass
        finally:
            self.close()
        return 0

    def watch(self, ready=lambda: None) -> None:
        """Rebuild after each batch of edits; ``ready()`` is called once the
        operating system is watching, and not before: a save made between
        saying "watching" and the watches being set would be missed."""
        import watchfiles

        # The watches are set when the first wait begins; that wait ends,
        # with nothing, after ``rust_timeout`` ms without an edit
        # (yield_on_timeout), which is when ``ready`` is said. The later
        # waits end so too: a sleeping thread woken five times a second.
        for changes in watchfiles.watch(*self.watched(), stop_event=self.stop, debounce=800, step=30,
                                        rust_timeout=200, yield_on_timeout=True, raise_interrupt=True):
            if ready:
                ready()
                ready = None
            if not changes:
                continue
            names = sorted({Path(p).name for _, p in changes})
            self.rebuild(", ".join(names[:3]) + (" …" if len(names) > 3 else ""))

    def rebuild(self, why: str) -> None:
        """The HTML now, then the PDF in the background (if asked for)."""
        self._stop_pdf()
        start = time.perf_counter()
        error = self._build_html()
        took = time.perf_counter() - start
        if error:
            self.say(f"[{why}] build failed after {took:.2f} s: {error}")
            self.state.set(error=error, pdf="")
            return
        want_pdf = "pdf" in self.args.formats
        self.state.set(html=self.state.html + 1, error="", pdf="building" if want_pdf else "")
        self.say(f"[{why}] HTML rebuilt in {took:.2f} s; open pages reload")
        if want_pdf:
            self._start_pdf()

    def _build_html(self) -> str:
        """Build the release as HTML into the output folder; the error, or
        "" on success."""
        from ..errors import DataError, ReleaseError
        from .. import pipeline

        args = self.args
        try:
            # The figures are kept between rebuilds while the data are
            # unchanged: after a template edit only the page is made again.
            pipeline.build(args.data_dir, out=self.out, formats=("html",), boundaries=args.boundaries, quiet=True,
                           cache_dir=None if args.no_cache else args.cache,
                           allow_font_fallback=args.allow_font_fallback, kept=self.kept)
        except DataError as exc:
            print(exc.report(), file=sys.stderr)
            return exc.summary()
        except ReleaseError as exc:
            return str(exc)
        except Exception as exc:  # a fault in a template or the code: say it, keep serving
            import traceback

            traceback.print_exc()
            return f"{type(exc).__name__}: {exc}"
        return ""

    def _start_pdf(self) -> None:
        """A full build (HTML and PDF) of the same release into the same
        folder, in another process; when it ends, the pages are told."""
        args = self.args
        command = [sys.executable, str(ROOT / "build.py"), "--data", str(args.data_dir), "--out", str(self.out),
                   "--format", ",".join(args.formats), "--quiet"]
        if args.no_cache:
            command.append("--no-cache")
        else:
            command += ["--cache", str(args.cache)]
        if args.boundaries:
            command += ["--boundaries", str(args.boundaries)]
        if args.allow_font_fallback:
            command.append("--allow-font-fallback")
        start = time.perf_counter()
        with self.pdf_lock:
            process = self.pdf_process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                                          text=True, start_new_session=True)

        def wait():
            output = process.communicate()[0]
            with self.pdf_lock:
                if self.pdf_process is not process:
                    return  # stopped for a newer edit
                self.pdf_process = None
            if process.returncode == 0:
                self.say(f"PDF ready in {time.perf_counter() - start:.2f} s: {self.out / 'release.pdf'}")
                self.state.set(pdf="ready")
            else:
                self.say(f"PDF build failed:\n{output.rstrip()}")
                self.state.set(pdf="failed")

        threading.Thread(target=wait, daemon=True).start()

    def _stop_pdf(self) -> None:
        """Stop the PDF's build, if one is running (the folder is replaced
        only when a build ends well, so stopping one leaves it as it was)."""
        with self.pdf_lock:
            process, self.pdf_process = self.pdf_process, None
        if process and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def close(self) -> None:
        self.stop.set()
        self._stop_pdf()
        self.state.set(stopping=True)
        self.server.shutdown()
        self.server.server_close()


def serve(args, port: int) -> int:
    """``build.py --serve``: preview the release until Ctrl+C."""
    try:
        preview = Preview(args, port)
    except OSError as exc:
        print(f"error: cannot serve on 127.0.0.1:{port} ({exc.strerror or exc}); choose another with --port",
              file=sys.stderr)
        return 2
    return preview.run()
