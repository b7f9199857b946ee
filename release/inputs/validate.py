"""Check every value of the source files and return typed tables.

Column rules (types, allowed words, uniqueness, references to other files,
dates inside the periods) are pandera schemas; rules that join columns of
one record (publication after inspection, a judgement only on a full
inspection) are small functions below. Every problem in every file is
collected before the build stops, so one run shows all that needs fixing.

Each column rule is a plain function of the column (True where a value is
good) with the words of what a good value is. A file whose every value
passes them is passed without pandera; a file with a problem is validated
by pandera, which lists each failure (file, row, column, value, rule).
"""

from dataclasses import dataclass
import datetime as dt
import re

import pandas as pd
import pandera.pandas as pa

from . import judgements as j
from .config import Release
from ..errors import DataError, Problem
from .la_sets import placement_problems
from .load import RawTables

DATE_FORMAT = "%Y-%m-%d"


@dataclass
class Tables:
    """The validated source data, with dates as timestamps and counts as
    integers. Each frame keeps the source row number as its index."""

    local_authorities: pd.DataFrame
    sif_inspections: pd.DataFrame
    previous_frameworks: pd.DataFrame
    childrens_homes: pd.DataFrame
    homes_inspections: pd.DataFrame
    #: For each DfE count column of ``local_authorities``, the GSS symbol
    #: ("[c]" or "[x]") where the count is suppressed, "" where it is a
    #: number (same index). A suppressed count is <NA> in
    #: ``local_authorities``: never a number, never zero.
    count_symbols: pd.DataFrame | None = None


#: The Department for Education's counts in ``local_authorities.csv``.
DFE_COUNTS = ("children_in_need", "children_looked_after", "child_protection_plans")
#: GSS symbols a DfE count may carry instead of a number (data/README.md):
#: [c] confidential (suppressed, DfE's "c"), [x] not available (DfE's "x" or blank).
SUPPRESSED = {"[c]": "confidential: suppressed to protect confidential information",
              "[x]": "not available"}


