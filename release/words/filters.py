"""Words that depend on numbers, as this release writes them.

These are Jinja filters and helpers for the commentary templates, so a
statistician can write "{{ F.x | change_from(F.y) }}" and get "an increase
from 26% to 28%", or "a decrease", whatever the data say. Each one is
honest for any value: a phrase is chosen from the numbers, never assumed.
"""

import functools
from fractions import Fraction

from num2words import num2words

from ..errors import ReleaseError
from ..inputs import judgements as j
from ..ledger import in_prose, Figure, Share, join_names
from ..numbers import percent, in_words


def _value(x):
    return x.value if isinstance(x, Figure) else x


# --- numbers ---------------------------------------------------------------

def number_words(n) -> str:
    """54 -> "fifty-four"."""
    return in_words(_value(n))


def count(n) -> str:
    """GOV.UK style: one to nine in words, 10 and over in figures."""
    v = int(_value(n))
    return number_words(v) if 0 < v < 10 else f"{v:,}"


def sentence_start(n) -> str:
    """A number that starts a sentence is written in words: "Fifty-four";
    none is "No" ("No authorities were judged ...")."""
    if int(_value(n)) == 0:
        return "No"
    text = number_words(n)
    return text[0].upper() + text[1:]


def ordinal(n) -> str:
    """2 -> "second"."""
    return num2words(int(_value(n)), to="ordinal")


def plural(n, singular: str, plural_form: str | None = None) -> str:
    """The noun agreeing with ``n``: plural(1, "authority") -> "authority"."""
    if _how_many(n) == 1:
        return singular
    return plural_form or _plural_noun(singular)


def _plural_noun(noun: str) -> str:
    """The plural of the nouns the commentary counts: "authority" ->
    "authorities", "home" -> "homes", "LA" -> "LAs". A noun that takes
    another plural is given it: ``plural(n, "child", "children")``."""
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    return noun + "s"


def _how_many(n) -> int:
    v = _value(n)
    return len(v) if isinstance(v, (list, tuple)) else int(v)


def counted(n, singular: str, plural_form: str | None = None) -> str:
    """A count with its noun, as the release writes it inside a sentence:
    "no authorities", "one authority", "four authorities", "12 authorities"."""
    v = _how_many(n)
    return f"{'no' if v == 0 else count(v)} {plural(v, singular, plural_form)}"


def was_were(n) -> str:
    """"was" for one (a count, or a list of one name), "were" otherwise."""
    return "was" if _how_many(n) == 1 else "were"


def has_have(n) -> str:
    return "has" if _how_many(n) == 1 else "have"


def both_all(n) -> str:
    """"Both" for two, "All" otherwise (as in "Both of the authorities")."""
    return "Both" if _how_many(n) == 2 else "All"


def every(n, singular: str, plural_form: str | None = None) -> str:
    """All of a group, as many as it is: "the one authority", "both
    authorities", "all five authorities", "all 23 authorities"."""
    k = _how_many(n)
    if k == 1:
        return f"the one {singular}"
    noun = plural(n, singular, plural_form)
    return f"both {noun}" if k == 2 else f"all {count(n)} {noun}"


def is_are(n) -> str:
    return "is" if _how_many(n) == 1 else "are"


def names(items) -> str:
    """["Birmingham", "Sunderland", "Bromley"] -> "Birmingham, Sunderland and Bromley"."""
    return join_names([in_prose(str(i)) for i in _value(items)])


def placename(name) -> str:
    """A place name as written in a sentence: "the East of England", "London"."""
    return in_prose(str(_value(name)))


def commas(items) -> str:
    """Names joined by commas only, to lead into a last item the sentence
    adds itself: "Birmingham, Sunderland and – since … – Bromley"."""
    return ", ".join(in_prose(str(i)) for i in _value(items))


def run_by(sector, short: bool = False) -> str:
    """"Private" -> "privately-run", "Local authority" -> "local authority-run"
    (or, ``short``, "LA-run", as the release writes it in lists)."""
    return j.run_by(str(_value(sector)), short)


