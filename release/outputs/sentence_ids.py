"""Sentence ids: which template sentence each sentence of a rendered page
comes from, and which conditions brought it in or left it out.

The changes page (``changes.html``) pairs the sentences of this release's
bulletin with the previous release's by the template sentence they come
from, not by their wording. For that, both are rendered once more in an
environment of their own (``environment(sentence_ids=True)`` in
``release.outputs.render``; the public page and the reviewer's edition are rendered
without it, so no public file changes) with this Jinja extension, which:

- puts a marker, the HTML comment ``<!--sid la_sif.html:57-->``, where
  each sentence of a template starts: after the opening tag of a paragraph,
  list item or heading, and after the full stop of a sentence written in the
  template when the next text starts a sentence (a capital, a figure, or
  ``{{ }}``). The id is the template file and the line the sentence starts
  on (with ``.2``, ``.3`` for a second or third sentence starting on one
  line): a sentence keeps its id whatever its numbers and words, and two
  renders of the same templates give the same ids;
- records, for each id, the ``{% if %}`` / ``{% elif %}`` / ``{% else %}``
  branches it is inside (the condition as written), and rewrites each
  condition to record, while the page is rendered, which branch was taken,
  so that a sentence in one release only can be given the condition that
  left it out or brought it in, with the figures the condition reads.

``sentences(page)`` reads the marked page back: each sentence with its id
and the id of the element it is in where that element has one (a key point,
a footnote), which tells repeated sentences of a loop apart.
"""

from __future__ import annotations

import contextvars
import html
import os
import pickle
import re
from contextlib import contextmanager
from pathlib import Path

from jinja2.bccache import FileSystemBytecodeCache
from jinja2.ext import Extension
from jinja2.lexer import Token

from .template_tokens import condition_source, tag_word, until

#: Elements whose text starts a sentence.
BLOCK_TAGS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "td", "th", "figcaption",
                        "caption"})
#: Calls that print a footnote call or a chart, not words: not the start of a sentence.
NOT_TEXT = frozenset({"fn", "fn_text", "place"})
#: Words whose full stop does not end a sentence.
ABBREVIATIONS = frozenset({"St", "e.g", "i.e", "etc", "No", "Mr", "Mrs", "Dr", "cf"})
#: An HTML comment: invisible, and no other element's pattern is confused by it.
MARKER = "<!--sid {}-->"
_MARKER = re.compile(r"<!--sid ([^ >]+)-->")

_RECORD: contextvars.ContextVar[dict | None] = contextvars.ContextVar("sentence_conditions", default=None)

NONE, SOFT, HARD = 0, 1, 2  # where a sentence may start: not here, after a full stop, at a block's start


def _sid_if(cid: str, n: int, value) -> bool:
    """A rewritten ``{% if %}`` / ``{% elif %}``: the condition's value,
    recording the branch taken (per entry into the if-chain)."""
    result = bool(value)
    record = _RECORD.get()
    if record is not None:
        entries = record.setdefault(cid, [])
        if n == 0 or not entries:
            entries.append(None)
        if result and entries[-1] is None:
            entries[-1] = n
    return result


@contextmanager
def recording():
    """Record the branches taken while a page renders: yields the record,
    {condition id: [branch taken at each entry, None where no condition held]}."""
    record: dict = {}
    token = _RECORD.set(record)
    try:
        yield record
    finally:
        _RECORD.reset(token)


