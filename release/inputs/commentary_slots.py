"""The slots of ``[commentary]`` in a release's ``release.toml``, where
text written for one release only goes, and the check of what is put in
them.

Kept apart from ``release/words/commentary.py`` (which decides, from the
figures, whether each piece of text is shown) so that reading a release's
metadata, as ``--check`` and the no-change path do, needs nothing from the
words stage.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Problem

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
    "sources": Slot(str, "under Notes, when [release] sample_data is not true: the licence attribution and the "
                         "published files the data were imported from (written by the importer)"),
    "data_notes": Slot(list, "under Notes, when [release] sample_data is not true: how the importer filled what "
                             "the published files lack, each {text} in plain words (written by the importer)"),
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