# --- column rules ---------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    """A column rule: ``good`` gives, for a column's values, True where a
    value is good; ``expected`` says what a good value is."""

    good: object
    expected: str
    #: A plain-Python test of a column's values (a list, none missing): True
    #: only when every value is good by ``good``, which decides otherwise.
    #: Most files pass every rule, and a few hundred values are read in less
    #: time than pandas takes to make one Series of results.
    quick: object = None


def _one_of(values, blank=False) -> Rule:
    allowed = tuple(values) + (("",) if blank else ())
    words = ", ".join(values) + (", or blank" if blank else "")
    wanted = frozenset(allowed)
    return Rule(lambda s: s.isin(allowed), f"one of {words}", lambda values: all(v in wanted for v in values))


#: Date columns parsed during one ``validate``, by their name, rows and
#: text: each column is parsed once, not by each rule that reads its dates.
_PARSED: dict = {}


def _parsed(s: pd.Series) -> pd.Series:
    key = (s.name, tuple(s.index.tolist()), tuple(s.tolist()))
    if key not in _PARSED:
        _PARSED[key] = pd.to_datetime(s, format=DATE_FORMAT, errors="coerce")
    return _PARSED[key]


def _date(first: dt.date | None = None, last: dt.date | None = None, blank=False, what="") -> list[Rule]:
    rules = [Rule(lambda s: (_parsed(s).notna()) | ((s == "") if blank else False),
                  "a real date as YYYY-MM-DD" + (" or blank" if blank else ""))]
    if first or last:
        lo = pd.Timestamp(first) if first else pd.Timestamp.min
        hi = pd.Timestamp(last) if last else pd.Timestamp.max
        span = f"from {first} to {last}" if first and last else (f"on or after {first}" if first else f"on or before {last}")
        rules.append(Rule(lambda s: _parsed(s).between(lo, hi) | _parsed(s).isna(), f"a date {span}{what}"))
    return rules


def _matches(pattern: str, expected: str) -> Rule:
    """The whole value matches ``pattern`` (which starts with ^ and ends with $)."""
    compiled = re.compile(pattern)
    return Rule(lambda s: s.str.match(pattern, na=False), expected,
                lambda values: all(compiled.match(v) for v in values))


def _count_or_suppressed() -> Rule:
    symbols = "|".join(re.escape(k) for k in SUPPRESSED)
    compiled = re.compile(rf"\d+|{symbols}")
    return Rule(lambda s: s.str.fullmatch(rf"\d+|{symbols}"),
                "a whole number of 0 or more, or a GSS symbol for a suppressed count: " + " or ".join(SUPPRESSED),
                lambda values: all(compiled.fullmatch(v) for v in values))


def _text() -> Rule:
    return Rule(lambda s: s != "", "some text (not blank)", lambda values: all(v != "" for v in values))


def _unique(what: str) -> Rule:
    return Rule(lambda s: ~s.duplicated(keep=False), f"a unique {what}; the same value is on another row",
                lambda values: len(set(values)) == len(values))


def _known(values, what: str) -> Rule:
    """A reference to another file; not checked when that file could not
    be read (its own problem is reported instead of one per row here)."""
    if values is None:
        return Rule(lambda s: s == s, "")
    known = set(values)
    return Rule(lambda s: s.isin(known), f"a {what} listed in {_source_of(what)}",
                lambda found: all(v in known for v in found))


def _source_of(what: str) -> str:
    return "local_authorities.csv" if what == "LA code" else "childrens_homes.csv"


def _schemas(rel: Release, la_codes, urns) -> dict[str, dict[str, list[Rule]]]:
    """Each file's column rules, by column."""
    col = lambda *rules: list(rules)  # noqa: E731
    sif_dates = _date(rel.sif_framework_start, rel.sif_inspected_to, what=" (the SIF reporting window)")
    grade_or_nj = _one_of(j.RECORDED_GRADES)
    history_start = None
    return {
        "local_authorities.csv": {
            "la_code": col(_matches(r"^E(06|07|08|09|10)\d{6}$", "an ONS code such as E10000016"), _unique("LA code")),
            "la_name": col(_text(), _unique("LA name")),
            "region": col(_one_of(j.REGIONS)),
            "la_type": col(_one_of(j.LA_TYPES)),
            **{c: col(_count_or_suppressed()) for c in DFE_COUNTS},
        },
        "sif_inspections.csv": {
            "inspection_id": col(_text(), _unique("inspection id")),
            "la_code": col(_known(la_codes, "LA code")),
            "inspection_date": col(*sif_dates),
            "publication_date": col(*_date()),
            "reinspection": col(_one_of(("Yes", "No"))),
            "overall_effectiveness": col(_one_of(j.GRADES)),
            "help_and_protection": col(grade_or_nj),
            "looked_after": col(grade_or_nj),
            "adoption": col(grade_or_nj),
            "care_leavers": col(grade_or_nj),
            "leadership": col(grade_or_nj),
            "lscb_overall_effectiveness": col(_one_of(j.GRADES, blank=True)),
        },
        "previous_frameworks.csv": {
            "la_code": col(_known(la_codes, "LA code")),
            "framework": col(_one_of(j.PREVIOUS_FRAMEWORKS)),
            "inspection_date": col(*_date(last=rel.sif_framework_start, what=" (before the SIF began)")),
            "judgement": col(_one_of(j.PREVIOUS_GRADES)),
        },
        "childrens_homes.csv": {
            "urn": col(_text(), _unique("URN")),
            "provider_name": col(_text()),
            "sub_type": col(_one_of(j.SUB_TYPES)),
            "sector": col(_one_of(j.SECTORS)),
            "la_code": col(_known(la_codes, "LA code")),
            "registration_date": col(*_date(last=rel.period_end, what=" (not after the period)")),
            "closure_date": col(*_date(blank=True)),
            "closure_reason": col(_one_of(j.CLOSURE_REASONS, blank=True)),
        },
        "homes_inspections.csv": {
            "event_id": col(_text(), _unique("event id")),
            "urn": col(_known(urns, "URN")),
            "event_type": col(_one_of(j.HOME_EVENT_TYPES)),
            "inspection_date": col(*_date(history_start, rel.period_end, what=" (not after the period)")),
            "publication_date": col(*_date()),
            "overall_effectiveness": col(_one_of(j.RECORDED_GRADES, blank=True)),
            "interim_outcome": col(_one_of(j.RECORDED_INTERIM_OUTCOMES, blank=True)),
        },
    }


