"""Reconciliation: every figure Ofsted published beside the figure built
from the public files, with the difference and its named cause.

A real release's folder may hold ``published_figures.csv`` (written by the
importer from data/sources/ofsted-public/published/<id>.csv): one row per
figure the published release printed, under the build's ledger key, with
``key, published, sentence, built, cause``. ``built`` and ``cause`` are
filled only for a known difference: the figure the public files give and
the code of its cause (CAUSES). The build writes ``reconciliation.csv`` and
``reconciliation.html`` beside the bulletin. A row whose figure differs
from the published one, with no cause or with another figure than the one
explained, is "unexplained" (tests/test_real_releases.py fails on it).

Comparison, as tests/test_sample_la.py compares the sample with the text:
a whole number against a share's rounded percentage, a count, or a float
rounded half up; a date against its printed form or month and year; names
as sets, ignoring case, "the" and "Royal Borough of" before a name.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ..ledger import Share

FILE = "published_figures.csv"

#: Named causes of a difference, in plain words.
CAUSES = {
    "dfe_rounded": "DfE's published England total is rounded (children in need to the nearest 100, "
                   "others to the nearest 10); the build sums the LAs' unrounded counts",
    "dfe_suppressed": "DfE's England total includes an LA's count that the LA tables suppress or leave out, and "
                      "is rounded to the nearest 10; the build's sum of the LAs leaves that count out",
    "final_files": "Ofsted's final provider-level files, published later, hold records corrected or added "
                   "after the release's data were taken",
    "publication_dates": "the files give no publication dates for homes' inspections before 2017-18: the "
                         "in-period set uses the importer's stated rule, not the dates Ofsted had",
    "registration_dates": "the files give no registration dates before 2019, and no home registered but not yet "
                          "inspected: the base of homes registered differs",
    "earlier_dates": "earlier frameworks' inspections are dated by publication in the files, and Ofsted's LA "
                     "table of 2023 holds each LA's latest judgement, not the one of 2016",
    "lscb_final": "Ofsted's LA table of 2023 gives the LSCB review with the first SIF only where one was made "
                  "and published with it",
    "build_rule": "the published text chose this by hand; the build's stated rule (the figure's definition) "
                  "picks another from the same records",
}


@dataclass
class Line:
    key: str
    published: str
    sentence: str
    built: str
    difference: str
    cause: str
    status: str  # "equal", "explained", "unexplained"


def read_published(folder: Path) -> list[dict]:
    path = folder / FILE
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def figure(ledger, key: str):
    """The figure for ``key``: a ledger key, or a Share's ``.count``/``.base``."""
    if key in ledger:
        return ledger[key]
    parent, _, attr = key.rpartition(".")
    if parent in ledger and isinstance(ledger[parent], Share) and attr in ("count", "base"):
        return getattr(ledger[parent], attr)
    return None


_BEFORE_NAME = r"(?:(?:the|royal borough of)\s+)?"
_SEPARATORS = re.compile(r"(?:[\s,]|\band\b|\bplus\b)*")


def names_match(published: str, names: list[str]) -> bool:
    rest = " ".join(published.casefold().split())
    for name in sorted(names, key=len, reverse=True):
        pattern = r"(?<!\w)" + _BEFORE_NAME + re.escape(" ".join(name.casefold().split())) + r"(?!\w)"
        rest, found = re.subn(pattern, " ", rest, count=1)
        if not found:
            return False
    return _SEPARATORS.fullmatch(rest) is not None


def built_form(published: str, fig) -> tuple[str, bool, str]:
    """The built figure in the published form, whether the two agree, and
    the difference (built minus published, for numbers)."""
    if fig is None:
        return "", False, "not computed"
    value = fig.value
    if re.fullmatch(r"\d+", published):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return str(fig), False, "not a number"
        number = int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return str(number), number == int(published), f"{number - int(published):+d}"
    if isinstance(value, dt.date):
        same = published in (str(fig), f"{value:%B %Y}")
        return (published if same else str(fig)), same, "" if same else "another date"
    names = [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
    same = names_match(published, names)
    return ", ".join(names), same, "" if same else "other names"


def reconcile(rows: list[dict], ledger) -> list[Line]:
    lines = []
    for row in rows:
        built, same, difference = built_form(row["published"], figure(ledger, row["key"]))
        cause = row.get("cause", "").strip()
        if same:
            status, difference, cause = "equal", "0" if re.fullmatch(r"\d+", row["published"]) else "none", ""
        elif cause in CAUSES and row.get("built", "").strip() == built:
            status = "explained"
        else:
            status = "unexplained"
        lines.append(Line(row["key"], row["published"], row["sentence"], built, difference, cause, status))
    return lines


def write(rel, ledger, folder: Path) -> list[Line]:
    """reconciliation.csv and reconciliation.html, when the release has
    published figures to set beside its own."""
    rows = read_published(rel.folder)
    if not rows:
        return []
    lines = reconcile(rows, ledger)
    with (folder / "reconciliation.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["key", "published", "built", "difference", "status", "cause", "cause_explained", "sentence"])
        for ln in lines:
            w.writerow([ln.key, ln.published, ln.built, ln.difference, ln.status, ln.cause,
                        CAUSES.get(ln.cause, ""), ln.sentence])
    (folder / "reconciliation.html").write_text(page(rel, lines), encoding="utf-8")
    report = folder / "qa-report.txt"
    if report.exists():
        with report.open("a", encoding="utf-8") as f:
            f.write(summary(lines))
    return lines


def summary(lines: list[Line]) -> str:
    """The QA report's account: how many published figures agree, how many
    differ for a named cause, and each that differs unexplained."""
    counts = {s: sum(ln.status == s for ln in lines) for s in ("equal", "explained", "unexplained")}
    out = [f"\nReconciliation with what Ofsted published (reconciliation.html): {len(lines)} figures, "
           f"{counts['equal']} equal, {counts['explained']} differing for a named cause, "
           f"{counts['unexplained']} unexplained"]
    out += [f"  UNEXPLAINED {ln.key}: published {ln.published}, built {ln.built}" for ln in lines
            if ln.status == "unexplained"]
    return "\n".join(out) + "\n"


def page(rel, lines: list[Line]) -> str:
    e = html.escape
    counts = {s: sum(ln.status == s for ln in lines) for s in ("equal", "explained", "unexplained")}
    body = "".join(
        f"<tr class=\"{ln.status}\"><td>{e(ln.key)}</td><td>{e(ln.published)}</td><td>{e(ln.built)}</td>"
        f"<td>{e(ln.difference)}</td><td>{e(ln.status)}</td><td>{e(CAUSES.get(ln.cause, ln.cause))}</td>"
        f"<td>{e(ln.sentence)}</td></tr>\n" for ln in lines)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Reconciliation: {e(rel.title)}</title><link rel=\"stylesheet\" href=\"style.css\"></head><body>"
            f"<h1>Reconciliation with what Ofsted published</h1><p>{e(rel.title)} ({e(rel.id)}). Each figure the "
            f"published release printed, beside the figure built from the public files. Equal: {counts['equal']}; "
            f"differing with a named cause: {counts['explained']}; unexplained: {counts['unexplained']}.</p>"
            f"<table><thead><tr><th>figure</th><th>published</th><th>built</th><th>difference</th><th>status</th>"
            f"<th>cause</th><th>where published</th></tr></thead><tbody>\n{body}</tbody></table></body></html>\n")
