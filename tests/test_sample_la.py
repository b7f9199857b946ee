"""The sample LA data reproduce the published text of 30 September 2016.

``tests/published/la_figures.csv`` lists each LA, SIF, LSCB and
previous-framework figure that Ofsted's published bulletin states
(../shared/reference/ofsted-la-and-childrens-homes-2016-09-30.txt). The
values were copied from that text, never from our output. Each row gives the
ledger key the project computes the figure under, and each row is one test.
Figures the text states that have no ledger key are listed in
``tests/published/la_unmatched.md``.

How a row's ``key`` is found: it is a ledger key (``L.figures``), or
``<share key>.count`` / ``<share key>.base`` for the count or base of a
Share, as the templates write them (``F.sif.oe.inadequate.count``).

How ``published`` is compared with the computed figure:

* A whole number (no % sign, no thousands commas):
  - Share: its published, rounded percentage ``.value``;
  - int figure (and a Share's ``.count`` or ``.base``): the int;
  - float figure: rounded half up to a whole number, because the text gives
    it in words ("just over three per cent" is 3).
* A date ("31 March 2016"): ``str()`` of the figure. A month and year
  ("November 2013") is compared with the month and year only.
* Text (names of LAs, regions, judgements): the names in the computed figure
  (a list, or one string) must be exactly the names in the published text, in
  any order, after this normalisation:
  - case is ignored;
  - "the" and "Royal Borough of" before a name are dropped, since the text
    writes "the Isles of Scilly" and "Royal Borough of Kingston upon Thames"
    where the data hold the ONS names "Isles of Scilly" and "Kingston upon
    Thames";
  - commas, "and" and "plus" between names are separators.
  Nothing else may be left over, so a name missing from either side fails.

A second test checks the reference facts of ``local_authorities.csv``
against the ONS 2016 list in ../shared/geo (or $SHARED_DIR/geo), when that file exists.

``RELEASE_DATA`` points the tests at another data folder (see conftest.py).
"""

import csv
import datetime as dt
import re
import warnings

import pytest

import sample_generators
from conftest import DATA, ROOT, SHARED
from release import figures
from release.ledger import Figure, Share
from release.pipeline import load_and_validate
from release.progress import Progress

PUBLISHED = ROOT / "tests" / "published" / "la_figures.csv"
GEO = SHARED / "geo" / "local_authorities_2016.csv"


def published_rows() -> list[dict]:
    with PUBLISHED.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


ROWS = published_rows()


@pytest.fixture(scope="module")
def ledger():
    rel, _, tables = load_and_validate(DATA, Progress(quiet=True))
    return figures.compute(tables, rel).ledger


def lookup(ledger, key: str) -> Figure:
    """The figure for ``key``: a ledger key, or a Share's ``.count``/``.base``."""
    if key in ledger.figures:
        return ledger.figures[key]
    parent, _, attr = key.rpartition(".")
    fig = ledger.figures.get(parent)
    if isinstance(fig, Share) and attr in ("count", "base"):
        return getattr(fig, attr)
    pytest.fail(f"no ledger figure {key!r}: list it in tests/published/la_unmatched.md or fix the key")


def round_half_up(x: float) -> int:
    return int(x + 0.5)


_BEFORE_NAME = r"(?:(?:the|royal borough of)\s+)?"
_SEPARATORS = re.compile(r"(?:[\s,]|\band\b|\bplus\b)*")


def names_match(published: str, names: list[str]) -> bool:
    """True when ``published`` names exactly ``names`` (any order), after the
    normalisation in the module docstring."""
    rest = " ".join(published.casefold().split())
    # Longest first, so "Kensington and Chelsea" goes before a shorter name
    # inside it could.
    for name in sorted(names, key=len, reverse=True):
        pattern = r"(?<!\w)" + _BEFORE_NAME + re.escape(" ".join(name.casefold().split())) + r"(?!\w)"
        rest, found = re.subn(pattern, " ", rest, count=1)
        if not found:
            return False
    return _SEPARATORS.fullmatch(rest) is not None


def describe(fig: Figure) -> str:
    extra = f" (count {fig.count_value} of {fig.base_value})" if isinstance(fig, Share) else ""
    return f"{fig.value!r}, printed {str(fig)!r}{extra}"


@pytest.mark.parametrize("row", ROWS, ids=[r["key"] for r in ROWS])
def test_published_figure(ledger, row):
    key, published = row["key"], row["published"]
    fig = lookup(ledger, key)
    value = fig.value
    why = f"{key}: published {published!r} in “{row['sentence']}”, computed {describe(fig)}"

    if re.fullmatch(r"\d+", published):
        expected = int(published)
        if isinstance(fig, Share):
            assert value == expected, why
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            pytest.fail(f"{why}: a number is published but the figure is not a number")
        elif isinstance(value, float):
            assert round_half_up(value) == expected, why
        else:
            assert value == expected, why
    elif isinstance(value, dt.date):
        assert published in (str(fig), f"{value:%B %Y}"), why
    elif isinstance(value, (list, tuple)):
        assert names_match(published, [str(v) for v in value]), why
    elif isinstance(value, str):
        assert names_match(published, [value]), why
    else:
        assert str(fig) == published, why


