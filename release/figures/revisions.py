"""Revisions: what this release's records say about what the previous
release published.

Three things, all counted from the records:

- **The revised period.** The previous release's children's homes period,
  computed again from this release's data: the inspections of that period
  published since the previous release's data were taken are the
  revision (counted by type), and the revised figures are a download.
- **Restated figures.** Figures this release states again for a date or
  period the previous release reported (the SIF position it reported, the
  state of the nation at its date and a year earlier, the equivalent
  period a year earlier) are compared with the previous release's ledger.
  Every difference is listed for QA; a changed published figure is named
  in the Revisions section, from what to what, with its reasons.
- **Reasons.** For a restated figure that changed, the records that
  changed it: inspections published late, closures recorded late,
  re-inspections.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from ..inputs.key_point_names import slug

from ..inputs import judgements as j
from ..ledger import Share
from ..periods import Period, day
from .common import add_profile, profile, tidy
from .homes import home_details, in_period, judged_full, state_of_nation
from .sif import position

#: How the Revisions section names a restated figure.
LABELS = {"good_or_better": "the percentage judged good or better", "inadequate": "the percentage judged inadequate",
          "inspected": "the percentage of LAs inspected", "inspections": "the number of inspections"}
HEADLINE = ("good_or_better", "inadequate", "inspected")
EVENT_TYPES = {"Full": "full", "Monitoring": "monitoring", "Emergency": "emergency", "Interim": "interim"}


@dataclass
class Previous:
    """The previous release: its metadata, its records, its figures as
    published (``published``, read from its archive when it was signed
    off) and as today's code computes them from its records (``figs``)."""

    rel: object
    tables: object
    figs: object = None
    published: object = None
    archive_header: dict | None = None
    #: Method changes this release declares that altered a published figure.
    method_changes: list = field(default_factory=list)

    @property
    def archived(self) -> bool:
        return self.published is not None

    @property
    def ledger(self):
        """What the previous release published: its archive; recomputed
        only where it was never signed off."""
        return self.published if self.published is not None else self.figs.ledger


def compute(tables, rel, figs, previous: Previous | None = None) -> None:
    L = figs.ledger
    rev = rel.revisions
    period = Period(rev["period_start"], rev["period_end"])
    L.add("revisions.period_start", period.start, "Start of the revised period (the previous release's period)")
    L.add("revisions.period_end", period.end, "End of the revised period")
    L.add("revisions.since", rev["since"], "The revision adds records published after this date "
                                           "(when the previous release's data were taken)")
    late = _late(tables, period, rev["since"], rel.period_published_by)
    counts = Counter(late)
    for kind, key in EVENT_TYPES.items():
        L.add(f"revisions.{key}", counts[kind],
              f"{kind} inspections or visits in the revised period published after {rev['since']}")
    L.add("revisions.total", len(late), "Further inspections and visits in the revision, all types")

    revised = in_period(tables, period.start, period.end, rel.period_published_by)
    L.add("revisions.revised.inspections", len(revised),
          f"Full inspections {period.long}, as revised (published by {rel.period_published_by})")
    add_profile(L, "revisions.revised.oe", profile(revised["overall_effectiveness"], j.RECORDED_GRADES),
                len(revised), f"Inspections {period.long}, as revised")
    figs.downloads["revised_period"] = tidy({period.long: profile(revised["overall_effectiveness"],
                                                                  j.RECORDED_GRADES)}, j.RECORDED_GRADES)
    figs.lists["restated"] = _restated(tables, rel, figs, previous) if previous else []
    # The headline figures the Revisions section names when their printed
    # value changed (the revised period has its own paragraph).
    # The headline figures of the previous release that the records now
    # held revise (a count or base that moved, even where the printed
    # percentage did not), each with what it was and is, and why.
    figs.lists["restated_named"] = [r for r in figs.lists["restated"] if r["differs"]
                                    and r["key"].split(".")[-1] in HEADLINE + ("inspections",)]
    changed = [r for r in figs.lists["restated"] if r["published"] != r["now"]]
    L.add("revisions.restated.compared", len(figs.lists["restated"]),
          "Figures restated from the previous release and compared with its ledger")
    L.add("revisions.restated.changed", len(changed), "Figures restated from the previous release whose published value changed")
    L.add("revisions.previous_available", previous is not None,
          "The previous release's data are in the series, so restated figures are checked against it")
    L.add("revisions.previous_archived", previous is not None and previous.archived,
          "The previous release was signed off: its figures as published are read from its archive")
    L.add("revisions.comparison_from_this_release", rel.comparison_source == "this",
          "The equivalent period a year earlier is counted from this release's own records (the previous "
          "release's were taken too soon after it to be revised data)")
    figs.lists["method_changes"] = _method_changes(L, previous)
    _mark_revised_groups(rel, figs)


