"""Reading Ofsted's and DfE's published CSV files as they are.

Each file is decoded strictly (UTF-8, with or without a byte-order mark,
then Windows-1252), and the encoding used is reported. The column header
is found among the first rows (the 2016-2018 provider files carry a group
header above it). ``NULL`` is Ofsted's blank. Rows are numbered as a
spreadsheet numbers them (the file's first record is row 1, whatever line
breaks its quoted cells hold), so a refusal names the row a reader finds
when opening the file in a spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import Problem

#: Encodings tried, in order. Every byte sequence decodes as latin-1, so it
#: is never tried: a file that is neither UTF-8 nor Windows-1252 is refused.
ENCODINGS = ("utf-8-sig", "cp1252")


class Refused(Exception):
    """A value outside what the importer understands: carries the problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems[:20]))


@dataclass
class Table:
    """One published file: its rows as dicts of text, with row numbers."""

    name: str
    encoding: str
    header_row: int
    columns: list[str]
    rows: list[dict] = field(default_factory=list)

    def problem(self, row: dict, column: str, expected: str) -> Problem:
        return Problem(self.name, row["_row"], column, row.get(column), expected)


def decode(name: str, data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was read with."""
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        label = "UTF-8" if encoding == "utf-8-sig" else "Windows-1252"
        if encoding == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf"):
            label = "UTF-8 with byte-order mark"
        return text, label
    raise Refused([Problem(name, None, None, None, "text encoded as UTF-8 or Windows-1252")])


def read(path: Path, name: str, needs: tuple[str, ...], report: list[str] | None = None) -> Table:
    """Read one CSV file whose header holds every column in ``needs``.

    The header is the first of the first three lines that holds them all;
    a line above it is a group header (e.g. "Provider information, ...,
    Latest Full Inspection information") and is skipped. ``NULL`` becomes
    blank; surrounding spaces are kept (" -" means something in the LA
    table)."""
    text, encoding = decode(name, path.read_bytes())
    lines = list(csv.reader(io.StringIO(text, newline="")))
    for i, header in enumerate(lines[:3]):
        if set(needs) <= set(header):
            break
    else:
        first = lines[0] if lines else []
        raise Refused([Problem(name, 1, None, ", ".join(first)[:120],
                               "a header row (within the first three rows) with the columns "
                               + ", ".join(needs))])
    table = Table(name, encoding, i + 1, header)
    for n, values in enumerate(lines[i + 1:], start=i + 1):
        if not any(v.strip() for v in values):
            continue
        row = {c: ("" if v == "NULL" else v) for c, v in zip(header, values)}
        row["_row"] = n + 1
        table.rows.append(row)
    if report is not None:
        report.append(f"{name}: {encoding}, header on row {table.header_row}, {len(table.rows):,} rows")
    return table


DMY = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def day_month_year(table: Table, row: dict, column: str, problems: list[Problem],
                   blank: bool = False) -> dt.date | None:
    """A ``dd/mm/yyyy`` date (Ofsted's provider files)."""
    return _date(table, row, column, problems, blank, DMY, "a date as dd/mm/yyyy", (3, 2, 1))


def iso(table: Table, row: dict, column: str, problems: list[Problem], blank: bool = False) -> dt.date | None:
    """A ``yyyy-mm-dd`` date (the LA table's export)."""
    return _date(table, row, column, problems, blank, ISO, "a date as yyyy-mm-dd", (1, 2, 3))


def _date(table, row, column, problems, blank, pattern, expected, order):
    value = row.get(column, "").strip()
    if not value:
        if not blank:
            problems.append(table.problem(row, column, expected))
        return None
    match = pattern.fullmatch(value)
    try:
        if not match:
            raise ValueError
        y, m, d = (int(match.group(k)) for k in order)
        return dt.date(y, m, d)
    except ValueError:
        problems.append(table.problem(row, column, expected + (" (or blank)" if blank else "")))
        return None


URN = re.compile(r"SC\d{6}|\d{6,7}")


def urn(table: Table, row: dict, column: str, problems: list[Problem]) -> str | None:
    """Ofsted's URN: ``SC`` and six digits, or (from 2015) a number of six
    or seven digits, kept as text."""
    value = row.get(column, "").strip()
    if URN.fullmatch(value):
        return value
    problems.append(table.problem(row, column, "a URN: SC and six digits, or six or seven digits"))
    return None


def word(table: Table, row: dict, column: str, allowed: dict, problems: list[Problem], what: str):
    """A word mapped by an explicit table; anything else is refused."""
    value = row.get(column, "")
    if value in allowed:
        return allowed[value]
    shown = ", ".join(repr(k) for k in allowed)
    problems.append(table.problem(row, column, f"{what}: one of {shown}"))
    return None
