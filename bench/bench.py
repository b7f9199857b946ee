#!/usr/bin/env python3
"""Benchmark a real build of the release on this machine, as ratios.

Absolute times on a shared machine vary two- or threefold from one hour to
the next; ratios of times taken in the same run do not. So each round runs
every scenario once, in fresh processes, one after another, and the report
gives medians over the rounds and the ratios the targets are set in
(issue 28):

- cold build ÷ WeasyPrint alone laying out today's built page (the cold
  build's own ``index.html``, with its SVGs);
- template edit to refreshed HTML in the browser (``build.py --serve``: the
  edit saved until the served page has it) ÷ cold build;
- a rebuild with nothing changed ÷ a cold build;
- with ``--suite``, the whole test suite (the README's command, in a fresh
  clone of the committed project, so every build in it is cold, as in CI)
  ÷ cold build; it takes minutes, so it runs once, after the rounds.

``--issue-18`` adds issue 18's scenarios (the reference page of
``bench/reference/``, the PDF stage then and now, the reviewer's loop,
every release at once) and their ratios.

    python3 bench/bench.py [--runs 3] [--release ID] [--suite] [--issue-18] [--json FILE]
"""

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDF_STAGE = ROOT / "bench" / "pdf_stage.py"

#: The scenarios the ratios are taken between.
COLD, TODAY = "cold build (--no-cache)", "WeasyPrint alone laying out today's built page"
PREVIEW = "template edited, to the refreshed page of --serve"
NOTHING = "rebuild, nothing changed"
SUITE = "test suite (README's command, fresh clone)"
ALONE = "WeasyPrint alone laying out the reference page"
START, NOW = "PDF stage at the start, reference page", "PDF stage now, reference page"
#: ratio: (scenario and time over, scenario and time under, target)
RATIOS = {
    "cold build ÷ WeasyPrint alone on today's built page": ((COLD, "wall"), (TODAY, "wall"), 1.3),
    "template edit to refreshed HTML (--serve) ÷ cold build": ((PREVIEW, "wall"), (COLD, "wall"), 0.15),
    "no-change rebuild ÷ cold build": ((NOTHING, "wall"), (COLD, "wall"), 0.05),
}
#: Issue 18's ratios, with --issue-18.
ISSUE_18_RATIOS = {
    "cold build ÷ WeasyPrint alone on the reference page": ((COLD, "wall"), (ALONE, "wall"), 1.0),
    "PDF stage now ÷ PDF stage at the start, same page": ((NOW, "layout"), (START, "layout"), 0.5),
}
#: The suite's ratio (one run, with --suite).
SUITE_TARGET = 20


def timed(cmd: list[str], timings: Path | None = None) -> dict:
    """Run ``cmd``; its wall time, and the stage times it wrote or printed."""
    if timings:
        timings.unlink(missing_ok=True)
        cmd = [*cmd, "--timings", str(timings)]
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True)
    result = {"wall": time.perf_counter() - start}
    if timings and timings.exists():
        result.update(json.loads(timings.read_text()))
    elif done.stdout.strip().startswith("{"):
        result.update(json.loads(done.stdout))
    return result


def scenarios(args, work: Path, preview) -> dict:
    """name: (prepare, command or function to time, timings file or None)."""
    out = work / "release"
    cache = work / "cache"
    build = [sys.executable, str(ROOT / "build.py"), "--release", args.release, "--out", str(out),
             "--cache", str(cache), "--quiet"]
    stage = [sys.executable, str(PDF_STAGE)]
    edits = iter(range(10**6))

    def edit_template():
        # A real edit: the page's text changes, so the PDF is laid out again.
        TEMPLATE.write_text(ORIGINAL.replace("</h2>", f"</h2><!-- edit {next(edits)} -->", 1), encoding="utf-8")

    def nothing():
        pass

    timings = work / "timings.json"
    plan = {
        COLD: (nothing, [*build, "--no-cache"], timings),
        # The cold build's own page, with its SVGs, as anyone would lay it out.
        TODAY: (nothing, [*stage, "alone", str(work / "today.pdf"), str(out / "index.html")], None),
        NOTHING: (nothing, build, timings),
        PREVIEW: (nothing, preview.edit_and_wait, None),
        "template edited, HTML and PDF": (edit_template, build, timings),
        "template edited, HTML only": (edit_template, [*build, "--format", "html"], timings),
        "--check": (nothing, [sys.executable, str(ROOT / "build.py"), "--release", args.release, "--check",
                              "--quiet"], timings),
    }
    if args.issue_18:
        plan.update({
            ALONE: (nothing, [*stage, "alone", str(work / "alone.pdf")], None),
            START: (nothing, [*stage, "start", str(work / "start.pdf")], None),
            NOW: (nothing, [*stage, "now", str(work / "now.pdf")], None),
            # The reviewer's loop: change a sentence, read the reviewer's PDF.
            "template edited, with the reviewer's edition": (edit_template, [*build, "--review"], timings),
            "every release (--all), cold": (nothing, [sys.executable, str(ROOT / "build.py"), "--all", "--out",
                                                      str(work / "all"), "--no-cache", "--quiet"], None),
        })
    return plan


