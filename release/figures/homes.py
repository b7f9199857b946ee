"""Children's homes: inspections in the period, change since the last
inspection, sectors, regions, interim inspections and the state of the
nation. Definitions are those of data/README.md."""

from collections import Counter

import numpy as np
import pandas as pd


from ..inputs import judgements as j
from ..ledger import in_prose
from ..periods import day
from ..numbers import in_words as number_words
from . import findings
from .common import KEY, add_profile, count_in, profile, slug, split, tidy, with_details
from .materiality import FEW_TO_RANK, GAP_POINTS, WIDE_GAP_POINTS, change, opposite

PREV_GOOD = ("Remained good or better", "Declined to requires improvement or lower")
PREV_RI = ("Improved to good or better", "Did not improve")


def in_period(tables, start, end, published_by, homes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Full inspections in the period and published by the cut-off, with
    each home's details and its judgement before the period. ``homes``:
    ``home_details(tables)``, where the caller has it already."""
    ev = tables.homes_inspections
    start, end, cut = pd.Timestamp(start), pd.Timestamp(end), pd.Timestamp(published_by)
    # The rows are picked in plain Python, in one pass (pandas' masks, sort
    # and de-duplication took longer than the few hundred rows): the
    # period's, in order of home and date (a home has one full inspection a
    # day at most: validation), and each home's latest judgement before the
    # period, as known at the cut-off (published by it).
    rows, latest = [], {}
    for row, (event, urn, inspected, published, grade) in enumerate(zip(
            ev["event_type"].tolist(), ev["urn"].tolist(), ev["inspection_date"].tolist(),
            ev["publication_date"].tolist(), ev["overall_effectiveness"].tolist())):
        if event != "Full" or not published <= cut:
            continue
        if start <= inspected <= end:
            rows.append((urn, inspected, row))
        elif inspected < start and grade in _GRADES and (urn not in latest or inspected > latest[urn][0]):
            latest[urn] = (inspected, grade)
    homes = home_details(tables) if homes is None else homes
    sel = with_details(ev.iloc[[row for *_, row in sorted(rows)]], homes, "urn")
    last = pd.Series({urn: grade for urn, (_, grade) in latest.items()}, dtype=ev["overall_effectiveness"].dtype)
    sel["previous"] = sel["urn"].map(last)
    sel["nth"] = _nth(sel["urn"].tolist())
    return sel


#: The grades a full inspection can be judged (for a quick test of membership).
_GRADES = frozenset(j.GRADES)
#: The outcomes an interim inspection is counted by.
_INTERIM_OUTCOMES = frozenset(j.INTERIM_OUTCOMES)


def _nth(urns: list) -> np.ndarray:
    """Each row's place among its home's rows (1, 2, ...), for rows sorted by
    home: ``groupby("urn").cumcount() + 1``, counted in plain Python."""
    nth = []
    for i, urn in enumerate(urns):
        nth.append(nth[-1] + 1 if i and urns[i - 1] == urn else 1)
    return np.array(nth, dtype=np.int64)


def home_details(tables) -> pd.DataFrame:
    """Each children's home with its sub type, sector, region, and
    registration and closure."""
    homes = with_details(tables.childrens_homes, tables.local_authorities[["la_code", "region"]], "la_code")
    return homes[["urn", "sub_type", "sector", "region", "registration_date", "closure_date", "closure_reason"]]


def judged_full(tables) -> pd.DataFrame:
    """Full inspections that made a judgement (of any date), in the order
    of the records."""
    ev = tables.homes_inspections
    return ev[(ev["event_type"] == "Full") & ev["overall_effectiveness"].isin(j.GRADES)]


def state_of_nation(tables, date, published_by, homes: pd.DataFrame | None = None,
                    judged: pd.DataFrame | None = None) -> pd.DataFrame:
    """Homes open on ``date``, each with its latest judged full inspection
    on or before it (published by the cut-off). ``homes`` and ``judged``:
    ``home_details(tables)`` and ``judged_full(tables)``, where the caller has
    them already (they are the same at every date)."""
    homes = home_details(tables) if homes is None else homes
    d, cut = pd.Timestamp(date), pd.Timestamp(published_by)
    judged = judged_full(tables) if judged is None else judged
    # Each home's latest judged inspection by then, in plain Python (a home
    # has one full inspection a day at most: validation).
    latest = {}
    for urn, inspected, published, grade in zip(judged["urn"].tolist(), judged["inspection_date"].tolist(),
                                                judged["publication_date"].tolist(),
                                                judged["overall_effectiveness"].tolist()):
        if inspected <= d and published <= cut and (urn not in latest or inspected > latest[urn][0]):
            latest[urn] = (inspected, grade)
    # The homes open on the date (registered by it, not closed by it) that
    # have one, in their order (as an inner merge keeps it), picked in one pass.
    rows = [row for row, (urn, registered, closed) in enumerate(zip(
                homes["urn"].tolist(), homes["registration_date"].tolist(), homes["closure_date"].tolist()))
            if registered <= d and (pd.isna(closed) or closed > d) and urn in latest]
    out = homes.iloc[rows].reset_index(drop=True)
    out["overall_effectiveness"] = pd.array([latest[urn][1] for urn in out["urn"].tolist()],
                                            dtype=judged["overall_effectiveness"].dtype)
    return out


def compute(tables, rel, figs) -> None:
    L = figs.ledger
    # Each home's details, joined once for every table below.
    homes = home_details(tables)
    now = in_period(tables, rel.period_start, rel.period_end, rel.period_published_by, homes)
    then = in_period(tables, rel.comparison_start, rel.comparison_end, rel.comparison_published_by, homes)
    figs.homes_periods = {"period": now, "comparison": then}  # counted again by LA in the open data
    # Periods as chart labels name them: in full (.short), or by year (.year).
    label_now, label_then = rel.period, rel.comparison

    L.add("homes.inspections", len(now), "Full inspections of children's homes in the period, published by the cut-off")
    L.add("homes.comparison.inspections", len(then), "Full inspections in the equivalent period a year earlier (revised)")
    L.add("homes.inadequate_homes", int(now.loc[now["overall_effectiveness"] == j.INADEQUATE, "urn"].nunique()),
          "Homes with at least one full inspection judged inadequate in the period (a home inspected twice counts once)")
    L.add("homes.period_starts_year", (rel.period_start.month, rel.period_start.day) == (4, 1),
          "The period starts at the start of the inspection year (1 April)")
    L.add("homes.period_ends_year", (rel.period_end.month, rel.period_end.day) == (3, 31),
          "The period ends at the end of the inspection year (31 March)")
    L.add("homes.inspections_rose", len(now) > len(then), "More inspections in the period than a year earlier")
    # No change can be a share of no earlier inspections: its count is then none, not the whole number now.
    L.change_share("homes.inspections_change", len(then), len(now),
                   "Size of the change in the number of inspections, as a % of the earlier number")
    add_profile(L, "homes.oe", profile(now["overall_effectiveness"], j.RECORDED_GRADES), len(now), "Inspections in the period")
    add_profile(L, "homes.comparison.oe", profile(then["overall_effectiveness"], j.GRADES), len(then),
                "Inspections in the equivalent period a year earlier")
    ina, ina0, gob, gob0 = (L[k] for k in ("homes.oe.inadequate", "homes.comparison.oe.inadequate",
                                           "homes.oe.good_or_better", "homes.comparison.oe.good_or_better"))
    # A share and its count that moved opposite ways (the base changed): the
    # words give both (materiality.opposite).
    for measure, a, b in (("inadequate", ina0, ina), ("good_or_better", gob0, gob)):
        L.add(f"homes.oe.{measure}.opposite", opposite(a, b),
              f"The share judged {measure.replace('_', ' ')} and its number moved in opposite directions since a year "
              "earlier (the number of inspections changed): the text gives both")
    # "The percentage of homes judged inadequate also increased": said when
    # good or better was just said to have moved the same way.
    L.add("homes.oe.inadequate.also", None not in (ina.value, ina0.value, gob.value, gob0.value)
          and ina != ina0 and gob != gob0 and (ina > ina0) == (gob > gob0),
          "Inadequate and good or better both rose, or both fell, since a year earlier (the text may say \"also\")")
    # The in-period charts show inspections with no judgement too: the text's
    # percentages are of all inspections (data/README.md), so are the bars'
    # and the alt text's.
    figs.charts["homes_oe_period"] = tidy({label_then.short: profile(then["overall_effectiveness"], j.RECORDED_GRADES),
                                           label_now.short: profile(now["overall_effectiveness"], j.RECORDED_GRADES)},
                                          j.RECORDED_GRADES)
    _areas(figs, now)
    _sub_types(L, figs, now)
    _twice(L, now, rel)
    _change(L, figs, now)
    _sectors(L, figs, now, then, label_now, label_then)
    _regions(L, figs, now, then, homes, rel, label_now, label_then)
    _interim(L, figs, tables, rel)
    _state(L, figs, tables, rel, homes)


def _good_or_better(frame) -> int:
    """Inspections (or homes) in ``frame`` judged good or outstanding."""
    return count_in(frame["overall_effectiveness"], j.GOOD_OR_BETTER)


def _areas(figs, now) -> None:
    """The north, midlands and south: one is "better" only when it is
    higher than each of the others by the materiality rule (``gap``)."""
    L = figs.ledger
    by_area = split(now, now["region"].map(j.AREAS), ("north", "midlands", "south"), ("overall_effectiveness",))
    for name, sel in by_area.items():
        L.share(f"homes.area.{name}.good_or_better", _good_or_better(sel), len(sel),
                f"Full inspections in the period in the {name} judged good or better, of all full "
                f"inspections in the period in the {name}")
    findings.areas(figs, "homes.area", {a: L[f"homes.area.{a}.good_or_better"] for a in ("north", "midlands", "south")},
                   "Areas (north, midlands, south) by the share of inspections judged good or better")


#: The sub types as the release names them in a sentence.
SUB_TYPE_PLURALS = {
    "Children's home": "children’s homes",
    "Residential special school": "residential special schools registered as children’s homes",
    "Secure children's home": "secure children’s homes",
}


def _sub_types(L, figs, now) -> None:
    groups = {}
    for sub, sel in split(now, "sub_type", j.SUB_TYPES, ("overall_effectiveness",)).items():
        k = f"homes.sub_type.{slug(sub)}"
        L.share(f"{k}.inspections", len(sel), len(now), f"Inspections of {sub.lower()}s, of all in the period")
        add_profile(L, f"{k}.oe", profile(sel["overall_effectiveness"], j.GRADES), len(sel), f"Inspections of {sub.lower()}s")
        groups[sub] = profile(sel["overall_effectiveness"], j.RECORDED_GRADES)
    # Chart labels as the release prints them, with a typographic apostrophe.
    figs.charts["homes_oe_by_subtype"] = tidy({sub.replace("'", "’"): g for sub, g in groups.items()}, j.RECORDED_GRADES)
    findings.ranking(
        figs, "homes.sub_type.poorest",
        [findings.Group(SUB_TYPE_PLURALS[s], L[f"homes.sub_type.{slug(s)}.oe.good_or_better"], s.replace("'", "’"))
         for s in j.SUB_TYPES],
        unit="inspections", lowest=True, chart="homes_oe_by_subtype", focus=j.GOOD_OR_BETTER,
        definition="Sub type with the lowest share of inspections good or better (the poorest grade profile)",
        said="had the poorest grade profile")


def _twice(L, now, rel) -> None:
    """Homes with two or more full inspections in the period, and of those
    judged inadequate at their first, how they fared at their second."""
    # Counted in plain Python: a few hundred inspections at most, for which
    # pandas' calls took longer than the counts.
    urns, nth = now["urn"].tolist(), now["nth"].tolist()
    inspections = Counter(urns)
    rows = list(zip(urns, nth, now["overall_effectiveness"].tolist(), now["sector"].tolist(),
                    now["closure_date"].tolist(), now["closure_reason"].tolist()))
    # Each home inspected twice or more: its first inspection's row, and its second's judgement.
    first = [row for row in rows if inspections[row[0]] >= 2 and row[1] == 1]
    second = {row[0]: row[2] for row in rows if inspections[row[0]] >= 2 and row[1] == 2}
    homes = len(first)
    L.add("homes.twice.homes", homes, "Homes with two or more full inspections in the period")
    L.add("homes.twice.more_than_two", len({urn for urn in urns if inspections[urn] >= 3}),
          "Of those, homes with three or more full inspections in the period")
    L.add("homes.twice.first_all_inadequate", homes > 0 and all(row[2] == j.INADEQUATE for row in first),
          "Every such home was inadequate at its first inspection in the period")
    # Improvement and "remained inadequate" are of the homes inadequate at
    # their first inspection, judged at their second: (second judgement, sector, closure date, closure reason).
    pairs = [(second.get(urn), sector, closed, reason) for urn, _, grade, sector, closed, reason in first
             if grade == j.INADEQUATE and second.get(urn) in j.GRADES]
    base = len(pairs)
    L.add("homes.twice.first_inadequate", base,
          "Homes inspected twice or more, inadequate at the first inspection and judged at the second")
    improved = [p for p in pairs if p[0] != j.INADEQUATE]
    stayed = [p for p in pairs if p[0] == j.INADEQUATE]
    L.share("homes.twice.improved", len(improved), base, "Of those homes, improved at the second inspection")
    L.share("homes.twice.improved_to_good", count_in([p[0] for p in improved], j.GOOD_OR_BETTER), base,
            "Of those homes, improved to good or better")
    L.add("homes.twice.improved_to_outstanding", sum(1 for p in improved if p[0] == j.OUTSTANDING),
          "Of those homes, improved to outstanding at the second inspection")
    L.share("homes.twice.remained_inadequate", len(stayed), base, "Of those homes, inadequate at both inspections")
    end = pd.Timestamp(rel.period_end)
    closed = [p for p in stayed if pd.notna(p[2]) and p[2] <= end]
    L.add("homes.twice.remained_inadequate_resigned", sum(1 for p in closed if p[3] == "Resigned"),
          "Of the homes inadequate at both inspections, homes that resigned their registration by the end of the "
          "period")
    L.share("homes.twice.remained_inadequate_private", sum(1 for p in stayed if p[1] == "Private"), len(stayed),
            "Homes run privately, of the homes inadequate at both inspections")


def _change(L, figs, now) -> None:
    """Each home's first in-period inspection against its last judgement
    before the period. A home inspected twice is compared at its first
    inspection only, as the release's footnote says; its second inspection
    is counted in the period's figures but not compared."""
    # Counted in plain Python: a few hundred inspections at most, for which
    # pandas' calls took longer than the counts. (judgement before, nth, judgement)
    rows = list(zip(now["previous"].tolist(), now["nth"].tolist(), now["overall_effectiveness"].tolist()))
    known = [row for row in rows if pd.notna(row[0])]
    before = [(was, grade) for was, nth, grade in known if nth == 1]
    L.add("homes.change.second_inspections", sum(1 for _, nth, _ in known if nth > 1),
          "Second in-period inspections of homes judged before the period (not compared)")
    # An inspection with no judgement (no children present) has nothing to compare:
    # (judgement before, judgement, change, grades moved).
    compared = [(was, grade, j.change(was, grade), j.grades_moved(was, grade)) for was, grade in before
                if grade in j.GRADES]
    L.add("homes.change.not_judged", len(before) - len(compared),
          "In-period inspections of homes judged before the period that made no judgement")
    n = len(compared)
    L.add("homes.change.compared", n, "In-period inspections of homes judged before the period")
    L.add("homes.change.previously_inspected", len(known),
          "In-period inspections of homes judged before the period, including second inspections and those "
          "that made no judgement (the compared inspections are a subset)")
    changes = Counter(c[2] for c in compared)
    for change in j.CHANGES:
        L.share(f"homes.change.{KEY[change]}", changes[change], n,
                f"Of those, the judgement {change.lower()} since the last inspection before the period")
    changed = [c for c in compared if c[2] != j.STAYED_THE_SAME]
    L.add("homes.change.changed", len(changed), "Of those, the judgement changed")
    L.share("homes.change.one_grade", sum(1 for c in changed if c[3] == 1), len(changed),
            "Inspections whose judgement moved by one grade, of the in-period inspections whose judgement changed "
            "since the home's last inspection before the period")
    three = [c for c in changed if c[3] == 3]
    L.add("homes.change.three_grades", sum(1 for c in three if c[2] == j.DECLINED),
          "In-period inspections whose judgement declined by three grades, outstanding to inadequate")
    L.add("homes.change.three_grades_up", sum(1 for c in three if c[2] == j.IMPROVED),
          "In-period inspections whose judgement improved by three grades, inadequate to outstanding")
    inad = [c for c in compared if c[1] == j.INADEQUATE]
    L.share("homes.change.inadequate_declined", sum(1 for c in inad if c[2] == j.DECLINED), len(inad),
            "Inspections judged inadequate where the home had declined to it, of the compared in-period inspections "
            "judged inadequate")
    new = [grade for was, _, grade in rows if pd.isna(was)]
    L.add("homes.new.inspections", len(new), "In-period inspections of homes with no judgement before the period")
    L.share("homes.new.good_or_better", count_in(new, j.GOOD_OR_BETTER), len(new),
            "Inspections of new or re-registered homes (no judgement before the period) judged good or better, of all "
            "in-period inspections of those homes")
    new_gob, all_gob = L["homes.new.good_or_better"], L["homes.oe.good_or_better"]
    L.add("homes.new.profile", "" if new_gob.value is None else
          "poorer" if new_gob < all_gob else "better" if new_gob > all_gob else "same",
          "New or re-registered homes' share good or better against all inspections in the period, as printed "
          "(poorer, better, same: any difference in the whole percentages, no threshold; empty when no new home "
          "was inspected)")
    figs.charts["homes_change"] = tidy(
        {g: profile([c[2] for c in compared if c[1] == g], j.CHANGES) for g in j.GRADES}, j.CHANGES)


def _sectors(L, figs, now, then, label_now, label_then) -> None:
    groups, shares = {}, {}
    by_sector = {k: split(frame, "sector", j.SECTORS, ("overall_effectiveness",))
                 for k, frame in (("comparison.", then), ("", now))}
    for sector in j.SECTORS:
        for label, k in ((label_then, "comparison."), (label_now, "")):
            sel = by_sector[k][sector]
            add_profile(L, f"homes.{k}sector.{slug(sector)}", profile(sel["overall_effectiveness"], j.GRADES), len(sel),
                        f"Inspections of {sector.lower()}-run homes in {label.long}")
            if sector != "Health authority":
                groups[f"{sector}, {label.year}"] = profile(sel["overall_effectiveness"], j.RECORDED_GRADES)
        L.add(f"homes.sector.{slug(sector)}.inspections", len(by_sector[""][sector]),
              f"Inspections of {sector.lower()}-run homes in {label_now.long}")
    figs.charts["homes_oe_by_sector"] = tidy(groups, j.RECORDED_GRADES)
    health = by_sector[""]["Health authority"]
    L.add("homes.sector.health_authority.judgements",
          [f"{number_words(c)} {g.lower()}" for g, c in profile(health["overall_effectiveness"], j.GRADES).items() if c],
          "Judgements of inspections of health authority homes, in words (\"two good\")")
    main = [s for s in j.SECTORS if s != "Health authority"]
    L.add("homes.sector.with_inspections", sum(1 for s in main if len(by_sector[""][s])),
          "Sectors (local authority, private, voluntary) with inspections in the period")
    for measure, pick, focus in (("good_or_better", max, j.GOOD_OR_BETTER), ("outstanding", min, [j.OUTSTANDING]),
                                 ("inadequate", max, [j.INADEQUATE])):
        # Sectors are ranked only among those with FEW_TO_RANK inspections or more.
        key = f"homes.sector.{pick.__name__}_{measure}"
        vals = {s: L[f"homes.sector.{slug(s)}.{measure}"] for s in main}
        r, best = findings.ranking(
            figs, key, [findings.Group(s, vals[s], f"{s}, {label_now.year}") for s in main],
            unit="inspections", lowest=pick is min, chart="homes_oe_by_sector", focus=tuple(focus),
            label=lambda s: f"{j.run_by(s)} homes",
            definition=f"Sector with the {'highest' if pick is max else 'lowest'} {measure.replace('_', ' ')} share",
            said=f"{'most' if pick is max else 'least'} likely to be {measure.replace('_', ' ')}")
        L.add(f"{key}.others", [f"{vals[s]} of {j.run_by(s, short=True)}" for s in main if s in r.ranked and s not in r.top],
              "The other ranked sectors' percentages, as \"17% of LA-run\"")
    ranked = [L[f"homes.sector.{slug(s)}.good_or_better"].value for s in L["homes.sector.max_good_or_better.ranked"].value]
    L.add("homes.sector.good_or_better_close", len(ranked) >= 2 and max(ranked) - min(ranked) < GAP_POINTS,
          f"The ranked sectors' shares good or better are within {GAP_POINTS} points of each other (similar)")
    # Changes of four points or more since the equivalent period.
    notable = []
    for s in main:
        for measure in ("good_or_better", "outstanding", "inadequate"):
            a, b = L[f"homes.comparison.sector.{slug(s)}.{measure}"], L[f"homes.sector.{slug(s)}.{measure}"]
            # Notable: four points or more, on at least FEW_TO_RANK inspections in each period.
            if min(a.base_value, b.base_value) >= FEW_TO_RANK and abs(b.value - a.value) >= 4:
                L.add(f"homes.sector.{slug(s)}.{measure}.points_change", b.value - a.value,
                      f"Change in percentage points since the equivalent period ({measure.replace('_', ' ')})")
                notable.append({"sector": j.run_by(s, short=True), "measure": measure.replace("_", " "), "before": a, "after": b})
    figs.lists["sector_changes"] = notable
    L.add("homes.sector.notable_changes", len(notable), "Sector measures that changed by four points or more")


#: Fewer LA-run inspections than this in a region is "a very small number".
SMALL_BASE = 20



def _active_by_region(homes, rel) -> Counter:
    """Homes registered at any time in the period (registered by its end,
    not closed before its start), counted by region, in plain Python."""
    start, end = pd.Timestamp(rel.period_start), pd.Timestamp(rel.period_end)
    return Counter(region for region, registered, closed in zip(
        homes["region"].tolist(), homes["registration_date"].tolist(), homes["closure_date"].tolist())
        if registered <= end and (pd.isna(closed) or closed >= start))


def _first_judged_by_region(now) -> dict[str, list]:
    """(judgement before the period, judgement at the first inspection in
    it) of each home by region, in the order of ``now``. Compared as
    homes.change compares: each home's first in-period inspection against
    its judgement before the period; an inspection with no judgement has
    nothing to compare, so it is neither "declined" nor "did not improve"
    (issue 23: the chart's "Declined" counted "Not judged")."""
    out: dict[str, list] = {}
    for region, nth, before, after in zip(now["region"].tolist(), now["nth"].tolist(), now["previous"].tolist(),
                                          now["overall_effectiveness"].tolist()):
        if nth == 1 and pd.notna(before) and after in _GRADES:
            out.setdefault(region, []).append((before, after))
    return out


def _regions(L, figs, now, then, homes, rel, label_now, label_then) -> None:
    active = _active_by_region(homes, rel)
    L.share("homes.inspected_share", now["urn"].nunique(), sum(active.values()),
            "Homes inspected in the period, of homes registered at any time in it")
    rows, groups, gap_rows, prev_good, prev_ri = [], {}, [], {}, {}
    now_by = split(now, "region", j.REGIONS, ("urn", "overall_effectiveness", "sector"))
    then_by = split(then, "region", j.REGIONS, ("overall_effectiveness",))
    firsts_by = _first_judged_by_region(now)
    for region in j.REGIONS:
        k = f"homes.region.{slug(region)}"
        sel, old = now_by[region], then_by[region]
        L.share(f"{k}.inspected_share", len(set(sel["urn"])), active.get(region, 0),
                f"Homes in {region} inspected in the period, of the homes in {region} registered at any time in it")
        add_profile(L, f"{k}.oe", profile(sel["overall_effectiveness"], j.GRADES), len(sel), f"Inspections in {region} in the period")
        add_profile(L, f"{k}.comparison.oe", profile(old["overall_effectiveness"], j.GRADES), len(old), f"Inspections in {region} a year earlier")
        groups[f"{region}, {label_then.year}"] = profile(old["overall_effectiveness"], j.RECORDED_GRADES)
        groups[f"{region}, {label_now.year}"] = profile(sel["overall_effectiveness"], j.RECORDED_GRADES)
        judged_in = list(zip(sel["sector"], sel["overall_effectiveness"]))
        la = [grade for sector, grade in judged_in if sector == "Local authority"]
        pv = [grade for sector, grade in judged_in if sector in ("Private", "Voluntary")]
        L.share(f"{k}.la_run.good_or_better", count_in(la, j.GOOD_OR_BETTER), len(la),
                f"Inspections of LA-run homes in {region} judged good or better, of all inspections of LA-run homes "
                f"in {region} in the period")
        L.share(f"{k}.pv_run.good_or_better", count_in(pv, j.GOOD_OR_BETTER), len(pv),
                f"Inspections of private and voluntary-run homes in {region} judged good or better, of all "
                f"inspections of those homes in {region} in the period")
        gap_rows.append((region, L[f"{k}.la_run.good_or_better"], L[f"{k}.pv_run.good_or_better"]))
        # (judgement before the period, judgement at the first inspection in it)
        pairs = firsts_by.get(region, [])
        was_good = [after for before, after in pairs if before in j.GOOD_OR_BETTER]
        was_ri = [after for before, after in pairs if before not in j.GOOD_OR_BETTER]
        kept, up = count_in(was_good, j.GOOD_OR_BETTER), count_in(was_ri, j.GOOD_OR_BETTER)
        L.share(f"{k}.prev_good.remained", kept, len(was_good),
                f"Homes in {region} good or better before the period that stayed so at their first inspection in it, "
                f"of the homes in {region} good or better before the period and judged in it")
        L.share(f"{k}.prev_ri.improved", up, len(was_ri), f"Homes in {region} below good before the period that improved to good or better at "
                f"their first inspection in it, of the homes in {region} below good before the period and judged in it")
        prev_good[region] = {PREV_GOOD[0]: kept, PREV_GOOD[1]: len(was_good) - kept}
        prev_ri[region] = {PREV_RI[0]: up, PREV_RI[1]: len(was_ri) - up}
        rows.append({"region": region, "now": L[f"{k}.oe.good_or_better"], "then": L[f"{k}.comparison.oe.good_or_better"],
                     "inadequate": L[f"{k}.oe.inadequate"], "inspected": L[f"{k}.inspected_share"],
                     "kept": L[f"{k}.prev_good.remained"], "improved": L[f"{k}.prev_ri.improved"]})
    prev_good["England"] = {c: sum(v[c] for v in prev_good.values()) for c in PREV_GOOD}
    prev_ri["England"] = {c: sum(v[c] for v in prev_ri.values()) for c in PREV_RI}
    L.share("homes.prev_good.remained", prev_good["England"][PREV_GOOD[0]], sum(prev_good["England"].values()),
            "Homes good or better before the period that stayed so at their first inspection in it, of the homes good or "
            "better before the period and judged in it")
    L.share("homes.prev_ri.improved", prev_ri["England"][PREV_RI[0]], sum(prev_ri["England"].values()),
            "Homes below good before the period that improved to good or better at their first inspection in it, of the "
            "homes below good before the period and judged in it")
    figs.charts["homes_oe_by_region"] = tidy(groups, j.RECORDED_GRADES)
    figs.charts["homes_prev_good_by_region"] = tidy(prev_good, PREV_GOOD)
    figs.charts["homes_prev_ri_by_region"] = tidy(prev_ri, PREV_RI)
    figs.homes_regions = rows
    _superlatives(figs, rows, label_now, label_then)
    wide = [(r, a, b) for r, a, b in gap_rows if a.value is not None and b.value is not None and abs(a.value - b.value) > WIDE_GAP_POINTS]
    wide.sort(key=lambda row: (-abs(row[1].value - row[2].value), row[0]))  # the widest gap first
    figs.lists["sector_gaps"] = [{"region": r, "la": a, "pv": b, "small": a.base_value < SMALL_BASE} for r, a, b in wide]
    L.add("homes.region.sector_gap_regions", len(wide), f"Regions with a gap of over {number_words(WIDE_GAP_POINTS)} points between LA-run and private and "
          "voluntary-run homes (materiality.WIDE_GAP_POINTS)")
    figs.maps["region_homes_la_good"] = _region_map(gap_rows, 1)
    figs.maps["region_homes_pv_good"] = _region_map(gap_rows, 2)


def _region_map(gap_rows, i) -> pd.DataFrame:
    return pd.DataFrame([{"region": r[0], "count": r[i].count_value, "base": r[i].base_value, "percent": r[i].value}
                         for r in gap_rows])


def _pick(figs, key, rows, field, pick, definition, chart=None, bar=None, focus=(), unit="inspections") -> dict:
    """The region with the highest or lowest share, among regions whose
    base is at least FEW_TO_RANK (a finding: ``findings.ranking``): no
    superlative rests on a handful of homes ("100% of their homes improving
    (1 of 1 homes)"), and the regions left out are named for the sentence.
    ``unique`` is false where none qualifies or two tie, and the sentence
    is then left out. ``bar(region)``: the region's bar in ``chart``."""
    groups = [findings.Group(_the(r["region"]), r[field], bar(r["region"]) if bar else None) for r in rows]
    _, top = findings.ranking(figs, key, groups, unit=unit, lowest=pick is min, chart=chart, focus=tuple(focus),
                              definition=definition, said=definition.lower())
    by_name = {_the(r["region"]): r for r in rows}
    return by_name[top.name] if top else rows[0]


def _the(region: str) -> str:
    """"the North East", but "London" and "Yorkshire and The Humber"."""
    return in_prose(region)


def _superlatives(figs, rows, label_now, label_then) -> None:
    L = figs.ledger
    now_bar = lambda region: f"{region}, {label_now.year}"  # noqa: E731
    hi = _pick(figs, "homes.region.highest_good", rows, "now", max, "Region with the highest share of inspections good or better",
               "homes_oe_by_region", now_bar, j.GOOD_OR_BETTER)
    lo = _pick(figs, "homes.region.lowest_good", rows, "now", min, "Region with the lowest share of inspections good or better",
               "homes_oe_by_region", now_bar, j.GOOD_OR_BETTER)
    for k, r in (("highest_good", hi), ("lowest_good", lo)):
        L.add(f"homes.region.{k}.then", r["then"].value, "Its percentage of inspections judged good or better a year "
              "earlier")
    # Regions with inspections to rank (at least FEW_TO_RANK).
    _pick(figs, "homes.region.most_inadequate", rows, "inadequate", max, "Region with the largest share of inspections inadequate",
          "homes_oe_by_region", now_bar, [j.INADEQUATE])
    by_inad = sorted([r for r in rows if r["inadequate"].base_value >= FEW_TO_RANK],
                     key=lambda r: (-r["inadequate"].exact, r["region"]))
    L.add("homes.region.most_inadequate.two", [_the(r["region"]) for r in by_inad[:2]], "The two regions with the largest shares inadequate")
    L.add("homes.region.most_inadequate.shares", [str(r["inadequate"]) for r in by_inad[:2]], "Their shares")
    L.add("homes.region.most_inadequate.two_unique", len(by_inad) >= 2 and by_inad[0]["inadequate"] != by_inad[1]["inadequate"]
          and (len(by_inad) == 2 or by_inad[1]["inadequate"] != by_inad[2]["inadequate"]),
          "Two regions clearly have the largest shares inadequate (no tie for first or second)")
    L.add("homes.region.most_inadequate.two_clear", len(by_inad) >= 2 and (
        len(by_inad) == 2 or by_inad[1]["inadequate"].value - by_inad[2]["inadequate"].value >= GAP_POINTS),
        f"The second of the two leads the third by at least {GAP_POINTS} points")
    figs.lists["homes.region.most_inadequate.third"] = [{"name": _the(r["region"]), "share": r["inadequate"]}
                                                         for r in by_inad[2:3]]
    # The biggest rise since a year earlier, among regions with both
    # periods' inspections to compare (at least FEW_TO_RANK in each).
    then_bar = lambda region: f"{region}, {label_then.year}"  # noqa: E731
    rises, _ = findings.rise_ranking(
        figs, "homes.region.biggest_increase",
        [findings.Group(_the(r["region"]), (r["then"], r["now"]), now_bar(r["region"]), then_bar(r["region"])) for r in rows],
        unit="inspections", chart="homes_oe_by_region", focus=j.GOOD_OR_BETTER,
        definition="Region with the biggest rise in the share of inspections good or better",
        said="saw the biggest increase")
    top = rises[0].share[1].value - rises[0].share[0].value if rises else 0
    biggest = [g for g in rises if g.share[1].value - g.share[0].value == top]
    L.add("homes.region.biggest_increase.names", [g.name for g in biggest], "Regions with the biggest increase in good or better")
    L.add("homes.region.biggest_increase.detail",
          [f"in {g.name}, this was an increase from {g.share[0]} to {g.share[1]}" for g in biggest], "Their changes")
    L.add("homes.region.biggest_increase.positive", bool(rises) and top > 0, "The biggest change is an increase")
    _pick(figs, "homes.region.lowest_inspected", rows, "inspected", min, "Region with the lowest share of homes inspected",
          unit="homes")
    _pick(figs, "homes.region.highest_inspected", rows, "inspected", max, "Region with the highest share of homes inspected",
          unit="homes")
    kept = dict(chart="homes_prev_good_by_region", bar=str, focus=[PREV_GOOD[0]], unit="homes")
    _pick(figs, "homes.region.lowest_kept", rows, "kept", min, "Region with the lowest share of good homes staying good", **kept)
    _pick(figs, "homes.region.highest_kept", rows, "kept", max, "Region with the highest share of good homes staying good", **kept)
    improved = dict(chart="homes_prev_ri_by_region", bar=str, focus=[PREV_RI[0]], unit="homes")
    _pick(figs, "homes.region.highest_improved", rows, "improved", max, "Region with the highest share of homes improving",
          **improved)
    low = _pick(figs, "homes.region.lowest_improved", rows, "improved", min, "Region with the lowest share of homes improving",
                **improved)
    under_half = [r for r in rows if r["improved"].base_value and r["improved"].exact < 0.5]
    L.add("homes.region.improved_under_half.count", len(under_half), "Regions where under half of homes below good improved")
    L.add("homes.region.improved_under_half.only_lowest", under_half == [low], "The lowest is the only such region")
    L.add("homes.region.all_majority_kept", all(r["kept"].exact > 0.5 for r in rows if r["kept"].base_value),
          "In every region most homes good or better stayed so")


#: Below this many interim inspections in the period the text warns that
#: comparisons with earlier years should not be drawn.
FEW_INTERIM = 200


def _interim(L, figs, tables, rel) -> None:
    ev = tables.homes_inspections
    start, end, cut = pd.Timestamp(rel.period_start), pd.Timestamp(rel.period_end), pd.Timestamp(rel.period_published_by)
    # The outcome of each interim inspection in the period published by the
    # cut-off, read row by row; those with an outcome the release counts.
    outcomes = [outcome for event, inspected, published, outcome in zip(
                    ev["event_type"].tolist(), ev["inspection_date"].tolist(), ev["publication_date"].tolist(),
                    ev["interim_outcome"].tolist())
                if event == "Interim" and start <= inspected <= end and published <= cut]
    judged = [outcome for outcome in outcomes if outcome in _INTERIM_OUTCOMES]
    L.add("homes.interim.inspections", len(outcomes), "Interim inspections in the period")
    L.add("homes.interim.judged", len(judged), "Interim inspections in the period with an outcome")
    counts = profile(judged, j.INTERIM_OUTCOMES)
    for outcome, n in counts.items():
        L.share(f"homes.interim.{KEY[outcome]}", n, len(judged), f"Interim inspections finding {outcome.lower()}, of the interim inspections in the "
                f"period with an outcome")
    L.add("homes.interim.few_for_comparison", len(outcomes) < FEW_INTERIM,
          f"Fewer than {FEW_INTERIM} interim inspections in the period: too few to compare with earlier years")
    figs.charts["homes_interim"] = tidy({"Interim inspections": counts}, j.INTERIM_OUTCOMES)


def _state_change(L) -> None:
    """The state of the nation's headline change as a finding
    (``materiality.change``): ``homes.state.change.*`` from the previous
    release's date to now, ``homes.state.change_year.*`` from a year earlier,
    each with ``size`` ("none", "very small", "small", "material"),
    ``direction`` ("up", "down", "same") and ``points``; and
    ``homes.state.trend_continued``: the share moved the same way at every
    reference date, as published, and by a material change over the year,
    so a heading may say the picture "continued the trend"."""
    now = L["homes.state.now.good_or_better"]
    for key, earlier, when in (("change", "before", "the previous release's date"),
                               ("change_year", "year_ago", "a year earlier")):
        ch = change(L[f"homes.state.{earlier}.good_or_better"], now)
        what = f"Change in the share of homes good or better since {when} (materiality.change)"
        L.add(f"homes.state.{key}.size", ch.size if ch else "", f"{what}: none, very small, small or material")
        L.add(f"homes.state.{key}.direction", ch.direction if ch else "", f"{what}: up, down or same")
        L.add(f"homes.state.{key}.points", abs(ch.points) if ch else 0, f"{what}: percentage points, either way")
        L.add(f"homes.state.{key}.material", bool(ch and ch.material), f"{what}: material")
    trend = L["homes.state.trend"].value
    year = L["homes.state.change_year.direction"].value
    L.add("homes.state.trend_continued", bool(L["homes.state.change_year.material"].value)
          and L["homes.state.year_ago.date"].value != L["homes.state.before.date"].value
          and ((trend == "rising" and year == "up") or (trend == "falling" and year == "down")),
          "The share of homes good or better moved the same way at every reference date, as published, and changed "
          "materially over the year (materiality.change): the picture continued a trend")


def _state(L, figs, tables, rel, homes) -> None:
    """The state of the nation at each reference date, England and regions."""
    judged = judged_full(tables)
    states = [state_of_nation(tables, s.date, s.published_by, homes, judged) for s in rel.state_dates]
    figs.homes_states = states  # for the revisions' reasons: one frame for each of rel.state_dates
    groups = {}
    for s, frame in zip(rel.state_dates, states):
        groups[day(s.date)] = profile(frame["overall_effectiveness"], j.GRADES)
    figs.charts["homes_state_of_nation"] = tidy(groups, j.GRADES)
    last = len(states) - 1
    cur_date = rel.state_dates[last].date
    # The same day a year earlier, for the regional comparison; else the oldest.
    same_time = [i for i, s in enumerate(rel.state_dates[:-1]) if (s.date.month, s.date.day) == (cur_date.month, cur_date.day)]
    ref = same_time[-1] if same_time else 0
    roles = {"now": last, "before": max(last - 1, 0), "year_ago": ref}
    for role, i in roles.items():
        frame, s = states[i], rel.state_dates[i]
        add_profile(L, f"homes.state.{role}", profile(frame["overall_effectiveness"], j.GRADES), len(frame),
                    f"Homes open on {day(s.date)}", how=" at their latest full inspection published by then",
                    of=f"the homes open on {day(s.date)} with a judgement (homes never judged are left out)")
        L.add(f"homes.state.{role}.date", s.date, "Reference date of the state of the nation")
        L.add(f"homes.state.{role}.year", str(s.date.year), "Year of that reference date")
        L.add(f"homes.state.{role}.same_day", (s.date.month, s.date.day) == (cur_date.month, cur_date.day),
              "The reference date is the same day of the year as now (\"the same date in ...\")")
    series = [L[f"homes.state.{r}.good_or_better"].value for r in ("year_ago", "before", "now")][0 if ref < last - 1 else 1:]
    series = [v for v in series if v is not None]
    steps = [b - a for a, b in zip(series, series[1:])]
    L.add("homes.state.trend", "" if not steps else "rising" if all(d > 0 for d in steps) else
          "falling" if all(d < 0 for d in steps) else "unchanged" if all(d == 0 for d in steps) else "mixed",
          "Direction of the share of homes good or better over the reference dates, as published: rising or falling "
          "at every date (any difference in whole percentage points, no threshold), unchanged, or mixed (no trend "
          "may be said); empty with one date")
    L.add("homes.state.rising", all(a.exact < b.exact for a, b in zip(
        [L[f"homes.state.{r}.good_or_better"] for r in ("year_ago", "before")],
        [L[f"homes.state.{r}.good_or_better"] for r in ("before", "now")])) and ref < last - 1,
        "The share of homes good or better rose at each reference date")
    _state_change(L)
    rows, region_groups = [], {}
    now_by, then_by = (split(states[i], "region", j.REGIONS, ("overall_effectiveness",)) for i in (last, ref))
    for region in j.REGIONS:
        k = f"homes.state.region.{slug(region)}"
        now, then = now_by[region], then_by[region]
        a = L.share(f"{k}.now", _good_or_better(now), len(now),
                    f"Homes open in {region} on {day(cur_date)} judged good or better at their latest full "
                    f"inspection, of those with a judgement (homes never judged are left out)")
        b = L.share(f"{k}.then", _good_or_better(then), len(then),
                    f"Homes open in {region} a year earlier judged good or better at their latest full "
                    f"inspection, of those with a judgement (homes never judged are left out)")
        rise = None if a.value is None or b.value is None else a.value - b.value
        rows.append({"region": region, "now": a, "then": b, "rise": rise})
        d = rel.state_dates[ref].date
        region_groups[f"{region}, {d:%Y}"] = profile(then["overall_effectiveness"], j.GRADES)
        region_groups[f"{region}, {cur_date:%Y}"] = profile(now["overall_effectiveness"], j.GRADES)
    figs.charts["homes_state_of_nation_by_region"] = tidy(region_groups, j.GRADES)
    with_homes = [r for r in rows if r["now"].base_value]
    both = [r for r in with_homes if r["then"].base_value]
    L.add("homes.state.region.all_two_thirds", bool(with_homes) and all(r["now"].exact >= 2 / 3 for r in with_homes),
          "Every region with homes at least two thirds good or better")
    L.add("homes.state.region.all_higher", bool(both) and all(r["now"] > r["then"] for r in both),
          "Every region higher than a year earlier")
    L.add("homes.state.region.all_lower", bool(both) and all(r["now"] < r["then"] for r in both),
          "Every region lower than a year earlier")
    L.add("homes.state.region.higher", sum(1 for r in both if r["now"] > r["then"]), "Regions higher than a year earlier")
    L.add("homes.state.region.lower", sum(1 for r in both if r["now"] < r["then"]), "Regions lower than a year earlier")
    then_date = rel.state_dates[ref].date
    now_bar = lambda region: f"{region}, {cur_date:%Y}"  # noqa: E731
    then_bar = lambda region: f"{region}, {then_date:%Y}"  # noqa: E731
    # The chart's bars are named by year: a claim can be checked only when the two dates' years differ.
    chart = "homes_state_of_nation_by_region" if then_date.year != cur_date.year else None
    state = dict(chart=chart, bar=now_bar, focus=j.GOOD_OR_BETTER, unit="homes")
    lo = _pick(figs, "homes.state.region.lowest", rows, "now", min, "Region with the lowest share of good homes", **state)
    hi = _pick(figs, "homes.state.region.highest", rows, "now", max, "Region with the highest share of good homes", **state)
    for name, r in (("lowest", lo), ("highest", hi)):
        L.add(f"homes.state.region.{name}.then", r["then"].value, "Its percentage of homes good or better a year "
              "earlier")
        L.add(f"homes.state.region.{name}.rise", r["rise"], "Its rise in percentage points")
    # Rises are ranked among regions with at least FEW_TO_RANK homes at both dates.
    for name, lowest, said in (("biggest_rise", False, "saw the biggest improvement"),
                               ("smallest_rise", True, "saw the smallest improvement")):
        by_rise, top = findings.rise_ranking(
            figs, f"homes.state.region.{name}",
            [findings.Group(_the(r["region"]), (r["then"], r["now"]), now_bar(r["region"]), then_bar(r["region"]))
             for r in rows], unit="homes", lowest=lowest, chart=chart, focus=j.GOOD_OR_BETTER,
            definition=f"Region with the {name.replace('_', ' ')} in the share of homes good or better", said=said)
        r = next(r for r in rows if _the(r["region"]) == top.name) if top else rows[0]
        L.add(f"homes.state.region.{name}.name", _the(r["region"]), "Region")
        L.add(f"homes.state.region.{name}.points", r["rise"], "Its rise in the percentage of homes good or better, in percentage points")
        L.add(f"homes.state.region.{name}.then", r["then"].value, "Its percentage of homes good or better a year "
              "earlier")
        L.add(f"homes.state.region.{name}.now", r["now"].value, "Its percentage of homes good or better now")
        L.add(f"homes.state.region.{name}.is_lowest", r is lo and L["homes.state.region.lowest.unique"].value,
              "It is also the region with the lowest share now, and no other region ties with it")
        L.add(f"homes.state.region.{name}.is_rise", bool(by_rise) and r["rise"] > 0,
              "Its published share rose (a region ranked by its rise may not have risen)")
        L.add(f"homes.state.region.{name}.is_fall", bool(by_rise) and r["rise"] < 0,
              "Its published share fell (a region ranked by its fall may not have fallen)")
    ranked = sorted([r for r in rows if r["now"].base_value >= FEW_TO_RANK], key=lambda r: -r["now"].exact)
    second = ranked[1] if len(ranked) >= 2 else rows[0]
    L.add("homes.state.region.second.unique", len(ranked) >= 3 and ranked[0]["now"] != second["now"] != ranked[2]["now"],
          "The second highest is one region, below the highest and above the third (as published)")
    L.add("homes.state.region.second.name", _the(second["region"]), "Region with the second highest share now")
    L.add("homes.state.region.second.share", second["now"].value, "Its percentage of homes good or better")
    L.add("homes.state.region.second.close", L["homes.state.region.second.unique"].value
          and L["homes.state.region.highest.close_count"].value == 1
          and L["homes.state.region.highest.share"].value - second["now"].value < GAP_POINTS,
          f"The second highest is the only region within {GAP_POINTS} points of the highest (\"close behind\")")
    then_ranked = sorted([r for r in rows if r["then"].base_value >= FEW_TO_RANK], key=lambda r: -r["then"].exact)
    L.add("homes.state.region.second.was_highest", bool(then_ranked) and then_ranked[0] is second
          and (len(then_ranked) == 1 or then_ranked[1]["then"] != second["then"]),
          f"It alone had the highest share a year earlier, among regions with at least {FEW_TO_RANK} homes then")
    L.add("homes.state.now.inadequate_few", L["homes.state.now.inadequate"].exact <= 0.05,
          "At most one in twenty homes is judged inadequate now (the text may say \"only\")")
    L.add("homes.state.inadequate_below_period", L["homes.state.now.inadequate"].count_value < L["homes.oe.inadequate"].count_value,
          "Fewer homes are inadequate now than inadequate inspections in the period")
