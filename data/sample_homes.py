"""Synthetic record-level children's homes data for the 2016-09 release.

Ofsted's records of children's homes cannot be fetched, so this module
builds a SYNTHETIC sample whose statistics, computed by the project's own
code (``release/figures/homes.py``), equal every children's homes figure
of the published release "Local authority and children's homes in England
inspection outcomes" (30 September 2016 data, published 15 December 2016).
The figures are listed, with their sentences, in
``tests/published/homes_figures.csv``; the choices the text forced are in
``data/sample/homes.md``. Homes, providers and URNs are invented; the LAs
and regions are real (``data/sample/la_reference_2016.csv``).

How it works
------------

1. **Stories.** A home's past matters to the figures only through a few
   facts, so homes are counted by kind rather than made one by one:

   - its :class:`History` before the period: whether and how it was judged
     in the comparison period (1 April - 30 September 2015), its judgement
     at 30 September 2015 (state of the nation a year ago) and at 31 March
     2016 as published by 30 April 2016, its last judgement before the
     period ("previous judgement"), whether that report was published late
     (the 45 full inspections of the 2015-16 revision), and whether it
     closed before the period (56 kinds);
   - its :class:`Outcome` in the period, given its previous judgement: no
     full inspection, one (a grade or Not judged), or two (the first
     inadequate), and whether it closed in the period (52 kinds).

2. **Counts of homes** (:func:`solve`): three small integer programs
   (``scipy.optimize.milp``), solved in turn. Every figure the text states
   is an equation or a pair of inequalities: p% (rounded half up) of a
   count over a base is ``(2p-1)*base <= 200*count <= (2p+1)*base - 1``,
   linear in both. Each ``constrain_*`` method cites its sentences. Where
   the text names only the highest or lowest region, the other regions get
   ranges of percentages that keep that order whatever values they take
   (the ranges are listed in ``data/sample/homes.md``).

   - :class:`PeriodProgram`: homes by region and outcome. The period's
     inspections (England, areas, regions, inspected twice), the change
     since the last inspection (each home's first inspection in the period
     against its previous judgement, as the release's footnote says; new
     homes over all their inspections), homes kept good or improved by
     region, the share of homes inspected, the state of the nation now;
     and, in aggregate, the sector figures, so that stage 3 can meet them.
   - :class:`HistoryProgram`: homes by region and history, as many of each
     previous judgement in each region as stage 1 has. The comparison
     period (England, regions, sectors in aggregate), the state of the
     nation at 30 September 2015 and 31 March 2016, the late reports.
   - :class:`SectorProgram`: the sector of the homes of every stage 1 and
     stage 2 cell, with equal numbers of each sector and previous judgement
     on both sides in each region. Sector profiles now and a year earlier,
     LA against private and voluntary homes by region, health authority
     homes, the private homes inadequate twice.

   Each program also has ``constrain_plausible``: bands (ours, listed
   under "Plausibility" below and in ``data/sample/homes.md``) on what the
   text leaves free, so that the charts look like real data: outstanding
   judgements spread over regions and sectors, some homes improving to
   outstanding, England's outstanding share of homes changing smoothly.

   One program over all of it was slower (a minute before the plausibility
   bands); the stages take a few seconds each. The objectives only make the
   answer plausible (most homes keep their grade; few close; regional sizes
   near England's), and stop within a fixed gap, never a time limit, so the
   answer does not depend on the machine. How long the solver searches for
   its first solution depends on the exact constants (with others, a stage
   has taken 5 to 100 seconds), so time a run after changing one.

3. **Records** (:func:`build`). Within each region and sector, outcomes and
   histories with the same previous judgement are paired at random into
   homes (:func:`pair`). A seeded ``numpy`` generator then picks each
   home's LA within its region, its provider, its sub type (which only the
   in-period counts constrain, so it is chosen here), its URN and every
   date inside the windows its story requires. Interim inspections,
   monitoring and emergency visits, and the late-published events of the
   2015-16 revision (release.toml ``[revisions]``), are added last: no
   figure but the interim counts depends on them.

``python data/sample_homes.py [FOLDER]`` writes ``childrens_homes.csv``
and ``homes_inspections.csv`` into FOLDER (default ``data/2016-09``).
Running it twice gives byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from release.inputs import judgements as j  # noqa: E402

REFERENCE = HERE / "sample" / "la_reference_2016.csv"
RELEASE = HERE / "2016-09"
SEED = 20160930
#: The objective only makes the answer plausible: every published figure is
#: a hard constraint. Stop within 2% of the best objective (no time limit,
#: so the answer does not depend on the speed of the machine).
GAP = 0.02

O, G, RI, I, NJ = j.OUTSTANDING, j.GOOD, j.REQUIRES_IMPROVEMENT, j.INADEQUATE, j.NOT_JUDGED
GRADES = j.GRADES
GOB = j.GOOD_OR_BETTER
LA, PRIVATE, VOLUNTARY, HEALTH = j.SECTORS
SECTORS = j.SECTORS
REGIONS = j.REGIONS
NE, NW, YH, EM, WM, EE, LON, SE, SW = REGIONS

#: Full inspections in the period: none, one, or two (the first inadequate:
#: "Fifty-four homes had two full inspections in the six months, all of
#: which were judged to be inadequate at their first inspection").
#: "16 improving to good": no second inspection was outstanding.
OUTCOMES = ((), (O,), (G,), (RI,), (I,), (NJ,), (I, G), (I, RI), (I, I))


# ==========================================================================
# The published figures (sentences in tests/published/homes_figures.csv)
# ==========================================================================

N_NOW = 1196            # "there were 1,196 inspections of children's homes"
N_THEN = 1053           # "the equivalent period in 2015, when 1,053 inspections took place"
GOOD_NOW, GOOD_THEN = 73, 71   # "from 71% in the equivalent period in 2015, to 73% in 2016"
INAD_NOW, INAD_THEN = 110, 67  # "from 6% (67 homes) in 2015 to 9% (110 homes) in 2016"

#: "Inspections in the north resulted in 81% good or better judgements.
#: The midlands had 72% and the south 66%."
AREA_GOOD = {"north": 81, "midlands": 72, "south": 66}

#: Homes inspected twice: "Of the 54 homes judged inadequate, just under
#: three quarters (39 homes) improved, 16 of which improved to good"; "A
#: little over a quarter (15 homes) remained inadequate ...; by 30
#: September, three of these had resigned their registration"; private
#: homes "accounted for ... (80%, 12 of 15 homes)".
TWICE = {(I, G): 16, (I, RI): 23, (I, I): 15}
TWICE_RESIGNED = 3
TWICE_PRIVATE = 12

#: Change since the last inspection: "1,050 were of homes that had been
#: previously inspected"; "stayed the same was 56%, with 22% having improved
#: and the same percentage having declined"; "Almost all homes judged
#: inadequate (99%) declined to this grade"; "Of the 458 inspections which
#: resulted in a change ..., the majority (88%, 403) changed by only one
#: grade. One home changed by three grades from outstanding to inadequate";
#: "For newly registered, or re-registered, homes, 69% of inspections
#: resulted in good or better judgements". Footnote: "If a home was
#: inspected twice in the current period, their first inspection is the one
#: included in any comparison data": each home is compared at its first
#: in-period inspection only (data/README.md), while the new homes' 69% is
#: of all their inspections.
COMPARED, CHANGED, ONE_GRADE = 1050, 458, 403
STAYED, IMPROVED, DECLINED = 56, 22, 22
INAD_DECLINED = 99
NEW_GOOD = 69
#: Where the 54 homes inspected twice come from (ours; the text does not
#: say). 1,196 inspections = 1,050 compared first inspections + 54 second
#: inspections + 92 first inspections of new homes (no previously judged
#: home has a Not judged inspection), so 1,142 homes were inspected, 92 of
#: them new, whatever the split. TWICE_NEW of the 54 are new homes: their
#: 92 + TWICE_NEW inspections are 69% good or better, and the other 47
#: homes' first inspections are 47 of the compared declines to inadequate.
#: We take the share of first inspections judged inadequate that led to a
#: second inspection to be about the same for new and for previously judged
#: homes (54 of the 95 first inadequate inspections, 57%): the sample has 7
#: of 13 new and 47 of 82 previously judged. (All 54 previously judged is
#: impossible: no count of 92 inspections rounds to 69%, 63 being 68% and
#: 64 being 70%.)
TWICE_NEW = 7

#: "Local authority-run homes ... 76% ... (72% of private homes judged good
#: or better, 75% of voluntary)"; "Privately-run homes were least likely to
#: be judged outstanding (10%), compared to 17% of LA-run and 18% of
#: voluntary-run homes. Private homes were also most likely to be judged
#: inadequate (10%)". Health authority homes (footnote): "three inspections,
#: two good judgements and one requires improvement to be good".
#: Ranges (lo, hi) are our choices where the text gives only an order:
#: LA and voluntary inadequate below private's 10%.
SECTOR_NOW = {
    LA: {"good_or_better": 76, O: 17, I: (5, 8)},
    PRIVATE: {"good_or_better": 72, O: 10, I: 10},
    VOLUNTARY: {"good_or_better": 75, O: 18, I: (4, 7)},
}
HEALTH_NOW = {O: 0, G: 2, RI: 1, I: 0, NJ: 0}
#: "the proportion of LA-run homes judged good or better increased by four
#: percentage points (from 72% to 76%); ... voluntary-run homes judged
#: outstanding ... (from 14% to 18%); ... privately-run homes judged
#: inadequate ... (from 6% to 10%)". These are the only changes of four
#: points or more (the list is "In particular"; we keep the other six
#: measures within three points).
SECTOR_THEN = {
    LA: {"good_or_better": 72, O: (14, 20), I: (5, 8)},
    PRIVATE: {"good_or_better": (69, 75), O: (7, 13), I: 6},
    VOLUNTARY: {"good_or_better": (72, 78), O: 14, I: (4, 7)},
}

#: Regions, inspections in the period and a year earlier, good or better:
#: "The North East had the highest ... at 88%. This was a very small
#: increase from 87% ... The South West had the lowest ... at 52%, a slight
#: decline from 54% in 2015"; "In the South East, this was an increase from
#: 71% to 79%; in Yorkshire and The Humber from 70% to 78%" (the biggest
#: increases: the others rise by at most 7 points here).
REGION_GOOD = {  # region: (now, then)
    NE: (88, 87), SW: (52, 54), SE: (79, 71), YH: (78, 70),
    NW: ((78, 83), (76, 82)), EM: ((70, 76), (69, 75)), WM: ((68, 75), (68, 73)),
    EE: ((63, 69), (62, 68)), LON: ((60, 67), (61, 67)),
}
#: "The South West and London had the largest proportions of inadequate
#: inspections in the period, 20% and 16% respectively."
REGION_INADEQUATE = {SW: 20, LON: 16}
OTHER_INADEQUATE = (4, 14)

#: "In London 93% of the inspections of LA homes resulted in good or better
#: judgements, compared to 61% of private and voluntary homes, albeit with a
#: very small number of homes. Similarly in the East of England ... 76% ...
#: compared to 64%". "two regions where there was more than a ten
#: percentage point gap": elsewhere both lie in one ten-point band (ours).
SECTOR_GAPS = {LON: (93, 61), EE: (76, 64)}
SAME_BAND = {NE: 83, NW: 76, YH: 73, EM: 68, WM: 66, SE: 74, SW: 47}

#: "around 54% of homes across England having been inspected, ranging from
#: 43% of homes in Yorkshire and The Humber to 66% of those in the East
#: Midlands."
INSPECTED = 54
REGION_INSPECTED = {YH: 43, EM: 66}
OTHER_INSPECTED = (44, 65)

#: "with 81% remaining at good or better across England. The South West saw
#: the lowest ... (71%, 44 homes out of 62). The North East saw the highest
#: ... (90%, 53 homes of 59)."; "this was lower at 60%. The North East saw
#: the biggest improvement ..., with 82% of their homes improving, though
#: this only represented nine homes. The South West saw the lowest
#: improvement at 39% (15 of 38 homes), and was the only region where less
#: than half ... improved."
KEPT, KEPT_REGION, OTHER_KEPT = 81, {SW: (44, 62), NE: (53, 59)}, (72, 89)
UP, UP_REGION, OTHER_UP = 60, {NE: (9, 11), SW: (15, 38)}, (50, 81)

#: State of the nation: "At 30 September 2016, 81% of homes were judged good
#: or better. This is an increase from 79% at 31 March 2016 and 75% at 30
#: September 2015."; "Only 3% (55) of homes were judged to be inadequate".
STATE_GOOD = {"now": 81, "before": 79, "year_ago": 75}
STATE_INADEQUATE = 55
#: "The South West, despite having the lowest ... (67%), saw the biggest
#: improvement from 2015, by ten percentage points. The East Midlands saw
#: the smallest improvement, of only one percentage point (from 81% to
#: 82%)."; "The North East had the highest ... (91%), up from 82% in 2015.
#: Yorkshire and the Humber had the second highest at 88%, after having the
#: highest in 2015." Yorkshire's 2015 share (85%) and the other regions'
#: ranges are our choices keeping that order (homes.md).
STATE_REGION = {  # region: (now, a year earlier)
    SW: (67, 57), EM: (82, 81), NE: (91, 82), YH: (88, 85),
    NW: ((80, 85), (77, 78)), WM: ((78, 83), (74, 76)), EE: ((74, 79), (70, 72)),
    LON: ((72, 77), (68, 70)), SE: ((78, 83), (74, 76)),
}

#: Not published, ours: the share of each region's homes inspected in the
#: period that were below good before it, and the number of inspections in
#: the comparison period per home registered in the period.
RI_SHARE = (0.17, 0.35)
COMPARISON_RATE = (0.40, 0.62)

# --------------------------------------------------------------------------
# Plausibility (ours): what the text leaves free. Every published figure
# holds whatever these are; without them the linear objectives pile all of
# England's outstanding judgements into one or two regions (the North East
# had 72% outstanding inspections, three regions none), let no home improve
# to outstanding and none stay requires improvement to be good. Bands are
# fractions of a base; data/sample/homes.md lists them with what they give.
# --------------------------------------------------------------------------

#: Outstanding share of each region's judged inspections, in the period and
#: in the comparison period (England: 11% and, as the release shows, 8%).
OUTSTANDING_PERIOD = (0.065, 0.175)
OUTSTANDING_THEN = (0.075, 0.085)
#: Outstanding share of the homes counted at 30 September 2016 (England);
#: of the homes judged before the period (England: about the share at 31
#: March 2016); in each region at each of the three dates.
OUTSTANDING_STATE = (0.12, 0.125)
PREVIOUS_OUTSTANDING_ENGLAND = (0.11, 0.117)
OUTSTANDING_STATE_REGION = (0.065, 0.22)
#: England's share at 30 September 2015 and at 31 March 2016, from its
#: share at 30 September 2016 (rising a little, as good or better did:
#: 75%, 79%, 81%; so no step of more than two points).
OUTSTANDING_STATE_BEFORE = ((-0.015, -0.005), (-0.015, 0.002))
#: Homes previously outstanding, of each region's previously judged homes.
PREVIOUS_OUTSTANDING = (0.07, 0.18)
#: Each region's outstanding shares lie within NEAR of a target: England's
#: share times the region's good or better share over England's (so the
#: North East has more than the South West). In stage 2 a soft term
#: instead: PULL per home away from the target.
NEAR = 0.035
PULL = 0.2
#: Chart 12 (each home's first inspection in the period): of the compared
#: inspections judged outstanding, those that improved to it; of the homes
#: previously outstanding, those that stayed so; likewise of homes
#: previously requires improvement to be good.
IMPROVED_TO_OUTSTANDING = (0.33, 0.45)
STAYED_OUTSTANDING = (0.45, 0.70)
STAYED_RI = (0.25, 0.45)
#: Of the homes previously inadequate, those judged requires improvement to
#: be good at their first inspection in the period (an improvement that
#: the 60% "improved to good or outstanding" does not count).
INADEQUATE_TO_RI = (0.30, 0.65)
#: New homes' judged inspections: some outstanding, some requires
#: improvement to be good, and no more inadequate than requires improvement
#: (without these, no new home was requires improvement to be good at its
#: first inspection and 23% of their inspections were inadequate); of their
#: first inspections judged inadequate, about as many lead to a second
#: inspection as for previously judged homes.
NEW_OUTSTANDING, NEW_RI, NEW_REINSPECTED = (0.02, 0.10), (0.12, 0.30), (0.45, 0.75)
#: The other grades and kinds of home spread over the regions likewise:
#: requires improvement to be good as a share of each region's judged
#: inspections in the period and in the comparison period, inadequate in
#: the comparison period (and in each region no more inadequate than
#: requires improvement to be good, in both periods); each region's
#: inspections of new homes (of its inspections), homes inspected twice (of
#: its inadequate inspections), homes closed in the period (of its homes),
#: homes inadequate at each state date (of those counted), and previously
#: inadequate homes (of the previously below good homes it inspected).
RI_PERIOD, RI_THEN, INADEQUATE_THEN = (0.08, 0.32), (0.10, 0.36), (0.02, 0.14)
NEW_INSPECTIONS, TWICE_OF_INADEQUATE, CLOSED_IN_PERIOD = (0.04, 0.20), (0.20, 0.60), (0.005, 0.035)
INADEQUATE_STATE_REGION = (0.0, 0.07)
INADEQUATE_OF_LOW = (0.05, 0.45)
#: Within a region, a sector's outstanding (and inadequate) judgements are
#: (1 ± w) times the expected number, give or take a: the sector's share in
#: England times the region's rate over England's. Each region's judged
#: inspections, in both periods, have the sector mix of its homes.
SECTOR_SPREAD = (0.2, 1.5)

#: "there were 169 interim inspections of children's homes, 141 of which
#: resulted in a judgement." The split of the 141 is not published (ours).
INTERIM = {j.IMPROVED_EFFECTIVENESS: 33, j.SUSTAINED_EFFECTIVENESS: 93, j.DECLINED_EFFECTIVENESS: 15, NJ: 28}
#: How likely each interim outcome is given the home's last judgement (ours:
#: an outstanding home can hardly improve, an inadequate one hardly decline).
INTERIM_LIKELY = {
    O: (0.0, 0.85, 0.15), G: (0.2, 0.7, 0.1), RI: (0.55, 0.35, 0.1), I: (0.65, 0.35, 0.0),
}

#: Regional sizes: homes registered at some time in the period. Not
#: published; roughly England's pattern in 2016 (our estimate). A soft
#: target only.
ACTIVE_TARGET = {NE: 125, NW: 470, YH: 205, EM: 200, WM: 355, EE: 150, LON: 135, SE: 265, SW: 210}


# ==========================================================================
# Stories: what happened to a home, as far as the figures can tell
# ==========================================================================

@dataclass(frozen=True)
class History:
    """A home's full inspections before the period.

    Families:

    - ``C``: a full inspection in the comparison period (graded ``c``), none
      after it before the period; usually an older one (2014-15) too.
    - ``CD``: inspected in the comparison period (``c``: requires improvement
      or inadequate) and re-inspected October 2015 - March 2016 (``d``).
    - ``D``: inspected in 2014-15 (``e``: outstanding, good, or "low" where
      only being below good matters) and October 2015 - March 2016
      (``d``); ``rev``: that report was published after 30 April 2016, so it
      is one of the 45 full inspections of the 2015-16 revision.
    - ``Dnew``: registered October - December 2015, first inspected by March
      2016 (``d``, perhaps published late: ``rev``).
    - ``CNJ``: inspected in 2014-15 (``e``), then a comparison-period
      inspection with no judgement (no children present).
    - ``new``: no judgement before the period (newly registered or
      re-registered homes).
    - ``pre_C``/``pre_E``: as ``C``/``D`` up to September 2015, but closed
      between October 2015 and March 2016.
    """

    family: str
    e: str | None = None    # 2014-15 grade, or "low" (below good) where only that matters
    c: str | None = None    # comparison period grade or Not judged
    d: str | None = None    # October 2015 - March 2016 grade
    rev: bool = False

    @property
    def previous(self) -> str | None:
        """Latest judged full inspection before the period."""
        for g in (self.d, self.c, self.e):
            if g in GRADES:
                return g
        return None

    @property
    def closed_before(self) -> bool:
        """Closed before the period (so not in it at all)."""
        return self.family.startswith("pre_")

    @property
    def grade_2015(self) -> str | None:
        """Latest judgement at 30 September 2015 (None: not counted)."""
        if self.family in ("Dnew", "new"):
            return None
        return self.c if self.c in GRADES else self.e

    @property
    def grade_2016_03(self) -> str | None:
        """Latest judgement at 31 March 2016, as published by 30 April 2016."""
        if self.closed_before or self.family == "new":
            return None
        if self.d in GRADES and not self.rev:
            return self.d
        if self.family == "Dnew":
            return None
        return self.grade_2015

    @property
    def state_2015(self) -> bool | None:
        """Good or better at 30 September 2015 (None: not counted)."""
        return None if self.grade_2015 is None else _good(self.grade_2015)

    @property
    def state_2016_03(self) -> bool | None:
        """Good or better at 31 March 2016, as published by 30 April 2016."""
        return None if self.grade_2016_03 is None else _good(self.grade_2016_03)

    @property
    def cost(self) -> float:
        """Minus the log-likelihood, roughly (for the objective only)."""
        total = FAMILY_COST[self.family] + (1.0 if self.rev else 0.0)
        if self.family == "D" and _good(self.e) != _good(self.d):
            total += 1.0
        elif self.family == "D" and self.e != self.d:
            total += 0.5
        if self.family in ("D", "pre_E") and self.e == O:
            total += 1.0
        if self.family == "CD":
            total += -math.log(NEXT[self.c][self.d])
        return total


@dataclass(frozen=True)
class Outcome:
    """A home's full inspections in the period, given its previous
    judgement, and whether it closed in the period (after them)."""

    previous: str | None
    out: tuple = ()
    closed: bool = False

    @property
    def state_now(self) -> str | None:
        """Grade at 30 September 2016 (None: closed or never judged)."""
        if self.closed:
            return None
        judged = [g for g in self.out if g in GRADES]
        return judged[-1] if judged else self.previous

    @property
    def cost(self) -> float:
        total = 2.5 if self.closed else 0.0
        if not self.out:
            total += 0.7
        last = self.previous
        for g in self.out:
            total += -math.log(NEXT[last].get(g, .05))
            last = g if g in GRADES else last
        return total


@dataclass(frozen=True)
class Story:
    """A home's history and outcome together, for making its records."""

    family: str
    e: str | None = None
    c: str | None = None
    d: str | None = None
    rev: bool = False
    out: tuple = ()
    close: str | None = None   # "pre" (October 2015 - March 2016), "in" (in the period)

    @classmethod
    def of(cls, h: History, o: Outcome | None) -> "Story":
        if o is None:
            return cls(h.family, h.e, h.c, h.d, h.rev, (), "pre")
        return cls(h.family, h.e, h.c, h.d, h.rev, o.out, "in" if o.closed else None)

    @property
    def history(self) -> History:
        return History(self.family, self.e, self.c, self.d, self.rev)

    @property
    def previous(self) -> str | None:
        return self.history.previous


