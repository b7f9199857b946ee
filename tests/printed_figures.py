"""Each number the bulletin prints, paired with the figure that printed it.

The reviewer's edition (``release/review/edition.py``) renders the page with every
figure and every chosen wording as a link to its ledger key. Walking that
page gives each numeral (and each count written in words) the key it was
printed from, so a test can ask more than "is this number somewhere in the
ledger?": is it *the* value of the figure the sentence printed, a share's
count where a count is printed, its base where its base is? And where the
text writes a share out in full, "72% (39 of 54)", do the three agree?
"""

from __future__ import annotations

import functools
import html
import re
from decimal import ROUND_HALF_UP, Decimal

from release.review import edition as review, trace
from release.review.edition import NUMERAL
from release.ledger import Share

from bulletin_text import page_text

ANCHOR_OPEN = re.compile(r'<a class="fig(?: fig-([\w-]+))?" href="#fig-[^"]+" data-key="([^"]*)"')
#: Kinds of traced wording whose words are a count ("Sixty-two", "one"),
#: not a proportion ("one fifth") or a change ("four percentage points").
COUNTED = {None, "value", "count"}
#: A date written out ("30 September 2016", "March 2017"): dates are the
#: release's, from release.toml, not counts.
DATE = re.compile(r"\b(?:\d{1,2} )?(?:January|February|March|April|May|June|July|August|September|October|November"
                  r"|December) \d{4}\b")
#: Chart and map numbers are the page's, not the data's.
VISUAL_NUMBERS = re.compile(r"\b(Charts?|Maps?|Tables?) \d+(?:(?:,| and| to|–) ?\d+)*")

DIGIT = re.compile(r"\d")

NONE_WORDS = re.compile(r"^\s*(no|none)\b", re.I)


def traced_page(rel, figs, visuals) -> str:
    from bulletin_text import environment

    page, _ = review.render_traced(rel, figs, visuals, env=environment(traced=True))
    return page


def reader_text(traced: str) -> str:
    """The text a reader of the public page sees, from the traced page."""
    return page_text(trace.NOTE.sub("", traced))


# Kept for the last pages read: the property test reads each page's body
# twice (its numbers, then its sentences), and cutting it out takes about
# 3 ms of a page. A page is a string, so its body is the same whoever asks.
@functools.lru_cache(maxsize=2)
def body_of(traced: str) -> str:
    """The commentary: the main part of the page without charts, their
    data tables, notes and footnote numbers."""
    body = traced[traced.index("<main"):traced.index("</main>")]
    body = trace.NOTE.sub("", body)
    body = re.sub(r"<figure.*?</figure>|<details.*?</details>|<table.*?</table>", " ", body, flags=re.S)
    body = re.sub(r'<span class="fn-print">.*?</span>', "", body, flags=re.S)
    return re.sub(r"<sup[^>]*>.*?</sup>", "", body, flags=re.S)


def printed(body: str) -> list[tuple[str, tuple[str, ...] | None, str, str | None]]:
    """Every numeral the reader sees, with the keys of the link it sits in
    (None outside a link), the text around it and the kind of link."""
    out, keys, kind, label = [], None, None, ""
    body = re.sub(r'<mark class="rv-typed">.*?</mark>', " ", body, flags=re.S)  # typed in release.toml
    for piece in re.split(r"(<[^>]+>)", body):
        m = ANCHOR_OPEN.match(piece)
        if m:
            keys, kind, label = tuple(m.group(2).split()), m.group(1), ""
        elif piece == "</a>":
            if keys is not None and kind in COUNTED and not NUMERAL.search(label) and label.strip():
                out.append((label.strip(), keys, label, "words"))
            keys = None
        elif not piece.startswith("<"):
            text = html.unescape(piece)
            if keys is not None:
                label += text
            if not DIGIT.search(text):
                continue  # no numeral, chart number or date: most pieces of the page
            text = VISUAL_NUMBERS.sub(" ", text)
            if keys is None:
                text = DATE.sub(" ", text)
            out += [(m.group(0).rstrip(",."), keys, text[m.start():m.start() + 40] if keys is None else text, kind)
                    for m in NUMERAL.finditer(text)]
    return out


