"""The words that depend on numbers read as the release writes them, and
are true for any value."""

import pytest

from release import words as w
from release.ledger import Ledger
from release.numbers import percent


def share(count, base):
    return Ledger().share("x", count, base, "test")


@pytest.mark.parametrize("count, base, phrase", [
    (22, 109, "one fifth"),
    (12, 30, "two fifths"),
    (6, 25, "a quarter"),
    (39, 54, "just under three quarters"),
    (109, 152, "almost three quarters"),
    (15, 54, "just over a quarter"),
    (50, 152, "a third"),
    (1, 2, "half"),
    (0, 10, "none"),
    (10, 10, "all"),
    (57, 58, "almost all"),   # not "more than four fifths" (98%)
    (19, 20, "almost all"),
])
def test_proportions_in_words(count, base, phrase):
    assert w.proportion(share(count, base)) == phrase


FRACTIONS = {"half": 1 / 2, "a third": 1 / 3, "two thirds": 2 / 3, "a quarter": 1 / 4, "three quarters": 3 / 4,
             "one fifth": 1 / 5, "two fifths": 2 / 5, "three fifths": 3 / 5, "four fifths": 4 / 5,
             "one tenth": 1 / 10}
#: Each qualifier: whether the share is below the fraction named, and how far
#: from it (in proportion) the phrase may stretch at most.
QUALIFIERS = {"just under": (True, 0.03), "almost": (True, 0.045), "less than": (True, 1.0),
              "just over": (False, 0.03), "a little over": (False, 0.06), "more than": (False, 1.0)}


@pytest.mark.parametrize("count, base", [(c, b) for b in (7, 19, 54, 109, 152) for c in range(1, b)])
def test_proportion_words_are_true_and_close(count, base):
    """"just under three quarters" is below three quarters and near it; a
    bare fraction is within a point of the share."""
    phrase = w.proportion(share(count, base))
    exact = count / base
    if phrase == "almost all":
        assert 0.95 <= exact < 1, (count, base, phrase)
        return
    assert exact < 0.95, (count, base, phrase)
    for qualifier, (below, reach) in QUALIFIERS.items():
        if phrase.startswith(qualifier + " "):
            target = FRACTIONS[phrase[len(qualifier) + 1:]]
            assert (exact < target) if below else (exact > target), (count, base, phrase)
            assert abs(exact - target) <= reach + 1e-12, (count, base, phrase)
            break
    else:
        assert abs(exact - FRACTIONS[phrase]) <= 0.01 + 1e-12, (count, base, phrase)


def test_a_share_is_not_stretched_towards_a_far_fraction():
    assert w.proportion(share(60, 109)) == "a little over half"      # 55%, not "almost three fifths"
    assert w.proportion(share(69, 109)) == "almost two thirds"       # 63%
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
    from release.words import quantity

    L = Ledger()
    assert quantity(L.share("a", 54, 54, "x")) == "all"
    assert quantity(L.share("b", 53, 54, "x")) == "almost all"


def test_every_says_as_many_as_there_are():
    from release.words import every

    assert [every(n, "authority") for n in (1, 2, 5, 23)] == [
        "the one authority", "both authorities", "all five authorities", "all 23 authorities"]


def test_a_quantity_before_a_plural_noun_reads_as_english():
    """"Almost all of homes judged inadequate … improved" was printed (a
    key point of the first release in the series): all, almost all and half
    go straight before the noun (as the release writes "Almost all homes judged
inadequate"), half and none take "of the", majorities and minorities "of"."""
    from release.ledger import Ledger
    from release.words import quantity_of

    L = Ledger()
    said = {n: quantity_of(L.share(f"s{n}", n, 100, "x")) for n in (100, 97, 90, 75, 60, 50, 20)}
    assert said == {100: "all", 97: "almost all", 90: "the vast majority of", 75: "a large majority of",
                    60: "the majority of", 50: "half of the", 20: "a minority of"}
    assert quantity_of(L.share("none", 0, 100, "x")) == "none of the"


def test_a_share_is_whole_only_when_it_is_all_of_a_base():
    from release.ledger import Ledger
    from release.words import is_whole

    L = Ledger()
    assert is_whole(L.share("a", 5, 5, "x"))
    assert not is_whole(L.share("b", 4, 5, "x"))
    assert not is_whole(L.share("c", 0, 0, "x"))


def test_almost_all_before_a_noun_has_no_of():
    """"almost all of inspected authorities" was possible once proportion
    said "almost all" (95% or more): both filters now share one rule."""
    from release.ledger import Ledger
    from release.words import proportion_of, quantity_of

    L = Ledger()
    s = L.share("s", 97, 100, "x")
    assert proportion_of(s) == quantity_of(s) == "almost all"
    assert proportion_of(L.share("h", 50, 100, "x")) == quantity_of(L.share("h2", 50, 100, "x")) == "half of the"
