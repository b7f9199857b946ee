"""Tracing a render for the reviewer's edition: every figure, every word
chosen from a number, and every condition that chose a sentence, marked on
the page with the numbers behind it.

Nothing here runs in the public build. The instrumentation is switched on
only inside ``tracing()``, for the one render of the reviewer's edition:

- a figure printed by a template renders as a link to its appendix entry
  (``Figure.__html__``, set on the class only while tracing);
- the words filters (``release.words.filters``) are wrapped so that what they
  return remembers the figures it was chosen from and why
  (``TracedText``), and renders as a link with a note: "an increase:
  26% → 28%", "just under three quarters: 39 of 54 = 72.2%";
- ``ReviewConditions``, a Jinja extension of the review environment only,
  records every ``{% if %}`` and every ``{{ a if b }}`` of the templates: the
  case chosen, the figures that chose it, and the text of the cases not
  shown (a dropped sentence is noted where it would have been).

Templates are not edited for any of this: commentary written for the public
page is traced as it stands.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import html
import re
from contextlib import contextmanager

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token
from markupsafe import Markup, escape

from ..outputs.template_tokens import condition_source, tag_word, until
from ..words import filters as words
from ..ledger import Figure, Share

_TRACER: contextvars.ContextVar["Tracer | None"] = contextvars.ContextVar("review_tracer", default=None)

#: A reviewer's note, as the page carries it (no element of the same name inside).
NOTE = re.compile(r'<small class="rv-note[^"]*"[^>]*>.*?</small>', re.S)
#: A traced figure or wording on the page.
ANCHOR = re.compile(r'<a class="fig[^"]*" href="#fig-([^"]+)" data-key="([^"]*)"[^>]*>(.*?)</a>', re.S)


def plain(markup) -> str:
    """The reader's text of a piece of the reviewer's page: notes left out,
    tags dropped."""
    return html.unescape(re.sub(r"<[^>]+>", "", NOTE.sub("", str(markup))))


# --- what a traced piece of text knows --------------------------------------

class TracedText(str):
    """Text chosen from figures: the words a filter returned, the figures it
    was chosen from (``keys``), what kind of choice it was and a note saying
    how the numbers chose it."""

    keys: tuple = ()
    kind: str = ""
    note: Markup = Markup("")

    def __new__(cls, text, keys=(), kind="", note=Markup("")):
        obj = super().__new__(cls, text)
        obj.keys, obj.kind, obj.note = tuple(dict.fromkeys(keys)), kind, note
        return obj

    def __html__(self):
        return _joined(anchor(str(self), self.keys, self.kind), note_html(self.kind, self.note))


class TracedInt(int):
    """A figure's whole-number value read by a template (``fig.value``)."""

    key = ""

    def __html__(self):
        return anchor(f"{int(self)}", (self.key,), "value")


class TracedDate(dt.date):
    """A date of the release's metadata (``rel.sif_framework_start``), so a
    heading's "November 2013" is traced to ``release.toml`` too."""

    key = ""

    def strftime(self, fmt):
        return TracedText(super().strftime(fmt), (self.key,), "meta")


def _joined(*parts: Markup) -> Markup:
    """Pieces of markup one after another: ``a + b + c`` as Markup adds
    them, without escaping each piece again (each is Markup already) and
    making a new Markup at each ``+``."""
    return Markup("".join(parts))


def _html(template: str, *args) -> Markup:
    """``Markup(template).format(*args)`` for a template of plain fields
    (``{}``, ``{0}``): each argument escaped (through its ``__html__``
    where it has one) and put in place by ``str.format``. The same text
    without markupsafe's ``string.Formatter``, which took a fifth of the
    traced render."""
    return Markup(template.format(*map(_escaped, args)))


def _escaped(x) -> str:
    """``escape(x)``, with plain text escaped as markupsafe escapes it but
    without making a Markup of each piece (tens of thousands a render)."""
    if type(x) is str:
        return x.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;") \
            .replace('"', "&#34;")
    return x if type(x) is Markup else escape(x)


def anchor(text: str, keys, kind: str = "") -> Markup:
    keys = [k for k in keys if k]
    if not keys:
        return escape(text)
    tracer = _TRACER.get()
    if tracer is not None:
        tracer.used.update(keys)
    target = tracer.entry(keys[0]) if tracer else keys[0]
    cls = "fig" + (f" fig-{kind}" if kind else "")
    return _html('<a class="{}" href="#fig-{}" data-key="{}">{}</a>', cls, target, " ".join(keys), text)


