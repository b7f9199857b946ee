"""The release series of the sample: one history, three extracts.

The sample generators (``sample_la.py``, ``sample_homes.py``) make the
records as they stood when the 2016-09 release's data were taken (31
October 2016). This script turns them into a release series, as real
extracts of one database would be:

- ``data/2016-03`` (31 March 2016 data, published July 2016): the same
  history as it stood on 30 April 2016. Records published later are not in
  it yet, nor are homes registered later; children in need are the DfE
  counts at 31 March 2015 (those of 2016 were not published until
  November 2016).
- ``data/2016-09``: the generators' files, unchanged.
- ``data/2017-03`` (31 March 2017 data, published July 2017): the history
  carried on to 30 April 2017: SIF inspections of the LAs not yet
  inspected and re-inspections of some judged inadequate (October 2016 -
  March 2017), full and interim inspections of children's homes, new homes
  and closures. Some records arrive late, as they do in real extracts:
  full and interim inspections of April - September 2016 published after 31
  October 2016 (the revision of that period), and homes whose closure
  before 30 September 2016 was recorded only after the 2016-09 data were
  taken (so the state of the nation at 30 September 2016 is revised).

Everything is seeded: ``python data/sample_series.py`` writes
byte-identical files every time, and ``tests/test_release_series.py``
checks that the committed folders are what it makes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from release.inputs import judgements as j  # noqa: E402
from sample_homes import INTERIM_LIKELY, Dates  # noqa: E402  (the same dates and interim outcomes)

D = dt.date
SEED = 20170331
O, G, RI, I, NJ = j.OUTSTANDING, j.GOOD, j.REQUIRES_IMPROVEMENT, j.INADEQUATE, j.NOT_JUDGED

#: When each release's data were taken.
EXTRACT_2016_03 = D(2016, 4, 30)
EXTRACT_2016_09 = D(2016, 10, 31)
EXTRACT_2017_03 = D(2017, 4, 30)
NEXT_START, NEXT_END = D(2016, 10, 1), D(2017, 3, 31)

#: Homes open at 30 September 2016 whose closure (in August or September
#: 2016) was recorded after 31 October 2016: all below good, so the revised
#: state of the nation at 30 September 2016 is a point higher than the
#: published 81% (1,576 of 1,941).
LATE_CLOSURES = 8
#: Inspections of April - September 2016 published after 31 October 2016.
LATE_FULL, LATE_INTERIM = 31, 24

#: A home's next full judgement given its last (as the homes generator's).
NEXT = {
    O: {O: .55, G: .39, RI: .05, I: .01},
    G: {O: .09, G: .71, RI: .16, I: .04},
    RI: {O: .02, G: .58, RI: .32, I: .08},
    I: {O: .0, G: .40, RI: .53, I: .07},
    None: {O: .06, G: .62, RI: .21, I: .07, NJ: .04},
}
#: SIF overall effectiveness of the LAs first inspected October 2016 - March
#: 2017 (our assumption: a little better than the first three years).
SIF_OE = {O: .02, G: .34, RI: .46, I: .18}


def read(folder: Path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(folder.glob("*.csv"))}


def write(tables: dict[str, pd.DataFrame], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        buffer = io.StringIO()
        table.to_csv(buffer, index=False, lineterminator="\n")
        (folder / f"{name}.csv").write_bytes(buffer.getvalue().encode("utf-8"))


def iso(day: D | None) -> str:
    return day.isoformat() if day else ""


def day_of(text: str) -> D | None:
    return D.fromisoformat(text) if text else None


class Days(Dates):
    """The homes generator's seeded dates, and a lag after a day."""

    def later(self, day: D, lo: int, hi: int) -> D:
        return day + dt.timedelta(days=int(self.rng.integers(lo, hi + 1)))


# --------------------------------------------------------------------------
# 2016-03: the history as it stood on 30 April 2016
# --------------------------------------------------------------------------

