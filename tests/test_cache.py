"""Rebuilds redo only what changed, and a cached build equals a clean one."""

import os
import shutil

import pandas as pd

from release import pipeline
from release.cache import DEFAULT, Cache


def build(data, out, cache, kept):
    """Build and say what the cache found and did not. ``kept``: the
    figures, kept between builds while the data are unchanged (as the live
    preview keeps them; test_kept_figures.py checks that a build from kept
    figures is a fresh one): the charts, maps, tables and PDF, which are
    what this cache holds, are made by every build all the same."""
    _, used = pipeline.build(data, out=out, formats=("html", "pdf"), quiet=True, cache_dir=cache, kept=kept)
    return used


def files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Seeded(Cache):
    """The test's cache, which takes an artefact it lacks from the project's
    (.cache, keyed on content) when that has it, and keeps a copy: used by
    the test's first build only, after the shared build ``built`` has drawn
    and laid out 2016-09 into the project's cache (in a process of its
    own). So the test's cache holds exactly the artefacts of the unchanged
    data, as a cold build would have left it, without drawing them again;
    whatever else the project's cache holds (other tests' builds, some of
    the very data this test changes to) stays out of it."""

    def _take(self, kind: str, file: str) -> None:
        source, kept = DEFAULT / kind / file, self.folder / kind / file
        if source.is_file() and not kept.is_file():
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, kept)

    def get(self, kind, name, key):
        self._take(kind, f"{key}.json")
        return super().get(kind, name, key)

    def get_bytes(self, kind, name, key):
        self._take(kind, key)
        return super().get_bytes(kind, name, key)


def test_one_changed_judgement_redraws_exactly_what_shows_it(built, data_copy, tmp_path, monkeypatch):
    cache, kept = tmp_path / "cache", {}
    # ``built`` has drawn and laid out these data into the project's cache.
    with monkeypatch.context() as seeding:
        seeding.setattr(pipeline, "Cache", Seeded)
        first = build(data_copy, tmp_path / "a", cache, kept)
    assert first.hits and first.misses == [], (
        "what another process (the shared build) drew for the same data is found, under the same keys "
        "(if .cache was emptied while $TEST_BUILDS kept its build, delete $TEST_BUILDS too)")

    again = build(data_copy, tmp_path / "a", cache, kept)
    assert again.misses == [], "nothing changed, so nothing is redrawn"

    # One LA inspected since the last report changes from good to requires improvement.
    sif = pd.read_csv(data_copy / "sif_inspections.csv", dtype=str, keep_default_na=False)
    row = sif[(sif["publication_date"] > "2016-03-31") & (sif["overall_effectiveness"] == "Good")
              & (sif["lscb_overall_effectiveness"] != "")].index[0]
    sif.loc[row, "overall_effectiveness"] = "Requires improvement to be good"
    sif.to_csv(data_copy / "sif_inspections.csv", index=False, lineterminator="\n")

    changed = build(data_copy, tmp_path / "a", cache, kept)
    assert sorted(changed.misses) == sorted([
        "sif_oe", "sif_key_judgements", "sif_oe_by_region", "cin_by_sif_oe_by_region", "la_sif_oe", "release.pdf",
        # the same four charts and the map drawn for a phone
        "sif_oe (phone)", "sif_key_judgements (phone)", "sif_oe_by_region (phone)",
        "cin_by_sif_oe_by_region (phone)", "la_sif_oe (phone)",
        "publication",  # the spreadsheets and open data files, which hold every LA's judgement
    ])

    clean = build(data_copy, tmp_path / "b", None, kept)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    share(cache)


def share(cache):
    """Copy into the project's cache the drawings, tables and PDF the test's
    cache holds and it lacks (each kept under a key of its content, as
    ``Cache.put`` keeps it, so sharing changes no output): those of the
    changed data, which test_kept_figures' and test_manifest's builds of the
    same change (the first good judgement since the last report) then find
    instead of drawing them again. Done after the test's own builds, none
    of which reads the project's cache for the changed data."""
    project = Cache(DEFAULT)
    for kind in ("visuals", "publication", "pdf"):
        for path in sorted((cache / kind).glob("*")):
            if path.is_file() and not path.name.startswith(".") and not (DEFAULT / kind / path.name).exists():
                project.put_bytes(kind, path.name, path.read_bytes())


