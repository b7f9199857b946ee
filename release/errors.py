"""Problems found in the source data, reported all at once.

A problem names the file, the row (counted as a spreadsheet counts them:
the header is row 1, the first record row 2), the column, the value found
and what was expected, so a statistician can go straight to the cell.
"""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        found = "" if self.value is None else f"found {self.value!r}; "
        return f"{', '.join(where)}: {found}expected {self.expected}"


class ReleaseError(Exception):
    """The build cannot go on; the message says why in one line."""


class DataError(ReleaseError):
    """The source data are invalid. Carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__(self.summary())

    def summary(self) -> str:
        n = len(self.problems)
        first = self.problems[0] if self.problems else "no detail"
        more = f" (and {n - 1} more problem{'s' if n > 2 else ''})" if n > 1 else ""
        return f"invalid data: {first}{more}"

    def report(self, limit: int = 50) -> str:
        """Every problem, one a line (at most ``limit``)."""
        lines = [str(p) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more")
        return "\n".join(lines)


def _sort_key(p: Problem):
    return (p.file, p.row if p.row is not None else -1, p.column or "", p.value or "", p.expected)


def stale_periods_hint(problems: list[Problem]) -> str | None:
    """When many records fall outside the periods in release.toml, the
    periods (not the records) are the likely fault: a folder copied from
    the previous release without its dates updated."""
    outside = [p for p in problems if "(not after the period)" in p.expected or "reporting window" in p.expected]
    if len(outside) < 10:
        return None
    return (f"{len(outside):,} records fall outside the periods in release.toml: the periods look stale "
            "(copied from the previous release?). Check [homes] period_start, [homes] period_end, [homes] published_by, "
            "[sif] inspected_to and [sif] published_by before the records.")


def write_problem_list(problems: list[Problem], name: str):
    """Every problem, one a line, in a file outside the release output."""
    import tempfile
    from pathlib import Path

    path = Path(tempfile.gettempdir()) / f"release-problems-{name}.txt"
    path.write_text("\n".join(str(p) for p in problems) + "\n", encoding="utf-8")
    return path
