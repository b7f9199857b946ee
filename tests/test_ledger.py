"""Every number a reader sees in the prose can be traced in the ledger
(figures.json): its key, value and definition."""

import json
import re

import pytest

from bulletin_text import build_text
from conftest import DATA
from test_templates import ALLOWED

from release.ledger import Share

NUMERAL = re.compile(r"(?<![A-Za-z_\d])\d[\d,]*(?:\.\d+)?")


def numerals_in(text: str) -> list[str]:
    text = re.sub(r"\b(Charts?|Maps?) \d+(?:,? (?:and )?\d+)*", " ", text)
    for pattern in ALLOWED:
        text = re.sub(pattern, " ", text)
    return [n.rstrip(",.") for n in NUMERAL.findall(text)]


@pytest.fixture(scope="module")
def page():
    return build_text(DATA)


def ledger_numerals(figs) -> set[str]:
    """The numerals of what figures.json records of each figure: its text,
    a share's count and base, a whole number's value. Read from the figures
    themselves (``Figure.record`` writes the same): making each record, with
    its vintage, took most of the time."""
    texts = []
    for fig in figs.ledger.figures.values():
        texts.append(str(fig.text))
        if isinstance(fig, Share):
            texts += [f"{fig.count_value:,}", f"{fig.base_value:,}"]
        if isinstance(fig.value, int) and not isinstance(fig.value, bool):
            texts.append(f"{abs(fig.value):,}")
    # One search of all the texts, a space between each (no numeral spans
    # a space): searching each text alone took most of the time.
    return {n.rstrip(",.") for n in NUMERAL.findall(" ".join(texts))}


def test_every_number_in_the_prose_is_in_the_ledger(page):
    text, figs = page
    known = ledger_numerals(figs)
    missing = sorted({n for n in numerals_in(text) if n not in known})
    assert missing == []


RELEASES = sorted(p.name for p in DATA.parent.iterdir() if (p / "release.toml").is_file())


@pytest.mark.parametrize("rid", RELEASES)
def test_every_number_in_every_release_is_in_its_ledger(rid):
    text, figs = build_text(DATA.parent / rid)
    known = ledger_numerals(figs)
    assert sorted({n for n in numerals_in(text) if n not in known}) == []


def test_the_ledger_is_written_with_definitions(built):
    records = json.loads((built / "figures.json").read_text())["figures"]
    keys = {r["key"] for r in records}
    assert {"sif.oe.good_or_better", "homes.inspections", "homes.state.now.good_or_better"} <= keys
    assert all(r["definition"] for r in records)
    good = next(r for r in records if r["key"] == "sif.oe.good_or_better")
    assert (good["count"], good["base"], good["text"]) == (30, 109, "28%")


def test_templates_reach_figures_by_dotted_names_and_a_missing_one_stops():
    """``F.sif.oe.good_or_better`` reaches the figure; ``F.sif`` and
    ``F.sif.oe`` are branches; a name no figure has raises (so a misspelt
    figure stops the build), also for a figure added after the first
    lookup."""
    from release.ledger import Figure, Ledger

    ledger = Ledger()
    ledger.add("sif.oe.good_or_better", 64, "Share good or better")
    ledger.add("sif.total", 110, "Inspections")
    tree = ledger.tree()
    assert tree.sif.oe.good_or_better.value == 64
    assert tree.sif.total.value == 110
    assert not isinstance(tree.sif.oe, Figure)
    for missing in ("sif.o", "sif.oe.good", "sif.oe.good_or_better.more", "homes"):
        with pytest.raises(AttributeError):
            node = tree
            for part in missing.split("."):
                node = getattr(node, part)
    ledger.add("homes.total", 2000, "Homes")
    assert tree.homes.total.value == 2000
    assert ledger.has_below("homes") and ledger.has_below("sif.oe") and not ledger.has_below("sif.total")
