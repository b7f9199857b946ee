"""Each figure of the published release is stated in the built bulletin, in
the sentence where the release states it.

``tests/published/*.csv`` hold every figure the release of 30 September
2016 data prints, with the sentence it comes from. For each one this test
finds the paragraph of the bulletin built from the sample data that reads
most like that sentence, and checks the figure is printed there: "28%" as
"28%", a count as digits or in words ("16", "Sixteen"), a list of LAs by
each name. A figure the bulletin leaves out, or moves to another sentence,
fails here with the published sentence beside it.
"""

import csv
import math
import re
from pathlib import Path

import pytest

from bulletin_text import build_text
from conftest import DATA
from release.words.filters import number_words

PUBLISHED = Path(__file__).parent / "published"

def rows() -> list[dict]:
    out = []
    for name in ("la_figures.csv", "homes_figures.csv"):
        with open(PUBLISHED / name, encoding="utf-8", newline="") as f:
            out += [dict(r, file=name) for r in csv.DictReader(f)]
    return out


ROWS = rows()


def words(text: str) -> list[str]:
    return re.findall(r"[a-z]+|\d[\d,]*%?", text.lower().replace("’", "'"))


def terms(text: str) -> set:
    """Words and pairs of words: pairs tell "four out of five" from "four"."""
    w = words(text)
    return set(w) | set(zip(w, w[1:]))


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    text = build_text(DATA)[0]
    return [p for p in text.splitlines() if len(p) > 30]


def closest(paragraphs: list[str], sentence: str) -> str:
    """The paragraph sharing the most words and pairs of words with
    ``sentence``, each weighted by how rare it is in the bulletin (inverse
    document frequency), so "remainder" or "four out" counts for more than
    "the" or "of"."""
    target = terms(sentence)
    bags = [terms(p) for p in paragraphs]
    df = {}
    for bag in bags:
        for t in bag:
            df[t] = df.get(t, 0) + 1
    n = len(paragraphs)

    def score(i):
        return sum(math.log(n / df[t]) for t in target & bags[i])
    return paragraphs[max(range(n), key=score)]


def forms(value: str, sentence: str) -> list[str]:
    """The ways the bulletin may print ``value`` as the sentence uses it."""
    plain = value.replace(",", "")
    if plain.isdigit():
        n = int(plain)
        if re.search(rf"(?<![\d,]){re.escape(value)}%", sentence) or re.search(rf"(?<![\d,]){n}%", sentence):
            return [f"{n}%"]
        spelled = number_words(n)
        found = [f"{n:,}", str(n), spelled, spelled.capitalize()]
        # Counts the release puts in words: "None of the 39", "the only region".
        if n == 0:
            found += ["None", "none"]
        if n == 1 and "the only" in sentence:
            found += ["the only"]
        if n == 1 and "the other authority" in sentence:
            found += ["the other authority"]
        return found
    return [value]


def printed(form: str, paragraph: str) -> bool:
    return re.search(rf"(?<![\w,.]){re.escape(form)}(?![\w%]|,\d)", paragraph) is not None


def names_in(value: str) -> list[str]:
    """A list of names as the release wrote it, name by name."""
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+(?=[A-Z])", value)
    return [re.sub(r"^(the|Royal Borough of)\s+", "", p.strip(), flags=re.I) for p in parts if p.strip()]


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['file'][:-12]}:{r['key']}:{r['published']}" for r in ROWS])
def test_published_figure_is_in_its_sentence(paragraphs, row):
    value, sentence = row["published"], row["sentence"]
    p = closest(paragraphs, sentence)
    plain = value.replace(",", "")
    if plain.isdigit() or not re.search(r"[A-Z]", value) or " " not in value and value.islower():
        ok = any(printed(f, p) for f in forms(value, sentence))
        assert ok, f"published {value!r} in “{sentence}”; the bulletin's paragraph is “{p}”"
    else:
        missing = [n for n in names_in(value) if n.lower() not in p.lower()]
        assert not missing, f"published {value!r} in “{sentence}”; not in the bulletin's paragraph “{p}”: {missing}"
