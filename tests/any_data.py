"""Valid datasets unlike the sample, for the property-based tests.

A :class:`Shape` says what a dataset is like (how many LAs inspected and
when, which grades, how many homes in which regions and sectors, how many
inspected twice, interim inspections, LSCB reviews); :func:`write` turns it
into a release folder that passes validation. Hypothesis draws shapes,
degenerate ones included: one LA inspected, every LA one grade, a first
report with nothing inspected at the previous cut-off, no LSCB reviews, an
empty region, a missing sector, no interim inspections, one home.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from hypothesis import strategies as st

from release.inputs import judgements as j

ROOT = Path(__file__).resolve().parent.parent
LAS = ROOT / "data" / "2016-09" / "local_authorities.csv"
D = dt.date

#: A first release (no previous folder): what it says of the one before is typed.
RELEASE_TOML = """
[release]
id = "any"
title = "Local authority and children’s homes in England inspection outcomes"
published = 2016-07-13
next_publication = "December 2016"
statistician = "A Statistician"
email = "socialcaredata@ofsted.gov.uk"
phone = "03000 130020"
team = "Social Care Data Team"
collection_url = "https://www.gov.uk/government/collections/childrens-social-care-statistics"
url = "https://www.gov.uk/government/collections/childrens-social-care-statistics"
sample_data = true

[sif]
framework_start = 2013-11-01
inspected_to = 2016-03-31
published_by = 2016-03-31
cycle_end = "December 2017"

[homes]
period_start = 2015-10-01
period_end = 2016-03-31
published_by = 2016-04-30

[previous]
month = "December 2015"
title = "The previous release"
url = "https://www.gov.uk/government/collections/childrens-social-care-statistics"
sif_date = 2015-09-30
sif_published_by = 2015-10-31
homes_period_start = 2015-04-01
homes_period_end = 2015-09-30
homes_published_by = 2015-10-31

[[previous.state]]
date = 2015-03-31
published_by = 2015-04-30

[[previous.state]]
date = 2015-09-30
published_by = 2015-10-31

[context]
children_population = 11_600_000
children_population_source = "Office for National Statistics"
cin_date = 2015-03-31
cin_source = "Department for Education"
vaa_good_or_better = 93
"""

PERIOD_START, PERIOD_END = D(2015, 10, 1), D(2016, 3, 31)
COMPARISON_START, COMPARISON_END = D(2014, 10, 1), D(2015, 3, 31)
PREVIOUS_CUT = D(2015, 10, 31)

GRADE_MIXES = {
    "realistic": (0.05, 0.3, 0.45, 0.2),
    "all outstanding": (1, 0, 0, 0),
    "all good": (0, 1, 0, 0),
    "all requires improvement": (0, 0, 1, 0),
    "all inadequate": (0, 0, 0, 1),
    "good or inadequate": (0, 0.5, 0, 0.5),
    "even": (0.25, 0.25, 0.25, 0.25),
}


@dataclass(frozen=True)
class Shape:
    seed: int
    sif_inspected: int          # LAs with a SIF inspection (at least one)
    sif_before: float           # share of them published by the previous cut-off (0: a first report)
    sif_mix: str
    sif_reinspected: int
    lscb: float                 # share of inspections with an LSCB review
    previous_frameworks: float  # share of LAs with earlier-framework judgements
    homes: int
    regions: int                # homes spread over this many regions
    sectors: tuple
    sub_types: tuple
    homes_mix: str
    inspected: float            # share of homes fully inspected in the period
    twice: float                # share of those inspected a second time
    new: float                  # share of homes registered in the period
    compared: float             # share of homes inspected in the comparison period
    interim: int
    closed: float
    #: LAs inspected in the window whose reports were published after the
    #: cut-off: inspected, not yet published (issue 23).
    sif_unpublished: int = 0
    #: The grade mix of LAs published since the previous cut-off, when it
    #: differs from ``sif_mix``: "all inadequate" before and "realistic"
    #: since makes the share inadequate fall while its count rises.
    sif_mix_since: str | None = None
    even: bool = False          # each region's first in-period inspections 70% good: groups within a point
    small_top: bool = False     # two outstanding secure homes in a region of their own: a top bar of two inspections


shapes = st.builds(
    Shape,
    seed=st.integers(0, 2**31),
    sif_inspected=st.sampled_from([1, 2, 3, 9, 40, 87, 151, 152]) | st.integers(1, 152),
    sif_before=st.sampled_from([0.0, 1.0, 0.5]) | st.floats(0, 1),
    sif_mix=st.sampled_from(sorted(GRADE_MIXES)),
    sif_reinspected=st.integers(0, 3),
    lscb=st.sampled_from([0.0, 1.0, 0.8]),
    previous_frameworks=st.sampled_from([0.0, 0.3, 1.0]),
    homes=st.sampled_from([1, 2, 5, 12, 60, 200]),
    regions=st.integers(1, 9),
    sectors=st.sampled_from([tuple(j.SECTORS), ("Private",), ("Local authority", "Private"),
                             ("Private", "Voluntary", "Health authority")]),
    sub_types=st.sampled_from([tuple(j.SUB_TYPES), (j.SUB_TYPES[0],), (j.SUB_TYPES[0], j.SUB_TYPES[2])]),
    homes_mix=st.sampled_from(sorted(GRADE_MIXES)),
    inspected=st.sampled_from([0.0, 1.0, 0.5, 0.9]),
    twice=st.sampled_from([0.0, 0.2, 1.0]),
    new=st.sampled_from([0.0, 0.1, 1.0]),
    compared=st.sampled_from([0.0, 0.5, 1.0]),
    interim=st.sampled_from([0, 1, 5, 30]),
    closed=st.sampled_from([0.0, 0.05, 0.5]),
    sif_unpublished=st.sampled_from([0, 0, 1, 3]),
    sif_mix_since=st.sampled_from([None, None, "realistic", "all good", "all inadequate"]),
    # Issue 23's shapes, in the main draw: groups within a point of each
    # other, a top bar of two inspections, and (sif_mix_since) a share that
    # falls while its count rises.
    even=st.booleans(),
    small_top=st.booleans(),
)


def _cumulative(shares) -> np.ndarray:
    """A mix's cumulative shares, as numpy's ``Generator.choice(p=...)``
    makes them."""
    cdf = np.asarray(shares, dtype=float).cumsum()
    return cdf / cdf[-1]


#: Each mix's cumulative shares (``_drawn_grade``).
_CUMULATIVE = {mix: _cumulative(shares) for mix, shares in GRADE_MIXES.items()}


def _drawn_grade(rng: np.random.Generator, mix: str) -> str:
    """A grade drawn from ``mix``: ``rng.choice(j.GRADES, p=GRADE_MIXES[mix])``
    as numpy draws it (one ``rng.random()``, the grade whose cumulative share
    first exceeds it), so every dataset is the same, at a tenth of the cost
    of choice's checks of ``p`` (a dataset draws hundreds of grades)."""
    return j.GRADES[int(_CUMULATIVE[mix].searchsorted(rng.random(), side="right"))]