class SentenceIds(Extension):
    """Marks where each template sentence starts and records the conditions
    around it (see the module's docstring). ``environment.sentence_ids``:
    {id: {"conditions": [(condition id, branch, is_else)], "loop": bool}};
    ``environment.sentence_conditions``: {condition id: [condition as
    written, per branch]}; ``environment.sentence_aliases``: {template:
    {name: what it was set to}}."""

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(sentence_ids={}, sentence_conditions={}, sentence_aliases={})
        environment.globals["_sid_if"] = _sid_if

    def filter_stream(self, stream):
        name = (stream.name or "template").removeprefix("sections/")
        registry, conditions = self.environment.sentence_ids, self.environment.sentence_conditions
        aliases = self.environment.sentence_aliases.setdefault(name, {})
        scan = _Scan()
        frames: list[dict] = []  # open blocks: if / for / macro / call / set / filter
        per_line: dict[int, int] = {}

        def new_id(line: int) -> str:
            per_line[line] = per_line.get(line, 0) + 1
            sid = f"{name}:{line}" + (f".{per_line[line]}" if per_line[line] > 1 else "")
            repeats = [f for f in frames if f["kind"] in ("for", "macro")]
            registry[sid] = {"conditions": [(f["cid"], f["branch"], f["else"]) for f in frames if f["kind"] == "if"],
                             "loop": bool(repeats),
                             "repeated_by": f"{{% {repeats[-1]['kind']} {repeats[-1]['src']} %}}" if repeats else ""}
            return sid

        tokens = iter(stream)
        for tok in tokens:
            if tok.type == "data":
                yield from scan.data(tok, new_id)
                continue
            if tok.type == "variable_begin":
                body = until(tokens, "variable_end")
                head = body[0] if body else None
                if scan.start and not scan.in_tag and not (head is not None and head.type == "name"
                                                           and head.value in NOT_TEXT):
                    yield Token(tok.lineno, "data", MARKER.format(new_id(tok.lineno)))
                    scan.start = NONE
                yield tok
                yield from body
                continue
            if tok.type != "block_begin":
                yield tok
                continue
            body = until(tokens, "block_end")
            head, word = tag_word(body)
            line = tok.lineno
            if word == "if":
                cid = f"{name}:{line}"
                conditions[cid] = [condition_source(body[1:-1])]
                frames.append({"kind": "if", "cid": cid, "branch": 0, "else": False, "entry": scan.start,
                               "ends": []})
                yield from self._recorded(tok, head, body, cid, 0)
                continue
            top = frames[-1] if frames else None
            if word in ("elif", "else") and top is not None and top["kind"] == "if":
                top["ends"].append(scan.start)
                scan.start = top["entry"]
                if word == "elif":
                    conditions[top["cid"]].append(condition_source(body[1:-1]))
                    top["branch"] += 1
                    yield from self._recorded(tok, head, body, top["cid"], top["branch"])
                    continue
                top["branch"], top["else"] = len(conditions[top["cid"]]), True
            elif word == "endif" and top is not None and top["kind"] == "if":
                frames.pop()
                ends = top["ends"] + [scan.start] + ([] if top["else"] else [top["entry"]])
                scan.start = max(ends)
            elif word in ("for", "macro", "call", "filter", "block") or (
                    word == "set" and not any(t.type == "assign" for t in body)):
                footnote = word == "call" and len(body) > 1 and body[1].type == "name" and body[1].value in NOT_TEXT
                frames.append({"kind": word, "entry": scan.start, "src": condition_source(body[1:-1])})
                if word not in ("for", "block"):
                    # A macro, a captured set or a filtered block starts mid-sentence;
                    # a footnote's text starts its own.
                    scan.start = HARD if footnote else NONE
            elif word.startswith("end") and top is not None and top["kind"] != "if":
                frames.pop()
                if top["kind"] == "for":
                    scan.start = max(scan.start, top["entry"])
                elif top["kind"] != "block":
                    scan.start = top["entry"]
            elif word == "set":
                _aliases(body, aliases)
            yield tok
            yield from body

    @staticmethod
    def _recorded(begin, head, body, cid: str, n: int):
        """``{% if c %}`` as ``{% if _sid_if(cid, n, (c)) %}``."""
        line = begin.lineno
        yield begin
        yield head
        yield Token(line, "name", "_sid_if")
        yield Token(line, "lparen", "(")
        yield Token(line, "string", cid)
        yield Token(line, "comma", ",")
        yield Token(line, "integer", n)
        yield Token(line, "comma", ",")
        yield Token(line, "lparen", "(")
        yield from body[1:-1]
        yield Token(line, "rparen", ")")
        yield Token(line, "rparen", ")")
        yield body[-1]


def _aliases(body, aliases: dict) -> None:
    """``{% set a, b = F.x, F.y %}``: a is F.x, b is F.y (plain dotted names only)."""
    i = next((k for k, t in enumerate(body) if t.type == "assign"), None)
    if i is None:
        return
    names = [t.value for t in body[1:i] if t.type == "name"]
    values, current = [], []
    for t in body[i + 1:-1]:
        if t.type == "comma":
            values.append(current)
            current = []
        else:
            current.append(t)
    values.append(current)
    for n, value in zip(names, values):
        if value and all(t.type in ("name", "dot") for t in value):
            aliases[n] = "".join(str(t.value) for t in value)


class _Scan:
    """Where sentences start in a template's literal text."""

    def __init__(self):
        self.start = HARD
        self.in_tag = False
        self.block_tag = ""  # "open" or "close" while inside a block element's tag

    def data(self, tok, new_id):
        text, line = tok.value, tok.lineno
        out, last, i = [], 0, 0
        while i < len(text):
            c = text[i]
            if self.in_tag:
                if c == ">":
                    self.in_tag = False
                    if self.block_tag:
                        self.start = HARD if self.block_tag == "open" else NONE
                i += 1
                continue
            if c == "<" and i + 1 < len(text) and (text[i + 1].isalpha() or text[i + 1] in "/!"):
                tag = re.match(r"<(/?)([a-zA-Z0-9]+)", text[i:])
                block = tag is not None and tag.group(2).lower() in BLOCK_TAGS
                self.block_tag = ("close" if tag.group(1) else "open") if block else ""
                if self.start and not block and text[i + 1] != "/":
                    # An inline element (a link, emphasis) starts the sentence.
                    out += [text[last:i], MARKER.format(new_id(line + text.count("\n", 0, i)))]
                    last, self.start = i, NONE
                self.in_tag = True
                i += 1
                continue
            if c.isspace():
                i += 1
                continue
            if self.start:
                if self.start == HARD or c.isupper() or c.isdigit() or c in "“‘\"":
                    out += [text[last:i], MARKER.format(new_id(line + text.count("\n", 0, i)))]
                    last = i
                self.start = NONE
            if c in ".!?" and _ends_sentence(text, i):
                self.start = SOFT
            i += 1
        out.append(text[last:])
        for part in out:
            if part:
                yield Token(line, "data", part)


