"""The number ledger: every figure of the release, by key, with its value,
its published text and what it means.

Templates read figures from here and nowhere else; ``figures.json`` in the
output lists them all, so a reviewer can trace any number on the page, and
a later release can compare with it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
import operator

from .numbers import percent
from .periods import day


@dataclass(frozen=True, eq=False)
class Figure:
    """One named value. ``str()`` gives it as the release prints it."""

    key: str
    value: object
    definition: str

    @property
    def text(self) -> str:
        return _format(self.value)

    def __str__(self) -> str:
        return self.text

    def _cmp(self, other):
        return other.value if isinstance(other, Figure) else other

    def __eq__(self, other):
        return self.value == self._cmp(other)

    # A share with no base has no value (None): it is neither above nor
    # below anything, so no comparison between it and a number is true and
    # the sentence that depends on one is not said.
    def _order(self, other, op):
        a, b = self.value, self._cmp(other)
        return False if a is None or b is None else op(a, b)

    def __lt__(self, other):
        return self._order(other, operator.lt)

    def __le__(self, other):
        return self._order(other, operator.le)

    def __gt__(self, other):
        return self._order(other, operator.gt)

    def __ge__(self, other):
        return self._order(other, operator.ge)

    def __hash__(self):
        return hash((self.key, str(self.value)))

    def __bool__(self):
        return bool(self.value)

    def record(self) -> dict:
        rec = {"key": self.key, "value": _jsonable(self.value), "text": self.text, "definition": self.definition}
        if self.vintage:
            rec["vintage"] = self.vintage
            rec["first_published"] = self.first_published.text
        return rec

    # --- vintage: a figure for a date or period an earlier release reported

    @property
    def first_published(self) -> "Figure | None":
        """What the earlier release first published for the same date or
        period (a figure of this ledger, ``revisions.restated.<key>``, read
        from that release's archive); None for a figure no earlier release
        reported."""
        return self.__dict__.get("_first_published")

    @property
    def vintage(self) -> str | None:
        """"as published" (equal to what was first published) or "revised"
        (computed from the records held now, and different from it); None
        where no earlier release reported the figure."""
        first = self.first_published
        if first is None:
            return None
        same = (first.text, getattr(first, "count_value", None), getattr(first, "base_value", None)) == (
            self.text, getattr(self, "count_value", None), getattr(self, "base_value", None))
        return "as published" if same else "revised"

    @property
    def revised(self) -> bool:
        """The figure revises what was first published for its date or
        period: mark it [r], or say "revised from" with ``first_published``."""
        return self.vintage == "revised"

    @property
    def revised_text(self) -> bool:
        """Its printed value differs from the one first published (so a
        sentence can say "82% (revised from the 81% first published)")."""
        return self.revised and self.first_published.text != self.text

    def set_first_published(self, figure: "Figure") -> None:
        """Record what an earlier release first published for this figure."""
        object.__setattr__(self, "_first_published", figure)

    def __getattr__(self, name: str):
        # A figure may have figures below it ("lscb.outstanding.names" under
        # "lscb.outstanding"): look them up in the ledger it belongs to.
        if name.startswith("_"):
            raise AttributeError(name)
        ledger = self.__dict__.get("_ledger")
        if ledger is None:
            raise AttributeError(name)
        return Tree(ledger, self.key + ".").__getattr__(name)

    __getitem__ = __getattr__


@dataclass(frozen=True, eq=False)
class Share(Figure):
    """A count out of a base, published as a whole-number percentage
    (rounded half up). ``value`` is the percentage; ``count`` and ``base``
    are figures in their own right."""

    count_value: int = 0
    base_value: int = 0
    #: The count is part of the base (a share of it), so never more than it;
    #: False for a change as a percentage of the earlier number, which can be
    #: more than the whole of it (inspections that more than doubled).
    of_base: bool = True

    @property
    def text(self) -> str:
        """"76%"; but a share that rounds to 100% without being all is
        "over 99%", and one that rounds to 0% without being none is "under
        1%", so that "almost all" is never printed beside "100%"."""
        if self.value is None:
            return "no inspections"
        if self.value == 100 and self.count_value < self.base_value:
            return "over 99%"
        if self.value == 0 and self.count_value > 0:
            return "under 1%"
        return f"{self.value}%"

    @property
    def count(self) -> Figure:
        return Figure(f"{self.key}.count", self.count_value, f"Number counted in: {self.definition}")

    @property
    def base(self) -> Figure:
        return Figure(f"{self.key}.base", self.base_value, f"Base of: {self.definition}")

    @property
    def exact(self) -> float:
        return self.count_value / self.base_value if self.base_value else 0.0

    # Comparisons use the published (rounded) percentage: the words of the
    # commentary must agree with the numbers the reader sees. Code that
    # needs the unrounded share uses ``exact``.

    __hash__ = Figure.__hash__

    def record(self) -> dict:
        rec = super().record()
        rec.update(count=self.count_value, base=self.base_value)
        return rec


def _format(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dt.date):
        return day(value)
    if isinstance(value, (list, tuple)):
        return join_names([in_prose(str(v)) for v in value])
    return str(value)


#: Places whose name takes "the" in running text ("Cornwall and the Isles
#: of Scilly", "the South West"), as the release writes them; data keep the
#: ONS names. London and Yorkshire and The Humber go without.
WITH_THE = frozenset({"Isles of Scilly", "North East", "North West", "East Midlands", "West Midlands",
                      "East of England", "South East", "South West"})


def in_prose(name: str) -> str:
    """A place name as written in a sentence: "the South West"; and ONS's
    inverted names as people write them ("Bristol, City of" is "City of
    Bristol", "Herefordshire, County of" is "Herefordshire"), so that a
    list of names is never split by a name's own comma."""
    place, _, title = name.rpartition(", ")
    if title in ("City of", "County of"):
        name = f"{title} {place}" if title == "City of" else place
    return f"the {name}" if name in WITH_THE else name


def join_names(names: list[str]) -> str:
    """"Birmingham, Sunderland and Bromley". When a name has "and" in it,
    the last one is set off by a comma so the list still reads right:
    "Kensington and Chelsea, and Westminster"."""
    if len(names) <= 1:
        return "".join(names)
    last = ", and " if any(" and " in n for n in names[-2:]) else " and "
    return ", ".join(names[:-1]) + last + names[-1]


def _jsonable(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


@dataclass
class Ledger:
    """All figures of a release, by dotted key."""

    figures: dict[str, Figure] = field(default_factory=dict)

    def add(self, key: str, value, definition: str) -> Figure:
        if key in self.figures:
            raise KeyError(f"figure {key!r} defined twice")
        fig = Figure(key, value, definition)
        object.__setattr__(fig, "_ledger", self)
        self.figures[key] = fig
        return fig

    def share(self, key: str, count: int, base: int, definition: str) -> Share:
        if key in self.figures:
            raise KeyError(f"figure {key!r} defined twice")
        fig = Share(key, percent(count, base), definition, int(count), int(base))
        object.__setattr__(fig, "_ledger", self)
        self.figures[key] = fig
        return fig

    def change_share(self, key: str, before: int, after: int, definition: str) -> Share:
        """The size of a change from ``before`` to ``after`` as a percentage
        of ``before`` (none when there was nothing before to be a share of)."""
        if key in self.figures:
            raise KeyError(f"figure {key!r} defined twice")
        size = abs(int(after) - int(before)) if before else 0
        fig = Share(key, percent(size, before), definition, size, int(before), of_base=False)
        object.__setattr__(fig, "_ledger", self)
        self.figures[key] = fig
        return fig

    def __getitem__(self, key: str) -> Figure:
        return self.figures[key]

    def __contains__(self, key: str) -> bool:
        return key in self.figures

    def has_below(self, key: str) -> bool:
        """Whether any figure's key starts ``key.`` (``sif.oe`` has
        ``sif.oe.good_or_better`` below it)."""
        # Templates look up thousands of dotted names: the set of every
        # key's leading parts is made once, and again only if figures were
        # added since.
        known = self.__dict__.get("_branches")
        if known is None or known[0] != len(self.figures):
            branches = {k.rsplit(".", n)[0] for k in self.figures for n in range(1, k.count(".") + 1)}
            known = (len(self.figures), branches)
            self.__dict__["_branches"] = known
        return key in known[1]

    def tree(self) -> "Tree":
        """The figures as nested attributes: ``F.sif.oe.good_or_better``."""
        return Tree(self, "")

    def to_json(self) -> str:
        records = []
        for key in sorted(self.figures):
            fig = self.figures[key]
            records.append(fig.record())
        return json.dumps(records, indent=1, ensure_ascii=False) + "\n"


class Tree:
    """Attribute access to dotted keys, for templates. A missing key raises,
    so with StrictUndefined a misspelt figure stops the build."""

    def __init__(self, ledger: Ledger, prefix: str):
        self._ledger = ledger
        self._prefix = prefix

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        key = f"{self._prefix}{name}"
        if key in self._ledger.figures:
            return self._ledger.figures[key]
        if self._ledger.has_below(key):
            return Tree(self._ledger, key + ".")
        raise AttributeError(f"no figure {key!r}")

    __getitem__ = __getattr__
