"""The web page as readers meet it: opened in headless Chromium at a desktop
width and a phone width, with the data tables closed and open, and checked
by axe-core (WCAG 2.2 AA and best practice) and by the Nu HTML Checker.

Chromium comes from Debian (``chromium``), axe-core and vnu-jar from npm
(``package.json``), Java from Debian; ``install.sh`` installs them all. A
test is skipped, saying which, only where one of them is absent.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")
#: The JVM for one short run of the checker: the quick compiler only (the
#: optimising one spent more CPU compiling than the run saved: 4 s of CPU
#: for the module's six files against 8.5 s), one garbage-collector thread,
#: and the larger stack the quick compiler's frames need for the checker's
#: schema (it says so, and stops, with the default). Which errors are found
#: is the same: the options change only how the JVM runs the checker.
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss64m"]
#: Headless Chromium as root, with nothing fetched from outside (and no
#: reliance on a large /dev/shm, which containers often lack).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
#: WCAG 2.0-2.2 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = {"desktop": 1280, "phone": 375}


@pytest.fixture(scope="module")
def page(built, tmp_path_factory):
    """The built page in headless Chromium, with axe-core loaded."""
    if CHROMIUM is None:
        pytest.skip("headless Chromium is not installed (Debian package chromium; ./install.sh installs it)")
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm package in package.json; ./install.sh installs it)")
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": WIDTHS["desktop"], "height": 900})
        tab = browser.new_page()
        tab.goto((built / "index.html").as_uri())
        tab.add_script_tag(path=str(AXE))
        yield tab
        browser.close()


def _axe_violations(tab, width: int, include: list[str] | None = None) -> list[str]:
    """axe-core's violations on the page open in ``tab`` at ``width`` px
    (or, given ``include``, on the elements those selectors match), each as
    "rule (impact): help at its first target".

    Only violations are collected in full: axe lists each rule that passed
    or could not decide with one example node instead of every node (on the
    reviewer's edition, some 35,000 nodes to find a selector for and send
    back, which took more than half of each run); which rules run and what
    counts as a violation are the same. Nor is the HTML of each node axe
    checked copied into the results (``noHtml``): the report below names a
    node by its selector."""
    tab.set_viewport_size({"width": width, "height": 900})
    result = tab.evaluate("""([include, tags]) => axe.run(include ? {include: include} : document,
        {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], noHtml: true})""", [include, AXE_TAGS])
    # axe ran its rules, not nothing (a page it could not read passes vacuously).
    assert len(result["passes"]) > (10 if include else 20), [r["id"] for r in result["passes"]]
    return [f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} at "
            + "; ".join(n["target"][0] for n in v["nodes"][:5]) for v in result["violations"]]


def _show(page, width: int, tables_open: bool) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate("open => document.querySelectorAll('details').forEach(d => { d.open = open; })", tables_open)


@pytest.mark.parametrize("tables_open", [False, True], ids=["tables-closed", "tables-open"])
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_axe_finds_no_violation(page, width, tables_open):
    _show(page, width, tables_open)
    found = _axe_violations(page, width)
    assert not found, "\n".join(found)


#: For every table cell: how many lines each of its words takes up, and
#: whether a number cell is on one line. A word broken mid-way ("Nort/h")
#: takes two line boxes.
_BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('main table th, main table td')) {
    const text = cell.textContent;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /\\S+/g; let m;
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0] + ' in “' + text.trim().slice(0, 40) + '”');
      }
    }
    if (cell.tagName === 'TD' && cell.classList.contains('num')) {
      const range = document.createRange(); range.selectNodeContents(cell);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push('number ' + text.trim() + ' on ' + lines.size + ' lines');
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [1280, 375, 320])
def test_tables_scroll_in_their_box_and_never_break_a_word_or_number(page, width):
    _show(page, width, True)
    assert page.evaluate("document.querySelectorAll('main table td.num').length") > 500
    broken = page.evaluate(_BROKEN_WORDS)
    assert not broken, f"{len(broken)} broken at {width} px: " + "; ".join(broken[:10])
    # The page itself never scrolls sideways; a wide table scrolls in its box.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width < 400:
        assert page.evaluate("[...document.querySelectorAll('.table-scroll')]"
                             ".some(b => b.scrollWidth > b.clientWidth)")


def test_data_table_toggle_shows_focus_as_govuk_does(page):
    _show(page, 1280, False)
    page.focus("figure summary")
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [document.activeElement.tagName, s.backgroundColor, s.boxShadow]; }""")
    assert style[0] == "SUMMARY"
    assert style[1] == "rgb(255, 221, 0)"  # GOV.UK focus yellow
    assert "rgb(11, 12, 12)" in style[2]  # with the black bar beneath