def test_a_drawing_without_its_pdf_copy_serves_only_builds_without_a_pdf(figs, tmp_path, monkeypatch):
    """A build with no PDF draws each chart's and hex map's page drawing
    without its PDF copy, and keeps it under a key of its own: a later
    build with a PDF draws it again, whole; a drawing with its copy serves
    a build without a PDF too (the SVG is the same)."""
    from dataclasses import replace

    from release.outputs import render

    drew = []

    def draw(job):  # a stand-in for the drawing, which says what it was asked for
        drew.append((job.name, job.for_print))
        return {"svg": job.key, **({"pdf": b"copy"} if job.for_print else {})}

    monkeypatch.setattr(render, "_picture", draw)
    monkeypatch.setattr(render, "_description", lambda job: {})
    page = render.chart_jobs(figs)[:2] + render.map_jobs(figs, None)[:1]
    no_pdf = [replace(job, for_print=False) for job in page]
    names = [job.name for job in page]

    cache = Cache(tmp_path / "first without a PDF")
    assert all("pdf" not in out for out in render.draw_all(no_pdf, cache, workers=1).values())
    assert drew == [(name, False) for name in names]
    drew.clear()
    assert all(out["pdf"] == "Y29weQ==" for out in render.draw_all(page, cache, workers=1).values())  # b"copy"
    assert drew == [(name, True) for name in names], "a drawing without its PDF copy does not serve a PDF"
    drew.clear()
    render.draw_all(no_pdf, cache, workers=1)
    assert drew == [] and cache.misses == names + names and cache.hits == names

    cache = Cache(tmp_path / "first with a PDF")
    render.draw_all(page, cache, workers=1)
    drew.clear()
    found = render.draw_all(no_pdf, cache, workers=1)
    assert drew == [] and cache.hits == names, "a drawing with its PDF copy serves a build without a PDF"
    assert all(out["pdf"] == "Y29weQ==" for out in found.values())


def test_another_version_of_the_font_draws_and_lays_out_again(figs, tmp_path, monkeypatch):
    """A chart's PDF copy and the PDF embed the font's glyphs: with another
    version of the font installed (fontconfig's list of its files,
    ``fonts.installed``), the cache serves neither what the other drew nor
    what it laid out."""
    from release.outputs import fonts, render
    from release.outputs.pdf import _key

    monkeypatch.setattr(render, "_picture", lambda job: {"svg": job.key, "pdf": b"copy"})
    monkeypatch.setattr(render, "_description", lambda job: {})
    jobs = render.chart_jobs(figs)[:1]
    (tmp_path / "print.css").write_text("p { color: black }", encoding="utf-8")
    page = '<html><head><link rel="stylesheet" href="print.css"></head><body><p>A page</p></body></html>'
    cache = Cache(tmp_path / "cache")
    render.draw_all(jobs, cache, workers=1)
    render.draw_all(jobs, cache, workers=1)
    laid_out = _key(page, tmp_path)
    assert fonts.installed(), "fontconfig lists the font's files here"
    assert cache.hits == [jobs[0].name], "the same fonts: the drawing is found"

    monkeypatch.setattr(fonts, "installed", lambda: ("/usr/share/fonts/LiberationSans-Regular.ttf: :style=Regular:"
                                                     "fontversion=65536",))
    render.draw_all(jobs, cache, workers=1)
    assert cache.misses == [jobs[0].name] * 2, "another version: drawn again"
    assert _key(page, tmp_path) != laid_out, "another version: laid out again"


