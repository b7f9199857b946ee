"""Work done beside the PDF's layout, on another core.

WeasyPrint lays out the PDF in one process, on one core, and it is the
longest stage of a build; the spreadsheets, the open data files and the
charts' phone drawings need nothing from it. ``Beside(work)`` runs
``work()`` in a forked copy of the build while the build goes on, and
``.result()`` waits for it and returns what it returned, or raises what it
raised. Where there is one core, or no fork, it runs ``work()`` at once.
"""

from __future__ import annotations

import multiprocessing
import os
import time


class Beside:
    def __init__(self, work, workers: int | None = None):
        self._done = None
        self._process = None
        if (workers or os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            self._done = _run(work)
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(work, send, os.getpid()), daemon=True)
        self._process.start()
        send.close()

    def result(self):
        """What ``work()`` returned, and the seconds it took; raises what it
        raised."""
        if self._done is None:
            try:
                self._done = self._receive.recv()
            except EOFError:
                self._done = ("error", RuntimeError("work beside the PDF stopped without a result "
                                                    f"(exit status {self._process.exitcode})"), 0.0)
            self._process.join()
        status, value, took = self._done
        if status == "error":
            raise value
        return value, took

    def stop(self) -> None:
        """Stop the work if it is still running (the build failed)."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()


def _run(work):
    began = time.perf_counter()
    try:
        return "ok", work(), time.perf_counter() - began
    except BaseException as error:  # sent to the build, which raises it
        return "error", error, time.perf_counter() - began


def _child(work, send, parent: int) -> None:
    # A build killed during the PDF (SIGKILL, which it cannot catch) takes
    # this copy with it: it must not go on writing into a release folder
    # that the next build cleans up.
    _die_with_parent()
    if os.getppid() != parent:
        os._exit(1)
    outcome = _run(work)
    try:
        send.send(outcome)
    except Exception as error:  # an exception that cannot be pickled: say what it was
        send.send(("error", RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}"), outcome[2]))
    send.close()
    os._exit(0)  # no clean-up of the parent's state (temporary folders) in the copy


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (prctl
    PR_SET_PDEATHSIG); elsewhere, nothing."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