def _good(grade) -> bool:
    return grade in GOB


def histories() -> list[History]:
    out = [History("C", c=c) for c in GRADES]
    out += [History("CD", c=c, d=d) for c in (RI, I) for d in GRADES]
    out += [History("D", e=e, d=d, rev=rev) for e in (O, G, "low") for d in GRADES for rev in (False, True)]
    out += [History("Dnew", d=d, rev=rev) for d in GRADES for rev in (False, True)]
    out += [History("CNJ", e=e, c=NJ) for e in GRADES]
    out += [History("new")]
    out += [History("pre_C", c=c) for c in GRADES]
    out += [History("pre_E", e=e) for e in (O, G, "low")]
    return out


def outcomes() -> list[Outcome]:
    out = []
    for p in GRADES + (None,):
        for o in OUTCOMES:
            if p is not None and NJ in o:
                continue    # a Not judged inspection of a judged home has no direction of change
            if p == I and len(o) == 2:
                continue    # its first inspection would "stay the same" at inadequate: only one such (99%)
            out.append(Outcome(p, o))
            if o in ((), (I,), (I, I)):
                out.append(Outcome(p, o, closed=True))
    return out


#: Likelihood of the grade of a home's next inspection given its last one
#: (our assumption, for the objective only).
NEXT = {
    O: {O: .45, G: .42, RI: .10, I: .03},
    G: {O: .08, G: .62, RI: .24, I: .06},
    RI: {O: .02, G: .45, RI: .40, I: .13},
    I: {O: .01, G: .35, RI: .55, I: .09},
    None: {O: .08, G: .55, RI: .22, I: .10, NJ: .05},
}
FAMILY_COST = {"C": 0.0, "D": 0.0, "CD": 1.0, "Dnew": 1.5, "CNJ": 2.5, "new": 0.0, "pre_C": 2.0, "pre_E": 2.0}