KIND_LABELS = {"change": "change", "proportion": "proportion", "count": "count word", "superlative": "superlative",
               "dropped": "not shown", "case": "chosen case", "shown": "shown because", "typed": "typed text",
               "untraced": "not from data"}


def note_html(kind: str, body) -> Markup:
    if not body:
        return Markup("")
    return _html('<small class="rv-note rv-{0}" data-kind="{0}" role="note"><b>{1}:</b> {2}</small>',
                 kind, KIND_LABELS.get(kind, kind), body)


def fig_link(fig) -> Markup:
    """``sif.oe.good_or_better = 28% (30 of 109)`` with the key linked."""
    tracer = _TRACER.get()
    key = fig.key
    if tracer is not None:
        tracer.used.add(key)
    target = tracer.entry(key) if tracer else key
    return _html('<a href="#fig-{}"><code>{}</code></a> = {}', target, key, describe_value(fig))


def describe_value(fig) -> str:
    with _untraced():
        if isinstance(fig, Share):
            if fig.value is None:
                return f"no base ({fig.count_value} of {fig.base_value})"
            return f"{fig.text} ({fig.count_value:,} of {fig.base_value:,})"
        return fig.text


def _text(x) -> str:
    """A filter argument as the reader sees it."""
    if isinstance(x, Figure):
        with _untraced():
            return x.text
    return plain(x) if isinstance(x, Markup) else str(x)


# --- the tracer ----------------------------------------------------------------

class Tracer:
    """What one traced render has seen."""

    def __init__(self, ledger):
        self.ledger = ledger
        self.used: set[str] = set()
        #: Figures read while a condition is evaluated (None: not collecting).
        self.consulted: list | None = None
        #: For each condition chain, the last evaluation: [(branch, result, figures)].
        self.evaluations: dict[str, list] = {}
        self.paused = 0

    def entry(self, key: str) -> str:
        """The appendix entry a key is listed under: a share's count and
        base (``x.count``) under the share itself."""
        if key in self.ledger.figures:
            return key
        head, _, tail = key.rpartition(".")
        if tail in ("count", "base") and head in self.ledger.figures:
            return head
        return key

    def consult(self, fig) -> None:
        if self.consulted is not None and not self.paused and all(f is not fig for f in self.consulted):
            self.consulted.append(fig)

    # Figures as they render while tracing.
    def figure_html(self, fig) -> Markup:
        with _untraced():
            text, key = fig.text, fig.key
        return _joined(anchor(text, (key,), ""), self.superlative_note(fig))

    def superlative_note(self, fig) -> Markup:
        """A figure that names the highest or lowest of a group ("the North
        East") with the figures beside it that say whether it is unique and by
        how much: "lowest: the North East; unique: yes; share: 9"."""
        head, _, tail = fig.key.rpartition(".")
        if tail not in ("name", "names") or f"{head}.unique" not in self.ledger.figures:
            return Markup("")
        with _untraced():
            parts = [_html("{} – <i>{}</i>", fig.text, self.ledger.figures[fig.key].definition)]
            for key, other in self.ledger.figures.items():
                if key.startswith(head + ".") and key != fig.key and key.count(".") == fig.key.count("."):
                    parts.append(_html("{}: {}", key.rpartition(".")[2].replace("_", " "), describe_value(other)))
        self.used.add(fig.key)
        return note_html("superlative", Markup("; ").join(parts))


class _untraced:
    """``with _untraced():`` reads figures without recording them (the
    tracer paused for the block). A class rather than a generator's
    context manager: it is entered tens of thousands of times a render."""

    __slots__ = ("tracer",)

    def __enter__(self):
        self.tracer = _TRACER.get()
        if self.tracer is not None:
            self.tracer.paused += 1

    def __exit__(self, *exc):
        if self.tracer is not None:
            self.tracer.paused -= 1


_VALUE_FIELDS = frozenset({"value", "count_value", "base_value"})


@contextmanager
def tracing(ledger):
    """Switch tracing on for one render. ``Figure`` gets an ``__html__``
    and a watch on its values only inside this block: the public render
    runs the class exactly as written."""
    tracer = Tracer(ledger)
    token = _TRACER.set(tracer)

    def __html__(self):
        return tracer.figure_html(self)

    def __getattribute__(self, name):
        value = object.__getattribute__(self, name)
        if name in _VALUE_FIELDS and not tracer.paused:
            tracer.consult(self)
            if name == "value" and type(value) is int:
                value = TracedInt(value)
                value.key = object.__getattribute__(self, "key")
            elif name == "value" and type(value) is str:
                value = TracedText(value, (object.__getattribute__(self, "key"),), "value")
        return value

    saved = {name: Figure.__dict__.get(name) for name in ("__html__", "__getattribute__")}
    Figure.__html__ = __html__
    Figure.__getattribute__ = __getattribute__
    try:
        yield tracer
    finally:
        for name, old in saved.items():
            if old is None:
                delattr(Figure, name)
            else:
                setattr(Figure, name, old)
        _TRACER.reset(token)


