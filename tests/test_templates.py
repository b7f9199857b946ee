"""The commentary templates type no numbers: every number, date and period
comes from the figures or the release metadata."""

import re
from pathlib import Path

from conftest import ROOT

SECTIONS = sorted((ROOT / "templates" / "sections").glob("*.html"))

#: Fixed reference text that is not a statistic: legislation, the
#: registration rule for residential special schools, and web addresses.
ALLOWED = [
    r"section \d+ of the [A-Z][\w ]+ Act \d{4}", r"Children Act \d{4}", r"Care Standards Act \d{4}",
    r"\b295 days", r"\b12-month period", r"https?://[^\s\"<]+", r"www\.[^\s\"<,)]+",
    r"July 2009 to July 2012", r"July 2012 to July 2013", r"summer of 2013", r"since 2009",
    r"prior to 2013", r"from 2013 onwards", r"March 2015", r"June 2014", r"Act 1989", r"England 2016",
    r"database right 2016", r"<h[1-6]|</h[1-6]>", r"framework for inspection from 1 April", r"CC BY 4\.0",
]


def numerals(text: str) -> list[str]:
    for pattern in ALLOWED:
        text = re.sub(pattern, " ", text)
    # A numeral is a digit that is not part of a name (oe0, h2).
    return re.findall(r"(?<![A-Za-z_\d])\d[\d,.]*", text)


def test_there_are_commentary_templates():
    assert len(SECTIONS) >= 10


def typed_numbers(path: Path) -> list[str]:
    """Each numeral typed into a template, as "file:line: numeral: the line",
    so that the failure says where to look."""
    return [f"{path.name}:{n}: {number}: {line.strip()[:100]}"
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) for number in numerals(line)]


def test_no_numeral_is_typed_in_a_commentary_template():
    """A number in a sentence comes from the ledger (``{{ F.… }}``), never
    typed: the failure names each file and line."""
    assert [hit for p in SECTIONS for hit in typed_numbers(p)] == []


def test_the_lint_catches_a_typed_number():
    assert numerals("there were 109 inspections") == ["109"]
    assert numerals("{{ F.sif.inspected }} of {{ F.x }}") == []


def test_a_typed_number_is_reported_with_its_file_and_line(tmp_path):
    template = tmp_path / "la_sif.html"
    template.write_text("{# a comment #}\n<p>{{ F.sif.inspected }} LAs.</p>\n<p>There were 109 inspections "
                        "in 2016.</p>\n", encoding="utf-8")
    assert typed_numbers(template) == ["la_sif.html:3: 109: <p>There were 109 inspections in 2016.</p>",
                                       "la_sif.html:3: 2016.: <p>There were 109 inspections in 2016.</p>"]


def test_commentary_lines_are_short_enough_to_read():
    """One sentence a line; no line over 160 characters but for a line that
    holds a web address, which cannot be broken."""
    long = [f"{p.name}:{n}" for p in SECTIONS for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if len(line) > 160 and "https://" not in line]
    assert long == []


def test_comparisons_between_judgement_areas_are_named_facts_not_inline_tests():
    """"Adoption is the strongest area" is sif.adoption.strongest in the
    ledger, not a six-way comparison written into a sentence."""
    import re

    def between_areas(line):
        # "oe.good_or_better > oe0.good_or_better" is one area now and when last
        # reported (a change, chosen by a filter); two different areas is a fact.
        return any(a.rstrip("0") != b.rstrip("0")
                   for a, b in re.findall(r"(\w+)\.good_or_better [<>] (\w+)\.good_or_better", line))

    inline = [f"{p.name}:{n}" for p in SECTIONS for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
              if between_areas(line)]
    assert inline == []


def test_each_conditional_sentence_says_when_it_is_shown():
    """A sentence or paragraph chosen by data (a line that opens with
    ``{% if``) has a short comment on the line above saying when it shows,
    so a statistician can find a sentence and read its condition. (A
    ``{%- if`` inside a sentence chooses its words; the comment above the
    sentence covers it.)"""
    bare = []
    for p in SECTIONS:
        lines = p.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            above = lines[n - 1].strip() if n else ""
            if re.match(r"\{% if\b", line) and not above.endswith("#}"):
                bare.append(f"{p.name}:{n + 1}: {line[:80]}")
    assert bare == []


def test_no_two_different_measures_are_compared_inline():
    """A template may compare a measure with itself at another date (a
    change, "rose" or "fell"); any other comparison of numbers ("fewer
    declined than improved", "some but not all moved further") is a fact
    with a name and a definition in the ledger, which the template reads."""
    found = []
    for p in SECTIONS:
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            for tag in re.findall(r"\{[{%].*?[%}]\}", line):
                for a, op, b in re.findall(r"([\w.]+) *(<=|>=|<|>) *([\w.]+)", tag):
                    if a.removesuffix(".value").split(".")[-1] != b.removesuffix(".value").split(".")[-1]:
                        found.append(f"{p.name}:{n}: {a} {op} {b}")
    assert found == []


def test_the_inline_comparison_lint_catches_one():
    line = "{{ 'just ' if cp.declined < cp.improved }}"
    assert re.findall(r"([\w.]+) *(<=|>=|<|>) *([\w.]+)", re.findall(r"\{[{%].*?[%}]\}", line)[0]) == [
        ("cp.declined", "<", "cp.improved")]
