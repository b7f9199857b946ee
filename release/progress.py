"""Progress of the build stages on the terminal.

On a terminal each stage shows while it runs and is ticked off with its
time; piped or in CI, one plain line a stage. ``--quiet`` shows nothing
but errors.
"""

import json
import sys
import time
from contextlib import contextmanager


class Progress:
    def __init__(self, quiet: bool = False, stream=None, timings=None):
        self.timings = timings
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty()
        self.times: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str):
        """Time the stage ``name`` and report it when it ends."""
        if self.tty and not self.quiet:
            self.stream.write(f"  … {name}")
            self.stream.flush()
        start = time.perf_counter()
        ok = False
        try:
            yield
            ok = True
        finally:
            took = time.perf_counter() - start
            self.times[name] = took
            if not self.quiet:
                mark = ("✓" if ok else "✗") if self.tty else ("done" if ok else "failed")
                if self.tty:
                    self.stream.write(f"\r  {mark} {name:<10} {took:6.2f} s\n")
                else:
                    self.stream.write(f"{name}: {mark} in {took:.2f} s\n")
                self.stream.flush()

    def done(self, name: str, took: float, how: str = "") -> None:
        """Report the stage ``name``, timed by the caller (it ran inside
        another stage: ``how`` says so), as ``stage`` reports one."""
        self.times[name] = took
        if not self.quiet:
            how = f" ({how})" if how else ""
            mark = "✓" if self.tty else "done"
            if self.tty:
                self.stream.write(f"  {mark} {name:<10} {took:6.2f} s{how}\n")
            else:
                self.stream.write(f"{name}: {mark} in {took:.2f} s{how}\n")
            self.stream.flush()

    def say(self, text: str) -> None:
        if not self.quiet:
            self.stream.write(text + "\n")
            self.stream.flush()

    def save(self) -> None:
        """Write the stage times to the ``--timings`` file, if one was given."""
        if self.timings:
            self.timings.write_text(json.dumps(self.times, indent=1) + "\n")