TEMPLATE = ROOT / "templates" / "sections" / "notes.html"
ORIGINAL = TEMPLATE.read_text(encoding="utf-8")


class Preview:
    """``build.py --serve`` (HTML only, so that no PDF is laid out behind
    the other scenarios), started once and kept warm as a person editing
    would, in a copy of the project (so that it does not see the other
    scenarios' edits, nor they its); ``edit_and_wait`` saves an edit to the
    copy's template and times until the served page has it (what the
    reloading browser then shows)."""

    def __init__(self, args, work: Path):
        import threading

        project = work / "preview-project"
        for name in ("release", "charts", "templates", "data"):
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        for name in ("build.py", "pyproject.toml"):
            shutil.copy2(ROOT / name, project / name)
        self.template = project / TEMPLATE.relative_to(ROOT)
        self.process = subprocess.Popen(
            [sys.executable, str(project / "build.py"), "--serve", "--port", "0", "--release", args.release,
             "--out", str(work / "preview"), "--cache", str(work / "preview-cache"), "--format", "html"],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True).start()
        self.url = self._wait(lambda: next((l.split()[1] for l in self.lines if l.startswith("Serving ")), None))
        self.edits = iter(range(10**6))

    def _wait(self, found, seconds: float = 600):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = found()
            if value:
                return value
            if self.process.poll() is not None:
                raise SystemExit("build.py --serve stopped:\n" + "".join(self.lines))
            time.sleep(0.01)
        raise SystemExit(f"build.py --serve: nothing after {seconds} s:\n" + "".join(self.lines))

    def page(self) -> str:
        import urllib.request

        with urllib.request.urlopen(self.url, timeout=60) as response:
            return response.read().decode("utf-8")

    def edit_and_wait(self) -> dict:
        mark = f"preview edit {next(self.edits)}"
        start = time.perf_counter()
        self.template.write_text(ORIGINAL.replace("</h2>", f"</h2><p>{mark}</p>", 1), encoding="utf-8")
        self._wait(lambda: mark in self.page())
        return {"wall": time.perf_counter() - start}

    def stop(self) -> None:
        import signal

        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def suite(work: Path) -> dict:
    """The README's test command, timed, in a fresh clone of the committed
    project (its shared builds and chart cache empty, as in CI)."""
    import re

    clone = work / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    if (ROOT / "node_modules").exists():  # npm's packages, as install.sh leaves them
        (clone / "node_modules").symlink_to((ROOT / "node_modules").resolve())
    command = readme_test_command()
    start = time.perf_counter()
    done = subprocess.run(command, cwd=clone, capture_output=True, text=True)
    wall = time.perf_counter() - start
    summary = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    passed = re.search(r"(\d+) passed", summary)
    return {"wall": wall, "passed": int(passed.group(1)) if passed else 0, "status": done.returncode,
            "summary": summary, "command": " ".join(command)}