def extract_2016_03(t: dict[str, pd.DataFrame], rng) -> dict[str, pd.DataFrame]:
    cut = iso(EXTRACT_2016_03)
    # Records up to the reference date, as they stood when the data were taken.
    ref = iso(D(2016, 3, 31))
    las = t["local_authorities"].copy()
    # Children in need a year earlier: each LA's 2016 count moved by a few
    # per cent (England's rose by about 1% a year then).
    for col in ("children_in_need", "children_looked_after", "child_protection_plans"):
        factor = 1 - rng.normal(0.012, 0.03, len(las))
        las[col] = [str(max(0, int(round(int(v) * f)))) for v, f in zip(las[col], factor)]
    sif = t["sif_inspections"]
    homes = t["childrens_homes"]
    homes = homes[homes["registration_date"] <= ref].copy()
    late = homes["closure_date"] > ref
    homes.loc[late, ["closure_date", "closure_reason"]] = ""
    events = t["homes_inspections"]
    return {
        "childrens_homes": homes.reset_index(drop=True),
        "homes_inspections": events[(events["publication_date"] <= cut)
                                    & (events["inspection_date"] <= ref)].reset_index(drop=True),
        "local_authorities": las,
        "previous_frameworks": t["previous_frameworks"],
        "sif_inspections": sif[(sif["publication_date"] <= cut) & (sif["inspection_date"] <= ref)]
        .reset_index(drop=True),
    }


# --------------------------------------------------------------------------
# 2017-03: the history carried on to 30 April 2017
# --------------------------------------------------------------------------

def _sif_row(rng, days, la_code, inspection_id, first, last, reinspection, oe=None):
    oe = oe or str(rng.choice(list(SIF_OE), p=list(SIF_OE.values())))
    near = {O: (O, G), G: (G, O, RI), RI: (RI, G, I), I: (I, RI)}

    def judge(bias=0.7):
        return oe if rng.random() < bias else str(rng.choice(near[oe]))

    inspected = days.weekday(first, last)
    published = days.later(inspected, 42, 70)
    return {
        "inspection_id": str(inspection_id), "la_code": la_code, "inspection_date": iso(inspected),
        "publication_date": iso(published), "reinspection": "Yes" if reinspection else "No",
        "overall_effectiveness": oe, "help_and_protection": judge(0.8), "looked_after": judge(0.8),
        "adoption": judge(0.5), "care_leavers": judge(0.6), "leadership": judge(0.8),
        "lscb_overall_effectiveness": judge(0.6),
    }


