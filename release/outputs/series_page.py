"""The series page: ``index.html`` at the output root, listing every
release built there, newest first, with links to each one's bulletin, PDF,
spreadsheets and open data files, and its "what changed since the last
release" page where one was built.

It reads what was built, not the source data: a release folder is a
folder of the output root with ``data/release.toml`` (the release's
metadata, copied there by the build), so the page lists exactly the
releases a reader can open. Every link is relative, so the output folder
can be copied to a web server as it is. Written after each release build.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..periods import day as _day

ROOT = Path(__file__).resolve().parent.parent.parent
PAGE = "index.html"
#: Marks a page as this module's, so a page written by anyone else at the
#: output root (a user's own index.html) is never overwritten.
GENERATOR = "ofsted-release series page"

#: A release folder's outputs, in the order the page links them.
OUTPUTS = (
    ("index.html", "Bulletin (web page)"),
    ("release.pdf", "Bulletin (PDF)"),
    ("tables.xlsx", "Tables (Excel spreadsheet)"),
    ("tables.ods", "Tables (OpenDocument spreadsheet)"),
    ("changes.html", "What changed since the last release"),
)


@dataclass
class Entry:
    id: str
    heading: str
    title: str = ""
    reference: str = ""
    published: str = ""
    sample_data: bool = False
    sort_key: tuple = ()
    links: list = field(default_factory=list)
    data_files: list = field(default_factory=list)
    latest: bool = False



def entry(folder: Path) -> Entry | None:
    """What the page says of one release folder (None if it is not one).
    Read from the header of the release's own ``figures.json``, so the page
    needs nothing but the built folders."""
    import datetime as dt
    import json

    ledger = folder / "figures.json"
    if folder.name.startswith(".") or not ledger.is_file():
        return None
    try:
        head = json.loads(ledger.read_text(encoding="utf-8"))["header"]
        reference = dt.date.fromisoformat(head["reference_dates"]["homes_period"]["end"])
        published = dt.date.fromisoformat(head["published"])
    except (ValueError, KeyError, TypeError):
        # A ledger an older build wrote, without the header: still list the
        # release, by its folder name, so nothing built is hidden.
        e = Entry(id=folder.name, heading=f"Release {folder.name}", sort_key=(0, folder.name))
    else:
        e = Entry(id=head["release"], heading=f"Data as at {_day(reference)}", title=head["title"],
                  reference=_day(reference), published=_day(published),
                  sample_data=bool(head.get("sample_data")), sort_key=(1, published, reference, folder.name))
    base = folder.name
    e.links = [(text, f"{base}/{name}") for name, text in OUTPUTS if (folder / name).is_file()]
    for csv in sorted((folder / "data").glob("*.csv")):
        if csv.name.endswith(".meta.csv"):
            continue
        meta = csv.with_name(csv.stem + ".meta.csv")
        e.data_files.append((csv.name, f"{base}/data/{csv.name}",
                             f"{base}/data/{meta.name}" if meta.is_file() else None))
    return e


def entries(root: Path) -> list[Entry]:
    """Every release folder under ``root``, newest first (by publication
    date, then reference date); the first is marked the latest."""
    found = [e for e in (entry(p) for p in sorted(root.iterdir()) if p.is_dir()) if e is not None]
    found.sort(key=lambda e: e.sort_key, reverse=True)
    if found:
        found[0].latest = True
    return found


def render(root: Path) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    releases = entries(root)
    # The series is named as its latest release names itself.
    titled = [e.title for e in releases if e.title]
    title = titled[0] if titled else "Releases"
    return env.get_template("series.html").render(releases=releases, title=title, generator=GENERATOR)


def write(root: Path) -> Path | None:
    """Write ``root/index.html`` (replacing it in one step), unless an
    index.html that this module did not write is already there."""
    page = root / PAGE
    if page.is_file() and GENERATOR not in page.read_text(encoding="utf-8", errors="replace")[:2000]:
        return None
    html = render(root)
    fd, tmp = tempfile.mkstemp(prefix=".index.", suffix=".tmp", dir=root)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(html)
    os.chmod(tmp, 0o644)
    os.replace(tmp, page)
    return page
