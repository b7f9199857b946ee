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

``figures.json`` (``ledger_json``), which the archive holds, is written by
``release/outputs/figures_json.py``, and the reviewer's page of what changed
(``changes.html``) is compared by ``release/outputs/changes.py``.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import json
import re
import subprocess
from pathlib import Path

from .errors import ReleaseError
from .figures.revisions import Previous
from .ledger import Ledger
# figures.json and the changes page are outputs; the names stay importable
# from here, where the series used to keep them.
from .outputs.changes import (_in_full, _record, figure_changes, human, sentence_changes,  # noqa: F401
                              sentences, split_sentences, SENTENCE_END)
from .outputs.figures_json import data_digest, describes, header, ledger_json  # noqa: F401


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


def archive_differences(published: Ledger, recomputed: Ledger) -> list[dict]:
    """Figures of the archive that today's code computes differently from
    the same records (a figure new or dropped since is not a difference)."""
    rows = []
    for key, then in sorted(published.figures.items()):
        now = recomputed.figures.get(key)
        if now is not None and _record(then) != _record(now):
            rows.append({"key": key, "published": _in_full(then), "recomputed": _in_full(now)})
    return rows


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
