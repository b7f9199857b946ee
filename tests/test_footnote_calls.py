"""Two footnotes cited at one place read "11,12", not "1112".

``render.separate_footnote_calls`` puts a comma between adjacent citations
without a regular expression (whose backtracking cost a tenth of a page's
rendering); here it is held to that expression, on pages made of the
pieces a citation is built from, and on the shapes the page has.
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from release.outputs.render import FOOTNOTE_SEPARATOR, separate_footnote_calls

#: A citation's end (with, after a first citation, the footnote's text for
#: print) directly followed by another citation.
ADJACENT_CALLS = re.compile(r'(</sup>(?:<span class="fn-print">.*?</span>)?)(?=<sup class="fn-ref)', re.S)

CITE = '<sup class="fn-ref"><a href="#fn-1">1</a></sup>'
FIRST = '<sup class="fn-ref first"><a id="c2" href="#fn-2">2</a></sup><span class="fn-print">Text.</span>'

PIECES = ("</sup>", '<span class="fn-print">', "</span>", '<sup class="fn-ref', '">', "<a>", "</a>", "1", " ", ".",
          "<p>", "</p>", "\n", "<span>", "<sup>", "</", "fn-ref")


def by_the_expression(html: str) -> str:
    return ADJACENT_CALLS.sub(r"\1" + FOOTNOTE_SEPARATOR.replace("\\", "\\\\"), html)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_the_separator_goes_where_the_expression_puts_it(html):
    assert separate_footnote_calls(html) == by_the_expression(html)


def test_the_separator_goes_between_citations_and_after_a_printed_footnote():
    assert separate_footnote_calls(f"a{CITE}{CITE} b") == f"a{CITE[:-6]}</sup>{FOOTNOTE_SEPARATOR}{CITE} b"
    assert separate_footnote_calls(f"a{FIRST}{CITE}") == f"a{FIRST}{FOOTNOTE_SEPARATOR}{CITE}"
    # A citation followed by text has none, with its printed footnote or without.
    for alone in (f"a{CITE} b", f"a{FIRST} b", f"a{FIRST} b{CITE}", "no citation"):
        assert separate_footnote_calls(alone) == alone == by_the_expression(alone)
