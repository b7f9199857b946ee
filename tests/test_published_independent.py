"""Every published figure, recounted from the source records with plain
pandas, without the project's loading, figures or ledger code.

``tests/published/la_figures.csv`` and ``homes_figures.csv`` give each
figure the release printed, under the build's name for it (its ledger key).
Here each key has one recount, written from the definitions in
data/README.md and the wording of the published text
(../shared/reference/ofsted-la-and-childrens-homes-2016-09-30.txt),
and the two must agree. The build's own figures code is checked against the
same rows in test_sample_la.py and test_sample_homes.py: if this recount and
the build ever disagree with the release, one of them has a defect.

How a recount is compared with the published text:

* a number: the published number without thousands commas. Percentages are
  rounded half up (never Python's round(), which rounds half to even);
* ``Names`` (LAs, regions, judgements, grades): the names the published text
  gives, as a set, read against the names in the records ("the" and "Royal
  Borough of" before a name, and commas, "and" and "plus" between names are
  allowed; any other word left over fails);
* a date: as the text gives it, "30 September 2016" or "November 2013";
* ``CountByRegion`` / ``PercentByRegion``: "four in London and one in the
  South East", "the East Midlands (50%), ... and the North East (38%)";
* text from release.toml (a month, "11.7 million"): the same words.

Dates, the children's population and the voluntary adoption agencies'
figure are release metadata, not records: for them the recount is
release.toml's value in the published form.

Recounts that disagree with the published value are marked xfail (strict)
in ``DISAGREEMENTS`` with the reason: each is a defect in the data or the
build to fix, never a reason to change the recount.
"""

import csv
import datetime as dt
import re
import tomllib
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cached_property
from pathlib import Path

import pandas as pd
import pytest

from conftest import DATA

PUBLISHED = Path(__file__).parent / "published"
PUBLISHED_FILES = ("la_figures.csv", "homes_figures.csv")

OUTSTANDING, GOOD, RI, INADEQUATE = "Outstanding", "Good", "Requires improvement to be good", "Inadequate"
GOOD_OR_BETTER = {OUTSTANDING, GOOD}
GRADES = [OUTSTANDING, GOOD, RI, INADEQUATE]          # best first
RANK = {grade: i for i, grade in enumerate(GRADES)}   # 0 = outstanding ... 3 = inadequate

#: The SIF judgements, with the titles the release gives them.
SIF_JUDGEMENTS = {
    "overall_effectiveness": "overall effectiveness",
    "help_and_protection": "children who need help and protection",
    "looked_after": "children looked after and achieving permanence",
    "adoption": "adoption performance",
    "care_leavers": "experiences and progress of care leavers",
    "leadership": "leadership, management and governance",
}
KEY_JUDGEMENTS = ["help_and_protection", "looked_after", "leadership"]
SUB_JUDGEMENTS = ["adoption", "care_leavers"]

#: The areas of the homes key points ("Inspections in the north ... The
#: midlands ... and the south"), as Ofsted groups the nine regions.
AREAS = {
    "North East": "north", "North West": "north", "Yorkshire and The Humber": "north",
    "East Midlands": "midlands", "West Midlands": "midlands",
    "East of England": "south", "London": "south", "South East": "south", "South West": "south",
}

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}


# --- Arithmetic ---------------------------------------------------------------

