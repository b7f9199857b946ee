#!/usr/bin/env python3
"""Benchmark a real build of the 2016-09 release on this machine.

Runs each scenario several times in fresh processes and prints the median
wall time of the whole process and of each stage, and the peak memory.

    python3 bench/bench.py [--runs 5]
"""

import argparse
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


def run(args, timings: Path | None = None) -> tuple[float, dict]:
    cmd = [sys.executable, str(ROOT / "build.py"), *args, "--quiet"]
    if timings:
        cmd += ["--timings", str(timings)]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True)
    took = time.perf_counter() - start
    stages = json.loads(timings.read_text()) if timings and timings.exists() else {}
    return took, stages


def scenario(name: str, runs: int, prepare, args) -> dict:
    walls, stages = [], {}
    for _ in range(runs):
        prepare()
        t = Path(tempfile.mkstemp(suffix=".json")[1])
        wall, st = run(args, t)
        t.unlink()
        walls.append(wall)
        for k, v in st.items():
            stages.setdefault(k, []).append(v)
    return {"name": name, "wall": statistics.median(walls),
            "stages": {k: statistics.median(v) for k, v in stages.items()}}


def run_all(args, out, cold, nothing, edit_template) -> list[dict]:
    return [
        scenario("cold build, HTML and PDF", args.runs, cold, ["--out", str(out)]),
        scenario("rebuild, nothing changed", args.runs, nothing, ["--out", str(out)]),
        scenario("rebuild after editing a template, HTML and PDF", args.runs, edit_template, ["--out", str(out)]),
        scenario("rebuild after editing a template, HTML only", args.runs, edit_template, ["--out", str(out), "--format", "html"]),
        scenario("--check", args.runs, nothing, ["--check"]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    out = work / "2016-09"
    template = ROOT / "templates" / "sections" / "notes.html"

    def cold():
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(ROOT / ".cache", ignore_errors=True)

    def nothing():
        pass

    original = template.read_text()
    edits = iter(range(10**6))

    def edit_template():
        # A real edit: the page's text changes, so the PDF is laid out again.
        template.write_text(original.replace("</h2>", f"</h2><!-- edit {next(edits)} -->", 1))

    try:
        results = run_all(args, out, cold, nothing, edit_template)
    finally:
        template.write_text(original)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    shutil.rmtree(work, ignore_errors=True)

    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"medians of {args.runs} runs\n")
    print("| scenario | whole process (s) | stages (s) |")
    print("|---|---|---|")
    for r in results:
        stages = ", ".join(f"{k} {v:.2f}" for k, v in r["stages"].items())
        print(f"| {r['name']} | {r['wall']:.2f} | {stages} |")
    print(f"\nPeak memory of a build process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
