"""Every sentence stays true when the data change.

The bulletin is rendered from the sample data and from altered copies of it
(judgements shuffled between LAs, the homes' grades redrawn, everything made
worse, nothing new published since last time). A reader's checks are then run
over the text itself, not over the figures behind it: an "increase from A%
to B%" must have B above A, "by four percentage points" must be the gap
between the two percentages beside it, "71%, 44 homes out of 62" must be 44
of 62, "just under three quarters (39 of 54)" must be just under three
quarters. A sentence that would be false for some data must change its
words or drop out, never be printed false.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest

from bulletin_text import build_text
from conftest import DATA

GRADES = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]
WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
FRACTIONS = {"half": 1 / 2, "a third": 1 / 3, "two thirds": 2 / 3, "a quarter": 1 / 4, "three quarters": 3 / 4,
             "one fifth": 1 / 5, "two fifths": 2 / 5, "three fifths": 3 / 5, "four fifths": 4 / 5, "one tenth": 1 / 10,
             "nine tenths": 9 / 10}


def pct(count, base) -> int:
    return int((Decimal(count) * 100 / Decimal(base)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def number(text: str) -> int:
    text = text.lower().replace(",", "")
    return int(text) if text.isdigit() else WORDS[text]


NUM = r"(\d[\d,]*|" + "|".join(WORDS) + r")"
FRACTION = "(" + "|".join(sorted(map(re.escape, FRACTIONS), key=len, reverse=True)) + ")"
QUALIFIERS = ("just under", "almost", "less than", "just over", "a little over", "more than")
QUALIFIED = rf"(?:({'|'.join(QUALIFIERS)}) )?{FRACTION}"

# --- the reader's checks -------------------------------------------------------
# Each rule is a pattern and a check of one match; a rule returns a message
# when the sentence is false.


def _rising(m):
    a, b = int(m["a"]), int(m["b"])
    return None if b > a else f"says it rose from {a}% to {b}%"


def _falling(m):
    a, b = int(m["a"]), int(m["b"])
    return None if b < a else f"says it fell from {a}% to {b}%"


def _up_down(m):
    now, then = int(m["now"]), int(m["then"])
    ok = now > then if m["dir"] == "up" else now < then
    return None if ok else f"says {now}% is {m['dir']} from {then}%"


def _sized(m):
    now, then = int(m["now"]), int(m["then"])
    size, word = abs(now - then), m["size"] or ""
    if "increase" in m["kind"] and now <= then or m["kind"] in ("decline", "decrease") and now >= then:
        return f"says {m['kind']} from {then}% to {now}%"
    limit = {"very small": 1, "small": 3, "slight": 3}.get(word.strip())
    if limit is not None and size > limit:
        return f"calls a change of {size} points {word.strip()}"
    return None


def _points(m):
    n, a, b = number(m["n"]), int(m["a"]), int(m["b"])
    return None if abs(b - a) == n else f"says {n} points between {a}% and {b}%"


def _share_of(m):
    p, k, n = int(m["p"]), number(m["k"]), number(m["n"])
    before = m.string[max(0, m.start() - 6):m.start()]
    if before.endswith("over ") and p == 99:     # "over 99%": rounds to 100 but is not all
        return None if n and pct(k, n) == 100 and k < n else f"says {k} of {n} is over 99%"
    if before.endswith("under ") and p == 1:     # "under 1%": rounds to 0 but is not none
        return None if n and pct(k, n) == 0 and k > 0 else f"says {k} of {n} is under 1%"
    return None if n and pct(k, n) == p else f"says {k} of {n} is {p}%"


def _fraction_of(m):
    k, n = number(m["k"]), number(m["n"])
    exact, target = k / n, FRACTIONS[m["fraction"].lower()]
    q = m["q"].lower() if m["q"] else None
    if q is None:
        return None if abs(exact - target) <= 0.01 + 1e-9 else f"calls {k} of {n} {m['fraction']}"
    below = q in ("just under", "almost", "less than")
    ok = exact < target if below else exact > target
    return None if ok else f"calls {k} of {n} {q} {m['fraction']}"


def _all_but(m):
    k, n = number(m["k"]), number(m["n"])
    return None if k < n else f"says all but {k} of {n}"


RULES = {
    "increase from A% to B%": (
        r"(?:an increase|increased|a (?:very )?small increase)(?: (?:of|in) [\w ,]+?)? from (?P<a>\d+)%[^.;%]*? to (?P<b>\d+)%",
        _rising),
    "decrease from A% to B%": (
        r"(?:a decrease|decreased|a (?:slight|very small) decline)(?: (?:of|in) [\w ,]+?)? from (?P<a>\d+)%[^.;%]*? to (?P<b>\d+)%",
        _falling),
    "an increase to B% ..., from A%": (r"an increase to (?P<b>\d+)%[^.;%]*?, from (?P<a>\d+)%", _rising),
    "a decrease to B% ..., from A%": (r"a decrease to (?P<b>\d+)%[^.;%]*?, from (?P<a>\d+)%", _falling),
    "dropped (from A% to B%)": (r"dropped \((?:[a-z ]+ )?from (?P<a>\d+)% to (?P<b>\d+)%\)", _falling),
    "X% (up/down from Y%": (r"(?P<now>\d+)%[^.;%()]*\((?P<dir>up|down) from (?P<then>\d+)%", _up_down),
    "at X%. This was a small increase from Y%": (
        r"at (?P<now>\d+)%[.,] (?:This was )?an? (?P<size>very small |small |slight )?(?P<kind>increase|decline|decrease) "
        r"from (?P<then>\d+)%", _sized),
    "by N percentage points (from A% to B%)": (
        rf"by {NUM.replace('(', '(?P<n>', 1)} percentage points? \(from (?P<a>\d+)% to (?P<b>\d+)%\)", _points),
    "X% (k of n)": (
        rf"(?P<p>\d+)%,? \(?{NUM.replace('(', '(?P<k>', 1)}(?: homes)? (?:out )?of {NUM.replace('(', '(?P<n>', 1)}\b",
        _share_of),
    "X% of ... (k of n homes)": (
        rf"(?P<p>\d+)% of their homes improving \({NUM.replace('(', '(?P<k>', 1)} of {NUM.replace('(', '(?P<n>', 1)}",
        _share_of),
    "just under three quarters (k of n)": (
        rf"(?i:{QUALIFIED.replace('(just', '(?P<q>just', 1).replace(FRACTION, FRACTION.replace('(', '(?P<fraction>', 1), 1)})"
        rf"[^.;()]*?\({NUM.replace('(', '(?P<k>', 1)}(?: homes)? (?:out )?of {NUM.replace('(', '(?P<n>', 1)}\)",
        _fraction_of),
    "all but k of the n": (rf"All but {NUM.replace('(', '(?P<k>', 1)} of the {NUM.replace('(', '(?P<n>', 1)}", _all_but),
}

#: Text that must never appear in a sentence.
NEVER = [r"\bNone\b(?! of)", r"\bnan\b", r"no inspections%", r"\{\{|\}\}", r"\b(\w+) \1\b", r" [,.;]", r"\(\s*\)",
         r"\b0 of 0\b", r"-1\b",
         r"(?:^(?=.{60})|\. )\d"]  # GOV.UK style: no sentence starts with a numeral (a date alone is no sentence)


#: The rule that reads its opening words without regard to case, and the
#: words a match of it starts with: its qualifier, else its fraction.
FRACTION_RULE = "just under three quarters (k of n)"
OPENINGS = (*QUALIFIERS, *FRACTIONS)


def _matches(name: str, pattern: str, text: str):
    """``re.finditer(pattern, text)``. The fraction rule opens with words
    read without regard to case, so Python's engine tries it at every
    character (a third of a check's time); its matches are found by trying
    it only where one of its OPENINGS starts, found in the lower-case text.
    That is the same where lower-casing keeps every character in its place
    and no letter outside ASCII could match an ASCII one without regard to
    case (the Kelvin sign, a long s): where the text has a letter outside
    ASCII, every character is tried, as before."""
    if name != FRACTION_RULE or any(c.isalpha() for c in set(text) if not c.isascii()):
        yield from re.finditer(pattern, text)
        return
    compiled, lower = re.compile(pattern), text.lower()
    starts = sorted({i for word in OPENINGS for i in _found(lower, word)})
    end = 0
    for start in starts:
        if start < end:
            continue
        m = compiled.match(text, start)
        if m:
            yield m
            end = m.end()


def _found(text: str, word: str):
    """Every place ``word`` starts in ``text``, overlapping ones too."""
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)


def false_claims(text: str) -> list[str]:
    problems = []
    for name, (pattern, check) in RULES.items():
        for m in _matches(name, pattern, text):
            why = check(m)
            if why:
                problems.append(f"{name}: “{m.group(0)}” {why}")
    # Each line is searched only for the patterns found somewhere in its
    # lines joined by newlines, read with re.M (a line's match is a match
    # there too): most texts have none, and searching each line for every
    # pattern took a third of this function's time.
    lines = text.splitlines()
    joined = "\n".join(lines)
    present = [pattern for pattern in NEVER if re.search(pattern, joined, flags=re.M)]
    for line in lines if present else ():
        for pattern in present:
            m = re.search(pattern, line)
            if m and not line.startswith(("http", "www")):
                problems.append(f"never {pattern!r}: “{line[max(0, m.start() - 60): m.end() + 60]}”")
    return problems


# --- the data ----------------------------------------------------------------

def _edit(folder, name, change):
    path = folder / name
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(df).to_csv(path, index=False, lineterminator="\n")


def shuffle_sif(folder, seed):
    """Each SIF judgement column permuted across the inspections."""
    rng = np.random.default_rng(seed)

    def change(df):
        judged = df["overall_effectiveness"] != ""
        for column in ("overall_effectiveness", "help_and_protection", "looked_after", "adoption", "care_leavers",
                       "leadership", "lscb_overall_effectiveness"):
            values = df.loc[judged, column].to_numpy()
            df.loc[judged, column] = rng.permutation(values)
        return df
    _edit(folder, "sif_inspections.csv", change)


def redraw_homes(folder, seed):
    """Every judged full inspection of a home gets a grade drawn afresh,
    with the period's inspections a little worse than before."""
    rng = np.random.default_rng(seed)

    def change(df):
        full = (df["event_type"] == "Full") & df["overall_effectiveness"].isin(GRADES)
        late = df["inspection_date"] >= "2016-04-01"
        for mask, p in ((full & ~late, [0.12, 0.62, 0.2, 0.06]), (full & late, [0.08, 0.5, 0.3, 0.12])):
            df.loc[mask, "overall_effectiveness"] = rng.choice(GRADES, size=int(mask.sum()), p=p)
        return df
    _edit(folder, "homes_inspections.csv", change)


def everything_worse(folder, seed):
    """Every SIF inspection published since last reported, and every
    in-period home inspection that was good or better, one grade worse."""
    worse = dict(zip(GRADES, GRADES[1:] + ["Inadequate"]))

    def sif(df):
        new = df["publication_date"] > "2016-03-31"
        for column in ("overall_effectiveness", "help_and_protection", "looked_after", "adoption", "care_leavers",
                       "leadership", "lscb_overall_effectiveness"):
            df.loc[new, column] = df.loc[new, column].map(lambda g: worse.get(g, g))
        return df

    def homes(df):
        late = (df["event_type"] == "Full") & (df["inspection_date"] >= "2016-04-01")
        df.loc[late, "overall_effectiveness"] = df.loc[late, "overall_effectiveness"].map(lambda g: worse.get(g, g))
        return df
    _edit(folder, "sif_inspections.csv", sif)
    _edit(folder, "homes_inspections.csv", homes)


SCENARIOS = {
    "SIF judgements shuffled (seed 1)": lambda f: shuffle_sif(f, 1),
    "SIF judgements shuffled (seed 2)": lambda f: shuffle_sif(f, 2),
    "homes grades redrawn (seed 3)": lambda f: redraw_homes(f, 3),
    "homes grades redrawn (seed 4)": lambda f: redraw_homes(f, 4),
    "everything one grade worse": lambda f: everything_worse(f, 0),
    "shuffled and redrawn (seed 5)": lambda f: (shuffle_sif(f, 5), redraw_homes(f, 5)),
}


# --- the tests -----------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_text():
    return build_text(DATA)[0]


@pytest.fixture(scope="module")
def altered(tmp_path_factory):
    """``altered(scenario)``: the bulletin's text of a copy of the sample
    changed by ``SCENARIOS[scenario]``, rendered once a module (the rules'
    check and the scenario's test read the same altered bulletin)."""
    from conftest import copy_release

    made = {}

    def text_of(scenario):
        if scenario not in made:
            folder = copy_release(DATA, tmp_path_factory.mktemp("altered"))
            SCENARIOS[scenario](folder)
            made[scenario] = build_text(folder)[0]
        return made[scenario]
    return text_of


@pytest.fixture(scope="module")
def worse_text(altered):
    return altered("everything one grade worse")   # everything_worse(folder, 0)


def test_every_rule_is_exercised(sample_text, worse_text):
    """A rule that matches nothing checks nothing: each matches the sample
    bulletin or the one where everything got worse."""
    unused = [name for name, (pattern, _) in RULES.items()
              if not re.search(pattern, sample_text) and not re.search(pattern, worse_text)]
    assert unused == []


def test_the_rules_catch_false_sentences():
    assert false_claims("This was an increase from 33% to 34%.") == []
    assert false_claims("dropped (an increase from 33% to 34%)")
    assert false_claims("there has been a decrease to 28% of LAs judged good, from 26% at 31 March")
    assert false_claims("was 74% (up from 76% at 31 March)")
    assert false_claims("at 88%. This was a very small increase from 85% in 2015")
    assert false_claims("increased by four percentage points (from 72% to 75%)")
    assert false_claims("lowest percentage (71%, 44 homes out of 63)")
    assert false_claims("just under three quarters (41 of 54)")
    assert false_claims("judged good (None)")


def test_the_sample_bulletin_says_nothing_false(sample_text):
    assert false_claims(sample_text) == []


RELEASES = sorted(p.name for p in DATA.parent.iterdir() if (p / "release.toml").is_file())


@pytest.mark.parametrize("rid", RELEASES)
def test_every_release_in_the_series_says_nothing_false(rid):
    assert false_claims(build_text(DATA.parent / rid)[0]) == []


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_altered_data_still_give_true_sentences(altered, scenario):
    assert false_claims(altered(scenario)) == []
