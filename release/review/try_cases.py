"""Try a sentence's cases without writing a test: render one paragraph of
a commentary template with chosen values of the figures it reads.

``python3 build.py --try la_sif.html:53 sif.oe.inadequate=0,1,27`` computes
the release's figures once, then renders the page once for each case with
the named figures set to the values given, and prints the paragraph (or
list item, or heading) that starts at or above line 53 of
``templates/sections/la_sif.html``, or says that the case leaves it out.

A value sets one ledger figure, by its key as the templates read it without
the ``F.``: ``sif.oe.inadequate=27`` keeps the share's base and sets its
count (``27/109`` sets both); a plain figure takes a number, ``true`` or
``false``, or names joined by ``|``. Several keys give every combination of
their values. Only the figures named change: words chosen in Python from a
figure (a finding's verdict, a "biggest fall") keep the release's values, and
the output says so, so a case that needs them changed needs a test on
constructed data (docs/writing-commentary.md).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

from ..errors import ReleaseError
from ..ledger import Figure, Ledger, Share
from ..numbers import percent
# Paragraphs are marked with their template line as the renderer loads them.
from ..outputs.render import BLOCK_OPEN, mark_source  # noqa: F401

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
MOST_CASES = 64


def parse_where(where: str) -> tuple[str, int]:
    """"la_sif.html:53" -> ("la_sif.html", 53), checked against the templates."""
    name, _, line = where.rpartition(":")
    name = name.removeprefix("templates/").removeprefix("sections/")
    if not name or not line.isdigit():
        raise ReleaseError(f"--try: give a template and line as FILE:LINE (e.g. la_sif.html:53), not {where!r}")
    if not (TEMPLATES / "sections" / name).is_file():
        known = ", ".join(sorted(p.name for p in (TEMPLATES / "sections").glob("*.html")))
        raise ReleaseError(f"--try: no template {name!r} in templates/sections/ (there are: {known})")
    return name, int(line)


def block_line(name: str, line: int) -> int:
    """The line of the paragraph that holds ``line``: the nearest line at
    or above it that opens a block."""
    source = (TEMPLATES / "sections" / name).read_text(encoding="utf-8").split("\n")
    if not 1 <= line <= len(source):
        raise ReleaseError(f"--try: {name} has {len(source)} lines, not {line}")
    for n in range(line, 0, -1):
        if BLOCK_OPEN.match(source[n - 1]):
            return n
    raise ReleaseError(f"--try: no paragraph opens at or above line {line} of {name}")


def parse_settings(settings: list[str], ledger: Ledger) -> list[tuple[str, list]]:
    """``KEY=V1,V2`` pairs, each value parsed for the figure it sets."""
    parsed = []
    for setting in settings:
        key, eq, values = setting.partition("=")
        key = key.removeprefix("F.")
        if not eq or not values:
            raise ReleaseError(f"--try: give each figure as KEY=VALUE[,VALUE…], not {setting!r}")
        if key not in ledger:
            close = [k for k in ledger.figures if k.endswith(key.rsplit(".", 1)[-1])][:5]
            hint = f" (figures ending alike: {', '.join(close)})" if close else ""
            raise ReleaseError(f"--try: no figure {key!r} in the ledger{hint}")
        parsed.append((key, [_value(ledger[key], v, key) for v in values.split(",")]))
    return parsed


def _value(fig: Figure, text: str, key: str):
    if isinstance(fig, Share):
        count, _, base = text.partition("/")
        try:
            return int(count), int(base) if base else fig.base_value
        except ValueError:
            raise ReleaseError(f"--try: {key} is a share: give a count, or count/base, not {text!r}") from None
    if text in ("true", "false"):
        return text == "true"
    if "|" in text or isinstance(fig.value, list):
        return [n for n in text.split("|") if n]
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def with_values(ledger: Ledger, case: dict) -> Ledger:
    """A copy of the ledger with the figures of ``case`` set."""
    out = Ledger(dict(ledger.figures))
    for key, value in case.items():
        fig = ledger[key]
        if isinstance(fig, Share):
            count, base = value
            if not 0 <= count <= base:
                raise ReleaseError(f"--try: {key}: a count of {count} out of {base} is not a share")
            new = replace(fig, value=percent(count, base), count_value=count, base_value=base)
        else:
            new = Figure(key, value, fig.definition)
        object.__setattr__(new, "_ledger", out)
        out.figures[key] = new
    return out


class _Block(HTMLParser):
    """The text of the element carrying ``data-src="where"``."""

    def __init__(self, where: str):
        super().__init__(convert_charrefs=True)
        self.where, self.depth, self.parts, self.found = where, 0, [], False

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag not in ("br", "img", "wbr")
        elif dict(attrs).get("data-src") == self.where:
            self.depth, self.found = 1, True

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def block_text(html: str, where: str) -> str | None:
    parser = _Block(where)
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip() if parser.found else None


def render_cases(rel, figs, name: str, line: int, settings: list[str]) -> list[tuple[dict, str | None]]:
    """Each case's paragraph (None where the case leaves it out)."""
    from markupsafe import Markup

    from ..outputs import render

    where = f"{name}:{block_line(name, line)}"
    keys_values = parse_settings(settings, figs.ledger)
    cases = [dict(zip([k for k, _ in keys_values], combo))
             for combo in itertools.product(*[vs for _, vs in keys_values])]
    if len(cases) > MOST_CASES:
        raise ReleaseError(f"--try: {len(cases)} combinations; give at most {MOST_CASES}")
    env = render.environment(None, marked=True)

    def no_visuals(ctx):
        # The paragraph's words, not its charts: nothing is drawn.
        ctx["place"] = lambda key: Markup("")
        ctx["ref"] = lambda *keys: "Chart"
        return ctx

    out = []
    for case in cases or [{}]:
        trial = replace(figs, ledger=with_values(figs.ledger, case))
        html = render.render_page(rel, trial, {}, env=env, context_hook=no_visuals)
        out.append((case, block_text(html, where)))
    return out


def show(case: dict, text: str | None) -> str:
    label = ", ".join(f"{k}={_shown(v)}" for k, v in case.items()) or "as the data are"
    return f"{label}:\n  {text if text is not None else '(not shown: a condition in the template leaves it out)'}"


def _shown(v) -> str:
    if isinstance(v, tuple):
        return f"{v[0]}/{v[1]}"
    if isinstance(v, list):
        return "|".join(v) or "(none)"
    return str(v).lower() if isinstance(v, bool) else str(v)


def run(data_dir: Path, where: str, settings: list[str]) -> str:
    """What ``build.py --try`` prints."""
    from .. import figures, series
    from ..pipeline import load_and_validate
    from ..progress import Progress

    name, line = parse_where(where)
    rel, _, tables = load_and_validate(data_dir, Progress(quiet=True))
    figs = figures.compute(tables, rel, series.load_previous(rel))
    results = render_cases(rel, figs, name, line, settings)
    head = (f"{name}, the paragraph at line {block_line(name, line)}, release {rel.id}"
            + (f"; only {', '.join(k for k, _ in parse_settings(settings, figs.ledger))} changed: words chosen "
               "in Python from figures keep the release's values" if settings else ""))
    return "\n".join([head] + [show(c, t) for c, t in results]) + "\n"
