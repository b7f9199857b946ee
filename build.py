#!/usr/bin/env python3
"""Build Ofsted's children's social care statistics release.

Reads a release's record-level source data, validates it, computes every
figure, checks the figures against each other, and writes the bulletin as
a static web page (HTML) and a PDF.

Exit status: 0 built (or checked), 1 invalid data or a failed check,
2 wrong usage.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

FORMATS = ("html", "pdf")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python build.py",
        description="Build the release from its source data into HTML and PDF.",
        epilog="With no options, builds the newest release under data/ into dist/<release-id>/.",
    )
    parser.add_argument("--all", nargs="?", const=ROOT / "data", type=Path, metavar="DIR",
                        help="build every release folder under data/ (or DIR), in parallel, each into "
                             "dist/<release-id> (or, with --out DIR, DIR/<folder>)")
    parser.add_argument("--release", metavar="ID", help="release to build, a folder under data/ (e.g. 2016-09)")
    parser.add_argument("--data", metavar="DIR", type=Path, help="source-data folder anywhere on disk (instead of --release)")
    parser.add_argument("--out", metavar="DIR", type=Path, help="output folder (default dist/<release-id>)")
    parser.add_argument("--format", default="html,pdf", help="comma-separated outputs: html, pdf (default html,pdf)")
    parser.add_argument("--boundaries", metavar="FILE", type=Path,
                        help="GeoJSON of upper-tier LAs keyed by ONS code: also draw geographic maps")
    parser.add_argument("--cache", metavar="DIR", type=Path, default=ROOT / ".cache",
                        help="where drawn charts, maps and PDFs are kept for reuse (default .cache)")
    parser.add_argument("--no-cache", action="store_true", help="draw and lay out everything afresh")
    parser.add_argument("--check", action="store_true", help="validate the data only and print what was loaded")
    parser.add_argument("--try", dest="try_", nargs="+", metavar=("FILE:LINE", "KEY=V1,V2"),
                        help="print the paragraph at FILE:LINE of templates/sections/ for each value of the "
                             "figures given (e.g. --try la_sif.html:53 sif.oe.inadequate=0,1,27)")
    parser.add_argument("--sign-off", action="store_true",
                        help="archive the release's figures as published (data/<id>/published/figures.json, with "
                             "their SHA-256 digest and the code version), once; later releases read them from there")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument("--watch", action="store_true",
                        help="stay running and rebuild when a template or source file is saved (Ctrl+C stops)")
    parser.add_argument("--serve", action="store_true",
                        help="live preview: build the page, serve it on http://127.0.0.1:PORT/ and, after each "
                             "template, style or data edit, rebuild the HTML first (open pages reload "
                             "themselves), then the PDF in the background (Ctrl+C stops)")
    parser.add_argument("--port", type=int, default=8000, help="the port --serve listens on (default 8000; 0: any free one)")
    parser.add_argument("--allow-font-fallback", action="store_true",
                        help="build even if Liberation Sans is missing (warns; the PDF's layout will differ)")
    parser.add_argument("--review", action="store_true",
                        help="also write the reviewer's edition (review/index.html, review/review.pdf): every number "
                             "linked to a figures appendix, every chosen wording noted, QA, changes and sign-off pages")
    parser.add_argument("--timings", metavar="FILE", type=Path, help="write the time of each stage as JSON (for bench/)")
    args = parser.parse_args(argv)
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        parser.error(f"--format takes html and/or pdf, not {','.join(unknown) or 'nothing'}")
    args.formats = tuple(f for f in FORMATS if f in formats)
    if args.release and args.data:
        parser.error("give --release or --data, not both")
    if args.sign_off and (args.all or args.check or args.watch or not (args.release or args.data)):
        parser.error("--sign-off signs off one release: give --release ID (or --data DIR), without --all, "
                     "--check or --watch")
    if args.all:
        if args.release or args.data or args.check or args.watch or args.serve:
            parser.error("--all builds every release: give no --release, --data, --check, --watch or --serve with it")
        args.releases = _release_folders(args.all)
        if not args.releases:
            parser.error(f"--all: no release folder with a release.toml under {args.all}")
        args.data_dir = None
        return args
    if args.serve and (args.check or args.watch or args.review):
        parser.error("--serve previews the public page: give no --check, --watch or --review with it")
    args.data_dir = _data_dir(parser, args)
    if args.boundaries and not args.boundaries.is_file():
        parser.error(f"--boundaries: no file {args.boundaries}")
    return args


def _data_dir(parser, args) -> Path:
    if args.data:
        if not args.data.is_dir():
            parser.error(f"--data: no folder {args.data}")
        return args.data
    data = ROOT / "data"
    releases = sorted(p.name for p in data.iterdir() if (p / "release.toml").is_file())
    if args.release:
        if args.release not in releases:
            parser.error(f"--release: no release {args.release!r} under data/ (there are: {', '.join(releases)})")
        return data / args.release
    if not releases:
        parser.error("no release folder with a release.toml under data/")
    return data / releases[-1]


def _release_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / "release.toml").is_file()) if root.is_dir() else []


def main(argv=None, own_process: bool = False) -> int:
    """Run the command; ``own_process``: the process ends when it returns
    (``exit_now``), as when run from the command line, not from a test."""
    args = parse_args(argv)
    if own_process and not args.serve and not (args.watch and not args.check):
        # A build pauses the cycle collector while it runs (release/collector.py)
        # and switching it back on at the end costs a full collection of every
        # object the process holds (0.4 s), just before the process ends and
        # frees them all: a run that ends after one build never switches it on.
        import gc

        gc.disable()
    if args.all:
        return build_all(args)
    if args.try_:
        return try_cases(args)
    if args.serve:
        from release.review.preview import serve

        return serve(args, args.port)
    if args.watch and not args.check:
        return watch(args)
    return run(args)


def try_cases(args) -> int:
    from release.errors import ReleaseError, DataError
    from release.review import try_cases as trying

    try:
        print(trying.run(args.data_dir, args.try_[0], args.try_[1:]), end="")
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        print(f"error: {exc.summary()}", file=sys.stderr)
        return 1
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def run(args) -> int:
    if not args.check and not args.sign_off and not args.no_cache and unchanged(args):
        return 0
    from release.errors import ReleaseError, DataError
    from release import pipeline

    try:
        if args.sign_off:
            pipeline.sign_off(args.data_dir, quiet=args.quiet)
        elif args.check:
            pipeline.check(args.data_dir, quiet=args.quiet, timings=args.timings)
        else:
            pipeline.build(args.data_dir, out=args.out, formats=args.formats,
                           boundaries=args.boundaries, quiet=args.quiet, timings=args.timings,
                           cache_dir=None if args.no_cache else args.cache,
                           workers=getattr(args, "workers", None),
                           allow_font_fallback=args.allow_font_fallback, review=args.review)
    except DataError as exc:
        from release.errors import stale_periods_hint, write_problem_list

        print(exc.report(), file=sys.stderr)
        hint = stale_periods_hint(exc.problems)
        if hint:
            print(f"error: {hint}", file=sys.stderr)
        if len(exc.problems) > 50:
            path = write_problem_list(exc.problems, args.data_dir.name)
            print(f"error: all {len(exc.problems):,} problems are listed in {path}.", file=sys.stderr)
        print(f"error: {exc.summary()}", file=sys.stderr)
        return 1
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug, not bad data: show where, then say so plainly
        import traceback

        traceback.print_exc()
        print(f"error: the build failed unexpectedly ({type(exc).__name__}: {exc}); this is a fault in the "
              "build code, not in the data. Nothing was written; the previous output is untouched.",
              file=sys.stderr)
        return 1
    return 0


def build_all(args) -> int:
    """Build every release folder, as many at once as there are cores (a
    process pool). Each release's messages are printed together, under its
    name, when it ends; the exit status is 1 if any release failed."""
    import copy
    import json
    import os
    import time
    from concurrent.futures import ProcessPoolExecutor, as_completed

    start = time.perf_counter()
    cores = os.cpu_count() or 1
    clash = _shared_targets(args)
    if clash:
        print(f"error: {clash}", file=sys.stderr)
        return 2
    jobs = []
    for folder in args.releases:
        one = copy.copy(args)
        one.all, one.data_dir = None, folder
        one.out = args.out / folder.name if args.out else None
        one.timings = None  # one file cannot hold every release's stages
        # Releases in parallel draw their charts one at a time, so that
        # the cores are shared out, not oversubscribed.
        one.workers = 1 if len(args.releases) > 1 and cores > 1 else None
        jobs.append(one)
    failed = []

    def report(folder, status, messages):
        if messages.strip() and (status != 0 or not args.quiet):
            print(f"== {folder.name} ==\n{messages.rstrip()}", file=sys.stderr, flush=True)
        if status != 0:
            failed.append(folder.name)

    if len(jobs) > 1 and cores > 1:
        with ProcessPoolExecutor(max_workers=min(cores, len(jobs))) as pool:
            futures = {pool.submit(_run_captured, job): folder for job, folder in zip(jobs, args.releases)}
            for future in as_completed(futures):
                try:
                    status, messages = future.result()
                except Exception as exc:  # the worker process itself died (killed, out of memory)
                    status, messages = 1, f"error: the build process stopped ({type(exc).__name__}: {exc})"
                report(futures[future], status, messages)
    else:
        for job, folder in zip(jobs, args.releases):
            report(folder, *_run_captured(job))
    failed.sort()
    if args.timings:
        args.timings.write_text(json.dumps({"all": time.perf_counter() - start}) + "\n")
    if not args.quiet or failed:
        built = len(jobs) - len(failed)
        print(f"{built} of {len(jobs)} releases built" + (f"; failed: {', '.join(failed)}" if failed else ""),
              file=sys.stderr)
    return 1 if failed else 0


def _shared_targets(args) -> str | None:
    """Two release folders that would be written to the same output folder
    at the same time (a folder copied for the next release whose
    release.toml still has the old id): say which, before building any."""
    from release.inputs.config import load_release
    from release.errors import ReleaseError

    targets = {}
    for folder in args.releases:
        if args.out:
            target = args.out / folder.name
        else:
            try:
                target = ROOT / "dist" / load_release(folder).id
            except (ReleaseError, OSError):
                continue  # its own build reports the problem
        targets.setdefault(target, []).append(folder.name)
    for target, folders in targets.items():
        if len(folders) > 1:
            return (f"release folders {', '.join(folders)} would all be built into {target}: give each "
                    "its own id in release.toml (or build them with --out)")
    return None


def _run_captured(args) -> tuple[int, str]:
    """Build one release (in a worker process) and return its exit status
    and what it printed, so that releases' messages do not interleave."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stderr(out), contextlib.redirect_stdout(out):
        try:
            status = run(args)
        except BaseException as exc:  # report, never hang the pool
            import traceback

            traceback.print_exc()
            print(f"error: the build of {args.data_dir.name} stopped unexpectedly ({type(exc).__name__}: {exc})")
            status = 1
    return status, out.getvalue()


