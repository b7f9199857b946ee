"""The release series: each release read beside the one before it.

- ``load_previous``: the previous release as it was published, computed
  from its own data folder by the same code (its records as they were then
  taken, not this release's), so this release's restated figures can be
  checked against it.
- ``ledger_json``: ``figures.json`` with a header (release, reference
  dates, a digest of the source data) and, for each figure, the date or
  period it describes, so two releases' ledgers can be compared.
- ``changes``: every figure whose value changed since the previous
  release, and every sentence whose wording changed, then and now side by
  side (the reviewer's page ``changes.html``).
"""

from __future__ import annotations

import difflib
import hashlib
import html
import json
import re
from pathlib import Path

from .figures.revisions import Previous
from .ledger import Share
from .load import COLUMNS
from .periods import Period, day


def data_digest(folder: Path) -> str:
    """SHA-256 over the release's source files and metadata, in a fixed order."""
    h = hashlib.sha256()
    for name in sorted(COLUMNS) + ["release.toml"]:
        path = folder / name
        h.update(name.encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"")
    return h.hexdigest()


def load_previous(rel, progress=None) -> Previous | None:
    """The previous release, where its folder is part of the series."""
    if rel.previous is None or rel.previous.id is None:
        return None
    from . import figures
    from .pipeline import load_and_validate
    from .progress import Progress

    folder = rel.folder.parent / rel.previous.id
    prev_rel, _, tables = load_and_validate(folder, progress or Progress(quiet=True))
    figs = figures.compute(tables, prev_rel)
    return Previous(rel=prev_rel, tables=tables, figs=figs)


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
    """The date or period a figure describes, in words."""
    sif = f"SIF position: inspections to {day(rel.sif_inspected_to)} published by {day(rel.sif_published_by)}"
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


def ledger_json(rel, figs) -> str:
    L = figs.ledger
    records = []
    for key in sorted(L.figures):
        rec = L.figures[key].record()
        rec["describes"] = describes(key, rel, L)
        records.append(rec)
    return json.dumps({"header": header(rel), "figures": records}, indent=1, ensure_ascii=False) + "\n"


# --- what changed since the previous release ---------------------------------

def figure_changes(prev_ledger, ledger) -> list[dict]:
    """Figures under the same key in both releases whose printed value changed."""
    rows = []
    for key, fig in sorted(ledger.figures.items()):
        if key not in prev_ledger.figures or key.startswith(("release.", "revisions.restated")):
            continue
        then = prev_ledger.figures[key]
        if then.text == fig.text and getattr(then, "count_value", None) == getattr(fig, "count_value", None):
            continue
        row = {"key": key, "definition": fig.definition, "then": then.text, "now": fig.text}
        if isinstance(fig, Share) and isinstance(then, Share):
            row["then"] += f" ({then.count_value:,} of {then.base_value:,})"
            row["now"] += f" ({fig.count_value:,} of {fig.base_value:,})"
        rows.append(row)
    return rows


#: Where one sentence ends and the next begins.
#: The end of a sentence: not the full stop of "St." in a place name.
SENTENCE_END = re.compile(r"(?<!\bSt\.)(?<=[.!?])\s+(?=[A-Z“‘(])")


def split_sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s]


_BLOCK = re.compile(r"<(p|li|h[1-4])\b[^>]*>(.*?)</\1>", re.S)
_DROP = re.compile(r'<span class="fn-print">.*?</span>|<sup[^>]*>.*?</sup>|<figure.*?</figure>', re.S)


def sentences(page: str) -> list[str]:
    """The bulletin's sentences in order (headings count as one), without
    footnote calls, charts or data tables."""
    body = _DROP.sub("", page.split("<main", 1)[-1])
    out = []
    for _, inner in _BLOCK.findall(body):
        text = html.unescape(re.sub(r"<[^>]+>", "", inner))
        text = re.sub(r"\s+", " ", text).strip()
        out += split_sentences(text)
    return out


def sentence_changes(before: list[str], after: list[str]) -> list[dict]:
    """Sentences that changed wording, were added or were dropped, in page order."""
    rows = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        old, new = before[a0:a1], after[b0:b1]
        for i in range(max(len(old), len(new))):
            rows.append({"then": old[i] if i < len(old) else "", "now": new[i] if i < len(new) else ""})
    return rows
