"""Read the source CSV files of a release as text tables.

This stage only reads: it checks what can be checked before the columns
mean anything (the file is there, is UTF-8 text, has the expected header,
has records, has no spreadsheet totals row) and hands every cell on as
text. ``validate`` then checks the values.

Decision on encodings: UTF-8 is required (a byte-order mark, as Excel's
"CSV UTF-8" writes, is accepted). A Windows-1252 file is refused with the
row of the first character that is not UTF-8, rather than guessed at,
because a wrong guess would silently misspell a name in a public release.
"""

import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import Problem

#: Columns of each source file, in the order documented in data/README.md.
COLUMNS = {
    "local_authorities.csv": (
        "la_code", "la_name", "region", "la_type",
        "children_in_need", "children_looked_after", "child_protection_plans",
    ),
    "sif_inspections.csv": (
        "inspection_id", "la_code", "inspection_date", "publication_date", "reinspection",
        "overall_effectiveness", "help_and_protection", "looked_after", "adoption",
        "care_leavers", "leadership", "lscb_overall_effectiveness",
    ),
    "previous_frameworks.csv": ("la_code", "framework", "inspection_date", "judgement"),
    "childrens_homes.csv": (
        "urn", "provider_name", "sub_type", "sector", "la_code",
        "registration_date", "closure_date", "closure_reason",
    ),
    "homes_inspections.csv": (
        "event_id", "urn", "event_type", "inspection_date", "publication_date",
        "overall_effectiveness", "interim_outcome",
    ),
}


@dataclass
class RawTables:
    """The source files as text, one DataFrame per file, indexed so that
    ``index`` is the spreadsheet row number (header = row 1)."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def rows(self) -> dict[str, int]:
        return {name: len(df) for name, df in self.frames.items()}


def read_sources(folder: Path) -> tuple[RawTables, list[Problem]]:
    """Read every source file in ``folder``; return the tables read and the
    problems found (files with problems are left out of the tables)."""
    raw = RawTables()
    problems: list[Problem] = []
    for name, columns in COLUMNS.items():
        frame, found = _read_one(folder / name, columns, raw.warnings)
        problems += found
        if frame is not None and not found:
            raw.frames[name] = frame
    return raw, problems


def _read_one(path: Path, columns: tuple[str, ...], warnings: list[str]):
    name = path.name
    if not path.is_file():
        return None, [Problem(name, None, None, None, f"the file {name} in {path.parent}")]
    data = path.read_bytes()
    if not data.strip():
        return None, [Problem(name, None, None, None, "a header row and records; the file is empty")]
    text, problem = _decode(name, data)
    if problem:
        return None, [problem]
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except (pd.errors.ParserError, csv.Error) as exc:
        return None, [Problem(name, None, None, None, f"comma-separated values ({exc})")]
    padded = [c for c in frame.columns if c != c.strip()]
    if padded:
        warnings.append(f"{name}: spaces around a column's name dropped: "
                        + "; ".join(f"{c!r} read as {c.strip()!r}" for c in padded))
        frame = frame.rename(columns=str.strip)
    header_problems = _check_header(name, list(frame.columns), columns, warnings)
    if header_problems:
        return None, header_problems
    frame = frame[list(columns)].fillna("")
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    frame = _unpadded(name, frame, warnings)
    if frame.empty:
        return None, [Problem(name, 2, None, None, "at least one record; the file has only a header")]
    totals = _totals_row(name, frame)
    return frame, totals


#: How many padded values a warning names before it counts the rest.
PADDED_NAMED = 5


def _unpadded(name: str, frame: pd.DataFrame, warnings: list[str]) -> pd.DataFrame:
    """The values with the spaces around them dropped (a spreadsheet's stray
    space: "Good " is the grade Good), each one said in a warning naming its
    row and column, so that nothing is trimmed unseen. Most files have
    none, and looking for one costs less than stripping every column."""
    padded = [(row, column, value) for column in frame.columns
              for row, value in zip(frame.index, frame[column].tolist()) if value != value.strip()]
    if not padded:
        return frame
    named = "; ".join(f"row {row}, column {column}: {value!r} read as {value.strip()!r}"
                      for row, column, value in sorted(padded)[:PADDED_NAMED])
    more = len(padded) - PADDED_NAMED
    warnings.append(f"{name}: spaces around a value dropped: {named}" + (f"; and {more} more" if more > 0 else ""))
    return frame.apply(lambda col: col.str.strip())


def _decode(name: str, data: bytes) -> tuple[str, Problem | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start: exc.start + 1]
        guess = byte.decode("cp1252", errors="replace")
        return "", Problem(name, row, None, f"byte {byte.hex()} ({guess!r} in Windows-1252)",
                           "UTF-8 text: save the file as 'CSV UTF-8'")


def _check_header(name: str, found: list[str], expected: tuple[str, ...], warnings: list[str]) -> list[Problem]:
    problems = []
    extra = [c for c in found if c not in expected]
    for col in expected:
        if col not in found:
            close = difflib.get_close_matches(col, extra, n=1)
            hint = f"; {close[0]!r} looks like a misspelling of it" if close else ""
            problems.append(Problem(name, 1, col, close[0] if close else None, f"a column named {col!r}{hint}"))
    duplicated = sorted({c for c in found if found.count(c) > 1})
    for col in duplicated:
        problems.append(Problem(name, 1, col, None, "each column once"))
    if not problems:
        for col in extra:
            warnings.append(f"{name}: unexpected column {col!r} ignored")
    return problems


def _totals_row(name: str, frame: pd.DataFrame) -> list[Problem]:
    """Spreadsheets often export a totals line at the bottom: a last row
    whose key is blank or which says "Total" somewhere."""
    last = frame.iloc[-1]
    key = frame.columns[0]
    says_total = any(v.lower().startswith("total") for v in last.values)
    if says_total or (last[key] == "" and len(frame) > 1):
        return [Problem(name, int(frame.index[-1]), key, last[key],
                        "a record; this looks like a totals row, which should be deleted")]
    return []
