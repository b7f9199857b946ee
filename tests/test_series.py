"""The series page (index.html at the output root): every release built
there, newest first, the latest marked, each with links to what was
built for it, all relative, so the folder can be copied to a web server
as it is."""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from release.outputs import series_page as series


class Page(HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.hrefs, self.releases, self.latest = [], [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if tag == "li" and (a.get("id") or "").startswith("release-"):
            self.releases.append(a["id"][len("release-"):])
            if "latest" in (a.get("class") or ""):
                self.latest.append(self.releases[-1])


def test_the_build_writes_the_series_page_linking_everything_it_built(built):
    root = built.parent
    page = Page((root / "index.html").read_text(encoding="utf-8"))
    assert page.releases == [built.name] and page.latest == [built.name]
    links = [h for h in page.hrefs if not h.startswith("#")]
    for href in links:
        assert not re.match(r"^([a-z]+:|/)", href), f"{href} is not relative"
        assert (root / href).is_file(), f"{href} leads nowhere"
    wanted = {"index.html", "release.pdf", "tables.xlsx", "tables.ods", "changes.html"}
    wanted |= {f"data/{p.name}" for p in (built / "data").glob("*.csv")}
    assert {h.split("/", 1)[1] for h in links} == wanted


def _release(root: Path, built: Path, folder: str, release_id: str, published: str, changes=False) -> None:
    """A release folder as a build leaves it, with the metadata edited."""
    import json

    out = root / folder
    (out / "data").mkdir(parents=True)
    ledger = json.loads((built / "figures.json").read_text(encoding="utf-8"))
    ledger["header"].update(release=release_id, published=published)
    (out / "figures.json").write_text(json.dumps(ledger), encoding="utf-8")
    for name in ("index.html", "release.pdf", "tables.xlsx", "tables.ods"):
        shutil.copyfile(built / name, out / name)
    for path in (built / "data").glob("*.csv"):
        shutil.copyfile(path, out / "data" / path.name)
    if changes:
        (out / "changes.html").write_text("<p>What changed</p>", encoding="utf-8")


@pytest.fixture
def two_releases(built, tmp_path):
    root = tmp_path / "dist"
    # Folder names sort the other way from publication: the page orders by date.
    _release(root, built, "a-later", "2017-03", "2017-06-15", changes=True)
    _release(root, built, "b-earlier", "2016-09", "2016-12-15")
    (root / ".b-earlier.tmp-x").mkdir()  # a build in progress is not a release
    (root / "notes").mkdir()  # nor is a folder without release metadata
    return root


def test_releases_newest_first_with_the_latest_marked(two_releases):
    series.write(two_releases)
    page = Page((two_releases / "index.html").read_text(encoding="utf-8"))
    assert page.releases == ["2017-03", "2016-09"]
    assert page.latest == ["2017-03"]


def test_what_changed_is_linked_where_it_was_built(two_releases):
    series.write(two_releases)
    page = Page((two_releases / "index.html").read_text(encoding="utf-8"))
    assert "a-later/changes.html" in page.hrefs
    assert "b-earlier/changes.html" not in page.hrefs
    for href in page.hrefs:
        assert href.startswith("#") or (two_releases / href).is_file(), href


def test_a_page_someone_else_wrote_is_left_alone(two_releases):
    own = "<!DOCTYPE html><title>My own page</title>"
    (two_releases / "index.html").write_text(own, encoding="utf-8")
    assert series.write(two_releases) is None
    assert (two_releases / "index.html").read_text(encoding="utf-8") == own