def capital(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


# --- change ------------------------------------------------------------------

def points(a, b) -> str:
    """Difference in percentage points, in words: "four percentage points"."""
    va, vb = _both(a, b)
    diff = abs(vb - va)
    return f"{count(diff)} percentage {'point' if diff == 1 else 'points'}"


def comparable(a, b) -> bool:
    """Jinja test ``a is comparable(b)``: both figures have a value (a share
    of nothing has none), so a sentence may compare them."""
    return _value(a) is not None and _value(b) is not None


class NoBase(ReleaseError):
    """A template compared a figure that has no value (a share of nothing)."""


def _both(a, b):
    va, vb = _value(a), _value(b)
    if va is None or vb is None:
        keys = " and ".join(getattr(x, "key", repr(x)) for x in (a, b))
        raise NoBase(f"the commentary compares {keys}, but one has no base (a share of nothing): "
                     "guard the sentence with `is comparable(...)`")
    return va, vb


def direction(a, b, up="an increase", down="a decrease", same="no change") -> str:
    """Which way a figure moved from ``a`` (earlier) to ``b`` (later)."""
    va, vb = _both(a, b)
    if vb > va:
        return up
    if vb < va:
        return down
    return same


def change_from(a, b) -> str:
    """"an increase from 26% to 28%" / "a decrease from 24% to 23%" /
    "unchanged at 81%", from ``a`` (earlier) to ``b`` (later), like every
    other change filter: ``{{ before | change_from(now) }}``."""
    word = direction(a, b, "an increase", "a decrease", None)
    if word is None:
        return f"unchanged at {b}"
    return f"{word} from {a} to {b}"


def rose_fell(a, b) -> str:
    """"increased" / "decreased" / "did not change" from ``a`` to ``b``."""
    return direction(a, b, "increased", "decreased", "did not change")


def a_change(a, b) -> str:
    """"an increase" / "a decrease" / "no change" from ``a`` to ``b``."""
    return direction(a, b)


def a_sized_change(a, b) -> str:
    """A change with its size in words, as the release grades them: "a very
    small increase" (one point), "a slight decline" (two or three points),
    "an increase" (more), "no change"."""
    va, vb = _both(a, b)
    size = abs(vb - va)
    if size == 0:
        return "no change"
    if vb > va:
        return "a very small increase" if size <= 1 else ("a small increase" if size <= 3 else "an increase")
    return "a very small decline" if size <= 1 else ("a slight decline" if size <= 3 else "a decrease")


def up_down(a, b) -> str:
    """"up from" / "down from" / "the same as" for a parenthesis."""
    return direction(a, b, "up from", "down from", "the same as")


def increase_decrease(a, b) -> str:
    return direction(a, b, "increase", "decrease", "change")


def more_fewer(a, b) -> str:
    """"two more than" / "two fewer than" / "the same number as"."""
    va, vb = (int(v) for v in _both(a, b))
    if vb == va:
        return "the same number as"
    return f"{count(abs(vb - va))} {'more' if vb > va else 'fewer'} than"


# --- proportions as words -----------------------------------------------------

#: The fractions a share may be named by: halves to fifths, and tenths at the
#: ends only (one tenth, nine tenths), where fifths are too far apart for a
#: reader to place 88% or 92% by them. Seven tenths is left out on purpose:
#: 72% reads as "just under three quarters", as the release has always said.
FRACTIONS = sorted({Fraction(n, d) for d in (2, 3, 4, 5) for n in range(1, d)} | {Fraction(1, 10), Fraction(9, 10)})
_NAMES = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters"), 5: ("fifth", "fifths"),
          10: ("tenth", "tenths")}

#: How near (in percentage points of the printed percentage) a share must be
#: to a fraction to be named as it, bare ("three quarters").
EXACT_POINTS = 1
#: How near a share must be for "just under" or "just over": three points,
#: and never more than a tenth of the fraction itself, so 22% is not "just
#: under a quarter" (it is "just over one fifth").
NEAR_POINTS = 3
#: How far above a fraction "a little over" may reach: six points, and never
#: more than a fifth of the fraction ("a little over half" for 54% or 56%).
LITTLE_OVER_POINTS = 6
#: From this printed percentage (short of all) a share is "almost all".
ALMOST_ALL = 95