# ==========================================================================
# A small modelling layer over scipy.optimize.milp
# ==========================================================================

class Expr:
    """A linear expression: {variable index: coefficient} plus a constant."""

    __slots__ = ("terms", "const")

    def __init__(self, terms=None, const=0.0):
        self.terms = dict(terms or {})
        self.const = float(const)

    def __add__(self, other):
        out = Expr(self.terms, self.const)
        if isinstance(other, Expr):
            for k, v in other.terms.items():
                out.terms[k] = out.terms.get(k, 0.0) + v
            out.const += other.const
        else:
            out.const += other
        return out

    __radd__ = __add__

    def __neg__(self):
        return Expr({k: -v for k, v in self.terms.items()}, -self.const)

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __mul__(self, k):
        return Expr({i: v * k for i, v in self.terms.items()}, self.const * k)

    __rmul__ = __mul__


def total(terms) -> Expr:
    """Sum of (coefficient, variable) pairs or expressions, quickly."""
    out = Expr()
    for t in terms:
        if isinstance(t, Expr):
            out = out + t
        else:
            k, var = t
            if k:
                for i, v in var.terms.items():
                    out.terms[i] = out.terms.get(i, 0.0) + k * v
    return out


@dataclass
class Model:
    """Variables, linear constraints and a linear objective to minimise."""

    lb: list = field(default_factory=list)
    ub: list = field(default_factory=list)
    integer: list = field(default_factory=list)
    cost: list = field(default_factory=list)
    rows: list = field(default_factory=list)

    def var(self, ub=np.inf, cost=0.0, integer=True) -> Expr:
        self.lb.append(0.0)
        self.ub.append(ub)
        self.integer.append(1 if integer else 0)
        self.cost.append(cost)
        return Expr({len(self.lb) - 1: 1.0})

    def add(self, expr: Expr, lo=-np.inf, hi=np.inf) -> None:
        self.rows.append((expr.terms, lo - expr.const, hi - expr.const))

    def eq(self, expr, value):
        self.add(expr, value, value)

    def between(self, expr, lo, hi):
        self.add(expr, lo, hi)

    def share(self, count: Expr, base: Expr, pct) -> None:
        """``count`` is ``pct``% of ``base`` once rounded half up; ``pct``
        may be a range (lo, hi) of whole percentages."""
        lo, hi = pct if isinstance(pct, tuple) else (pct, pct)
        self.add(count * 200 - base * (2 * lo - 1), lo=0)
        self.add(count * 200 - base * (2 * hi + 1), hi=-1)

    def absolute(self, expr: Expr, weight: float) -> None:
        """Add weight * |expr| to the objective."""
        d = self.var(cost=weight, integer=False)
        self.add(d - expr, lo=0)
        self.add(d + expr, lo=0)

    def solve(self, what: str) -> np.ndarray:
        n = len(self.lb)
        data, rows, cols, lo, hi = [], [], [], [], []
        for r, (terms, low, high) in enumerate(self.rows):
            for k, v in terms.items():
                rows.append(r)
                cols.append(k)
                data.append(v)
            lo.append(low)
            hi.append(high)
        matrix = csr_array((data, (rows, cols)), shape=(len(self.rows), n))
        result = milp(np.array(self.cost), integrality=np.array(self.integer), bounds=Bounds(self.lb, self.ub),
                      constraints=LinearConstraint(matrix, lo, hi), options={"mip_rel_gap": GAP})
        if result.x is None or result.status != 0:
            raise RuntimeError(f"children's homes sample, {what}: no solution ({result.message})")
        return np.round(result.x)



# ==========================================================================
# The integer programs
# ==========================================================================
#
# One program over regions x stories x sectors is correct but slow (about a
# minute). Its constraints fall into three groups that share little, so it
# is solved in three stages, each small:
#
# 1. PeriodProgram: homes by region, previous judgement and what happened
#    in the period. Every figure about the period, the change since the
#    last inspection, the share of homes inspected and the state of the
#    nation now.
# 2. HistoryProgram: homes by region and history before the period, with
#    as many homes of each previous judgement in each region as stage 1
#    chose. The comparison period and the states of the nation at 30
#    September 2015 and 31 March 2016; the 45 late full inspections.
# 3. SectorProgram: the sector of the homes of each cell of stages 1 and 2,
#    with as many homes of each sector and previous judgement in each region
#    on both sides, so that histories and outcomes pair up home by home.
#    The sector figures, now and a year earlier.


