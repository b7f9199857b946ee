"""Text written for one release only, kept in its ``release.toml``.

Some sentences hold for one release and not the next: why the number of
inspections rose, what has happened to a named LA since the data were
taken. Such text never goes in a template. It goes in the release folder
under ``[commentary]``, in one of the slots below, and each slot says when
its text is shown: only while the data still bear it out. So a note copied
unchanged into the next release drops out by itself once it stops being
true, and ``--check`` warns that it was copied.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import Problem

FILE = "release.toml"


@dataclass(frozen=True)
class Slot:
    kind: type
    when: str


#: The places release-specific text can go, and when each is shown.
SLOTS = {
    "homes_inspections_increase": Slot(
        str, "after the number of in-period homes inspections, only when that number rose since the "
             "equivalent period a year earlier"),
    "sif_inadequate_all_notes": Slot(
        list, "footnotes to the sentence naming the LAs judged inadequate in every judgement: a list of "
              "{text, names}; each is shown only while every LA in its names is still named in that sentence "
              "and none of them is counted by a re-inspection"),
    "sample_data": Slot(str, "the sample-data notice under Notes, when [release] sample_data = true"),
}


def check_commentary(commentary: dict) -> list[Problem]:
    """Unknown slots and text of the wrong shape are refused."""
    import difflib

    problems = []
    for key, value in commentary.items():
        slot = SLOTS.get(key)
        if slot is None:
            close = difflib.get_close_matches(key, list(SLOTS), n=1)
            hint = f" ({close[0]!r}?)" if close else ""
            problems.append(Problem(FILE, None, f"[commentary] {key}", None,
                                    f"one of the slots{hint}: {', '.join(SLOTS)}"))
        elif slot.kind is str and not isinstance(value, str):
            problems.append(Problem(FILE, None, f"[commentary] {key}", str(value), "text"))
        elif slot.kind is list:
            for i, note in enumerate(value if isinstance(value, list) else [None]):
                ok = (isinstance(note, dict) and isinstance(note.get("text"), str)
                      and isinstance(note.get("names", []), list) and set(note) <= {"text", "names"})
                if not ok:
                    problems.append(Problem(FILE, None, f"[[commentary.{key}]] #{i + 1}", str(note),
                                            "a table with text (and names, a list of LA names)"))
    return problems


def shown(rel, ledger) -> dict:
    """The release's commentary that the data still bear out, by slot. A
    slot with nothing to show is empty (templates test ``C.slot``)."""
    c, out = rel.commentary, {key: ([] if slot.kind is list else "") for key, slot in SLOTS.items()}
    rose = ledger["homes.inspections_rose"].value
    if c.get("homes_inspections_increase") and rose:
        out["homes_inspections_increase"] = c["homes_inspections_increase"]
    named = set(ledger["sif.inadequate_all_judgements.before"].value) | set(
        ledger["sif.inadequate_all_judgements.since"].value)
    reinspected = set(ledger["sif.reinspected_las"].value)
    notes = [n["text"] for n in c.get("sif_inadequate_all_notes", [])
             if set(n.get("names", [])) <= named and not set(n.get("names", [])) & reinspected]
    if notes:
        out["sif_inadequate_all_notes"] = notes
    if rel.sample_data:
        out["sample_data"] = c.get("sample_data") or (
            "The figures in this edition are computed from generated sample records, not from Ofsted’s own "
            "records.")
    return out


def unchanged_from_previous(rel) -> list[str]:
    """Slots whose text is word for word the previous release's (for
    ``--check``: release-only text copied forward is usually stale)."""
    if rel.previous is None or rel.previous.id is None:
        return []
    from .config import read_toml

    before = read_toml(rel.folder.parent / rel.previous.id).get("commentary", {})
    return [k for k, v in rel.commentary.items() if k != "sample_data" and before.get(k) == v]