# --- the words filters, traced --------------------------------------------------

#: Which kind of choice each filter makes.
FILTER_KINDS = {
    **dict.fromkeys(("change_from", "up_down", "a_change", "rose_fell", "increase_decrease", "more_fewer",
                     "a_sized_change", "points"), "change"),
    **dict.fromkeys(("proportion", "quantity", "quantity_of", "per_cent_words"), "proportion"),
    **dict.fromkeys(("words", "count", "start", "ordinal", "both_all"), "count"),
    **dict.fromkeys(("plural", "was_were", "has_have", "is_are"), "agree"),
}

#: How the release grades a change's size (``words.a_sized_change``).
SIZE_RULE = "1 point: very small; 2–3: small increase or slight decline; more: unqualified"


def _keys(x, out: list) -> None:
    if isinstance(x, Figure):
        with _untraced():
            out.append(x.key)
    elif isinstance(x, TracedText):
        out.extend(x.keys)
    elif isinstance(x, TracedInt):
        out.append(x.key)
    elif isinstance(x, Markup):
        for keys in re.findall(r'data-key="([^"]*)"', str(x)):
            out.extend(keys.split())
    elif isinstance(x, (list, tuple)):
        for item in x:
            _keys(item, out)


def _unwrap(x):
    """The argument as the filter expects it: a figure stays a figure; text
    chosen earlier becomes its words again."""
    if isinstance(x, Markup):
        return plain(x)
    if isinstance(x, TracedText):
        return str.__str__(x)
    if isinstance(x, (list, tuple)) and any(isinstance(i, (Markup, TracedText)) for i in x):
        return type(x)(_unwrap(i) for i in x)
    return x


def _number(x):
    with _untraced():
        v = x.value if isinstance(x, Figure) else x
    return v


def _exact(share) -> str:
    with _untraced():
        if isinstance(share, Share) and share.base_value:
            return f"{share.count_value:,} of {share.base_value:,} = {100 * share.count_value / share.base_value:.1f}%"
        value = share.value if isinstance(share, Figure) else share
        return f"{value:.2f}" if isinstance(value, float) else _text(share)


def _note(name: str, kind: str, args, out: str) -> Markup:
    if kind == "change" and len(args) >= 2:
        a, b = args[0], args[1]
        body = _html("“{}”: {} → {}", out, _text(a), _text(b))
        try:
            diff = int(_number(b)) - int(_number(a))
            points = isinstance(a, Share) or name in ("points", "a_sized_change")
            body += Markup(" ({:+,d}{})").format(diff, " points" if points else "")
        except (TypeError, ValueError):
            pass
        if name == "a_sized_change":
            body += _html("; sizes: {}", SIZE_RULE)
        return body
    if kind == "proportion":
        return _html("“{}”: {}", out, _exact(args[0]))
    if kind == "count" and not re.fullmatch(r"[\d,]+", out):
        return _html("“{}” = {}", out, _text(args[0]))
    return Markup("")


def traced_filter(name: str, fn):
    kind = FILTER_KINDS.get(name, "text")

    def traced(*args, **kwargs):
        keys: list = []
        for a in list(args) + list(kwargs.values()):
            _keys(a, keys)
        out = fn(*[_unwrap(a) for a in args], **{k: _unwrap(v) for k, v in kwargs.items()})
        if not isinstance(out, str) or not keys:
            return out
        if kind == "text" and len(args) == 1 and isinstance(args[0], TracedText):
            # "three" | capital is still the count word "Three".
            return TracedText(out, keys, args[0].kind, args[0].note)
        return TracedText(out, keys, kind, _note(name, kind, args, out))

    traced.__name__ = fn.__name__
    traced.__doc__ = fn.__doc__
    return traced


# --- conditions: the extension of the review environment --------------------------

def _is_tag_open(tail: str) -> bool:
    """Literal text so far ends inside an HTML tag (``href="``)."""
    return tail.rfind("<") > tail.rfind(">")


