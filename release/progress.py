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
            self._report(name, time.perf_counter() - start, ok, over_its_line=True)

    def done(self, name: str, took: float, how: str = "") -> None:
        """Report the stage ``name``, timed by the caller (it ran inside
        another stage: ``how`` says so), as ``stage`` reports one."""
        self._report(name, took, True, over_its_line=False, how=f" ({how})" if how else "")

    def _report(self, name: str, took: float, ok: bool, over_its_line: bool, how: str = "") -> None:
        """Keep the stage's time and print its line; on a terminal, over
        the "… name" line ``stage`` printed when it began."""
        self.times[name] = took
        if self.quiet:
            return
        if self.tty:
            start = "\r" if over_its_line else ""
            self.stream.write(f"{start}  {'✓' if ok else '✗'} {name:<10} {took:6.2f} s{how}\n")
        else:
            self.stream.write(f"{name}: {'done' if ok else 'failed'} in {took:.2f} s{how}\n")
        self.stream.flush()

    def say(self, text: str) -> None:
        if not self.quiet:
            self.stream.write(text + "\n")
            self.stream.flush()

    def save(self) -> None:
        """Write the stage times to the ``--timings`` file, if one was given."""
        if self.timings:
            self.timings.write_text(json.dumps(self.times, indent=1) + "\n")
