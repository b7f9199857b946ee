"""Render the bulletin: draw its charts and maps, then fill the commentary
templates with figures and write a self-contained static web page.

Templates only choose words and format. They read figures from ``F`` (the
ledger), cite footnotes with ``fn``, and place and cite charts and maps by
key; numbers of charts, maps and footnotes follow their order on the page.
"""

import base64
import bisect
import dataclasses
import multiprocessing
import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..figures.materiality import WIDE_GAP_POINTS
from ..words import commentary, filters as words
from ..cache import Cache, code_version, digest
from ..errors import ReleaseError
from . import fonts
from ..ledger import join_names

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates"
PAGE = "index.html"


@dataclass
class Visual:
    """A chart or map as drawn: files in the output and what the page says of it."""

    key: str
    kind: str  # "Chart" or "Map"
    title: str
    alt: str
    svg_path: str  # relative to the page
    csv_path: str
    table_html: str
    source: str = ""
    extra: str = ""  # e.g. a link to the geographic rendering
    notes: tuple = ()  # how to read it, printed as text under the picture
    narrow_path: str = ""  # the same drawn for a phone's width, if there is one
    drawing: bytes = b""  # the same picture as a one-page PDF, which the release's PDF places


# --- drawing ---------------------------------------------------------------

@dataclass
class Job:
    """One chart or map to draw: what it is and exactly what it depends on."""

    key: str
    kind: str  # "Chart" or "Map"
    title: str
    folder: str  # "charts" or "maps"
    spec: object
    table: object  # a DataFrame
    boundaries: Path | None = None
    phone: bool = False  # the drawing for a phone's width, not the page's
    #: The page's drawing comes with its copy for the PDF (a build with no
    #: PDF draws it without: the SVG is the same, in about half the time).
    for_print: bool = True

    @property
    def name(self) -> str:
        return f"{self.key} (phone)" if self.phone else self.key

    def cache_key(self, code: str) -> str:
        boundary = self.boundaries.read_bytes() if self.boundaries else b""
        # A drawing without its PDF copy is kept apart from one with it (a
        # later build with a PDF must not find it); one with it serves both.
        without = ("without the PDF copy",) if not self.for_print else ()
        return digest(code, self.kind, stable_repr(self.spec), self.table.to_csv(index=False), boundary,
                      self.phone, *without)