def _late(tables, period, since, published_by) -> list[str]:
    """The type of each inspection or visit in ``period`` published after
    ``since`` and by ``published_by``: what the revision adds. Read row by
    row, in the records' order."""
    ev = tables.homes_inspections
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    after, by = pd.Timestamp(since), pd.Timestamp(published_by)
    return [event for event, inspected, published in zip(ev["event_type"].tolist(), ev["inspection_date"].tolist(),
                                                         ev["publication_date"].tolist())
            if start <= inspected <= end and after < published <= by]


#: GSS shorthand for a revised value ("Symbols in tables"); in a table it
#: follows the row's date or period, so the numbers stay numbers.
REVISED = "[r]"


def _mark_revised_groups(rel, figs) -> None:
    """Chart tables (and so the HTML data tables, spreadsheets and CSVs made
    from them) label each row for a date or period whose figures are revised
    "[r]": "30 September 2016 [r]", "London, 2016 [r]"."""
    revised = [r["key"] for r in figs.lists["restated"] if r.get("vintage") == "revised"]
    L = figs.ledger
    # (chart, exact group label or None, group label ending or None)
    marks = []
    for role in ("before", "year_ago"):
        if any(k.startswith(f"homes.state.{role}.") for k in revised):
            d = L[f"homes.state.{role}.date"].value
            marks.append(("homes_state_of_nation", day(d), None))
            if role == "year_ago" and d.year != L["homes.state.now.date"].value.year:
                marks.append(("homes_state_of_nation_by_region", None, f", {d:%Y}"))
    if any(k.startswith("homes.comparison.") for k in revised):
        marks.append(("homes_oe_period", rel.comparison.short, None))
        for chart in ("homes_oe_by_region", "homes_oe_by_sector"):
            marks.append((chart, None, f", {rel.comparison.year}"))
    figs.lists["revised_groups"] = sorted({label for _, label, _ in marks if label})
    # The same, as dates and periods, for the open data's revision filter.
    figs.lists["revised_dates"] = sorted(L[f"homes.state.{role}.date"].value for role in ("before", "year_ago")
                                         if any(k.startswith(f"homes.state.{role}.") for k in revised))
    figs.lists["revised_periods"] = ([(rel.comparison.start, rel.comparison.end)]
                                     if any(k.startswith("homes.comparison.") for k in revised) else [])
    for key in {chart for chart, _, _ in marks} & set(figs.charts):
        table = figs.charts[key]
        labels = {label for chart, label, _ in marks if chart == key and label}
        endings = tuple(end for chart, _, end in marks if chart == key and end)
        marked = [f"{g} {REVISED}" if g in labels or (endings and g.endswith(endings)) else g
                  for g in table["group"]]
        if marked != list(table["group"]):
            figs.charts[key] = table.assign(group=marked)


def _method_changes(L, previous) -> list[dict]:
    """The method changes this release declares that altered figures the
    previous release published: each with its reason and, for each figure,
    what was published and what the new method gives for the same records
    (both entered in the ledger, so the Revisions section prints them from
    it)."""
    out = []
    for change in previous.method_changes if previous else []:
        rows = []
        for r in change["changed"]:
            then, now = previous.published[r["key"]], previous.figs.ledger[r["key"]]
            k = f"revisions.method.{r['key']}"
            then_describes = then.__dict__.get("describes", "")
            rows.append({"key": r["key"], "label": _first_lower(then.definition),
                         "describes": then_describes,
                         "published": _copy(L, f"{k}.published", then, "As published in the previous release",
                                            then_describes),
                         "now": _copy(L, f"{k}.now", now, "By the new method, from the same records",
                                      then_describes)})
        out.append({"reason": change["reason"], "figures": rows})
    return out