class PeriodProgram:
    """Stage 1: x[region, outcome] = number of homes."""

    def __init__(self):
        self.m = Model()
        self.outcomes = outcomes()
        self.x = {(r, o): self.m.var(ub=600, cost=o.cost) for r in REGIONS for o in self.outcomes}

    def homes(self, fn, regions=REGIONS) -> Expr:
        """Sum over homes of fn(outcome) (a number per home)."""
        return total((fn(o), self.x[r, o]) for r in regions for o in self.outcomes)

    def constrain_period(self):
        """Inspections in the period: England, areas, regions."""
        m = self.m
        insp = lambda regs=REGIONS: self.homes(lambda o: len(o.out), regs)  # noqa: E731
        grade = lambda gs, regs=REGIONS: self.homes(lambda o: sum(g in gs for g in o.out), regs)  # noqa: E731
        m.eq(insp(), N_NOW)
        m.share(grade(GOB), insp(), GOOD_NOW)
        m.eq(grade({I}), INAD_NOW)
        m.between(grade({NJ}), 4, 15)   # not published: a few homes had no children present
        for area, pct in AREA_GOOD.items():
            regs = [r for r in REGIONS if j.AREAS[r] == area]
            m.share(grade(GOB, regs), insp(regs), pct)
        for r in REGIONS:
            m.share(grade(GOB, [r]), insp([r]), REGION_GOOD[r][0])
            m.share(grade({I}, [r]), insp([r]), REGION_INADEQUATE.get(r, OTHER_INADEQUATE))
            # Each region has homes run by LAs and by others (stage 3).
            m.add(insp([r]), lo=40)

    def constrain_sector_totals(self):
        """Stage 3 chooses each home's sector; here, so that it can, the
        inspections of each region are split by sector and grade (z) to meet
        the sector figures in total: England's sector profiles, health
        authority homes, and LA against private and voluntary by region."""
        m = self.m
        z = self.z = {(r, sec, g): m.var(ub=600) for r in REGIONS for sec in SECTORS for g in GRADES + (NJ,)}
        for r in REGIONS:
            for g in GRADES + (NJ,):
                m.eq(total((1, z[r, sec, g]) for sec in SECTORS) - self.homes(lambda o: o.out.count(g), [r]), 0)
        count = lambda gs, secs, regs=REGIONS: total((1, z[r, s, g]) for r in regs for s in secs for g in gs)  # noqa: E731
        allg = GRADES + (NJ,)
        for sec, measures in SECTOR_NOW.items():
            for measure, pct in measures.items():
                gs = GOB if measure == "good_or_better" else {measure}
                m.share(count(gs, [sec]), count(allg, [sec]), pct)
        for g, n in HEALTH_NOW.items():
            m.eq(count([g], [HEALTH]), n)
        for r in REGIONS:
            la_pct, pv_pct = _gap_bands(r)
            m.share(count(GOB, [LA], [r]), count(allg, [LA], [r]), la_pct)
            m.share(count(GOB, [PRIVATE, VOLUNTARY], [r]), count(allg, [PRIVATE, VOLUNTARY], [r]), pv_pct)
            m.between(count(allg, [LA], [r]), *_la_inspections(r))
            _sector_mix(m, count(allg, SECTORS, [r]), count(allg, [LA], [r]), count(allg, [VOLUNTARY], [r]))

    def constrain_twice(self):
        """Homes inspected twice in the period (all inadequate first)."""
        for out, n in TWICE.items():
            self.m.eq(self.homes(lambda o: o.out == out), n)
        self.m.eq(self.homes(lambda o: o.out == (I, I) and o.closed), TWICE_RESIGNED)
        self.m.add(self.homes(lambda o: o.out == (I, I) and not o.closed), lo=TWICE_PRIVATE - TWICE_RESIGNED)
        # Not published: some homes closed in the period (ours, about 2%).
        self.m.between(self.homes(lambda o: o.closed), 30, 60)

    def constrain_change(self):
        """Each home's first inspection in the period against its previous
        judgement ("their first inspection is the one included in any
        comparison data"); the new homes' share over all their inspections."""
        m = self.m

        def cells(pred):
            return self.homes(lambda o: int(bool(o.previous and o.out) and pred(o.previous, o.out[0])))

        moved = lambda p, g: j.RANK[p] - j.RANK[g]  # noqa: E731
        compared = cells(lambda p, g: True)
        m.eq(compared, COMPARED)
        m.eq(cells(lambda p, g: moved(p, g) != 0), CHANGED)
        m.share(cells(lambda p, g: moved(p, g) == 0), compared, STAYED)
        m.share(cells(lambda p, g: moved(p, g) > 0), compared, IMPROVED)
        m.share(cells(lambda p, g: moved(p, g) < 0), compared, DECLINED)
        m.eq(cells(lambda p, g: abs(moved(p, g)) == 1), ONE_GRADE)
        m.eq(cells(lambda p, g: moved(p, g) == -3), 1)   # "One home changed by three grades from outstanding to inadequate"
        m.eq(cells(lambda p, g: moved(p, g) == 3), 0)
        inad = cells(lambda p, g: g == I)
        m.share(cells(lambda p, g: g == I and moved(p, g) < 0), inad, INAD_DECLINED)
        new = self.homes(lambda o: len(o.out) if o.previous is None else 0)
        m.share(self.homes(lambda o: sum(g in GOB for g in o.out) if o.previous is None else 0), new, NEW_GOOD)
        # Ours: how many of the homes inspected twice are new (TWICE_NEW).
        m.eq(self.homes(lambda o: o.previous is None and len(o.out) == 2), TWICE_NEW)

    def constrain_first_inspections(self):
        """Homes good or better before the period that stayed so, and homes
        below good that improved, at their first inspection in the period."""
        m = self.m

        def kept(regs):
            return (self.homes(lambda o: bool(o.out) and o.previous in GOB and o.out[0] in GOB, regs),
                    self.homes(lambda o: bool(o.out) and o.previous in GOB, regs))

        def up(regs):
            return (self.homes(lambda o: bool(o.out) and o.previous in (RI, I) and o.out[0] in GOB, regs),
                    self.homes(lambda o: bool(o.out) and o.previous in (RI, I), regs))

        m.share(*kept(REGIONS), KEPT)
        m.share(*up(REGIONS), UP)
        for r in REGIONS:
            count, base = kept([r])
            if r in KEPT_REGION:
                m.eq(count, KEPT_REGION[r][0])
                m.eq(base, KEPT_REGION[r][1])
            else:
                m.share(count, base, OTHER_KEPT)
            count, base = up([r])
            if r in UP_REGION:
                m.eq(count, UP_REGION[r][0])
                m.eq(base, UP_REGION[r][1])
            else:
                m.share(count, base, OTHER_UP)
                m.add(count * 2 - base, lo=0)    # at least half: "the only region where less than half"
                # Not published: a plausible share of the region's homes
                # below good before the period (ours; England about a quarter).
                all_ = base + kept([r])[1]
                m.add(base - all_ * RI_SHARE[0], lo=0)
                m.add(base - all_ * RI_SHARE[1], hi=0)

    def constrain_inspected(self):
        """Share of homes registered at some time in the period that were
        inspected in it (homes closed before the period are not in stage 1)."""
        m = self.m
        done = lambda regs: self.homes(lambda o: bool(o.out), regs)  # noqa: E731
        active = lambda regs: self.homes(lambda o: 1, regs)  # noqa: E731
        m.share(done(REGIONS), active(REGIONS), INSPECTED)
        for r in REGIONS:
            m.share(done([r]), active([r]), REGION_INSPECTED.get(r, OTHER_INSPECTED))
            m.absolute(active([r]) - ACTIVE_TARGET[r], 0.3)
            # Not published: few homes are open and not yet judged at the
            # end of the period (newly registered; ours, at most 6%).
            unjudged = self.homes(lambda o: o.state_now is None and not o.closed, [r])
            m.add(unjudged - active([r]) * 0.06, hi=0)

    def constrain_state(self):
        """State of the nation at 30 September 2016, England and regions."""
        m = self.m
        good = lambda o: o.state_now in GOB  # noqa: E731
        counted = lambda o: o.state_now is not None  # noqa: E731
        m.share(self.homes(good), self.homes(counted), STATE_GOOD["now"])
        m.eq(self.homes(lambda o: o.state_now == I), STATE_INADEQUATE)
        m.share(self.homes(lambda o: o.state_now == I), self.homes(counted), 3)
        for r in REGIONS:
            m.share(self.homes(good, [r]), self.homes(counted, [r]), STATE_REGION[r][0])
        # "For all regions, at least two thirds of homes were judged to be
        # good or better": the South West's 67% must not be 66.5% (and, to
        # be safe from floating point, not exactly two thirds either).
        m.add(self.homes(good, [SW]) * 3 - self.homes(counted, [SW]) * 2, lo=1)
        # At 31 March 2016 (stage 2) most homes show their previous
        # judgement: keep that share near the published 79%.
        m.share(self.homes(lambda o: o.previous in GOB), self.homes(lambda o: o.previous is not None),
                (STATE_GOOD["before"] - 1, STATE_GOOD["before"] + 1))

    def constrain_plausible(self):
        """Not published (ours): outstanding judgements spread over the
        regions, some homes improving to outstanding, and some homes
        staying outstanding or requires improvement to be good (the
        bands are at the top of this module)."""
        m = self.m
        judged = lambda regs=REGIONS: self.homes(lambda o: sum(g in GRADES for g in o.out), regs)  # noqa: E731
        top = lambda regs=REGIONS: self.homes(lambda o: o.out.count(O), regs)  # noqa: E731
        counted = lambda regs=REGIONS: self.homes(lambda o: o.state_now is not None, regs)  # noqa: E731
        state_top = lambda regs=REGIONS: self.homes(lambda o: o.state_now == O, regs)  # noqa: E731
        before = lambda p, regs=REGIONS: self.homes(lambda o: o.previous == p, regs)  # noqa: E731
        judged_before = lambda regs=REGIONS: self.homes(lambda o: o.previous is not None, regs)  # noqa: E731
        _band(m, state_top(), counted(), OUTSTANDING_STATE)
        _band(m, before(O), judged_before(), PREVIOUS_OUTSTANDING_ENGLAND)
        for r in REGIONS:
            _band(m, top([r]), judged([r]), OUTSTANDING_PERIOD)
            _band(m, self.homes(lambda o: o.out.count(RI), [r]), judged([r]), RI_PERIOD)
            m.add(self.homes(lambda o: o.out.count(RI) - o.out.count(I), [r]), lo=0)
            _band(m, self.homes(lambda o: bool(o.out) and o.previous == I, [r]),
                  self.homes(lambda o: bool(o.out) and o.previous in (RI, I), [r]), INADEQUATE_OF_LOW)
            _band(m, self.homes(lambda o: len(o.out) if o.previous is None else 0, [r]),
                  self.homes(lambda o: len(o.out), [r]), NEW_INSPECTIONS)
            _band(m, self.homes(lambda o: len(o.out) == 2, [r]), self.homes(lambda o: o.out.count(I), [r]),
                  TWICE_OF_INADEQUATE)
            _band(m, self.homes(lambda o: o.closed, [r]), self.homes(lambda o: 1, [r]), CLOSED_IN_PERIOD)
            _band(m, self.homes(lambda o: o.state_now == I, [r]), counted([r]), INADEQUATE_STATE_REGION)
            _band(m, state_top([r]), counted([r]), OUTSTANDING_STATE_REGION)
            _band(m, before(O, [r]), judged_before([r]), PREVIOUS_OUTSTANDING)
            # Towards England's shares, scaled by the region's share good
            # or better (so the North East has more, the South West fewer).
            _near(m, top([r]), judged([r]), _target(0.11, REGION_GOOD[r][0], GOOD_NOW))
            _near(m, state_top([r]), counted([r]), _target(0.12, STATE_REGION[r][0], STATE_GOOD["now"]))
        # Chart 12 (first inspections of previously judged homes): of those
        # judged outstanding, some improved to it; of the homes previously
        # outstanding or requires improvement to be good, some stayed so.
        first = lambda p, g=None: self.homes(  # noqa: E731
            lambda o: int(bool(o.out) and o.previous in p and (g is None or o.out[0] == g)))
        _band(m, first((G, RI), O), first(GRADES, O), IMPROVED_TO_OUTSTANDING)
        _band(m, first((O,), O), first((O,)), STAYED_OUTSTANDING)
        _band(m, first((RI,), RI), first((RI,)), STAYED_RI)
        _band(m, first((I,), RI), first((I,)), INADEQUATE_TO_RI)
        # New homes: a plausible profile, and re-inspected after an
        # inadequate first inspection about as often as other homes.
        new = lambda gs: self.homes(lambda o: sum(g in gs for g in o.out) if o.previous is None else 0)  # noqa: E731
        _band(m, new({O}), new(GRADES), NEW_OUTSTANDING)
        _band(m, new({RI}), new(GRADES), NEW_RI)
        m.add(new({RI}) - new({I}), lo=0)    # as in every region: no more inadequate than requires improvement
        _band(m, self.homes(lambda o: o.previous is None and len(o.out) == 2),
              self.homes(lambda o: o.previous is None and o.out[:1] == (I,)), NEW_REINSPECTED)

    def solve(self) -> dict:
        self.constrain_period()
        self.constrain_sector_totals()
        self.constrain_twice()
        self.constrain_change()
        self.constrain_first_inspections()
        self.constrain_inspected()
        self.constrain_state()
        self.constrain_plausible()
        x = self.m.solve("stage 1 (the period)")
        n = {sec: sum(x[next(iter(v.terms))] for (r, s_, g), v in self.z.items() if s_ == sec) for sec in SECTORS}
        self.sector_shares = {sec: n[sec] / sum(n.values()) for sec in SECTORS}
        return _counts(x, self.x)


