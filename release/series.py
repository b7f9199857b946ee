"""The release series: each release read beside the one before it.

- ``sign_off``: when a release is signed off (``build.py --release ID
  --sign-off``, once), its ledger is archived in
  ``data/<id>/published/figures.json`` with a SHA-256 digest of its figures
  and the version of the code that computed them. That archive is what was
  published: later releases read their "as published" figures from it.
- ``load_previous``: the previous release, its records and its archived
  ledger; and, computed again from its own data folder with today's code,
  its figures now. A recomputed figure that differs from the archive stops
  the build, naming it, unless this release declares the change as a
  method change (``[[revisions.method_change]]`` in ``release.toml``).
- ``ledger_json``: ``figures.json`` with a header (release, reference
  dates, a digest of the source data) and, for each figure, the date or
  period it describes, so two releases' ledgers can be compared.
- ``changes``: every figure whose value changed since the previous
  release, and every sentence whose wording changed, then and now side by
  side (the reviewer's page ``changes.html``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import hashlib
import html
import json
import re
import subprocess
from pathlib import Path

from .errors import ReleaseError
from .figures.revisions import Previous
from .ledger import Figure, Ledger, Share
from .inputs.load import COLUMNS
from .periods import Period, day


def data_digest(folder: Path) -> str:
    """SHA-256 over the release's source files and metadata, in a fixed order."""
    h = hashlib.sha256()
    for name in sorted(COLUMNS) + ["release.toml"]:
        path = folder / name
        h.update(name.encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"")
    return h.hexdigest()


def load_previous(rel, progress=None, recompute: bool = True) -> Previous | None:
    """The previous release, where its folder is part of the series: its
    metadata, records and archived ledger (what it published). With
    ``recompute``, its figures are also computed again with today's code
    and checked against the archive (``check_against_archive``). A release
    not yet signed off has no archive: its figures are recomputed and
    stand in for it (``Previous.archived`` is false)."""
    if rel.previous is None or rel.previous.id is None:
        return None
    from . import figures
    from .pipeline import load_and_validate
    from .progress import Progress

    folder = rel.folder.parent / rel.previous.id
    prev_rel, _, tables = load_and_validate(folder, progress or Progress(quiet=True))
    archived = read_archive(folder)
    figs = None
    if archived is None or recompute:
        earlier = load_previous(prev_rel, progress, recompute=False)
        figs = figures.compute(tables, prev_rel, earlier)
    prev = Previous(rel=prev_rel, tables=tables, figs=figs,
                    published=archived[1] if archived else None,
                    archive_header=archived[0] if archived else None)
    if archived is not None and figs is not None:
        check_against_archive(rel, prev)
    return prev


# --- the archive of what was published ------------------------------------------

#: Where a signed-off release keeps its ledger, inside its data folder.
ARCHIVE = Path("published") / "figures.json"


def archive_path(folder: Path) -> Path:
    return Path(folder) / ARCHIVE


