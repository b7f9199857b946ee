"""The reviewer's edition (``python build.py --review``): the bulletin with
every number and every chosen wording traceable from the page, for the
statistician and the second reviewer who sign the release off.

Written into ``review/`` beside the public outputs, which it never changes:

- ``review/index.html``: the bulletin rendered by the traced render of
  ``trace.py``: each figure a link to its entry in a figures appendix, each
  wording chosen by a number with a note of the case chosen and the numbers
  that chose it, each sentence a condition dropped noted where it would
  have been, text typed into the release folder highlighted; then the
  reviewer's pages: the figures appendix, the QA report, what changed since
  the last release (where it is in the series) and a sign-off sheet;
- ``review/review.pdf``: the same as an A4 PDF, the notes as footnotes.

Also here, for the public QA report too: the numbers typed into the release
folder's ``[commentary]`` text, which no figure gave.
"""

from __future__ import annotations

import functools
import html as htmlmod
import re
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import Markup

from . import trace
from ..ledger import Share
from ..outputs.changes import SENTENCE_END, split_sentences

FOLDER = "review"
PAGE = "index.html"
PDF_NAME = "review.pdf"

NUMERAL = re.compile(r"(?<![A-Za-z_\d])\d[\d,]*(?:\.\d+)?")
#: "Chart 5", "Maps 3 and 4": numbered by the page, not by the data.
_VISUAL_REF = re.compile(r"\b(Charts?|Maps?) \d+(?:,? (?:and )?\d+)*")


# --- numbers that did not come from data ------------------------------------------

def ledger_numbers(ledger) -> set[str]:
    """Every number the ledger holds as a number: values, counts, bases
    and printed percentages (not the digits of dates and names)."""
    found = set()
    for fig in ledger.figures.values():
        values = [fig.value]
        if isinstance(fig, Share):
            values += [fig.count_value, fig.base_value]
        for v in values:
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                found.update({f"{v:,}", f"{abs(v):,}", str(v)})
    return found


def printed_numbers(ledger) -> set[str]:
    """Every number the ledger prints anywhere: its numbers, and the digits
    in its texts (the day and year of a date figure)."""
    found = ledger_numbers(ledger)
    for fig in ledger.figures.values():
        found.update(numerals(fig.text))
    return found


def numerals(text: str) -> list[str]:
    return [n.rstrip(",.") for n in NUMERAL.findall(_VISUAL_REF.sub(" ", text))]


def typed_numbers(rel, ledger) -> list[dict]:
    """Numbers in the release folder's ``[commentary]`` text as this
    release shows it: typed by hand, so checked by hand. Each with whether
    some figure has the same value (a coincidence is not a source)."""
    from ..words.commentary import shown

    known = ledger_numbers(ledger)
    rows = []
    for slot, value in shown(rel, ledger).items():
        for text in value if isinstance(value, list) else [value]:
            for sentence in _split(text or ""):
                found = numerals(sentence)
                if found:
                    rows.append({"slot": slot, "sentence": sentence, "numbers": found,
                                 "not_in_ledger": [n for n in found if n not in known]})
    return rows


def qa_section(rel, ledger) -> str:
    """The QA report's list of sentences with numbers typed into the
    release folder (the same with or without ``--review``)."""
    rows = typed_numbers(rel, ledger)
    lines = ["", "Text not from data: sentences of release.toml [commentary] shown in this release that contain "
                 f"numbers ({len(rows)}):"]
    for r in rows:
        missing = ", ".join(r["not_in_ledger"]) or "none"
        lines.append(f"  [{r['slot']}] numbers {', '.join(r['numbers'])} (not in the ledger: {missing}): "
                     f"{r['sentence']}")
    if not rows:
        lines.append("  none")
    return "\n".join(lines) + "\n"


def append_to_qa_report(rel, ledger, work: Path) -> None:
    path = work / "qa-report.txt"
    path.write_text(path.read_text(encoding="utf-8") + qa_section(rel, ledger), encoding="utf-8")