def readme_test_command() -> list[str]:
    """The README's test command (``./install.sh && python3 -m pytest ...``
    at its top), without install.sh."""
    line = next(l for l in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
                if l.startswith("./install.sh &&") and "pytest" in l)
    command = line.split("&&", 1)[1].split("#", 1)[0].split()
    return [sys.executable if word == "python3" else word for word in command]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds of every scenario (default 3)")
    parser.add_argument("--release", default="2016-09", help="release to build (default 2016-09)")
    parser.add_argument("--suite", action="store_true",
                        help="also time the whole test suite once, in a fresh clone (minutes)")
    parser.add_argument("--issue-18", action="store_true", help="also issue 18's scenarios and ratios")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    preview = None
    try:
        preview = Preview(args, work)
        plan = scenarios(args, work, preview)
        results: dict[str, list[dict]] = {name: [] for name in plan}
        for _ in range(args.runs):
            # Every scenario once per round, in this order, so that each
            # ratio compares times taken minutes apart, not hours.
            for name, (prepare, cmd, timings) in plan.items():
                prepare()
                results[name].append(cmd() if callable(cmd) else timed(cmd, timings))
        if args.suite:
            results[SUITE] = [suite(work)]
    finally:
        if preview:
            preview.stop()
        TEMPLATE.write_text(ORIGINAL, encoding="utf-8")
        shutil.rmtree(work, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    report(args, results, peak)


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs if key in r)


def report(args, results, peak) -> None:
    cpu = _cpu_name()
    print(f"Machine: {cpu}, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f} at the end; {dt.date.today():%d %B %Y}; "
          f"medians of {args.runs} rounds\n")
    print("| scenario | whole process (s) | stages (s) |")
    print("|---|---|---|")
    for name, runs in results.items():
        if name == SUITE:
            continue
        keys = [k for k in runs[0] if k != "wall"]
        stages = ", ".join(f"{k} {median(runs, k):.2f}" for k in keys)
        print(f"| {name} | {median(runs, 'wall'):.2f} | {stages} |")
    print("\n| ratio, same run | ratio of medians | each round | target |")
    print("|---|---|---|---|")
    ratios = {}
    wanted = {**RATIOS, **(ISSUE_18_RATIOS if args.issue_18 else {})}
    for name, ((a, ka), (b, kb), target) in wanted.items():
        value = median(results[a], ka) / median(results[b], kb)
        ratios[name] = value
        # The same ratio within each round: how much the machine moved it.
        rounds = sorted(x[ka] / y[kb] for x, y in zip(results[a], results[b]))
        print(f"| {name} | {value:.2f} | {rounds[0]:.2f} to {rounds[-1]:.2f} | "
              f"≤ {target} {'✓' if value <= target else '✗'} |")
    if args.issue_18 and all("layout cpu" in r for r in results[NOW] + results[START]):
        cpu = median(results[NOW], "layout cpu") / median(results[START], "layout cpu")
        ratios["PDF stage now ÷ at the start, CPU time"] = cpu
        print(f"\nPDF stage now ÷ PDF stage at the start, in the layout process's CPU time (steadier on a "
              f"busy machine): {cpu:.2f}")
    if args.issue_18 and any("pdf drawings" in r for r in results[NOW]):
        # What the charts stage now does for the PDF beyond the SVGs (the 23
        # PDF drawings, one after another), counted as part of the stage.
        counted = statistics.median(r["layout"] + r["pdf drawings"] for r in results[NOW])
        ratios["PDF stage now with its drawings ÷ at the start"] = counted / median(results[START], "layout")
        print(f"\nPDF stage now, counting the charts' PDF drawings (drawn one after another), ÷ PDF stage at "
              f"the start: {ratios['PDF stage now with its drawings ÷ at the start']:.2f}")
    if SUITE in results:
        run = results[SUITE][0]
        value = run["wall"] / median(results[COLD], "wall")
        ratios["test suite ÷ cold build"] = value
        print(f"| test suite (`{run['command']}`, fresh clone, once) ÷ cold build | {value:.1f} | "
              f"{run['wall']:.0f} s: {run['summary']} | ≤ {SUITE_TARGET} {'✓' if value <= SUITE_TARGET else '✗'} |")
    if args.issue_18:
        releases = sum(1 for p in (ROOT / "data").iterdir() if (p / "release.toml").is_file())
        series = median(results["every release (--all), cold"], "wall") / (releases * median(results[COLD], "wall"))
        ratios["--all ÷ (releases × one cold build)"] = series
        print(f"\nEvery release at once (--all, {releases} release folders) ÷ {releases} × one cold build: "
              f"{series:.2f} (below 1 when releases are built side by side)")
    print(f"\nPeak memory of a process: {peak:.0f} MB (target < 1024 MB)")
    if args.json:
        args.json.write_text(json.dumps({"results": results, "ratios": ratios, "peak_mb": peak}, indent=1))


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