def _not_text(name: str, frame: pd.DataFrame) -> list[Problem]:
    """Each column of ``frame`` that was not read as text (none, for a
    frame from ``load.read_sources``)."""
    return [Problem(name, None, column, str(dtype), "text (the column read as text)")
            for column, dtype in frame.dtypes.items() if not pd.api.types.is_string_dtype(dtype)]


def _passes(rules: dict[str, list[Rule]], frame: pd.DataFrame) -> bool:
    """Whether pandera would pass ``frame``: every column there, no value
    missing, every value good by every rule of its column."""
    for column, checks in rules.items():
        if column not in frame.columns:
            return False
        values = frame[column]
        if values.isna().any():
            return False
        listed = values.tolist()
        if not all((rule.quick is not None and rule.quick(listed)) or bool(rule.good(values).all())
                   for rule in checks):
            return False
    return True


def _pandera(rules: dict[str, list[Rule]]) -> pa.DataFrameSchema:
    # No dtype for pandera to check: every column is read as text
    # (``load.read_sources``), which ``_not_text`` confirms first. Pandera's
    # check of a text dtype formats a table of failures for every column,
    # even when none fails: a third of the time of validating a small release.
    return pa.DataFrameSchema({column: pa.Column(None, [pa.Check(rule.good, element_wise=False, error=rule.expected)
                                                        for rule in checks], nullable=False)
                               for column, checks in rules.items()})


def _run_schema(name: str, rules: dict[str, list[Rule]], frame: pd.DataFrame) -> list[Problem]:
    not_text = _not_text(name, frame)
    if not_text:
        return not_text
    # Pandera, which builds a table of the failures and is the most of the
    # time of validating a small release, only where there is one to list.
    if _passes(rules, frame):
        return []
    try:
        _pandera(rules).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        return [
            Problem(name, _row(case["index"]), case["column"], str(case["failure_case"]), str(case["check"]))
            for _, case in cases.iterrows()
        ]
    return []


def _row(index) -> int | None:
    try:
        return int(index)
    except (TypeError, ValueError):
        return None


# --- rules across the columns of a record --------------------------------

def _record_rules(name: str, frame: pd.DataFrame, rules) -> list[Problem]:
    """``rules``: (column, expected, mask of rows that break the rule)."""
    problems = []
    for column, expected, broken in rules:
        for row in frame.index[broken.fillna(False)]:
            problems.append(Problem(name, int(row), column, frame.at[row, column], expected))
    return problems


def _sif_rules(df: pd.DataFrame, rel: Release) -> list:
    inspected, published = _parsed(df["inspection_date"]), _parsed(df["publication_date"])
    return [("publication_date", "a date on or after the inspection_date", published < inspected)]


def _homes_rules(df: pd.DataFrame) -> list:
    closed, reason = df["closure_date"] != "", df["closure_reason"] != ""
    opened, shut = _parsed(df["registration_date"]), _parsed(df["closure_date"])
    return [
        ("closure_reason", "a reason (Resigned or Cancelled) exactly when there is a closure_date", closed != reason),
        ("closure_date", "a date on or after the registration_date", shut < opened),
    ]


def _event_rules(df: pd.DataFrame, homes: pd.DataFrame, rel: Release) -> list:
    full, interim = df["event_type"] == "Full", df["event_type"] == "Interim"
    inspected, published = _parsed(df["inspection_date"]), _parsed(df["publication_date"])
    home = homes.drop_duplicates("urn").set_index("urn").reindex(df["urn"])
    opened = _parsed(home["registration_date"]).set_axis(df.index)
    shut = _parsed(home["closure_date"]).set_axis(df.index)
    oe, io = df["overall_effectiveness"], df["interim_outcome"]
    return [
        ("overall_effectiveness", "a judgement for a full inspection, blank for other events", full != (oe != "")),
        ("interim_outcome", "an outcome for an interim inspection, blank for other events", interim != (io != "")),
        ("publication_date", "a date on or after the inspection_date", published < inspected),
        ("inspection_date", "a date within the home's registration (childrens_homes.csv)",
         (inspected < opened) | (inspected > shut)),
    ]