def _split(text: str) -> list[str]:
    return split_sentences(re.sub(r"\s+", " ", text).strip())


# --- the traced page ----------------------------------------------------------------

def render_traced(rel, figs, visuals, env=None) -> tuple[str, trace.Tracer]:
    """The traced page and its tracer. ``env``: a review environment
    (``trace.review_environment``) to reuse, with the templates it has
    compiled already: the tests render hundreds of datasets in one process."""
    from ..outputs import render

    env = env or trace.review_environment()
    # The ledger's numbers, listed only when typed text first has a numeral.
    known = functools.cache(lambda: ledger_numbers(figs.ledger))

    def not_in_ledger(text):
        found = numerals(text)
        return [n for n in found if n not in known()] if found else []

    def hook(ctx):
        ctx["rel"] = trace.TracedRelease(rel)
        ctx["C"] = trace.typed_commentary(ctx["C"], not_in_ledger)
        return ctx

    with trace.tracing(figs.ledger) as tracer, trace.branches_of(env):
        page = render.render_page(rel, figs, visuals, env=env, context_hook=hook)
    return page, tracer


_BLOCK = re.compile(r"<(p|li|dd|h[1-4])\b([^>]*)>(.*?)</\1>", re.S)
#: A footnote's number where it is cited (the page numbers them, not the data).
_FN_CALL = re.compile(r'<sup class="fn-(?:ref|sep)[^"]*".*?</sup>', re.S)
_TYPED = re.compile(r'<mark class="rv-typed">(.*?)</mark>', re.S)


def _template_text() -> str:
    from ..outputs.render import TEMPLATES

    return " ".join(re.sub(r"\s+", " ", p.read_text(encoding="utf-8"))
                    for p in sorted(TEMPLATES.rglob("*.html")))


def mark_untraced(page: str, printed: set[str]) -> tuple[str, list[dict], list[str]]:
    """Highlight every paragraph with a number that did not come from the
    ledger: a numeral outside the traced links that is neither fixed
    reference text of the templates (an Act's year, a URL), a chart's
    number, nor a number the ledger prints (``printed``); and every number
    in text typed into the release folder. Also returns the numbers printed
    without a link that the ledger does hold (from data, not traced)."""
    fixed = _template_text()
    found, unlinked = [], []

    def check(m):
        tag, attrs, inner = m.groups()
        rest = trace.ANCHOR.sub(" ", trace.NOTE.sub(" ", _FN_CALL.sub(" ", inner)))
        typed = [n for t in _TYPED.findall(rest) for n in numerals(htmlmod.unescape(re.sub(r"<[^>]+>", "", t)))]
        rest = _TYPED.sub(" ", rest)
        loose = []
        for chunk in re.split(r"<[^>]+>", rest):
            text = re.sub(r"\s+", " ", chunk).strip()
            nums = numerals(htmlmod.unescape(text))
            if nums and text not in fixed:
                loose += [n for n in nums if n not in printed]
                unlinked.extend(n for n in nums if n in printed)
        if not typed and not loose:
            return m.group(0)
        sentences = [s for s in _split(trace.plain(_FN_CALL.sub(" ", inner))) if any(n in numerals(s) for n in typed + loose)]
        found.append({"numbers": typed + loose, "sentences": sentences})
        note = trace.note_html("untraced", Markup("numbers not from the ledger: {}").format(", ".join(typed + loose)))
        if 'class="' in attrs:
            attrs = attrs.replace('class="', 'class="rv-untraced ', 1)
        else:
            attrs += ' class="rv-untraced"'
        return f'<{tag}{attrs} data-untraced="{len(found)}">{inner}{note}</{tag}>'

    main_start = page.index("<main")
    main_end = page.index("</main>")
    body = _BLOCK.sub(check, page[main_start:main_end])
    return page[:main_start] + body + page[main_end:], found, unlinked


# --- sentences and the figures they use ------------------------------------------

