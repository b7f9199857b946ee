"""Quality assurance: the release checks its own numbers before anything
is published.

Each check compares figures that must agree (counts that add up to their
total, percentages that add up to 100 within rounding, each percentage
against its count and base). A failed check stops the build; the report
names the check and the figures involved.

Claims against their charts
---------------------------
Every ranking or superlative the text states ("had the poorest grade
profile", "the biggest improvement") is a finding (``release.figures.findings``)
that registers a ``Claim`` in ``figs.claims``: the chart it sits beside,
the bars it ranks, the bar it names as the top, the categories compared,
the bars it says were too few to rank, whether it is said plainly, and the
number printed. ``_claims`` recounts each from the chart's own table (the
numbers the reader sees) and fails the build when:

- the chart or a named bar is not there;
- the named top is itself below ``FEW_TO_RANK``, or another bar with at
  least ``FEW_TO_RANK`` is as high (a tie) or higher;
- a bar below ``FEW_TO_RANK`` is higher and the text does not name it as
  left out, or a bar named as left out is not small;
- the superlative is said plainly but leads the next ranked bar by less
  than ``GAP_POINTS``;
- the printed percentage (or change in points) is not the chart's.

To check a new sentence, register its claim where its finding is computed
(``findings.ranking`` and ``findings.rise_ranking`` do so for every unique
top); the LA side registers its claims the same way.
"""

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReleaseError
from ..ledger import Share
from ..numbers import percent
from ..figures.materiality import FEW_TO_RANK, GAP_POINTS


@dataclass
class Check:
    name: str
    passed: bool
    detail: str


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)
    #: For the reviewer, not pass or fail: every restated figure that
    #: differs from what the previous release published.
    notes: list[str] = field(default_factory=list)
    #: Further sections for the reviewer: (heading, lines).
    sections: list = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]

    def add(self, name: str, passed: bool, detail: str) -> None:
        self.checks.append(Check(name, bool(passed), detail))

    def summary(self) -> str:
        n, bad = len(self.checks), len(self.failed)
        return f"QA: {n - bad} of {n} checks passed" + (f"; failed: {', '.join(c.name for c in self.failed)}" if bad else "")

    def text(self) -> str:
        lines = [self.summary(), ""]
        for c in self.checks:
            lines.append(f"[{'pass' if c.passed else 'FAIL'}] {c.name}: {c.detail}")
        if self.notes:
            lines += ["", "Restated figures that differ from the previous release (rounded or not):"]
            lines += [f"  {n}" for n in self.notes]
        for heading, body in self.sections:
            lines += ["", f"{heading}:"] + [f"  {b}" for b in body]
        return "\n".join(lines) + "\n"


class QAError(ReleaseError):
    def __init__(self, report: Report):
        self.report = report
        details = "; ".join(f"{c.name} ({c.detail})" for c in report.failed)
        super().__init__(f"{report.summary()}: {details}")


def _of(count, base) -> str:
    """" (39 of 54)" for a share; nothing for a count, which has no base
    (issue 23: the report printed "(1196 of None)")."""
    if count is None or base is None:
        return ""
    return f" ({count} of {base})"


def run(figs) -> Report:
    report = Report()
    restated = figs.lists.get("restated", [])
    for r in restated:
        if r["differs"]:
            report.notes.append(f"{r['key']} ({r['what']}): published {r['published']}"
                                f"{_of(r['published_count'], r['published_base'])}, now {r['now']}"
                                f"{_of(r['count'], r['base'])}; {r['reason'] or 'reason not found in the records'}")
    # Published figures of the previous release that a declared method
    # change altered: they differ from the archive too, for that reason.
    for change in figs.lists.get("method_changes", []):
        for r in change["figures"]:
            then, now = r["published"], r["now"]
            report.notes.append(f"{r['key']} ({r['describes'] or 'the previous release'}): published {then.text}"
                                f"{_of(getattr(then, 'count_value', None), getattr(then, 'base_value', None))}, "
                                f"by the new method {now.text}"
                                f"{_of(getattr(now, 'count_value', None), getattr(now, 'base_value', None))}; "
                                f"method change declared in release.toml: {change['reason']}")
    if restated:
        report.add("restated figures compared", True,
                   f"{len(restated)} figures compared with the previous release's ledger; "
                   f"{sum(r['differs'] for r in restated)} differ (listed below)")
    L = figs.ledger
    _shares_agree(report, L)
    _profiles_sum(report, figs)
    _totals(report, L)
    _claims(report, figs)
    _key_points(report, figs)
    return report


