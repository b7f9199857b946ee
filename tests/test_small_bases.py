"""No superlative on a handful: "the highest", "the poorest" and "the
lowest" are said only of groups with at least FEW_TO_RANK in the base, so
a region with one home never "saw the biggest improvement (1 of 1 homes)"."""

from release.figures import Figures, homes
from release.ledger import Ledger


def figures_of(L):
    return Figures(L)


def rows_of(L, shares):
    return [{"region": r, "improved": L.share(f"t.{i}", c, b, "test")} for i, (r, c, b) in enumerate(shares)]


def test_a_region_of_one_home_is_never_the_highest():
    L = Ledger()
    rows = rows_of(L, [("North East", 1, 1), ("London", 8, 12), ("South West", 15, 38)])
    homes._pick(figures_of(L), "x", rows, "improved", max, "highest")
    assert L["x.name"].value == "London" and L["x.unique"].value is True
    assert L["x.count"].value == 8 and L["x.base"].value == 12
    assert L["x.left_out"].value == ["the North East"]   # the sentence says so


def test_no_region_large_enough_means_no_superlative():
    L = Ledger()
    rows = rows_of(L, [("North East", 1, 1), ("London", 2, 3)])
    homes._pick(figures_of(L), "x", rows, "improved", max, "highest")
    assert L["x.unique"].value is False and L["x.eligible"].value == 0


def test_a_tie_among_large_regions_is_no_superlative_but_a_small_one_does_not_count():
    L = Ledger()
    rows = rows_of(L, [("North East", 5, 10), ("London", 10, 20), ("South West", 1, 2)])
    homes._pick(figures_of(L), "x", rows, "improved", max, "highest")
    assert L["x.unique"].value is False
    L2 = Ledger()
    rows = rows_of(L2, [("North East", 6, 10), ("London", 10, 20), ("South West", 2, 2)])
    homes._pick(figures_of(L2), "y", rows, "improved", max, "highest")
    assert (L2["y.name"].value, L2["y.unique"].value) == ("the North East", True)


def test_the_threshold_is_named():
    assert homes.FEW_TO_RANK == 10
