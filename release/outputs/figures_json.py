"""``figures.json``: every figure of the release with the date or period
it describes, under a header (the release, its reference dates and a
digest of its source data), so two releases' ledgers can be compared.
A signed-off release archives the same document (``release/series.py``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..inputs.load import COLUMNS
from ..periods import Period, day


def data_digest(folder: Path) -> str:
    """SHA-256 over the release's source files and metadata, in a fixed order."""
    h = hashlib.sha256()
    for name in sorted(COLUMNS) + ["release.toml"]:
        path = folder / name
        h.update(name.encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"")
    return h.hexdigest()


def header(rel) -> dict:
    return {
        "release": rel.id,
        "title": rel.full_title,
        "published": rel.published.isoformat(),
        "previous_release": rel.previous.id if rel.previous else None,
        "sample_data": rel.sample_data,
        "reference_dates": {
            "sif_position": {"inspected_to": rel.sif_inspected_to.isoformat(),
                             "published_by": rel.sif_published_by.isoformat()},
            "sif_previous_position": {"date": rel.sif_previous_date.isoformat(),
                                      "published_by": rel.sif_previous_published_by.isoformat()},
            "homes_period": {"start": rel.period_start.isoformat(), "end": rel.period_end.isoformat(),
                             "published_by": rel.period_published_by.isoformat()},
            "homes_comparison_period": {"start": rel.comparison_start.isoformat(),
                                        "end": rel.comparison_end.isoformat(),
                                        "published_by": rel.comparison_published_by.isoformat()},
            "state_of_the_nation": [{"date": s.date.isoformat(), "published_by": s.published_by.isoformat()}
                                    for s in rel.state_dates],
            "revised_period": {"start": rel.revisions["period_start"].isoformat(),
                               "end": rel.revisions["period_end"].isoformat(),
                               "since": rel.revisions["since"].isoformat()},
        },
        "source_data_sha256": data_digest(rel.folder),
    }


def describes(key: str, rel, ledger) -> str:
    """The date or period a figure describes, in words. A figure that
    carries its own (``own_describes``: what a Revisions figure restates, a
    reason, a method change's figures) says it; the others by their key."""
    own = own_describes(ledger.figures.get(key))
    if own:
        return own
    if key.startswith("revisions.restated.") and key not in _REVISION_SUMMARIES:
        # What the previous release published for a date or period this
        # release restates: that date or period, as it was published.
        base = describes(key[len("revisions.restated."):], rel, ledger)
        base = base.removesuffix(" (revised)").removesuffix(", as revised")
        return f"{base}, as published in the previous release"
    if key in _REVISION_SUMMARIES:
        return "the release"
    if key == "revisions.comparison_from_this_release":
        return f"children's homes inspections {Period(rel.comparison_start, rel.comparison_end).long} (revised)"
    sif = f"SIF position: inspections to {day(rel.sif_inspected_to)} published by {day(rel.sif_published_by)}"
    if key.startswith(("kp.la.", "kp.lscb.", "kp.sif.")):
        # Key points' own figures: the position last reported they compare with, or the SIF position.
        return describes("sif.previous." if ".previous." in key else "sif.", rel, ledger)
    if key.startswith("sif.previous."):
        return (f"SIF position last reported: at {day(rel.sif_previous_date)}, "
                f"published by {day(rel.sif_previous_published_by)}")
    if key.startswith("homes.state."):
        role = key.split(".")[2]
        if f"homes.state.{role}.date" in ledger:
            return f"state of the nation at {day(ledger[f'homes.state.{role}.date'].value)}"
        return f"state of the nation at {day(rel.state_dates[-1].date)} and a year earlier"
    if key.startswith("homes.comparison."):
        return f"children's homes inspections {Period(rel.comparison_start, rel.comparison_end).long} (revised)"
    if key.startswith("revisions."):
        return f"children's homes inspections {Period(rel.revisions['period_start'], rel.revisions['period_end']).long}" \
               f", as revised"
    if key.startswith("homes."):
        return f"children's homes inspections {rel.period.long}"
    if key.startswith(("sif.", "lscb.", "previous.")):
        return sif
    if key.startswith("context."):
        return f"children in need at {day(rel.cin_date)}"
    return "the release"


#: Revisions figures about the comparison itself, not one date or period.
_REVISION_SUMMARIES = frozenset({"revisions.restated.compared", "revisions.restated.changed",
                                 "revisions.previous_available", "revisions.previous_archived"})


def own_describes(fig) -> str:
    """The date or period a figure was given when it was made (``describes``
    set on it), if any: "" for the others."""
    return "" if fig is None else fig.__dict__.get("describes", "")


def ledger_json(rel, figs) -> str:
    L = figs.ledger
    records = []
    for key in sorted(L.figures):
        rec = L.figures[key].record()
        rec["describes"] = describes(key, rel, L)
        records.append(rec)
    return json.dumps({"header": header(rel), "figures": records}, indent=1, ensure_ascii=False) + "\n"