class HistoryProgram:
    """Stage 2: h[region, history] = number of homes, matching stage 1's
    homes of each previous judgement in each region."""

    def __init__(self, period: dict, revisions: dict, sector_share: dict):
        self.m = Model()
        self.period = period
        # England's outstanding share at 30 September 2016 (stage 1).
        counted = sum(n for (r, o), n in period.items() if o.state_now is not None)
        self.top_now = sum(n for (r, o), n in period.items() if o.state_now == O) / counted
        self.sector_share = sector_share
        self.revisions = revisions
        self.histories = histories()
        self.h = {(r, h): self.m.var(ub=600, cost=h.cost) for r in REGIONS for h in self.histories}

    def homes(self, fn, regions=REGIONS) -> Expr:
        return total((fn(h), self.h[r, h]) for r in regions for h in self.histories)

    def constrain_margins(self):
        for r in REGIONS:
            for p in GRADES + (None,):
                n = sum(v for (reg, o), v in self.period.items() if reg == r and o.previous == p)
                self.m.eq(self.homes(lambda h: h.previous == p and not h.closed_before, [r]), n)

    def constrain_comparison(self):
        """The equivalent period in 2015 (revised data): "1,053 inspections",
        "71%" good or better, "6% (67 homes)" inadequate; the regions' shares
        a year earlier."""
        m = self.m
        inspected = lambda regs=REGIONS: self.homes(lambda h: h.c is not None, regs)  # noqa: E731
        m.eq(inspected(), N_THEN)
        m.share(self.homes(lambda h: h.c in GOB), inspected(), GOOD_THEN)
        m.eq(self.homes(lambda h: h.c == I), INAD_THEN)
        m.between(self.homes(lambda h: h.c == NJ), 3, 15)
        for r in REGIONS:
            m.share(self.homes(lambda h: h.c in GOB, [r]), inspected([r]), REGION_GOOD[r][1])
            # Not published: each region's homes were inspected at a
            # similar rate a year earlier (ours).
            homes = sum(n for (reg, o), n in self.period.items() if reg == r)
            m.between(inspected([r]), COMPARISON_RATE[0] * homes, COMPARISON_RATE[1] * homes)
        # Split by sector in total, so that stage 3 can meet the sector
        # figures of 2015; each sector's share of the inspections close to
        # its share of the period's (stage 1).
        w = {(sec, g): m.var(ub=1000) for sec in SECTORS for g in GRADES + (NJ,)}
        for g in GRADES + (NJ,):
            m.eq(total((1, w[sec, g]) for sec in SECTORS) - self.homes(lambda h: h.c == g), 0)
        count = lambda gs, secs: total((1, w[s, g]) for s in secs for g in gs)  # noqa: E731
        for sec, measures in SECTOR_THEN.items():
            for measure, pct in measures.items():
                gs = GOB if measure == "good_or_better" else {measure}
                m.share(count(gs, [sec]), count(GRADES + (NJ,), [sec]), pct)
        for sec in SECTORS:
            share = self.sector_share.get(sec, 0)
            n = count(GRADES + (NJ,), [sec])
            if sec == HEALTH:
                m.between(n, 0, 3)
            else:
                m.add(n - inspected() * (share - 0.02), lo=0)
                m.add(n - inspected() * (share + 0.02), hi=0)

    def constrain_state(self):
        """State of the nation at 30 September 2015 (England and regions) and
        31 March 2016 (England)."""
        m = self.m
        for when, fn in (("year_ago", lambda h: h.state_2015), ("before", lambda h: h.state_2016_03)):
            m.share(self.homes(lambda h: fn(h) is True), self.homes(lambda h: fn(h) is not None), STATE_GOOD[when])
        for r in REGIONS:
            m.share(self.homes(lambda h: h.state_2015 is True, [r]), self.homes(lambda h: h.state_2015 is not None, [r]),
                    STATE_REGION[r][1])
        # Some homes closed between October 2015 and March 2016, in every
        # region (ours, about 2%).
        for r in REGIONS:
            m.add(self.homes(lambda h: h.closed_before, [r]) - self.homes(lambda h: 0.02, [r]), lo=0)

    def constrain_revisions(self):
        """release.toml [revisions]: 45 full inspections of 2015-16 published
        after 30 April 2016."""
        self.m.eq(self.homes(lambda h: h.rev), self.revisions["full"])

    def constrain_plausible(self):
        """Not published (ours): outstanding judgements in the comparison
        period and at 30 September 2015 and 31 March 2016 spread over the
        regions, and England's share changing smoothly towards the share at
        30 September 2016 (stage 1)."""
        m = self.m
        judged = lambda regs: self.homes(lambda h: h.c in GRADES, regs)  # noqa: E731
        top = lambda regs: self.homes(lambda h: h.c == O, regs)  # noqa: E731
        _band(m, top(REGIONS), judged(REGIONS), OUTSTANDING_THEN)
        for r in REGIONS:
            _band(m, top([r]), judged([r]), OUTSTANDING_PERIOD)
            _band(m, self.homes(lambda h: h.c == RI, [r]), judged([r]), RI_THEN)
            _band(m, self.homes(lambda h: h.c == I, [r]), judged([r]), INADEQUATE_THEN)
            m.add(self.homes(lambda h: (h.c == RI) - (h.c == I), [r]), lo=0)
            m.absolute(top([r]) - judged([r]) * _target(sum(OUTSTANDING_THEN) / 2, REGION_GOOD[r][1], GOOD_THEN), PULL)
        # Rising a little, as the share good or better did (75%, 79%, 81%).
        for grade, near, (lo, hi) in ((lambda h: h.grade_2015, STATE_REGION, OUTSTANDING_STATE_BEFORE[0]),
                                      (lambda h: h.grade_2016_03, None, OUTSTANDING_STATE_BEFORE[1])):
            counted = lambda regs=REGIONS: self.homes(lambda h: grade(h) is not None, regs)  # noqa: E731
            tops = lambda regs=REGIONS: self.homes(lambda h: grade(h) == O, regs)  # noqa: E731
            share = (self.top_now + lo, self.top_now + hi)
            _band(m, tops(), counted(), share)
            for r in REGIONS:
                _band(m, tops([r]), counted([r]), OUTSTANDING_STATE_REGION)
                _band(m, self.homes(lambda h: grade(h) == I, [r]), counted([r]), INADEQUATE_STATE_REGION)
                good = STATE_REGION[r][1] if near else STATE_REGION[r][0]
                m.absolute(tops([r]) - counted([r]) * _target(sum(share) / 2, good, 80), PULL)

    def solve(self) -> dict:
        self.constrain_margins()
        self.constrain_comparison()
        self.constrain_state()
        self.constrain_revisions()
        self.constrain_plausible()
        x = self.m.solve("stage 2 (before the period)")
        return _counts(x, self.h)


class SectorProgram:
    """Stage 3: the sector of the homes of each stage 1 and stage 2 cell."""

    def __init__(self, period: dict, history: dict):
        self.m = Model()
        self.period, self.history = period, history
        self.so, self.sh = {}, {}
        for (r, o), n in period.items():
            for sec in SECTORS:
                if sec == HEALTH and (o.out not in ((), (G,), (RI,)) or o.closed):
                    continue    # "three inspections, two good judgements and one requires improvement to be good"
                self.so[r, o, sec] = self.m.var(ub=n)
        for (r, h), n in history.items():
            for sec in SECTORS:
                if sec == HEALTH and (h.c not in (None, O, G) or h.closed_before):
                    continue
                self.sh[r, h, sec] = self.m.var(ub=n)

    def now(self, fn, sectors, regions=REGIONS) -> Expr:
        return total((fn(o), v) for (r, o, sec), v in self.so.items() if sec in sectors and r in regions)

    def then(self, fn, sectors, regions=REGIONS) -> Expr:
        return total((fn(h), v) for (r, h, sec), v in self.sh.items() if sec in sectors and r in regions)

    def constrain_links(self):
        """Every home has one sector; in each region, as many homes of each
        sector and previous judgement have a history as have an outcome."""
        m = self.m
        for (r, o), n in self.period.items():
            m.eq(total((1, self.so[r, o, sec]) for sec in SECTORS if (r, o, sec) in self.so), n)
        for (r, h), n in self.history.items():
            m.eq(total((1, self.sh[r, h, sec]) for sec in SECTORS if (r, h, sec) in self.sh), n)
        for r in REGIONS:
            for sec in SECTORS:
                for p in GRADES + (None,):
                    a = self.now(lambda o: o.previous == p, [sec], [r])
                    b = self.then(lambda h: h.previous == p and not h.closed_before, [sec], [r])
                    if a.terms or b.terms:
                        m.eq(a - b, 0)

    def constrain_sectors(self):
        """Sector profiles now and a year earlier; LA against private and
        voluntary by region; health authority homes; homes inadequate twice."""
        m = self.m
        now = lambda gs, secs, regs=REGIONS: self.now(lambda o: sum(g in gs for g in o.out), secs, regs)  # noqa: E731
        now_n = lambda secs, regs=REGIONS: self.now(lambda o: len(o.out), secs, regs)  # noqa: E731
        then = lambda gs, secs: self.then(lambda h: h.c in gs, secs)  # noqa: E731
        then_n = lambda secs: self.then(lambda h: h.c is not None, secs)  # noqa: E731
        for table, count, base in ((SECTOR_NOW, now, now_n), (SECTOR_THEN, then, then_n)):
            for sec, measures in table.items():
                for measure, pct in measures.items():
                    gs = GOB if measure == "good_or_better" else {measure}
                    m.share(count(gs, [sec]), base([sec]), pct)
        for g, n in HEALTH_NOW.items():
            m.eq(now({g}, [HEALTH]), n)
        m.between(self.now(lambda o: 1, [HEALTH]), 3, 5)
        m.eq(self.now(lambda o: o.out == (I, I), [PRIVATE]), TWICE_PRIVATE)
        _sector_mix(m, then_n(SECTORS), then_n([LA]), then_n([VOLUNTARY]))
        for r in REGIONS:
            la_pct, pv_pct = _gap_bands(r)
            m.share(now(GOB, [LA], [r]), now_n([LA], [r]), la_pct)
            m.share(now(GOB, [PRIVATE, VOLUNTARY], [r]), now_n([PRIVATE, VOLUNTARY], [r]), pv_pct)
            m.between(now_n([LA], [r]), *_la_inspections(r))
            # A plausible sector mix of each region's homes and inspections (ours).
            _sector_mix(m, self.now(lambda o: 1, SECTORS, [r]), self.now(lambda o: 1, [LA], [r]),
                        self.now(lambda o: 1, [VOLUNTARY], [r]))
            _sector_mix(m, now_n(SECTORS, [r]), now_n([LA], [r]), now_n([VOLUNTARY], [r]))

    def constrain_plausible(self):
        """Not published (ours): each region's comparison period
        inspections and judged inspections in the period have the sector
        mix of its homes; and within each region, each sector has about
        its share of the region's outstanding and inadequate judgements,
        now and a year earlier: the sector's share in England scaled by
        the region's own rate (stages 1 and 2), within SECTOR_SPREAD.
        Without this one region's LA-run homes could take most of England's
        outstanding judgements."""
        m = self.m
        for r in REGIONS:
            # The sector mix of each region's comparison period inspections,
            # as of its homes and inspections now.
            n = lambda secs: self.then(lambda h: h.c is not None, secs, [r])  # noqa: E731
            _sector_mix(m, n(SECTORS), n([LA]), n([VOLUNTARY]))
            # and of its judged inspections in the period.
            n = lambda secs: self.now(lambda o: sum(g in GRADES for g in o.out), secs, [r])  # noqa: E731
            _sector_mix(m, n(SECTORS), n([LA]), n([VOLUNTARY]))
        now = (SECTOR_NOW, lambda g, secs, regs: self.now(lambda o: o.out.count(g), secs, regs),
               lambda secs, regs: self.now(lambda o: sum(g in GRADES for g in o.out), secs, regs),
               {k: sum(n * o.out.count(k[1]) for (r, o), n in self.period.items() if r == k[0]) for k in _keys()},
               {r: sum(n * sum(g in GRADES for g in o.out) for (reg, o), n in self.period.items() if reg == r)
                for r in REGIONS})
        then = (SECTOR_THEN, lambda g, secs, regs: self.then(lambda h: h.c == g, secs, regs),
                lambda secs, regs: self.then(lambda h: h.c in GRADES, secs, regs),
                {k: sum(n for (r, h), n in self.history.items() if r == k[0] and h.c == k[1]) for k in _keys()},
                {r: sum(n for (reg, h), n in self.history.items() if reg == r and h.c in GRADES) for r in REGIONS})
        w, a = SECTOR_SPREAD
        for table, count, base, grades, judged in (now, then):
            for g in (O, I):
                england = sum(grades[r, g] for r in REGIONS) / sum(judged.values())
                for sec, measures in table.items():
                    pct = measures[g]
                    share = (sum(pct) / 2 if isinstance(pct, tuple) else pct) / 100
                    for r in REGIONS:
                        t = share * grades[r, g] / judged[r] / england
                        c, b = count(g, [sec], [r]), base([sec], [r])
                        m.add(c - b * ((1 - w) * t), lo=-a)
                        m.add(c - b * ((1 + w) * t), hi=a)

    def solve(self) -> dict:
        self.constrain_links()
        self.constrain_sectors()
        self.constrain_plausible()
        x = self.m.solve("stage 3 (sectors)")
        return _counts(x, {**{("o",) + k: v for k, v in self.so.items()}, **{("h",) + k: v for k, v in self.sh.items()}})