def pct(count, base) -> int:
    """``count`` as a whole percentage of ``base``, rounded half up."""
    return int((Decimal(int(count)) * 100 / Decimal(int(base))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def pct_of(f: Fraction) -> int:
    """An exact proportion as a whole percentage, rounded half up."""
    return pct(f.numerator, f.denominator)


def count(frame: pd.DataFrame, column: str, grades) -> int:
    """Rows whose ``column`` is one of ``grades`` (a grade or a set of them)."""
    grades = {grades} if isinstance(grades, str) else set(grades)
    return int(frame[column].isin(grades).sum())


def share(frame: pd.DataFrame, column: str, grades) -> int:
    """Percentage of rows whose ``column`` is one of ``grades``."""
    return pct(count(frame, column, grades), len(frame))


def fraction(frame: pd.DataFrame, column: str, grades) -> Fraction:
    """The exact proportion, for ranking and thresholds."""
    return Fraction(count(frame, column, grades), len(frame))


def by_region(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {region: rows for region, rows in frame.groupby("region")}


def region_percentages(frame: pd.DataFrame, column: str, grades) -> dict[str, int]:
    return {region: share(rows, column, grades) for region, rows in by_region(frame).items()}


def highest(values: dict):
    """The key of the highest value (it must be the only one)."""
    top = max(values.values())
    keys = [k for k, v in values.items() if v == top]
    assert len(keys) == 1, f"tie for highest: {keys}"
    return keys[0]


def lowest(values: dict):
    return highest({k: -v for k, v in values.items()})


# --- Value kinds that are compared with the published text ----------------------

class Names(frozenset):
    """Names of LAs, regions, judgements or grades, compared as a set."""


class CountByRegion(dict):
    """{region: count}, published as "four in London and one in the South East"."""


class PercentByRegion(dict):
    """{region: percentage}, published as "the East Midlands (50%), ... and the North East (38%)"."""


def names_in(text: str, known: set[str]) -> set[str]:
    """The names from ``known`` that ``text`` gives, longest first (so that
    "Kensington and Chelsea" and "City of London" are taken whole). Only
    "the" or "Royal Borough of" before a name, and commas, "and" and "plus"
    between names, may be left over."""
    rest = " " + " ".join(text.casefold().split()) + " "
    found = set()
    for name in sorted(known, key=len, reverse=True):
        pattern = r"(?<!\w)(?:(?:the|royal borough of)\s+)?" + re.escape(" ".join(name.casefold().split())) + r"(?!\w)"
        rest, n = re.subn(pattern, " ", rest)
        if n:
            found.add(name)
    leftover = re.sub(r"\b(?:and|plus)\b|[\s,]", "", rest)
    assert not leftover, f"words in {text!r} that name nothing in the records: {leftover!r}"
    return found


def read_published(text: str, like, known: set[str]):
    """The published text as a value of the same kind as the recount ``like``."""
    if isinstance(like, bool):
        raise TypeError("a published figure is never a bare yes/no")
    if isinstance(like, int):
        return int(text.replace(",", ""))
    if isinstance(like, Names):
        return Names(names_in(text, known))
    if isinstance(like, CountByRegion):
        parts = re.findall(r"(\w+) in (.+?)(?=, | and \w+ in |$)", text)
        return CountByRegion({names_in(region, known).pop(): NUMBER_WORDS[n.casefold()] for n, region in parts})
    if isinstance(like, PercentByRegion):
        parts = re.findall(r"([^,()]+?)\s*\((\d+)%\)", text)    # "and the North East (38%)" included
        return PercentByRegion({names_in(region, known).pop(): int(p) for region, p in parts})
    if isinstance(like, dt.date):
        if re.fullmatch(r"\d{1,2} \w+ \d{4}", text):
            return dt.datetime.strptime(text, "%d %B %Y").date()
        return dt.datetime.strptime(text, "%B %Y").date().replace(day=like.day)   # a month and year
    if isinstance(like, str):
        return text
    raise TypeError(f"no way to read {text!r} as {type(like).__name__}")


# --- The records ------------------------------------------------------------------

def read(folder: Path, name: str) -> pd.DataFrame:
    """A source file as text (dates stay ISO strings, which sort as dates)."""
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def iso(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


class Records:
    """The five source files and release.toml, with the sets of records the
    release talks about. Every set is defined once, from data/README.md."""

    def __init__(self, folder: Path):
        self.folder = folder
        with open(folder / "release.toml", "rb") as f:
            self.rel = tomllib.load(f)
        self.las = read(folder, "local_authorities.csv")
        for column in ("children_in_need", "children_looked_after", "child_protection_plans"):
            self.las[column] = self.las[column].astype(int)
        la_facts = self.las[["la_code", "la_name", "region", "la_type", "children_in_need"]]
        self.sif = read(folder, "sif_inspections.csv").merge(la_facts, on="la_code", validate="many_to_one")
        self.previous_frameworks = read(folder, "previous_frameworks.csv").merge(la_facts, on="la_code")
        self.homes = read(folder, "childrens_homes.csv").merge(self.las[["la_code", "region"]], on="la_code")
        self.events = read(folder, "homes_inspections.csv").merge(
            self.homes[["urn", "sub_type", "sector", "region", "closure_date", "closure_reason"]], on="urn",
            validate="many_to_one")
        self.known_names = (set(self.las["la_name"]) | set(self.las["region"]) | set(GRADES)
                            | set(SIF_JUDGEMENTS.values()))

    # Metadata: release.toml, with what data/README.md says is derived from
    # the previous release's release.toml (read here without the build's code).
    @property
    def sif_dates(self) -> dict:
        sif = dict(self.rel["sif"])
        sif.setdefault("previous_published_by", self.before["sif_published_by"])
        return sif

    @property
    def homes_dates(self) -> dict:
        h = dict(self.rel["homes"])
        year = lambda d: d.replace(year=d.year - 1)  # noqa: E731 (no 29 February here)
        h["comparison_start"], h["comparison_end"] = year(h["period_start"]), year(h["period_end"])
        h["comparison_published_by"] = self.before["homes_published_by"]
        h["state"] = self.before_states(self.rel)
        return h

    @property
    def before(self) -> dict:
        return previous_release(self.folder, self.rel)

    def before_states(self, rel: dict) -> list[dict]:
        """A year ago (if the previous release had it), the previous
        release's date, and now."""
        now = {"date": rel["homes"]["period_end"], "published_by": rel["homes"]["published_by"]}
        prev = previous_release(self.folder, rel)
        earlier = [s for s in prev["states"] if s["date"] == now["date"].replace(year=now["date"].year - 1)]
        return earlier + [prev["states"][-1], now]

    # LAs: the SIF position now and when last reported.
    @cached_property
    def sif_now(self) -> pd.DataFrame:
        return sif_position(self.sif, self.sif_dates["published_by"], self.sif_dates["inspected_to"])

    @cached_property
    def sif_then(self) -> pd.DataFrame:
        return sif_position(self.sif, self.sif_dates["previous_published_by"], self.sif_dates["inspected_to"])

    @cached_property
    def sif_since(self) -> pd.DataFrame:
        """Inspections in the position now that were published after the
        position last reported ("since we last reported")."""
        return self.sif_now[self.sif_now["publication_date"] > iso(self.sif_dates["previous_published_by"])]

    @cached_property
    def lscb_now(self) -> pd.DataFrame:
        """The LSCB reviews made alongside the inspections in the SIF position."""
        return self.sif_now[self.sif_now["lscb_overall_effectiveness"] != ""]

    # Children's homes.
    @cached_property
    def period(self) -> pd.DataFrame:
        h = self.homes_dates
        return full_inspections_in(self.events, h["period_start"], h["period_end"], h["published_by"])

    @cached_property
    def comparison(self) -> pd.DataFrame:
        h = self.homes_dates
        return full_inspections_in(self.events, h["comparison_start"], h["comparison_end"],
                                   h["comparison_published_by"])

    @cached_property
    def previous(self) -> pd.Series:
        h = self.homes_dates
        return previous_judgements(self.events, h["period_start"], h["published_by"])

    @cached_property
    def first_in_period(self) -> pd.DataFrame:
        """Each home's first full inspection in the period (what comparisons use)."""
        return self.period.sort_values(["inspection_date", "event_id"]).groupby("urn").head(1)

    @cached_property
    def compared(self) -> pd.DataFrame:
        return change_since_last_inspection(self.first_in_period, self.previous)

    @cached_property
    def new_homes(self) -> pd.DataFrame:
        """In-period inspections of homes with no previous judgement."""
        return self.period[~self.period["urn"].isin(self.previous.index)]

    @cached_property
    def twice(self) -> pd.DataFrame:
        return inspected_twice(self.period)

    def state(self, which: str) -> pd.DataFrame:
        """State of the nation: "year_ago", "before" or "now" (release.toml's
        [[homes.state]], oldest first)."""
        dates = self.homes_dates["state"]
        now = dates[-1]
        ref = {"now": now, "before": dates[-2],
               "year_ago": next(d for d in dates if d["date"] == now["date"].replace(year=now["date"].year - 1))}[which]
        return state_of_the_nation(self.homes, self.events, ref["date"], ref["published_by"])


def previous_release(folder: Path, rel: dict) -> dict:
    """What a release says of the one before it: typed in [previous] for the
    first of the series, else read from the previous folder's release.toml."""
    prev_id = rel["release"].get("previous")
    if prev_id is None:
        p = rel["previous"]
        return {"sif_published_by": p["sif_published_by"], "homes_published_by": p["homes_published_by"],
                "states": sorted(p["state"], key=lambda s: s["date"])}
    with open(folder.parent / prev_id / "release.toml", "rb") as f:
        prev = tomllib.load(f)
    before = previous_release(folder.parent / prev_id, prev)
    now = {"date": prev["homes"]["period_end"], "published_by": prev["homes"]["published_by"]}
    earlier = [s for s in before["states"] if s["date"] == now["date"].replace(year=now["date"].year - 1)]
    return {"sif_published_by": prev["sif"]["published_by"], "homes_published_by": prev["homes"]["published_by"],
            "states": earlier + [before["states"][-1], now], "month": f"{prev['release']['published']:%B %Y}",
            "sif_date": prev["sif"]["inspected_to"]}


@pytest.fixture(scope="module")
def records() -> Records:
    return Records(DATA)


# --- Local authorities: definitions -------------------------------------------------

def sif_position(sif: pd.DataFrame, published_by, inspected_to) -> pd.DataFrame:
    """SIF position: each LA's latest SIF inspection published by the date."""
    s = sif[(sif["publication_date"] <= iso(published_by)) & (sif["inspection_date"] <= iso(inspected_to))]
    return s.sort_values("inspection_date").groupby("la_code").tail(1)


def region_of(frame: pd.DataFrame, region: str) -> pd.DataFrame:
    return frame[frame["region"] == region]


def la_names(frame: pd.DataFrame) -> Names:
    return Names(frame["la_name"])


def judged_in_all(position: pd.DataFrame, columns, grade: str) -> pd.DataFrame:
    return position[(position[list(columns)] == grade).all(axis=1)]


def inadequate_in_every_judgement(position: pd.DataFrame) -> pd.DataFrame:
    """Inadequate in all of the key and sub-judgements."""
    return judged_in_all(position, KEY_JUDGEMENTS + SUB_JUDGEMENTS, INADEQUATE)


def inadequate_in_key_judgements_only(position: pd.DataFrame) -> pd.DataFrame:
    """Inadequate in each of the three key judgements, but not in every sub-judgement."""
    key = judged_in_all(position, KEY_JUDGEMENTS, INADEQUATE)
    return key[~key["la_code"].isin(inadequate_in_every_judgement(position)["la_code"])]


def inadequate_in_key_judgements(position: pd.DataFrame) -> pd.DataFrame:
    """Inadequate in each of the three key judgements (in every judgement or not)."""
    return judged_in_all(position, KEY_JUDGEMENTS, INADEQUATE)


def before_and_since(records: Records, group, was=None) -> tuple[Names, Names]:
    """LAs of ``group`` (a function of a position) that were already on the
    list at the position last reported (``was``, the list then: ``group``
    unless given), and those that joined it since."""
    now, then = group(records.sif_now), (was or group)(records.sif_then)
    before = now[now["la_code"].isin(then["la_code"])]
    return la_names(before), la_names(now[~now["la_code"].isin(then["la_code"])])


def areas_where_good_or_better_dropped(records: Records) -> Names:
    """Judgements whose proportion judged good or better is lower now than at
    the position last reported."""
    return Names(title for column, title in SIF_JUDGEMENTS.items()
                 if fraction(records.sif_now, column, GOOD_OR_BETTER)
                 < fraction(records.sif_then, column, GOOD_OR_BETTER))


def regions_with_good_for_the_first_time(records: Records) -> pd.DataFrame:
    """LAs judged good or better now in regions that had none when last reported."""
    good_now = records.sif_now[records.sif_now["overall_effectiveness"].isin(GOOD_OR_BETTER)]
    good_then = records.sif_then[records.sif_then["overall_effectiveness"].isin(GOOD_OR_BETTER)]
    return good_now[~good_now["region"].isin(good_then["region"])]


def regions_over_a_fifth_good(records: Records) -> PercentByRegion:
    """Regions where more than 20% of inspected LAs are good or better."""
    return PercentByRegion({region: share(rows, "overall_effectiveness", GOOD_OR_BETTER)
                            for region, rows in by_region(records.sif_now).items()
                            if fraction(rows, "overall_effectiveness", GOOD_OR_BETTER) > Fraction(1, 5)})


def region_fractions(position: pd.DataFrame, grades) -> dict[str, Fraction]:
    return {region: fraction(rows, "overall_effectiveness", grades) for region, rows in by_region(position).items()}


def outstanding_leadership_in_the_south(records: Records) -> CountByRegion:
    outstanding = records.sif_now[records.sif_now["leadership"] == OUTSTANDING]
    south = outstanding[outstanding["region"].map(AREAS) == "south"]
    return CountByRegion(south["region"].value_counts().to_dict())


def top_region_since(records: Records) -> str:
    """The region with the most good or better outcomes among inspections
    published since the position last reported."""
    good = records.sif_since[records.sif_since["overall_effectiveness"].isin(GOOD_OR_BETTER)]
    return highest(good["region"].value_counts().to_dict())


def children_in_need_share(records: Records, grades, region: str | None = None) -> Fraction:
    """Children in need living in LAs whose overall effectiveness is one of
    ``grades``, as a proportion of all children in need in the area (LAs not
    yet inspected included)."""
    las, position = records.las, records.sif_now
    if region is not None:
        las, position = region_of(las, region), region_of(position, region)
    in_grade = position[position["overall_effectiveness"].isin(grades)]["children_in_need"].sum()
    return Fraction(int(in_grade), int(las["children_in_need"].sum()))


def children_in_need_shares(records: Records, grades) -> dict[str, Fraction]:
    return {region: children_in_need_share(records, grades, region) for region in sorted(set(records.las["region"]))}


def children_in_need_percentages(records: Records, grades) -> dict[str, int]:
    return {region: pct_of(f) for region, f in children_in_need_shares(records, grades).items()}


def cin_anomaly(records: Records, grades, cin_above: bool) -> str:
    """The region where the share of children in need in LAs of ``grades``
    differs most from the share of its inspected LAs judged so: children in
    need above LAs (``cin_above``) or below."""
    sign = 1 if cin_above else -1
    gaps = {region: sign * (children_in_need_share(records, grades, region)
                            - fraction(rows, "overall_effectiveness", grades))
            for region, rows in by_region(records.sif_now).items()}
    return highest(gaps)


def vulnerable_children_covered(records: Records) -> int:
    """Children in need, on a child protection plan or looked after, living in
    inspected LAs, as a percentage of all of them in England."""
    groups = ["children_in_need", "child_protection_plans", "children_looked_after"]
    las = records.las
    inspected = las[las["la_code"].isin(records.sif_now["la_code"])]
    return pct(inspected[groups].sum().sum(), las[groups].sum().sum())


def type_count(records: Records, la_type: str, grades) -> int:
    return count(records.sif_now[records.sif_now["la_type"] == la_type], "overall_effectiveness", grades)


# --- Local authorities: earlier frameworks ---------------------------------------------

#: An earlier framework's "adequate" is the SIF's "requires improvement to be good".
EARLIER_GRADE = {"Outstanding": OUTSTANDING, "Good": GOOD, "Adequate": RI, "Inadequate": INADEQUATE}


def framework_change(records: Records, framework: str, sif_column: str) -> pd.DataFrame:
    """LAs with both a judgement under ``framework`` and a SIF judgement of
    ``sif_column``: before, after, and ``step`` (grades improved; negative
    for a decline)."""
    earlier = records.previous_frameworks[records.previous_frameworks["framework"] == framework]
    both = earlier.merge(records.sif_now[["la_code", sif_column]], on="la_code")
    both = both[both[sif_column].isin(GRADES)].copy()
    both["before"] = both["judgement"].map(EARLIER_GRADE)
    both["after"] = both[sif_column]
    both["step"] = both["before"].map(RANK) - both["after"].map(RANK)
    return both


def child_protection(records: Records) -> pd.DataFrame:
    return framework_change(records, "Child Protection", "help_and_protection")


def looked_after(records: Records) -> pd.DataFrame:
    return framework_change(records, "Looked After Children", "looked_after")


def moved(change: pd.DataFrame, before: str, after: str) -> pd.DataFrame:
    return change[(change["before"] == before) & (change["after"] == after)]


# --- Local authorities: LSCB reviews ---------------------------------------------------

def lscb(records: Records, grade: str) -> pd.DataFrame:
    return records.lscb_now[records.lscb_now["lscb_overall_effectiveness"] == grade]


# --- Children's homes: definitions ---------------------------------------------------

def full_inspections_in(events: pd.DataFrame, start, end, published_by) -> pd.DataFrame:
    """In period: full inspections in the period, published by its date."""
    return events[(events["event_type"] == "Full")
                  & events["inspection_date"].between(iso(start), iso(end))
                  & (events["publication_date"] <= iso(published_by))]


def previous_judgements(events: pd.DataFrame, period_start, published_by) -> pd.Series:
    """Previous judgement: each home's latest judged full inspection before the
    period began (published by the period's publication date)."""
    judged = events[(events["event_type"] == "Full") & events["overall_effectiveness"].isin(GRADES)
                    & (events["inspection_date"] < iso(period_start))
                    & (events["publication_date"] <= iso(published_by))]
    latest = judged.sort_values("inspection_date").groupby("urn").tail(1)
    return latest.set_index("urn")["overall_effectiveness"]


def change_since_last_inspection(inspections: pd.DataFrame, previous: pd.Series) -> pd.DataFrame:
    """Judged in-period inspections of previously judged homes, with ``step``:
    grades improved since the previous judgement (negative for a decline)."""
    c = inspections[inspections["urn"].isin(previous.index) & inspections["overall_effectiveness"].isin(GRADES)].copy()
    c["previous"] = c["urn"].map(previous)
    c["step"] = c["previous"].map(RANK) - c["overall_effectiveness"].map(RANK)
    return c


def inspected_twice(period: pd.DataFrame) -> pd.DataFrame:
    """Homes with two full inspections in the period: one row per home, with
    the first and second judgements."""
    p = period.sort_values(["inspection_date", "event_id"])
    p = p[p.groupby("urn")["urn"].transform("size") == 2]
    first = p.groupby("urn").head(1).set_index("urn")
    second = p.groupby("urn").tail(1).set_index("urn")["overall_effectiveness"].rename("second")
    twice = first.rename(columns={"overall_effectiveness": "first"}).join(second)
    twice["step"] = twice["first"].map(RANK) - twice["second"].map(RANK)
    return twice


def remained_inadequate(records: Records) -> pd.DataFrame:
    t = records.twice
    return t[(t["first"] == INADEQUATE) & (t["second"] == INADEQUATE)]


def homes_registered_during(homes: pd.DataFrame, start, end) -> pd.DataFrame:
    """Homes registered at some time in the period: registered by its end and
    not closed before its start."""
    return homes[(homes["registration_date"] <= iso(end))
                 & ((homes["closure_date"] == "") | (homes["closure_date"] >= iso(start)))]


def inspected_share(records: Records, region: str | None = None) -> int:
    """Homes with a full inspection in the period (second inspections
    excluded, so each home once) as a percentage of homes registered in it."""
    h = records.homes_dates
    homes = homes_registered_during(records.homes, h["period_start"], h["period_end"])
    if region is not None:
        homes = region_of(homes, region)
    return pct(homes["urn"].isin(records.period["urn"]).sum(), len(homes))


def state_of_the_nation(homes: pd.DataFrame, events: pd.DataFrame, date, published_by) -> pd.DataFrame:
    """Homes registered on ``date`` and not closed, each with its latest judged
    full inspection on or before the date, published by ``published_by``.
    Homes with no such inspection have no judgement and are not counted."""
    open_homes = homes[(homes["registration_date"] <= iso(date))
                       & ((homes["closure_date"] == "") | (homes["closure_date"] > iso(date)))]
    judged = events[(events["event_type"] == "Full") & events["overall_effectiveness"].isin(GRADES)
                    & (events["inspection_date"] <= iso(date)) & (events["publication_date"] <= iso(published_by))]
    latest = judged.sort_values("inspection_date").groupby("urn").tail(1)
    return latest[latest["urn"].isin(open_homes["urn"])]


def sector(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame[frame["sector"] == name]


def sub_type(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame[frame["sub_type"] == name]


def area(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame[frame["region"].map(AREAS) == name]


def la_run_vs_private_and_voluntary(records: Records, region: str) -> tuple[int, int]:
    """Good or better percentages of inspections of LA-run homes, and of
    private and voluntary-run homes, in a region."""
    rows = region_of(records.period, region)
    la_run = sector(rows, "Local authority")
    pv_run = rows[rows["sector"].isin({"Private", "Voluntary"})]
    return share(la_run, "overall_effectiveness", GOOD_OR_BETTER), share(pv_run, "overall_effectiveness", GOOD_OR_BETTER)


def regions_with_sector_gap(records: Records, points: int = 10) -> int:
    """Regions where LA-run and private and voluntary-run homes differ by more
    than ``points`` percentage points good or better."""
    gaps = [la_run_vs_private_and_voluntary(records, region) for region in sorted(set(records.period["region"]))]
    return sum(abs(la - pv) > points for la, pv in gaps)


def previously(records: Records, grades) -> pd.DataFrame:
    """Compared inspections (each home's first in the period, judged) of homes
    whose previous judgement was one of ``grades``."""
    return records.compared[records.compared["previous"].isin(grades)]


def previously_good(records: Records) -> pd.DataFrame:
    return previously(records, GOOD_OR_BETTER)


def previously_below_good(records: Records) -> pd.DataFrame:
    """Homes previously judged requires improvement to be good or lower."""
    return previously(records, {RI, INADEQUATE})


def stayed_or_became_good(frame: pd.DataFrame) -> int:
    """Percentage judged good or better ("remained at good or better" for homes
    that were good before; "improved to good or outstanding" for the others)."""
    return share(frame, "overall_effectiveness", GOOD_OR_BETTER)


def state_by_region(records: Records, which: str) -> dict[str, int]:
    return region_percentages(records.state(which), "overall_effectiveness", GOOD_OR_BETTER)


def state_rise_by_region(records: Records) -> dict[str, int]:
    """Percentage points good or better gained since the same date a year
    earlier, as the printed percentages give them."""
    now, year_ago = state_by_region(records, "now"), state_by_region(records, "year_ago")
    return {region: now[region] - year_ago[region] for region in now}


def interim_inspections(records: Records) -> pd.DataFrame:
    """Interim inspections in the period, published by its date."""
    h, ev = records.homes_dates, records.events
    return ev[(ev["event_type"] == "Interim") & ev["inspection_date"].between(iso(h["period_start"]), iso(h["period_end"]))
              & (ev["publication_date"] <= iso(h["published_by"]))]


# --- One recount per published key, in the order of the release ------------------------

OE = "overall_effectiveness"
GB = GOOD_OR_BETTER


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


RECOUNT = {
    # Key points and introduction (LAs).
    "sif.oe.good_or_better": lambda r: share(r.sif_now, OE, GB),
    "sif.previous.oe.good_or_better": lambda r: share(r.sif_then, OE, GB),
    "sif.inspected_to": lambda r: _date(r.sif_dates["inspected_to"]),
    "sif.previous_published_by": lambda r: _date(r.sif_dates["previous_published_by"]),
    "sif.previous.oe.inadequate": lambda r: share(r.sif_then, OE, INADEQUATE),
    "sif.oe.inadequate": lambda r: share(r.sif_now, OE, INADEQUATE),
    "sif.regions.first_good_las": lambda r: la_names(regions_with_good_for_the_first_time(r)),
    "sif.regions.first_good": lambda r: Names(regions_with_good_for_the_first_time(r)["region"]),
    "context.la_count": lambda r: len(r.las),
    "sif.framework_start": lambda r: _date(r.sif_dates["framework_start"]),
    "sif.cycle_end": lambda r: r.sif_dates["cycle_end"],

    # Inspection of local authority children's services: context.
    "context.children_population_millions":
        lambda r: f"{Decimal(r.rel['context']['children_population']) / 1_000_000:.1f} million",
    "context.cin_per_cent_of_children":
        lambda r: pct(r.las["children_in_need"].sum(), r.rel["context"]["children_population"]),
    "context.cin_date": lambda r: _date(r.rel["context"]["cin_date"]),
    "context.children_in_need": lambda r: int(r.las["children_in_need"].sum()),
    "context.children_looked_after": lambda r: int(r.las["children_looked_after"].sum()),
    "context.child_protection_plans": lambda r: int(r.las["child_protection_plans"].sum()),

    # Overall effectiveness from November 2013 to September 2016.
    "sif.inspected.count": lambda r: len(r.sif_now),
    "sif.published_by": lambda r: _date(r.sif_dates["published_by"]),
    "sif.inspected.base": lambda r: len(r.las),
    "sif.previous_release_month": lambda r: r.before["month"],
    "sif.previous.inspected": lambda r: pct(len(r.sif_then), len(r.las)),
    "sif.previous.inspected.count": lambda r: len(r.sif_then),
    "sif.oe.requires_improvement": lambda r: share(r.sif_now, OE, RI),
    "sif.inspected": lambda r: pct(len(r.sif_now), len(r.las)),
    "sif.vulnerable_children_covered": vulnerable_children_covered,
    # Footnote: all inspections published, re-inspections and the ones they replaced.
    "sif.inspections_all": lambda r: int(((r.sif["publication_date"] <= iso(r.sif_dates["published_by"]))
                                          & (r.sif["inspection_date"] <= iso(r.sif_dates["inspected_to"]))).sum()),
    "sif.reinspected_las": lambda r: la_names(r.sif_now[r.sif_now["reinspection"] == "Yes"]),
    "sif.not_judged_in_every_area":
        lambda r: la_names(r.sif_now[(r.sif_now[KEY_JUDGEMENTS + SUB_JUDGEMENTS] == "Not judged").any(axis=1)]),

    # Key judgements.
    "sif.lmg.outstanding.count": lambda r: count(r.sif_now, "leadership", OUTSTANDING),
    "sif.lmg.outstanding_south_regions": outstanding_leadership_in_the_south,
    "sif.lmg.inadequate.count": lambda r: count(r.sif_now, "leadership", INADEQUATE),
    "sif.hp.requires_improvement.count": lambda r: count(r.sif_now, "help_and_protection", RI),
    "sif.hp.inadequate.count": lambda r: count(r.sif_now, "help_and_protection", INADEQUATE),
    "sif.areas_good_or_better_dropped": areas_where_good_or_better_dropped,
    "sif.inadequate_all_judgements.count": lambda r: len(inadequate_in_every_judgement(r.sif_now)),
    "sif.inadequate_all_judgements.before": lambda r: before_and_since(r, inadequate_in_every_judgement)[0],
    "sif.inadequate_all_judgements.since": lambda r: before_and_since(r, inadequate_in_every_judgement)[1],
    "sif.inadequate_key_judgements_only.count": lambda r: len(inadequate_in_key_judgements_only(r.sif_now)),
    "sif.inadequate_key_judgements_only.before": lambda r: before_and_since(r, inadequate_in_key_judgements_only,
                                                                            inadequate_in_key_judgements)[0],
    "sif.inadequate_key_judgements_only.since": lambda r: before_and_since(r, inadequate_in_key_judgements_only,
                                                                           inadequate_in_key_judgements)[1],

    # Sub-judgements: adoption performance and care leavers.
    "sif.adoption.good_or_better.count": lambda r: count(r.sif_now, "adoption", GB),
    "sif.adoption.outstanding.count": lambda r: count(r.sif_now, "adoption", OUTSTANDING),
    "sif.adoption.inadequate.count": lambda r: count(r.sif_now, "adoption", INADEQUATE),
    "sif.adoption.inadequate_by_oe.inadequate":
        lambda r: count(r.sif_now[r.sif_now["adoption"] == INADEQUATE], OE, INADEQUATE),
    "sif.adoption.inadequate_by_oe.requires_improvement":
        lambda r: count(r.sif_now[r.sif_now["adoption"] == INADEQUATE], OE, RI),
    "context.vaa_good_or_better": lambda r: r.rel["context"]["vaa_good_or_better"],
    "sif.care_leavers.outstanding.count": lambda r: count(r.sif_now, "care_leavers", OUTSTANDING),
    "sif.care_leavers.good.count": lambda r: count(r.sif_now, "care_leavers", GOOD),
    "sif.care_leavers.inadequate.count": lambda r: count(r.sif_now, "care_leavers", INADEQUATE),
    "sif.care_leavers.inadequate_by_oe.requires_improvement":
        lambda r: count(r.sif_now[r.sif_now["care_leavers"] == INADEQUATE], OE, RI),

    # Outcomes by LA type and location.
    "sif.oe.good_or_better.count": lambda r: count(r.sif_now, OE, GB),
    "sif.regions.with_good": lambda r: r.sif_now[r.sif_now[OE].isin(GB)]["region"].nunique(),
    "sif.regions.count": lambda r: r.las["region"].nunique(),
    "sif.oe.inadequate.count": lambda r: count(r.sif_now, OE, INADEQUATE),
    "sif.regions.over_fifth_good.count": lambda r: len(regions_over_a_fifth_good(r)),
    "sif.regions.over_fifth_good.list": regions_over_a_fifth_good,
    "sif.region.east_midlands.good_or_better": lambda r: share(region_of(r.sif_now, "East Midlands"), OE, GB),
    "sif.region.east_of_england.good_or_better": lambda r: share(region_of(r.sif_now, "East of England"), OE, GB),
    "sif.region.london.good_or_better": lambda r: share(region_of(r.sif_now, "London"), OE, GB),
    "sif.region.north_east.good_or_better": lambda r: share(region_of(r.sif_now, "North East"), OE, GB),
    "sif.since.top_region": lambda r: Names({top_region_since(r)}),
    "sif.since.top_region_good": lambda r: count(region_of(r.sif_since, top_region_since(r)), OE, GB),
    "sif.since.top_region_inspections": lambda r: len(region_of(r.sif_since, top_region_since(r))),
    "sif.regions.lowest_good.name": lambda r: Names({lowest(region_fractions(r.sif_now, GB))}),
    "sif.regions.lowest_good.count":
        lambda r: count(region_of(r.sif_now, lowest(region_fractions(r.sif_now, GB))), OE, GB),
    "sif.regions.lowest_good.inspected": lambda r: len(region_of(r.sif_now, lowest(region_fractions(r.sif_now, GB)))),
    "sif.regions.lowest_good.share": lambda r: min(region_percentages(r.sif_now, OE, GB).values()),
    "sif.region.west_midlands.good_or_better": lambda r: share(region_of(r.sif_now, "West Midlands"), OE, GB),
    "sif.region.west_midlands.good_or_better.count": lambda r: count(region_of(r.sif_now, "West Midlands"), OE, GB),
    "sif.region.west_midlands.good_or_better.base": lambda r: len(region_of(r.sif_now, "West Midlands")),
    "sif.regions.highest_inadequate.name": lambda r: Names({highest(region_fractions(r.sif_now, {INADEQUATE}))}),
    "sif.regions.highest_inadequate.share": lambda r: max(region_percentages(r.sif_now, OE, INADEQUATE).values()),
    "sif.region.west_midlands.inadequate": lambda r: share(region_of(r.sif_now, "West Midlands"), OE, INADEQUATE),
    "sif.regions.lowest_inadequate.name": lambda r: Names({lowest(region_fractions(r.sif_now, {INADEQUATE}))}),
    "sif.regions.lowest_inadequate.share": lambda r: min(region_percentages(r.sif_now, OE, INADEQUATE).values()),
    "sif.region.east_of_england.inadequate": lambda r: share(region_of(r.sif_now, "East of England"), OE, INADEQUATE),
    "sif.type.good_or_better.shire_county.count": lambda r: type_count(r, "Shire county", GB),
    "sif.type.good_or_better.london_borough.count": lambda r: type_count(r, "London borough", GB),
    "sif.type.good_or_better.unitary_authority.count": lambda r: type_count(r, "Unitary authority", GB),
    "sif.type.good_or_better.metropolitan_district.count": lambda r: type_count(r, "Metropolitan district", GB),
    "sif.oe.outstanding.count": lambda r: count(r.sif_now, OE, OUTSTANDING),
    "sif.type.outstanding.london_borough.count": lambda r: type_count(r, "London borough", OUTSTANDING),
    "sif.type.inadequate.metropolitan_district.count": lambda r: type_count(r, "Metropolitan district", INADEQUATE),
    "sif.type.inadequate.shire_county.count": lambda r: type_count(r, "Shire county", INADEQUATE),
    "sif.type.inadequate.unitary_authority.count": lambda r: type_count(r, "Unitary authority", INADEQUATE),
    "sif.type.inadequate.london_borough.count": lambda r: type_count(r, "London borough", INADEQUATE),
    "context.la_type.london_borough": lambda r: int((r.las["la_type"] == "London borough").sum()),
    "context.la_type.metropolitan_district": lambda r: int((r.las["la_type"] == "Metropolitan district").sum()),
    "context.la_type.shire_county": lambda r: int((r.las["la_type"] == "Shire county").sum()),
    "context.la_type.unitary_authority": lambda r: int((r.las["la_type"] == "Unitary authority").sum()),

    # Children in need by overall effectiveness (Chart 6).
    "sif.cin.england.good_or_better": lambda r: pct_of(children_in_need_share(r, GB)),
    "sif.cin.highest_good.name": lambda r: Names({highest(children_in_need_shares(r, GB))}),
    "sif.cin.highest_good.share": lambda r: max(children_in_need_percentages(r, GB).values()),
    "sif.cin.east_of_england.good_or_better": lambda r: children_in_need_percentages(r, GB)["East of England"],
    "sif.cin.england.inadequate": lambda r: pct_of(children_in_need_share(r, {INADEQUATE})),
    "sif.cin.highest_inadequate.name": lambda r: Names({highest(children_in_need_shares(r, {INADEQUATE}))}),
    "sif.cin.highest_inadequate.share": lambda r: max(children_in_need_percentages(r, {INADEQUATE}).values()),
    "sif.cin.west_midlands.inadequate": lambda r: children_in_need_percentages(r, {INADEQUATE})["West Midlands"],
    "sif.cin.lowest_inadequate.name": lambda r: Names({lowest(children_in_need_shares(r, {INADEQUATE}))}),
    "sif.cin.lowest_inadequate.share": lambda r: min(children_in_need_percentages(r, {INADEQUATE}).values()),
    "sif.cin.east_midlands.inadequate": lambda r: children_in_need_percentages(r, {INADEQUATE})["East Midlands"],
    "sif.cin.anomaly_inadequate.region": lambda r: Names({cin_anomaly(r, {INADEQUATE}, cin_above=True)}),
    "sif.cin.anomaly_inadequate.la_share":
        lambda r: share(region_of(r.sif_now, cin_anomaly(r, {INADEQUATE}, cin_above=True)), OE, INADEQUATE),
    "sif.cin.anomaly_inadequate.cin_share":
        lambda r: children_in_need_percentages(r, {INADEQUATE})[cin_anomaly(r, {INADEQUATE}, cin_above=True)],
    "sif.cin.east_of_england.inadequate": lambda r: children_in_need_percentages(r, {INADEQUATE})["East of England"],
    "sif.cin.anomaly_good.region": lambda r: Names({cin_anomaly(r, GB, cin_above=False)}),
    "sif.cin.anomaly_good.la_share": lambda r: share(region_of(r.sif_now, cin_anomaly(r, GB, cin_above=False)), OE, GB),
    # "the North East had 38% of their inspected LAs judged good": good, as the text says.
    "sif.region.north_east.good": lambda r: share(region_of(r.sif_now, "North East"), OE, GOOD),
    "sif.cin.anomaly_good.cin_share": lambda r: children_in_need_percentages(r, GB)[cin_anomaly(r, GB, cin_above=False)],
    "sif.cin.north_east.good_or_better": lambda r: children_in_need_percentages(r, GB)["North East"],

    # Some comparisons: Child Protection inspections and help and protection.
    "previous.cp.las.count": lambda r: int((r.previous_frameworks["framework"] == "Child Protection").sum()),
    "previous.cp.both": lambda r: len(child_protection(r)),
    "previous.cp.improved": lambda r: int((child_protection(r)["step"] > 0).sum()),
    "previous.cp.declined": lambda r: int((child_protection(r)["step"] < 0).sum()),
    "previous.cp.stayed_the_same": lambda r: int((child_protection(r)["step"] == 0).sum()),
    "previous.cp.moved": lambda r: int((child_protection(r)["step"] != 0).sum()),
    "previous.cp.moved_more.count": lambda r: int((child_protection(r)["step"].abs() > 1).sum()),
    "previous.cp.moved_more.names": lambda r: la_names(child_protection(r)[child_protection(r)["step"].abs() > 1]),
    "previous.cp.inadequate_to_good": lambda r: len(moved(child_protection(r), INADEQUATE, GOOD)),
    "previous.cp.inadequate_to_good.names": lambda r: la_names(moved(child_protection(r), INADEQUATE, GOOD)),
    "previous.cp.adequate_to_inadequate": lambda r: len(moved(child_protection(r), RI, INADEQUATE)),
    "previous.cp.outstanding_either":
        lambda r: int(((child_protection(r)["before"] == OUTSTANDING) | (child_protection(r)["after"] == OUTSTANDING)).sum()),
    "previous.cp.inadequate_to_inadequate": lambda r: len(moved(child_protection(r), INADEQUATE, INADEQUATE)),

    # Some comparisons: Looked After Children inspections and children looked after.
    "previous.lac.improved": lambda r: int((looked_after(r)["step"] > 0).sum()),
    "previous.lac.declined": lambda r: int((looked_after(r)["step"] < 0).sum()),
    "previous.lac.adequate_to_good": lambda r: len(moved(looked_after(r), RI, GOOD)),
    "previous.lac.inadequate_to_requires_improvement": lambda r: len(moved(looked_after(r), INADEQUATE, RI)),
    "previous.lac.good_to_outstanding": lambda r: len(moved(looked_after(r), GOOD, OUTSTANDING)),
    "previous.lac.good_to_outstanding.names": lambda r: la_names(moved(looked_after(r), GOOD, OUTSTANDING)),
    "previous.lac.to_inadequate.all": lambda r: int((looked_after(r)["after"] == INADEQUATE).sum()),
    "sif.cla.inadequate.count": lambda r: count(r.sif_now, "looked_after", INADEQUATE),
    "previous.lac.adequate_to_inadequate": lambda r: len(moved(looked_after(r), RI, INADEQUATE)),
    "previous.lac.good_to_inadequate": lambda r: len(moved(looked_after(r), GOOD, INADEQUATE)),
    "previous.lac.outstanding_to_inadequate": lambda r: len(moved(looked_after(r), OUTSTANDING, INADEQUATE)),
    "previous.lac.outstanding_to_inadequate.names": lambda r: la_names(moved(looked_after(r), OUTSTANDING, INADEQUATE)),
    "previous.lac.inadequate_to_inadequate": lambda r: len(moved(looked_after(r), INADEQUATE, INADEQUATE)),
    "previous.lac.inadequate_to_inadequate.names": lambda r: la_names(moved(looked_after(r), INADEQUATE, INADEQUATE)),
    "previous.lac.good_to_requires_improvement": lambda r: len(moved(looked_after(r), GOOD, RI)),
    "previous.lac.to_requires_improvement.all": lambda r: int((looked_after(r)["after"] == RI).sum()),
    "sif.cla.requires_improvement.count": lambda r: count(r.sif_now, "looked_after", RI),
    "previous.lac.from_inadequate": lambda r: int((looked_after(r)["before"] == INADEQUATE).sum()),

    # Reviews of Local Safeguarding Children Boards.
    "lscb.reviews": lambda r: len(r.lscb_now),
    "lscb.outstanding.count": lambda r: len(lscb(r, OUTSTANDING)),
    "lscb.outstanding.names": lambda r: la_names(lscb(r, OUTSTANDING)),
    "lscb.outstanding.sif_grades": lambda r: Names(lscb(r, OUTSTANDING)[OE]),
    "lscb.outstanding.sif.good.count": lambda r: count(lscb(r, OUTSTANDING), OE, GOOD),
    "lscb.good.count": lambda r: len(lscb(r, GOOD)),
    "lscb.good.sif.good.count": lambda r: count(lscb(r, GOOD), OE, GOOD),
    "lscb.good.sif.outstanding.count": lambda r: count(lscb(r, GOOD), OE, OUTSTANDING),
    "lscb.good.sif.requires_improvement.count": lambda r: count(lscb(r, GOOD), OE, RI),
    "lscb.good.sif.inadequate.count": lambda r: count(lscb(r, GOOD), OE, INADEQUATE),
    "lscb.inadequate.count": lambda r: len(lscb(r, INADEQUATE)),
    "lscb.inadequate.sif.inadequate.count": lambda r: count(lscb(r, INADEQUATE), OE, INADEQUATE),
    "lscb.inadequate.sif.requires_improvement.count": lambda r: count(lscb(r, INADEQUATE), OE, RI),
    "lscb.good.hp.inadequate.names":
        lambda r: la_names(lscb(r, GOOD)[lscb(r, GOOD)["help_and_protection"] == INADEQUATE]),
    "lscb.inadequate.hp.inadequate.count": lambda r: count(lscb(r, INADEQUATE), "help_and_protection", INADEQUATE),
    "lscb.inadequate.hp.inadequate.base": lambda r: len(lscb(r, INADEQUATE)),
    "lscb.inadequate.hp.requires_improvement.count": lambda r: count(lscb(r, INADEQUATE), "help_and_protection", RI),
    "lscb.inadequate.hp.requires_improvement.names":
        lambda r: la_names(lscb(r, INADEQUATE)[lscb(r, INADEQUATE)["help_and_protection"] == RI]),

    # Key points (children's homes).
    "homes.state.now.good_or_better": lambda r: share(r.state("now"), OE, GB),
    "homes.state.before.good_or_better": lambda r: share(r.state("before"), OE, GB),
    "homes.state.year_ago.good_or_better": lambda r: share(r.state("year_ago"), OE, GB),
    "homes.area.north.good_or_better": lambda r: share(area(r.period, "north"), OE, GB),
    "homes.area.midlands.good_or_better": lambda r: share(area(r.period, "midlands"), OE, GB),
    "homes.area.south.good_or_better": lambda r: share(area(r.period, "south"), OE, GB),
    "homes.twice.homes": lambda r: len(r.twice),
    "homes.twice.improved.count": lambda r: int(((r.twice["first"] == INADEQUATE) & (r.twice["step"] > 0)).sum()),
    "homes.twice.improved_to_good.count":
        lambda r: int(((r.twice["first"] == INADEQUATE) & (r.twice["second"] == GOOD)).sum()),
    "homes.twice.remained_inadequate.count": lambda r: len(remained_inadequate(r)),
    "homes.twice.remained_inadequate_resigned":
        lambda r: int(((remained_inadequate(r)["closure_reason"] == "Resigned")
                       & (remained_inadequate(r)["closure_date"] <= iso(r.homes_dates["period_end"]))).sum()),

    # Children's homes inspections in period.
    "homes.inspections": lambda r: len(r.period),
    "homes.inspections_change": lambda r: pct(len(r.period) - len(r.comparison), len(r.comparison)),
    "homes.comparison.inspections": lambda r: len(r.comparison),
    "homes.comparison.oe.good_or_better": lambda r: share(r.comparison, OE, GB),
    "homes.oe.good_or_better": lambda r: share(r.period, OE, GB),
    "homes.comparison.oe.inadequate": lambda r: share(r.comparison, OE, INADEQUATE),
    "homes.comparison.oe.inadequate.count": lambda r: count(r.comparison, OE, INADEQUATE),
    "homes.oe.inadequate": lambda r: share(r.period, OE, INADEQUATE),
    "homes.oe.inadequate.count": lambda r: count(r.period, OE, INADEQUATE),
    "homes.sub_type.children_s_home.inspections.count": lambda r: len(sub_type(r.period, "Children's home")),
    "homes.sub_type.children_s_home.inspections": lambda r: pct(len(sub_type(r.period, "Children's home")), len(r.period)),
    "homes.sub_type.residential_special_school.inspections.count":
        lambda r: len(sub_type(r.period, "Residential special school")),
    "homes.sub_type.residential_special_school.inspections":
        lambda r: pct(len(sub_type(r.period, "Residential special school")), len(r.period)),
    "homes.sub_type.secure_children_s_home.inspections.count": lambda r: len(sub_type(r.period, "Secure children's home")),
    "homes.sub_type.secure_children_s_home.inspections":
        lambda r: pct(len(sub_type(r.period, "Secure children's home")), len(r.period)),
    "homes.sub_type.residential_special_school.oe.good_or_better":
        lambda r: share(sub_type(r.period, "Residential special school"), OE, GB),
    "homes.sub_type.poorest.share":
        lambda r: min(share(rows, OE, GB) for _, rows in r.period.groupby("sub_type")),

    # Change since the last inspection (each home's first inspection in the period).
    "homes.change.compared": lambda r: len(r.compared),
    "homes.change.stayed_the_same": lambda r: pct((r.compared["step"] == 0).sum(), len(r.compared)),
    "homes.change.improved": lambda r: pct((r.compared["step"] > 0).sum(), len(r.compared)),
    "homes.change.declined": lambda r: pct((r.compared["step"] < 0).sum(), len(r.compared)),
    "homes.change.inadequate_declined":
        lambda r: pct((r.compared[r.compared[OE] == INADEQUATE]["step"] < 0).sum(), count(r.compared, OE, INADEQUATE)),
    "homes.change.changed": lambda r: int((r.compared["step"] != 0).sum()),
    "homes.change.one_grade": lambda r: pct((r.compared["step"].abs() == 1).sum(), (r.compared["step"] != 0).sum()),
    "homes.change.one_grade.count": lambda r: int((r.compared["step"].abs() == 1).sum()),
    "homes.change.three_grades": lambda r: int((r.compared["step"].abs() == 3).sum()),
    "homes.new.good_or_better": lambda r: share(r.new_homes, OE, GB),

    # Sector.
    "homes.sector.local_authority.good_or_better": lambda r: share(sector(r.period, "Local authority"), OE, GB),
    "homes.sector.private.good_or_better": lambda r: share(sector(r.period, "Private"), OE, GB),
    "homes.sector.voluntary.good_or_better": lambda r: share(sector(r.period, "Voluntary"), OE, GB),
    "homes.sector.private.outstanding": lambda r: share(sector(r.period, "Private"), OE, OUTSTANDING),
    "homes.sector.local_authority.outstanding": lambda r: share(sector(r.period, "Local authority"), OE, OUTSTANDING),
    "homes.sector.voluntary.outstanding": lambda r: share(sector(r.period, "Voluntary"), OE, OUTSTANDING),
    "homes.sector.private.inadequate": lambda r: share(sector(r.period, "Private"), OE, INADEQUATE),
    "homes.twice.remained_inadequate_private":
        lambda r: pct(len(sector(remained_inadequate(r), "Private")), len(remained_inadequate(r))),
    "homes.twice.remained_inadequate_private.count": lambda r: len(sector(remained_inadequate(r), "Private")),
    "homes.twice.remained_inadequate_private.base": lambda r: len(remained_inadequate(r)),
    "homes.sector.health_authority.inspections": lambda r: len(sector(r.period, "Health authority")),
    "homes.sector.health_authority.good.count": lambda r: count(sector(r.period, "Health authority"), OE, GOOD),
    "homes.sector.health_authority.requires_improvement.count":
        lambda r: count(sector(r.period, "Health authority"), OE, RI),
    "homes.comparison.sector.local_authority.good_or_better":
        lambda r: share(sector(r.comparison, "Local authority"), OE, GB),
    "homes.comparison.sector.voluntary.outstanding": lambda r: share(sector(r.comparison, "Voluntary"), OE, OUTSTANDING),
    "homes.comparison.sector.private.inadequate": lambda r: share(sector(r.comparison, "Private"), OE, INADEQUATE),
    "homes.region.sector_gap_regions": regions_with_sector_gap,
    "homes.region.london.la_run.good_or_better": lambda r: la_run_vs_private_and_voluntary(r, "London")[0],
    "homes.region.london.pv_run.good_or_better": lambda r: la_run_vs_private_and_voluntary(r, "London")[1],
    "homes.region.east_of_england.la_run.good_or_better": lambda r: la_run_vs_private_and_voluntary(r, "East of England")[0],
    "homes.region.east_of_england.pv_run.good_or_better": lambda r: la_run_vs_private_and_voluntary(r, "East of England")[1],

    # Regional outcomes.
    "homes.inspected_share": inspected_share,
    "homes.region.yorkshire_and_the_humber.inspected_share": lambda r: inspected_share(r, "Yorkshire and The Humber"),
    "homes.region.east_midlands.inspected_share": lambda r: inspected_share(r, "East Midlands"),
    "homes.region.north_east.oe.good_or_better": lambda r: share(region_of(r.period, "North East"), OE, GB),
    "homes.region.north_east.comparison.oe.good_or_better": lambda r: share(region_of(r.comparison, "North East"), OE, GB),
    "homes.region.south_west.oe.good_or_better": lambda r: share(region_of(r.period, "South West"), OE, GB),
    "homes.region.south_west.comparison.oe.good_or_better": lambda r: share(region_of(r.comparison, "South West"), OE, GB),
    "homes.region.south_west.oe.inadequate": lambda r: share(region_of(r.period, "South West"), OE, INADEQUATE),
    "homes.region.london.oe.inadequate": lambda r: share(region_of(r.period, "London"), OE, INADEQUATE),
    "homes.region.south_east.comparison.oe.good_or_better": lambda r: share(region_of(r.comparison, "South East"), OE, GB),
    "homes.region.south_east.oe.good_or_better": lambda r: share(region_of(r.period, "South East"), OE, GB),
    "homes.region.yorkshire_and_the_humber.comparison.oe.good_or_better":
        lambda r: share(region_of(r.comparison, "Yorkshire and The Humber"), OE, GB),
    "homes.region.yorkshire_and_the_humber.oe.good_or_better":
        lambda r: share(region_of(r.period, "Yorkshire and The Humber"), OE, GB),
    "homes.prev_good.remained": lambda r: stayed_or_became_good(previously_good(r)),
    "homes.region.south_west.prev_good.remained": lambda r: stayed_or_became_good(region_of(previously_good(r), "South West")),
    "homes.region.south_west.prev_good.remained.count":
        lambda r: count(region_of(previously_good(r), "South West"), OE, GB),
    "homes.region.south_west.prev_good.remained.base": lambda r: len(region_of(previously_good(r), "South West")),
    "homes.region.north_east.prev_good.remained": lambda r: stayed_or_became_good(region_of(previously_good(r), "North East")),
    "homes.region.north_east.prev_good.remained.count":
        lambda r: count(region_of(previously_good(r), "North East"), OE, GB),
    "homes.region.north_east.prev_good.remained.base": lambda r: len(region_of(previously_good(r), "North East")),
    "homes.prev_ri.improved": lambda r: stayed_or_became_good(previously_below_good(r)),
    "homes.region.north_east.prev_ri.improved":
        lambda r: stayed_or_became_good(region_of(previously_below_good(r), "North East")),
    "homes.region.north_east.prev_ri.improved.count":
        lambda r: count(region_of(previously_below_good(r), "North East"), OE, GB),
    "homes.region.south_west.prev_ri.improved":
        lambda r: stayed_or_became_good(region_of(previously_below_good(r), "South West")),
    "homes.region.south_west.prev_ri.improved.count":
        lambda r: count(region_of(previously_below_good(r), "South West"), OE, GB),
    "homes.region.south_west.prev_ri.improved.base": lambda r: len(region_of(previously_below_good(r), "South West")),
    "homes.region.improved_under_half.count":
        lambda r: sum(fraction(rows, OE, GB) < Fraction(1, 2) for _, rows in by_region(previously_below_good(r)).items()),

    # Interim inspections.
    "homes.interim.inspections": lambda r: len(interim_inspections(r)),
    "homes.interim.judged": lambda r: int((interim_inspections(r)["interim_outcome"] != "Not judged").sum()),

    # State of the nation.
    "homes.state.now.inadequate": lambda r: share(r.state("now"), OE, INADEQUATE),
    "homes.state.now.inadequate.count": lambda r: count(r.state("now"), OE, INADEQUATE),
    "homes.state.region.south_west.now": lambda r: state_by_region(r, "now")["South West"],
    "homes.state.region.biggest_rise.points": lambda r: max(state_rise_by_region(r).values()),
    "homes.state.region.east_midlands.then": lambda r: state_by_region(r, "year_ago")["East Midlands"],
    "homes.state.region.east_midlands.now": lambda r: state_by_region(r, "now")["East Midlands"],
    "homes.state.region.smallest_rise.points": lambda r: min(state_rise_by_region(r).values()),
    "homes.state.region.north_east.now": lambda r: state_by_region(r, "now")["North East"],
    "homes.state.region.north_east.then": lambda r: state_by_region(r, "year_ago")["North East"],
    "homes.state.region.yorkshire_and_the_humber.now": lambda r: state_by_region(r, "now")["Yorkshire and The Humber"],
    "homes.state.region.second.share": lambda r: sorted(state_by_region(r, "now").values(), reverse=True)[1],
}


#: Recounts that disagree with the published value, with the reason. Each is
#: a defect in the data or the build code, to be fixed there (the failure
#: message of each test gives the recounted and the published value).
DISAGREEMENTS = {}


# --- The tests ------------------------------------------------------------------------

def published_rows() -> list[dict]:
    rows = []
    for name in PUBLISHED_FILES:
        with open(PUBLISHED / name, encoding="utf-8", newline="") as f:
            rows += [dict(row, file=name) for row in csv.DictReader(f)]
    return rows


def published_by_key() -> dict[str, dict]:
    """One row per key (a figure quoted in two sentences is recounted once)."""
    by_key = {}
    for row in published_rows():
        by_key.setdefault(row["key"], row)
    return by_key


PUBLISHED_KEYS = sorted(published_by_key())


def test_every_published_key_has_an_independent_recount():
    missing = [k for k in PUBLISHED_KEYS if k not in RECOUNT]
    assert not missing, f"published figures with no independent recount: {missing}"


def test_every_recount_is_of_a_published_key():
    stale = sorted(set(RECOUNT) - set(PUBLISHED_KEYS))
    assert not stale, f"recounts of keys no longer in tests/published/: {stale}"


def test_a_key_quoted_twice_has_one_published_value():
    values = {}
    for row in published_rows():
        values.setdefault(row["key"], set()).add(row["published"])
    assert {k: v for k, v in values.items() if len(v) > 1} == {}


def test_disagreements_are_of_published_keys():
    assert set(DISAGREEMENTS) <= set(PUBLISHED_KEYS)


@pytest.mark.parametrize("key", [
    pytest.param(k, marks=pytest.mark.xfail(strict=True, reason=DISAGREEMENTS[k])) if k in DISAGREEMENTS else k
    for k in PUBLISHED_KEYS if k in RECOUNT
])
def test_recounted_from_the_records_as_published(records, key):
    row = published_by_key()[key]
    recount = RECOUNT[key](records)
    if hasattr(recount, "item"):    # a numpy number
        recount = recount.item()
    assert read_published(row["published"], recount, records.known_names) == recount, (
        f"{key}: published {row['published']!r} ({row['file']}: “{row['sentence']}”), recounted {recount!r}")


# --- The comparison itself ----------------------------------------------------------------

KNOWN = {"Kensington and Chelsea", "Westminster", "Kingston upon Thames", "Isles of Scilly", "Cornwall",
         "City of London", "London", "Hackney", "Somerset", "North Somerset", "Bath and North East Somerset",
         "West Midlands", "South East", "East of England", "East Midlands", "North East", GOOD, RI}


@pytest.mark.parametrize("text, names", [
    ("Royal Borough of Kensington and Chelsea, and Westminster", {"Kensington and Chelsea", "Westminster"}),
    ("Cornwall and the Isles of Scilly", {"Cornwall", "Isles of Scilly"}),
    ("City of London and Hackney", {"City of London", "Hackney"}),
    ("Buckinghamshire plus Somerset", None),          # Buckinghamshire is not in KNOWN
    ("Somerset", {"Somerset"}),
    ("Bath and North East Somerset", {"Bath and North East Somerset"}),
    ("The West Midlands", {"West Midlands"}),
    ("good", {GOOD}),
])
def test_names_are_read_whole_from_the_published_text(text, names):
    if names is None:
        with pytest.raises(AssertionError):
            names_in(text, KNOWN)
    else:
        assert names_in(text, KNOWN) == names


def test_region_lists_are_read_with_their_numbers():
    text = "the East Midlands (50%), the East of England (44%), London (43%) and the North East (38%)"
    assert read_published(text, PercentByRegion(), KNOWN) == {
        "East Midlands": 50, "East of England": 44, "London": 43, "North East": 38}
    assert read_published("four in London and one in the South East", CountByRegion(), KNOWN) == {
        "London": 4, "South East": 1}


def test_dates_are_read_as_published():
    assert read_published("30 September 2016", dt.date(2016, 9, 30), KNOWN) == dt.date(2016, 9, 30)
    assert read_published("November 2013", dt.date(2013, 11, 1), KNOWN) == dt.date(2013, 11, 1)
    assert read_published("November 2013", dt.date(2013, 12, 1), KNOWN) != dt.date(2013, 12, 1)


@pytest.mark.parametrize("count_, base, expected", [(1, 8, 13), (1, 40, 3), (5, 200, 3), (87, 152, 57), (0, 5, 0)])
def test_percentages_round_half_up(count_, base, expected):
    assert pct(count_, base) == expected     # round() would give 12 and 2 for the first two