def test_published_keys_are_unique():
    keys = [r["key"] for r in ROWS]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


# --- LA reference facts ------------------------------------------------------

def normalise_la_name(name: str) -> str:
    """A name for matching Ofsted/DfE spellings with ONS ones. Case, full
    stops, apostrophes and hyphens are ignored, "&" is "and", and these
    qualifiers are dropped: a leading "the", "Royal Borough of", "London
    Borough of", "City of", "County" and "County of", and the ONS-style
    suffixes ", City of" and ", County of". So "Bristol, City of", "City of
    Bristol" and "Bristol" are the same, "St. Helens" is "St Helens", and
    "County Durham" is "Durham". (After this, "City of London" is "london":
    no other LA has that name.)"""
    s = name.casefold().replace("&", " and ").replace("-", " ")
    s = re.sub(r"[.'’]", "", s)
    s = re.sub(r",\s*(city|county) of\s*$", "", s)
    s = re.sub(r"^(the|royal borough of|london borough of|city of|county of|county)\s+", "", s)
    return " ".join(s.split())


def test_la_reference_facts_match_ons_2016():
    if not GEO.exists():
        pytest.skip(f"no ONS list of LAs at {GEO}")
    with GEO.open(encoding="utf-8-sig", newline="") as f:
        ons = {r["code"]: r for r in csv.DictReader(f)}
    with (DATA / "local_authorities.csv").open(encoding="utf-8-sig", newline="") as f:
        ours = {r["la_code"]: r for r in csv.DictReader(f)}

    assert set(ours) == set(ons), (
        f"codes only in our data: {sorted(set(ours) - set(ons))}; only in ONS: {sorted(set(ons) - set(ours))}")
    wrong_region = {c: (ours[c]["region"], ons[c]["region"]) for c in ours if ours[c]["region"] != ons[c]["region"]}
    assert not wrong_region, f"region (ours, ONS): {wrong_region}"
    wrong_type = {c: (ours[c]["la_type"], ons[c]["la_type"]) for c in ours if ours[c]["la_type"] != ons[c]["la_type"]}
    assert not wrong_type, f"la_type (ours, ONS): {wrong_type}"
    different = {c: (ours[c]["la_name"], ons[c]["name"]) for c in ours
                 if normalise_la_name(ours[c]["la_name"]) != normalise_la_name(ons[c]["name"])}
    assert not different, f"names differ even after normalisation (ours, ONS): {different}"

    # Spelling differences that the normalisation allows are reported, not failed.
    spelt = {c: (ours[c]["la_name"], ons[c]["name"]) for c in sorted(ours) if ours[c]["la_name"] != ons[c]["name"]}
    if spelt:
        warnings.warn(f"{len(spelt)} LA names are spelt differently from ONS (ours, ONS): {spelt}")


@pytest.mark.parametrize("ofsted, ons", [
    ("Bristol", "Bristol, City of"),
    ("City of Bristol", "Bristol, City of"),
    ("St Helens", "St. Helens"),
    ("Durham", "County Durham"),
    ("Herefordshire", "Herefordshire, County of"),
    ("Royal Borough of Kingston upon Thames", "Kingston upon Thames"),
    ("Stoke on Trent", "Stoke-on-Trent"),
])
def test_name_normalisation(ofsted, ons):
    assert normalise_la_name(ofsted) == normalise_la_name(ons)


@pytest.mark.parametrize("published, names, ok", [
    ("Cornwall and the Isles of Scilly", ["Cornwall", "Isles of Scilly"], True),
    ("Royal Borough of Kensington and Chelsea, and Westminster", ["Kensington and Chelsea", "Westminster"], True),
    ("Birmingham, Sunderland", ["Sunderland", "Birmingham"], True),
    ("Birmingham, Sunderland", ["Birmingham"], False),
    ("Birmingham", ["Birmingham", "Sunderland"], False),
    ("Bath and North East Somerset", ["Somerset"], False),
    ("The West Midlands", ["the West Midlands"], True),
])
def test_names_match(published, names, ok):
    assert names_match(published, names) is ok


def test_la_generator_reproduces_the_committed_files(tmp_path):
    """The committed LA files are exactly what data/sample_la.py makes. It
    solves an integer program (about 45 CPU seconds), so the session starts
    it in the background (tests/sample_generators.py)."""
    run = sample_generators.run("la", tmp_path)
    assert run.status == 0, run.log
    for name in ("local_authorities.csv", "sif_inspections.csv", "previous_frameworks.csv"):
        assert (run.files / name).read_bytes() == (ROOT / "data" / "2016-09" / name).read_bytes(), name