def _copy(L, key, fig, what, describes=""):
    definition = f"{what}: {fig.definition}"
    if isinstance(fig, Share):
        out = L.share(key, fig.count_value, fig.base_value, definition)
    else:
        out = L.add(key, fig.value, definition)
    if describes:
        # The previous release's date or period, not this release's.
        _describes(out, describes)
    return out


def _describes(fig, what: str):
    """Give a figure the date or period it describes (figures.json's
    ``describes``), where its key alone does not tell it."""
    object.__setattr__(fig, "describes", what)
    return fig


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _pairs(rel, figs, previous):
    """(this release's key prefix, the previous release's, what it describes)."""
    L, P = figs.ledger, previous.ledger
    yield "sif.previous", "sif", f"the SIF position at {day(rel.sif_previous_date)}"
    prev_roles = {P[f"homes.state.{r}.date"].value: r for r in ("now", "before", "year_ago")
                  if f"homes.state.{r}.date" in P}
    for role in ("before", "year_ago"):
        d = L[f"homes.state.{role}.date"].value
        if d in prev_roles and d != L["homes.state.now.date"].value:
            yield f"homes.state.{role}", f"homes.state.{prev_roles[d]}", f"the state of the nation at {day(d)}"
    yield "revisions.revised", "homes", f"children's homes inspections {Period(*_rev(rel)).long}"
    comparison = Period(rel.comparison_start, rel.comparison_end)
    prev_rev = Period(previous.rel.revisions["period_start"], previous.rel.revisions["period_end"])
    if prev_rev == comparison:
        yield "homes.comparison", "revisions.revised", f"children's homes inspections {comparison.long}"
    elif previous.rel.period == comparison:
        # An annual release after an annual one: the previous release's own
        # period, provisional then, is this release's comparison period.
        yield "homes.comparison", "homes", f"children's homes inspections {comparison.long}"


def _rev(rel):
    return rel.revisions["period_start"], rel.revisions["period_end"]


#: Judgements as the Revisions section names them (key part -> words).
JUDGEMENTS = {"oe": "overall effectiveness", "hp": "help and protection",
              "cla": "children looked after and achieving permanence", "adoption": "adoption performance",
              "care_leavers": "experiences and progress of care leavers",
              "lmg": "leadership, management and governance"}


def _label(key: str, definition: str) -> str:
    """How the Revisions section names a restated figure: its measure, and
    for a SIF judgement, the judgement ("the percentage judged good or
    better for help and protection")."""
    parts = key.split(".")
    tail = parts[-1]
    if tail not in LABELS:
        return definition[0].lower() + definition[1:]
    judgement = parts[-2] if len(parts) > 2 else ""
    if key.startswith("sif.") and judgement in JUDGEMENTS:
        return f"{LABELS[tail]} for {JUDGEMENTS[judgement]}"
    return LABELS[tail]


def fig_definition(L, row) -> str:
    """The definition of a restated figure: this release's, of the same
    measure. (The archived one may be older wording: definitions are
    improved, values never rewritten.)"""
    return L[row["key"]].definition


def _restated(tables, rel, figs, previous) -> list[dict]:
    L, P = figs.ledger, previous.ledger
    rows, seen = [], set()
    # In key order; sorted once, as no figure is added until every pair is read.
    figures = sorted(L.figures.items())
    for mine, theirs, what in _pairs(rel, figs, previous):
        for key, fig in figures:
            if not key.startswith(mine + ".") or key in seen:
                continue
            other = theirs + key[len(mine):]
            if other not in P or isinstance(fig, Share) != isinstance(P[other], Share):
                continue
            if not isinstance(fig, Share) and not (isinstance(fig.value, int) and not isinstance(fig.value, bool)):
                continue
            seen.add(key)
            then = P[other]
            row = {"key": key, "previous_key": other, "what": what, "measure": fig.definition,
                   "published": then.text, "now": fig.text,
                   "published_count": getattr(then, "count_value", then.value),
                   "published_base": getattr(then, "base_value", None),
                   "count": getattr(fig, "count_value", fig.value), "base": getattr(fig, "base_value", None)}
            row["label"] = _label(key, fig.definition)
            row["differs"] = (row["published"], row["published_count"], row["published_base"]) != (
                row["now"], row["count"], row["base"])
            rows.append(row)
    for row in rows:
        # What the previous release published, as a figure of this ledger
        # too, so every number the Revisions section prints is traceable.
        k = f"revisions.restated.{row['key']}"
        if row["published_base"] is not None:
            L.share(k, row["published_count"], row["published_base"],
                    f"As published in the previous release: {fig_definition(L, row)}")
        else:
            L.add(k, row["published_count"], f"As published in the previous release: {fig_definition(L, row)}")
        # The two figures themselves, for the text: printed from the
        # ledger, each number can be traced to its entry. The figure of
        # this release knows what was first published for it (its vintage).
        row["then_figure"], row["now_figure"] = L[k], L[row["key"]]
        row["now_figure"].set_first_published(row["then_figure"])
        row["vintage"] = row["now_figure"].vintage
    reasons = _reasons(tables, rel, previous, figs)
    for row in rows:
        row["reason"] = reasons.get(row["what"], "")
        if row["differs"] and not row["reason"]:
            row["reason"] = "no record explains it: a change of method (declare it in release.toml)"
        row["reason_figure"] = _reason_figure(L, row["what"], row["reason"])
        row["what_figure"] = _what_figure(L, row["what"])
    return rows


