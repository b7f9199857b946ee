"""What changed since the previous release (the reviewer's page
``changes.html``): figures compared by key and by the date or period they
describe; sentences paired by the template sentence they come from (its id,
``release/outputs/sentence_ids.py``), a sentence in one release only listed
with the condition that left it out or brought it in.
"""

from __future__ import annotations

import datetime as dt
import difflib
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


def sentence_changes(then, now, env) -> dict[str, list]:
    """Sentences of the two bulletins paired by the template sentence they
    come from: its id (``release/outputs/sentence_ids.py``: template file and
    line), and the element it is in where that has an id (a key point, a
    footnote), never by wording. ``then`` and ``now`` are each (sentences,
    branches taken, ledger) of one render. Within one id, identical
    sentences pair first, then the most alike. Returns ``reworded`` (the
    same template sentence, other words or numbers), ``dropped`` (in the
    previous release only) and ``new`` (in this one only), each dropped or
    new sentence with ``why``: the condition of the template that left it
    out or brought it in, with the figures it reads then and now."""
    (before, taken_then, ledger_then), (after, taken_now, ledger_now) = then, now

    def groups(sentences):
        out = {}
        for s in sentences:
            out.setdefault((s["id"], s["within"]), []).append(s)
        return out

    old, new_ = groups(before), groups(after)
    within_then, within_now = {s["within"] for s in before}, {s["within"] for s in after}
    reworded, dropped, added = [], [], []
    for key in list(dict.fromkeys(list(new_) + list(old))):
        pairs, left, right = _pair(old.get(key, []), new_.get(key, []))
        reworded += [{"id": key[0], "then": a["text"], "now": b["text"]} for a, b in pairs if a["text"] != b["text"]]
        for s in left:
            dropped.append({"id": s["id"], "text": s["text"],
                            "why": _outside(s["within"], within_now, "left out")
                            or why(env, s["id"], taken_now, taken_then, ledger_now, ledger_then, "left out")})
        for s in right:
            added.append({"id": s["id"], "text": s["text"],
                          "why": _outside(s["within"], within_then, "brought in")
                          or why(env, s["id"], taken_then, taken_now, ledger_then, ledger_now, "brought in")})
    order = {(s["id"], s["text"]): i for i, s in enumerate(after)}
    reworded.sort(key=lambda r: order.get((r["id"], r["now"]), 0))
    return {"reworded": reworded, "dropped": dropped, "new": added}


def _outside(within: str, other: set, verb: str) -> str:
    """A sentence of a key point or footnote that the other release does
    not have at all: that is why it is in one release only."""
    if not within or within in other:
        return ""
    if within.startswith("kp-"):
        what = (f"the key point {within[3:].replace('-', '.')}, which the salience rule "
                "(release/figures/key_points.py) or release.toml [key_points] chose in "
                + ("the previous release only" if verb == "left out" else "this release only"))
    elif within.startswith("fn-"):
        what = f"the footnote {within[3:]}, cited in " + ("the previous release only" if verb == "left out"
                                                           else "this release only")
    else:
        what = f"the element {within}, in " + ("the previous release only" if verb == "left out"
                                               else "this release only")
    return f"{verb}: it is part of {what}"


def _pair(then: list[dict], now: list[dict]):
    """Pair the sentences of one template sentence: identical texts first,
    then the most alike; what is left over was dropped or is new."""
    then, now, pairs = list(then), list(now), []
    for b in list(now):
        a = next((a for a in then if a["text"] == b["text"]), None)
        if a is not None:
            pairs.append((a, b))
            then.remove(a)
            now.remove(b)
    while then and now:
        a, b = max(((a, b) for a in then for b in now),
                   key=lambda ab: difflib.SequenceMatcher(None, ab[0]["text"], ab[1]["text"]).ratio())
        pairs.append((a, b))
        then.remove(a)
        now.remove(b)
    return pairs, then, now


def why(env, sid: str, taken_missing, taken_present, ledger_missing, ledger_present, verb: str) -> str:
    """Why a sentence is in one render and not the other: the first of its
    conditions (outermost first) whose branch was taken in the render that
    has it and not in the other, as written, with what the figures it reads
    were in each; else what else can leave a sentence out."""
    info = env.sentence_ids.get(sid)
    if info is None:
        return "not from a marked template sentence"
    missing_is_now = verb == "left out"
    for cid, branch, is_else in info["conditions"]:
        have, lack = set(taken_present.get(cid, [])), set(taken_missing.get(cid, []))
        want = None if is_else else branch
        if want in lack:
            continue
        conds = env.sentence_conditions[cid]
        shown = _shown_when(conds, branch, is_else)
        if not lack:
            state = ("the part of the template around it was not reached" if missing_is_now
                     else "the part of the template around it was not reached in the previous release")
        else:
            state = ("it held in the previous release and does not now" if missing_is_now
                     else "it did not hold in the previous release and does now")
        figures = _condition_figures(env, sid.rsplit(":", 1)[0], conds[: branch + 1] if not is_else else conds,
                                     ledger_missing if not missing_is_now else ledger_present,
                                     ledger_present if not missing_is_now else ledger_missing)
        return f"{verb}: shown when {shown} ({cid}); {state}" + (f". {figures}" if figures else "")
    if info["loop"]:
        return (f"{verb}: a sentence repeated by “{info['repeated_by']}”, which "
                + ("repeats it fewer times now" if missing_is_now else "repeats it more times now")
                + " (a list with fewer or more items, or a macro called less or more often)")
    return f"{verb}: its conditions took the same branches in both releases (its text differs in its first words)"


def _shown_when(conds: list[str], branch: int, is_else: bool) -> str:
    if is_else:
        return "none of " + "; ".join(f"“{c}”" for c in conds) + " holds"
    earlier = conds[:branch]
    return f"“{conds[branch]}” holds" + (" and none of " + "; ".join(f"“{c}”" for c in earlier) + " does"
                                          if earlier else "")


_DOTTED = re.compile(r"(?<![\w.'\"])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)")


def _condition_figures(env, template: str, conds: list[str], then_ledger, now_ledger) -> str:
    """The ledger figures a condition reads (through the template's
    ``{% set a = F.… %}`` names), each with its value then and now."""
    aliases = env.sentence_aliases.get(template, {})
    seen, parts = set(), []
    for cond in conds:
        for path in _DOTTED.findall(cond):
            for _ in range(5):
                head, _, rest = path.partition(".")
                if head in aliases and not path.startswith("F."):
                    path = aliases[head] + ("." + rest if rest else "")
                else:
                    break
            if not path.startswith("F."):
                continue
            key = _ledger_key(path[2:], now_ledger) or _ledger_key(path[2:], then_ledger)
            if key is None or key in seen:
                continue
            seen.add(key)
            fig = now_ledger.figures.get(key) or then_ledger.figures.get(key)
            then_fig, now_fig = then_ledger.figures.get(key), now_ledger.figures.get(key)
            parts.append(f"{human(fig.definition)} ({key}): then "
                         f"{_in_full(then_fig) if then_fig is not None else 'not a figure'}, "
                         f"now {_in_full(now_fig) if now_fig is not None else 'not a figure'}")
    return "; ".join(parts)


def _ledger_key(path: str, ledger) -> str | None:
    """The longest leading part of a dotted path that is a figure's key
    (``sif.oe.good_or_better.count`` -> ``sif.oe.good_or_better``)."""
    parts = path.split(".")
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        if key in ledger:
            return key
    return None