#: A number in words at the start of a link's text ("two hundred and one").
_NUMBER_WORD = sorted("""zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand and""".split(),
                      key=len, reverse=True)
NUMBER_WORDS = re.compile(r"^(?:no\b|(?:(?:" + "|".join(_NUMBER_WORD) + r")\b[ -]?)+)")


def _in_words(value: int) -> str:
    """How the release writes a count in words: "no" for none."""
    from release.words.filters import number_words

    return "no" if value == 0 else number_words(value)


def _value_of(figs, key: str):
    """A figure's value; a share's count or base for ``x.count``, ``x.base``."""
    ledger = figs.ledger.figures
    head, _, tail = key.rpartition(".")
    if key not in ledger and tail in ("count", "base") and isinstance(ledger.get(head), Share):
        return getattr(ledger[head], f"{tail}_value")
    return ledger[key].value if key in ledger else None


def _counts(figs, keys) -> list[int]:
    """The whole-number values of the figures ``keys``."""
    return [v for v in (_value_of(figs, k) for k in keys) if isinstance(v, int) and not isinstance(v, bool)]


def _figure_numbers(figs, key: str) -> set[str]:
    """What printing the figure ``key`` can show: a share's percentage, a
    share's count (``x.count``) or base (``x.base``), a count's value, or
    the numerals of a figure's published text."""
    fig = figs.ledger.figures.get(key)
    if fig is None:
        return {f"{v:,}" for v in _counts(figs, [key])}
    # A share's text is its percentage as printed: "72%", or "over 99%" for
    # a share that rounds to 100 without being all.
    found = {n.rstrip(",.") for n in NUMERAL.findall(fig.text)}
    if not isinstance(fig, Share) and _counts(figs, [key]):
        found.add(f"{abs(fig.value):,}")
    return found


def _differences(figs, keys) -> set[str]:
    """A change's size: the difference between any two of its figures."""
    values = _counts(figs, keys)
    return {f"{abs(a - b):,}" for a in values for b in values if a != b}


#: The templates' text by the templates folder and each file's name, size
#: and time of change: reading them all again took a tenth of each check.
_TEMPLATE_TEXT: dict = {}


def template_text() -> str:
    """``review._template_text()``, read again only when a template file
    changed (or was added or removed)."""
    from release.outputs.render import TEMPLATES

    key = (TEMPLATES, tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(TEMPLATES.rglob("*.html"))))
    if key not in _TEMPLATE_TEXT:
        _TEMPLATE_TEXT.clear()
        _TEMPLATE_TEXT[key] = review._template_text()
    return _TEMPLATE_TEXT[key]


def mispaired(traced: str, figs) -> list[str]:
    """Each printed number that is not the value of the figure it was
    printed from, and each number printed from no figure at all (other
    than text written into the templates, such as an Act's year)."""
    fixed = template_text()
    problems = []
    for n, keys, context, kind in printed(body_of(traced)):
        if keys is None:
            chunk = re.sub(r"\s+", " ", context).strip()
            if chunk not in fixed:
                problems.append(f"{n} printed from no figure: …{chunk[:100]}…")
            continue
        keys = tuple(k for k in keys if not k.startswith("release:"))
        if not keys:
            continue  # release metadata: a date or a year from release.toml
        if kind == "words":
            # A count in words ("Sixty-two", "one", "No"): the words for
            # the figure's value, or a count word that is not a number.
            values = _counts(figs, keys)
            said = n.lower()
            if values and NUMBER_WORDS.match(said) and not any(_in_words(v) == NUMBER_WORDS.match(said).group(0)
                                                               for v in values):
                problems.append(f"“{n}” printed from {', '.join(keys)}, which holds {values}")
            continue
        allowed = set().union(*(_figure_numbers(figs, k) for k in keys))
        if kind == "change":
            allowed |= _differences(figs, keys)
        if n not in allowed and n.replace(",", "") not in {a.replace(",", "") for a in allowed}:
            problems.append(f"{n} printed from {', '.join(keys)}, which holds {sorted(allowed) or 'nothing'}")
    return problems