def sentences_with_keys(page: str) -> list[tuple[str, list[str]]]:
    """Each sentence of the page's text (notes, footnote numbers and charts
    left out) with the ledger keys of the figures and wordings traced in it."""
    body = page[page.index("<main"):page.index("</main>")]
    body = trace.NOTE.sub("", body)
    body = re.sub(r'<span class="fn-print"[^>]*>.*?</span>|<span class="rv-side".*?</span>|<figure.*?</figure>', "",
                  body, flags=re.S)
    body = _FN_CALL.sub("", body)
    out, current, keys = [], "", []

    def flush():
        nonlocal current, keys
        text = re.sub(r"\s+", " ", current).strip()
        if text:
            out.append((text, keys))
        current, keys = "", []

    for piece in re.split(r"(<[^>]+>)", body):
        if piece.startswith("<"):
            m = re.match(r'<a class="fig[^"]*" href="[^"]*" data-key="([^"]*)"', piece)
            if m:
                keys += m.group(1).split()
            elif _BLOCK_TAG.match(piece):
                flush()
            continue
        parts = SENTENCE_END.split(htmlmod.unescape(piece))
        current += parts[0]
        for part in parts[1:]:
            flush()
            current = part
    flush()
    return out


_BLOCK_TAG = re.compile(r"</?(p|li|h[1-6]|dd|dt|ul|ol|section|div|td|th|tr|table|aside|nav|header|article)\b")


# --- the appendix and the reviewer's pages ----------------------------------------

def appendix(page: str, tracer, rel, ledger) -> list[dict]:
    """One entry per figure the page uses, in order of first use."""
    from ..outputs.figures_json import describes

    order = []
    for m in re.finditer(r'href="#fig-([^"]+)"', page):
        if m.group(1) not in order:
            order.append(m.group(1))
    uses: dict[str, list[str]] = {}
    for sentence, keys in sentences_with_keys(page):
        for key in dict.fromkeys(tracer.entry(k) for k in keys):
            uses.setdefault(key, []).append(sentence)
    entries = []
    for key in order:
        if key in ledger.figures:
            fig = ledger.figures[key]
            rec = fig.record()
            entries.append({"key": key, "definition": fig.definition, "text": rec["text"],
                            "count": rec.get("count"), "base": rec.get("base"),
                            "exact": f"{100 * fig.count_value / fig.base_value:.1f}%" if isinstance(fig, Share)
                            and fig.base_value else None,
                            "describes": describes(key, rel, ledger), "sentences": uses.get(key, [])})
        elif key.startswith("release:"):
            name = key.split(":", 1)[1]
            value = getattr(rel, name)
            entries.append({"key": key, "definition": f"Release metadata: {name.replace('_', ' ')}, from "
                                                      f"{rel.folder.name}/release.toml",
                            "text": value.isoformat() if hasattr(value, "isoformat") else str(value),
                            "count": None, "base": None, "exact": None, "describes": "the release",
                            "sentences": uses.get(key, [])})
    return entries


def _changes_body(work: Path) -> str | None:
    path = work / "changes.html"
    if not path.is_file():
        return None
    page = path.read_text(encoding="utf-8")
    body = page[page.index(">", page.index("<main")) + 1:page.index("</main>")]
    body = re.sub(r"<(/?)h2", r"<\1h3", body)
    body = re.sub(r"<h1>.*?</h1>", "", body, flags=re.S)
    # Its ids are the changes page's own: prefixed, with every reference to
    # them, so none clashes with the bulletin's above it.
    ids = set(re.findall(r'\bid="([^"]+)"', body))
    body = re.sub(r'\b(id|aria-labelledby|aria-describedby|for)="([^"]+)"',
                  lambda m: f'{m[1]}="{" ".join("rv-" + i if i in ids else i for i in m[2].split())}"', body)
    body = re.sub(r'href="#([^"]+)"', lambda m: f'href="#rv-{m[1]}"' if m[1] in ids else m[0], body)
    return relocate(body)