def test_every_chart_note_is_text_under_its_figure_and_in_its_alt_text(page):
    from charts.specs import SPECS

    notes = [n for spec in SPECS for n in spec.notes]
    assert len(notes) >= 10
    shown = page.evaluate("""() => [...document.querySelectorAll('figure.visual')].map(f => ({
        alt: f.querySelector('img').alt,
        notes: [...f.querySelectorAll('.visual-notes')].map(p => p.innerText.trim())}))""")
    for note in notes:
        holders = [f for f in shown if note in f["notes"]]
        assert holders, f"note not under any figure: {note}"
        assert all(note in f["alt"] for f in holders), note


def test_printing_from_a_browser_keeps_footnote_numbers_and_the_list(page):
    _show(page, 1280, False)
    page.emulate_media(media="print")
    try:
        state = page.evaluate("""() => ({
            calls: [...document.querySelectorAll('sup.fn-ref')].filter(s => s.offsetParent !== null).length,
            inline: [...document.querySelectorAll('.fn-print')].filter(s => s.offsetParent !== null).length,
            list: getComputedStyle(document.querySelector('.footnotes')).display,
            items: document.querySelectorAll('.footnotes li').length})""")
    finally:
        page.emulate_media(media="screen")
    assert state["inline"] == 0, "footnote text runs inline in the printed page"
    assert state["list"] != "none" and state["items"] >= 25
    assert state["calls"] >= state["items"]


def _vnu(*args) -> list[dict]:
    if JAVA is None:
        pytest.skip("Java is not installed (Debian package default-jre-headless; ./install.sh installs it)")
    if not VNU.is_file():
        pytest.skip("the Nu HTML Checker is not installed (npm package vnu-jar; ./install.sh installs it)")
    result = subprocess.run([JAVA, *JAVA_OPTIONS, "-jar", str(VNU), "--errors-only", "--format", "json", *args],
                            capture_output=True, text=True, timeout=300)
    return json.loads(result.stderr or result.stdout)["messages"]


@pytest.fixture(scope="module")
def nu_errors(built, tmp_path_factory):
    """The Nu HTML Checker's errors in the public files this module checks
    (the page and its two style sheets, the changes page, the series page),
    by file: one run of the checker over them all, as each Java start costs
    seconds (``nu_checked``). Not the reviewer's edition, which has a run
    of its own (``nu_review_errors``): a test of a public file need not
    wait, a core idle, while another worker builds the edition."""
    return nu_checked([built / name for name in ("index.html", "style.css", "print.css", "changes.html",
                                                 "../index.html")], tmp_path_factory)


@pytest.fixture(scope="module")
def nu_review_errors(review_page, tmp_path_factory):
    """The Nu HTML Checker's errors in the reviewer's edition (``nu_checked``)."""
    return nu_checked([review_page], tmp_path_factory)


def nu_checked(files: list[Path], tmp_path_factory) -> dict[Path, list[dict]]:
    """The checker's errors in ``files``, by file, from one run over them
    all. pytest-xdist's workers share the run: the first to come runs it
    under a lock and leaves its answer, named by the files' contents, in
    the session's common temporary folder."""
    import hashlib

    from filelock import FileLock

    files = [path.resolve() for path in files]
    for path in files:
        assert path.is_file(), f"{path} was not built"
    digest = hashlib.sha256(VNU.read_bytes() if VNU.is_file() else b"")
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    # The session's folder common to xdist's workers (each has one below it).
    common = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        common = common.parent
    answer = common / f"nu-checker-{digest.hexdigest()[:16]}.json"
    with FileLock(str(answer) + ".lock"):
        if not answer.is_file():
            answer.write_text(json.dumps(_vnu("--also-check-css", *map(str, files))), encoding="utf-8")
        messages = json.loads(answer.read_text(encoding="utf-8"))
    by_file = {path: [] for path in files}
    for message in messages:
        # A message the checker could not tie to one of the files (it could
        # not start, say) is counted against every file.
        path = Path(unquote(urlparse(message.get("url", "")).path)).resolve() if message.get("url") else None
        for holder in [path] if path in by_file else files:
            by_file[holder].append(message)
    return by_file


