"""Real release folders from Ofsted's and DfE's published files.

    python3 -m release.inputs.importers.ofsted_public            # every release in the spec
    python3 -m release.inputs.importers.ofsted_public 2016-09    # one

Reads the files copied unchanged into ``data/sources/ofsted-public/``
(README.md there names their origin; Open Government Licence v3.0) and
writes, for each release in ``releases/<id>.toml`` beside them, the folder
``data/<id>/`` in the data contract (data/README.md).

The published files lack some fields the contract needs. Each is filled by
a rule (RULES below), chosen to come as close as the files allow to what
Ofsted published; the rules are written into the release's notes, so the
bulletin says them in plain words. Nothing is guessed: a value outside the
known vocabulary of its file is refused, naming file, row and column.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import statistics
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import vocabulary as v
from .reading import Refused, Table, day_month_year, iso, read, urn, word
from ...errors import Problem

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ROOT / "data" / "sources" / "ofsted-public"
#: The project's list of the 152 LAs of 2016 (codes, names, regions, types)
#: and their DfE three-digit numbers.
LA_REFERENCE = ROOT / "data" / "sample" / "la_reference_2016.csv"
LA_NUMBERS = ROOT / "release" / "la_codes.csv"

LA_TABLE = "la_inspections/LA_inspections_2009-2023_table10_current_LAs.csv"
LA_TABLE_BEFORE = "la_inspections/LA_inspections_2009-2023_table11_pre_restructure_LAs.csv"
SIF_STARTS = "la_inspections/sif_inspection_start_dates.csv"
CIN = "dfe_la_counts/b1_children_in_need_2013_to_2025.csv"
CLA = "dfe_la_counts/cla_number_and_rate_per_10k_children.csv"
CPP = "dfe_la_counts/d5_cpps_at31march_by_duration_2013_to_2025.csv"
#: DfE's SFR41/2016: children looked after at 31 March 2016 (the CLA file
#: above starts in 2021).
CLA_2016 = "dfe_la_counts/SFR41_CLA2016.csv"
CLOSURES = "providers_joined_left/Closed_providers_final.csv"
JOINERS = ("providers_joined_left/joiners_leavers_17.csv",)
#: Inspection events in each year (Ofsted "provider level in year").
EVENTS = ("homes_events_in_year/All_SocCare_inspec_1415.csv",
          "homes_events_in_year/All_SocCare_inspec_1516.csv",
          "homes_events_in_year/All_SocCare_inspec_1617.csv")
#: Each active provider's latest full inspection at 31 March (the history
#: before the event files begin, and, from 2017, publication dates).
AT_MARCH = ("providers_at_31_march/provider_at_march_2015.csv",
            "providers_at_31_march/provider_at_march_2016.csv",
            "providers_at_31_march/provider_at_march_2017.csv")

#: LAs created in the 2019 and 2021 restructures (ONS): the LA table lists
#: them among today's LAs, and their predecessors in its second sheet. A
#: release dated before the change takes the predecessors.
RESTRUCTURED = {"Bournemouth, Christchurch and Poole": dt.date(2019, 4, 1),
                "Dorset": dt.date(2019, 4, 1),
                "North Northamptonshire": dt.date(2021, 4, 1),
                "West Northamptonshire": dt.date(2021, 4, 1)}
#: Names the published files give an LA where the ONS name differs.
LA_ALIASES = {"bristol": "Bristol, City of", "durham": "County Durham",
              "herefordshire": "Herefordshire, County of",
              "kingston upon hull": "Kingston upon Hull, City of", "bedford borough": "Bedford"}

#: The rules that fill what the files lack, in the words the bulletin's
#: notes print (release.toml [[commentary.data_notes]]).
RULES = {
    "homes_final_data": (
        "Children’s homes figures are counted from Ofsted’s final provider-level data (inspections in each "
        "year, and each provider’s latest full inspection at 31 March), which include inspections published "
        "after the original cut-off, and leave out homes registered but not yet inspected."),
    "homes_publication_dates": (
        "The provider-level files give publication dates only from 2017. Where a file gives an inspection’s "
        "publication date it is used; otherwise the inspection is taken to have been published {lag} days "
        "after it took place, the median of the publication dates the files do give."),
    "homes_registration_dates": (
        "The files give no registration dates before 2019: a home is taken to have been registered on the "
        "date Ofsted’s joiners list gives, or otherwise by its first inspection in the files."),
    "suppressed_counts": (
        "Some Department for Education counts at 31 March {year} are suppressed or not given in the files "
        "({said}); they are counted here as none, so the England totals that include them are understated."),
    "homes_reopened": (
        "Where Ofsted’s closures list closes a home before an inspection the files record ({count} homes), the "
        "home is taken to have been registered again and counted as open."),
    "sif_inspection_dates": (
        "SIF inspection start dates are read from the inspection reports; where no report was held, the "
        "start is taken to be {lag} days before publication, the median of the others."),
    "sif_inspection_numbers": (
        "Ofsted’s inspection numbers are not published: each SIF inspection is identified by its LA code and "
        "publication date."),
    "earlier_frameworks": (
        "Earlier frameworks’ inspections are dated by their publication date, the only date the LA table "
        "gives; their third grade, shown there as requires improvement to be good, was adequate."),
}

SOURCE_NOTE = (
    "Contains public sector information licensed under the Open Government Licence v3.0. Sources: Ofsted, "
    "Children’s social care in England 2023, underlying data (LA inspections 2009-2023); Ofsted, children’s "
    "social care providers and inspections, provider-level data in year 2014-15 to 2016-17 and at 31 March "
    "2015 to 2017, closed providers, joiners and leavers; Department for Education, Children in need, "
    "Children looked after in England and child protection plans, local authority tables.")


@dataclass
class Spec:
    """One release to import: its metadata file and the dates it needs."""

    id: str
    text: str
    meta: dict
    extra: str = ""

    @property
    def sif_to(self) -> dt.date:
        return self.meta["sif"]["inspected_to"]

    @property
    def homes_end(self) -> dt.date:
        return self.meta["homes"]["period_end"]

    @property
    def homes_published_by(self) -> dt.date:
        return self.meta["homes"]["published_by"]

    @property
    def cin_year(self) -> int:
        return self.meta["context"]["cin_date"].year


@dataclass
class Imported:
    """What one run read: tables by contract file, and what it reports."""

    files: dict = field(default_factory=dict)
    report: list[str] = field(default_factory=list)
    notes: dict = field(default_factory=dict)


# --- local authorities ------------------------------------------------------

def _norm(name: str) -> str:
    name = name.lower().replace("&", " and ").replace("-", " ")
    return " ".join(re.sub(r"[^a-z ]", "", name).split())


def la_reference() -> tuple[dict, dict, dict]:
    """The 2016 LAs: rows by code, codes by normalised name, codes by DfE number."""
    with LA_REFERENCE.open(encoding="utf-8") as f:
        rows = {r["la_code"]: r for r in csv.DictReader(f)}
    by_name = {_norm(r["la_name"]): code for code, r in rows.items()}
    by_name.update({alias: by_name[_norm(name)] for alias, name in LA_ALIASES.items()})
    with LA_NUMBERS.open(encoding="utf-8") as f:
        by_number = {r["old_la_code"]: r["new_la_code"] for r in csv.DictReader(f)}
    return rows, by_name, by_number


def la_code(table: Table, row: dict, column: str, by_name: dict, problems: list[Problem]) -> str | None:
    code = by_name.get(_norm(row.get(column, "")))
    if code is None:
        problems.append(table.problem(row, column, "the name of one of the 152 local authorities of 2016"))
    return code


#: DfE's LA-level counts: column -> (file, year column, LA number column,
#: value column, a (column, value) the row must have, or None). A year in
#: its own file names it in the value column instead ({year}).
DFE_FILES = {
    "children_in_need": [(CIN, "time_period", "old_la_code", "At31_episodes", ("geographic_level", "Local authority"))],
    "children_looked_after": [
        (CLA, "time_period", "old_la_code", "children_count", ("population_type",
                                                               "Children looked after on 31 March each year")),
        (CLA_2016, None, "geog_c", "CLA_Mar{year}", ("geog_l", "LA"))],
    "child_protection_plans": [(CPP, "time_period", "old_la_code", "CPP_At31", ("geographic_level", "Local authority"))],
}


def dfe_counts(sources: Path, year: int, by_number: dict, report: list[str], problems: list[Problem]) -> dict:
    """Each LA's children in need, looked after and on a plan at 31 March
    of ``year``, as published: a suppressed count stays a GSS symbol
    (DfE's ``c`` is [c]; ``x`` or blank, not available, is [x])."""
    counts: dict = defaultdict(dict)
    for column, files in DFE_FILES.items():
        for name, year_column, number, value_column, (key, wanted) in files:
            value_column = value_column.format(year=year)
            with (sources / name).open("rb") as f:
                header = f.readline()
            if year_column is None and value_column.encode() not in header:
                continue  # a file of another year
            table = read(sources / name, name, tuple(c for c in (year_column, number, value_column, key) if c), report)
            for row in table.rows:
                if (year_column and row[year_column] != str(year)) or row[key] != wanted:
                    continue
                code = by_number.get(row[number].strip())
                if code is None:
                    continue  # an LA number of another year's LAs (after 2019): not one of the 152
                value = row[value_column].strip()
                if value.isdigit():
                    counts[code][column] = value
                elif value in v.SUPPRESSED:
                    counts[code][column] = v.SUPPRESSED[value]
                else:
                    problems.append(table.problem(row, value_column, "a whole number, or DfE's c (suppressed), "
                                                                     "x or blank (not available)"))
    return counts


def contract_takes_symbols() -> bool:
    """Whether the data contract accepts a GSS symbol for a DfE count
    (release/inputs/validate.py's SUPPRESSED). Until it does, a suppressed count is
    written as 0 and named in the release's notes, never silently."""
    from .. import validate

    return all(s in getattr(validate, "SUPPRESSED", {}) for s in set(v.SUPPRESSED.values()))


def local_authorities(sources: Path, spec: Spec, out: Imported, problems: list[Problem]) -> list[dict]:
    rows, _, by_number = la_reference()
    counts = dfe_counts(sources, spec.cin_year, by_number, out.report, problems)
    symbols = contract_takes_symbols()
    result, zeroed = [], []
    for code, ref in rows.items():
        have = counts.get(code, {})
        row = {**ref, **{c: have.get(c, "[x]") for c in
                         ("children_in_need", "children_looked_after", "child_protection_plans")}}
        if not symbols:
            for c in ("children_in_need", "children_looked_after", "child_protection_plans"):
                if row[c].startswith("["):
                    zeroed.append((c, ref["la_name"], row[c]))
                    row[c] = "0"
        result.append(row)
    if zeroed:
        by_count = defaultdict(list)
        for c, name, symbol in zeroed:
            by_count[c.replace("_", " ")].append(name)
        said = "; ".join(f"{c}: {', '.join(names) if len(names) < 10 else 'every LA'}" for c, names in by_count.items())
        out.notes["suppressed_counts"] = RULES["suppressed_counts"].format(year=spec.cin_year, said=said)
    for c in ("children_in_need", "children_looked_after", "child_protection_plans"):
        missing = [r["la_name"] for r in result if c not in counts.get(r["la_code"], {})]
        shown = [f"{r['la_name']} {r[c]}" for r in result if r[c].startswith("[") and r["la_name"] not in missing]
        out.report.append(f"{c.replace('_', ' ')} at 31 March {spec.cin_year}: suppressed: {', '.join(shown) or 'none'}; "
                          f"not in the files ([x]): {', '.join(missing[:5]) + (' …' if len(missing) > 5 else '') or 'none'}"
                          + (f" ({len(missing)} LAs)" if missing else ""))
    return result


# --- SIF and earlier frameworks ----------------------------------------------

SIF_FIRST = {
    "publication_date": "Single Inspection of LA Children's Services (SIF)  First SIF publication date",
    "overall_effectiveness": "First SIF Overall Judgement\n(OE)",
    "help_and_protection": "First SIF children who need help and protection",
    "looked_after": "First SIF children looked after and achieving permanence",
    "adoption": "First SIF CLA Sub: Adoption Performance",
    "care_leavers": "First SIF CLA Sub: Experiences and progress of care leavers",
    "leadership": "First SIF leadership, management and governance",
    "lscb_overall_effectiveness": "LSCB Overall Effectiveness",
}
SIF_AGAIN = {
    "publication_date": "Single Inspection of LA Children's Services (SIF) SIF Re-inspection publication date",
    "overall_effectiveness": "SIF Re-inspection Overall Judgement\n(OE)",
    "help_and_protection": "SIF Re-inspection children who need help and protection",
    "looked_after": "SIF Re-inspection children looked after and achieving permanence",
    "adoption": "SIF Re-inspection CLA Sub: Adoption Performance",
    "care_leavers": "SIF Re-inspection CLA Sub: Experiences and progress of care leavers",
    "leadership": "SIF Re-inspection leadership, management and governance",
}
#: Earlier frameworks: the contract's name -> (publication date, judgement)
#: columns, latest first (a re-inspection replaces the inspection).
EARLIER = {
    "Child Protection": [("Child Protection Re-Inspection (CPRI) publication date", "CPRI Overall Effectiveness (OE)"),
                         ("Child Protection Inspections (CPI) publication date", "CPI Overall Effectiveness (OE)")],
    "Looked After Children": [
        ("SLAC re-inspection of services for Children Looked After publication date",
         "SLAC re-inspection of services Children Looked After OE"),
        ("Safeguarding & Looked After Children (SLAC) Inspection publication date",
         "SLAC Looked After Children Overall Effectiveness (OE)")],
}
NAME = "Local authority name"


def la_tables(sources: Path, spec: Spec, report: list[str]) -> list[tuple[Table, dict]]:
    """The LA table's rows for the LAs of the release's date."""
    needs = (NAME, SIF_FIRST["publication_date"], SIF_AGAIN["publication_date"])
    now = read(sources / LA_TABLE, LA_TABLE, needs, report)
    before = read(sources / LA_TABLE_BEFORE, LA_TABLE_BEFORE, needs, report)
    when = spec.meta["release"].get("reference_date") or spec.sif_to
    rows = [(now, r) for r in now.rows if not (r[NAME] in RESTRUCTURED and when < RESTRUCTURED[r[NAME]])]
    rows += [(before, r) for r in before.rows]
    return rows


def sif_inspections(sources: Path, spec: Spec, out: Imported, problems: list[Problem]) -> list[dict]:
    _, by_name, _ = la_reference()
    starts_table = read(sources / SIF_STARTS, SIF_STARTS, ("la_code", "reinspection", "publication_date",
                                                           "inspection_start_date"), out.report)
    starts = {}
    for row in starts_table.rows:
        published = iso(starts_table, row, "publication_date", problems)
        started = iso(starts_table, row, "inspection_start_date", problems, blank=True)
        starts[(row["la_code"], row["reinspection"], published)] = started
    lags = [(p - s).days for (_, _, p), s in starts.items() if s and p]
    lag = int(statistics.median(lags)) if lags else 0
    estimated = 0
    result = []
    for table, row in la_tables(sources, spec, out.report):
        code = la_code(table, row, NAME, by_name, problems)
        for again, columns in ((False, SIF_FIRST), (True, SIF_AGAIN)):
            published = iso(table, row, columns["publication_date"], problems, blank=True)
            if published is None:
                continue
            flag = "Yes" if again else "No"
            started = starts.get((code, flag, published))
            if started is None:
                started, estimated = published - dt.timedelta(days=lag), estimated + 1
            if started > spec.sif_to:
                continue
            record = {"inspection_id": f"{code}-{published.isoformat()}", "la_code": code,
                      "inspection_date": started.isoformat(), "publication_date": published.isoformat(),
                      "reinspection": flag}
            for key, column in columns.items():
                if key == "publication_date":
                    continue
                if key == "lscb_overall_effectiveness" and not row[column].strip():
                    record[key] = ""
                    continue
                record[key] = word(table, row, column, v.SIF_GRADES, problems, "a SIF judgement") or ""
            record.setdefault("lscb_overall_effectiveness", "")
            result.append(record)
    out.notes["sif_inspection_dates"] = RULES["sif_inspection_dates"].format(lag=lag)
    out.notes["sif_inspection_numbers"] = RULES["sif_inspection_numbers"]
    out.report.append(f"SIF inspections up to {spec.sif_to}: {len(result)} ({estimated} start dates by the rule, "
                      f"{lag} days before publication)")
    return result


def previous_frameworks(sources: Path, spec: Spec, out: Imported, problems: list[Problem]) -> list[dict]:
    _, by_name, _ = la_reference()
    result = []
    for table, row in la_tables(sources, spec, []):
        code = la_code(table, row, NAME, by_name, problems)
        for framework, choices in EARLIER.items():
            for date_column, grade_column in choices:
                grade = row.get(grade_column, "")
                if not grade.strip() or grade == " -":
                    continue  # no inspection, or no judgement made
                published = iso(table, row, date_column, problems)
                judgement = word(table, row, grade_column, v.EARLIER_GRADES, problems, "an earlier framework's grade")
                if published and judgement:
                    result.append({"la_code": code, "framework": framework,
                                   "inspection_date": published.isoformat(), "judgement": judgement})
                break
    out.notes["earlier_frameworks"] = RULES["earlier_frameworks"]
    return result


# --- children's homes ---------------------------------------------------------

#: Column names by file: (URN, provision type, sector, LA, event type, date, event id, judgement, publication).
EVENT_COLUMNS = {
    EVENTS[0]: ("URN", "Provision type", "Sector", "Local authority", "Inspection type", "Inspection Date",
                "Inspection ID", "Overall effectiveness", None),
    EVENTS[1]: ("URN", "Provision type", "Sector", "Local authority", "Event type", "Inspection date",
                "Event number", "Overall effectiveness", None),
    EVENTS[2]: ("URN", "Provision type", "Sector", "Local authority", "Event type", "Inspection date",
                "Event number", "Overall effectiveness", None),
    AT_MARCH[0]: ("URN", "Provision type", "Sector", "Local authority", "Inspection type", "Inspection Date",
                  "Inspection ID", "Overall effectiveness", None),
    AT_MARCH[1]: ("URN", "Provision type", "Sector", "Local authority", "Event type", "Inspection date",
                  "Event number", "Overall effectiveness", None),
    AT_MARCH[2]: ("URN", "Provision type", "Sector", "Local authority", "Event type", "Inspection date",
                  "Event number", "Overall effectiveness", "Publication date"),
}


@dataclass
class Event:
    urn: str
    kind: str
    date: dt.date
    event_id: str
    grade: str
    published: dt.date | None
    order: int  # the file's place: a later file's description of a home wins


def read_events(sources: Path, out: Imported, problems: list[Problem]) -> tuple[list[Event], dict]:
    """Every event of a children's home in the files, and each home's latest
    description (sub type, sector, LA)."""
    _, by_name, _ = la_reference()
    events, homes = [], {}
    for order, name in enumerate(AT_MARCH[:1] + EVENTS[:1] + AT_MARCH[1:2] + EVENTS[1:2] + AT_MARCH[2:] + EVENTS[2:]):
        cols = EVENT_COLUMNS[name]
        needs = tuple(c for c in cols if c)
        table = read(sources / name, name, needs, out.report)
        u, ptype, sector, la, etype, date, eid, grade, pub = cols
        for row in table.rows:
            provision = row.get(ptype, "")
            if provision in v.OTHER_PROVISION:
                continue
            sub_type = word(table, row, ptype, v.SUB_TYPES, problems, "a provision type")
            if sub_type is None:
                continue
            home = urn(table, row, u, problems)
            kind = word(table, row, etype, v.EVENT_TYPES, problems, "an event type")
            day = day_month_year(table, row, date, problems)
            published = day_month_year(table, row, pub, problems, blank=True) if pub else None
            outcome = _outcome(table, row, grade, kind, day, problems)
            described = {"sub_type": sub_type,
                         "sector": word(table, row, sector, v.SECTORS, problems, "a sector"),
                         "la_code": la_code(table, row, la, by_name, problems)}
            if None in (home, kind, day, outcome) or None in described.values():
                continue
            homes[home] = described
            events.append(Event(home, kind, day, row.get(eid, "").strip(), outcome, published, order))
    return events, homes


def _outcome(table, row, column, kind, day, problems) -> str | None:
    value = row.get(column, "")
    if kind == "Full":
        grade = word(table, row, column, v.HOME_GRADES, problems, "a full inspection's judgement")
        if grade is None:
            return None
        words, valid_to = grade
        if valid_to and day and day > valid_to:
            problems.append(table.problem(row, column, f"a judgement of the framework of the day: {value!r} "
                                                       f"only for inspections up to {valid_to.isoformat()}"))
            return None
        return words
    if kind == "Interim":
        return word(table, row, column, v.INTERIM_OUTCOMES, problems, "an interim inspection's outcome")
    if kind and value not in v.VISIT_OUTCOMES:
        problems.append(table.problem(row, column, "a visit's outcome: one of "
                                      + ", ".join(repr(w) for w in sorted(v.VISIT_OUTCOMES))))
        return None
    return ""


def _unique_events(events: list[Event]) -> list[Event]:
    """One record per event: a full inspection in a provider-at-March file
    and in an in-year file is the same inspection (same home, same day)."""
    by_key: dict = {}
    for e in sorted(events, key=lambda e: e.order):
        key = (e.urn, e.kind, e.date)
        known = by_key.get(key)
        if known is None:
            by_key[key] = e
        elif known.published is None:
            known.published = e.published  # a later file may give the publication date
    return list(by_key.values())


def registrations(sources: Path, out: Imported, problems: list[Problem]) -> tuple[dict, dict]:
    """Joining dates (Ofsted's joiners lists) and closures (URN -> (date, reason))."""
    joined = {}
    for name in JOINERS:
        table = read(sources / name, name, ("URN", "First effective date (that the provider became active)"),
                     out.report)
        for row in table.rows:
            day = day_month_year(table, row, "First effective date (that the provider became active)", problems,
                                 blank=True)
            if day:
                joined[row["URN"].strip()] = day
    closed = {}
    table = read(sources / CLOSURES, CLOSURES, ("urn", "provider_status", "close_date"), out.report)
    for row in table.rows:
        home = urn(table, row, "urn", problems)
        reason = word(table, row, "provider_status", v.CLOSURE_REASONS, problems, "a closure reason")
        day = day_month_year(table, row, "close_date", problems)
        if home and reason and day:
            closed[home] = (day, reason)
    return joined, closed


def homes(sources: Path, spec: Spec, out: Imported, problems: list[Problem]) -> tuple[list[dict], list[dict]]:
    events, described = read_events(sources, out, problems)
    events = [e for e in _unique_events(events) if e.date <= spec.homes_end]
    joined, closed = registrations(sources, out, problems)
    lags = [(e.published - e.date).days for e in events if e.published and e.kind == "Full"]
    lag = int(statistics.median(lags)) if lags else 0
    first_seen: dict = {}
    for e in events:
        first_seen[e.urn] = min(e.date, first_seen.get(e.urn, e.date))
    home_rows = {}
    for home, first in sorted(first_seen.items()):
        registered = min(first, joined.get(home, first))
        closure, reason = closed.get(home, (None, ""))
        if closure and closure > spec.homes_end:
            closure, reason = None, ""  # closed after the period: open in these data
        home_rows[home] = {"urn": home, "provider_name": "REDACTED", **described[home],
                           "registration_date": registered.isoformat(),
                           "closure_date": closure.isoformat() if closure else "", "closure_reason": reason}
    inspections, seen_ids, reopened = [], set(), set()
    for e in sorted(events, key=lambda e: (e.urn, e.date, e.kind)):
        row = home_rows[e.urn]
        if row["closure_date"] and e.date > dt.date.fromisoformat(row["closure_date"]):
            # An event after the recorded closure: the home was re-registered
            # under its URN, so the closure recorded before it is not in force.
            row["closure_date"], row["closure_reason"] = "", ""
            reopened.add(e.urn)
        published = e.published or e.date + dt.timedelta(days=lag)
        event_id = e.event_id if e.event_id and e.event_id not in seen_ids else f"{e.urn}-{e.date}-{e.kind}"
        seen_ids.add(event_id)
        inspections.append({"event_id": event_id, "urn": e.urn, "event_type": e.kind,
                            "inspection_date": e.date.isoformat(), "publication_date": published.isoformat(),
                            "overall_effectiveness": e.grade if e.kind == "Full" else "",
                            "interim_outcome": e.grade if e.kind == "Interim" else ""})
    out.notes["homes_final_data"] = RULES["homes_final_data"]
    out.notes["homes_publication_dates"] = RULES["homes_publication_dates"].format(lag=lag)
    out.notes["homes_registration_dates"] = RULES["homes_registration_dates"]
    if reopened:
        out.notes["homes_reopened"] = RULES["homes_reopened"].format(count=len(reopened))
    out.report.append(f"children's homes: {len(home_rows):,}; events up to {spec.homes_end}: {len(inspections):,} "
                      f"({sum(1 for e in events if e.published):,} with a published date; others {lag} days after)")
    return list(home_rows.values()), inspections


# --- writing ------------------------------------------------------------------

CONTRACT = {
    "local_authorities.csv": ("la_code", "la_name", "region", "la_type", "children_in_need",
                              "children_looked_after", "child_protection_plans"),
    "sif_inspections.csv": ("inspection_id", "la_code", "inspection_date", "publication_date", "reinspection",
                            "overall_effectiveness", "help_and_protection", "looked_after", "adoption",
                            "care_leavers", "leadership", "lscb_overall_effectiveness"),
    "previous_frameworks.csv": ("la_code", "framework", "inspection_date", "judgement"),
    "childrens_homes.csv": ("urn", "provider_name", "sub_type", "sector", "la_code", "registration_date",
                            "closure_date", "closure_reason"),
    "homes_inspections.csv": ("event_id", "urn", "event_type", "inspection_date", "publication_date",
                              "overall_effectiveness", "interim_outcome"),
}


def load_spec(sources: Path, release_id: str) -> Spec:
    path = sources / "releases" / f"{release_id}.toml"
    text = path.read_text(encoding="utf-8")
    meta = tomllib.loads(text)
    extra = path.with_suffix(".commentary.toml")
    return Spec(release_id, text, meta, extra.read_text(encoding="utf-8") if extra.exists() else "")


def import_release(sources: Path, spec: Spec) -> Imported:
    """Every contract file of one release, or Refused with every problem."""
    out, problems = Imported(), []
    out.files["local_authorities.csv"] = local_authorities(sources, spec, out, problems)
    out.files["sif_inspections.csv"] = sif_inspections(sources, spec, out, problems)
    out.files["previous_frameworks.csv"] = previous_frameworks(sources, spec, out, problems)
    out.files["childrens_homes.csv"], out.files["homes_inspections.csv"] = homes(sources, spec, out, problems)
    if problems:
        raise Refused(sorted(set(problems), key=lambda p: (p.file, p.row or 0, p.column or "")))
    return out


def release_toml(spec: Spec, notes: dict) -> str:
    """The spec's metadata, marked as real data, with its sources and the
    rules that filled what the files lack, for the bulletin's notes."""
    lines = [spec.text.rstrip(), "", "[commentary]", f"sources = {json.dumps(SOURCE_NOTE, ensure_ascii=False)}"]
    if spec.extra:
        lines.append(spec.extra.rstrip())
    for key in RULES:
        if key in notes:
            lines += ["", "[[commentary.data_notes]]", f"text = {json.dumps(notes[key], ensure_ascii=False)}"]
    return "\n".join(lines) + "\n"


def write(folder: Path, spec: Spec, imported: Imported) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, columns in CONTRACT.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
            w.writeheader()
            w.writerows(imported.files[name])
    (folder / "release.toml").write_text(release_toml(spec, imported.notes), encoding="utf-8")
    # The figures the published release printed, for the reconciliation
    # page (release/outputs/reconciliation.py), copied unchanged.
    published = SOURCES / "published" / f"{spec.id}.csv"
    if published.exists():
        (folder / "published_figures.csv").write_bytes(published.read_bytes())


def spec_ids(sources: Path) -> list[str]:
    return sorted(p.stem for p in (sources / "releases").glob("*.toml") if "." not in p.stem)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("releases", nargs="*", help="release ids (default: every releases/<id>.toml)")
    parser.add_argument("--sources", type=Path, default=SOURCES, help="folder of the published files")
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="folder to write <id>/ into")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    for release_id in args.releases or spec_ids(args.sources):
        spec = load_spec(args.sources, release_id)
        try:
            imported = import_release(args.sources, spec)
        except Refused as refused:
            print(f"Refused {release_id}: {len(refused.problems)} problem(s)", file=sys.stderr)
            for p in refused.problems[:50]:
                print(f"  {p}", file=sys.stderr)
            return 1
        write(args.out / release_id, spec, imported)
        if not args.quiet:
            print(f"{release_id}: written to {args.out / release_id}")
            for line in dict.fromkeys(imported.report):
                print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
