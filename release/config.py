"""Release metadata: what the release covers, when, and who answers for it.

Read from ``release.toml`` in the release's data folder. Dates here define
every period and reference date that the figures use.
"""

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, DataError

METADATA_FILE = "release.toml"


@dataclass(frozen=True)
class StateDate:
    """A reference date of the state-of-the-nation picture, with the
    publication cut-off it was reported with."""

    date: dt.date
    published_by: dt.date


@dataclass(frozen=True)
class Release:
    folder: Path
    id: str
    title: str
    published: dt.date
    next_publication: str
    statistician: str
    email: str
    phone: str
    team: str
    collection_url: str
    sample_data: bool
    # Single inspection framework (SIF) of local authorities.
    sif_framework_start: dt.date
    sif_inspected_to: dt.date
    sif_published_by: dt.date
    sif_previous_published_by: dt.date
    sif_previous_release_month: str
    sif_cycle_end: str
    # Children's homes.
    period_start: dt.date
    period_end: dt.date
    period_published_by: dt.date
    comparison_start: dt.date
    comparison_end: dt.date
    comparison_published_by: dt.date
    state_dates: tuple[StateDate, ...]
    # Context and revisions.
    children_population: int
    children_population_source: str
    cin_date: dt.date
    cin_source: str
    vaa_good_or_better: int
    revisions: dict
    # Explanations a statistician writes for this release only (optional),
    # by name: the templates show each one only where the data still bear
    # it out (a reason for an increase only when there was an increase).
    commentary: dict = None


# (table, key, type) of every required setting.
_FIELDS = {
    "id": ("release", "id", str),
    "title": ("release", "title", str),
    "published": ("release", "published", dt.date),
    "next_publication": ("release", "next_publication", str),
    "statistician": ("release", "statistician", str),
    "email": ("release", "email", str),
    "phone": ("release", "phone", str),
    "team": ("release", "team", str),
    "collection_url": ("release", "collection_url", str),
    "sample_data": ("release", "sample_data", bool),
    "sif_framework_start": ("sif", "framework_start", dt.date),
    "sif_inspected_to": ("sif", "inspected_to", dt.date),
    "sif_published_by": ("sif", "published_by", dt.date),
    "sif_previous_published_by": ("sif", "previous_published_by", dt.date),
    "sif_previous_release_month": ("sif", "previous_release_month", str),
    "sif_cycle_end": ("sif", "cycle_end", str),
    "period_start": ("homes", "period_start", dt.date),
    "period_end": ("homes", "period_end", dt.date),
    "period_published_by": ("homes", "published_by", dt.date),
    "comparison_start": ("homes", "comparison_start", dt.date),
    "comparison_end": ("homes", "comparison_end", dt.date),
    "comparison_published_by": ("homes", "comparison_published_by", dt.date),
    "children_population": ("context", "children_population", int),
    "children_population_source": ("context", "children_population_source", str),
    "cin_date": ("context", "cin_date", dt.date),
    "cin_source": ("context", "cin_source", str),
    "vaa_good_or_better": ("context", "vaa_good_or_better", int),
}

_REVISION_KEYS = ("period_start", "period_end", "since", "full", "monitoring", "emergency", "interim")


def load_release(folder: Path) -> Release:
    """Read and check ``release.toml`` in ``folder``."""
    path = folder / METADATA_FILE
    if not path.is_file():
        raise DataError([Problem(METADATA_FILE, None, None, None, f"a release metadata file in {folder}")])
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError([Problem(METADATA_FILE, None, None, None, f"valid TOML ({exc})")]) from None
    problems: list[Problem] = []
    values = {name: _get(data, table, key, kind, problems) for name, (table, key, kind) in _FIELDS.items()}
    states = _state_dates(data, problems)
    revisions = {k: _get(data, "revisions", k, dt.date if k in ("period_start", "period_end", "since") else int, problems)
                 for k in _REVISION_KEYS}
    if not problems:
        _check_order(values, states, problems)
    commentary = data.get("commentary", {})
    for key, text in commentary.items():
        if not isinstance(text, str):
            problems.append(Problem(METADATA_FILE, None, f"[commentary] {key}", str(text), "text"))
    if problems:
        raise DataError(problems)
    return Release(folder=folder, state_dates=states, revisions=revisions, commentary=dict(commentary), **values)


def _get(data: dict, table: str, key: str, kind: type, problems: list[Problem]):
    value = data.get(table, {}).get(key)
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if kind is dt.date:
        ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if not ok:
        what = {str: "text", int: "a whole number", bool: "true or false", dt.date: "a date (YYYY-MM-DD)"}[kind]
        problems.append(Problem(METADATA_FILE, None, f"[{table}] {key}", None if value is None else str(value), what))
    return value


def _state_dates(data: dict, problems: list[Problem]) -> tuple[StateDate, ...]:
    rows = data.get("homes", {}).get("state", [])
    states = []
    for i, row in enumerate(rows):
        date, pub = row.get("date"), row.get("published_by")
        if not isinstance(date, dt.date) or not isinstance(pub, dt.date):
            problems.append(Problem(METADATA_FILE, None, f"[[homes.state]] #{i + 1}", None, "date and published_by as dates"))
        else:
            states.append(StateDate(date, pub))
    if not rows:
        problems.append(Problem(METADATA_FILE, None, "[[homes.state]]", None, "at least one state-of-the-nation date"))
    return tuple(sorted(states, key=lambda s: s.date))


def _check_order(v: dict, states, problems: list[Problem]) -> None:
    """Periods must run forwards and cut-offs follow what they cut off."""
    pairs = [
        ("sif_framework_start", "sif_inspected_to"),
        ("sif_inspected_to", "sif_published_by"),
        ("sif_previous_published_by", "sif_published_by"),
        ("period_start", "period_end"),
        ("period_end", "period_published_by"),
        ("comparison_start", "comparison_end"),
        ("comparison_end", "comparison_published_by"),
        ("comparison_end", "period_start"),
    ]
    for early, late in pairs:
        if v[early] > v[late]:
            table, key, _ = _FIELDS[late]
            problems.append(Problem(METADATA_FILE, None, f"[{table}] {key}", str(v[late]),
                                    f"a date on or after {_FIELDS[early][1]} ({v[early]})"))
    for s in states:
        if s.published_by < s.date:
            problems.append(Problem(METADATA_FILE, None, "[[homes.state]] published_by", str(s.published_by),
                                    f"a date on or after {s.date}"))