def _nu_report(errors: list[dict]) -> str:
    return "\n".join(f"{Path(e.get('url', '')).name}:{e.get('lastLine')}: {e['message']}" for e in errors)


def test_page_and_browser_styles_are_valid_by_the_nu_html_checker(built, nu_errors):
    errors = [e for name in ("index.html", "style.css", "print.css") for e in nu_errors[(built / name).resolve()]]
    assert not errors, _nu_report(errors)


def test_on_a_phone_each_chart_and_map_is_drawn_for_its_width_and_its_text_is_legible(page, built):
    import re

    _show(page, 375, False)
    charts = page.evaluate("""async () => Promise.all([...document.querySelectorAll('figure.visual img')]
        .map(async img => { await img.decode();
            return {src: img.currentSrc, width: img.getBoundingClientRect().width}; }))""")
    assert len(charts) == 23  # nineteen charts and four maps
    for chart in charts:
        assert chart["src"].endswith("-narrow.svg"), chart["src"]
        svg = Path(unquote(urlparse(chart["src"]).path)).read_text(encoding="utf-8")
        smallest = min(float(size) for size in re.findall(r'font-size="([0-9.]+)px"', svg))
        scale = chart["width"] / float(re.search(r'viewBox="0 0 ([0-9.]+)', svg).group(1))
        # SVG units are points: the smallest text (the source line) in CSS px.
        assert smallest * scale * 4 / 3 >= 9, (chart, smallest, scale)


@pytest.mark.parametrize("name", ["changes.html", "../index.html"], ids=["changes-page", "series-page"])
def test_the_reviewers_changes_page_and_the_series_page_are_valid_and_pass_axe(page, built, nu_errors, name):
    """The pages published beside the bulletin are held to the same bar."""
    target = (built / name).resolve()
    assert target.is_file(), f"{name} was not built"
    errors = nu_errors[target]
    assert not errors, _nu_report(errors)
    tab = page.context.new_page()
    try:
        tab.goto(target.as_uri())
        tab.add_script_tag(path=str(AXE))
        for width in WIDTHS.values():
            found = _axe_violations(tab, width)
            assert not found, f"at {width} px:\n" + "\n".join(found)
    finally:
        tab.close()


@pytest.fixture(scope="module")
def review_page(reviewed):
    """The reviewer's edition of the release under test, as a web page, from
    the shared build with ``--review`` (conftest's ``reviewed``, read only)."""
    return reviewed / "review" / "index.html"


@pytest.fixture(scope="module")
def review_tab(page, review_page):
    """The reviewer's edition open in a tab of its own, with axe-core
    loaded: loaded once for the tests below, each of which leaves it as it
    found it (no search typed) apart from the width, which each sets."""
    tab = page.context.new_page()
    tab.goto(review_page.as_uri())
    tab.add_script_tag(path=str(AXE))
    yield tab
    tab.close()


def test_the_reviewers_edition_passes_axe_and_the_nu_checker_at_both_widths_with_every_chart(
        review_tab, review_page, nu_review_errors):
    """The edition two reviewers sign off from is held to the public page's
    bar: no axe violation at a desktop and a phone width, no Nu checker
    error, every chart and map loaded (the phone drawings too) and no
    sideways scrolling on the narrowest phone."""
    errors = nu_review_errors[review_page.resolve()]
    assert not errors, _nu_report(errors)
    tab = review_tab
    for width in (*WIDTHS.values(), 320):
        tab.set_viewport_size({"width": width, "height": 900})
        if width in WIDTHS.values():
            found = _axe_violations(tab, width)
            assert not found, f"at {width} px:\n" + "\n".join(found)
        shown = tab.evaluate("""async () => Promise.all([...document.querySelectorAll('figure.visual img')]
            .map(async img => { try { await img.decode(); } catch (e) {}
                return {src: img.currentSrc, loaded: img.naturalWidth > 0}; }))""")
        assert len(shown) == 23 and all(img["loaded"] for img in shown), [i for i in shown if not i["loaded"]]
        if width < 1000:
            assert all(img["src"].endswith("-narrow.svg") for img in shown)
        wide = tab.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"the page is {wide} px wide at {width} px"