_OPEN = {"lparen", "lbracket", "lbrace"}
_CLOSE = {"rparen", "rbracket", "rbrace"}


def _top_level(tokens, name: str, start: int = 0) -> int:
    depth = 0
    for i in range(start, len(tokens)):
        t = tokens[i]
        if t.type in _OPEN:
            depth += 1
        elif t.type in _CLOSE:
            depth -= 1
        elif depth == 0 and t.type == "name" and t.value == name:
            return i
    return -1


class ReviewConditions(Extension):
    """Rewrites, in the review environment only, each ``{% if c %}`` as
    ``{% if _rif(_rstart(id, n), (c), id, n) %}``, each ``{{ a if c else b }}``
    as a traced choice, and puts ``{{ _rnote(id) }}`` after each ``{% endif %}``,
    so the page can say which case was chosen, by which figures, and what
    was not shown. The text of each case is kept in ``environment.review_branches``."""

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(review_branches={})

    def filter_stream(self, stream):
        registry = self.environment.review_branches
        name = stream.name or "template"
        chains: list[list] = []  # open if-chains: [id, [[condition, [text…]], …]]
        blocks: list[str] = []  # open block tags, so an {% else %} of a for loop is left alone
        tail, counter = "", 0
        tokens = iter(stream)
        for tok in tokens:
            if tok.type == "data":
                tail = (tail + tok.value)[-400:]
                for chain in chains:
                    chain[1][-1][1].append(tok.value)
                yield tok
                continue
            if tok.type == "variable_begin":
                body = until(tokens, "variable_end")
                end = body.pop()
                for chain in chains:
                    chain[1][-1][1].append("…")
                counter += 1
                yield from self._variable(tok, body, end, _is_tag_open(tail), f"{name}:{tok.lineno}:{counter}",
                                          registry)
                continue
            if tok.type != "block_begin":
                yield tok
                continue
            body = until(tokens, "block_end")
            head, word = tag_word(body)
            line = tok.lineno
            if word == "if":
                counter += 1
                cid = f"{name}:{line}:{counter}"
                cond = body[1:-1]
                chain = [cid, [[condition_source(cond), []]]]
                chains.append(chain)
                registry[cid] = chain[1]
                blocks.append("if")
                yield tok
                yield head
                yield from _wrapped_condition(cond, cid, 0, line)
                yield body[-1]
            elif word == "elif" and chains and blocks and blocks[-1] == "if":
                cid, branches = chains[-1]
                cond = body[1:-1]
                branches.append([condition_source(cond), []])
                yield tok
                yield head
                yield from _wrapped_condition(cond, cid, len(branches) - 1, line)
                yield body[-1]
            elif word == "else" and chains and blocks and blocks[-1] == "if":
                chains[-1][1].append([None, []])
                yield tok
                yield from body
            elif word == "endif" and chains:
                cid = chains.pop()[0]
                if blocks:
                    blocks.pop()
                yield tok
                yield from body
                yield from _call_output("_rnote", [Token(line, "string", cid)], line)
            else:
                if word in ("for", "call", "macro", "filter", "block") or (
                        word == "set" and not any(t.type == "assign" for t in body)):
                    blocks.append(word)
                elif word.startswith("end") and blocks:
                    blocks.pop()
                yield tok
                yield from body

    def _variable(self, begin, body, end, in_tag, cid, registry):
        line = begin.lineno
        if in_tag:
            # Inside an attribute (href="{{ url }}"): plain text, never a link.
            yield from _call_output("_rattr", [Token(line, "lparen", "(")] + body + [Token(line, "rparen", ")")],
                                    line, begin, end)
            return
        i = _top_level(body, "if")
        if i < 0:
            yield begin
            yield from body
            yield end
            return
        k = _top_level(body, "else", i + 1)
        cond = body[i + 1:k] if k >= 0 else body[i + 1:]
        rest = body[k:] if k >= 0 else []
        registry[cid] = [[condition_source(cond), [condition_source(body[:i])]]] + (
            [[None, [condition_source(rest[1:])]]] if rest else [])
        new = (body[:i] + [Token(line, "name", "if")]
               + [Token(line, "name", "_rcond"), Token(line, "lparen", "(")]
               + _call_tokens("_rstart", [Token(line, "string", cid), Token(line, "comma", ","),
                                          Token(line, "integer", 0)], line)
               + [Token(line, "comma", ","), Token(line, "lparen", "(")] + cond + [Token(line, "rparen", ")"),
                                                                                  Token(line, "comma", ","),
                                                                                  Token(line, "string", cid),
                                                                                  Token(line, "rparen", ")")]
               + rest)
        yield from _call_output("_rexpr", [Token(line, "lparen", "(")] + new + [Token(line, "rparen", ")"),
                                                                              Token(line, "comma", ","),
                                                                              Token(line, "string", cid)],
                                line, begin, end)