def extend_sif(sif: pd.DataFrame, las: pd.DataFrame, rng, days) -> pd.DataFrame:
    """First inspections of most LAs not yet inspected, and re-inspections
    of a few judged inadequate, October 2016 - February 2017 (published
    within about two months, so by 30 April 2017)."""
    latest = sif.sort_values("inspection_date").groupby("la_code").tail(1)
    waiting = sorted(set(las["la_code"]) - set(sif["la_code"]))
    first = [waiting[i] for i in sorted(rng.choice(len(waiting), size=len(waiting) * 2 // 3, replace=False))]
    inadequate = sorted(latest.loc[(latest["overall_effectiveness"] == I)
                                   & (latest["inspection_date"] < "2015-06-01"), "la_code"])
    again = [inadequate[i] for i in sorted(rng.choice(len(inadequate), size=min(3, len(inadequate)), replace=False))]
    next_id = max(int(x) for x in sif["inspection_id"]) + 1
    rows = []
    for code in first:
        rows.append(_sif_row(rng, days, code, next_id, NEXT_START, D(2017, 2, 24), False))
        next_id += 1
    for code in again:
        # Re-inspected LAs mostly improve to requires improvement.
        oe = RI if rng.random() < 0.7 else I
        rows.append(_sif_row(rng, days, code, next_id, NEXT_START, D(2017, 2, 24), True, oe))
        next_id += 1
    out = pd.concat([sif, pd.DataFrame(rows, columns=sif.columns)], ignore_index=True)
    return out.sort_values(["inspection_date", "inspection_id"]).reset_index(drop=True)


def _grade(rng, last, nj=True):
    p = NEXT[last if last in j.GRADES else None]
    grades = [g for g in p if nj or g != NJ]
    w = np.array([p[g] for g in grades])
    return str(rng.choice(grades, p=w / w.sum()))


def extend_homes(homes: pd.DataFrame, events: pd.DataFrame, rng, days) -> tuple[pd.DataFrame, pd.DataFrame]:
    homes = homes.copy()
    ev = [dict(r) for r in events.to_dict("records")]
    by_urn: dict[str, list[dict]] = {}
    for e in ev:
        by_urn.setdefault(e["urn"], []).append(e)

    def last_grade(urn, before=None):
        fulls = [e for e in by_urn.get(urn, []) if e["event_type"] == "Full" and e["overall_effectiveness"] in j.GRADES
                 and (before is None or e["inspection_date"] <= before)]
        return max(fulls, key=lambda e: e["inspection_date"])["overall_effectiveness"] if fulls else None

    def last_day(urn):
        days_ = [day_of(e["inspection_date"]) for e in by_urn.get(urn, [])]
        return max(days_) if days_ else None

    new_events = []

    def add(urn, kind, inspected, published, oe="", interim=""):
        e = {"event_id": "", "urn": urn, "event_type": kind, "inspection_date": iso(inspected),
             "publication_date": iso(published), "overall_effectiveness": oe, "interim_outcome": interim}
        new_events.append(e)
        by_urn.setdefault(urn, []).append(e)

    open_now = homes[homes["closure_date"] == ""]
    in_period = {e["urn"] for e in ev if e["event_type"] == "Full" and "2016-04-01" <= e["inspection_date"] <= "2016-09-30"}

    # 1. Closures before 30 September 2016 recorded after 31 October 2016.
    below = [u for u in sorted(open_now["urn"]) if last_grade(u) in (RI, I) and u not in in_period
             and (last_day(u) or D(2000, 1, 1)) <= D(2016, 7, 15)]
    late_closed = [below[i] for i in sorted(rng.choice(len(below), size=LATE_CLOSURES, replace=False))]
    for u in late_closed:
        i = homes.index[homes["urn"] == u][0]
        homes.loc[i, "closure_date"] = iso(days.between(D(2016, 8, 1), D(2016, 9, 29)))
        homes.loc[i, "closure_reason"] = "Resigned"
    closed = set(late_closed)

    # 2. Inspections of April - September 2016 published after 31 October 2016.
    waiting = [u for u in sorted(open_now["urn"]) if u not in in_period and u not in closed and last_grade(u)]
    for i in sorted(rng.choice(len(waiting), size=LATE_FULL, replace=False)):
        u = waiting[i]
        day = days.weekday(D(2016, 8, 22), D(2016, 9, 29))
        add(u, "Full", day, days.between(D(2016, 11, 2), D(2016, 12, 16)), _grade(rng, last_grade(u), nj=False))
        in_period.add(u)
    interims = [u for u in sorted(in_period) if u not in closed]
    for i in sorted(rng.choice(len(interims), size=LATE_INTERIM, replace=False)):
        u = interims[i]
        day = days.weekday(D(2016, 9, 1), D(2016, 9, 29))
        if any(e["inspection_date"] >= iso(day - dt.timedelta(days=60)) for e in by_urn[u]):
            continue
        w = np.array(INTERIM_LIKELY[last_grade(u) or G])
        add(u, "Interim", day, days.between(D(2016, 11, 2), D(2016, 12, 9)), "",
            str(rng.choice(j.INTERIM_OUTCOMES, p=w / w.sum())))

    # 3. New homes registered October 2016 - February 2017.
    last_urn = max(int(u[2:]) for u in homes["urn"])
    las = sorted(homes["la_code"].unique())
    new_rows = []
    for k in range(84):
        donor = homes.iloc[int(rng.integers(len(homes)))]
        urn = f"SC{last_urn + 7 * (k + 1):06d}"
        new_rows.append({"urn": urn, "provider_name": donor["provider_name"], "sub_type": "Children's home",
                         "sector": donor["sector"] if donor["sector"] != "Health authority" else "Private",
                         "la_code": las[int(rng.integers(len(las)))],
                         "registration_date": iso(days.between(NEXT_START, D(2017, 2, 28))),
                         "closure_date": "", "closure_reason": ""})
    homes = pd.concat([homes, pd.DataFrame(new_rows, columns=homes.columns)], ignore_index=True)

    # 4. Full inspections October 2016 - March 2017: most homes open and not
    # inspected in April - September 2016 (the annual cycle), homes judged
    # inadequate again within about four months, new homes after a few months.
    for h in homes.itertuples():
        if h.urn in closed or (h.closure_date and h.closure_date < iso(NEXT_START)):
            continue
        registered = day_of(h.registration_date)
        last = last_grade(h.urn)
        prev = last_day(h.urn)
        if registered >= NEXT_START:
            if rng.random() < 0.55:
                first = registered + dt.timedelta(days=60)
                if first < D(2017, 3, 24):
                    day = days.weekday(first, D(2017, 3, 24))
                    add(h.urn, "Full", day, days.later(day, 12, 35), _grade(rng, None))
            continue
        due = h.urn not in in_period and rng.random() < 0.93
        if last == I and prev and prev >= D(2016, 6, 1):
            due = True
        if not due:
            if h.urn in in_period and rng.random() < 0.85 and last:   # an interim, about six months after
                start = max(NEXT_START, (prev or NEXT_START) + dt.timedelta(days=150))
                if start < D(2017, 3, 24):
                    day = days.weekday(start, D(2017, 3, 24))
                    w = np.array(INTERIM_LIKELY[last])
                    outcome = NJ if rng.random() < 0.12 else str(rng.choice(j.INTERIM_OUTCOMES, p=w / w.sum()))
                    add(h.urn, "Interim", day, days.later(day, 7, 28), "", outcome)
            continue
        start = max(NEXT_START, (prev or NEXT_START) + dt.timedelta(days=60))
        if start >= D(2017, 3, 24):
            continue
        day = days.weekday(start, D(2017, 3, 24))
        grade = _grade(rng, last)
        add(h.urn, "Full", day, days.later(day, 12, 35), grade)
        if grade == I:
            mon = day + dt.timedelta(days=28)
            if mon < D(2017, 3, 28) and rng.random() < 0.6:
                add(h.urn, "Monitoring", mon, days.later(mon, 5, 20))
            again = day + dt.timedelta(days=70)
            if again < D(2017, 3, 24) and rng.random() < 0.55:
                day2 = days.weekday(again, min(again + dt.timedelta(days=40), D(2017, 3, 24)))
                add(h.urn, "Full", day2, days.later(day2, 12, 35), _grade(rng, I, nj=False))

    # 5. Closures October 2016 - March 2017, recorded promptly: more often
    # homes last judged inadequate (some cancelled).
    open_ = [h for h in homes.itertuples() if not h.closure_date and h.urn not in closed]
    for h in open_:
        grade = last_grade(h.urn)
        p = 0.12 if grade == I else 0.025
        if rng.random() < p:
            after = max(NEXT_START, (last_day(h.urn) or NEXT_START) + dt.timedelta(days=10),
                        day_of(h.registration_date) + dt.timedelta(days=30))
            if after > D(2017, 3, 28):
                continue
            i = homes.index[homes["urn"] == h.urn][0]
            homes.loc[i, "closure_date"] = iso(days.between(after, D(2017, 3, 28)))
            homes.loc[i, "closure_reason"] = "Cancelled" if grade == I and rng.random() < 0.4 else "Resigned"

    # 6. Emergency visits, a few.
    for h in [open_[i] for i in sorted(rng.choice(len(open_), size=3, replace=False))]:
        day = days.weekday(NEXT_START, D(2017, 3, 10))
        if not homes.loc[homes["urn"] == h.urn, "closure_date"].iloc[0]:
            add(h.urn, "Emergency", day, days.later(day, 5, 20))

    events = pd.concat([events, pd.DataFrame(new_events, columns=events.columns)], ignore_index=True)
    events = events[events["publication_date"] <= iso(EXTRACT_2017_03)]
    first_new = max(int(e[2:]) for e in events["event_id"] if e) + 1
    fresh = events["event_id"] == ""
    order = events[fresh].sort_values(["inspection_date", "urn"]).index
    events.loc[order, "event_id"] = [f"EV{first_new + i}" for i in range(len(order))]
    events = events.sort_values(["urn", "inspection_date", "event_id"]).reset_index(drop=True)
    return homes.sort_values("urn").reset_index(drop=True), events


def extract_2017_03(t: dict[str, pd.DataFrame], rng) -> dict[str, pd.DataFrame]:
    days = Days(rng)
    sif = extend_sif(t["sif_inspections"], t["local_authorities"], rng, days)
    homes, events = extend_homes(t["childrens_homes"], t["homes_inspections"], rng, days)
    return {
        "childrens_homes": homes,
        "homes_inspections": events,
        "local_authorities": t["local_authorities"],
        "previous_frameworks": t["previous_frameworks"],
        "sif_inspections": sif[sif["publication_date"] <= iso(EXTRACT_2017_03)].reset_index(drop=True),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, default=HERE / "2016-09", help="the 2016-09 files (default data/2016-09)")
    parser.add_argument("--out", type=Path, default=HERE, help="where to write 2016-03/ and 2017-03/ (default data/)")
    args = parser.parse_args(argv)
    base = read(args.base)
    write(extract_2016_03(base, np.random.default_rng(SEED)), args.out / "2016-03")
    write(extract_2017_03(base, np.random.default_rng(SEED + 1)), args.out / "2017-03")
    print(f"wrote {args.out / '2016-03'} and {args.out / '2017-03'}")


if __name__ == "__main__":
    main()