def stable_repr(value) -> str:
    """``repr``, but with the members of a set in sorted order. A set's
    order changes from one process to the next (Python randomises string
    hashes), and a spec's ``focus`` is a set: with plain ``repr`` about half
    the builds found no chart in the cache."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ", ".join(f"{f.name}={stable_repr(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__name__}({fields})"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(stable_repr(v) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(stable_repr(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(sorted(f"{stable_repr(k)}: {stable_repr(v)}" for k, v in value.items())) + "}"
    return repr(value)


def _picture(job: Job) -> dict:
    """The job's drawing (in a worker process), without the data tables,
    which the parent makes while the workers draw (``_description``)."""
    if job.kind == "Chart":
        from charts.draw import draw
        return draw(job.spec, job.table, page=not job.phone, phone=job.phone, pdf=job.for_print, tables=False)
    from charts.maps import draw_map
    return draw_map(job.spec, job.table, boundaries=job.boundaries, page=not job.phone, phone=job.phone,
                    pdf=job.for_print, tables=False)


def _description(job: Job) -> dict:
    """What the page says of a page's drawing (``_describe``); nothing for
    a phone's, which the page's carries."""
    return {} if job.phone else _describe(job)


def _together(picture: dict, description: dict) -> dict:
    """A drawing as the cache keeps it: its pictures, alt text and tables."""
    out = {**picture, **description}
    result = {k: out[k] for k in ("svg", "svg_narrow", "csv", "alt", "table_html") if k in out}
    if out.get("pdf"):  # the drawing the PDF places (bytes, kept as text in the cache)
        result["pdf"] = base64.b64encode(out["pdf"]).decode("ascii")
    return result


def _know_the_fonts() -> None:
    """matplotlib told of the font files fontconfig lists (in this
    process, before it forks any drawing process): its own list can be
    older than the fonts installed (``charts.style.know_font_files``)."""
    import charts.style

    charts.style.know_font_files(fonts.files())


def _warm() -> None:
    """Import the drawing code and the SVG and PDF writers (with fontTools'
    subsetter) in the parent before it forks the drawing processes, so that
    no drawing waits for an import; and read the house style there once,
    not once in each process (charts.style.house_style)."""
    import charts.draw, charts.maps, charts.style  # noqa: F401,E401
    import matplotlib.backends.backend_pdf, matplotlib.backends.backend_svg  # noqa: F401,E401
    import fontTools.subset  # noqa: F401
    charts.style.house_settings()


def draw_all(jobs: list[Job], cache: Cache, workers: int | None = None, meanwhile=None) -> dict[str, dict]:
    """Draw every job not already in the cache, in parallel across cores
    (``workers`` processes; default one per core). ``meanwhile(found)``:
    work for this process while the workers draw (it would otherwise only
    wait), given what the cache had and the descriptions (alt text, data
    tables) of the page's drawings it did not have, by job key; called
    once whether or not anything is drawn. The descriptions are made in
    this process while the workers draw the pictures."""
    # The drawing code, and the parts of release/ it imports (judgement
    # words, rounding), so that a change to either redraws; and the font
    # files, whose glyphs a PDF copy embeds.
    code = digest(code_version("charts", "release/inputs/judgements.py", "release/numbers.py",
                               packages=("matplotlib", "afcharts", "pyproj", "shapely")), *fonts.installed())
    keys = {job.key: job.cache_key(code) for job in jobs}
    drawn = {}
    todo = []
    for job in jobs:
        found = cache.get("visuals", job.name, _key_found(job, keys[job.key], code, cache))
        if found is None:
            todo.append(job)
        else:
            drawn[job.key] = found
    if todo:
        _know_the_fonts()
    workers = workers or os.cpu_count() or 1
    if len(todo) > 1 and workers > 1:
        # Forked after the parent has imported the drawing code, so that
        # they start warm; so does the copy that draws the phone drawings
        # beside the PDF.
        _warm()
        # The maps, the longest to draw, first, so that no worker is left
        # drawing one alone at the end; results are put back in job order,
        # so the output is the same.
        order = sorted(range(len(todo)), key=lambda i: todo[i].kind != "Map")
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            # Every job is handed out (and the workers forked) before
            # ``meanwhile`` runs, so nothing it does is in their copies.
            drawing = pool.map(_picture, [todo[i] for i in order])
            described = _described(todo, drawn, meanwhile)
            done = dict(zip(order, drawing))
        pictures = [done[i] for i in range(len(todo))]
    else:
        described = _described(todo, drawn, meanwhile)
        pictures = [_picture(job) for job in todo]
    results = [_together(picture, described[job.key]) for job, picture in zip(todo, pictures)]
    for job, result in zip(todo, results):
        cache.put("visuals", keys[job.key], result)
        drawn[job.key] = result
    return drawn


def _described(todo: list[Job], drawn: dict, meanwhile) -> dict[str, dict]:
    """The descriptions of the jobs to draw, by key; then ``meanwhile``
    is given them with what the cache had (``drawn``)."""
    described = {job.key: _description(job) for job in todo}
    if meanwhile:
        meanwhile({**drawn, **{key: said for key, said in described.items() if said}})
    return described


def _key_found(job: Job, key: str, code: str, cache: Cache) -> str:
    """The key to look ``job`` up by: for a drawing wanted without its PDF
    copy, the key of the same drawing with it where the cache has that
    (the SVG is the same), else its own."""
    if job.for_print:
        return key
    with_copy = replace(job, for_print=True).cache_key(code)
    return with_copy if cache.has("visuals", with_copy) else key


def chart_jobs(figs) -> list[Job]:
    from charts.specs import SPECS

    jobs = []
    for spec in SPECS:
        if spec.key not in figs.charts:
            raise ReleaseError(f"chart {spec.key}: the figures module made no table for it")
        spec = replace(spec, title=spec.title.format(**figs.labels), table_title=spec.table_title.format(**figs.labels))
        jobs.append(Job(spec.key, "Chart", spec.title, "charts", spec, figs.charts[spec.key]))
    return jobs


def map_jobs(figs, boundaries: Path | None) -> list[Job]:
    from charts.map_specs import SPECS

    specs = [replace(spec, title=spec.title.format(**figs.labels)) for spec in SPECS]
    jobs = [Job(spec.key, "Map", spec.title, "maps", spec, figs.maps[spec.key]) for spec in specs]
    if boundaries is not None:
        jobs += [Job(spec.key + "-geographic", "Map", spec.title, "maps", spec, figs.maps[spec.key], boundaries)
                 for spec in specs]
    return jobs


def draw_visuals(figs, work: Path, boundaries: Path | None, cache: Cache,
                 workers: int | None = None, meanwhile=None, for_print: bool = True) -> dict[str, Visual]:
    """Draw the charts and maps for the page and (with ``for_print``) the
    PDF and write their files into ``work``. Their drawings for a phone,
    which the page names but nothing else needs, are drawn by
    ``draw_phone_visuals``, beside the PDF's layout. ``meanwhile(visuals)``:
    work for this process while the workers draw, given the visuals as the
    page describes them (titles, alt text, data tables, file names:
    everything but the drawings, which are added to them once drawn)."""
    # A geographic map has no PDF copy either way: its key stays the one.
    jobs = [replace(job, for_print=for_print or job.boundaries is not None)
            for job in chart_jobs(figs) + map_jobs(figs, boundaries)]
    visuals: dict[str, Visual] = {}

    def described(found):
        visuals.update(describe_visuals(jobs, found))
        if meanwhile:
            meanwhile(visuals)

    drawn = draw_all(jobs, cache, workers, described)
    for job in jobs:
        out = work / job.folder
        out.mkdir(parents=True, exist_ok=True)
        result = drawn[job.key]
        (out / f"{job.key}.svg").write_text(result["svg"], encoding="utf-8")
        if job.key.endswith("-geographic"):
            continue
        (out / f"{job.key}.csv").write_text(result["csv"], encoding="utf-8")
        visuals[job.key].drawing = base64.b64decode(result.get("pdf", ""))
    return visuals


def describe_visuals(jobs: list[Job], found: dict[str, dict]) -> dict[str, Visual]:
    """Each chart and map as the page describes it, without drawing it:
    its title, alt text, data table and the files it is drawn into; taken
    from what the cache ``found`` for it, if anything (so that a build with
    every drawing in the cache imports no drawing code), else described
    from its data as its drawing would be."""
    visuals = {}
    for job in jobs:
        if job.key.endswith("-geographic"):
            visuals[job.key[: -len("-geographic")]].extra = f"{job.folder}/{job.key}.svg"
            continue
        said = found.get(job.key) or _describe(job)
        visuals[job.key] = Visual(key=job.key, kind=job.kind, title=job.title, alt=said["alt"],
                                  svg_path=f"{job.folder}/{job.key}.svg", csv_path=f"{job.folder}/{job.key}.csv",
                                  table_html=said["table_html"], notes=tuple(getattr(job.spec, "notes", ())),
                                  narrow_path=_narrow_path(job))
    return visuals


def _describe(job: Job) -> dict:
    if job.kind == "Chart":
        from charts.draw import describe
        return describe(job.spec, job.table)
    from charts.maps import describe_map
    return describe_map(job.spec, job.table)


def _narrow_path(job: Job) -> str:
    """Where a chart's or hex map's drawing for a phone goes."""
    return f"{job.folder}/{job.key}-narrow.svg"


def draw_phone_visuals(figs, work: Path, cache: Cache, workers: int | None = None) -> None:
    """Draw each chart and hex map for a phone's width and write it where
    the page's ``<picture>`` looks for it."""
    jobs = [replace(job, phone=True) for job in chart_jobs(figs) + map_jobs(figs, None)]
    drawn = draw_all(jobs, cache, workers)
    for job in jobs:
        (work / job.folder).mkdir(parents=True, exist_ok=True)
        (work / _narrow_path(job)).write_text(drawn[job.key]["svg_narrow"], encoding="utf-8")