def fraction_name(f: Fraction) -> str:
    """Fraction(3, 4) -> "three quarters"; Fraction(1, 4) -> "a quarter"."""
    one, many = _NAMES[f.denominator]
    if f.numerator == 1:
        if f.denominator == 2:
            return "half"
        return f"one {one}" if f.denominator in (5, 10) else f"a {one}"
    return f"{number_words(f.numerator)} {many}"


def _exact(share) -> Fraction:
    if isinstance(share, Share):
        return Fraction(share.count_value, share.base_value) if share.base_value else Fraction(0)
    return Fraction(str(_value(share)))


def _printed(exact: Fraction) -> int:
    """The whole percentage the reader sees beside the words (half up)."""
    return percent(exact.numerator, exact.denominator)


def _reach(f: Fraction, points: int, part: Fraction) -> Fraction:
    """How far from ``f`` (in points) a qualified phrase may stretch: ``points``,
    or ``part`` of the fraction itself where that is less."""
    return min(Fraction(points), 100 * f * part)


#: Each fraction with its percentage and its reaches, worked out once.
_SCALE = [(f, 100 * f, _reach(f, NEAR_POINTS, Fraction(1, 10)), _reach(f, LITTLE_OVER_POINTS, Fraction(1, 5)))
          for f in FRACTIONS]


def proportion(share) -> str:
    """A share in words, as the release writes it: "one fifth", "just under
    three quarters", "just over a quarter", "a little over half", "less than
    half", "almost all".

    The rule (docs/writing-commentary.md, "Proportions in words"): the words
    must be true of the exact share and read as the printed percentage reads,
    so a reader who sees "(72%)" beside them sees no contradiction. Distances
    are measured from the printed whole percentage p to the fraction, in
    percentage points; the direction is that of the exact share.

    - none (0), all (the whole base), "almost all" (p 95 or more, short of all);
    - a fraction bare ("three quarters") when p and the exact share are
      both within 1 point of it (14 of 19, 73.7%, is "just under");
    - "just under F" when the share is below F and p within 3 points of it,
      and "just over F" above it, never further than a tenth of F
      (so 22% is "just over one fifth", not "just under a quarter");
      of two such phrases the nearer fraction is named;
    - "a little over F" when above F and p within 6 points (at most a fifth
      of F): 54% and 56% are "a little over half", never "almost three fifths";
    - otherwise "less than F" or "more than F" for the nearer of the two
      fractions either side: 46% is "less than half"; 88% is "just under nine
      tenths", never "more than four fifths".

    The fractions are halves, thirds, quarters, fifths, one tenth and nine
    tenths. "almost" is kept for "almost all": below a fraction is "just under".
    """
    return _proportion(_exact(share))


@functools.lru_cache(maxsize=None)
def _proportion(exact: Fraction) -> str:
    if exact <= 0:
        return "none"
    if exact >= 1:
        return "all"
    p = _printed(exact)
    if p >= ALMOST_ALL:
        return "almost all"
    f, at, near, little = min(_nearest_to(p), key=lambda s: abs(exact - s[0]))
    if abs(p - at) <= EXACT_POINTS and abs(100 * exact - at) <= EXACT_POINTS:
        return fraction_name(f)
    i = next((i for i, s in enumerate(_SCALE) if s[0] > exact), len(_SCALE))
    upper = _SCALE[i] if i < len(_SCALE) else None
    lower = _SCALE[i - 1] if i > 0 and _SCALE[i - 1][0] < exact else None
    close = []
    if upper is not None and upper[1] - p <= upper[2]:
        close.append((upper[1] - p, f"just under {fraction_name(upper[0])}"))
    if lower is not None and p - lower[1] <= lower[2]:
        close.append((p - lower[1], f"just over {fraction_name(lower[0])}"))
    if close:
        return min(close)[1]
    if lower is not None and p - lower[1] <= lower[3]:
        return f"a little over {fraction_name(lower[0])}"
    if lower is None or (upper is not None and upper[1] - p < p - lower[1]):
        return f"less than {fraction_name(upper[0])}"
    return f"more than {fraction_name(lower[0])}"


@functools.lru_cache(maxsize=None)
def _nearest_to(p: int) -> list:
    """The fractions of ``_SCALE`` nearest the printed percentage ``p`` (two
    when it is midway), in the scale's order: ``_proportion`` names the one
    nearer the exact share. Worked out once for each of the hundred or so
    percentages rather than for each share (the words' tests read every
    share of a base up to 200)."""
    nearest = min(abs(p - s[1]) for s in _SCALE)
    return [s for s in _SCALE if abs(p - s[1]) == nearest]