def _ends_sentence(text: str, i: int) -> bool:
    """The full stop at ``text[i]`` ends a sentence: followed (after any
    closing quote or bracket) by a space or the end of the text, and not
    the stop of an abbreviation."""
    j = i + 1
    while j < len(text) and text[j] in "”’\")":
        j += 1
    closing = re.match(r"(</[a-zA-Z0-9]+>)+", text[j:])  # "<strong>Sample data.</strong> This …"
    if closing:
        j += closing.end()
    if j < len(text) and not text[j].isspace():
        return False
    word = re.search(r"([\w.]+)$", text[:i])
    return not (word and word.group(1) in ABBREVIATIONS)


# --- reading a marked page back ----------------------------------------------------------

_BLOCK = re.compile(r"<(p|li|h[1-4])\b([^>]*)>(.*?)</\1>", re.S)
_DROP = re.compile(r'<span class="fn-print">.*?</span>|<sup[^>]*>.*?</sup>|<figure.*?</figure>', re.S)
_ID = re.compile(r'\bid="([^"]*)"')
#: A piece of text that does not start a sentence ("(Chart 1)", ", and …"): it
#: continues the sentence before it.
_CONTINUES = re.compile(r"^[^A-Z0-9“‘\"]")


def sentences(page: str) -> list[dict]:
    """The sentences of a page rendered with sentence ids, in order: each
    {"id": template sentence, "within": the id of the element it is in
    (or ""), "text": the sentence}. Headings count as sentences; footnote
    calls, charts and their data tables are left out."""
    body = _DROP.sub("", page.split("<main", 1)[-1])
    out = []
    for _, attrs, inner in _BLOCK.findall(body):
        found = _ID.search(attrs)
        within = found.group(1) if found else ""
        parts = _MARKER.split(inner)
        # parts: text before the first marker, then (id, text) pairs.
        pieces = [("", parts[0])] + list(zip(parts[1::2], parts[2::2]))
        block: list[dict] = []
        for sid, raw in pieces:
            text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", raw))).replace("↩", "").strip()
            if not text:
                continue
            if block and (not sid or _CONTINUES.match(text)):
                block[-1]["text"] += " " + text
                continue
            block.append({"id": sid or "(no id)", "within": within, "text": text})
        out += block
    return out


# --- compiled templates kept between builds -------------------------------------

def recorded(environment, template: str) -> dict:
    """What the extension recorded of ``template`` while compiling it: its
    sentences, its conditions and its aliases (each keyed by the template's
    name, as ``filter_stream`` names them)."""
    name = template.removeprefix("sections/")
    mine = f"{name}:"
    return {"sentence_ids": {k: v for k, v in environment.sentence_ids.items() if k.startswith(mine)},
            "sentence_conditions": {k: v for k, v in environment.sentence_conditions.items() if k.startswith(mine)},
            "sentence_aliases": {name: environment.sentence_aliases[name]} if name in environment.sentence_aliases
            else {}}


def restore(environment, record: dict) -> None:
    """Put back what ``recorded`` gave, for a template loaded compiled."""
    for registry, entries in record.items():
        getattr(environment, registry).update(entries)


class RecordedBytecode(FileSystemBytecodeCache):
    """Compiled templates of the sentence-id environment, kept in a folder
    between builds, each with what the extension recorded of it while it
    was compiled (``recorded``): a template loaded compiled is not
    compiled, so its record is put back from beside it. A compiled
    template without its record is compiled again. Jinja keys a template
    by its name and source only, so the folder must be one for this
    extension's code (``render.sentence_ids_folder``)."""

    def get_bucket(self, environment, name, filename, source):
        bucket = super().get_bucket(environment, name, filename, source)
        bucket.template = name
        if bucket.code is not None:
            record = self._read_record(bucket)
            if record is None:
                bucket.code = None
            else:
                restore(environment, record)
        return bucket

    def set_bucket(self, bucket) -> None:
        record = pickle.dumps((bucket.checksum, recorded(bucket.environment, bucket.template)))
        path = self._record_path(bucket)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(record)
        os.replace(temporary, path)
        super().set_bucket(bucket)

    def _record_path(self, bucket) -> Path:
        return Path(self._get_cache_filename(bucket) + ".record")

    def _read_record(self, bucket) -> dict | None:
        try:
            checksum, record = pickle.loads(self._record_path(bucket).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            return None
        return record if checksum == bucket.checksum else None