def _what_figure(L, what: str):
    """What a restated figure describes ("children's homes inspections 1
    April 2015 to 31 March 2016"), as a figure so its dates are traced."""
    key = f"revisions.what.{slug(what)}"
    if key not in L:
        _describes(L.add(key, what, "The date or period a restated figure describes, as the previous release "
                                    "reported it"), what)
    return L[key]


def _reason_figure(L, what: str, reason: str):
    """A reason counted from the records ("45 full inspections of the period
    published after 30 April 2016") is a figure of the ledger, so the
    numbers in it are traced like any other; one figure for each thing
    revised, shared by its rows."""
    if not reason:
        return reason
    key = f"revisions.reason.{slug(what)}"
    if key not in L:
        _describes(L.add(key, reason, f"Why the records held now revise {what}: counted from the records, by kind"),
                   what)
    return L[key]


def _reasons(tables, rel, previous, figs) -> dict[str, str]:
    """Why restated figures moved, counted by kind from the two releases'
    records: inspections published late, closures recorded late, inspections
    withdrawn (the earlier judgement counts again), re-inspections."""
    out = {}
    prev_rel, prev_tables = previous.rel, previous.tables
    # The SIF position the previous release reported, from the records held
    # now (``position`` at the previous cut-off: sif.compute's) and then.
    now = figs.sif_before
    then = position(prev_tables, prev_rel.sif_published_by, prev_rel.sif_inspected_to)
    a = set(zip(now["la_code"].tolist(), now["inspection_id"].tolist()))
    b = set(zip(then["la_code"].tolist(), then["inspection_id"].tolist()))
    held = set(tables.sif_inspections["inspection_id"].tolist())
    late = a - b
    withdrawn = {x for x in b - a if x[1] not in held}
    parts = []
    if late:
        parts.append(_n(len(late), "inspection") + " published by then but not in the previous release's data "
                     "(published late)")
    if withdrawn:
        parts.append(_n(len(withdrawn), "inspection") + " since withdrawn, so the LA's earlier inspection counts")
    if len(b - a) > len(withdrawn):
        parts.append(_n(len(b - a) - len(withdrawn), "inspection") + " in the previous release's data no longer "
                     "counted")
    out[f"the SIF position at {day(rel.sif_previous_date)}"] = "; ".join(parts)
    # The state of the nation at each date both report.
    held_events = set(tables.homes_inspections["event_id"].tolist())
    prev_cut = {s.date: s.published_by for s in prev_rel.state_dates}
    # The previous release's homes and judged inspections, the same at every
    # date; this release's state at each date is homes.compute's.
    prev_homes, prev_judged = home_details(prev_tables), judged_full(prev_tables)
    for s, cur in zip(rel.state_dates[:-1], figs.homes_states):
        old = state_of_nation(prev_tables, s.date, prev_cut.get(s.date, s.published_by), prev_homes, prev_judged)
        out[f"the state of the nation at {day(s.date)}"] = "; ".join(_state_reasons(
            tables, prev_judged, cur, old, s.date, prev_cut.get(s.date, s.published_by), held_events))
    for label, period, since in _periods(rel, previous):
        out[f"children's homes inspections {period.long}"] = _period_reasons(tables, prev_tables, period, since,
                                                                            rel.period_published_by)
    return out