def _bar_shares(table, focus) -> dict:
    """Each bar of a chart table: (percentage of the focus categories,
    rounded half up, or None with no base; base)."""
    # Summed row by row (a chart's table is a few dozen rows: grouping it
    # with pandas took longer than the sums).
    totals, focused = {}, {}
    for group, category, count in zip(table["group"], table["category"], table["count"]):
        totals[group] = totals.get(group, 0) + int(count)
        focused[group] = focused.get(group, 0) + (int(count) if category in focus else 0)
    out = {}
    for group, n in totals.items():
        k = focused[group]
        # A bar for a revised date or period is labelled "... [r]" in the
        # table (revisions._mark_revised_groups); the claim names the bar.
        out[group.removesuffix(" [r]")] = (percent(k, n) if n else None, n)
    return out


def claim_problems(claim, charts) -> list[str]:
    """What the chart beside it contradicts in ``claim`` (empty: nothing)."""
    if claim.chart not in charts:
        return [f"no chart {claim.chart!r}"]
    bars = _bar_shares(charts[claim.chart], claim.focus)
    missing = [g for g in claim.groups + claim.top + claim.earlier if g not in bars]
    if missing:
        return [f"{claim.chart} has no bar {', '.join(map(repr, missing))}"]
    if claim.earlier:   # a change between two bars of each pair
        value = {g: (None if bars[g][0] is None or bars[e][0] is None else bars[g][0] - bars[e][0],
                     min(bars[g][1], bars[e][1])) for g, e in zip(claim.groups, claim.earlier)}
        unit = "points"
    else:
        value = {g: bars[g] for g in claim.groups}
        unit = "%"
    sign = -1 if claim.lowest else 1
    word = "lower" if claim.lowest else "higher"
    problems = []
    (top,) = claim.top
    v, n = value[top]
    if v is None or n < FEW_TO_RANK:
        return [f"{top} is named the top on a base of {n}, below {FEW_TO_RANK}"]
    if claim.value is not None and claim.value != v:
        problems.append(f"{top} printed as {claim.value}{unit}, the chart has {v}{unit}")
    ranked = {g: p for g, (p, b) in value.items() if p is not None and b >= FEW_TO_RANK and g != top}
    small = {g: p for g, (p, b) in value.items() if p is not None and 0 < b < FEW_TO_RANK}
    for g, p in ranked.items():
        if sign * p >= sign * v:
            problems.append(f"{g} ({p}{unit}) is as {word} or {word} than {top} ({v}{unit})")
    for g, p in small.items():
        if sign * p > sign * v and g not in claim.left_out:
            problems.append(f"{g} ({p}{unit}, base {value[g][1]}) is {word} than {top} and not said to be left out")
    for g in claim.left_out:
        if g not in small:
            problems.append(f"{g} is said to be left out but its base is {value.get(g, (None, 0))[1]}")
    if claim.plain and ranked:
        lead = min(abs(v - p) for p in ranked.values())
        if lead < GAP_POINTS:
            problems.append(f"{top} is called the {'lowest' if claim.lowest else 'highest'} without qualification "
                            f"but leads by {lead} points, under {GAP_POINTS}")
    return problems


def _claims(report: Report, figs) -> None:
    """Every ranking the text states agrees with the chart beside it."""
    bad = []
    for claim in getattr(figs, "claims", []):
        bad += [f"{claim.chart}: \"{claim.said}\": {p}" for p in claim_problems(claim, figs.charts)]
    n = len(getattr(figs, "claims", []))
    report.add("rankings agree with their charts", not bad,
               f"{n} claims checked, all agree" if not bad else "; ".join(bad))


def _key_points(report: Report, figs) -> None:
    """The key points the salience rule chose, and what release.toml's
    [key_points] pins and drops overruled (release/figures/key_points.py)."""
    lines = figs.lists.get("key_points_overruled", [])
    if not lines:
        return
    from ..figures.key_points import broken

    bad = broken(figs.lists["key_point_candidates"], figs.lists["key_points"])
    pins_drops = [line for line in lines if line.startswith(("pinned ", "dropped "))]
    report.add("key points follow the salience rule", not bad,
               "; ".join(bad) if bad else f"{len(figs.lists['key_points'])} key points; "
               + (f"{len(pins_drops)} overruled in release.toml [key_points] (listed below)" if pins_drops
                  else "none overruled in release.toml"))
    report.sections.append(("Key points: the salience rule and release.toml [key_points]", lines))


