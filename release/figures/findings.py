"""Findings: each ranking, superlative and comparison between groups that
the commentary can state, computed once with its evidence, and the claim it
makes about the chart printed beside it.

A finding is a set of ledger figures under one key (``homes.sub_type.poorest``):

``.name`` / ``.names``
    the group (or groups, when tied) at the top, as a sentence names them;
``.share`` ``.count`` ``.base``
    the top group's published percentage, its count and base;
``.unique``
    one group alone is at the top, among the groups ranked: the sentence
    may name it ("had the poorest grade profile");
``.clear``
    it leads the next ranked group by ``GAP_POINTS`` or more: the
    superlative may be said plainly. A unique top that is not clear is
    said with its close followers ("though the difference from ... was
    small"), never as an unqualified "the highest";
``.lead``
    points between the top and the next ranked group (none: no other);
``.ranked`` ``.left_out`` ``.empty``
    the groups ranked (base at least ``FEW_TO_RANK``), those left out for
    a base below it (the sentence must say so, beside a chart that shows
    them) and those with no base;
``.unit``
    what the bases count: "inspections", "homes" or "LAs".

Templates read the left-out and close groups, each with its ledger share
so that its numbers are traced, from ``lists["<key>.left_out"]`` and
``lists["<key>.close"]`` (rows of ``name`` and ``share``).

Each finding that a sentence states also registers a :class:`Claim` in
``figs.claims``: which chart it sits beside, which bars it ranks, which it
names as the top and which it says were left out. ``release.review.qa`` checks
every claim against the chart's own table, so a sentence can never rank
what its chart contradicts.
"""

from __future__ import annotations

from dataclasses import dataclass

from .materiality import FEW_TO_RANK, GAP_POINTS, gap, rank


#: Up to this many groups close to the top are named with their shares
#: ("though the difference from London (72%) and the South East (74%) was
#: small"); more are counted ("though four other regions were within five
#: percentage points"), so the sentence stays readable.
NAMED_CLOSE = 2


@dataclass(frozen=True)
class Claim:
    """A superlative a sentence states about the chart beside it.

    ``chart``: key in ``figs.charts``; ``groups``: the chart's bars the
    ranking is among (for a change, the later bar of each pair);
    ``earlier``: for a change ("the biggest rise"), the earlier bar of each
    pair, in the same order; ``top``: the bars the sentence names as the
    highest (or lowest, with ``lowest``); ``focus``: the categories whose
    share is ranked (good or better: outstanding and good); ``left_out``:
    the bars the sentence says were too few to rank; ``plain``: the
    superlative is said without qualification, so the top must lead by
    GAP_POINTS; ``value``: the percentage (or, for a change, the points)
    printed for the top; ``said``: the sentence's words, for the report."""

    chart: str
    groups: tuple[str, ...]
    top: tuple[str, ...]
    focus: tuple[str, ...]
    lowest: bool = False
    left_out: tuple[str, ...] = ()
    plain: bool = False
    value: int | None = None
    earlier: tuple[str, ...] = ()
    said: str = ""


@dataclass(frozen=True)
class Group:
    """One group of a ranking: the name a sentence gives it, its ledger
    share, and the chart bar it is drawn as (and the earlier bar, for a change)."""

    name: str
    share: object
    bar: str | None = None
    earlier_bar: str | None = None


