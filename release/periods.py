"""Periods and dates as the release writes them, in one place.

Text, chart labels, titles and footnotes all name periods through this
module, so a sentence never calls a period by one year while the chart
beside it uses another, and a period that crosses a year end is never
given a single year: "1 October 2016 to 31 March 2017", "October 2016 to
March 2017", "2016-17".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from num2words import num2words


def day(date: dt.date) -> str:
    """"30 September 2016"."""
    return f"{date.day} {date:%B %Y}"


def year_earlier(period: "Period") -> "Period":
    """The same period a year earlier (29 February becomes 28 February)."""
    def back(d: dt.date) -> dt.date:
        try:
            return d.replace(year=d.year - 1)
        except ValueError:
            return d.replace(year=d.year - 1, day=28)
    return Period(back(period.start), back(period.end))


@dataclass(frozen=True)
class Period:
    """A span of dates, both ends included."""

    start: dt.date
    end: dt.date

    @property
    def crosses_year_end(self) -> bool:
        return self.start.year != self.end.year

    @property
    def long(self) -> str:
        """"1 April 2016 to 30 September 2016"."""
        return f"{day(self.start)} to {day(self.end)}"

    @property
    def between(self) -> str:
        """"1 April and 30 September 2016", or "1 October 2016 and 31 March 2017"
        (for "between ...")."""
        first = day(self.start) if self.crosses_year_end else f"{self.start.day} {self.start:%B}"
        return f"{first} and {day(self.end)}"

    @property
    def short(self) -> str:
        """"1 April to 30 September 2016", "1 October 2016 to 31 March 2017"."""
        return self.between.replace(" and ", " to ", 1)

    @property
    def months(self) -> str:
        """"April to September 2016", "October 2016 to March 2017"."""
        first = f"{self.start:%B %Y}" if self.crosses_year_end else f"{self.start:%B}"
        return f"{first} to {self.end:%B %Y}"

    @property
    def months_between(self) -> str:
        """"April and September 2016", "October 2016 and March 2017" (for "between ...")."""
        return self.months.replace(" to ", " and ")

    @property
    def whole_financial_year(self) -> bool:
        """1 April to 31 March of the next year: the inspection year."""
        return ((self.start.month, self.start.day, self.end.month, self.end.day) == (4, 1, 3, 31)
                and self.end.year == self.start.year + 1)

    @property
    def label(self) -> str:
        """The one name of the period in text, chart groups, table rows,
        spreadsheets and open data (``label``)."""
        return label(self)

    @property
    def in_text(self) -> str:
        """The label after a preposition, as a sentence says it: "in 2016",
        "in 2016-17", "between October 2016 and March 2017" (so "from 9% in
        ... to 11% in ..." never reads "in October 2015 to March 2016 to")."""
        if self.label == self.months:
            return f"between {self.months_between}"
        return f"in {self.label}"

    @property
    def year(self) -> str:
        """The period's label (kept under its old name): "2016-17" only for
        a whole April-March year, "2016" inside one calendar year, else its
        months, "October 2016 to March 2017" (``label``)."""
        return label(self)

    @property
    def month_count(self) -> int:
        """Whole calendar months covered (1 April - 30 September: 6)."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def length(self) -> str:
        """"six months", "12 months" (words for one to nine, as the release writes numbers)."""
        n = self.month_count
        return f"{num2words(n) if n < 10 else n} month{'s' if n != 1 else ''}"

    @property
    def part_of_inspection_year(self) -> str:
        """Which part of the inspection year (1 April to 31 March) the period
        is: "the first six months", "the second six months", "the whole"
        or "part"."""
        if self.start.month == 4 and self.start.day == 1:
            if self.month_count == 12:
                return "the whole"
            return f"the first {self.length}"
        if self.end.month == 3 and self.end.day == 31 and self.start.day == 1:
            return f"the last {self.length}" if self.month_count != 6 else "the second six months"
        return "part"

    def __str__(self) -> str:
        return self.long


def label(period: Period) -> str:
    """How a period is named wherever a short name is wanted (issue 23):

    - a financial-year label, "2016-17", only for a whole April-March year;
    - a period inside one calendar year keeps its year: "2016" for April to
      September 2016 (as the 2016 release wrote it);
    - any other period is named by its months: "October 2016 to March 2017",
      never "2016-17", which would read as the whole inspection year.
    """
    if period.whole_financial_year:
        return f"{period.start.year}-{str(period.end.year)[-2:]}"
    if not period.crosses_year_end:
        return str(period.start.year)
    return period.months


#: The Explore Education Statistics time identifiers of a children's homes
#: period (the open data standards): the whole financial year or its halves.
EES_PARTS = {((4, 1), (3, 31)): "Financial year", ((4, 1), (9, 30)): "Part 1 (April to September)",
             ((10, 1), (3, 31)): "Part 2 (October to March)"}


def ees_time(period: Period) -> tuple[str, str] | None:
    """(time_period, time_identifier) of a period in the open data, or None
    when the standards have no identifier for it. A half year is identified
    as a part of its financial year ("201617", "Part 2 (October to March)"),
    as the standards require, never as the "Financial year" itself."""
    fy = period.start.year if period.start.month >= 4 else period.start.year - 1
    shape = ((period.start.month, period.start.day), (period.end.month, period.end.day))
    name = EES_PARTS.get(shape)
    if name is None or (period.end - period.start).days > 366:
        return None
    if name == "Financial year" and not period.whole_financial_year:
        return None
    return f"{fy}{(fy + 1) % 100:02d}", name
