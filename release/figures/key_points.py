"""Key points chosen by what changed: every candidate finding of the
release, ranked by a written rule, and the few that lead the bulletin.

Candidates
    Every domain of the release offers candidates (``candidates``): its
    headline levels and their changes since the last release or a year
    earlier, the largest movements of its regions, sectors or judgement
    areas, and its news (a first, a change to a named list, the outcome of
    re-inspections). Each has a stable ``name`` (``homes.period.profile``,
    ``la.region.london``) by which a statistician can pin or drop it in
    ``release.toml``, the ledger figures it uses, its change
    (``materiality.Change``) and base, and a score.

The salience rule (``choose``)
    1. **Materiality.** A change is eligible only when ``materiality.change``
       calls it material (``CHANGE_POINTS`` or more on bases of at least
       ``FEW_TO_RANK``); a gap between groups only when ``materiality.rank``
       finds a clear leader. A change below the threshold is never a key
       point unless a statistician pins it.
    2. **Score** = the change in published percentage points times the
       square root of its base (the smaller of the two bases). The noise in
       a percentage of n falls as one over the square root of n, so this is
       the change measured against that noise: three points on England's
       1,000 inspections outranks ten points on a region's 30.
    3. **Direction against the previous release.** A change that turns
       against the same measure's movement in the previous release (a rise
       after a fall, a fall after a rise) is news: its score is multiplied
       by ``TURN_WEIGHT``.
    4. **News** (a first, a list that changed, re-inspection outcomes) is
       not a change in points; it scores ``NEWS_SCORE``, the score of a
       material change (``CHANGE_POINTS``) on a base of ``NEWS_BASE``. An
       LA's list movement or re-inspection outcome is news only when it
       happened by a re-inspection published since the position last
       reported (``sif.list.<list>.left_reinspected``,
       ``sif.reinspected_since.*``): an LA that leaves a list because it is
       no longer counted is a fact of the data, not of its services.
    5. **Coverage.** The highest-scoring eligible movement of each domain
       (a change, a profile, a list movement or a re-inspection outcome:
       ``MOVEMENTS``) is always a key point, first among its domain's. A
       domain with no eligible candidate gets its headline said as stable
       ("unchanged at 79%", "little changed from"), so every domain has at
       least one key point.
    6. **Cap.** Further eligible candidates are added by score until there
       are ``CAP`` key points. Candidates that tell the same news
       (``Candidate.news``: an LA leaving a list on re-inspection is also a
       re-inspection outcome) are printed once: the first chosen says it.
       Pinned candidates are always shown (a pin overrules materiality and
       the cap); dropped ones never.
    7. **Order** follows the bulletin: LA inspections, LSCB reviews, then
       children's homes (the state of the nation, the picture of every
       home, before the inspections in the period, as the seed's key points
       put them); within a domain, its largest movement first, then its
       other movements in the order of the sections that explain them, then
       differences between groups, then news.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..inputs import judgements as j
from .common import add_profile, count_in, profile, slug, split
from . import materiality as m
from ..inputs.key_point_names import LA_AREAS, SECTORS, check_settings, known_names  # noqa: F401

#: At most this many key points are chosen by score (the seed had six).
CAP = 6
#: A change against the previous release's direction counts this much more.
TURN_WEIGHT = 1.5
#: News (firsts, list movements, re-inspection outcomes) scores as a
#: material change of CHANGE_POINTS on this many records.
NEWS_BASE = 100
NEWS_SCORE = m.CHANGE_POINTS * math.sqrt(NEWS_BASE)

#: The kinds of candidate that are movements: the largest eligible one of a
#: domain always leads it (rule 5). Firsts and gaps between groups are not.
MOVEMENTS = ("change", "profile", "list", "reinspection")

#: The domains in the order their key points are printed: (name, what).
DOMAINS = (
    ("la", "LA inspections under the SIF"),
    ("lscb", "LSCB reviews"),
    ("homes_state", "the state of the nation for children’s homes"),
    ("homes_period", "children’s homes inspections in the period"),
)
#: The sections that explain key points, in the bulletin's order.
SECTIONS = ("sif-oe", "sif-key", "sif-sub", "sif-regions", "lscb-oe", "homes-state", "homes-period",
            "homes-change", "homes-sector", "homes-regions")
#: How a key point names the section that explains it ("The section on ... gives the detail").
SECTION_NAMES = {
    "sif-oe": "overall effectiveness of LAs", "sif-key": "the SIF key judgements",
    "sif-sub": "the adoption and care leavers sub-judgements", "sif-regions": "LA outcomes by type and region",
    "lscb-oe": "LSCB reviews", "homes-state": "the state of the nation",
    "homes-period": "children’s homes inspections in the period", "homes-change": "change since the last inspection",
    "homes-sector": "sectors", "homes-regions": "regional outcomes for children’s homes",
}
#: Each domain's headline: said as stable when nothing in it changed materially.
HEADLINE = {"la": "la.profile", "lscb": "lscb.profile", "homes_state": "homes.state.profile",
            "homes_period": "homes.period.profile"}


@dataclass
class Candidate:
    """One finding that could be a key point.

    ``kind``: "profile" (good or better and inadequate, the domain's
    headline), "change" (one share at two dates), "first", "list",
    "reinspection" or "gap" (groups at one date). ``before``/``after``: the
    two shares a change compares (for a profile, good or better), and
    ``before2``/``after2`` the second measure (inadequate). ``when``: which
    comparison ("position": the SIF position last reported; "period": the
    same period a year earlier; "state": the state of the nation at the
    previous release's date; "state_year": a year earlier). ``change``:
    the change the score is of."""

    name: str
    domain: str
    kind: str
    section: str
    what: str
    keys: tuple[str, ...]
    change: m.Change | None = None
    base: int = 0
    score: float = 0.0
    eligible: bool = False
    when: str = ""
    before: object = None
    after: object = None
    before2: object = None
    after2: object = None
    unit: str = ""
    turn: bool = False
    revised: bool = False
    # Set by ``choose``.
    rank: int = 0
    chosen: bool = False
    stable: bool = False
    pinned: bool = False
    dropped: bool = False
    reason: str = ""
    extra: dict = field(default_factory=dict)
    #: The noun phrase a change sentence is about: "LAs in London judged good or better".
    subject: str = ""
    #: The second measure of a profile, as "judged inadequate".
    measure2: str = "judged inadequate"
    #: The change scored is of the second pair (``before2``/``after2``).
    lead_second: bool = False
    #: Restated figures this key point prints whose published value was
    #: revised since the last release: rows of ``figs.lists["restated"]``.
    revisions: list = field(default_factory=list)
    #: Candidates with the same ``news`` tell one piece of news (an LA that
    #: left a list on re-inspection, and that re-inspection's outcome): the
    #: rule prints only the first chosen.
    news: str = ""

    @property
    def measure(self) -> str:
        """What the first share counts: "judged good or better" or "judged inadequate"."""
        return "judged inadequate" if self.subject.endswith("inadequate") else "judged good or better"

    @property
    def section_name(self) -> str:
        return SECTION_NAMES[self.section]

    @property
    def points(self) -> int | None:
        return None if self.change is None else self.change.points

    @property
    def little_changed(self) -> bool:
        """The first share moved by a point or two (less than
        ``CHANGE_POINTS``): a stable headline says it "little changed"."""
        ch = None if self.before is None else m.change(self.before, self.after)
        return ch is not None and 0 < abs(ch.points) < m.CHANGE_POINTS

    @property
    def opposite(self) -> bool:
        """The share and its count moved opposite ways: the words give both."""
        return bool(self.before is not None and m.opposite(self.before, self.after))

    @property
    def opposite2(self) -> bool:
        return bool(self.before2 is not None and m.opposite(self.before2, self.after2))


def score_of(change: m.Change | None, turn: bool = False) -> float:
    """Points times the square root of the smaller base; TURN_WEIGHT more
    for a turn against the previous release's direction."""
    if change is None:
        return 0.0
    return abs(change.points) * math.sqrt(min(change.bases)) * (TURN_WEIGHT if turn else 1.0)


# --- figures the candidates need that no other module computes ----------------------

def compute(tables, rel, figs, earlier=None) -> None:
    """The earlier positions the candidates compare with (the LSCB profile
    and each region's SIF profile at the previous cut-off), then the
    candidates, and the key points as the rule chooses them with the
    release's pins and drops."""
    L = figs.ledger
    before = figs.sif_before
    reviewed = before[before["lscb_overall_effectiveness"] != ""]
    add_profile(L, "kp.lscb.previous", profile(reviewed["lscb_overall_effectiveness"], j.GRADES), len(reviewed),
                "LSCBs", how=" at the review with the LA's latest SIF inspection published by the previous cut-off",
                of="the LSCBs reviewed by then, one per LA (LSCBs not yet reviewed are left out)")
    for region, r in split(before, "region", j.REGIONS, ("overall_effectiveness",)).items():
        L.share(f"kp.sif.region.{slug(region)}.previous.good_or_better",
                count_in(r["overall_effectiveness"], j.GOOD_OR_BETTER), len(r),
                f"LAs in {region} judged good or better for overall effectiveness at their latest SIF inspection "
                f"published by the previous cut-off, of the LAs in {region} with one (LAs not yet inspected are left "
                "out)")
    L.add("kp.la.inadequate_all_judgements.joined", len(L["sif.inadequate_all_judgements.since"].value),
          "LAs judged inadequate in every judgement by an inspection published since the previous cut-off")
    _reinspection_figures(L, figs)
    settings = getattr(rel, "key_points", None) or {}
    pin, drop = list(settings.get("pin", ())), list(settings.get("drop", ()))
    by_rule = [c.name for c in choose(candidates(figs, earlier))]
    cands = candidates(figs, earlier)
    chosen = choose(cands, pin, drop)
    figs.lists["key_point_candidates"] = cands
    figs.lists["key_points"] = chosen
    figs.lists["key_points_overruled"] = overruled(cands, chosen, by_rule, pin, drop)
    L.add("kp.chosen", [c.name for c in chosen], "Key points, by candidate name, in the order printed")
    L.add("kp.pinned", [c.name for c in cands if c.pinned], "Candidates pinned in release.toml [key_points]")
    L.add("kp.dropped", [c.name for c in cands if c.dropped], "Candidates dropped in release.toml [key_points]")


#: The named lists an LA can leave on re-inspection that are key-point news:
#: (list key in ``sif.list``, as a key point names it).
LEFT_LISTS = (("inadequate", "judged inadequate for overall effectiveness"),
              ("inadequate_key_judgements", "judged inadequate for each of the three key judgements"),
              ("inadequate_all_judgements", "judged inadequate in all of the key and sub-judgements"))


def _reinspection_figures(L, figs) -> None:
    """What the re-inspection key points print, as ledger figures:
    ``kp.la.list.left.*`` (the LAs that left a named list of ``LEFT_LISTS``
    on a re-inspection published since last reported, each with the lists it
    left and its overall effectiveness before and after) and
    ``kp.la.reinspected.*`` (re-inspections since last reported that
    changed an LA's overall effectiveness)."""
    from ..ledger import in_prose
    rows = {r["name"]: r for r in figs.lists.get("sif_reinspected_since", [])}
    left = {}
    for key, words in LEFT_LISTS:
        for name in L[f"sif.list.{key}.left_reinspected"].value:
            left.setdefault(name, []).append(words)
    names = sorted(left)
    L.add("kp.la.list.left.count", len(names),
          "LAs that left a named list (inadequate overall, in each key judgement, in every judgement) on a "
          "re-inspection published since the position last reported")
    L.add("kp.la.list.left.names", names, "Those LAs")
    # An LA that left the list of every judgement but not that of the key
    # judgements is said to have left the wider list; one that left the
    # narrower list left the wider too, said once, of the wider.
    def judged(r):
        if r["from"] == r["to"]:
            return f"judged {r['to']} again for overall effectiveness"
        return f"judged {r['to']} for overall effectiveness (from {r['from']})"
    L.add("kp.la.list.left.moves",
          [f"{in_prose(n)}, re-inspected and {judged(rows[n])}, is no longer among the LAs judged inadequate "
           f"{_either([w.removeprefix('judged inadequate ') for w in left[n]])}" for n in names if n in rows],
          "Each of those LAs: its overall effectiveness before and at its re-inspection, and the lists it left")
    # Against what the last release said: an LA it did not count (its first
    # inspection was published since) changed nothing a reader was told.
    changed = [r for r in rows.values() if r["from"] != r["to"] and r["reported"]]
    L.add("kp.la.reinspected.changed", len(changed),
          "Re-inspections published since the position last reported that changed the overall effectiveness the "
          "last release counted for the LA")


def _either(parts: list[str]) -> str:
    """"a, b or c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


# --- candidates ----------------------------------------------------------------------



def candidates(figs, earlier=None) -> list[Candidate]:
    """Every candidate key finding of the release, each scored."""
    L = figs.ledger
    prev = earlier.ledger if earlier is not None else None
    revised = {r["key"]: r for r in figs.lists.get("restated", []) if r.get("published") != r.get("now")}
    out: list[Candidate] = []

    def change_of(name, domain, section, subject, before_key, after_key, when, unit, kind="change",
                  before2_key=None, after2_key=None, measure2="judged inadequate"):
        pairs = [(before_key, after_key)] + ([(before2_key, after2_key)] if before2_key else [])
        best, best_score, turn_best, second = None, -1.0, False, False
        for i, (bk, ak) in enumerate(pairs):
            ch = m.change(L[bk], L[ak])
            turn = _turned(ch, prev, bk, ak)
            s = score_of(ch, turn)
            if ch is not None and s > best_score:
                best, best_score, turn_best, second = ch, s, turn, i == 1
        keys = tuple(dict.fromkeys(k for pair in pairs for k in pair))
        c = Candidate(name, domain, kind, section, subject, keys, change=best,
                      base=min(best.bases) if best else 0, score=round(max(best_score, 0.0), 1),
                      eligible=bool(best and best.material), when=when, before=L[before_key], after=L[after_key],
                      before2=L[before2_key] if before2_key else None, after2=L[after2_key] if after2_key else None,
                      unit=unit, turn=turn_best, subject=subject, measure2=measure2, lead_second=second,
                      revisions=[_revision(L, revised[k]) for k in keys if k in revised])
        c.revised = bool(c.revisions)
        out.append(c)
        return c

    # LA inspections under the SIF: the profile, each judgement area, each region.
    change_of("la.profile", "la", "sif-oe", "LAs judged good or better",
              "sif.previous.oe.good_or_better", "sif.oe.good_or_better", "position", "LA", kind="profile",
              before2_key="sif.previous.oe.inadequate", after2_key="sif.oe.inadequate")
    for key, name, section in LA_AREAS:
        change_of(f"la.{key}", "la", section, f"LAs judged good or better for {name}",
                  f"sif.previous.{key}.good_or_better", f"sif.{key}.good_or_better", "position", "LA")
    for region in j.REGIONS:
        s = slug(region)
        change_of(f"la.region.{s}", "la", "sif-regions", f"LAs in {_the(region)} judged good or better",
                  f"kp.sif.region.{s}.previous.good_or_better", f"sif.region.{s}.good_or_better", "position", "LA")
    if L["sif.regions.good_in_every_region_new"].value:
        out.append(_news("la.first_good_every_region", "la", "first", "sif-regions",
                         "Every region has an LA judged good or better, for the first time",
                         ("sif.regions.good_in_every_region_new", "sif.regions.first_good")))
    # Re-inspection news: LAs that left a named list, and re-inspections that changed a judgement.
    if L["kp.la.list.left.count"].value:
        out.append(_news("la.list.left", "la", "list", "sif-oe",
                         "LAs that left a named list on a re-inspection published since last reported",
                         ("kp.la.list.left.count", "kp.la.list.left.moves"), news="la.reinspection"))
    if L["kp.la.reinspected.changed"].value:
        out.append(_news("la.reinspected", "la", "reinspection", "sif-oe",
                         "Re-inspections since last reported that changed an LA's overall effectiveness",
                         ("sif.reinspected_since.count", "sif.reinspected_since.moves", "kp.la.reinspected.changed"),
                         news="la.reinspection"))
    since = L["sif.inadequate_all_judgements.since"].value
    # News against the last release's list: a first report (no LA counted
    # then) has no list to join, and leads with its profile instead.
    if since and L["sif.previous.inspected"].count_value:
        out.append(_news("la.list.inadequate_all_judgements", "la", "list", "sif-oe",
                         "LAs newly judged inadequate in every judgement since last reported",
                         ("sif.inadequate_all_judgements.since", "kp.la.inadequate_all_judgements.joined")))

    # LSCB reviews.
    change_of("lscb.profile", "lscb", "lscb-oe", "LSCBs judged good or better",
              "kp.lscb.previous.good_or_better", "lscb.good_or_better", "position", "LSCB", kind="profile",
              before2_key="kp.lscb.previous.inadequate", after2_key="lscb.inadequate")
    if L["lscb.outstanding.first_time"].value:
        out.append(_news("lscb.first_outstanding", "lscb", "first", "lscb-oe",
                         "LSCBs judged outstanding, for the first time", ("lscb.outstanding.first_time",)))

    # The state of the nation: against the previous release's date and a year earlier.
    state_when = "state" if L["homes.state.before.date"].value != L["homes.state.now.date"].value else "state_year"
    # Its headline compares good or better with the previous date and with a year earlier.
    change_of("homes.state.profile", "homes_state", "homes-state", "children’s homes judged good or better",
              "homes.state.before.good_or_better", "homes.state.now.good_or_better", state_when, "home",
              kind="profile", before2_key="homes.state.year_ago.good_or_better",
              after2_key="homes.state.now.good_or_better", measure2="judged good or better a year earlier")
    change_of("homes.state.inadequate", "homes_state", "homes-state", "children’s homes judged inadequate",
              "homes.state.year_ago.inadequate", "homes.state.now.inadequate", "state_year", "home")
    for region in j.REGIONS:
        s = slug(region)
        change_of(f"homes.state.region.{s}", "homes_state", "homes-state",
                  f"children’s homes in {_the(region)} judged good or better",
                  f"homes.state.region.{s}.then", f"homes.state.region.{s}.now", "state_year", "home")

    # Inspections in the period, against the same period a year earlier.
    change_of("homes.period.profile", "homes_period", "homes-period",
              "inspections judged good or better",
              "homes.comparison.oe.good_or_better", "homes.oe.good_or_better", "period", "inspection",
              kind="profile", before2_key="homes.comparison.oe.inadequate", after2_key="homes.oe.inadequate")
    for sector in SECTORS:
        s = slug(sector)
        change_of(f"homes.sector.{s}", "homes_period", "homes-sector",
                  f"inspections of {_RUN_BY[sector]} homes judged good or better",
                  f"homes.comparison.sector.{s}.good_or_better", f"homes.sector.{s}.good_or_better", "period",
                  "inspection")
    for region in j.REGIONS:
        s = slug(region)
        change_of(f"homes.region.{s}", "homes_period", "homes-regions",
                  f"inspections in {_the(region)} judged good or better",
                  f"homes.region.{s}.comparison.oe.good_or_better", f"homes.region.{s}.oe.good_or_better", "period",
                  "inspection")
    out.append(_areas(L))
    twice = _twice(L)
    if twice is not None:
        out.append(twice)
    return out


_RUN_BY = {"Local authority": "local authority-run", "Private": "privately-run", "Voluntary": "voluntary-run"}


def _the(region: str) -> str:
    from ..ledger import in_prose
    return in_prose(region)


def _revision(L, row) -> dict:
    """A revised figure as a key point names it: the figure as the last
    release published it and now, and the date it describes (a ledger
    figure, so the words trace to the ledger)."""
    key = row["key"]
    at, words = None, "for the same period a year earlier"
    if key.startswith("homes.state."):
        at, words = L[f"{key.rsplit('.', 1)[0]}.date"], "at "
    elif key.startswith("sif.previous."):
        at, words = L["sif.previous_date"], "at "
    return {"then": row["then_figure"], "now": row["now_figure"], "at": at, "words": words}


def _turned(ch: m.Change | None, prev, before_key: str, after_key: str) -> bool:
    """The change turns against the same measure's change in the previous
    release (a fall after a rise, a rise after a fall)."""
    if ch is None or ch.direction == "same" or prev is None or before_key not in prev or after_key not in prev:
        return False
    then = m.change(prev[before_key], prev[after_key])
    return then is not None and then.direction not in ("same", ch.direction)


def _news(name, domain, kind, section, what, keys, news="") -> Candidate:
    return Candidate(name, domain, kind, section, what, tuple(keys), score=round(NEWS_SCORE, 1), eligible=True,
                     news=news)


def _areas(L) -> Candidate:
    """The north, midlands and south in the period: eligible when one area
    leads the others clearly (``materiality.rank``)."""
    shares = {a: L[f"homes.area.{a}.good_or_better"] for a in ("north", "midlands", "south")}
    r = m.rank(shares)
    eligible = r.clear and not r.left_out and not r.empty
    lead = r.lead or 0
    base = min((s.base_value for s in shares.values()), default=0)
    return Candidate("homes.area", "homes_period", "gap", "homes-regions",
                     "The north, midlands and south: one area leads the others", tuple(
                         f"homes.area.{a}.good_or_better" for a in shares),
                     base=base, score=round(lead * math.sqrt(base), 1) if eligible else 0.0, eligible=eligible,
                     unit="inspection", extra={"top": r.top, "lead": lead})


def _twice(L) -> Candidate | None:
    """Homes inadequate at their first inspection in the period and
    re-inspected in it: news when there are at least FEW_TO_RANK of them."""
    base = L["homes.twice.first_inadequate"].value
    if not base:
        return None
    return Candidate("homes.twice.improved", "homes_period", "reinspection", "homes-period",
                     "Homes inadequate at their first inspection in the period that improved at re-inspection",
                     ("homes.twice.first_inadequate", "homes.twice.improved"), base=base,
                     score=round(NEWS_SCORE, 1) if base >= m.FEW_TO_RANK else 0.0,
                     eligible=base >= m.FEW_TO_RANK and L["homes.twice.first_all_inadequate"].value)


# --- the rule ------------------------------------------------------------------------

def choose(cands: list[Candidate], pin=(), drop=()) -> list[Candidate]:
    """The key points, in print order, by the rule of the module docstring.
    Marks every candidate with its rank, whether it was chosen, and why."""
    pin, drop = set(pin), set(drop)
    ranked = sorted(cands, key=lambda c: (-c.score, c.name))
    for i, c in enumerate(ranked, 1):
        c.rank = i
        c.pinned, c.dropped = c.name in pin, c.name in drop
        c.chosen = c.stable = False
    chosen: list[Candidate] = []
    leaders: dict[str, Candidate] = {}
    for c in ranked:
        if c.pinned and not c.dropped:
            c.chosen, c.reason = True, "pinned in release.toml"
            chosen.append(c)
    for domain, _ in DOMAINS:
        mine = [c for c in ranked if c.domain == domain and c.eligible and not c.dropped and c.kind in MOVEMENTS]
        if mine:
            lead = mine[0]
            leaders[domain] = lead
            if not lead.chosen:
                lead.chosen, lead.reason = True, "the largest material movement in its domain"
                chosen.append(lead)
            elif not lead.pinned:
                pass
    for domain, _ in DOMAINS:
        if any(c.domain == domain for c in chosen):
            continue
        head = next((c for c in cands if c.name == HEADLINE[domain]), None)
        if head is not None and not head.dropped and head.after is not None and head.after.base_value:
            head.chosen, head.stable = True, True
            head.reason = "no material change in its domain: said as stable"
            chosen.append(head)
    def told(c):
        """The chosen candidate that already tells ``c``'s news, if any."""
        return next((o for o in chosen if c.news and o.news == c.news and o is not c), None)

    for c in ranked:
        if len(chosen) >= CAP:
            break
        if c.eligible and not c.chosen and not c.dropped and told(c) is None:
            c.chosen, c.reason = True, f"among the {CAP} highest scores"
            chosen.append(c)
    for c in ranked:
        if c.chosen:
            continue
        if c.dropped:
            c.reason = "dropped in release.toml"
        elif c.eligible and told(c) is not None:
            c.reason = f"its news is told by {told(c).name}"
        elif not c.eligible:
            c.reason = _why_not(c)
        else:
            c.reason = f"eligible, but below the cap of {CAP}"
    return _in_print_order(chosen, leaders)


def _why_not(c: Candidate) -> str:
    if c.kind == "gap":
        return f"no area leads the others by {m.GAP_POINTS} points or more (on {m.FEW_TO_RANK} or more inspections each)"
    if c.kind == "reinspection" and c.domain == "la":
        return "no re-inspection since last reported changed an LA's overall effectiveness"
    if c.kind == "reinspection":
        return f"fewer than {m.FEW_TO_RANK} homes, or not every home inspected twice was inadequate at first"
    if c.change is None:
        return "nothing to compare with"
    if c.change.size == "none":
        return "no change"
    if min(c.change.bases) < m.FEW_TO_RANK:
        return f"a base below {m.FEW_TO_RANK}"
    return f"a change of {abs(c.change.points)} points, below {m.CHANGE_POINTS}: not material"


#: Within a domain, after its largest movement: other movements, then
#: differences between groups, then news.
KIND_ORDER = {"profile": 0, "change": 0, "gap": 1, "first": 2, "list": 2, "reinspection": 2}


def _in_print_order(chosen: list[Candidate], leaders: dict) -> list[Candidate]:
    """By domain; within one, its largest movement first, then the others
    in the order of their sections (and by score within a section)."""
    order = {d: i for i, (d, _) in enumerate(DOMAINS)}

    def key(c):
        lead = leaders.get(c.domain) is c
        return (order[c.domain], 0 if lead else 1, KIND_ORDER[c.kind], SECTIONS.index(c.section), -c.score, c.name)
    return sorted(chosen, key=key)


def broken(cands, chosen) -> list[str]:
    """Where the printed key points break the rule (for QA): a key point
    below materiality that was neither pinned nor a stable headline, a
    dropped candidate printed, a domain's largest material change left out
    without a drop, more than CAP chosen by score."""
    out = []
    for c in chosen:
        if not (c.eligible or c.pinned or c.stable):
            out.append(f"{c.name} is not material and was not pinned")
        if c.dropped:
            out.append(f"{c.name} was dropped but is printed")
    for domain, _ in DOMAINS:
        movements = [c for c in cands if c.domain == domain and c.kind in MOVEMENTS and c.eligible
                     and not c.dropped]
        if movements and sorted(movements, key=lambda c: (-c.score, c.name))[0] not in chosen:
            out.append(f"the largest material movement of {domain} is not a key point")
    by_score = [c for c in chosen if not (c.pinned or c.stable) and c.reason.startswith("among")]
    if by_score and len(chosen) > CAP:
        out.append(f"{len(chosen)} key points, more than {CAP}, with some chosen by score")
    return out


def overruled(cands, chosen, by_rule: list[str], pin, drop) -> list[str]:
    """What release.toml's pins and drops changed, one line each, for the
    QA report: what the rule alone would have chosen and why."""
    found = {c.name: c for c in cands}
    lines = []
    for name in pin:
        c = found.get(name)
        if c is None:
            lines.append(f"pinned {name}: not a candidate in this release's data, so not shown")
        elif name in by_rule:
            lines.append(f"pinned {name}: the rule chose it anyway")
        else:
            lines.append(f"pinned {name}: shown; the rule would have left it out ({_why_not(c) if not c.eligible else 'below the cap'})")
    for name in drop:
        c = found.get(name)
        if c is None:
            lines.append(f"dropped {name}: not a candidate in this release's data")
        elif name in by_rule:
            lines.append(f"dropped {name}: left out; the rule would have chosen it (score {c.score})")
        else:
            lines.append(f"dropped {name}: the rule left it out anyway")
    now = [c.name for c in chosen]
    if now != by_rule:
        lines.append(f"the rule alone would have chosen: {', '.join(by_rule) or 'none'}")
    lines.append(f"key points printed: {', '.join(now) or 'none'}")
    return lines
