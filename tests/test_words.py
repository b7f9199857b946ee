"""The words that depend on numbers read as the release writes them, and
are true for any value."""

import functools
from fractions import Fraction

import pytest

from release.words import filters as w
from release.ledger import Ledger
from release.numbers import percent


def share(count, base):
    return Ledger().share("x", count, base, "test")


@pytest.mark.parametrize("count, base, phrase", [
    (22, 109, "one fifth"),
    (12, 30, "two fifths"),
    (6, 25, "a quarter"),
    (39, 54, "just under three quarters"),     # the published key point
    (109, 152, "just under three quarters"),   # 72%: published "almost three quarters"
    (15, 54, "a little over a quarter"),       # 28%, as published
    (59, 109, "a little over half"),           # 54%, as published
    (50, 152, "a third"),
    (1, 2, "half"),
    (0, 10, "none"),
    (10, 10, "all"),
    (57, 58, "almost all"),   # not "more than four fifths" (98%)
    (19, 20, "almost all"),
])
def test_proportions_in_words(count, base, phrase):
    assert w.proportion(share(count, base)) == phrase


# The rule's properties, written out apart from the code (issue 23, class 4):
# a word must be true of the exact share and read as the printed percentage
# reads. Fractions the words may name, and what each qualifier promises.
FRACTIONS = {"half": Fraction(1, 2), "a third": Fraction(1, 3), "two thirds": Fraction(2, 3),
             "a quarter": Fraction(1, 4), "three quarters": Fraction(3, 4), "one fifth": Fraction(1, 5),
             "two fifths": Fraction(2, 5), "three fifths": Fraction(3, 5), "four fifths": Fraction(4, 5),
             "one tenth": Fraction(1, 10), "nine tenths": Fraction(9, 10)}
#: qualifier: (the share is below the fraction, furthest printed points from it)
QUALIFIERS = {"just under": (True, 3), "almost": (True, 3), "nearly": (True, 3), "just over": (False, 3),
              "a little over": (False, 6),
              "less than": (True, 100), "more than": (False, 100)}


def half_up(x: Fraction) -> int:
    """The whole percentage, rounded half up (in integers: x is never negative)."""
    return (200 * x.numerator + x.denominator) // (2 * x.denominator)


#: Every distinct share of a base up to 200 (counts over bases, as printed).
SHARES = sorted({Fraction(count, base) for base in range(1, 201) for count in range(base + 1)})


def parse(phrase: str):
    for q in QUALIFIERS:
        if phrase.startswith(q + " "):
            return q, FRACTIONS[phrase[len(q) + 1:]]
    return None, FRACTIONS[phrase]


@functools.cache  # of a whole percentage: the exhaustive test asks it thousands of times
def nearest_points(p: int) -> float:
    """How far the printed percentage is from the nearest named fraction."""
    return min(abs(p - 100 * f) for f in FRACTIONS.values())


def check_phrase(x: Fraction, phrase: str):
    """The properties every proportion phrase must have, for the exact
    share ``x``; returns what is wrong, or None."""
    p = half_up(x)
    if phrase in ("none", "all"):
        return None if x == (0 if phrase == "none" else 1) else "none/all not exact"
    if x in (0, 1):
        return "0 or 1 not said as none or all"
    if phrase == "almost all":
        return None if p >= 95 else "almost all below 95%"
    if p >= 95:
        return "95% or more not almost all"
    q, f = parse(phrase)
    gap = p - 100 * f                    # + when the printed percentage is above the fraction
    if q is None:
        return None if abs(x - f) <= Fraction(1, 100) and abs(gap) <= 1 else "bare fraction more than a point away"
    below, reach = QUALIFIERS[q]
    if (x < f) != below or (gap < 0) != below:
        return f"{q} but the share is on the other side"
    if abs(gap) > reach:
        return f"{q} but {abs(gap)} points away"
    close = q in ("just under", "almost", "nearly", "just over")
    if close and abs(gap) > nearest_points(p):
        return "just under/over a fraction that is not the nearest one"      # 22%: not "just under a quarter"
    if close and abs(gap) > 100 * f / 10:
        return "just under/over stretched beyond a tenth of the fraction"
    if q in ("less than", "more than"):
        others = [g for g in FRACTIONS.values() if (g < f if below else g > f)]
        other = min(others, key=lambda g: abs(g - f)) if others else None
        if other is not None and abs(p - 100 * other) < abs(gap):
            return f"{q} a fraction further from the printed percentage than the one on its other side"
    return None