def reviewer_pages(rel, figs, report, tracer, page: str, untraced: list[dict], work: Path, qa_text: str,
                   unlinked=()) -> str:
    from ..outputs.render import environment

    entries = appendix(page, tracer, rel, figs.ledger)
    kinds = {}
    for kind in re.findall(r'<small class="rv-note[^"]*" data-kind="([a-z]+)"', page):
        kinds[kind] = kinds.get(kind, 0) + 1
    links = len(re.findall(r'<a class="fig', page))
    kp = page[page.find('id="key-points"'):page.find('<section id="introduction"')]
    kp_links = len(re.findall(r'<a class="fig', trace.NOTE.sub("", kp)))
    env = environment(None)
    return env.get_template("review/pages.html").render(
        rel=rel, entries=entries, qa_text=qa_text, report=report, changes=_changes_body(work),
        untraced=untraced, typed=typed_numbers(rel, figs.ledger), kinds=kinds, links=links, kp_links=kp_links, unlinked=list(unlinked),
        labels=trace.KIND_LABELS, candidates=key_point_rows(figs))


def key_point_rows(figs) -> list[dict]:
    """The key point candidates, ranked by score, each with its change and
    why it was chosen or left out (release/figures/key_points.py)."""
    rows = []
    for c in sorted(figs.lists.get("key_point_candidates", []), key=lambda c: c.rank):
        ch = c.change
        rows.append({"rank": c.rank, "name": c.name, "domain": c.domain, "what": c.subject or c.what,
                     "score": c.score, "chosen": c.chosen, "reason": c.reason,
                     "change": "" if ch is None else f"{ch.before}% to {ch.after}% ({ch.points:+d} points, {ch.size}; "
                                                     f"bases {ch.bases[0]:,} and {ch.bases[1]:,})",
                     "turn": c.turn, "revised": c.revised, "pinned": c.pinned, "dropped": c.dropped})
    return rows


def banner(rel, untraced_count: int) -> str:
    from ..outputs.render import environment

    return environment(None).get_template("review/banner.html").render(rel=rel, untraced=untraced_count)


#: Attributes holding a URL (``srcset`` a list of them, each with its width).
_URL_ATTRIBUTES = {"href", "src", "srcset", "data", "poster"}


def _is_relative(url: str) -> bool:
    return bool(url) and not url.startswith(("#", "/", "../")) and not re.match(r"[a-z][a-z0-9+.-]*:", url, re.I)