def test_a_chart_has_the_same_cache_key_in_every_process():
    """Python orders a set differently from one process to the next (string
    hashes are randomised); a chart's key must not change with it, or an
    unchanged chart is drawn again in about half the builds; nor must the
    categories a claim reads (its ``focus``). The keys are worked out in
    this process and in another whose hash seed orders {'Good',
    'Outstanding'} the other way (of seeds 1 and 2, which order it
    differently, the one that differs from this process), side by side: one
    process of its own rather than two saves a Python's start-up and
    imports."""
    import contextlib
    import io
    import os
    import subprocess
    import sys

    from tests.conftest import DATA, ROOT

    script = (
        # First, how this process orders the two grades (which must differ).
        "print(list({'Good', 'Outstanding'}))\n"
        "from release import figures, series\n"
        "from release.outputs import render\n"
        "from release.pipeline import load_and_validate\n"
        "from release.progress import Progress\n"
        f"rel, _, tables = load_and_validate(__import__('pathlib').Path({str(DATA)!r}), Progress(quiet=True))\n"
        "figs = figures.compute(tables, rel, series.load_previous(rel))\n"
        "print([job.cache_key('code') for job in render.chart_jobs(figs) + render.map_jobs(figs, None)])\n"
        # A claim's categories too, which QA reads and the reviewer's edition shows.
        "print([(claim.chart, claim.focus) for claim in figs.claims])\n"
    )
    seed = "2" if list({"Good", "Outstanding"}) == ["Outstanding", "Good"] else "1"
    other = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)})
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(script, {})
    out, err = other.communicate(timeout=600)
    assert other.returncode == 0, err
    here, there = printed.getvalue().splitlines(), out.splitlines()
    assert here[0] != there[0], "the two processes order the grades the same way"
    assert here[1:] == there[1:]


def test_a_pdfs_cache_key_reads_what_its_page_loads_not_what_is_written_beside_it(built, tmp_path):
    """While WeasyPrint lays out the PDF, the processes beside it write the
    phone drawings and the reviewer's styles into the same folder. The
    PDF's key must not change with them (or the PDF is laid out again in
    some builds and not others), and must change with every style and
    image the page does load. The reviewer's page is made from the public
    one as the edition makes it (``edition.assemble``: the public files one
    folder up, its own styles beside it), so the test needs no ``--review``
    build."""
    from release.outputs.pdf import _key
    from release.outputs.render import TEMPLATES, for_print
    from release.review import edition

    folder = tmp_path / "release"
    shutil.copytree(built, folder, ignore=shutil.ignore_patterns("*.pdf", "*.xlsx", "*.ods", "data", "downloads"))
    page = (folder / "index.html").read_text(encoding="utf-8")
    (folder / "review").mkdir()
    shutil.copyfile(TEMPLATES / "review" / "review.css", folder / "review" / "review.css")
    public, review = for_print(page), for_print(edition.assemble(page, "", ""))
    assert 'href="review.css"' in review and 'src="../charts/sif_oe.svg"' in review
    keys = lambda: (_key(public, folder), _key(review, folder / "review"))  # noqa: E731
    before = keys()

    narrow = sorted((folder / "charts").glob("*-narrow.svg"))
    assert narrow, "the shared build drew the phone drawings"
    for path in narrow:
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (folder / "charts" / "new-narrow.svg").write_text("<svg/>", encoding="utf-8")
    assert keys() == before, "a phone drawing, which the PDF does not load, changed its key"

    reviewers = folder / "review" / "review.css"
    reviewers.write_text(reviewers.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after = keys()
    assert after[0] == before[0], "the reviewer's styles changed the public PDF's key"
    assert after[1] != before[1], "the reviewer's styles did not change the review PDF's key"

    chart = folder / "charts" / "sif_oe.svg"
    chart.write_text(chart.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert all(a != b for a, b in zip(keys(), after)), "a chart both pages load did not change their keys"
    after = keys()

    style = folder / "style.css"
    style.write_text(style.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert all(a != b for a, b in zip(keys(), after)), "the public styles did not change the PDFs' keys"


def test_a_pdfs_cache_key_follows_what_a_stylesheet_loads(tmp_path):
    """A file a stylesheet loads (``url(...)``: an image, a font) is read by
    the layout as surely as the stylesheet is."""
    from release.outputs.pdf import _key

    (tmp_path / "img").mkdir()
    (tmp_path / "a.css").write_text('body { background: url("img/b.png") }', encoding="utf-8")
    (tmp_path / "img" / "b.png").write_bytes(b"one")
    (tmp_path / "img" / "unused.png").write_bytes(b"one")
    page = '<link rel="stylesheet" href="a.css"><a href="img/unused.png">a link, not loaded</a>'
    before = _key(page, tmp_path)
    (tmp_path / "img" / "unused.png").write_bytes(b"two")
    assert _key(page, tmp_path) == before
    (tmp_path / "img" / "b.png").write_bytes(b"two")
    assert _key(page, tmp_path) != before
