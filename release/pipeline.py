"""The build, stage by stage: load, validate, figures, QA, charts, maps,
HTML, PDF. Heavy libraries (matplotlib, WeasyPrint) are imported only by the
stages that need them, so ``--check`` answers quickly."""

import sys
import time
from pathlib import Path

from .cache import DEFAULT as DEFAULT_CACHE, Cache
from .collector import without_cycle_collection
from .inputs.config import load_release
from .inputs.load import read_sources
from .progress import Progress
from .inputs.validate import validate
from .periods import day as _day

ROOT = Path(__file__).resolve().parent.parent


def load_and_validate(data_dir: Path, progress: Progress):
    with progress.stage("load"):
        rel = load_release(data_dir)
        raw, problems = read_sources(data_dir)
    with progress.stage("validate"):
        tables = validate(raw, rel, problems)
    for warning in raw.warnings:
        progress.say(f"warning: {warning}")
    return rel, raw, tables


def check(data_dir: Path, quiet: bool = False, timings: Path | None = None) -> None:
    """Validate only, and say what was loaded."""
    stages = Progress(quiet=quiet, timings=timings)
    rel, raw, tables = load_and_validate(data_dir, stages)
    stages.save()
    progress = Progress(quiet=quiet, stream=sys.stdout)
    progress.say(f"Release {rel.id}: {rel.title}{' (sample data)' if rel.sample_data else ''}")
    progress.say(f"  SIF inspections from {rel.sif_framework_start:%B %Y} to {_day(rel.sif_inspected_to)}, "
                 f"published by {_day(rel.sif_published_by)}")
    progress.say(f"  Children's homes inspections {_day(rel.period_start)} to {_day(rel.period_end)}, "
                 f"published by {_day(rel.period_published_by)}")
    for name, rows in raw.rows().items():
        progress.say(f"  {name:<26} {rows:>6,} rows")
    from .words.commentary import unchanged_from_previous
    for slot in unchanged_from_previous(rel):
        progress.say(f"warning: [commentary] {slot} is word for word the previous release's "
                     f"({rel.previous.id}): release-only text is usually stale by the next release")
    # Whether each release-only note is shown depends on the figures (the
    # LAs a sentence names), so they are computed here too: a note dropped
    # must be said before the build, not found by reading the code.
    from . import figures, series
    from .words.commentary import account
    figs = figures.compute(tables, rel, series.load_previous(rel))
    for note in account(rel, figs.ledger, la_names(tables)):
        progress.say(f"  {note.line()}")
    progress.say("Data valid.")


def la_names(tables) -> list[str]:
    """Every LA name in the release's data (for "did you mean")."""
    return sorted(tables.local_authorities["la_name"].astype(str))


def _say_notes_not_shown(rel, figs, tables, progress) -> list:
    from .words.commentary import account
    notes = account(rel, figs.ledger, la_names(tables))
    for note in notes:
        if not note.shown:
            progress.say(f"warning: {note.line()}")
    return notes



def sign_off(data_dir: Path, quiet: bool = False) -> Path:
    """Archive what the release publishes (its ledger, with a digest and the
    code's version) in ``<data>/published/figures.json``, once. The release
    before it must be signed off first, so that the restated figures are
    checked against what it published; the QA checks must pass."""
    from . import figures, series
    from .review import qa
    from .errors import ReleaseError

    progress = Progress(quiet=quiet)
    rel, _, tables = load_and_validate(data_dir, progress)
    if rel.previous.id is not None and series.read_archive(rel.folder.parent / rel.previous.id) is None:
        raise ReleaseError(f"release {rel.id} reads release {rel.previous.id}, which is not signed off: sign it "
                           f"off first (python3 build.py --release {rel.previous.id} --sign-off)")
    with progress.stage("figures"):
        figs = figures.compute(tables, rel, series.load_previous(rel))
    report = qa.run(figs)
    if not report.passed:
        raise qa.QAError(report)
    path = series.sign_off(rel, figs)
    progress.say(f"Signed off {rel.id}: {len(figs.ledger.figures):,} figures archived in {path}")
    return path


def _beside_the_pdf(rel, figs, previous, visuals, tables, work: Path, cache: Cache,
                    series: bool = True) -> tuple[list, list]:
    """Write what goes beside the bulletin (with ``series``, the revised
    figures' download and the page of changes since the previous release),
    draw the charts and maps for a phone, write the spreadsheets and open
    data; and say what the cache found and did not find for them (in a
    forked copy of the build, its lists are the copy's)."""
    from .outputs import publication, render

    hits, misses = len(cache.hits), len(cache.misses)
    if series:
        render.write_series_outputs(rel, figs, previous, visuals, work, cache)
    render.draw_phone_visuals(figs, work, cache, workers=1)
    publication.write(rel, figs, tables, work, cache)
    return cache.hits[hits:], cache.misses[misses:]


def _review_edition(rel, figs, previous, visuals, report, work: Path, formats, cache: Cache) -> tuple[list, list]:
    """Write the page of changes since the previous release (which the
    reviewer's edition includes), then the reviewer's edition; and say what
    the cache found and did not find for it."""
    from .outputs import render
    from .review import edition as review

    hits, misses = len(cache.hits), len(cache.misses)
    render.write_series_outputs(rel, figs, previous, visuals, work, cache)
    review.write(rel, figs, visuals, report, work, formats, cache)
    return cache.hits[hits:], cache.misses[misses:]