def proportion_of(share) -> str:
    """The proportion as it stands before a plural noun: "two fifths of",
    "all", "almost all", "half of the", "none of the" ("all inspected
    authorities", "almost all inspected authorities", "two fifths of
    inspected authorities")."""
    return _before_noun(proportion(share))


#: How a proportion or quantity stands before a plural noun, where it is not
#: "… of": "all homes", "almost all homes", "half of the homes", "none of the
#: homes" ("almost all of homes" is not English).
_BEFORE_NOUN = {"all": "all", "almost all": "almost all", "half": "half of the", "none": "none of the"}


def _before_noun(words: str) -> str:
    return _BEFORE_NOUN.get(words, f"{words} of")


#: Printed percentages from which a share is "the vast majority" and "a large
#: majority" (GSS-style broad words; below them "the majority").
VAST_MAJORITY = 85
LARGE_MAJORITY = 70


def quantity(share) -> str:
    """Broad words for a share: "almost all" (95% or more as printed, short
    of all), "the vast majority" (85% or more), "a large majority" (70% or
    more), "the majority", "half", "a minority", "none". Written to stand
    before "of the": "Almost all of the homes judged inadequate (99%)".

    The same rule as ``proportion``: bands are read from the printed
    percentage, so "half" is said exactly when ``proportion`` says "half"
    (49% to 51%, the exact share within a point), never "a minority (50%)";
    the majority is more than that, a minority less."""
    exact = _exact(share)
    if exact <= 0:
        return "none"
    if exact >= 1:
        return "all"
    p = _printed(exact)
    if p >= ALMOST_ALL:
        return "almost all"
    if proportion(share) == "half":
        return "half"
    if p >= VAST_MAJORITY:
        return "the vast majority"
    if p >= LARGE_MAJORITY:
        return "a large majority"
    return "the majority" if exact > Fraction(1, 2) else "a minority"


def quantity_of(share) -> str:
    """``quantity`` before a plural noun, as the release writes it: "the
    vast majority of homes", "a minority of homes", but "almost all homes",
    "all children's homes", "half of the homes", "none of the homes"
    ("almost all of homes" is not English)."""
    return _before_noun(quantity(share))


def per_cent_words(value) -> str:
    """3.37 -> "just over three per cent"."""
    v = float(_value(value))
    whole = int(v + 0.5)
    gap = v - whole
    qualifier = "just over " if gap > 0.05 else ("just under " if gap < -0.05 else "")
    return f"{qualifier}{number_words(whole)} per cent"


FILTERS = {
    "words": number_words,
    "count": count,
    "start": sentence_start,
    "ordinal": ordinal,
    "plural": plural,
    "counted": counted,
    "was_were": was_were,
    "has_have": has_have,
    "is_are": is_are,
    "both_all": both_all,
    "every": every,
    "names": names,
    "commas": commas,
    "placename": placename,
    "run_by": run_by,
    "a_sized_change": a_sized_change,
    "capital": capital,
    "points": points,
    "change_from": change_from,
    "up_down": up_down,
    "a_change": a_change,
    "rose_fell": rose_fell,
    "increase_decrease": increase_decrease,
    "more_fewer": more_fewer,
    "proportion": proportion,
    "proportion_of": proportion_of,
    "quantity": quantity,
    "quantity_of": quantity_of,
    "per_cent_words": per_cent_words,
}


def is_one(n) -> bool:
    """``{% if x is one %}``: a count of one, or a list of one name."""
    return _how_many(n) == 1


def is_none(n) -> bool:
    """``{% if x is nothing %}``: a count of zero, or an empty list."""
    return _how_many(n) == 0


def is_whole(share) -> bool:
    """A share that is all of its base (and its base is not empty):
    ``{% if x is whole %}`` "all of them", else "only some"."""
    return isinstance(share, Share) and share.base_value > 0 and share.count_value == share.base_value


TESTS = {
    "comparable": comparable, "one": is_one, "nothing": is_none, "whole": is_whole}
