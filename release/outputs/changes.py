"""What changed since the previous release: every figure whose value
changed, and every sentence whose wording changed, then and now side by
side (the reviewer's page ``changes.html``).
"""

from __future__ import annotations

import datetime as dt
import html
import re

from ..ledger import Figure, Share
from ..periods import day
from .figures_json import describes


def _record(fig: Figure) -> tuple:
    return (fig.text, getattr(fig, "count_value", None), getattr(fig, "base_value", None))


def _in_full(fig: Figure) -> str:
    if isinstance(fig, Share) and fig.value is not None:
        return f"{fig.text} ({fig.count_value:,} of {fig.base_value:,})"
    return fig.text


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