def build(data_dir: Path, out: Path | None = None, formats=("html", "pdf"), boundaries: Path | None = None,
          quiet: bool = False, timings: Path | None = None, cache_dir: Path | None = DEFAULT_CACHE,
          workers: int | None = None, allow_font_fallback: bool = False, review: bool = False,
          kept: dict | None = None):
    """Build the release into ``out`` (default dist/<release-id>), drawing
    with ``workers`` processes (default one per core). Returns the output
    folder and the cache, which says what was redrawn. ``review``: also
    write the reviewer's edition into ``review/`` (the public outputs are
    the same either way). ``kept``: a dict the caller keeps between builds
    of one release in one process (the live preview); while the data are
    unchanged, the tables and figures computed from them are taken from it
    instead of being computed again (the code cannot have changed in the
    process, and the templates do not change a figure)."""
    with without_cycle_collection():
        return _build(data_dir, out, formats, boundaries, quiet, timings, cache_dir, workers,
                      allow_font_fallback, review, kept)


def _computed(data_dir, progress, kept: dict | None):
    """The release, its tables, the previous release and the figures, with
    the QA report and the notes' account: computed, or taken from ``kept``
    when the data are byte for byte those they were computed from."""
    from . import figures, series
    from .outputs import manifest
    from .review import qa

    digest = manifest.data_digest(data_dir) if kept is not None else None
    if kept is not None and kept.get("data") == digest:
        progress.say("Data unchanged: figures kept from the last build")
        return kept["computed"]
    rel, raw, tables = load_and_validate(data_dir, progress)
    with progress.stage("figures"):
        previous = series.load_previous(rel)
        figs = figures.compute(tables, rel, previous)
    with progress.stage("QA"):
        report = qa.run(figs)
    if raw.warnings:
        # Said on the terminal too, but a --quiet build says nothing there:
        # the reviewers read what the build changed or ignored here.
        report.sections.append(("Warnings about the data (what was read differently from the files, or ignored)",
                                list(raw.warnings)))
    computed = rel, tables, previous, figs, report
    if kept is not None:
        kept.update(data=digest, computed=computed)
    return computed


def _import_the_pdf_libraries() -> None:
    import pikepdf  # noqa: F401
    import weasyprint  # noqa: F401


def _build(data_dir, out, formats, boundaries, quiet, timings, cache_dir, workers, allow_font_fallback, review,
           kept=None):
    from . import figures, series
    from .outputs import fonts, manifest, render
    from .review import qa
    from .outputs.output import staged_folder

    fonts.check(allow_font_fallback, warn=lambda text: print(text, file=sys.stderr))
    # What the build reads, taken before it reads it: an input edited
    # during the build makes the next build a full one.
    inputs = manifest.inputs_digest(data_dir, manifest.options(formats, boundaries, review))
    cache = Cache(cache_dir)
    progress = Progress(quiet=quiet, timings=timings)
    rel, tables, previous, figs, report = _computed(data_dir, progress, kept)
    progress.say(report.summary())
    notes = _say_notes_not_shown(rel, figs, tables, progress)
    target = out or ROOT / "dist" / rel.id
    with staged_folder(target) as work:
        qa.write_report(report, work)
        from .outputs import reconciliation
        reconciliation.write(rel, figs.ledger, work)
        from .review import edition as reviewer
        reviewer.append_to_qa_report(rel, figs.ledger, work)
        from .words.commentary import report as notes_report
        with open(work / "qa-report.txt", "a", encoding="utf-8") as qa_file:
            qa_file.write(notes_report(notes))
        if not report.passed:
            raise qa.QAError(report)
        # The page needs what the charts say (alt text, data tables), not
        # their drawings: it is written while the workers draw, as are
        # WeasyPrint and pikepdf imported (half a second), rather than after,
        # when the PDF waits for both.
        written = {}

        def while_the_charts_draw(visuals):
            start = time.perf_counter()
            written["page"] = render.write_html(rel, figs, visuals, work, cache)
            written["took"] = time.perf_counter() - start
            if "pdf" in formats:
                _import_the_pdf_libraries()

        with progress.stage("charts"):
            visuals = render.draw_visuals(figs, work, boundaries, cache, workers, meanwhile=while_the_charts_draw,
                                          for_print="pdf" in formats)
        progress.done("HTML", written["took"], "while the charts drew")
        page = written["page"]
        # The changes page, the phone drawings, the spreadsheets and the
        # open data are made on the other core while WeasyPrint lays out
        # the PDF on this one (beside.py); so is the reviewer's edition, in
        # a copy of its own, which writes the changes page it includes.
        from .beside import Beside
        names = ["changes, phone drawings, tables and open data", "review edition"]
        beside = []
        try:
            beside.append(Beside(lambda: _beside_the_pdf(rel, figs, previous, visuals, tables, work, cache,
                                                         series=not review), workers))
            if review:
                beside.append(Beside(lambda: _review_edition(rel, figs, previous, visuals, report, work, formats,
                                                             cache), workers))
            if "pdf" in formats:
                with progress.stage("PDF"):
                    from .outputs import pdf
                    pdf.write_pdf(rel, page, work, cache, drawings=render.print_drawings(visuals))
            for name, work_beside in zip(names, beside):
                with progress.stage(f"{name} (after the PDF)"):
                    (hits, misses), took = work_beside.result()
                cache.hits += hits
                cache.misses += misses
                progress.times[f"{name} (beside the PDF)"] = took
        finally:
            for work_beside in beside:
                work_beside.stop()
        if "html" not in formats:
            render.remove_html(work)
            if review:
                reviewer.remove_html(work)
        manifest.write(work, inputs)
    from .outputs import series_page
    series_page.write(target.parent)
    progress.say(f"Built {rel.id} in {target}")
    progress.save()
    return target, cache