def _keys():
    return [(r, g) for r in REGIONS for g in (O, I)]


def _target(england: float, region_good, england_good: float) -> float:
    """A region's outstanding share to aim at: England's, scaled by the
    region's published (or middle of our range of) good or better share."""
    good = sum(region_good) / 2 if isinstance(region_good, tuple) else region_good
    return england * good / england_good


def _near(m: Model, count: Expr, base: Expr, target: float) -> None:
    """``count`` is ``target`` times ``base``, within NEAR (a fraction)."""
    _band(m, count, base, (target - NEAR, target + NEAR))


def _band(m: Model, count: Expr, base: Expr, band: tuple) -> None:
    """``count`` lies between band[0] and band[1] times ``base``."""
    m.add(count - base * band[0], lo=0)
    m.add(count - base * band[1], hi=0)


def _gap_bands(region: str) -> tuple:
    """Good or better shares of LA-run and of private and voluntary homes'
    inspections in a region: published for London and the East of England,
    elsewhere one ten-point band for both (no gap of more than ten points)."""
    if region in SECTOR_GAPS:
        return SECTOR_GAPS[region]
    band = (SAME_BAND[region], SAME_BAND[region] + 10)
    return band, band


#: Shares of homes and of inspections run by LAs and by voluntary bodies in
#: each region (ours: roughly England's mix in 2016).
LA_MIX, VOLUNTARY_MIX = (0.14, 0.26), (0.04, 0.11)


def _sector_mix(m: Model, all_: Expr, la: Expr, vol: Expr) -> None:
    m.add(la - all_ * LA_MIX[0], lo=0)
    m.add(la - all_ * LA_MIX[1], hi=0)
    m.add(vol - all_ * VOLUNTARY_MIX[0], lo=0)
    m.add(vol - all_ * VOLUNTARY_MIX[1], hi=0)


def _la_inspections(region: str) -> tuple:
    """Inspections of LA-run homes in a region: in London "a very small
    number of homes" (under 20, release/figures/homes.py SMALL_BASE); in
    the East of England not called small (20 or more); elsewhere some."""
    return {LON: (1, 19), EE: (20, 600)}.get(region, (5, 600))


def _counts(x: np.ndarray, variables: dict) -> dict:
    out = {}
    for k, v in variables.items():
        n = int(x[next(iter(v.terms))])
        if n:
            out[k] = n
    return out


@dataclass
class Counts:
    period: dict     # (region, outcome) -> homes
    history: dict    # (region, history) -> homes
    sectors: dict    # ("o", region, outcome, sector) or ("h", region, history, sector) -> homes


def solve(revisions: dict) -> Counts:
    stage1 = PeriodProgram()
    period = stage1.solve()
    history = HistoryProgram(period, revisions, stage1.sector_shares).solve()
    sectors = SectorProgram(period, history).solve()
    return Counts(period, history, sectors)


# ==========================================================================
# Records
# ==========================================================================

D = dt.date
PERIOD_START = D(2016, 4, 1)
PERIOD_PUBLISHED_BY = D(2016, 10, 31)
COMPARISON_START, COMPARISON_END = D(2015, 4, 1), D(2015, 9, 30)
STATE_2015_PUBLISHED_BY = D(2015, 10, 31)
REVISED_BY = D(2016, 4, 30)