@pytest.mark.parametrize("p", range(0, 101))
def test_every_whole_percentage_reads_as_printed(p):
    phrase = w.proportion(share(p, 100))
    assert check_phrase(Fraction(p, 100), phrase) is None, (p, phrase, check_phrase(Fraction(p, 100), phrase))
    assert w.proportion_of(share(p, 100)).startswith(phrase.split()[0])


def test_every_exact_share_up_to_base_200_reads_as_printed():
    wrong = [(x, phrase, problem) for x in SHARES
             for phrase in [w.proportion(x)] for problem in [check_phrase(x, phrase)] if problem]
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("count, base, never", [
    (56, 100, "almost three fifths"),
    (92, 100, "more than four fifths"),
    (88, 100, "more than four fifths"),
    (22, 100, "just under a quarter"),
    (9, 30, "nearly a third"),
])
def test_the_words_issue_23_found_misleading_are_not_said(count, base, never):
    assert w.proportion(share(count, base)) != never
    assert check_phrase(Fraction(count, base), never) is not None


def test_the_issue_cases_read_as_their_percentages():
    said = {p: w.proportion(share(p, 100)) for p in (22, 54, 56, 72, 88, 92)}
    assert said == {22: "just over one fifth", 54: "a little over half", 56: "a little over half",
                    72: "just under three quarters", 88: "just under nine tenths", 92: "just over nine tenths"}


def test_quantity_agrees_with_proportion():
    """quantity and proportion read the same figure the same way: "half"
    and "almost all" together, the majority above half, a minority below."""
    for base in range(1, 201):
        for count in range(base + 1):
            x = Fraction(count, base)
            p, q = w.proportion(x), w.quantity(x)
            assert (p == "half") == (q == "half"), (count, base, p, q)
            ends = ("none", "all", "almost all")
            assert (p in ends) == (q in ends) and (p not in ends or p == q), (count, base, p, q)
            if q == "the majority" or q.endswith("majority"):
                assert x > Fraction(1, 2) and half_up(x) >= 51, (count, base, q)
            if q == "a minority":
                assert x < Fraction(1, 2) and half_up(x) <= 49, (count, base, q)


def test_a_share_is_not_stretched_towards_a_far_fraction():
    assert w.proportion(share(60, 109)) == "a little over half"      # 55%, not "almost three fifths"
    assert w.proportion(share(69, 109)) == "just over three fifths"  # 63%: nearer three fifths than two thirds
    assert w.proportion(share(42, 109)) == "just under two fifths"   # 39%


def test_percent_rounds_half_up_not_to_even():
    assert percent(29, 40) == 73      # 72.5 -> 73; round() gives 72
    assert percent(1, 8) == 13        # 12.5 -> 13
    assert percent(3, 8) == 38        # 37.5 -> 38 (the North East's 3 of 8)
    assert percent(0, 0) is None


def test_change_words():
    # Every change filter reads earlier | filter(later).
    assert w.change_from(26, 28) == "an increase from 26 to 28"
    assert w.change_from(24, 23) == "a decrease from 24 to 23"
    assert w.change_from(81, 81) == "unchanged at 81"
    assert w.a_change(26, 28) == "an increase" and w.up_down(24, 23) == "down from"
    assert w.a_sized_change(87, 88) == "a very small increase"
    assert w.a_sized_change(54, 52) == "a slight decline"
    assert w.a_sized_change(72, 76) == "an increase"
    assert w.points(72, 76) == "four percentage points"
    assert w.points(81, 82) == "one percentage point"
    assert w.more_fewer(6, 8) == "two more than"
    assert w.more_fewer(8, 6) == "two fewer than"


