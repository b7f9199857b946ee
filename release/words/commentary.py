"""Text written for one release only, kept in its ``release.toml``.

Some sentences hold for one release and not the next: why the number of
inspections rose, what has happened to a named LA since the data were
taken. Such text never goes in a template. It goes in the release folder
under ``[commentary]``, in one of the slots named in
``release/inputs/commentary_slots.py``, and each slot says when its text
is shown: only while the data still bear it out. So a note copied
unchanged into the next release drops out by itself once it stops being
true, and ``--check`` warns that it was copied.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ledger import in_prose

# The slots and the check of what a release.toml puts in them are read with
# the release's metadata, before any figure is computed (inputs stage).
from ..inputs.commentary_slots import SLOTS, Slot, check_commentary  # noqa: F401


@dataclass(frozen=True)
class Note:
    """One piece of release-only text and what the build did with it:
    ``shown``, and ``why`` (the condition that showed it or the reason it
    was left out, in words a statistician can act on)."""

    slot: str
    label: str
    text: str
    shown: bool
    why: str

    def line(self) -> str:
        return f"{self.label}: {'shown' if self.shown else 'NOT SHOWN'}: {self.why}"


def _printed(name: str) -> str:
    """An LA's name as the bulletin prints it, without a leading "the"."""
    printed = in_prose(name)
    return printed[4:] if printed.startswith("the ") else printed


def _resolve(names: list[str], known: set[str]) -> tuple[list[str], list[str]]:
    """A note's names as the data spell them: a name may be given as the
    data have it ("Herefordshire, County of") or as the bulletin prints it
    ("Herefordshire"). Returns the resolved names and the ones not known."""
    by_print = {_printed(k): k for k in known}
    resolved, unknown = [], []
    for name in names:
        if name in known:
            resolved.append(name)
        elif name in by_print:
            resolved.append(by_print[name])
        else:
            unknown.append(name)
    return resolved, unknown


def _did_you_mean(name: str, candidates) -> str:
    import difflib

    pool = sorted({_printed(c) for c in candidates})
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def account(rel, ledger, la_names=()) -> list[Note]:
    """Every piece of the release's ``[commentary]`` text, shown or not,
    and why. ``la_names``: every LA name in the data, for "did you mean"
    when a note names an LA the sentence does not."""
    c, notes = rel.commentary, []
    text = c.get("homes_inspections_increase")
    if text:
        rose = bool(ledger["homes.inspections_rose"].value)
        notes.append(Note("homes_inspections_increase", "[commentary] homes_inspections_increase", text, rose,
                          "the number of in-period inspections rose since a year earlier" if rose else
                          "the number of in-period inspections did not rise since a year earlier, "
                          "so a note explaining an increase is not said"))
    before = list(ledger["sif.inadequate_all_judgements.before"].value)
    since = list(ledger["sif.inadequate_all_judgements.since"].value)
    named = set(before) | set(since)
    reinspected = set(ledger["sif.reinspected_las"].value)
    sentence = ", ".join(_printed(n) for n in before + since) or "no LA"
    for i, note in enumerate(c.get("sif_inadequate_all_notes", []), start=1):
        label = f"[[commentary.sif_inadequate_all_notes]] #{i}"
        resolved, unknown = _resolve(list(note.get("names", [])), named)
        if unknown:
            hints = "".join(_did_you_mean(n, set(la_names) | named) for n in unknown[:1])
            why = (f"it names {', '.join(repr(n) for n in unknown)}, which the sentence naming the LAs judged "
                   f"inadequate in every judgement does not name{hints}; that sentence names: {sentence}")
            notes.append(Note("sif_inadequate_all_notes", label, note["text"], False, why))
        elif set(resolved) & reinspected:
            again = ", ".join(_printed(n) for n in sorted(set(resolved) & reinspected))
            notes.append(Note("sif_inadequate_all_notes", label, note["text"], False,
                              f"{again} is now counted by a SIF re-inspection, which the note may no longer "
                              "describe"))
        else:
            why = (f"every LA it names ({', '.join(_printed(n) for n in resolved)}) is named in the sentence"
                   if resolved else "it names no LA")
            notes.append(Note("sif_inadequate_all_notes", label, note["text"], True, why))
    if rel.sample_data:
        notes.append(Note("sample_data", "[commentary] sample_data", c.get("sample_data") or _SAMPLE, True,
                          "[release] sample_data = true"))
    elif c.get("sample_data"):
        notes.append(Note("sample_data", "[commentary] sample_data", c["sample_data"], False,
                          "[release] sample_data is not true, so no sample-data notice is shown"))
    # What real data were imported from, and how gaps in them were filled:
    # said whenever the data are not a sample.
    if c.get("sources"):
        notes.append(Note("sources", "[commentary] sources", c["sources"], not rel.sample_data,
                          "the data are real" if not rel.sample_data else "sample data name no sources"))
    for i, note in enumerate(c.get("data_notes", []), start=1):
        notes.append(Note("data_notes", f"[[commentary.data_notes]] #{i}", note["text"], not rel.sample_data,
                          "how the importer filled what the published files lack" if not rel.sample_data
                          else "sample data are not imported"))
    return notes


_SAMPLE = ("The figures in this edition are computed from generated sample records, not from Ofsted’s own "
           "records.")


def shown(rel, ledger) -> dict:
    """The release's commentary that the data still bear out, by slot. A
    slot with nothing to show is empty (templates test ``C.slot``)."""
    out = {key: ([] if slot.kind is list else "") for key, slot in SLOTS.items()}
    for note in account(rel, ledger):
        if note.shown:
            if SLOTS[note.slot].kind is list:
                out[note.slot].append(note.text)
            else:
                out[note.slot] = note.text
    return out


def report(notes: list[Note]) -> str:
    """The QA report's account of the release-only text."""
    lines = ["", f"Release-only text (release.toml [commentary]): {len(notes)} "
                 f"{'piece' if len(notes) == 1 else 'pieces'}, "
                 f"{sum(not n.shown for n in notes)} not shown:"]
    lines += [f"  {n.line()}" for n in notes] or ["  none"]
    return "\n".join(lines) + "\n"


def unchanged_from_previous(rel) -> list[str]:
    """Slots whose text is word for word the previous release's (for
    ``--check``: release-only text copied forward is usually stale)."""
    if rel.previous is None or rel.previous.id is None:
        return []
    from ..inputs.config import read_toml

    before = read_toml(rel.folder.parent / rel.previous.id).get("commentary", {})
    #: Text written by the importer, the same every release by design.
    imported = {"sample_data", "sources", "data_notes"}
    return [k for k, v in rel.commentary.items() if k not in imported and before.get(k) == v]
