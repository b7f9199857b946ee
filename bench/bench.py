#!/usr/bin/env python3
"""Benchmark a real build of the release on this machine, as ratios.

Absolute times on a shared machine vary two- or threefold from one hour to
the next; ratios of times taken in the same run do not. So each round runs
every scenario once, in fresh processes, one after another, and the report
gives medians over the rounds and the ratios the targets are set in:

- cold build ÷ WeasyPrint alone laying out the reference page
  (``bench/reference/``: the bulletin as built at the start of issue 18);
- the PDF stage now ÷ the PDF stage at the start of issue 18, on that page;
- a rebuild with nothing changed ÷ a cold build;

and, for the release series, every release built at once (``--all``) ÷
as many cold builds of one.

    python3 bench/bench.py [--runs 3] [--release ID] [--json FILE]
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
COLD, ALONE = "cold build (--no-cache)", "WeasyPrint alone laying out the reference page"
START, NOW = "PDF stage at the start, reference page", "PDF stage now, reference page"
NOTHING = "rebuild, nothing changed"
#: ratio: (scenario and time over, scenario and time under, target)
RATIOS = {
    "cold build ÷ WeasyPrint alone on the reference page": ((COLD, "wall"), (ALONE, "wall"), 1.0),
    "PDF stage now ÷ PDF stage at the start, same page": ((NOW, "layout"), (START, "layout"), 0.5),
    "no-change rebuild ÷ cold build": ((NOTHING, "wall"), (COLD, "wall"), 0.05),
}


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


def scenarios(args, work: Path) -> dict:
    """name: (prepare, command, timings file or None)."""
    out = work / "release"
    cache = work / "cache"
    build = [sys.executable, str(ROOT / "build.py"), "--release", args.release, "--out", str(out),
             "--cache", str(cache), "--quiet"]
    stage = [sys.executable, str(PDF_STAGE)]
    template = ROOT / "templates" / "sections" / "notes.html"
    original = template.read_text(encoding="utf-8")
    edits = iter(range(10**6))

    def edit_template():
        # A real edit: the page's text changes, so the PDF is laid out again.
        template.write_text(original.replace("</h2>", f"</h2><!-- edit {next(edits)} -->", 1), encoding="utf-8")

    def nothing():
        pass

    timings = work / "timings.json"
    return {
        COLD: (nothing, [*build, "--no-cache"], timings),
        ALONE: (nothing, [*stage, "alone", str(work / "alone.pdf")], None),
        START: (nothing, [*stage, "start", str(work / "start.pdf")], None),
        NOW: (nothing, [*stage, "now", str(work / "now.pdf")], None),
        NOTHING: (nothing, build, timings),
        "template edited, HTML and PDF": (edit_template, build, timings),
        "template edited, HTML only": (edit_template, [*build, "--format", "html"], timings),
        # The reviewer's loop: change a sentence, read the reviewer's PDF.
        "template edited, with the reviewer's edition": (edit_template, [*build, "--review"], timings),
        "--check": (nothing, [sys.executable, str(ROOT / "build.py"), "--release", args.release, "--check",
                              "--quiet"], timings),
        "every release (--all), cold": (nothing, [sys.executable, str(ROOT / "build.py"), "--all", "--out",
                                                  str(work / "all"), "--no-cache", "--quiet"], None),
    }, (lambda: template.write_text(original, encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds of every scenario (default 3)")
    parser.add_argument("--release", default="2016-09", help="release to build (default 2016-09)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    plan, restore = scenarios(args, work)
    results: dict[str, list[dict]] = {name: [] for name in plan}
    try:
        for _ in range(args.runs):
            # Every scenario once per round, in this order, so that each
            # ratio compares times taken minutes apart, not hours.
            for name, (prepare, cmd, timings) in plan.items():
                prepare()
                results[name].append(timed(cmd, timings))
    finally:
        restore()
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
        keys = [k for k in runs[0] if k != "wall"]
        stages = ", ".join(f"{k} {median(runs, k):.2f}" for k in keys)
        print(f"| {name} | {median(runs, 'wall'):.2f} | {stages} |")
    print("\n| ratio, same run | ratio of medians | each round | target |")
    print("|---|---|---|---|")
    ratios = {}
    for name, ((a, ka), (b, kb), target) in RATIOS.items():
        value = median(results[a], ka) / median(results[b], kb)
        ratios[name] = value
        # The same ratio within each round: how much the machine moved it.
        rounds = sorted(x[ka] / y[kb] for x, y in zip(results[a], results[b]))
        print(f"| {name} | {value:.2f} | {rounds[0]:.2f} to {rounds[-1]:.2f} | "
              f"≤ {target} {'✓' if value <= target else '✗'} |")
    if all("layout cpu" in r for r in results[NOW] + results[START]):
        cpu = median(results[NOW], "layout cpu") / median(results[START], "layout cpu")
        ratios["PDF stage now ÷ at the start, CPU time"] = cpu
        print(f"\nPDF stage now ÷ PDF stage at the start, in the layout process's CPU time (steadier on a "
              f"busy machine): {cpu:.2f}")
    if any("pdf drawings" in r for r in results[NOW]):
        # What the charts stage now does for the PDF beyond the SVGs (the 23
        # PDF drawings, one after another), counted as part of the stage.
        counted = statistics.median(r["layout"] + r["pdf drawings"] for r in results[NOW])
        ratios["PDF stage now with its drawings ÷ at the start"] = counted / median(results[START], "layout")
        print(f"\nPDF stage now, counting the charts' PDF drawings (drawn one after another), ÷ PDF stage at "
              f"the start: {ratios['PDF stage now with its drawings ÷ at the start']:.2f}")
    releases = sum(1 for p in (ROOT / "data").iterdir() if (p / "release.toml").is_file())
    series = median(results["every release (--all), cold"], "wall") / (releases * median(results[COLD], "wall"))
    ratios["--all ÷ (releases × one cold build)"] = series
    print(f"\nEvery release at once (--all, {releases} release folders) ÷ {releases} × one cold build: {series:.2f} "
          "(below 1 when releases are built side by side)")
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
