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
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument("--watch", action="store_true",
                        help="stay running and rebuild when a template or source file is saved (Ctrl+C stops)")
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


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.watch and not args.check:
        return watch(args)
    return run(args)


def run(args) -> int:
    from release.errors import ReleaseError, DataError
    from release import pipeline

    try:
        if args.check:
            pipeline.check(args.data_dir, quiet=args.quiet, timings=args.timings)
        else:
            pipeline.build(args.data_dir, out=args.out, formats=args.formats,
                           boundaries=args.boundaries, quiet=args.quiet, timings=args.timings,
                           cache_dir=None if args.no_cache else args.cache, review=args.review)
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


def watch(args, interval: float = 0.5) -> int:
    """Rebuild whenever a file under templates/ or the data folder changes.

    Polls modification times (no extra dependency); the process stays warm,
    so a rebuild after a template edit costs only the stages that re-run."""
    import time

    folders = [ROOT / "templates", args.data_dir]

    def stamp():
        return sorted((str(p), p.stat().st_mtime_ns) for f in folders for p in f.rglob("*") if p.is_file())

    last = None
    try:
        while True:
            now = stamp()
            if now != last:
                if last is not None:
                    print("change seen; rebuilding", file=sys.stderr)
                status = run(args)
                print(f"{'built' if status == 0 else 'build failed'}; watching {', '.join(map(str, folders))}",
                      file=sys.stderr)
                last = now
            time.sleep(interval)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