def _duplicate_rules(name: str, frame: pd.DataFrame, key: tuple[str, ...], what: str) -> list[Problem]:
    dup = frame.duplicated(list(key), keep="first")
    return [Problem(name, int(row), key[-1], frame.at[row, key[-1]], f"one {what}; row "
                    f"{int(frame.index[(frame[list(key)] == frame.loc[row, list(key)]).all(axis=1)][0])} has the same")
            for row in frame.index[dup]]


# --- typed tables ----------------------------------------------------------

def _typed(frame: pd.DataFrame, dates=(), counts=()) -> pd.DataFrame:
    out = frame.copy()
    for c in dates:
        out[c] = _parsed(out[c])
    for c in counts:
        out[c] = out[c].astype("int64")
    return out


def _counts(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The LA table with each DfE count as a nullable whole number (<NA>
    where suppressed), and the symbols of the suppressed cells."""
    out = frame.copy()
    symbols = pd.DataFrame(index=frame.index)
    for c in DFE_COUNTS:
        suppressed = frame[c].isin(list(SUPPRESSED))
        symbols[c] = frame[c].where(suppressed, "")
        out[c] = pd.to_numeric(frame[c].mask(suppressed), errors="raise").astype("Int64")
    return out, symbols


def validate(raw: RawTables, rel: Release, problems: list[Problem] | None = None) -> Tables:
    """Check the raw tables against the contract and the release's periods.

    Raises DataError listing every problem (including ``problems`` already
    found while reading)."""
    try:
        return _validate(raw, rel, problems)
    finally:
        _PARSED.clear()


def _validate(raw: RawTables, rel: Release, problems: list[Problem] | None) -> Tables:
    problems = list(problems or [])
    f = raw.frames
    la_codes = f["local_authorities.csv"]["la_code"] if "local_authorities.csv" in f else None
    urns = f["childrens_homes.csv"]["urn"] if "childrens_homes.csv" in f else None
    schemas = _schemas(rel, la_codes, urns)
    for name, frame in f.items():
        problems += _run_schema(name, schemas[name], frame)
    if "local_authorities.csv" in f:
        # An LA the hex map cannot place is refused here, not by a crash while drawing.
        problems += placement_problems(f["local_authorities.csv"])
    if "sif_inspections.csv" in f:
        sif = f["sif_inspections.csv"]
        problems += _record_rules("sif_inspections.csv", sif, _sif_rules(sif, rel))
        problems += _duplicate_rules("sif_inspections.csv", sif, ("la_code", "inspection_date"), "inspection of an LA a day")
    if "previous_frameworks.csv" in f:
        problems += _duplicate_rules("previous_frameworks.csv", f["previous_frameworks.csv"],
                                     ("la_code", "framework"), "row per LA and framework")
    if "childrens_homes.csv" in f:
        problems += _record_rules("childrens_homes.csv", f["childrens_homes.csv"], _homes_rules(f["childrens_homes.csv"]))
    if "homes_inspections.csv" in f and "childrens_homes.csv" in f:
        ev = f["homes_inspections.csv"]
        problems += _record_rules("homes_inspections.csv", ev, _event_rules(ev, f["childrens_homes.csv"], rel))
        problems += _duplicate_rules("homes_inspections.csv", ev, ("urn", "event_type", "inspection_date"),
                                     "event of a type a day for a home")
    if problems:
        raise DataError(problems)
    las, symbols = _counts(f["local_authorities.csv"])
    return Tables(
        local_authorities=las,
        sif_inspections=_typed(f["sif_inspections.csv"], dates=("inspection_date", "publication_date")),
        previous_frameworks=_typed(f["previous_frameworks.csv"], dates=("inspection_date",)),
        childrens_homes=_typed(f["childrens_homes.csv"], dates=("registration_date", "closure_date")),
        homes_inspections=_typed(f["homes_inspections.csv"], dates=("inspection_date", "publication_date")),
        count_symbols=symbols,
    )
