"""When a difference is big enough to be said: the release's materiality
rules, in one place.

The GSS guidance on communicating statistics asks for differences that
matter to be described, and differences that do not to be called similar,
with the base of every percentage stated. These figures are counts of every
inspection, home or local authority (LA), not samples, so there is no
sampling error to test; but a whole-number percentage carries up to half a
point of rounding, and a percentage of a small group moves by many points
when one inspection goes the other way. So every comparison the commentary
makes passes through one of three rules:

``change(a, b)``
    The same measure at two dates or periods. No difference in the published
    percentages is "unchanged"; one or two points is a change the words must
    qualify ("a very small increase", "a small decrease"); ``CHANGE_POINTS``
    or more is a change that may be stated plainly and may lead a key point.
    Either base below ``FEW_TO_RANK`` makes the change not material, whatever
    its size: a percentage of a handful moves by chance.

``gap(a, b)``
    Two groups at the same date (areas, sectors, regions). A difference of
    less than ``GAP_POINTS`` is "similar": never "higher", "better" or "the
    highest". Both bases must be at least ``FEW_TO_RANK``.

``rank(groups)``
    A superlative ("the highest", "the poorest") among groups. Only groups
    with a base of at least ``FEW_TO_RANK`` are ranked, and those left out
    are returned by name so the sentence can say so ("among regions with ten
    or more inspections"); the top is called the highest only when it leads
    the next ranked group by ``GAP_POINTS`` or more.

Two more rules say when a count must be given beside its share, or may be
called small:

``base_changed(a, b)``
    The base of a share (the LAs inspected, the inspections in a period)
    grew or shrank by ``BASE_CHANGE`` or more of the earlier base. A share of
    a base that changed so much is a different mixture of groups (more LAs
    entered the picture), so the words give the counts beside the shares
    ("23% (25 LAs) … 21% (28 LAs)"), as they must when ``opposite`` is true:
    the share and its count moved in opposite directions.

``only(count, base)``
    "Only 39 of the 50" claims a shortfall. It is said only when the count
    is less than ``ONLY_BELOW`` of its base: "only 46 of the 50" (92%) is
    not a shortfall a reader would call "only".

Each rule compares the percentages as published (whole numbers, rounded half
up), so the words never disagree with the numbers a reader sees beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: A change over time of this many percentage points or more is material.
CHANGE_POINTS = 3
#: A difference between groups at one date of this many points or more is material.
GAP_POINTS = 5
#: A base that grew or shrank by this fraction of itself or more changed
#: materially: the counts are given beside the shares.
BASE_CHANGE = 0.1
#: "Only" is said of a count below this fraction of its base.
ONLY_BELOW = 0.8
#: The smallest base (inspections, homes or LAs) on which a group's
#: percentage is compared, ranked or called a material change.
FEW_TO_RANK = 10
#: The regional paragraph on sectors names the regions where LA-run homes
#: and private and voluntary-run homes differ by more than this many points
#: (the seed release's criterion, "more than a ten percentage point gap",
#: printed in the sentence from here): twice GAP_POINTS, so every region it
#: names differs materially, and only the widest gaps are listed.
WIDE_GAP_POINTS = 10


def _pv(share):
    """Published percentage and base of a ledger ``Share`` (or a
    ``(percent, base)`` pair, for tests and chart rows)."""
    if isinstance(share, tuple):
        return share
    return share.value, share.base_value


@dataclass(frozen=True)
class Change:
    """The same measure at two dates: ``points`` is later minus earlier in
    published percentage points; ``size`` is "none", "very small" (one
    point), "small" (two points, or any change on a base below FEW_TO_RANK)
    or "material"; ``direction`` is "up", "down" or "same"."""

    before: int
    after: int
    points: int
    size: str
    direction: str
    bases: tuple[int, int]

    @property
    def material(self) -> bool:
        return self.size == "material"


def change(before, after) -> Change | None:
    """The change from ``before`` to ``after``; None when either has no
    base (there is nothing to compare)."""
    (a, na), (b, nb) = _pv(before), _pv(after)
    if a is None or b is None or not na or not nb:
        return None
    d = b - a
    direction = "up" if d > 0 else "down" if d < 0 else "same"
    if d == 0:
        size = "none"
    elif abs(d) >= CHANGE_POINTS and min(na, nb) >= FEW_TO_RANK:
        size = "material"
    elif abs(d) == 1:
        size = "very small"
    else:
        size = "small"
    return Change(a, b, d, size, direction, (na, nb))


@dataclass(frozen=True)
class Gap:
    """Two groups at one date: ``verdict`` is "higher", "lower" (``a``
    against ``b``) or "similar"; ``points`` is a minus b."""

    points: int
    verdict: str
    bases: tuple[int, int]


def gap(a, b) -> Gap | None:
    """Group ``a`` against group ``b`` at the same date; None when either has no base."""
    (pa, na), (pb, nb) = _pv(a), _pv(b)
    if pa is None or pb is None or not na or not nb:
        return None
    d = pa - pb
    if abs(d) < GAP_POINTS or min(na, nb) < FEW_TO_RANK:
        return Gap(d, "similar", (na, nb))
    return Gap(d, "higher" if d > 0 else "lower", (na, nb))


@dataclass(frozen=True)
class Ranking:
    """A superlative among named groups.

    ``top``: the names sharing the highest (or lowest, with ``lowest=True``)
    percentage among the ranked groups; ``clear``: the single top group leads
    the next ranked group by GAP_POINTS or more, so it may be called "the
    highest"; ``ranked``: names with a base of at least FEW_TO_RANK, best
    first; ``left_out``: names with a base but below FEW_TO_RANK (the
    sentence must say so when any is); ``empty``: names with no base."""

    top: tuple[str, ...]
    clear: bool
    lead: int | None
    ranked: tuple[str, ...]
    left_out: tuple[str, ...] = field(default=())
    empty: tuple[str, ...] = field(default=())


def rank(groups: dict, lowest: bool = False) -> Ranking:
    """Rank ``groups`` (name -> share) by published percentage."""
    ranked, left_out, empty = [], [], []
    for name, share in groups.items():
        p, n = _pv(share)
        if p is None or not n:
            empty.append(name)
        elif n < FEW_TO_RANK:
            left_out.append(name)
        else:
            ranked.append((p, name))
    sign = 1 if lowest else -1
    ranked.sort(key=lambda t: (sign * t[0], t[1]))
    if not ranked:
        return Ranking((), False, None, (), tuple(left_out), tuple(empty))
    best = ranked[0][0]
    top = tuple(name for p, name in ranked if p == best)
    rest = [p for p, _ in ranked if p != best]
    lead = abs(best - rest[0]) if rest else None
    clear = len(top) == 1 and lead is not None and lead >= GAP_POINTS
    return Ranking(top, clear, lead, tuple(n for _, n in ranked), tuple(left_out), tuple(empty))


def opposite(before, after) -> bool:
    """A share and its count moved in opposite directions (the share fell
    while the number rose, because the base grew, or the other way): the
    words must then give both."""
    if not hasattr(before, "count_value") or not hasattr(after, "count_value"):
        return False
    if before.value is None or after.value is None:
        return False
    dp = after.value - before.value
    dc = after.count_value - before.count_value
    return (dp > 0 > dc) or (dp < 0 < dc)


def add_thresholds(ledger) -> None:
    """The thresholds as ledger figures, so a sentence can name its rule
    ("among regions with ten or more inspections") without typing it."""
    ledger.add("materiality.few_to_rank", FEW_TO_RANK, "Smallest base (inspections, homes or LAs) on which a group "
               "is ranked or compared (FEW_TO_RANK)")
    ledger.add("materiality.gap_points", GAP_POINTS, "Smallest difference between groups called higher or lower, in "
               "percentage points (GAP_POINTS)")
    ledger.add("materiality.change_points", CHANGE_POINTS, "Smallest change over time stated without qualification, in "
               "percentage points (CHANGE_POINTS)")


def base_changed(before, after) -> bool:
    """The base of the share moved by BASE_CHANGE or more of the earlier
    base (a first base of none is a change whenever there is one now)."""
    (_, na), (_, nb) = _pv(before), _pv(after)
    na, nb = na or 0, nb or 0
    if na == 0:
        return nb > 0
    return abs(nb - na) >= BASE_CHANGE * na


def only(count, base) -> bool:
    """"Only" fits ``count`` of ``base``: fewer than ONLY_BELOW of it."""
    count, base = int(getattr(count, "value", count) or 0), int(getattr(base, "value", base) or 0)
    return base > 0 and count < ONLY_BELOW * base