def print_drawings(visuals: dict[str, Visual]) -> dict[str, bytes]:
    """Each picture's PDF drawing by the path the page loads its SVG from."""
    return {v.svg_path: v.drawing for v in visuals.values() if v.drawing}


# --- numbering -------------------------------------------------------------

#: A chart's or map's number before the page knows it (``Numbering``): no
#: template or data writes a NUL character.
NUMBER = "\x00{}\x00"
_NUMBER = re.compile("\x00([^\x00]*)\x00")


class Numbering:
    """Numbers charts, maps and footnotes in order of first placement.

    A chart can be cited ("(Chart 5)") before it is placed, when its number
    is not known yet: each chart or map number is written as a stand-in
    (``NUMBER``) and filled in when the page is done (``numbered``), so
    the page is rendered once. (It was rendered twice, the first time only
    to learn the order.)"""

    def __init__(self, visuals: dict[str, Visual]):
        self.visuals = visuals
        self.placed: list[str] = []
        self.footnotes: list[tuple[str, str]] = []
        self._citations: dict[str, int] = {}
        self._texts: dict[str, str] = {}

    def number(self, key: str) -> str:
        """The stand-in for the number of chart or map ``key``."""
        self._visual(key)
        return NUMBER.format(key)

    def numbered(self, page: str) -> str:
        """``page`` with each stand-in replaced by its chart's or map's
        number: its place among the charts (or the maps) in the order they
        were placed, from 1; 0 for one cited but never placed."""
        numbers, seen = {}, {}
        for key in self.placed:
            kind = self.visuals[key].kind
            seen[kind] = seen.get(kind, 0) + 1
            numbers[key] = str(seen[kind])
        return _NUMBER.sub(lambda m: numbers.get(m.group(1), "0"), page)

    def _visual(self, key: str) -> Visual:
        if key not in self.visuals:
            raise ReleaseError(f"template cites {key!r}, which is no chart or map")
        return self.visuals[key]

    def ref(self, *keys: str) -> str:
        """"Chart 5", or "Maps 3 and 4"."""
        kind = self._visual(keys[0]).kind
        numbers = [str(self.number(k)) for k in keys]
        label = kind if len(keys) == 1 else kind + "s"
        return f"{label} {join_names(numbers)}"

    def place(self, key: str) -> Markup:
        visual = self._visual(key)
        if key in self.placed:
            raise ReleaseError(f"{visual.kind.lower()} {key!r} placed twice")
        self.placed.append(key)
        n = self.number(key)
        label = f"{visual.kind} {n}"
        e = escape
        extra = ""
        if visual.extra:
            extra = f' · <a href="{e(visual.extra)}">Geographic map (SVG)</a>'
        notes = "".join(f'<p class="visual-notes">{e(note)}</p>' for note in visual.notes)
        # A wide table scrolls in its own box, which takes focus (so it can
        # be scrolled from the keyboard) and is named by the table's label.
        table = (f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label} data table">'
                 f'{visual.table_html}</div>')
        picture = f'<img src="{e(visual.svg_path)}" alt="{e(visual.alt)}">'
        if visual.narrow_path:
            # Below 40rem the browser shows the chart drawn for a phone, so
            # its type is not shrunk to illegibility. (The PDF uses <img>.)
            picture = (f'<picture><source media="(max-width: 40rem)" srcset="{e(visual.narrow_path)}">'
                       f'{picture}</picture>')
        return Markup(
            f'<figure class="visual {visual.kind.lower()}" id="{e(visual.kind.lower())}-{n}">'
            f'<figcaption><span class="visual-number">{label}:</span> {e(visual.title)}</figcaption>'
            f'{picture}{notes}'
            f'<details class="visual-data"><summary>{label} data table</summary>{table}'
            f'<p class="download"><a href="{e(visual.csv_path)}" download>Download the data of {label} (CSV)</a>{extra}</p>'
            f"</details></figure>"
        )

    def footnote(self, key: str, caller=None) -> Markup:
        """Cite footnote ``key``; its text is written once, where it is
        first cited (``{% call fn('key') %}text{% endcall %}``)."""
        first = key not in self._citations
        if first:
            if caller is None and key not in self._texts:
                raise ReleaseError(f"footnote {key!r} is cited before its text is given")
            self.footnotes.append((key, str(caller()).strip() if caller else self._texts[key]))
            self._citations[key] = 0
        elif caller is not None:
            raise ReleaseError(f"footnote {key!r} has its text written twice")
        self._citations[key] += 1
        n = [k for k, _ in self.footnotes].index(key) + 1
        ref_id = f"fnref-{key}-{self._citations[key]}"
        body = dict(self.footnotes)[key]
        printed = f'<span class="fn-print">{body}</span>' if first else ""
        return Markup(
            f'<sup class="fn-ref{" first" if first else " repeat"}"><a id="{ref_id}" href="#fn-{key}" '
            f'aria-label="Footnote {n}">{n}</a></sup>{printed}'
        )

    def footnote_text(self, key: str, caller) -> Markup:
        """Give footnote ``key``'s text without citing it, for a footnote
        whose first citation is in a sentence that some data leave out
        (``{% call fn_text('key') %}text{% endcall %}``, then ``fn('key')``)."""
        if key in self._texts or key in self._citations:
            raise ReleaseError(f"footnote {key!r} has its text written twice")
        self._texts[key] = str(caller()).strip()
        return Markup("")

    def footnote_list(self) -> list[dict]:
        return [{"n": i + 1, "key": k, "text": Markup(t), "refs": self._citations[k]}
                for i, (k, t) in enumerate(self.footnotes)]


