"""The materiality rules: what a reader may be told is higher, lower, the
highest or a change, checked on constructed percentages and bases."""

from hypothesis import given, strategies as st

from release.figures.materiality import CHANGE_POINTS, FEW_TO_RANK, GAP_POINTS, change, gap, opposite, rank
from release.ledger import Ledger


def test_an_unchanged_percentage_is_unchanged():
    c = change((79, 1900), (79, 1950))
    assert (c.size, c.direction, c.points) == ("none", "same", 0)


def test_one_point_is_very_small_and_two_small_never_material():
    assert change((28, 109), (29, 120)).size == "very small"
    assert change((28, 109), (26, 120)).size == "small"
    assert not change((28, 109), (26, 120)).material


def test_a_change_of_the_threshold_on_real_bases_is_material():
    c = change((79, 1196), (79 - CHANGE_POINTS, 1187))
    assert c.material and c.direction == "down"


def test_a_big_change_on_a_handful_is_not_material():
    assert not change((50, 4), (100, 5)).material


def test_nothing_to_compare_gives_no_change():
    assert change((None, 0), (80, 100)) is None


def test_areas_within_two_points_are_similar():
    assert gap((71, 400), (69, 300)).verdict == "similar"
    assert gap((71, 400), (71 - GAP_POINTS, 300)).verdict == "higher"


def test_a_gap_on_a_small_base_is_similar():
    assert gap((100, 2), (60, 300)).verdict == "similar"


def test_a_ranking_names_the_small_groups_it_left_out():
    r = rank({"Secure": (50, 2), "Special schools": (66, 60), "Homes": (80, 900)}, lowest=True)
    assert r.top == ("Special schools",) and r.left_out == ("Secure",)
    assert r.clear


def test_a_top_within_the_gap_is_not_clear():
    r = rank({"Voluntary": (82, 90), "Private": (80, 1400), "LA": (70, 300)})
    assert r.top == ("Voluntary",) and not r.clear and r.lead == 2


def test_a_tie_at_the_top_is_not_clear():
    r = rank({"A": (80, 100), "B": (80, 100), "C": (50, 100)})
    assert r.top == ("A", "B") and not r.clear


def test_no_group_big_enough_ranks_nothing():
    r = rank({"A": (80, 3), "B": (None, 0)})
    assert r.top == () and r.left_out == ("A",) and r.empty == ("B",)


def test_a_share_that_falls_while_its_count_rises_is_opposite():
    L = Ledger()
    before = L.share("a", 25, 109, "LAs judged inadequate")
    after = L.share("b", 28, 133, "LAs judged inadequate")
    assert after.value < before.value and opposite(before, after)
    assert not opposite(before, L.share("c", 30, 109, "x"))


pct = st.integers(0, 100)
base = st.integers(1, 3000)


@given(pct, base, pct, base)
def test_a_material_change_is_at_least_the_threshold_on_ranked_bases(a, na, b, nb):
    c = change((a, na), (b, nb))
    assert c.material == (abs(b - a) >= CHANGE_POINTS and min(na, nb) >= FEW_TO_RANK)
    assert (c.size == "none") == (a == b)


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.tuples(pct, st.integers(0, 50)), max_size=8))
def test_a_clear_top_leads_every_ranked_group_by_the_gap(groups):
    r = rank(groups)
    assert set(r.ranked) | set(r.left_out) | set(r.empty) == set(groups)
    if r.clear:
        (top,) = r.top
        assert all(groups[top][0] - groups[n][0] >= GAP_POINTS for n in r.ranked if n != top)
    for n in r.ranked:
        assert groups[n][1] >= FEW_TO_RANK