class _Relocate(HTMLParser):
    """Finds every start tag whose URL attributes point into the public
    folder, so the review page, one folder down, can load them ("../")."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=False)
        self.edits, self._lines = [], [0]
        for line in page.splitlines(keepends=True):
            self._lines.append(self._lines[-1] + len(line))

    def handle_starttag(self, tag, attrs):
        if any(name in _URL_ATTRIBUTES and value and _is_relative(value.strip().split(" ")[0])
               for name, value in attrs):
            line, col = self.getpos()
            start = self._lines[line - 1] + col
            self.edits.append((start, self.get_starttag_text()))

    handle_startendtag = handle_starttag


def _moved(tag: str, up: str) -> str:
    def one(m):
        name, quote, value = m.group(1), m.group(2), m.group(3)
        if name.lower() == "srcset":
            value = ", ".join(up + c.strip() if _is_relative(c.strip()) else c.strip() for c in value.split(","))
        elif _is_relative(value):
            value = up + value
        return f"{name}={quote}{value}{quote}"

    return re.sub(r'\b(href|src|srcset|data|poster)=(["\'])(.*?)\2', one, tag)


def relocate(page: str, up: str = "../") -> str:
    """The page with every relative URL (links, images, their ``srcset``s,
    styles) pointing ``up`` a folder, found by an HTML parser, not by
    listing the public file names."""
    parser = _Relocate(page)
    parser.feed(page)
    parser.close()
    out, at = [], 0
    for start, tag in parser.edits:
        out += [page[at:start], _moved(tag, up)]
        at = start + len(tag)
    return "".join(out) + page[at:]


def unnest_links(page: str) -> str:
    """A traced figure printed as a link's text (the previous release's
    address, in a link to it) would put a link inside a link, which no
    browser can follow or name: there it becomes a span with its key."""
    out, open_links, pos = [], [], 0
    for m in re.finditer(r'<a\b[^>]*>|</a>', page):
        out.append(page[pos:m.start()])
        tag = m.group(0)
        if tag == "</a>":
            out.append("</span>" if open_links and open_links.pop() else tag)
        elif open_links and tag.startswith('<a class="fig'):
            open_links.append(True)
            out.append("<span" + re.sub(r'\shref="[^"]*"', "", tag)[2:])
        else:
            open_links.append(False)
            out.append(tag)
        pos = m.end()
    out.append(page[pos:])
    return "".join(out)


def assemble(page: str, extra: str, top: str) -> str:
    """The review page in ``review/``: the public files it uses one folder up,
    its own styles after the public ones, the banner and the pages added."""
    page = relocate(unnest_links(page))
    page = page.replace('<link rel="stylesheet" href="../print.css" media="print">',
                        '<link rel="stylesheet" href="../print.css" media="print">\n'
                        '<link rel="stylesheet" href="review.css">\n'
                        '<script src="review.js" defer></script>')
    page = re.sub(r"<title>", "<title>Reviewer’s edition: ", page, count=1)
    page = re.sub(r'(<main id="main">)', r"\1\n" + top.replace("\\", r"\\"), page, count=1)
    page = page.replace("</main>", extra + "\n</main>", 1)
    # Print numbers the bulletin's own footnotes by their number on the web
    # page, so the reviewer's notes, footnotes too, do not renumber them.
    page = re.sub(r'aria-label="Footnote (\d+)">(\d+)</a></sup><span class="fn-print">',
                  r'aria-label="Footnote \1">\2</a></sup><span class="fn-print" data-n="\1">', page)
    return margin_notes(page)


_PARAGRAPH = re.compile(r"<(p)\b([^>]*)>(.*?)</p>", re.S)
#: A note's copy in the margin (print only): one note in each.
_SIDE = '<span class="rv-side" aria-hidden="true">'

_NOTE_BLOCK = re.compile(r"<(li|h[1-4])\b([^>]*)>(.*?)</\1>", re.S)


def margin_notes(page: str) -> str:
    """For print: each paragraph's notes again at its start, as one block
    the PDF sets in the margin beside it (``.rv-side``), and a mark where
    each is called. The screen shows the notes inline and hides these."""
    main_start, main_end = page.index("<main"), page.index("</main>")

    def side(m):
        tag, attrs, inner = m.groups()
        if "rv-note" not in inner or "rv-side" in inner or "<p" in inner:
            return m.group(0)
        notes = trace.NOTE.findall(inner)
        inner = inner.replace('<small class="rv-note', '<sup class="rv-call" aria-hidden="true"></sup><small class="rv-note')
        sides = "".join(f'{_SIDE}{n}</span>' for n in notes)
        return f'<{tag}{attrs}>{sides}{inner}</{tag}>'

    banner_end = page.find("</aside>", main_start)
    if banner_end > 0:
        main_start = banner_end
    body = page[main_start:main_end]
    rv_pages = body.find('<section id="figures-appendix"')
    head, tail = (body, "") if rv_pages < 0 else (body[:rv_pages], body[rv_pages:])
    # Paragraphs first; then list items and headings with notes outside a paragraph.
    head = _PARAGRAPH.sub(side, head)
    head = _NOTE_BLOCK.sub(side, head)
    return page[:main_start] + head + tail + page[main_end:]


#: A note's conditions as the templates write them (``trace._conditions``:
#: code in brackets, no span inside), which review.css hides in print.
_CONDITIONS = re.compile(r'<span class="rv-cond">.*?</span>', re.S)


def without_hidden_notes(page: str) -> str:
    """The review page as the PDF is laid out from it: without what
    review.css hides in print, which WeasyPrint would parse and style only
    to drop (a sixth of the page's elements, about 3% of the PDF's time;
    the PDF is byte for byte the same). That is each note's conditions, and
    in the bulletin (after the banner, before the reviewer's pages, where
    notes print as they are) each note but its copy in the margin
    (``margin_notes``). The web page keeps both."""
    page = _CONDITIONS.sub("", page)
    start = page.find("</aside>", page.index("<main"))
    end = page.find('<section id="figures-appendix"')
    if start < 0 or end < 0:
        return page
    margin_or_note = re.compile(re.escape(_SIDE) + trace.NOTE.pattern + "</span>|" + trace.NOTE.pattern, re.S)
    body = margin_or_note.sub(lambda m: m[0] if m[0].startswith(_SIDE) else "", page[start:end])
    return page[:start] + body + page[end:]


def write(rel, figs, visuals, report, work: Path, formats=("html", "pdf"), cache=None) -> Path:
    """Write the reviewer's edition into ``work/review``. Reads the public
    outputs already in ``work`` (the QA report, the changes page) and
    changes none of them."""
    import shutil

    from ..outputs.render import TEMPLATES, for_print

    folder = work / FOLDER
    folder.mkdir(exist_ok=True)
    page, tracer = render_traced(rel, figs, visuals)
    page, untraced, unlinked = mark_untraced(page, printed_numbers(figs.ledger))
    qa_text = (work / "qa-report.txt").read_text(encoding="utf-8")
    extra = reviewer_pages(rel, figs, report, tracer, page, untraced, work, qa_text, unlinked)
    out = assemble(page, extra, banner(rel, len(untraced)))
    (folder / PAGE).write_text(out, encoding="utf-8")
    for name in ("review.css", "review.js"):  # the styles, and the search over the page's sentences
        shutil.copyfile(TEMPLATES / "review" / name, folder / name)
    if "pdf" in formats:
        from ..outputs.render import print_drawings
        write_pdf(rel, for_print(without_hidden_notes(out)), work, cache, drawings=print_drawings(visuals))
    return folder / PAGE


def write_pdf(rel, html: str, work: Path, cache=None, drawings: dict[str, bytes] | None = None) -> Path:
    """Lay out the review PDF, or reuse the one laid out from exactly the
    same page, styles, images and drawings (the public PDF's cache, its own
    key). ``drawings``: as for the public PDF, each chart's and map's PDF
    drawing by the path the public page loads its SVG from."""
    from ..cache import digest
    from ..outputs.pdf import _key

    drawings = drawings or {}
    out = work / FOLDER / PDF_NAME
    key = None
    if cache is not None:
        key = digest(_key(html, work / FOLDER), rel.id, rel.published, PDF_NAME, *sorted(drawings.items()))
    found = cache.get_bytes("pdf", PDF_NAME, key) if key is not None else None
    if found is not None:
        out.write_bytes(found)
        return out
    _layout(rel, html, work / FOLDER, out, drawings)
    if key is not None:
        cache.put_bytes("pdf", key, out.read_bytes())
    return out


def _layout(rel, html: str, folder: Path, out: Path, drawings: dict[str, bytes]) -> None:
    """The review PDF as WeasyPrint lays it out, with the charts and maps
    placed as the public PDF places them (their PDF drawings, not their
    SVGs, which WeasyPrint draws slowly). Not the public PDF's finishing
    for publication: the edition is for the two reviewers, not published."""
    from ..outputs.pdf import lay_out
    from ..outputs.pdf_drawings import place_into

    # The reviewer's page is a folder below the public one: it loads the
    # charts from ../charts/ and ../maps/.
    placed = lay_out(rel, html, folder, out, drawings, up="../",
                     pdf_identifier=f"ofsted-{rel.id}-review".encode())
    if placed:
        place_into(out, placed)


def remove_html(work: Path) -> None:
    """For ``--format pdf``: keep the review PDF only."""
    for name in (PAGE, "review.css", "review.js"):
        (work / FOLDER / name).unlink(missing_ok=True)