class Dates:
    """Seeded random dates."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def between(self, first: D, last: D) -> D:
        if last < first:
            last = first
        return first + dt.timedelta(days=int(self.rng.integers(0, (last - first).days + 1)))

    def weekday(self, first: D, last: D) -> D:
        """An inspection starts on a weekday."""
        for _ in range(20):
            day = self.between(first, last)
            if day.weekday() < 5:
                return day
        return day

    def late(self, inspected: D) -> D:
        """Published after 30 April 2016: an event of the 2015-16 revision."""
        return max(REVISED_BY + dt.timedelta(days=int(self.rng.integers(3, 25))),
                   inspected + dt.timedelta(days=int(self.rng.integers(45, 100))))

    def published(self, inspected: D, by: D | None = None, lag=(12, 35)) -> D:
        day = inspected + dt.timedelta(days=int(self.rng.integers(lag[0], lag[1] + 1)))
        if by is not None and day > by:
            day = by
        return max(day, inspected)


@dataclass
class Home:
    region: str
    story: Story
    sector: str = ""
    la_code: str = ""
    provider: str = ""
    sub_type: str = j.SUB_TYPES[0]
    registered: D | None = None
    closed: D | None = None
    reason: str = ""
    urn: str = ""
    events: list = field(default_factory=list)   # (type, inspected, published, oe, interim)

    def full(self, inspected, published, grade):
        self.events.append(("Full", inspected, published, grade, ""))

    def fulls(self):
        return [e for e in self.events if e[0] == "Full"]


def _full_history(h: Home, dates: Dates) -> None:
    """Registration, closure and full inspections, inside the windows the
    story requires."""
    s, rng = h.story, dates.rng
    old_grade = lambda: rng.choice(GRADES, p=[.14, .56, .22, .08])  # noqa: E731
    # --- before the period --------------------------------------------------
    if s.family in ("C", "CD", "CNJ", "pre_C", "D", "pre_E"):
        recent = s.family in ("C", "CD", "pre_C") and rng.random() < 0.1
        if recent:   # registered in 2014-15, first inspected in the comparison period
            h.registered = dates.between(D(2014, 9, 1), D(2015, 3, 31))
        else:
            h.registered = dates.between(D(1998, 1, 1), D(2014, 2, 28))
            e = s.e
            if e == "low":
                e = str(rng.choice([RI, I], p=[.75, .25]))
            elif e is None:
                e = str(old_grade())
            day = dates.weekday(D(2014, 4, 1), D(2015, 3, 20))
            h.full(day, dates.published(day), e)
    if s.c is not None:
        day = dates.weekday(D(2015, 5, 5), D(2015, 9, 25))   # "a later start to the inspection cycle that year (May 2015)"
        if h.registered and day < h.registered + dt.timedelta(days=40):
            day = dates.weekday(h.registered + dt.timedelta(days=40), D(2015, 9, 25))
        h.full(day, dates.published(day, STATE_2015_PUBLISHED_BY), s.c)
    if s.family == "Dnew":
        h.registered = dates.between(D(2015, 10, 1), D(2015, 12, 31))
    if s.d is not None:
        first = D(2015, 10, 1)
        if s.c is not None:   # a re-inspection a few months after the comparison period one
            first = max(first, h.fulls()[-1][1] + dt.timedelta(days=60))
        if s.family == "Dnew":
            first = max(D(2016, 1, 4), h.registered + dt.timedelta(days=45))
        if s.rev:   # published after 30 April 2016: part of the revision
            day = dates.weekday(max(first, D(2016, 1, 11)), D(2016, 3, 24))
            pub = dates.late(day)
        else:
            day = dates.weekday(first, D(2016, 3, 30))
            pub = dates.published(day, REVISED_BY)
        h.full(day, pub, s.d)
    # --- in the period --------------------------------------------------------
    last = h.fulls()[-1][1] if h.fulls() else None
    if s.family == "new":
        if s.out:
            last_day = D(2016, 6, 24) if len(s.out) == 2 else D(2016, 8, 31) if s.close == "in" else D(2016, 9, 28)
            first_day = dates.weekday(PERIOD_START, last_day)
            h.registered = dates.between(D(2015, 10, 5), first_day - dt.timedelta(days=30))
        else:
            h.registered = dates.between(D(2016, 1, 4), D(2016, 9, 16))
    earliest = PERIOD_START if last is None else max(PERIOD_START, last + dt.timedelta(days=60))
    if len(s.out) == 1:
        day = first_day if s.family == "new" else dates.weekday(earliest, D(2016, 9, 28) if s.close != "in" else D(2016, 8, 31))
        h.full(day, dates.published(day, PERIOD_PUBLISHED_BY), s.out[0])
    elif len(s.out) == 2:
        a = first_day if s.family == "new" else dates.weekday(earliest, D(2016, 6, 24))
        b = dates.weekday(a + dt.timedelta(days=56), min(a + dt.timedelta(days=110), D(2016, 9, 9) if s.close else D(2016, 9, 28)))
        h.full(a, dates.published(a, PERIOD_PUBLISHED_BY), s.out[0])
        h.full(b, dates.published(b, PERIOD_PUBLISHED_BY), s.out[1])
    # --- closure --------------------------------------------------------------
    if s.close == "pre":
        last = h.fulls()[-1][2]
        h.closed = dates.between(max(D(2015, 10, 5), last + dt.timedelta(days=10)), D(2016, 3, 28))
        h.reason = "Resigned" if rng.random() < 0.75 else "Cancelled"
    elif s.close == "in":
        last = max([h.registered] + [e[1] for e in h.fulls()])
        h.closed = dates.between(max(PERIOD_START + dt.timedelta(days=14), last + dt.timedelta(days=10)), D(2016, 9, 30))
        assert h.closed <= D(2016, 9, 30), s
        # Of the homes inadequate twice, "three of these had resigned their registration".
        h.reason = "Resigned" if s.out == (I, I) or rng.random() < 0.6 else "Cancelled"


def _other_events(homes: list[Home], dates: Dates, revisions: dict) -> None:
    """Interim inspections and monitoring and emergency visits.

    In the period: "169 interim inspections ..., 141 of which resulted in a
    judgement". In 2015-16, the revision (release.toml [revisions]): 88
    interim inspections, 10 monitoring visits and 1 emergency visit
    inspected then and published after 30 April 2016."""
    rng = dates.rng

    def pick(pool, n):
        idx = rng.choice(len(pool), size=n, replace=False)
        return [pool[i] for i in sorted(idx)]

    # Interim inspections in the period: homes judged before it, open
    # throughout, and not fully inspected in it.
    pool = [h for h in homes if h.story.previous and not h.story.out and not h.story.close]
    chosen = pick(pool, sum(INTERIM.values()))
    # A random INTERIM[NJ] of them make no judgement. Each of the others
    # draws its outcome by INTERIM_LIKELY times the number of that outcome
    # still to give, which ends on INTERIM's counts exactly. Outstanding
    # and inadequate homes draw first and good homes (which can have any
    # outcome) last, so that no home is left with only an outcome it
    # cannot have.
    order = rng.permutation(len(chosen))
    first = {O: 0, I: 1, RI: 2, G: 3}
    judged = sorted(order[INTERIM[NJ]:], key=lambda i: first[chosen[i].story.previous])
    left = np.array([INTERIM[o] for o in j.INTERIM_OUTCOMES], dtype=float)
    outcome = {i: NJ for i in order[:INTERIM[NJ]]}
    for i in judged:
        w = np.array(INTERIM_LIKELY[chosen[i].story.previous]) * left
        k = int(rng.choice(len(w), p=w / w.sum()))
        left[k] -= 1
        outcome[i] = j.INTERIM_OUTCOMES[k]
    for i in order:
        h = chosen[i]
        day = dates.weekday(PERIOD_START, D(2016, 9, 29))
        h.events.append(("Interim", day, dates.published(day, PERIOD_PUBLISHED_BY, (7, 28)), "", outcome[i]))

    # Interim inspections in 2015-16: homes fully inspected in the
    # comparison period, about six months later; 88 published late.
    pool = [h for h in homes if h.story.family in ("C", "CNJ", "pre_C")]
    chosen = pick(pool, min(len(pool), 640))
    late = set(pick([i for i, h in enumerate(chosen) if h.closed is None], revisions["interim"]))
    for i, h in enumerate(chosen):
        full = [e for e in h.fulls() if COMPARISON_START <= e[1] <= COMPARISON_END][0]
        end = D(2016, 3, 30) if h.closed is None else min(D(2016, 3, 30), h.closed - dt.timedelta(days=1))
        first = full[1] + dt.timedelta(days=120)
        if i in late:
            first = max(first, D(2016, 1, 11))
        if first > end:
            first = end
        day = dates.weekday(first, end)
        day = min(day, end)
        likely = np.array(INTERIM_LIKELY[full[3] if full[3] in GRADES else h.story.previous or G] + (0.09,))
        outcome = str(rng.choice(j.RECORDED_INTERIM_OUTCOMES, p=likely / likely.sum()))
        pub = dates.late(day) if i in late else dates.published(day, REVISED_BY, (7, 28))
        h.events.append(("Interim", day, pub, "", outcome))

    # Monitoring visits follow an inadequate judgement; 10 of those in
    # 2015-16 were published late. One emergency visit in 2015-16 was
    # published late, and a few others were made.
    def after_inadequate(h, lo, hi):
        return [e[1] for e in h.fulls() if e[3] == I and lo <= e[1] <= hi]

    in_year = [h for h in homes if after_inadequate(h, D(2015, 5, 1), D(2016, 1, 31)) and h.closed is None]
    late_ids = set(id(h) for h in pick(in_year, revisions["monitoring"]))
    for h in in_year:
        start = after_inadequate(h, D(2015, 5, 1), D(2016, 1, 31))[-1] + dt.timedelta(days=21)
        if id(h) in late_ids:
            day = dates.weekday(max(start, D(2016, 2, 1)), D(2016, 3, 30))
            pub = dates.late(day)
        elif rng.random() < 0.6:
            day = dates.weekday(start, min(start + dt.timedelta(days=50), D(2016, 3, 30)))
            pub = dates.published(day, REVISED_BY, (5, 20))
        else:
            continue
        h.events.append(("Monitoring", day, pub, "", ""))
    now = [h for h in homes if after_inadequate(h, PERIOD_START, D(2016, 8, 15))]
    for h in now:
        if rng.random() < 0.5:
            start = after_inadequate(h, PERIOD_START, D(2016, 8, 15))[0] + dt.timedelta(days=21)
            end = D(2016, 9, 29) if h.closed is None else h.closed
            day = dates.weekday(start, min(start + dt.timedelta(days=40), end))
            if day <= end:
                h.events.append(("Monitoring", day, dates.published(day, PERIOD_PUBLISHED_BY, (5, 20)), "", ""))
    open_all = [h for h in homes if h.closed is None and h.registered < D(2015, 4, 1)]
    for i, h in enumerate(pick(open_all, revisions["emergency"] + 3)):
        if i < revisions["emergency"]:
            day = dates.weekday(D(2016, 2, 1), D(2016, 3, 30))
            pub = dates.late(day)
        else:
            day = dates.weekday(D(2015, 6, 1), D(2016, 3, 1))
            pub = dates.published(day, REVISED_BY, (5, 20))
        h.events.append(("Emergency", day, pub, "", ""))


#: October 2015 - March 2016, which no published figure fixes but the
#: 2016-03 release (April 2015 - March 2016) shows: about this share of its
#: full inspections inadequate (the comparison period had 6%, the period 9%),
#: and voluntary homes outstanding at about this share (14% and 18% then).
INADEQUATE_2015_H2 = 0.07
VOLUNTARY_OUTSTANDING_2015_H2 = 0.2


def _plausible_2015_16(homes: list[Home], rng: np.random.Generator) -> None:
    """Make October 2015 - March 2016 look like the periods either side.

    The programs fix only each home's *last* judgement before April 2016
    (``d``), so that half-year came out with almost no inadequate judgements
    and most voluntary homes outstanding. Two changes that no figure of the
    2016-09 release can see (it has its own generator, ``rng``, so every
    other record is unchanged):

    - an inadequate full inspection inserted before the ``d`` re-inspection
      of homes judged there (inadequate homes are re-inspected within
      months; most then improve), published before it and by 30
      April 2016: the home's latest judgement at 31 March 2016 and before
      the period is still ``d``;
    - voluntary homes outstanding there with no full inspection in the
      period and no other outstanding-only consequence judged good instead
      (good or better either way, so every state-of-the-nation share of good
      or better and inadequate stands)."""
    def d_event(h):
        fulls = [e for e in h.fulls() if D(2015, 10, 1) <= e[1] <= D(2016, 3, 31)]
        return fulls[-1] if fulls else None

    half = [h for h in homes if d_event(h)]
    n_full = len(half)
    n_inadequate = sum(1 for h in half if d_event(h)[3] == I)
    want = max(0, round(INADEQUATE_2015_H2 * n_full) - n_inadequate)
    pool = []
    for h in half:
        t, day, pub, grade, _ = d_event(h)
        before = [e[1] for e in h.fulls() if e[1] < day]
        earliest = max([D(2015, 10, 1)] + [b + dt.timedelta(days=90) for b in before]
                       + ([h.registered + dt.timedelta(days=40)] if h.registered else []))
        if (h.story.family in ("D", "CD") and not h.story.rev and grade in (RI, G, I)
                and earliest + dt.timedelta(days=56) <= day and pub <= REVISED_BY):
            pool.append((h, earliest, day))
    take = sorted(rng.choice(len(pool), size=min(want, len(pool)), replace=False))
    dates = Dates(rng)
    for i in take:
        h, earliest, day = pool[i]
        first = dates.weekday(earliest, day - dt.timedelta(days=56))
        # A quarter of them were still inadequate at a re-inspection in
        # between, where there is room for one.
        again = first + dt.timedelta(days=63)
        twice = again + dt.timedelta(days=56) <= day and rng.random() < 0.25
        for inspected in (first, again) if twice else (first,):
            pub = dates.published(inspected, min(inspected + dt.timedelta(days=40), REVISED_BY))
            h.events.append(("Full", inspected, pub, I, ""))
        h.events.sort(key=lambda e: (e[1], j.HOME_EVENT_TYPES.index(e[0])))
    # Voluntary homes outstanding in October 2015 - March 2016.
    vol = [h for h in half if h.sector == VOLUNTARY]
    outstanding = [h for h in vol if d_event(h)[3] == O and not h.story.out]
    excess = sum(1 for h in vol if d_event(h)[3] == O) - round(VOLUNTARY_OUTSTANDING_2015_H2 * len(vol))
    # Each is matched by a good LA or private home in the same region judged
    # outstanding instead, so the outstanding shares of England and each
    # region stay as they were. (Not one whose interim inspection in the
    # period found improved effectiveness: an outstanding home cannot improve.)
    def regrade(h, grade):
        e = d_event(h)
        h.events[h.events.index(e)] = (e[0], e[1], e[2], grade, e[4])

    def can_rise(h):
        return (h.sector in (LA, PRIVATE) and d_event(h)[3] == G and not h.story.out and not h.story.close
                and all(e[4] != j.IMPROVED_EFFECTIVENESS for e in h.events))

    for i in sorted(rng.choice(len(outstanding), size=max(0, min(excess, len(outstanding))), replace=False)):
        h = outstanding[i]
        partners = [o for o in half if o.region == h.region and can_rise(o)]
        if not partners:
            continue
        regrade(h, G)
        regrade(partners[int(rng.integers(len(partners)))], O)


# --- names -------------------------------------------------------------------

SURNAMES = """Abbott Ainsworth Ashby Barker Bellamy Bentley Birch Blake Bramley Brook Calder Carver
Chapman Clifford Croft Dalton Denton Dixon Eastwood Ellis Fairley Fenwick Fletcher Forbes Garland Gibson
Gray Hadley Harper Hartley Hawthorn Heath Holland Hurst Ingram Irwin Jarvis Keating Kendall Lambert Langley
Lawson Lister Lowe Marsden Mellor Milner Moss Nash Norton Oakley Osborne Parker Pemberton Prescott Quinn
Radcliffe Rowley Sadler Sheldon Slater Stanton Sutton Talbot Thornton Underwood Vaughan Wade Walsh Warren
Webster Whitfield Wilde Winter Yardley""".split()
WORDS = """Acorn Alder Aspen Beacon Birchwood Bluebell Bramble Brightwater Brook Cedar Chestnut Clover
Compass Cornerstone Crossways Elm Evergreen Fernlea Foxglove Greenacre Hazel Heather Hillside Holly
Horizon Juniper Kestrel Lakeside Larch Laurel Linden Maple Meadow Millbrook Moorland Oak Orchard Pathway
Pinewood Riverside Rowan Sandpiper Skylark Springfield Stepping Stones Summit Sycamore Thistle Willow
Woodland Wren""".split()
PRIVATE_FORMS = ("{w} Care Ltd", "{s} Care Services Ltd", "{w} Children's Homes Ltd", "{w} Residential Care Ltd",
                 "{s} & {t} Care Ltd", "{w} Childcare Ltd", "{w} House Ltd", "{s} Family Care Ltd")
VOLUNTARY_FORMS = ("{w} Trust", "The {w} Foundation", "{w} Children's Charity", "{s} Community Trust")


def _council(la_name: str, la_type: str) -> str:
    """"Bristol, City of" -> "Bristol City Council"; "Kent" -> "Kent County Council"."""
    name = la_name.split(",")[0]
    if la_type == "Shire county":
        return f"{name} County Council"
    if la_type == "London borough":
        return f"London Borough of {name}" if name != "City of London" else "City of London Corporation"
    return f"{name} Council"


def _providers(rng: np.random.Generator, forms, n: int) -> list[str]:
    names = set()
    while len(names) < n:
        form = forms[int(rng.integers(len(forms)))]
        s, t = rng.choice(SURNAMES, 2, replace=False)
        names.add(form.format(w=rng.choice(WORDS), s=s, t=t))
    return sorted(names)


def _assign_places(homes: list[Home], las: pd.DataFrame, rng: np.random.Generator) -> None:
    """LA of each home within its region (LAs with more homes than others,
    at random), and its provider."""
    las = las[~las["la_name"].isin(["Isles of Scilly", "City of London"])]
    by_region = {r: las[las["region"] == r].reset_index(drop=True) for r in REGIONS}
    weights = {r: rng.gamma(2.0, 1.0, len(t)) for r, t in by_region.items()}
    private = _providers(rng, PRIVATE_FORMS, 420)
    p_weights = 1.0 / np.arange(1, len(private) + 1) ** 0.9
    p_weights = rng.permutation(p_weights / p_weights.sum())
    voluntary = _providers(rng, VOLUNTARY_FORMS, 45)
    health = ["Northfield Health NHS Trust", "Moorside Healthcare NHS Trust"]
    for h in homes:
        table, w = by_region[h.region], weights[h.region]
        row = table.iloc[int(rng.choice(len(table), p=w / w.sum()))]
        h.la_code = row["la_code"]
        if h.sector == LA:
            h.provider = _council(row["la_name"], row["la_type"])
        elif h.sector == PRIVATE:
            h.provider = private[int(rng.choice(len(private), p=p_weights))]
        elif h.sector == VOLUNTARY:
            h.provider = voluntary[int(rng.integers(len(voluntary)))]
        else:
            h.provider = health[int(rng.integers(len(health)))]


def _assign_sub_types(homes: list[Home], rng: np.random.Generator) -> None:
    """Sub types. "57 (5%) were of residential special schools registered
    as children's homes; and 13 (1%) of secure children's homes";
    residential special schools "with only 63% of inspections resulting in a
    good or better inspection judgement" (36 of 57, our count). Only homes
    inspected once in the period are chosen for these 70 inspections; a few
    homes not inspected in the period are given those sub types too."""
    once = [h for h in homes if len(h.story.out) == 1 and h.story.out[0] in GRADES]

    def take(pool, n):
        idx = rng.choice(len(pool), size=n, replace=False)
        return [pool[i] for i in sorted(idx)]

    def graded(pool, grade, n):
        return take([h for h in pool if h.story.out[0] == grade], n)

    # Of the good or better ones, outstanding in about the share of the
    # sector's good or better inspections that are outstanding (ours): 5
    # of 36 (private and voluntary 10-18% of 72-75%), 2 of 10 (LA-run 17% of 76%).
    pv = [h for h in once if h.sector in (PRIVATE, VOLUNTARY)]
    rss = graded(pv, O, 5) + graded(pv, G, 31) + take([h for h in pv if h.story.out[0] not in GOB], 21)
    la = [h for h in once if h.sector == LA]
    secure = graded(la, O, 2) + graded(la, G, 8) + graded(la, RI, 3)
    for h in rss:
        h.sub_type = "Residential special school"
    for h in secure:
        h.sub_type = "Secure children's home"
    rest = [h for h in homes if not h.story.out and h.sector in (PRIVATE, VOLUNTARY)]
    for h in take(rest, 45):
        h.sub_type = "Residential special school"
    for h in take([h for h in homes if not h.story.out and h.sector == LA and not h.story.close], 2):
        h.sub_type = "Secure children's home"


def _assign_urns(homes: list[Home], rng: np.random.Generator) -> None:
    """URNs "SC" + 6 digits, rising with the date of registration."""
    homes.sort(key=lambda h: (h.registered, h.region, h.la_code, h.provider, h.story.family))
    n = 50000
    for h in homes:
        n += int(rng.integers(40, 400))
        h.urn = f"SC{n:06d}"


def pair(counts: Counts, rng: np.random.Generator) -> list["Home"]:
    """Homes from the counts: in each region and sector, each outcome of
    stage 1 is paired at random with a history of stage 2 with the same
    previous judgement (stage 3 made their numbers equal)."""
    homes = []
    hist_order = {h: i for i, h in enumerate(histories())}
    out_order = {o: i for i, o in enumerate(outcomes())}
    for r in REGIONS:
        for sec in SECTORS:
            cells = {k: n for k, n in counts.sectors.items() if k[1] == r and k[3] == sec}
            hs = sorted(((k[2], n) for k, n in cells.items() if k[0] == "h"), key=lambda t: hist_order[t[0]])
            os_ = sorted(((k[2], n) for k, n in cells.items() if k[0] == "o"), key=lambda t: out_order[t[0]])
            for h, n in hs:
                if h.closed_before:
                    homes += [Home(r, Story.of(h, None), sec) for _ in range(n)]
            for p in GRADES + (None,):
                left = [h for h, n in hs if h.previous == p and not h.closed_before for _ in range(n)]
                right = [o for o, n in os_ if o.previous == p for _ in range(n)]
                assert len(left) == len(right), (r, sec, p)
                for h, i in zip(left, rng.permutation(len(right))):
                    homes.append(Home(r, Story.of(h, right[i]), sec))
    return homes


def reference() -> pd.DataFrame:
    return pd.read_csv(REFERENCE, dtype=str, keep_default_na=False)


#: "a further 144 inspections. These consist of an additional 45 full
#: inspections, 10 monitoring visits and one emergency visit of all provision
#: types, and 88 interim inspections of children's homes" (the 2015-16
#: revision: inspected April 2015 - March 2016, published after 30 April 2016).
REVISION = {"full": 45, "monitoring": 10, "emergency": 1, "interim": 88}


def revisions() -> dict:
    return dict(REVISION)


def build(rev: dict | None = None) -> dict[str, pd.DataFrame]:
    """The two homes tables, as written to CSV."""
    rev = rev or revisions()
    counts = solve(rev)
    rng = np.random.default_rng(SEED)
    dates = Dates(rng)
    homes = pair(counts, rng)
    for h in homes:
        _full_history(h, dates)
    _assign_places(homes, reference(), rng)
    _assign_sub_types(homes, rng)
    _other_events(homes, dates, rev)
    _plausible_2015_16(homes, np.random.default_rng(SEED + 1))
    _assign_urns(homes, rng)
    return _tables(homes)


def _tables(homes: list[Home]) -> dict[str, pd.DataFrame]:
    iso = lambda d: d.isoformat() if d else ""  # noqa: E731
    home_rows = [{
        "urn": h.urn, "provider_name": h.provider, "sub_type": h.sub_type, "sector": h.sector,
        "la_code": h.la_code, "registration_date": iso(h.registered), "closure_date": iso(h.closed),
        "closure_reason": h.reason,
    } for h in homes]
    event_rows = [{
        "urn": h.urn, "event_type": t, "inspection_date": iso(a), "publication_date": iso(b),
        "overall_effectiveness": oe, "interim_outcome": io_,
    } for h in homes for (t, a, b, oe, io_) in h.events]
    childrens_homes = pd.DataFrame(home_rows).sort_values("urn").reset_index(drop=True)
    events = pd.DataFrame(event_rows)
    events["order"] = events["event_type"].map({t: i for i, t in enumerate(j.HOME_EVENT_TYPES)})
    events = events.sort_values(["inspection_date", "urn", "order"]).reset_index(drop=True)
    events.insert(0, "event_id", [f"EV{1000001 + i}" for i in range(len(events))])
    events = events.sort_values(["urn", "inspection_date", "order"]).drop(columns="order").reset_index(drop=True)
    return {"childrens_homes": childrens_homes, "homes_inspections": events}


def write(folder: Path = RELEASE) -> None:
    """Write both tables as UTF-8 CSV (no BOM, \\n line endings)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in build(revisions()).items():
        buffer = io.StringIO()
        table.to_csv(buffer, index=False, lineterminator="\n")
        (folder / f"{name}.csv").write_bytes(buffer.getvalue().encode("utf-8"))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=RELEASE, help="output folder (default data/2016-09)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    write(args.folder)
    print(f"wrote childrens_homes.csv and homes_inspections.csv to {args.folder} "
          f"in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