def code_version() -> str:
    """The commit of the code that computed the figures (and "+edited" when
    the release code differs from it), else a digest of the code."""
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                              timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "release", "templates"], cwd=root,
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
        return head + ("+edited" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        h = hashlib.sha256()
        for path in sorted((root / "release").rglob("*.py")):
            h.update(path.read_bytes())
        return "sha256:" + h.hexdigest()


def figures_digest(records: list[dict]) -> str:
    """SHA-256 of the archived figures, in a fixed serialisation."""
    text = json.dumps(records, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def archive_json(rel, figs, signed_off: dt.date | None = None) -> str:
    """The archive of a signed-off release: its ledger (as ``figures.json``
    writes it), the digest of its figures and the code's version."""
    doc = json.loads(ledger_json(rel, figs))
    doc["header"]["signed_off"] = (signed_off or dt.date.today()).isoformat()
    doc["header"]["code_version"] = code_version()
    doc["header"]["figures_sha256"] = figures_digest(doc["figures"])
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def sign_off(rel, figs) -> Path:
    """Archive the release's ledger; once only (an archive is never rewritten)."""
    path = archive_path(rel.folder)
    if path.exists():
        raise ReleaseError(f"release {rel.id} is already signed off ({path}): what was published is not "
                           "rewritten. A correction is a revision in the next release.")
    path.parent.mkdir(exist_ok=True)
    path.write_text(archive_json(rel, figs), encoding="utf-8")
    return path


def read_archive(folder: Path) -> tuple[dict, Ledger] | None:
    """The archived header and ledger of a signed-off release (None if it
    was not signed off). A digest that does not match stops the build."""
    path = archive_path(folder)
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        head, records = doc["header"], doc["figures"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ReleaseError(f"{path}: not a readable archive of published figures ({exc})") from None
    if figures_digest(records) != head.get("figures_sha256"):
        raise ReleaseError(f"{path}: its figures do not match their SHA-256 digest: the archive of what was "
                           "published has been altered")
    return head, archived_ledger(records)


def archived_ledger(records: list[dict]) -> Ledger:
    """A ledger of the figures as archived: each prints its archived text."""
    L = Ledger()
    for rec in records:
        if "count" in rec and "base" in rec:
            fig = L.share(rec["key"], rec["count"], rec["base"], rec["definition"])
        else:
            fig = L.add(rec["key"], _value(rec["value"]), rec["definition"])
        object.__setattr__(fig, "describes", rec.get("describes", ""))
        if fig.text != rec["text"]:
            raise ReleaseError(f"archived figure {rec['key']}: printed {rec['text']!r} but its value "
                               f"{rec['value']!r} prints {fig.text!r}")
    return L


def _value(value):
    """An archived value as the ledger held it (dates were written as ISO text)."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    if isinstance(value, list):
        return value
    return value


def _record(fig: Figure) -> tuple:
    return (fig.text, getattr(fig, "count_value", None), getattr(fig, "base_value", None))


def archive_differences(published: Ledger, recomputed: Ledger) -> list[dict]:
    """Figures of the archive that today's code computes differently from
    the same records (a figure new or dropped since is not a difference)."""
    rows = []
    for key, then in sorted(published.figures.items()):
        now = recomputed.figures.get(key)
        if now is not None and _record(then) != _record(now):
            rows.append({"key": key, "published": _in_full(then), "recomputed": _in_full(now)})
    return rows


def _in_full(fig: Figure) -> str:
    if isinstance(fig, Share) and fig.value is not None:
        return f"{fig.text} ({fig.count_value:,} of {fig.base_value:,})"
    return fig.text


def method_changes(rel) -> list[dict]:
    """The method changes this release declares (``[[revisions.method_change]]``
    in release.toml): each with ``figures`` (keys of the previous release's
    ledger, ``*`` matching any part) and ``reason``."""
    from .inputs.config import read_toml

    declared = read_toml(rel.folder).get("revisions", {}).get("method_change", [])
    out = []
    for i, item in enumerate(declared if isinstance(declared, list) else [declared]):
        figures_ = item.get("figures") if isinstance(item, dict) else None
        reason = item.get("reason") if isinstance(item, dict) else None
        if not (isinstance(figures_, list) and figures_ and all(isinstance(f, str) for f in figures_)
                and isinstance(reason, str) and reason.strip()):
            raise ReleaseError(f"{rel.folder / 'release.toml'}: [[revisions.method_change]] #{i + 1}: expected "
                               "figures (a list of figure keys, * for any part) and reason (text)")
        out.append({"figures": figures_, "reason": reason.strip()})
    return out


def check_against_archive(rel, prev: Previous) -> None:
    """Stop when today's code recomputes a published figure of the previous
    release differently, unless this release declares it a method change;
    the declared ones are kept on ``prev.method_changes`` for the Revisions
    section."""
    declared = method_changes(rel)
    undeclared = []
    for row in archive_differences(prev.published, prev.figs.ledger):
        change = next((c for c in declared if any(fnmatch.fnmatchcase(row["key"], p) for p in c["figures"])), None)
        if change is None:
            undeclared.append(row)
        else:
            change.setdefault("changed", []).append(row)
    prev.method_changes = [c for c in declared if c.get("changed")]
    if undeclared:
        shown = "; ".join(f"{r['key']}: published {r['published']}, now {r['recomputed']}" for r in undeclared[:10])
        more = f" (and {len(undeclared) - 10} more)" if len(undeclared) > 10 else ""
        raise ReleaseError(
            f"today's code computes {len(undeclared)} figure{'s' if len(undeclared) != 1 else ''} of release "
            f"{prev.rel.id} differently from what it published ({archive_path(prev.rel.folder)}): {shown}{more}. "
            f"If the method changed on purpose, declare it in {rel.folder / 'release.toml'} "
            "([[revisions.method_change]] with figures = [the keys] and reason = \"...\"), and the Revisions "
            "section will name it; otherwise the code change is a fault.")


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

def human(text: str) -> str:
    """A definition as a reader writes it: dates in words, not ISO; "not
    judged", not "judged not judged"."""
    text = re.sub(r"\b(\d{4}-\d{2}-\d{2})\b", lambda m: day(dt.date.fromisoformat(m.group(1))), text)
    return text.replace("judged not judged", "not judged").replace(", as revised judged", " (revised) judged")


def figure_changes(prev_ledger, ledger, rel) -> dict[str, list]:
    """The figures of the two releases compared like with like, by key and
    by the date or period each describes (``describes``; the archive keeps
    what each published figure described):

    - ``moved_on``: the same measure at this release's date or period,
      then and now each labelled with the date or period it describes,
      grouped by that pair;
    - ``same_label``: the same key describing the same thing, changed
      (restated figures the records revised are the restated list);
    - ``new`` and ``dropped``: figures in one release only.
    """
    groups, same, new = {}, [], []
    for key, fig in sorted(ledger.figures.items()):
        if key.startswith(("revisions.restated", "revisions.method")):
            continue
        now_describes = describes(key, rel, ledger)
        then = prev_ledger.figures.get(key)
        if then is None:
            new.append({"key": key, "definition": human(fig.definition), "describes": now_describes,
                        "now": _in_full(fig)})
            continue
        if _record(then) == _record(fig):
            continue
        then_describes = getattr(then, "describes", "") or now_describes
        if then_describes == now_describes == "the release":
            then_describes, now_describes = "the previous release", "this release"
        row = {"key": key, "definition": human(fig.definition), "then": _in_full(then), "now": _in_full(fig)}
        if then_describes == now_describes:
            same.append(dict(row, describes=now_describes))
        else:
            groups.setdefault((then_describes, now_describes), []).append(row)
    dropped = [{"key": k, "definition": human(f.definition), "describes": getattr(f, "describes", ""),
                "then": _in_full(f)} for k, f in sorted(prev_ledger.figures.items())
               if k not in ledger.figures and not k.startswith(("revisions.restated", "revisions.method"))]
    moved = [{"then_describes": a, "now_describes": b, "rows": rows} for (a, b), rows in groups.items()]
    return {"moved_on": moved, "same_label": same, "new": new, "dropped": dropped,
            "moved_on_count": sum(len(g["rows"]) for g in moved)}


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


#: What varies between two renderings of one template sentence: numbers,
#: number words, dates and the words a change chooses. With these taken
#: out, what is left (the skeleton) names the template sentence.
_VARYING = re.compile(
    r"\d[\d,.–-]*%?|\b(?:a|an|no|none|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|half|third|thirds|quarter|quarters|"
    r"fifth|fifths|January|February|March|April|May|June|July|August|September|October|November|December|"
    r"increase|increased|decrease|decreased|rise|rose|fall|fell|up|down|higher|lower|more|fewer|less|"
    r"unchanged|same|majority|minority|under|over|just|slight|slightly|all|most|some|few)\b", re.I)


def skeleton(sentence: str) -> str:
    """The template sentence a sentence comes from, as far as its words show:
    the sentence with its numbers, dates and change words taken out."""
    return re.sub(r"(?:\s*~\s*)+", " ~ ", _VARYING.sub("~", sentence)).strip()


def sentence_changes(before: list[str], after: list[str]) -> dict[str, list]:
    """Sentences of the two pages paired by the template sentence they come
    from (their skeleton), in page order: ``reworded`` (the same sentence
    with other numbers or words), ``dropped`` (in the previous release
    only: its condition no longer holds) and ``new`` (in this one only)."""
    def by_skeleton(sentences):
        out = {}
        for s in sentences:
            out.setdefault(skeleton(s), []).append(s)
        return out
    then, now = by_skeleton(before), by_skeleton(after)
    reworded, new = [], []
    for s in after:
        k = skeleton(s)
        if then.get(k):
            old = then[k].pop(0)
            if old != s:
                reworded.append({"then": old, "now": s})
        else:
            new.append(s)
    # What is left of the previous page's sentences was not paired: dropped.
    dropped = []
    for s in before:
        left = then.get(skeleton(s), [])
        if s in left:
            left.remove(s)
            dropped.append(s)
    return {"reworded": reworded, "dropped": dropped, "new": new}