def ranking(figs, key: str, groups: list[Group], *, unit: str, definition: str, lowest: bool = False,
            chart: str | None = None, focus: tuple[str, ...] = (), said: str = "", label=None):
    """Rank ``groups`` by published percentage, add the finding's figures
    under ``key`` and, when a sentence may state it (one group alone at the
    top), register its claim against ``chart``. Returns the
    ``materiality.Ranking`` and the top Group (None when nothing is ranked).
    ``label(name)``: how a sentence names a group in a list (the name itself
    unless given: "local authority-run homes" for "Local authority")."""
    L = figs.ledger
    by_name = {g.name: g for g in groups}
    r = rank({g.name: g.share for g in groups}, lowest=lowest)
    top = by_name[r.top[0]] if r.top else None
    # A superlative needs something to be above: one group alone at the top of two or more ranked.
    unique = len(r.top) == 1 and len(r.ranked) >= 2
    L.add(f"{key}.name", top.name if top else "", f"{definition}: the group at the top (empty: none ranked)")
    L.add(f"{key}.names", list(r.top), f"{definition}: the groups at the top (more than one: a tie)")
    L.add(f"{key}.unique", unique, f"{definition}: one group alone at the top, among groups with at least "
          f"{FEW_TO_RANK} {unit} (otherwise no superlative is said)")
    L.add(f"{key}.clear", r.clear, f"{definition}: the top leads the next ranked group by at least {GAP_POINTS} "
          "points, so it may be called so without qualification")
    L.add(f"{key}.lead", r.lead, f"{definition}: points between the top and the next ranked group")
    L.add(f"{key}.share", top.share.value if top else None, f"{definition}: its percentage")
    L.add(f"{key}.count", top.share.count_value if top else None, f"{definition}: its count")
    L.add(f"{key}.base", top.share.base_value if top else None, f"{definition}: its base ({unit})")
    L.add(f"{key}.eligible", len(r.ranked), f"{definition}: groups with a base of at least {FEW_TO_RANK} {unit}")
    L.add(f"{key}.ranked", list(r.ranked), f"{definition}: the groups ranked, in order")
    L.add(f"{key}.left_out", list(r.left_out), f"{definition}: groups left out, with fewer than {FEW_TO_RANK} {unit}")
    L.add(f"{key}.empty", list(r.empty), f"{definition}: groups with no {unit}")
    L.add(f"{key}.unit", unit, f"{definition}: what the bases count")
    label = label or (lambda name: name)
    figs.lists[f"{key}.left_out"] = [{"name": label(n), "share": by_name[n].share} for n in r.left_out]
    close = [n for n in r.ranked if top and unique and n not in r.top
             and abs(by_name[n].share.value - top.share.value) < GAP_POINTS]
    figs.lists[f"{key}.close"] = [{"name": label(n), "share": by_name[n].share} for n in close]
    L.add(f"{key}.close_count", len(close), f"{definition}: ranked groups within {GAP_POINTS} points of the top "
          "(the sentence says the difference was small)")
    L.add(f"{key}.close_count.named", 0 < len(close) <= NAMED_CLOSE,
          f"{definition}: few enough close groups to name them (at most {NAMED_CLOSE})")
    if chart and unique and all(g.bar for g in groups):
        figs.claims.append(Claim(
            chart=chart, groups=tuple(g.bar for g in groups if g.share.base_value), top=(top.bar,), focus=focus,
            lowest=lowest, left_out=tuple(by_name[n].bar for n in r.left_out), plain=r.clear, value=top.share.value,
            said=said or f"{top.name}: {definition.lower()}"))
    return r, top