def _shares_agree(report: Report, L) -> None:
    """Every published percentage equals its count over its base, rounded
    half up, and no count exceeds its base (a change as a percentage of the
    earlier number may: inspections can more than double)."""
    bad = []
    for key, fig in L.figures.items():
        if isinstance(fig, Share):
            too_many = fig.of_base and fig.count_value > fig.base_value
            if fig.value != percent(fig.count_value, fig.base_value) or fig.count_value < 0 or too_many:
                bad.append(f"{key}={fig.text} ({fig.count_value}/{fig.base_value})")
    report.add("percentages agree with counts", not bad,
               "all agree" if not bad else "; ".join(bad[:10]))


def _profiles_sum(report: Report, figs) -> None:
    """In every chart, each bar's percentages sum to 100 within rounding."""
    bad = []
    for key, table in figs.charts.items():
        # Each bar's (count, percent) rows, bars in the order they first
        # appear, summed in plain Python: a chart's table is a few dozen rows,
        # and grouping it with pandas took most of QA's time.
        bars: dict = {}
        for group, count, share in zip(table["group"].tolist(), table["count"].tolist(), table["percent"].tolist()):
            bars.setdefault(group, []).append((count, share))
        for group, rows in bars.items():
            if sum(count for count, _ in rows) == 0:
                continue
            total = int(sum(share for _, share in rows))
            if abs(total - 100) > len(rows) - 1 or any(count < 0 for count, _ in rows):
                bad.append(f"{key}/{group}: {total}%")
    report.add("judgement profiles sum to 100%", not bad, "all within rounding" if not bad else "; ".join(bad))


def _sum_check(report: Report, name: str, parts: list[int], total: int, what: str) -> None:
    s = sum(parts)
    report.add(name, s == total, f"{what}: parts sum to {s:,}, total {total:,}")


def _totals(report: Report, L) -> None:
    """Counts reconcile: judgements sum to the number inspected; regions,
    sectors and sub types sum to England."""
    g = lambda k: L[k].count_value  # noqa: E731
    n_sif = g("sif.inspected")
    for area in ("oe", "hp", "cla", "lmg", "adoption", "care_leavers"):
        _sum_check(report, f"SIF {area} judgements sum to LAs inspected",
                   [g(f"sif.{area}.{k}") for k in ("outstanding", "good", "requires_improvement", "inadequate", "not_judged")],
                   n_sif, "LAs")
    _sum_check(report, "SIF regions sum to England",
               [L[k].base_value for k in L.figures if k.startswith("sif.region.") and k.endswith(".good_or_better")],
               n_sif, "LAs inspected")
    _sum_check(report, "LSCB judgements sum to reviews",
               [g(f"lscb.{k}") for k in ("outstanding", "good", "requires_improvement", "inadequate")],
               L["lscb.reviews"].value, "reviews")
    n_homes = L["homes.inspections"].value
    _sum_check(report, "homes judgements sum to inspections",
               [g(f"homes.oe.{k}") for k in ("outstanding", "good", "requires_improvement", "inadequate", "not_judged")],
               n_homes, "inspections")
    _sum_check(report, "homes sub types sum to England",
               [L[k].count_value for k in L.figures if k.startswith("homes.sub_type.") and k.endswith(".inspections")],
               n_homes, "inspections")
    _sum_check(report, "homes sectors sum to England",
               [L[k].value for k in L.figures if k.startswith("homes.sector.") and k.endswith(".inspections")],
               n_homes, "inspections")
    _sum_check(report, "homes regions sum to England",
               [L[k].base_value for k in L.figures if k.startswith("homes.region.") and k.endswith(".oe.good_or_better")
                and ".comparison." not in k],
               n_homes, "inspections")
    _sum_check(report, "homes compared, not judged, second inspections and new sum to inspections",
               [L["homes.change.compared"].value, L["homes.change.not_judged"].value,
                L["homes.change.second_inspections"].value, L["homes.new.inspections"].value],
               n_homes, "inspections")
    twice = L["homes.twice.homes"].value
    report.add("homes inspected twice are a subset of those inspected", 2 * twice <= n_homes,
               f"{twice} homes inspected twice, {n_homes} inspections")


def write_report(report: Report, folder: Path) -> None:
    (folder / "qa-report.txt").write_text(report.text(), encoding="utf-8")
