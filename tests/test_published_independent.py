"""The published figures, recounted from the source records with plain
pandas, without the project's loading, figures or ledger code.

Each count below is written from the definitions in data/README.md, and
checked against the value the release printed (tests/published/*.csv).
If the build's figures code and this independent count ever disagree with
the release, one of them has a defect."""

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from conftest import DATA

PUBLISHED = Path(__file__).parent / "published"
GOOD = {"Outstanding", "Good"}


def published() -> dict[str, str]:
    values = {}
    for name in ("la_figures.csv", "homes_figures.csv"):
        with open(PUBLISHED / name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                values.setdefault(row["key"], row["published"])
    return values


def pct(count, base) -> int:
    return int((Decimal(int(count)) * 100 / Decimal(int(base))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def src():
    las = read("local_authorities.csv")
    sif = read("sif_inspections.csv").merge(las[["la_code", "la_name", "region"]], on="la_code")
    homes = read("childrens_homes.csv").merge(las[["la_code", "region"]], on="la_code")
    ev = read("homes_inspections.csv").merge(homes[["urn", "sector", "sub_type", "region"]], on="urn")
    return las, sif, homes, ev


def sif_position(sif, published_by, inspected_to="2016-09-30"):
    """Each LA's latest SIF inspection published by the date."""
    s = sif[(sif["publication_date"] <= published_by) & (sif["inspection_date"] <= inspected_to)]
    return s.sort_values("inspection_date").groupby("la_code").tail(1)


def full_in(ev, start, end, published_by):
    f = ev[(ev["event_type"] == "Full") & ev["inspection_date"].between(start, end)
           & (ev["publication_date"] <= published_by)]
    return f


def state(ev, homes, date, published_by):
    """Homes open on ``date`` by their latest judged full inspection."""
    open_ = homes[(homes["registration_date"] <= date) & ((homes["closure_date"] == "") | (homes["closure_date"] > date))]
    f = ev[(ev["event_type"] == "Full") & ev["overall_effectiveness"].isin(["Outstanding", "Good",
                                                                             "Requires improvement to be good",
                                                                             "Inadequate"])
           & (ev["inspection_date"] <= date) & (ev["publication_date"] <= published_by)]
    latest = f.sort_values("inspection_date").groupby("urn").tail(1)
    return latest[latest["urn"].isin(open_["urn"])]


def share_good(frame, column="overall_effectiveness"):
    return pct(frame[column].isin(GOOD).sum(), len(frame))


def share_of(frame, grade, column="overall_effectiveness"):
    return pct((frame[column] == grade).sum(), len(frame))


def _now(src):
    return sif_position(src[1], "2016-10-31")


def _before(src):
    return sif_position(src[1], "2016-03-31")


def _period(src):
    return full_in(src[3], "2016-04-01", "2016-09-30", "2016-10-31")


def _then(src):
    return full_in(src[3], "2015-04-01", "2015-09-30", "2016-04-30")


def _previous(src):
    """The last judged full inspection of each home before the period."""
    ev = src[3]
    f = ev[(ev["event_type"] == "Full") & (ev["inspection_date"] < "2016-04-01")
           & (ev["overall_effectiveness"] != "Not judged")]
    return f.sort_values("inspection_date").groupby("urn").tail(1).set_index("urn")["overall_effectiveness"]


RANK = {"Outstanding": 1, "Good": 2, "Requires improvement to be good": 3, "Inadequate": 4}


def _compared(src):
    p = _period(src)
    prev = p["urn"].map(_previous(src))
    c = p[prev.notna() & p["overall_effectiveness"].isin(list(RANK))].copy()
    c["step"] = [RANK[a] - RANK[b] for a, b in zip(prev[c.index], c["overall_effectiveness"])]
    return c


def _twice(src):
    p = _period(src).sort_values("inspection_date")
    counts = p.groupby("urn").size()
    return p[p["urn"].isin(counts[counts == 2].index)]


INDEPENDENT = {
    "sif.inspected.count": lambda s: len(_now(s)),
    "sif.inspections_all": lambda s: int((s[1]["publication_date"] <= "2016-10-31").sum()),
    "sif.previous.inspected.count": lambda s: len(_before(s)),
    "sif.oe.good_or_better": lambda s: share_good(_now(s)),
    "sif.oe.good_or_better.count": lambda s: int(_now(s)["overall_effectiveness"].isin(GOOD).sum()),
    "sif.previous.oe.good_or_better": lambda s: share_good(_before(s)),
    "sif.oe.inadequate": lambda s: share_of(_now(s), "Inadequate"),
    "sif.oe.inadequate.count": lambda s: int((_now(s)["overall_effectiveness"] == "Inadequate").sum()),
    "sif.previous.oe.inadequate": lambda s: share_of(_before(s), "Inadequate"),
    "sif.oe.requires_improvement": lambda s: share_of(_now(s), "Requires improvement to be good"),
    "sif.hp.inadequate.count": lambda s: int((_now(s)["help_and_protection"] == "Inadequate").sum()),
    "sif.lmg.outstanding.count": lambda s: int((_now(s)["leadership"] == "Outstanding").sum()),
    "sif.adoption.good_or_better.count": lambda s: int(_now(s)["adoption"].isin(GOOD).sum()),
    "sif.care_leavers.good.count": lambda s: int((_now(s)["care_leavers"] == "Good").sum()),
    "sif.region.london.good_or_better": lambda s: share_good(_now(s)[_now(s)["region"] == "London"]),
    "sif.region.east_midlands.good_or_better": lambda s: share_good(_now(s)[_now(s)["region"] == "East Midlands"]),
    "sif.region.west_midlands.good_or_better": lambda s: share_good(_now(s)[_now(s)["region"] == "West Midlands"]),
    "context.children_in_need": lambda s: int(s[0]["children_in_need"].astype(int).sum()),
    "context.children_looked_after": lambda s: int(s[0]["children_looked_after"].astype(int).sum()),
    "context.child_protection_plans": lambda s: int(s[0]["child_protection_plans"].astype(int).sum()),
    "homes.inspections": lambda s: len(_period(s)),
    "homes.comparison.inspections": lambda s: len(_then(s)),
    "homes.oe.good_or_better": lambda s: share_good(_period(s)),
    "homes.comparison.oe.good_or_better": lambda s: share_good(_then(s)),
    "homes.oe.inadequate.count": lambda s: int((_period(s)["overall_effectiveness"] == "Inadequate").sum()),
    "homes.comparison.oe.inadequate.count": lambda s: int((_then(s)["overall_effectiveness"] == "Inadequate").sum()),
    "homes.sub_type.children_s_home.inspections.count": lambda s: int((_period(s)["sub_type"] == "Children's home").sum()),
    "homes.sub_type.residential_special_school.oe.good_or_better":
        lambda s: share_good(_period(s)[_period(s)["sub_type"] == "Residential special school"]),
    "homes.sector.local_authority.good_or_better": lambda s: share_good(_period(s)[_period(s)["sector"] == "Local authority"]),
    "homes.sector.private.inadequate": lambda s: share_of(_period(s)[_period(s)["sector"] == "Private"], "Inadequate"),
    "homes.region.north_east.oe.good_or_better": lambda s: share_good(_period(s)[_period(s)["region"] == "North East"]),
    "homes.region.south_west.oe.good_or_better": lambda s: share_good(_period(s)[_period(s)["region"] == "South West"]),
    "homes.twice.homes": lambda s: _twice(s)["urn"].nunique(),
    "homes.twice.improved.count": lambda s: int((_twice(s).groupby("urn")["overall_effectiveness"].last()
                                                 != "Inadequate").sum()),
    "homes.change.compared": lambda s: len(_compared(s)),
    "homes.change.improved": lambda s: pct((_compared(s)["step"] > 0).sum(), len(_compared(s))),
    "homes.change.changed": lambda s: int((_compared(s)["step"] != 0).sum()),
    "homes.change.one_grade.count": lambda s: int((_compared(s)["step"].abs() == 1).sum()),
    "homes.new.good_or_better": lambda s: share_good(_period(s)[_period(s)["urn"].map(_previous(s)).isna()]),
    "homes.interim.inspections": lambda s: int(((s[3]["event_type"] == "Interim")
                                                & s[3]["inspection_date"].between("2016-04-01", "2016-09-30")
                                                & (s[3]["publication_date"] <= "2016-10-31")).sum()),
    "homes.state.now.good_or_better": lambda s: share_good(state(s[3], s[2], "2016-09-30", "2016-10-31")),
    "homes.state.before.good_or_better": lambda s: share_good(state(s[3], s[2], "2016-03-31", "2016-04-30")),
    "homes.state.year_ago.good_or_better": lambda s: share_good(state(s[3], s[2], "2015-09-30", "2015-10-31")),
    "homes.state.now.inadequate.count": lambda s: int((state(s[3], s[2], "2016-09-30", "2016-10-31")
                                                       ["overall_effectiveness"] == "Inadequate").sum()),
}


@pytest.mark.parametrize("key", sorted(INDEPENDENT))
def test_recounted_from_the_records_as_published(src, key):
    expected = published()[key]
    assert str(INDEPENDENT[key](src)) == expected.replace(",", "")
