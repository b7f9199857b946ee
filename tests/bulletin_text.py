"""Render the bulletin's text from a data folder, without drawing charts,
for tests of the words."""

import html
import re
from pathlib import Path

from release import figures
from release.outputs import render
from release.pipeline import load_and_validate
from release.progress import Progress


#: The review's traced Jinja environments of this process, by templates folder.
_TRACED: dict = {}


def environment(traced: bool = False):
    """The public Jinja environment (``render.shared_environment``, made
    once a process) or the review's traced one, also made once here:
    compiling the templates takes longer than computing a small release's
    figures, and the tests of the words render hundreds of datasets. Jinja
    recompiles a template whose file changed."""
    from release.review import trace

    if not traced:
        return render.shared_environment()
    if render.TEMPLATES not in _TRACED:
        _TRACED[render.TEMPLATES] = trace.review_environment()
    return _TRACED[render.TEMPLATES]


#: The project's own release folders, which tests read but never write
#: (they copy one first): each is built once a process.
RELEASES = Path(__file__).resolve().parent.parent / "data"
_BUILT: dict = {}


def build_text(folder: Path) -> tuple[str, object]:
    """The page's visible text (one paragraph a line) and the figures (read
    only: for a release folder of ``data/``, shared by the tests of this
    process)."""
    folder = Path(folder).resolve()
    if folder.parent == RELEASES and folder in _BUILT:
        return _BUILT[folder]
    rel, figs, visuals = release_figures(folder)
    page = render.render_page(rel, figs, visuals, env=environment())
    built = page_text(page), figs
    if folder.parent == RELEASES:
        _BUILT[folder] = built
    return built


#: The figures of the project's own release folders computed in this process.
_COMPUTED: dict = {}


def release_figures(folder: Path):
    """``_figures`` (release, figures, visuals): for a release folder of
    ``data/``, computed once a process and shared by the tests of every
    module that reads them (read only); any other folder, computed."""
    folder = Path(folder).resolve()
    if folder.parent != RELEASES:
        return _figures(folder)
    if folder not in _COMPUTED:
        _COMPUTED[folder] = _figures(folder)
    return _COMPUTED[folder]


def build_traced(folder: Path) -> tuple[str, object, str]:
    """The page's visible text, the figures, and the page as the reviewer's
    edition traces it (each number a link to the figure it came from)."""
    from printed_figures import reader_text, traced_page

    rel, figs, visuals = _figures(folder)
    traced = traced_page(rel, figs, visuals)
    return reader_text(traced), figs, traced


#: The previous releases computed in this process, by their files' digest.
_PREVIOUS: dict = {}


def _digest(folder: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def load_previous(rel):
    """``series.load_previous``, with the previous release's records and
    figures computed once a process for each content of its folder: the
    tests build many altered copies of a release whose previous release is
    an unaltered copy, and computing it again is more than half of each
    build. The check against its archive is made for each release, as the
    build makes it."""
    import dataclasses

    from release import series

    if rel.previous is None or rel.previous.id is None:
        return None
    folder = rel.folder.parent / rel.previous.id
    # The release before it too: the previous release's figures read its archive.
    key = (_digest(folder), _digest_of_previous(folder))
    if key not in _PREVIOUS:
        _PREVIOUS[key] = series.load_previous(rel)
        return _PREVIOUS[key]
    prev = dataclasses.replace(_PREVIOUS[key], method_changes=[])
    if prev.published is not None and prev.figs is not None:
        series.check_against_archive(rel, prev)
    return prev


def _digest_of_previous(folder: Path) -> str:
    """The digest of the release before ``folder``'s, if it names one."""
    import tomllib

    earlier = tomllib.loads((folder / "release.toml").read_text(encoding="utf-8")).get("release", {}).get("previous")
    return _digest(folder.parent / earlier) if earlier and (folder.parent / earlier).is_dir() else ""


def _figures(folder: Path):
    rel, _, tables = load_and_validate(folder, Progress(quiet=True))
    figs = figures.compute(tables, rel, load_previous(rel))
    visuals = {}
    for key in list(figs.charts) + list(figs.maps):
        kind = "Map" if key in figs.maps else "Chart"
        visuals[key] = render.Visual(key, kind, key, "", f"{key}.svg", f"{key}.csv", "")
    return rel, figs, visuals


def page_text(page: str) -> str:
    body = page.split("<main", 1)[1].split("</main>", 1)[0]
    body = re.sub(r'<span class="fn-print">.*?</span>', "", body, flags=re.S)
    body = re.sub(r"<sup[^>]*>.*?</sup>", "", body, flags=re.S)
    body = re.sub(r"\s+", " ", body)
    body = re.sub(r"</(p|li|h\d|dt|dd|figcaption)>", "\n", body)
    text = html.unescape(re.sub(r"<[^>]+>", "", body))
    return "\n".join(re.sub(r" +", " ", line).strip() for line in text.splitlines() if line.strip())


def paragraph(text: str, *phrases: str) -> str:
    """The one paragraph that contains every phrase."""
    hits = [p for p in text.splitlines() if all(ph in p for ph in phrases)]
    assert len(hits) == 1, f"{len(hits)} paragraphs contain {phrases}"
    return hits[0]
