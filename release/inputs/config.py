"""Release metadata: what the release covers, when, and who answers for it.

Read from ``release.toml`` in the release's data folder. Dates here define
every period and reference date that the figures use.

A release names the release before it (``previous = "2016-03"``), whose
folder sits beside it under ``data/``. Everything this release says about
that one (the SIF position last reported, the release month, the
equivalent period a year earlier and the data it was taken from, the
state-of-the-nation dates, the period revised) is derived from the
previous release's own ``release.toml``, so nothing about it is typed
twice. A first release, with no folder before it, types those facts in a
``[previous]`` table instead. A derived value may still be written out,
but it must equal what is derived: a stale one is refused, naming the key
and the value expected.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Problem
from ..periods import Period, day, year_earlier

METADATA_FILE = "release.toml"

#: Revised data are data taken at least this many months after the period
#: they describe ends: a release takes its own period's data one month
#: after it ends (provisional), so the comparison period a year earlier is
#: counted from the first cut-off in the series at least this long after
#: it, the previous release's or, failing that, this release's own.
REVISED_AFTER_MONTHS = 2

#: The vintage of a state-of-the-nation figure for a date an earlier
#: release reported (``[revisions] restated`` in release.toml): "as
#: published" (the cut-off it was reported with, as the earlier release
#: printed it) or "revised" (every record held at this release's cut-off).
VINTAGES = ("as published", "revised")


@dataclass(frozen=True)
class StateDate:
    """A reference date of the state-of-the-nation picture, with the
    publication cut-off it was reported with."""

    date: dt.date
    published_by: dt.date


@dataclass(frozen=True)
class PreviousRelease:
    """What this release needs to know of the release before it."""

    id: str | None            # its folder under data/, or None where typed here
    month: str                # "July 2016": when it was published
    title: str
    url: str
    sif_date: dt.date         # the SIF position it reported, as it named it ("at 31 March 2016")
    sif_published_by: dt.date  # ... and the publication cut-off behind it
    homes_period: Period      # its children's homes period, which this release revises
    homes_published_by: dt.date
    states: tuple[StateDate, ...]


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
    url: str
    sample_data: bool
    # Single inspection framework (SIF) of local authorities.
    sif_framework_start: dt.date
    sif_inspected_to: dt.date
    sif_published_by: dt.date
    sif_cycle_end: str
    # Children's homes.
    period_start: dt.date
    period_end: dt.date
    period_published_by: dt.date
    # Context.
    children_population: int
    children_population_source: str
    cin_date: dt.date
    cin_source: str
    vaa_good_or_better: int
    previous: PreviousRelease
    # Explanations a statistician writes for this release only (optional),
    # by slot name: each is shown only while the data bear it out
    # (``release/words/commentary.py`` says when).
    commentary: dict = field(default_factory=dict)
    #: The vintage of restated state-of-the-nation figures (``VINTAGES``).
    restated: str = "as published"
    # Key points a statistician pinned or dropped, by candidate name
    # (``[key_points] pin = [...]``, ``drop = [...]``): the overruling of
    # the salience rule, recorded in the QA report.
    key_points: dict = field(default_factory=dict)

    # --- derived from the previous release ----------------------------------

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)

    @property
    def reference_date(self) -> dt.date:
        """The date the release describes, named in its title."""
        return self.period_end

    @property
    def full_title(self) -> str:
        return f"{self.title}: {day(self.reference_date)}"

    @property
    def sif_previous_published_by(self) -> dt.date:
        return self.previous.sif_published_by

    @property
    def sif_previous_date(self) -> dt.date:
        return self.previous.sif_date

    @property
    def sif_previous_release_month(self) -> str:
        return self.previous.month

    @property
    def comparison(self) -> Period:
        return year_earlier(self.period)

    @property
    def comparison_start(self) -> dt.date:
        return self.comparison.start

    @property
    def comparison_end(self) -> dt.date:
        return self.comparison.end

    @property
    def comparison_published_by(self) -> dt.date:
        """The equivalent period's figures are revised ones: counted from
        data taken at least ``REVISED_AFTER_MONTHS`` after it ends, at the
        previous release's cut-off where that is late enough (a half-year
        release after a half-year one), else at this release's (an annual
        release after an annual one, whose previous cut-off was one month
        after the period: provisional)."""
        if self.previous.homes_published_by >= months_after(self.comparison_end, REVISED_AFTER_MONTHS):
            return self.previous.homes_published_by
        return self.period_published_by

    @property
    def comparison_source(self) -> str:
        """Whose records the comparison period is counted from: "previous"
        (the previous release's cut-off) or "this" (this release's)."""
        return "previous" if self.comparison_published_by == self.previous.homes_published_by else "this"

    @property
    def state_dates(self) -> tuple[StateDate, ...]:
        """A year ago (where the previous release reported it), the previous
        release's date, and now. Restated "revised", the earlier dates count
        every record held at this release's cut-off; "as published", the
        records published by the cut-off each was reported with."""
        now = StateDate(self.period_end, self.period_published_by)
        states = derive_states(self.previous, now)
        if self.restated == "revised":
            states = tuple(StateDate(s.date, self.period_published_by) for s in states)
        return states

    @property
    def revisions(self) -> dict:
        """The previous release's period, revised with the records published
        since it was taken."""
        p = self.previous
        return {"period_start": p.homes_period.start, "period_end": p.homes_period.end, "since": p.homes_published_by}


def months_after(date: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    import calendar

    y, m = divmod(date.month - 1 + months, 12)
    year, month = date.year + y, m + 1
    return date.replace(year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1]))


def derive_states(previous: PreviousRelease, now: StateDate) -> tuple[StateDate, ...]:
    year_ago = year_earlier(Period(now.date, now.date)).start
    states = [s for s in previous.states if s.date == year_ago]
    if previous.states and previous.states[-1].date < now.date:
        states.append(previous.states[-1])
    states.append(now)
    return tuple(sorted(set(states), key=lambda s: s.date))


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
    "url": ("release", "url", str),
    "sample_data": ("release", "sample_data", bool),
    "sif_framework_start": ("sif", "framework_start", dt.date),
    "sif_inspected_to": ("sif", "inspected_to", dt.date),
    "sif_published_by": ("sif", "published_by", dt.date),
    "sif_cycle_end": ("sif", "cycle_end", str),
    "period_start": ("homes", "period_start", dt.date),
    "period_end": ("homes", "period_end", dt.date),
    "period_published_by": ("homes", "published_by", dt.date),
    "children_population": ("context", "children_population", int),
    "children_population_source": ("context", "children_population_source", str),
    "cin_date": ("context", "cin_date", dt.date),
    "cin_source": ("context", "cin_source", str),
    "vaa_good_or_better": ("context", "vaa_good_or_better", int),
}

#: Keys allowed besides the required ones: optional settings, and derived
#: values that may be written out but must then equal what is derived.
_OPTIONAL = {
    "release": {"previous"},
    "sif": {"previous_published_by", "previous_release_month"},
    "homes": {"comparison_start", "comparison_end", "comparison_published_by", "state"},
    "revisions": {"period_start", "period_end", "since", "method_change", "restated"},
    "previous": {"month", "title", "url", "sif_date", "sif_published_by", "homes_period_start",
                 "homes_period_end", "homes_published_by", "state"},
    "key_points": {"pin", "drop"},
}
_TABLES = {"release", "sif", "homes", "context", "revisions", "previous", "commentary", "key_points"}

_WHAT = {str: "text", int: "a whole number", bool: "true or false", dt.date: "a date (YYYY-MM-DD)"}


def load_release(folder: Path, _seen: tuple = ()) -> Release:
    """Read and check ``release.toml`` in ``folder`` (and the previous
    release's, which it derives from)."""
    data = read_toml(folder)
    problems: list[Problem] = []
    _unknown_keys(data, problems)
    values = {name: _get(data, table, key, kind, problems) for name, (table, key, kind) in _FIELDS.items()}
    previous = _previous(folder, data, problems, _seen)
    if not problems:
        _check_order(values, problems)
    commentary = data.get("commentary", {})
    if not isinstance(commentary, dict):
        problems.append(Problem(METADATA_FILE, None, "[commentary]", str(commentary), "a table of named texts"))
        commentary = {}
    if problems:
        raise DataError(problems)
    restated = data.get("revisions", {}).get("restated", "as published") if isinstance(data.get("revisions"), dict) \
        else "as published"
    if restated not in VINTAGES:
        problems.append(Problem(METADATA_FILE, None, "[revisions] restated", str(restated),
                                " or ".join(f'"{v}"' for v in VINTAGES)))
        raise DataError(problems)
    key_points = data.get("key_points", {})
    rel = Release(folder=folder, previous=previous, commentary=dict(commentary), restated=restated,
                  key_points=dict(key_points) if isinstance(key_points, dict) else {}, **values)
    _check_derived(data, rel, problems)
    from .commentary_slots import check_commentary
    problems += check_commentary(rel.commentary)
    # The names a statistician may pin or drop, without importing the figures stage.
    from .key_point_names import check_settings
    problems += check_settings(key_points, f"{folder.name}/{METADATA_FILE}")
    if problems:
        raise DataError(problems)
    return rel


def read_toml(folder: Path) -> dict:
    path = folder / METADATA_FILE
    if not path.is_file():
        raise DataError([Problem(METADATA_FILE, None, None, None, f"a release metadata file in {folder}")])
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError([Problem(METADATA_FILE, None, None, None, f"valid TOML ({exc})")]) from None


def _unknown_keys(data: dict, problems: list[Problem]) -> None:
    known = {}
    for table, key, _ in _FIELDS.values():
        known.setdefault(table, set()).add(key)
    for table, keys in _OPTIONAL.items():
        known.setdefault(table, set()).update(keys)
    for table, content in data.items():
        if table not in _TABLES:
            problems.append(Problem(METADATA_FILE, None, f"[{table}]", None,
                                    f"one of the tables {', '.join(sorted(_TABLES))}"))
            continue
        if table == "commentary" or not isinstance(content, dict):
            continue
        for key in content:
            if key not in known.get(table, set()):
                close = _close(key, known.get(table, set()))
                hint = f" ({close!r}?)" if close else ""
                problems.append(Problem(METADATA_FILE, None, f"[{table}] {key}", None,
                                        f"a known key{hint}: {', '.join(sorted(known.get(table, set())))}"))
        if table == "revisions":
            for key in ("full", "monitoring", "emergency", "interim"):
                if key in content:
                    problems.append(Problem(METADATA_FILE, None, f"[revisions] {key}", str(content[key]),
                                            "no such setting: revision counts are computed from the records"))


def _close(key: str, options) -> str | None:
    import difflib
    found = difflib.get_close_matches(key, sorted(options), n=1)
    return found[0] if found else None


def _get(data: dict, table: str, key: str, kind: type, problems: list[Problem], required: bool = True):
    value = data.get(table, {}).get(key) if isinstance(data.get(table, {}), dict) else None
    if value is None and not required:
        return None
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if kind is dt.date:
        ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if not ok:
        problems.append(Problem(METADATA_FILE, None, f"[{table}] {key}", None if value is None else str(value),
                                _WHAT[kind]))
    return value


def _states(rows, table: str, problems: list[Problem]) -> tuple[StateDate, ...]:
    states = []
    for i, row in enumerate(rows or []):
        date, pub = row.get("date"), row.get("published_by")
        if not isinstance(date, dt.date) or not isinstance(pub, dt.date):
            problems.append(Problem(METADATA_FILE, None, f"[[{table}.state]] #{i + 1}", None,
                                    "date and published_by as dates"))
        elif pub < date:
            problems.append(Problem(METADATA_FILE, None, f"[[{table}.state]] #{i + 1} published_by", str(pub),
                                    f"a date on or after {date}"))
        else:
            states.append(StateDate(date, pub))
    return tuple(sorted(states, key=lambda s: s.date))


def _previous(folder: Path, data: dict, problems: list[Problem], seen: tuple) -> PreviousRelease | None:
    """The previous release: derived from its folder, or typed in ``[previous]``."""
    prev_id = data.get("release", {}).get("previous")
    if prev_id is None:
        return _typed_previous(data, problems)
    if not isinstance(prev_id, str):
        problems.append(Problem(METADATA_FILE, None, "[release] previous", str(prev_id), "a release id (text)"))
        return None
    prev_folder = folder.parent / prev_id
    own_id = data.get("release", {}).get("id")
    if prev_id == own_id or prev_id in seen or not (prev_folder / METADATA_FILE).is_file():
        there = sorted(p.name for p in folder.parent.iterdir() if (p / METADATA_FILE).is_file() and p != folder)
        problems.append(Problem(METADATA_FILE, None, "[release] previous", prev_id,
                                f"the id of an earlier release folder beside this one ({', '.join(there) or 'none'})"))
        return None
    try:
        before = load_release(prev_folder, seen + (own_id,))
    except DataError as exc:
        problems.append(Problem(METADATA_FILE, None, "[release] previous", prev_id,
                                f"a valid previous release ({exc.summary()})"))
        return None
    return PreviousRelease(
        id=prev_id, month=f"{before.published:%B %Y}", title=before.full_title, url=before.url,
        sif_date=before.sif_inspected_to, sif_published_by=before.sif_published_by,
        homes_period=before.period, homes_published_by=before.period_published_by,
        states=before.state_dates)


def _typed_previous(data: dict, problems: list[Problem]) -> PreviousRelease | None:
    """A first release: the facts about the release before it, typed."""
    t = data.get("previous")
    if not isinstance(t, dict):
        problems.append(Problem(METADATA_FILE, None, "[release] previous", None,
                                "the id of the previous release folder, or a [previous] table describing it"))
        return None
    n = len(problems)
    get = {k: _get(data, "previous", k, kind, problems) for k, kind in (
        ("month", str), ("title", str), ("url", str), ("sif_date", dt.date), ("sif_published_by", dt.date),
        ("homes_period_start", dt.date), ("homes_period_end", dt.date), ("homes_published_by", dt.date))}
    states = _states(t.get("state"), "previous", problems)
    if len(problems) > n:
        return None
    return PreviousRelease(id=None, month=get["month"], title=get["title"], url=get["url"],
                           sif_date=get["sif_date"], sif_published_by=get["sif_published_by"],
                           homes_period=Period(get["homes_period_start"], get["homes_period_end"]),
                           homes_published_by=get["homes_published_by"], states=states)


def _check_order(v: dict, problems: list[Problem]) -> None:
    """Periods must run forwards and cut-offs follow what they cut off."""
    pairs = [
        ("sif_framework_start", "sif_inspected_to"),
        ("sif_inspected_to", "sif_published_by"),
        ("period_start", "period_end"),
        ("period_end", "period_published_by"),
    ]
    for early, late in pairs:
        if v[early] > v[late]:
            table, key, _ = _FIELDS[late]
            problems.append(Problem(METADATA_FILE, None, f"[{table}] {key}", str(v[late]),
                                    f"a date on or after {_FIELDS[early][1]} ({v[early]})"))


def _check_derived(data: dict, rel: Release, problems: list[Problem]) -> None:
    """A derived value written out must equal the derived one; and the
    previous release must come before this one."""
    p = rel.previous
    src = f'derived from previous = "{p.id}"' if p.id else "derived from [previous]"
    derived = {
        ("sif", "previous_published_by"): p.sif_published_by,
        ("sif", "previous_release_month"): p.month,
        ("homes", "comparison_start"): rel.comparison_start,
        ("homes", "comparison_end"): rel.comparison_end,
        ("homes", "comparison_published_by"): rel.comparison_published_by,
        ("revisions", "period_start"): p.homes_period.start,
        ("revisions", "period_end"): p.homes_period.end,
        ("revisions", "since"): p.homes_published_by,
    }
    if p.id:
        derived.update({
            ("previous", "month"): p.month, ("previous", "title"): p.title, ("previous", "url"): p.url,
            ("previous", "sif_date"): p.sif_date, ("previous", "sif_published_by"): p.sif_published_by,
            ("previous", "homes_period_start"): p.homes_period.start,
            ("previous", "homes_period_end"): p.homes_period.end,
            ("previous", "homes_published_by"): p.homes_published_by,
        })
    for (table, key), expected in derived.items():
        found = data.get(table, {}).get(key)
        if found is not None and found != expected:
            problems.append(Problem(METADATA_FILE, None, f"[{table}] {key}", str(found),
                                    f"{_show(expected)} ({src}); delete the line to have it derived"))
    typed = _states(data.get("homes", {}).get("state"), "homes", problems)
    for s in typed:
        if s not in rel.state_dates:
            problems.append(Problem(METADATA_FILE, None, "[[homes.state]]", f"{s.date} published by {s.published_by}",
                                    "one of " + "; ".join(f"{x.date} published by {x.published_by}"
                                                          for x in rel.state_dates) + f" ({src})"))
    if p.sif_published_by > rel.sif_published_by or p.homes_period.end >= rel.period_end:
        problems.append(Problem(METADATA_FILE, None, "[release] previous", p.id or "[previous]",
                                f"a release before this one (its SIF cut-off {p.sif_published_by} and period end "
                                f"{p.homes_period.end} must come before {rel.sif_published_by} and {rel.period_end})"))
    if rel.comparison_end >= rel.period_start:
        problems.append(Problem(METADATA_FILE, None, "[homes] period_start", str(rel.period_start),
                                "a period of at most a year, so that the same period a year earlier ends before it"))


def _show(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else repr(value)