def _state_reasons(tables, prev_judged, cur, old, date, cut, held_events) -> list[str]:
    """Homes counted differently at one date, by kind. ``prev_judged``: the
    previous release's judged full inspections (``homes.judged_full``)."""
    cur_g = dict(zip(cur["urn"].tolist(), cur["overall_effectiveness"].tolist()))
    old_g = dict(zip(old["urn"].tolist(), old["overall_effectiveness"].tolist()))
    homes = tables.childrens_homes.set_index("urn")
    gone = [u for u in old_g if u not in cur_g]
    closed = [u for u in gone if u in homes.index and pd.notna(homes.at[u, "closure_date"])
              and homes.at[u, "closure_date"] <= pd.Timestamp(date)]
    regraded = [u for u in old_g if u in cur_g and cur_g[u] != old_g[u]]
    added = [u for u in cur_g if u not in old_g]
    # A home judged differently: its judgement then came from an inspection
    # since withdrawn (its earlier judgement counts again), or a later
    # inspection of it was published after the data were taken.
    used_then = _latest_events(prev_judged, old, date, cut)
    withdrawn = [u for u in regraded if used_then.get(u) not in held_events]
    late = [u for u in regraded if u not in withdrawn]
    parts = []
    if closed:
        parts.append(_n(len(closed), "home") + f" had closed by {day(date)} but the closure was recorded "
                     "after the previous release's data were taken")
    if len(gone) > len(closed):
        parts.append(_n(len(gone) - len(closed), "other home") + " no longer counted")
    if late:
        parts.append(_n(len(late), "home") + " with a later judgement published after the previous release's "
                     "data were taken")
    if withdrawn:
        parts.append(_n(len(withdrawn), "home") + " whose inspection counted then has been withdrawn, so its "
                     "earlier judgement counts")
    if added:
        parts.append(_n(len(added), "home") + " counted now but not then (registration or inspection "
                     "recorded late)")
    return parts


def _latest_events(judged, frame, date, cut) -> dict:
    """The inspection each home in a state-of-the-nation frame is judged by.
    ``judged``: the release's judged full inspections (``homes.judged_full``)."""
    full = judged[(judged["inspection_date"] <= pd.Timestamp(date)) & (judged["publication_date"] <= pd.Timestamp(cut))
                  & judged["urn"].isin(frame["urn"])]
    cut = full.merge(frame[["urn", "overall_effectiveness"]], on=["urn", "overall_effectiveness"])
    latest = cut.sort_values("inspection_date").groupby("urn").tail(1)
    return dict(zip(latest["urn"].tolist(), latest["event_id"].tolist()))


def _periods(rel, previous):
    """The children's homes periods this release restates, each with the
    cut-off of the previous release's data for it."""
    period = Period(*_rev(rel))
    yield "revised", period, rel.revisions["since"]
    comparison = Period(rel.comparison_start, rel.comparison_end)
    if comparison != period:
        prev_rev = Period(previous.rel.revisions["period_start"], previous.rel.revisions["period_end"])
        if prev_rev == comparison:
            yield "comparison", comparison, previous.rel.period_published_by


def _period_reasons(tables, prev_tables, period, since, published_by) -> str:
    """Full inspections of a period counted differently now: published
    since the data were taken, withdrawn since."""
    def full(t, cut):
        ev = t.homes_inspections
        return ev[(ev["event_type"] == "Full") & ev["inspection_date"].between(pd.Timestamp(period.start),
                                                                               pd.Timestamp(period.end))
                  & (ev["publication_date"] <= pd.Timestamp(cut))]
    now, then = full(tables, published_by), full(prev_tables, since)
    late = set(now["event_id"].tolist()) - set(then["event_id"].tolist())
    withdrawn = set(then["event_id"].tolist()) - set(tables.homes_inspections["event_id"].tolist())
    parts = []
    if late:
        parts.append(_n(len(late), "full inspection") + f" of the period published after {day(since)}")
    if withdrawn:
        parts.append(_n(len(withdrawn), "full inspection") + " counted then and since withdrawn")
    return "; ".join(parts)


def _n(n: int, noun: str) -> str:
    """"eight homes", "23 homes": words for one to nine, figures from 10."""
    from ..numbers import in_words as number_words
    return f"{number_words(n) if n < 10 else f'{n:,}'} {noun}{'' if n == 1 else 's'}"