def unchanged(args) -> bool:
    """Nothing to do: the release folder was built from exactly these data,
    templates, code, options and libraries, and its files are as built
    (release/outputs/manifest.py). Imports no heavy library."""
    from release.outputs import manifest
    from release.progress import Progress

    progress = Progress(quiet=args.quiet, timings=args.timings)
    with progress.stage("verify"):
        target = manifest.up_to_date(args.data_dir, args.out, args.formats, args.boundaries, args.review)
    if target is None:
        return False
    progress.say(f"Unchanged since the last build: {target} verified against its {manifest.NAME}")
    progress.save()
    return True


def watch(args) -> int:
    """Rebuild whenever a file under templates/ or the data folder changes
    (told by the operating system through watchfiles, not by polling); the
    process stays warm, so a rebuild after a template edit costs only the
    stages that re-run. ``--serve`` also serves the page and reloads it."""
    import watchfiles

    folders = [ROOT / "templates", args.data_dir]

    def build() -> None:
        status = run(args)
        print("built" if status == 0 else "build failed", file=sys.stderr)

    try:
        build()
        # The watches are set when the first wait begins; that wait ends,
        # with nothing, after ``rust_timeout`` ms without an edit
        # (yield_on_timeout), and only then is "watching" said: an edit saved
        # after that line is always seen (as --serve does, review/preview.py).
        watching = False
        for changes in watchfiles.watch(*folders, debounce=800, step=30, rust_timeout=200, yield_on_timeout=True):
            if not watching:
                print(f"watching {', '.join(map(str, folders))}", file=sys.stderr)
                watching = True
            if not changes:
                continue
            print("change seen; rebuilding", file=sys.stderr)
            build()
    except KeyboardInterrupt:
        pass
    return 0


def exit_now(code: int) -> None:
    """Exit with ``code`` once everything is written, without Python's own
    teardown: after a build it spends half a second or more freeing every
    module's objects (pandas, matplotlib, WeasyPrint) one by one, with
    nothing left to write (every output is already closed and moved into
    place, and every process the build started has ended)."""
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


if __name__ == "__main__":
    exit_now(main(own_process=True))