def rise_ranking(figs, key: str, groups: list[Group], *, unit: str, definition: str, lowest: bool = False,
                 chart: str | None = None, focus: tuple[str, ...] = (), said: str = ""):
    """Rank groups by the change in their share between two dates
    (``Group.share`` is a pair: earlier, later). A group is ranked only
    with a base of at least FEW_TO_RANK at both dates; the top is clear when
    its change leads the next by GAP_POINTS. Adds ``.name``, ``.unique``,
    ``.clear``, ``.points``, ``.left_out`` under ``key`` and registers the
    claim. Returns (ranked groups in order, top Group or None)."""
    L = figs.ledger
    ranked, left_out = [], []
    for g in groups:
        a, b = g.share
        if not a.base_value or not b.base_value:
            continue
        (ranked if min(a.base_value, b.base_value) >= FEW_TO_RANK else left_out).append(g)
    sign = 1 if lowest else -1

    def points(g):
        return g.share[1].value - g.share[0].value

    ranked.sort(key=lambda g: (sign * points(g), g.name))
    top = ranked[0] if ranked else None
    tied = [g for g in ranked if points(g) == points(top)] if top else []
    lead = abs(points(top) - points(ranked[len(tied)])) if top and len(ranked) > len(tied) else None
    clear = len(tied) == 1 and lead is not None and lead >= GAP_POINTS
    L.add(f"{key}.unique", len(tied) == 1 and len(ranked) >= 2, f"{definition}: one group alone (among groups with at least "
          f"{FEW_TO_RANK} {unit} at both dates)")
    L.add(f"{key}.clear", clear, f"{definition}: its change leads the next by at least {GAP_POINTS} points")
    L.add(f"{key}.left_out", [g.name for g in left_out], f"{definition}: groups left out, with fewer than "
          f"{FEW_TO_RANK} {unit} at either date")
    figs.lists[f"{key}.left_out"] = [{"name": g.name, "share": g.share[1], "then": g.share[0]} for g in left_out]
    close = [g for g in ranked[1:] if abs(points(g) - points(top)) < GAP_POINTS] if len(tied) == 1 else []
    figs.lists[f"{key}.close"] = [{"name": g.name, "share": g.share[1], "then": g.share[0]} for g in close]
    L.add(f"{key}.close_count", len(close), f"{definition}: groups whose change is within {GAP_POINTS} points of "
          "the top's (the sentence says so)")
    L.add(f"{key}.close_count.named", 0 < len(close) <= NAMED_CLOSE,
          f"{definition}: few enough close groups to name them (at most {NAMED_CLOSE})")
    if chart and len(tied) == 1 and len(ranked) >= 2 and all(g.bar and g.earlier_bar for g in groups):
        figs.claims.append(Claim(
            chart=chart, groups=tuple(g.bar for g in ranked + left_out), earlier=tuple(g.earlier_bar for g in ranked + left_out),
            top=(top.bar,), focus=focus, lowest=lowest, left_out=tuple(g.bar for g in left_out), plain=clear,
            value=points(top), said=said or f"{top.name}: {definition.lower()}"))
    return ranked, top


def areas(figs, key: str, shares: dict, definition: str) -> str:
    """Compare areas (north, midlands, south) at one date: the area that is
    ``gap``-higher than every other, or "" when none is (areas within
    GAP_POINTS of each other are similar, never "better"). Adds ``.best``,
    ``.others``, ``.similar`` (every pair similar) and ``.verdict``
    ("better", "similar" or "mixed") under ``key``."""
    L = figs.ledger
    names = list(shares)
    best = ""
    for a in names:
        verdicts = [gap(shares[a], shares[b]) for b in names if b != a]
        if verdicts and all(v is not None and v.verdict == "higher" for v in verdicts):
            best = a
    pairs = [gap(shares[a], shares[b]) for i, a in enumerate(names) for b in names[i + 1:]]
    similar = all(p is not None and p.verdict == "similar" for p in pairs)
    L.add(f"{key}.best", best, f"{definition}: the area higher than each other area by at least {GAP_POINTS} points "
          f"on at least {FEW_TO_RANK} inspections each (empty: none is)")
    L.add(f"{key}.others", [n for n in names if n != (best or names[0])], f"{definition}: the other areas")
    L.add(f"{key}.similar", similar, f"{definition}: every pair of areas within {GAP_POINTS} points (similar)")
    L.add(f"{key}.verdict", "better" if best else "similar" if similar else "mixed",
          f"{definition}: \"better\" when one area is higher than each other by at least {GAP_POINTS} points "
          f"(GAP_POINTS), \"similar\" when every pair is within {GAP_POINTS} points, \"mixed\" otherwise")
    return best