def _call_tokens(fn: str, args: list, line: int) -> list:
    return [Token(line, "name", fn), Token(line, "lparen", "(")] + args + [Token(line, "rparen", ")")]


def _call_output(fn, args, line, begin=None, end=None):
    yield begin or Token(line, "variable_begin", "{{")
    yield from _call_tokens(fn, args, line)
    yield end or Token(line, "variable_end", "}}")


def _wrapped_condition(cond, cid, n, line):
    yield from _call_tokens("_rif", _call_tokens("_rstart", [Token(line, "string", cid), Token(line, "comma", ","),
                                                            Token(line, "integer", n)], line)
                            + [Token(line, "comma", ","), Token(line, "lparen", "(")] + cond
                            + [Token(line, "rparen", ")"), Token(line, "comma", ","), Token(line, "string", cid),
                               Token(line, "comma", ","), Token(line, "integer", n)], line)


# --- the functions the rewritten templates call -----------------------------------

def _rstart(cid, n):
    tracer = _TRACER.get()
    if n == 0:
        tracer.evaluations[cid] = []
    tracer.consulted = []
    return None


def _rif(_start, value, cid, n):
    tracer = _TRACER.get()
    result = bool(value)  # may read a figure's value: still collecting
    figs, tracer.consulted = tracer.consulted or [], None
    tracer.evaluations.setdefault(cid, []).append((n, result, figs))
    return result


def _rcond(_start, value, cid):
    return _rif(_start, value, cid, 0)


#: Figures whose name says they pick one of a group.
_SUPERLATIVE = re.compile(r"\.(unique|few|only\w*|highest\w*|lowest\w*|most\w*|least\w*|biggest\w*|smallest\w*|"
                          r"max_\w+|min_\w+|poorest|best|second|first_\w+|all_\w+)(\.|$)")


def _kind_of(figs, default: str) -> str:
    with _untraced():
        if any(_SUPERLATIVE.search("." + f.key.split(".", 1)[-1]) for f in figs):
            return "superlative"
    return default


def _decided_by(figs) -> Markup:
    """The figures that decided a condition, with their values."""
    # Each link is Markup: joined as text, as Markup's join would, without escaping each again.
    return Markup("; ".join([fig_link(f) for f in figs]))


def _conditions(parts) -> Markup:
    """The conditions as written in the template, in brackets (the PDF
    leaves them out for room: the figures beside them are what to check)."""
    return Markup('<span class="rv-cond"> [' + "; ".join([_condition(src, bool(result)) for src, result in parts])
                  + "]</span>")


@functools.lru_cache(maxsize=4096, typed=True)
def _condition(src, result: bool) -> Markup:
    """One condition as the note prints it: the templates' own text, the
    same in every render, so each is made once."""
    return _html("<code>{}</code> is {}", src, "true" if result else "false")


def _snippet(parts, limit: int = 90) -> str:
    return _snippet_of(tuple(parts), limit)