# --- the page --------------------------------------------------------------

#: Block-level elements a paragraph of commentary opens with, at the start of a line.
BLOCK_OPEN = re.compile(r"^(\s*<(p|li|h[2-4]|dd|dt|figcaption))(?=[\s>])", re.M)


def mark_source(source: str, name: str) -> str:
    """The template with each block-level element that opens a line given
    ``data-src="name:line"``, so the rendered page says where each
    paragraph was written (the reviewer's edition and ``--try`` read it)."""
    lines = source.split("\n")
    for i, line in enumerate(lines):
        lines[i] = BLOCK_OPEN.sub(rf'\1 data-src="{name}:{i + 1}"', line, count=1)
    return "\n".join(lines)


class MarkedLoader(jinja2.FileSystemLoader):
    """Loads the commentary templates with each paragraph marked with the
    file and line it was written at (``data-src``), for the reviewer's
    edition and ``--try``; the public page is rendered without it."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        if template.startswith("sections/"):
            source = mark_source(source, template.removeprefix("sections/"))
        return source, filename, uptodate


def environment(compiled: Path | None = None, marked: bool = False, sentence_ids: bool = False) -> jinja2.Environment:
    """The Jinja environment of the commentary. ``compiled``: a folder
    where compiled templates are kept between builds (keyed by each
    template's source, so an edited template is compiled afresh).
    ``marked``: each paragraph says its template file and line.
    ``sentence_ids``: each sentence starts with a marker naming its template
    sentence, and the conditions taken are recorded (for the changes page
    only: ``release/outputs/sentence_ids.py``)."""
    extensions = ["jinja2.ext.do"]  # {% do list.append(...) %} to build a list of phrases
    compiled_cache = jinja2.FileSystemBytecodeCache
    if sentence_ids:
        from .sentence_ids import RecordedBytecode, SentenceIds
        extensions.append(SentenceIds)
        compiled_cache = RecordedBytecode
    env = jinja2.Environment(
        bytecode_cache=compiled_cache(str(compiled)) if compiled else None,
        loader=(MarkedLoader if marked else jinja2.FileSystemLoader)(TEMPLATES),
        extensions=extensions,
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(words.FILTERS)
    env.tests.update(words.TESTS)
    # A threshold a sentence states is printed from the rule it is, never typed.
    env.globals["rules"] = {"wide_gap_points": WIDE_GAP_POINTS}
    return env


#: The public environment of this process, by its bytecode folder: made
#: once, so the templates are parsed and compiled once per process (a
#: build renders this release's page and the previous release's, and the
#: tests render hundreds of datasets' pages). Jinja checks each template's
#: file for changes whenever it is used, so an edited template is read again.
_SHARED: dict[Path | None, jinja2.Environment] = {}


def shared_environment(compiled: Path | None = None) -> jinja2.Environment:
    """The public environment, made once per process. Asked for without a
    bytecode folder, any one already made serves: the folder only saves
    compiling, and an environment renders the same with or without it."""
    if compiled in _SHARED:
        return _SHARED[compiled]
    if compiled is None and _SHARED:
        return next(iter(_SHARED.values()))
    return _SHARED.setdefault(compiled, environment(compiled))


def render_page(rel, figs, visuals: dict[str, Visual], compiled: Path | None = None,
                env: jinja2.Environment | None = None, context_hook=None) -> str:
    """The bulletin page. ``env`` and ``context_hook`` (which may replace
    what the templates read) are for the reviewer's edition (``review.py``)."""
    env = env or shared_environment(compiled)
    template = env.get_template("bulletin.html")
    numbering = Numbering(visuals)
    try:
        html = numbering.numbered(template.render(_context(rel, figs, numbering, context_hook)))
    except jinja2.UndefinedError as exc:
        raise ReleaseError(f"template uses an undefined figure: {exc.message}") from None
    except AttributeError as exc:
        raise ReleaseError(f"template: {exc}") from None
    unplaced = sorted(set(visuals) - set(numbering.placed))
    if unplaced:
        raise ReleaseError(f"charts or maps drawn but not placed in the bulletin: {', '.join(unplaced)}")
    return separate_footnote_calls(html)


def _context(rel, figs, numbering: Numbering, context_hook=None) -> dict:
    """What the templates read, numbered by ``numbering``."""
    ctx = {
        "F": figs.ledger.tree(),
        "rel": rel,
        "fn": numbering.footnote,
        "fn_text": numbering.footnote_text,
        "place": numbering.place,
        "ref": numbering.ref,
        "footnotes": numbering.footnote_list,
        "lists": figs.lists,
        "C": commentary.shown(rel, figs.ledger),
    }
    return context_hook(ctx) if context_hook else ctx


_CITATION, _PRINTED = '<sup class="fn-ref', '<span class="fn-print">'
#: The end of each ``</span>`` directly followed by a citation.
_SPAN_BEFORE_CITATION = re.compile(r'</span>(?=<sup class="fn-ref)')
FOOTNOTE_SEPARATOR = '<sup class="fn-sep" aria-hidden="true">,</sup>'


def separate_footnote_calls(html: str) -> str:
    """Two footnotes cited at one place read "11,12", not "1112": a comma
    goes between adjacent citation numbers, on the screen and in print.

    The comma goes after a citation's ``</sup>`` that another citation
    follows directly or after the citation's printed footnote text (the
    first ``</span>`` after that text that a citation follows). This is
    what one regular expression would find (tests/test_footnote_calls.py
    holds the function to it), found without its backtracking: after each
    citation whose printed text no citation follows, the expression tried
    every later ``</span>`` of the page, a tenth of the time of rendering it."""
    span_ends = [m.end() for m in _SPAN_BEFORE_CITATION.finditer(html)]
    out, done, at = [], 0, html.find("</sup>")
    while at >= 0:
        end = at + len("</sup>")
        match_end = None
        if html.startswith(_PRINTED, end):
            # The first "</span>" at or after the printed text's start that a citation follows.
            i = bisect.bisect_left(span_ends, end + len(_PRINTED) + len("</span>"))
            match_end = span_ends[i] if i < len(span_ends) else None
        if match_end is None and html.startswith(_CITATION, end):
            match_end = end
        if match_end is None:
            at = html.find("</sup>", end)
            continue
        out += [html[done:match_end], FOOTNOTE_SEPARATOR]
        done = match_end
        at = html.find("</sup>", match_end)
    return "".join(out) + html[done:]


#: The data table and download under each chart or map, and the figure's number.
_DATA_DETAILS = re.compile(r'<details class="visual-data"><summary>(?P<label>[^<]*) data table</summary>'
                           r'<div class="table-scroll"[^>]*>(?P<table><table>.*?</table>)</div>.*?</details>', re.S)
_CONTENTS_END = re.compile(r'(<nav class="contents".*?)(<li class="screen-only">|</ol>)', re.S)
ANNEX_TITLE = "Annex: data for the charts and maps"
_LOCAL_LINK = re.compile(r'(<a\b[^>]*?)\s+href="(?!#|[a-z][a-z0-9+.-]*:)[^"]*"')
_FOOTNOTE_LIST = re.compile(r'<section id="footnotes".*?</section>\n?', re.S)
_FIRST_CITATION = re.compile(r'(<a id="fnref-([^"]+)-1" href="#fn-\2"[^>]*>[^<]*</a></sup>)<span class="fn-print">')


def for_print(html: str) -> str:
    """The page as the PDF lays it out. Each chart's and map's data table
    moves from under the figure (where the web page folds it away) to an
    annex at the end, tagged as a table, with a link from the figure and an
    entry in the Contents; the download links, which print cannot follow,
    are left out, and any other link to a file keeps its text but not its
    target. The PDF's paged-media style replaces the browsers' print
    style."""
    tables = []

    def to_annex(match) -> str:
        label = match["label"]
        anchor = "data-" + label.lower().replace(" ", "-")
        # A table longer than a page starts where it is and runs on; a
        # shorter one is kept whole (paged.css).
        long = ' long' if match["table"].count("<tr>") > 40 else ''
        tables.append(f'<section class="annex-table{long}" id="{anchor}"><h3>{label} data</h3>{match["table"]}</section>')
        return f'<p class="data-link"><a href="#{anchor}">{label} data table</a> in the annex</p>'

    html = _DATA_DETAILS.sub(to_annex, html)
    if tables:
        annex = (f'<section class="data-annex" id="data-annex" aria-labelledby="data-annex-title">'
                 f'<h2 id="data-annex-title">{ANNEX_TITLE}</h2>{"".join(tables)}</section>\n')
        html = html.replace("</main>", annex + "</main>", 1)
        html = _CONTENTS_END.sub(rf'\1<li><a href="#data-annex">{ANNEX_TITLE}</a></li>\n\2', html, count=1)
    # The footnotes print at the foot of the page where first cited: the
    # list at the end is left out, and a later citation links to the text
    # at the foot of that page instead.
    html = _FOOTNOTE_LIST.sub("", html)
    html = _FIRST_CITATION.sub(r'\1<span class="fn-print" id="fn-\2">', html)
    # A link to a file of the release folder (a download, or the changes
    # page's "../index.html") would lead, in the PDF, to the folder the
    # build wrote in, gone once the build ends, and its name would change
    # the PDF's bytes from build to build: the text stays, not the link.
    html = _LOCAL_LINK.sub(r"\1", html)
    # A comma between two footnote calls is text of the call line, not a
    # superscript element of its own (the PDF's structure reads calls by it).
    html = html.replace(FOOTNOTE_SEPARATOR, '<span class="fn-sep">,</span>')
    paged = (TEMPLATES / "paged.css").read_text(encoding="utf-8")
    return html.replace(_PRINT_LINK, f"<style>{paged}</style>")


_PRINT_LINK = '<link rel="stylesheet" href="print.css" media="print">'


def write_html(rel, figs, visuals, work: Path, cache: Cache | None = None) -> Path:
    compiled = None
    if cache is not None and cache.folder is not None:
        compiled = cache.folder / "templates"
        compiled.mkdir(parents=True, exist_ok=True)
    html = render_page(rel, figs, visuals, compiled)
    page = work / PAGE
    page.write_text(html, encoding="utf-8")
    for css in ("style.css", "print.css"):
        shutil.copyfile(TEMPLATES / css, work / css)
    from .figures_json import ledger_json
    (work / "figures.json").write_text(ledger_json(rel, figs), encoding="utf-8")
    return page


def write_series_outputs(rel, figs, previous, visuals, work: Path, cache: Cache | None = None) -> None:
    """Beside the bulletin: the revised figures of the previous release's
    period (the download the Revisions section promises), and, where the
    previous release is in the series, the reviewer's page of what changed
    since it (its templates compiled once into ``cache``)."""
    from . import changes

    downloads = work / "downloads"
    downloads.mkdir(exist_ok=True)
    for key, table in figs.downloads.items():
        table.to_csv(downloads / f"{key.replace('_', '-')}.csv", index=False, lineterminator="\n")
    if previous is None:
        return
    env = shared_environment()
    html = env.get_template("changes.html").render(
        rel=rel, previous=previous.rel, restated=figs.lists.get("restated", []), archived=previous.archived,
        method_changes=figs.lists.get("method_changes", []),
        figures=changes.figure_changes(previous.ledger, figs.ledger, rel),
        sentences=compare_sentences(previous.rel, previous.figs, rel, figs, visuals, sentence_ids_folder(cache)))
    (work / "changes.html").write_text(html, encoding="utf-8")


def sentence_ids_folder(cache: Cache | None) -> Path | None:
    """Where the sentence-id environment keeps its compiled templates (about
    two thirds of the changes page's time is compiling them): in the
    cache, in a folder of the extension's code, since Jinja finds a
    compiled template by its name and source alone."""
    if cache is None or cache.folder is None:
        return None
    code = code_version("release/outputs/sentence_ids.py", "release/outputs/template_tokens.py",
                        "release/outputs/render.py")
    folder = cache.folder / "templates" / f"sentence-ids-{code[:16]}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def compare_sentences(then_rel, then_figs, now_rel, now_figs, visuals, compiled: Path | None = None) -> dict:
    """The two releases' bulletins, rendered with the same templates in the
    sentence-id environment, their sentences paired by template sentence
    (``changes.sentence_changes``), each dropped or new one with the
    condition that left it out or brought it in. ``compiled``: a folder of
    compiled templates (``sentence_ids_folder``)."""
    from . import changes, sentence_ids

    env = environment(compiled, sentence_ids=True)
    renders = []
    for rel_, figs_ in ((then_rel, then_figs), (now_rel, now_figs)):
        with sentence_ids.recording() as taken:
            page = render_page(rel_, figs_, visuals, env=env)
        renders.append((sentence_ids.sentences(page), taken, figs_.ledger))
    return changes.sentence_changes(renders[0], renders[1], env)


def remove_html(work: Path) -> None:
    """For ``--format pdf``: keep the PDF and the figures, not the web page."""
    for name in (PAGE, "style.css", "print.css"):
        (work / name).unlink(missing_ok=True)
    for folder in ("charts", "maps"):
        shutil.rmtree(work / folder, ignore_errors=True)
