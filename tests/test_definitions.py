"""Every figure's definition stands alone (issue 27).

A reader of ``figures.json`` or of the reviewer's edition's figures
appendix sees a figure's definition and the date or period it describes,
and nothing else: no Python. So, for every figure of every sample release
and of the newest real one, the checks below read the ledger's own fields
(the value's kind, the count and base a share carries, ``describes``)
rather than a list of keys:

- a count or a share names its unit: what it counts (homes, inspections,
  LAs, LSCBs, children, reviews ...);
- a share names its base: "of ..." (or "out of", "as a share of");
- a count or a share describes a date or period (the ledger's
  ``describes``, which the appendix prints beside the definition);
- a figure whose value is a word ("improved", "small", "mixed") states the
  rule that chose it: a threshold of ``release/figures/materiality.py`` by
  name or by value, or that no threshold applies; a word that only names
  something (a judgement area, the unit of a ranking) says it is a name.

The definitions are computed as ``figures.json`` writes them
(``series.ledger_json``), and the appendix of the reviewer's edition is
checked to show the same ones. (``data/README.md`` lists no definitions:
it points to ``figures.json``.)
"""

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT

RELEASES = ("2016-03", "2016-09", "2017-03", "real-2017-03")

#: What a count or a share may count. A vocabulary of units, not of figures.
UNIT = re.compile(
    r"\b(homes?|inspections?|re-inspections?|LAs?|local authorit(y|ies)|authorit(y|ies)|LSCBs?|children|child|"
    r"reviews?|regions?|sectors?|areas?|sub types?|(percentage )?points?|days?|months?|judgements?|"
    r"London boroughs?|metropolitan districts?|shire counties|unitary authorities|figures?|candidates?|names?)\b",
    re.I)
#: How a share names its base.
BASE = re.compile(r"(?:[,;:(]|\bas a share) (?:out )?of\b|\bout of\b|\bof (?:all|the|those|them|each|every)\b",
                  re.I)
#: A date in words, as ``describes`` writes one ("31 March 2016").
DATE = re.compile(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|"
                  r"December) \d{4}\b")
#: A rule of materiality.py, by name or value, or a rule that needs none.
RULE = re.compile(r"\b(CHANGE_POINTS|GAP_POINTS|FEW_TO_RANK|BASE_CHANGE|ONLY_BELOW|materiality\.\w+)\b|"
                  r"\b\d+ (percentage )?points?\b|\bno threshold\b", re.I)
#: A word-valued figure that only names something.
NAME = re.compile(r"\b(name|named|label|what the bases count|as the text names it|as an example)\b", re.I)
#: A value that is a word or a short phrase of them: a verdict or a name.
WORD = re.compile(r"[a-z][a-z -]*")


def computed(release: str):
    """The release's metadata and figures, computed as the build computes
    them, once a process (bulletin_text.release_figures: read only)."""
    from bulletin_text import release_figures

    rel, figs, _ = release_figures(ROOT / "data" / release)
    return rel, figs


def ledger_records(release: str) -> list[dict]:
    """The figures of a release as its ``figures.json`` lists them."""
    from release import series

    return json.loads(series.ledger_json(*computed(release)))["figures"]


@pytest.fixture(scope="module", params=RELEASES)
def records(request) -> list[dict]:
    return ledger_records(request.param)


def is_share(rec) -> bool:
    return "base" in rec


def is_count(rec) -> bool:
    return isinstance(rec["value"], int) and not isinstance(rec["value"], bool)


def is_word(rec) -> bool:
    value = rec["value"]
    return (isinstance(value, str) and not is_share(rec) and WORD.fullmatch(value) is not None
            and len(value.split()) <= 3)


def without_unit(records) -> list[str]:
    return [f"{r['key']}: {r['definition']}" for r in records
            if (is_share(r) or is_count(r)) and not UNIT.search(r["definition"])]


def without_base(records) -> list[str]:
    return [f"{r['key']}: {r['definition']}" for r in records if is_share(r) and not BASE.search(r["definition"])]


#: A threshold of materiality.py, named in its definition: a rule for
#: every date and period, so it describes none.
THRESHOLD = re.compile(r"\b(CHANGE_POINTS|GAP_POINTS|FEW_TO_RANK|BASE_CHANGE|ONLY_BELOW)\b")


#: A count of the release's own figures (restated, changed), not of
#: records: it describes the release as a whole.
OF_FIGURES = re.compile(r"^Figures\b")


def without_date(records) -> list[str]:
    return [f"{r['key']}: {r['describes']}" for r in records
            if (is_share(r) or is_count(r)) and not DATE.search(r.get("describes", ""))
            and not THRESHOLD.search(r["definition"])
            and not (OF_FIGURES.match(r["definition"]) and r.get("describes") == "the release")]


def without_rule(records) -> list[str]:
    return [f"{r['key']} = {r['value']!r}: {r['definition']}" for r in records
            if is_word(r) and not RULE.search(r["definition"]) and not NAME.search(r["definition"])]


def test_every_count_and_share_names_its_unit(records):
    assert without_unit(records) == []


def test_every_share_names_its_base(records):
    assert without_base(records) == []


def test_every_count_and_share_describes_a_date_or_period(records):
    assert without_date(records) == []


def test_every_word_valued_figure_states_its_rule(records):
    assert without_rule(records) == []


def test_the_state_of_the_nation_says_it_leaves_out_homes_never_judged(records):
    """"Homes open on 31 March 2017 by their latest judgement" reads as all
    homes open; the base is the homes judged (issue 27)."""
    state = [r for r in records if re.fullmatch(r"homes\.state\.now\.[a-z_]+", r["key"]) and is_share(r)]
    assert state
    assert [r["key"] for r in state if "never judged" not in r["definition"]] == []


def test_the_checks_catch_a_definition_that_does_not_stand_alone():
    """The checks fail on the definitions issue 27 found wanting."""
    bad = [{"key": "homes.change.one_grade", "value": 12, "definition": "Of the changes, by one grade",
            "describes": "children's homes inspections 1 April 2016 to 31 March 2017"},
           {"key": "x.share", "value": 20, "count": 1, "base": 5, "definition": "Inspections judged good",
            "describes": "the release"},
           {"key": "sif.oe.profile_change", "value": "improved", "definition": "How the profile moved: improved, "
            "worsened, not changed or changed", "describes": "the release"}]
    assert [line.split(":")[0] for line in without_unit(bad)] == ["homes.change.one_grade"]
    assert [line.split(":")[0] for line in without_base(bad)] == ["x.share"]
    assert [line.split(":")[0] for line in without_date(bad)] == ["x.share"]
    assert [line.split(" =")[0] for line in without_rule(bad)] == ["sif.oe.profile_change"]


def test_the_reviewers_appendix_shows_the_ledgers_definitions():
    """The figures appendix of the reviewer's edition prints each figure's
    definition and date or period as ``figures.json`` has them."""
    from release import series
    from release.review import edition as review

    rel, figs = computed("2016-09")
    records = {r["key"]: r for r in json.loads(series.ledger_json(rel, figs))["figures"]}
    page = "<main>" + "".join(f'<p><a href="#fig-{key}">x</a></p>' for key in records) + "</main>"

    class Tracer:
        @staticmethod
        def entry(key):
            return key

    shown = review.appendix(page, Tracer(), rel, figs.ledger)
    assert len(shown) == len(records)
    assert [(e["key"], e["definition"], e["describes"]) for e in shown] == [
        (k, r["definition"], r["describes"]) for k, r in records.items()]