#: A share written out in full: "72% (39 of 54" or "(72%, 39 of 54".
SHARE_IN_FULL = re.compile(r"(?<!over )(?<!under )\b(\d+)%,? \(?(\d[\d,]*) of (\d[\d,]*)\b")
#: "over 99% (199 of 200)", "under 1% (1 of 200)": a share that rounds to all or none without being it.
EDGE_IN_FULL = re.compile(r"\b(over 99|under 1)%,? \(?(\d[\d,]*) of (\d[\d,]*)\b")


def shares_that_do_not_add_up(text: str) -> list[str]:
    """Each "P% (C of B)" in the text whose P is not C/B rounded half up."""
    bad = []
    for m in SHARE_IN_FULL.finditer(text):
        p, c, b = int(m.group(1)), int(m.group(2).replace(",", "")), int(m.group(3).replace(",", ""))
        exact = (Decimal(100) * c / b).quantize(Decimal(1), ROUND_HALF_UP) if b else None
        if exact != p or c > b:
            bad.append(f"{m.group(0)}: {c} of {b} is {exact}%")
    for m in EDGE_IN_FULL.finditer(text):
        c, b = int(m.group(2).replace(",", "")), int(m.group(3).replace(",", ""))
        exact = (Decimal(100) * c / b) if b else None
        right = exact is not None and (99 < exact < 100 if m.group(1) == "over 99" else 0 < exact < 1)
        if not right:
            bad.append(f"{m.group(0)}: {c} of {b} is {exact}%")
    return bad


# --- sentences --------------------------------------------------------------

#: The sections whose paragraphs are commentary (not headings, contents,
#: footnote references or the glossary's definitions).
COMMENTARY = ("key-points", "introduction", "la-inspections", "comparisons", "lscb", "homes", "revisions", "notes")


def commentary_sentences(traced: str) -> list[str]:
    """Each sentence of the commentary's paragraphs and key points, as the
    reader sees it."""
    from release.series import split_sentences

    body = body_of(traced)
    sentences = []
    for section in COMMENTARY:
        m = re.search(rf'<section id="{section}"[^>]*>(.*?)</section>', body, re.S)
        if not m:
            continue
        part = m.group(1)
        blocks = re.findall(r"<(p|li)\b[^>]*>(.*?)</\1>", part, re.S) if section == "key-points" else \
            re.findall(r"<(p)\b[^>]*>(.*?)</p>", part, re.S)
        for _, block in blocks:
            text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", block))).strip()
            text = re.sub(r"\((?:Charts?|Maps?) [^)]*\)", "", text).strip()
            sentences += [s.strip() for s in split_sentences(text) if s.strip()]
    return sentences


#: The finite verbs the commentary is written with. A sentence with none of
#: them has lost its verb (a clause dropped for some data and took the verb
#: with it). A new sentence with a verb not listed here fails the property
#: test, naming the sentence: add the verb.
FINITE_VERBS = frozenset("""
is are was were be been has have had do does did can could will would may might should must shall
accounted allows changed completes conduct conducts contain contains continued cover covers declined decreased
dropped falls fell found gives improved includes increased inspects joined lived looks led moved provides refers relates
remained resulted rose saw show shows showed stayed takes talk varied varies
""".split())
#: A line that only introduces the list below it ("In particular:").
LEAD_IN = re.compile(r":\s*$")


def without_a_verb(sentences) -> list[str]:
    """The sentences that have none of the finite verbs."""
    return [s for s in sentences if not LEAD_IN.search(s)
            and not FINITE_VERBS.intersection(re.findall(r"[a-z]+", s.lower()))]