def test_number_style():
    assert w.sentence_start(54) == "Fifty-four"
    assert w.count(9) == "nine" and w.count(12) == "12" and w.count(1196) == "1,196"
    assert w.ordinal(2) == "second"
    assert w.plural(1, "authority") == "authority" and w.plural(3, "authority") == "authorities"
    assert w.was_were(1) == "was" and w.was_were(3) == "were"
    assert w.names(["Birmingham", "Sunderland", "Bromley"]) == "Birmingham, Sunderland and Bromley"
    assert w.names(["Lancashire"]) == "Lancashire"
    assert w.names(["Kensington and Chelsea", "Westminster"]) == "Kensington and Chelsea, and Westminster"
    assert w.names(["Cornwall", "Isles of Scilly"]) == "Cornwall and the Isles of Scilly"
    assert w.commas(["Birmingham", "Sunderland"]) == "Birmingham, Sunderland"
    assert w.run_by("Private") == "privately-run"


def test_broad_quantities():
    assert w.quantity(share(99, 100)) == "almost all"
    assert w.quantity(share(403, 458)) == "the vast majority"
    assert w.quantity(share(39, 54)) == "a large majority"
    assert w.quantity(share(6, 10)) == "the majority"
    assert w.quantity(share(4, 10)) == "a minority"
    assert w.per_cent_words(3.37) == "just over three per cent"


def test_quantity_says_all_only_of_all_and_almost_all_never_of_all():
    """Issue 14: "Almost all … (100%)" was printed for every one."""
    from release.ledger import Ledger
    from release.words.filters import quantity

    L = Ledger()
    assert quantity(L.share("a", 54, 54, "x")) == "all"
    assert quantity(L.share("b", 53, 54, "x")) == "almost all"


def test_every_says_as_many_as_there_are():
    from release.words.filters import every

    assert [every(n, "authority") for n in (1, 2, 5, 23)] == [
        "the one authority", "both authorities", "all five authorities", "all 23 authorities"]


def test_a_quantity_before_a_plural_noun_reads_as_english():
    """"Almost all of homes judged inadequate … improved" was printed (a
    key point of the first release in the series): all, almost all and half
    go straight before the noun (as the release writes "Almost all homes judged
inadequate"), half and none take "of the", majorities and minorities "of"."""
    from release.ledger import Ledger
    from release.words.filters import quantity_of

    L = Ledger()
    said = {n: quantity_of(L.share(f"s{n}", n, 100, "x")) for n in (100, 97, 90, 75, 60, 50, 20)}
    assert said == {100: "all", 97: "almost all", 90: "the vast majority of", 75: "a large majority of",
                    60: "the majority of", 50: "half of the", 20: "a minority of"}
    assert quantity_of(L.share("none", 0, 100, "x")) == "none of the"


def test_a_share_is_whole_only_when_it_is_all_of_a_base():
    from release.ledger import Ledger
    from release.words.filters import is_whole

    L = Ledger()
    assert is_whole(L.share("a", 5, 5, "x"))
    assert not is_whole(L.share("b", 4, 5, "x"))
    assert not is_whole(L.share("c", 0, 0, "x"))


def test_almost_all_before_a_noun_has_no_of():
    """"almost all of inspected authorities" was possible once proportion
    said "almost all" (95% or more): both filters now share one rule."""
    from release.ledger import Ledger
    from release.words.filters import proportion_of, quantity_of

    L = Ledger()
    s = L.share("s", 97, 100, "x")
    assert proportion_of(s) == quantity_of(s) == "almost all"
    assert proportion_of(L.share("h", 50, 100, "x")) == quantity_of(L.share("h2", 50, 100, "x")) == "half of the"