#: The page outside the search box as a string, with the outline a search
#: puts on the paragraphs it found taken off.
_OUTSIDE_THE_SEARCH = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelector('#rv-search').remove();
  copy.querySelectorAll('.rv-hit').forEach(el => {
    el.classList.remove('rv-hit'); if (!el.classList.length) el.removeAttribute('class'); });
  return copy.innerHTML;
}"""


def test_the_reviewers_edition_finds_a_sentence_by_a_phrase(review_tab):
    """The search box over the page's sentences: typing a phrase lists each
    paragraph that holds it with its template file and line and the figures
    it prints, announces the count in a live region, and passes axe with
    its results showing, at both widths; Escape clears it.

    With the results showing, axe checks the search box (the count, the
    results list: list structure, link names, the contrast of the marked
    phrase and of the results' text and links, the scrolling list reachable
    by keyboard), not the whole page again: a search changes nothing
    outside the box but a class that outlines the paragraphs it found
    (asserted below: the rest of the page is the same markup), so the page
    around the box is the page the test above runs axe on at both widths.
    The box sits in the page's main landmark (asserted), so axe's rule that
    all content is in a landmark holds for it too."""
    import re

    tab = review_tab
    tab.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    box = tab.get_by_label("Find a sentence on this page")
    assert box.is_visible()
    assert tab.locator("#rv-search-count").get_attribute("role") == "status"
    assert tab.evaluate("document.getElementById('rv-search').closest('main') !== null")
    # The phrase as the page prints it, counted here from the page's own paragraphs.
    phrase = "judged inadequate"
    expected = tab.evaluate("""phrase => [...document.querySelectorAll('main [data-src]')].filter(el => {
        const copy = el.cloneNode(true);
        copy.querySelectorAll('.rv-note, .rv-side, .rv-call, .fn-print, sup').forEach(n => n.remove());
        return copy.textContent.replace(/\\s+/g, ' ').toLowerCase().includes(phrase); }).length""", phrase)
    assert expected > 1
    ids_before = tab.evaluate("document.querySelectorAll('[id]').length")
    page_before = tab.evaluate(_OUTSIDE_THE_SEARCH)
    try:
        box.focus()
        tab.keyboard.type(phrase.upper())  # any case
        tab.wait_for_function("() => document.getElementById('rv-search-count').textContent !== ''")
        said = tab.locator("#rv-search-count").inner_text()
        assert said.startswith(f"{expected} paragraphs hold it"), said
        results = tab.locator("#rv-search-results > li")
        assert results.count() == min(expected, 50)
        first = results.nth(0)
        where = first.locator("a.rv-search-where")
        assert re.fullmatch(r"templates/sections/[a-z_]+\.html:\d+", where.inner_text())
        assert phrase in first.locator("mark").first.inner_text().lower()
        target = where.get_attribute("href")
        assert tab.locator(target).get_attribute("data-src") == where.inner_text().removeprefix("templates/sections/")
        assert tab.locator(".rv-hit").count() == expected
        assert tab.locator("#rv-search-results a[href^='#fig-']").count() > 0
        assert tab.evaluate("document.querySelectorAll('[id]').length") == ids_before, "the search added an id"
        page_after = tab.evaluate(_OUTSIDE_THE_SEARCH)
        if page_after != page_before:  # say where, rather than diff a page of a megabyte
            at = next(i for i, pair in enumerate(zip(page_after + "\0", page_before + "\1")) if pair[0] != pair[1])
            pytest.fail(f"the search changed the page outside its box, at …{page_after[max(at - 80, 0):at + 80]}…")
        for width in WIDTHS.values():
            found = _axe_violations(tab, width, include=["#rv-search"])
            assert not found, f"with results, at {width} px:\n" + "\n".join(found)
        box.press("Escape")
        tab.wait_for_function("() => document.getElementById('rv-search-results').children.length === 0")
        assert tab.locator(".rv-hit").count() == 0
    finally:
        # Leave the tab as the other test expects it, whatever happened here.
        tab.evaluate("""() => { const input = document.getElementById('rv-search-input');
            input.value = ''; input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'})); }""")