def _rows(path: Path, header: list[str], rows: list[list]) -> None:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def write(shape: Shape, folder: Path) -> Path:
    """A valid release folder of that shape."""
    rng = np.random.default_rng(shape.seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "release.toml").write_text(RELEASE_TOML, encoding="utf-8")
    las = list(csv.DictReader(LAS.read_text(encoding="utf-8").splitlines()))
    _rows(folder / "local_authorities.csv", list(las[0]), [list(r.values()) for r in las])

    def day(a: D, b: D) -> D:
        return a + dt.timedelta(days=int(rng.integers(0, max(0, (b - a).days) + 1)))

    def grade(mix: str, nj: bool = False) -> str:
        g = _drawn_grade(rng, mix)
        # "Not judged" (no children present) only in the realistic mix, so
        # the one-grade mixes really are one grade.
        return j.NOT_JUDGED if nj and mix == "realistic" and rng.random() < 0.05 else g

    # SIF inspections.
    codes = [r["la_code"] for r in las]
    chosen = [codes[i] for i in rng.choice(len(codes), size=shape.sif_inspected, replace=False)]
    sif = []
    for n, code in enumerate(chosen):
        before = rng.random() < shape.sif_before
        inspected = day(D(2013, 12, 1), D(2015, 8, 31)) if before else day(D(2015, 10, 5), D(2016, 2, 20))
        published = min(inspected + dt.timedelta(days=40), PREVIOUS_CUT if before else D(2016, 3, 31))
        mix = shape.sif_mix if before or not shape.sif_mix_since else shape.sif_mix_since
        oe = grade(mix)
        row = [f"S{n:04d}", code, inspected, published, "No", oe] + [
            oe if rng.random() < 0.7 else grade(mix, nj=True) for _ in range(5)]
        row.append(grade(shape.sif_mix) if rng.random() < shape.lscb else "")
        sif.append(row)
    for k in range(min(shape.sif_reinspected, len(sif))):
        first = sif[k]
        inspected = max(first[2] + dt.timedelta(days=60), D(2015, 11, 2))
        if inspected > D(2016, 2, 25):
            continue
        oe = grade(shape.sif_mix)
        sif.append([f"R{k:04d}", first[1], inspected, inspected + dt.timedelta(days=30), "Yes", oe] +
                   [oe] * 5 + [first[11]])
    # Inspected in the window's last month, published after its cut-off.
    rest = [c for c in codes if c not in set(chosen)]
    for k in range(min(shape.sif_unpublished, len(rest))):
        inspected = day(D(2016, 3, 1), D(2016, 3, 24))
        oe = grade(shape.sif_mix)
        sif.append([f"U{k:04d}", rest[k], inspected, D(2016, 4, 20), "No", oe] + [oe] * 5 + [""])
    _rows(folder / "sif_inspections.csv", ["inspection_id", "la_code", "inspection_date", "publication_date",
                                           "reinspection", "overall_effectiveness", "help_and_protection",
                                           "looked_after", "adoption", "care_leavers", "leadership",
                                           "lscb_overall_effectiveness"], sif)
    prev = []
    for code in codes:
        for framework, start in (("Child Protection", D(2012, 7, 2)), ("Looked After Children", D(2009, 7, 6))):
            if rng.random() < shape.previous_frameworks:
                prev.append([code, framework, day(start, start + dt.timedelta(days=300)),
                             str(rng.choice(j.PREVIOUS_GRADES))])
    if not prev:   # the file needs a record
        prev.append([codes[0], "Looked After Children", D(2010, 1, 4), "Good"])
    _rows(folder / "previous_frameworks.csv", ["la_code", "framework", "inspection_date", "judgement"], prev)

    # Children's homes.
    by_region = {}
    for r in las:
        by_region.setdefault(r["region"], []).append(r["la_code"])
    regions = [j.REGIONS[i] for i in rng.choice(9, size=shape.regions, replace=False)]
    homes, events = [], []
    # Homes graded in turn in each region, seven good in every ten, for the shape "even".
    in_turn = {}
    for n in range(shape.homes):
        urn = f"SC{100000 + n}"
        region = str(rng.choice(regions))
        code = str(rng.choice(by_region[region]))
        new = rng.random() < shape.new
        registered = day(PERIOD_START, D(2015, 12, 31)) if new else day(D(2005, 1, 1), D(2014, 6, 30))
        closed = day(D(2016, 2, 1), PERIOD_END) if rng.random() < shape.closed else None
        homes.append([urn, f"Provider {n}", str(rng.choice(shape.sub_types)), str(rng.choice(shape.sectors)),
                      code, registered, closed or "", (str(rng.choice(j.CLOSURE_REASONS)) if closed else "")])

        def full(a, b, g):
            inspected = day(a, b)
            events.append([urn, "Full", inspected, inspected + dt.timedelta(days=20), g, ""])
            return inspected

        if not new:
            full(D(2014, 7, 1), D(2014, 9, 20), grade(shape.homes_mix, nj=True))
            if rng.random() < shape.compared:
                full(COMPARISON_START, COMPARISON_END - dt.timedelta(days=30), grade(shape.homes_mix, nj=True))
        last_day = min(closed or PERIOD_END, PERIOD_END) - dt.timedelta(days=1)
        earliest = max(PERIOD_START, registered + dt.timedelta(days=10))
        if rng.random() < shape.inspected and earliest + dt.timedelta(days=70) <= last_day:
            first_grade = grade(shape.homes_mix, nj=True)
            if shape.even:
                in_turn[region] = in_turn.get(region, 0) + 1
                first_grade = j.GOOD if in_turn[region] % 10 < 7 else j.REQUIRES_IMPROVEMENT
            first = full(earliest, last_day - dt.timedelta(days=70), first_grade)
            if rng.random() < shape.twice:
                full(first + dt.timedelta(days=56), last_day, grade(shape.homes_mix))
    spare = [r for r in j.REGIONS if r not in regions]
    if shape.small_top and spare:
        # Two homes, each inspected once and judged outstanding, alone in their region:
        # the top bar of the regional and sub type charts rests on two inspections.
        for k in range(2):
            urn = f"SC{190000 + k}"
            homes.append([urn, f"Provider small {k}", "Secure children's home", "Voluntary", by_region[spare[0]][0],
                          D(2010, 1, 4), "", ""])
            events.append([urn, "Full", D(2015, 11, 2 + k), D(2015, 11, 25), j.OUTSTANDING, ""])
    opened = [h for h in homes if not h[6] and h[5] < PERIOD_START]
    for k in range(min(shape.interim, len(opened))):
        inspected = day(PERIOD_START, PERIOD_END - dt.timedelta(days=40))
        outcome = str(rng.choice(j.RECORDED_INTERIM_OUTCOMES))
        events.append([opened[k][0], "Interim", inspected, inspected + dt.timedelta(days=14), "", outcome])
    if not events:   # the file needs a record: an interim inspection of the first home
        h = homes[0]
        inspected = max(h[5], PERIOD_START) + dt.timedelta(days=2)
        events.append([h[0], "Monitoring", inspected, inspected + dt.timedelta(days=5), "", ""])
    events = [[f"E{n:05d}"] + e for n, e in enumerate(events)]
    _rows(folder / "childrens_homes.csv", ["urn", "provider_name", "sub_type", "sector", "la_code",
                                           "registration_date", "closure_date", "closure_reason"], homes)
    _rows(folder / "homes_inspections.csv", ["event_id", "urn", "event_type", "inspection_date",
                                             "publication_date", "overall_effectiveness", "interim_outcome"], events)
    return folder