@functools.lru_cache(maxsize=4096)
def _snippet_of(parts: tuple, limit: int) -> str:
    """A case's template text as the note quotes it. The cases are the
    templates' own text, the same in every render: each is shortened once
    (the regular expressions took a tenth of the traced render)."""
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", "".join(parts)))).strip()
    text = re.sub(r"(…\s*)+", "… ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _rnote(cid):
    """After an {% endif %}: which case was chosen and by which figures;
    where no case was shown, the dropped text, where it would have been."""
    tracer = _TRACER.get()
    env_branches = _BRANCHES.get()
    branches = env_branches.get(cid, [])
    evaluated = tracer.evaluations.pop(cid, [])
    figs = [f for _, _, fs in evaluated for f in fs]
    if not figs:
        return Markup("")
    taken = next((n for n, result, _ in evaluated if result), None)
    if taken is None and branches and branches[-1][0] is None:
        taken = len(branches) - 1
    conditions = _conditions([(branches[n][0], result) for n, result, _ in evaluated if n < len(branches)])
    others = [s for s in (_snippet(b[1]) for i, b in enumerate(branches) if i != taken) if s]
    not_shown = Markup(" Not shown: " + " / ".join([_html("“{}”", o) for o in others])) if others else Markup("")
    if taken is None:
        if not others:
            return Markup("")
        body = _html("“{}”, as {}{}", " / ".join(others), _decided_by(figs), conditions)
        note = note_html("dropped", body)
        first = "".join(branches[0][1]).lstrip() if branches else ""
        for tag in ("li", "p"):
            if first.startswith(f"<{tag}"):
                return _joined(Markup(f'<{tag} class="rv-dropped">'), note, Markup(f"</{tag}>"))
        return note
    kind = _kind_of(figs, "case" if len(branches) > 1 else "shown")
    label = _html("case {} of {}, as ", taken + 1, len(branches)) if len(branches) > 1 else Markup("")
    body = _joined(label, _decided_by(figs), conditions, Markup("."), not_shown)
    note = note_html(kind, body)
    first = "".join(branches[taken][1]).lstrip() if branches and taken < len(branches) else ""
    for tag in ("li", "p"):
        if first.startswith(f"<{tag}"):
            return _joined(Markup(f'<{tag} class="rv-case">'), note, Markup(f"</{tag}>"))
    return note


def _rexpr(value, cid):
    """A ``{{ a if c else b }}``: what was printed, and the note saying why."""
    tracer = _TRACER.get()
    shown = "" if isinstance(value, jinja2.Undefined) else value
    out = escape(shown)
    evaluated = tracer.evaluations.pop(cid, [])
    figs = [f for _, _, fs in evaluated for f in fs]
    if not figs:
        return out
    branches = _BRANCHES.get().get(cid, [])
    result = bool(evaluated and evaluated[0][1])
    cond = branches[0][0] if branches else ""
    words_shown = plain(out).strip()
    body = _html("“{}”, as {}", words_shown or "(nothing)", _decided_by(figs)) + _conditions([(cond, result)])
    return out + note_html(_kind_of(figs, "case"), body)


def _rattr(value):
    if isinstance(value, jinja2.Undefined):
        return ""
    with _untraced():
        text = value.text if isinstance(value, Figure) else str(value)
    return plain(text) if isinstance(value, Markup) else text


_BRANCHES: contextvars.ContextVar[dict] = contextvars.ContextVar("review_branches", default={})


def review_environment() -> jinja2.Environment:
    """The review environment: a fresh copy of the public one (its own
    template cache and no bytecode cache, as its compiled templates differ),
    with the filters traced and the conditions recorded."""
    from ..outputs.render import environment

    review = environment(None, marked=True)
    review.add_extension(ReviewConditions)
    review.filters.update({name: traced_filter(name, fn) for name, fn in words.FILTERS.items()})
    review.filters["capital"] = traced_filter("capital", words.capital)
    review.globals.update(_rif=_rif, _rstart=_rstart, _rcond=_rcond, _rnote=_rnote, _rexpr=_rexpr, _rattr=_rattr)
    return review


@contextmanager
def branches_of(env):
    token = _BRANCHES.set(env.review_branches)
    try:
        yield
    finally:
        _BRANCHES.reset(token)


class TracedRelease:
    """The release metadata as the review render reads it: its dates
    traced to ``release.toml``."""

    def __init__(self, rel):
        self._rel = rel

    def __getattr__(self, name):
        value = getattr(self._rel, name)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            traced = TracedDate(value.year, value.month, value.day)
            traced.key = f"release:{name}"
            return traced
        return value


class TypedText(str):
    """Text typed into the release folder (``release.toml [commentary]``):
    highlighted, with the numbers in it that no figure gave."""

    slot = ""
    numbers: tuple = ()

    def __html__(self):
        body = _html("from <code>release.toml [commentary] {}</code>", self.slot)
        if self.numbers:
            body += _html("; numbers not from the ledger: {}", ", ".join(self.numbers))
        return _html('<mark class="rv-typed">{}</mark>', str.__str__(self)) + note_html("typed", body)


def typed_commentary(shown: dict, numbers_of) -> dict:
    """``commentary.shown`` with each text marked as typed."""
    out = {}
    for slot, value in shown.items():
        def mark(text):
            t = TypedText(text)
            t.slot, t.numbers = slot, tuple(numbers_of(text))
            return t
        if isinstance(value, list):
            out[slot] = [mark(v) for v in value]
        elif isinstance(value, str) and value:
            out[slot] = mark(value)
        else:
            out[slot] = value
    return out


__all__ = ["tracing", "review_environment", "branches_of", "TracedRelease", "typed_commentary", "plain", "NOTE",
           "ANCHOR"]
