"""The reviewer's edition (``build.py --review``): every number on the page
leads to its ledger entry, every wording the numbers chose says which case
and why, text typed by hand is marked, and the public outputs do not change."""

import html
import json
import random
import re

import jinja2
import pytest

from bulletin_text import page_text
from conftest import DATA

NUMERAL = re.compile(r"(?<![A-Za-z_\d])\d[\d,]*(?:\.\d+)?")
ANCHOR_OPEN = re.compile(r'<a class="fig[^"]*" href="#fig-([^"]+)" data-key="([^"]*)"')
ONE_TO_NINE = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


@pytest.fixture(scope="module")
def page(reviewed):
    return (reviewed / "review" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ledger(reviewed):
    return {r["key"]: r for r in json.loads((reviewed / "figures.json").read_text())["figures"]}


def bulletin_part(page: str) -> str:
    """Key points and sections: the page up to the reviewer's pages, without
    the margin copies of the notes, the charts, and footnote numbers."""
    body = page[page.index('<section id="key-points"'):page.index('<section id="figures-appendix"')]
    body = re.sub(r'<span class="rv-side".*?</small></span>', "", body, flags=re.S)
    body = re.sub(r"<figure.*?</figure>", "", body, flags=re.S)
    body = body.replace('<sup class="rv-call" aria-hidden="true"></sup>', "")
    return re.sub(r'<sup class="fn-(?:ref|sep)[^"]*".*?</sup>', "", body, flags=re.S)


def printed_numbers(body: str) -> list[tuple[str, tuple | None]]:
    """Every numeral the reader sees, with the traced link it sits in (or None)."""
    body = re.sub(r'<small class="rv-note.*?</small>', "", body, flags=re.S)
    out, inside = [], None
    for piece in re.split(r"(<[^>]+>)", body):
        m = ANCHOR_OPEN.match(piece)
        if m:
            inside = (m.group(1), tuple(m.group(2).split()))
        elif piece == "</a>":
            inside = None
        elif not piece.startswith("<"):
            text = re.sub(r"\b(Charts?|Maps?) \d+(?:,? (?:and )?\d+)*", " ", html.unescape(piece))
            out += [(n.rstrip(",."), inside) for n in NUMERAL.findall(text)]
    return out


def entry(page: str, target: str) -> str:
    m = re.search(rf'<article class="rv-entry" id="fig-{re.escape(target)}">(.*?)</article>', page, re.S)
    assert m, f"no appendix entry for {target}"
    return m.group(1)


def numbers_of(record: dict) -> set[str]:
    found = set(n.rstrip(",.") for n in NUMERAL.findall(str(record["text"])))
    for field in ("count", "base", "value"):
        v = record.get(field)
        if isinstance(v, int) and not isinstance(v, bool):
            found.add(f"{v:,}")
    return found


#: The build's own record of what it built (where the build keeps one): it
#: names the review files too, so it is not compared.
BUILD_RECORDS = {"manifest.json"}


def test_public_outputs_are_the_same_with_and_without_review(built, reviewed):
    public = sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file() and p.name not in BUILD_RECORDS)
    with_review = sorted(p.relative_to(reviewed) for p in reviewed.rglob("*")
                         if p.is_file() and p.relative_to(reviewed).parts[0] != "review"
                         and p.name not in BUILD_RECORDS)
    assert public == with_review
    different = [str(p) for p in public if (built / p).read_bytes() != (reviewed / p).read_bytes()]
    assert different == []
    assert {p.name for p in (reviewed / "review").iterdir()} >= {"index.html", "review.css", "review.pdf"}
    assert not (built / "review").exists()


def test_every_number_in_the_key_points_is_linked(page):
    kp = bulletin_part(page)
    kp = kp[:kp.index('<section id="introduction"')]
    numbers = printed_numbers(kp)
    assert len(numbers) > 20
    assert [n for n, link in numbers if link is None] == []


def test_numbers_picked_at_random_lead_to_their_ledger_keys(page, ledger):
    numbers = [(n, link) for n, link in printed_numbers(bulletin_part(page)) if link]
    assert len(numbers) > 300
    for n, (target, keys) in random.Random(17).sample(numbers, 60):
        body = entry(page, target)
        assert f"<code>{target}</code>" in body
        if target.startswith("release:"):
            continue
        # The link goes to the ledger figure of one of its keys (a share's
        # count and base are listed under the share), and that figure
        # holds the printed number.
        records = [ledger[k if k in ledger else k.rpartition(".")[0]] for k in keys]
        assert target in [r["key"] for r in records]
        # A number drawn from two figures (points between them: "by 10
        # percentage points (from 26% to 36%)") is their difference.
        values = [r["value"] for r in records if isinstance(r["value"], int) and not isinstance(r["value"], bool)]
        between = {f"{abs(a - b):,}" for a in values for b in values}
        assert any(n in numbers_of(r) for r in records) or (len(keys) == 2 and n in between), (n, keys)
        assert html.escape(ledger[target]["definition"], quote=False) in html.unescape(body) or \
            ledger[target]["definition"] in html.unescape(body)


def test_every_number_outside_a_link_is_fixed_text_or_marked(page):
    """A numeral no figure gave is either reference text written in the
    templates (an Act and its year) or in a paragraph marked as not from data."""
    from release.review.edition import _template_text

    fixed = _template_text()
    body = bulletin_part(page)
    for m in re.finditer(r"<(p|li|dd)\b([^>]*)>(.*?)</\1>", body, re.S):
        loose = [n for n, link in printed_numbers(m.group(3)) if link is None]
        if loose and "rv-untraced" not in m.group(2):
            # A figure printed as a link's own text is a span with its key (no link in a link).
            rest = re.sub(r'<small class="rv-note.*?</small>|<a class="fig.*?</a>|<span class="fig.*?</span>', " ",
                          m.group(3), flags=re.S)
            for chunk in re.split(r"<[^>]+>", rest):
                chunk = re.sub(r"\s+", " ", chunk).strip()
                if NUMERAL.search(re.sub(r"\b(Charts?|Maps?) \d+(?:,? (?:and )?\d+)*", " ", chunk)):
                    assert chunk in fixed, chunk


def notes(page: str, kind: str) -> list[tuple[str, str]]:
    """(the marked text before the note, the note's text) of each note of a kind."""
    body = bulletin_part(page)
    found = re.findall(r'(<a class="fig[^"]*"[^>]*>[^<]*</a>)?<small class="rv-note rv-' + kind +
                       r'" data-kind="' + kind + r'"[^>]*>(.*?)</small>', body, re.S)
    return [(html.unescape(re.sub(r"<[^>]+>", "", a)), html.unescape(re.sub(r"<[^>]+>", "", b))) for a, b in found]


def test_a_change_shows_the_two_values_that_chose_it(page):
    found = notes(page, "change")
    assert found
    for word, note in found:
        m = re.search(r"“(.*?)”: (\d+)%? → (\d+)%?", note)
        if not m:
            continue
        said, a, b = m.group(1), int(m.group(2)), int(m.group(3))
        assert said.lower() == word.strip().lower()
        if "percentage point" in said:
            assert said.split()[0] in (str(abs(b - a)), [k for k, v in ONE_TO_NINE.items() if v == abs(b - a)][:1][0]
                                       if 0 < abs(b - a) < 10 else None), note
        elif re.search(r"increase|up from|increased|more", said):
            assert b > a, note
        elif re.search(r"decrease|decline|down from|decreased|fewer", said):
            assert b < a, note
        else:
            assert a == b, note
    assert any("“an increase”: 26% → 28%" in n for _, n in found) or DATA.name != "2016-09"


def test_a_proportion_word_shows_its_count_and_base(page, ledger):
    found = notes(page, "proportion")
    assert len(found) > 10
    for word, note in found:
        m = re.search(r"“(.*?)”: ([\d,]+) of ([\d,]+) = ([\d.]+)%", note)
        if "per cent" in note:  # a rate, not a share: its value
            continue
        assert m, note
        count, base = int(m.group(2).replace(",", "")), int(m.group(3).replace(",", ""))
        assert m.group(1).lower() == word.strip().lower()
        assert abs(100 * count / base - float(m.group(4))) < 0.05
        if m.group(1) in ("all", "none"):
            assert (count == base) if m.group(1) == "all" else count == 0
        if m.group(1).startswith("just under"):
            assert count < base


def test_a_count_word_shows_its_number(page):
    found = [(w, n) for w, n in notes(page, "count") if w.strip().lower() in ONE_TO_NINE]
    assert found
    for word, note in found:
        assert int(re.search(r"= (\d+)", note).group(1)) == ONE_TO_NINE[word.strip().lower()]


def test_a_superlative_shows_whether_it_is_unique(page, ledger):
    found = notes(page, "superlative")
    assert found
    named = [(w, n) for w, n in found if " unique: " in n]
    assert named
    for word, note in named:
        key = next(k for k in ledger if k.endswith((".name", ".names")) and
                   html.unescape(re.sub(r"<[^>]+>", "", ledger[k]["text"])) == word.strip() and
                   f"{k.rpartition('.')[0]}.unique" in ledger and
                   f"unique: {ledger[k.rpartition('.')[0] + '.unique']['text']}" in note)
        assert key


def test_a_dropped_sentence_is_noted_where_it_would_have_been(page, built):
    public = page_text((built / "index.html").read_text(encoding="utf-8"))
    found = notes(page, "dropped")
    assert found
    for _, note in found:
        assert " is false" in note
        m = re.search(r"^not shown: “(.*?)”", note)
        assert m
        # The first words of the sentence not shown are not on the public page.
        head = m.group(1).split("…")[0].strip()
        if len(head) > 25:
            assert head not in public


def test_a_chosen_case_names_the_case_and_the_figures(page):
    found = notes(page, "case") + notes(page, "superlative")
    assert any(re.search(r"case \d of \d, as [a-z_.]+ = .* is (true|false)", n) for _, n in found)


def test_text_typed_into_the_release_folder_is_marked(page, reviewed):
    typed = notes(page, "typed")
    assert typed
    qa = (reviewed / "qa-report.txt").read_text(encoding="utf-8")
    assert "Text not from data" in qa
    if DATA.name == "2016-09":
        # [commentary] homes_inspections_increase gives dates no figure holds.
        assert re.search(r"\[homes_inspections_increase\] numbers 2015, 2015 \(not in the ledger: 2015, 2015\)", qa)
        assert 'class="rv-untraced"' in page and "April 2015" in page


def test_the_reviewer_pages_are_in_the_edition(page, reviewed):
    for section in ("figures-appendix", "review-qa", "review-changes", "review-signoff"):
        assert f'<section id="{section}"' in page
    qa = (reviewed / "qa-report.txt").read_text(encoding="utf-8")
    assert html.escape(qa.splitlines()[0]) in page
    signoff = page[page.index('<section id="review-signoff"'):]
    assert signoff.count('class="rv-initials"') >= 2 * 10
    if (reviewed / "changes.html").exists():
        # The changes page's lists, like with like (issue 25), with their ids kept apart from the bulletin's.
        for heading in ("Restated: the same date or period, revised", "Moved on: the same measure"):
            assert heading in page
        assert 'id="rv-restated"' in page and 'id="restated"' not in page


@pytest.fixture(scope="module")
def review_pdf_text(reviewed) -> str:
    """The reviewer's PDF's text (pdftotext, laid out as on the page), read
    once for the tests below: 121 pages."""
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(reviewed / "review" / "review.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_the_review_pdf_has_the_notes_and_the_appendix(review_pdf_text):
    text = review_pdf_text
    assert "Reviewer’s edition – not for publication" in text
    assert "Figures appendix" in text and "Sign-off" in text
    assert "sif.oe.good_or_better" in text
    # The margin notes, numbered where they are called.
    assert re.search(r"r\d+ change: “an increase”: \d+% → \d+%", text)
    assert re.search(r"r\d+ proportion: “[a-z ]+”", text)


def test_the_review_pdf_places_the_charts_as_the_public_pdf_does(reviewed, review_pdf_text):
    """The reviewer's PDF shows each chart and map as its PDF drawing (vector,
    with text), not as an SVG that WeasyPrint draws slowly, nor as a stand-in
    left behind."""
    import pikepdf

    with pikepdf.open(reviewed / "review" / "review.pdf") as document:
        images = [o for o in document.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        assert not images, "a stand-in (or a raster image) is left in the review PDF"
        forms = [xobject for page in document.pages for xobject in page.Resources.get("/XObject", {}).values()
                 if xobject.get("/Subtype") == "/Form" and "/Font" in xobject.get("/Resources", {})]
        assert len({form.objgen for form in forms}) == 23  # nineteen charts and four maps
    assert "Overall effectiveness (number of LAs)" in review_pdf_text  # a map's legend, as text


def test_the_review_pdf_links_to_no_file_of_the_folder_it_was_built_in(reviewed):
    """A link to a file beside the page ("../index.html") would lead, in the
    PDF, to the build's temporary folder, gone once the build ends."""
    import pikepdf

    with pikepdf.open(reviewed / "review" / "review.pdf") as document:
        uris = [str(annot.A.URI) for page in document.pages for annot in page.get("/Annots", [])
                if "/A" in annot and annot.A.get("/S") == "/URI"]
    assert uris, "the review PDF keeps its web links"
    assert not [u for u in uris if u.startswith("file:")]


# --- the traced render, without a build --------------------------------------------

def test_the_traced_text_reads_as_the_public_text():
    """Tracing adds marks and notes but changes no word, in every release.

    The releases are traced in one review environment (the text tests' own,
    ``bulletin_text.environment(traced=True)``), compiled once a process
    rather than once a release (compiling the traced templates took most of
    the test's time), and each release's figures are the text tests' own
    (``bulletin_text.release_figures``: computed once a process, previous
    release included, and shared with the other modules that read them)."""
    from bulletin_text import environment, release_figures
    from release.outputs import render
    from release.review import edition as review, trace

    env = environment(traced=True)
    for folder in sorted(p for p in DATA.parent.iterdir() if (p / "release.toml").is_file()):
        rel, figs, visuals = release_figures(folder)
        public = render.render_page(rel, figs, visuals)
        traced, _ = review.render_traced(rel, figs, visuals, env=env)
        assert page_text(trace.NOTE.sub("", traced)) == page_text(public), folder.name
        assert render.render_page(rel, figs, visuals) == public  # nothing left switched on


def test_a_condition_not_met_leaves_a_note_and_no_text():
    from release.review import trace
    from release.ledger import Ledger

    L = Ledger()
    L.add("regions.over_fifth.count", 1, "Regions with more than a fifth good")
    L.add("regions.over_fifth.few", True, "Few enough to say 'only'")
    L.add("regions.lowest.unique", False, "No tie for lowest")
    env = trace.review_environment()
    env.loader = jinja2.DictLoader({"t.html": (
        "<p>Of the regions, {{ 'only ' if F.regions.over_fifth.few }}{{ F.regions.over_fifth.count | words }} "
        "had more.{% if F.regions.lowest.unique %} One region was lowest.{% endif %}</p>")})
    with trace.tracing(L), trace.branches_of(env):
        out = env.get_template("t.html").render(F=L.tree())
    assert trace.plain(out) == "<p>Of the regions, only one had more.</p>".replace("<p>", "").replace("</p>", "")
    assert 'data-kind="superlative"' in out and "“only”" in out
    assert 'data-kind="dropped"' in out and "One region was lowest." in out
    assert 'href="#fig-regions.over_fifth.count"' in out


def test_each_paragraph_says_which_template_line_wrote_it(page, reviewed):
    """A reviewer finds the sentence to edit from the page: every paragraph
    carries its template file and line, which the public page does not."""
    assert re.search(r'<p data-src="key_points\.html:\d+" class="kp-head">', page)
    assert len(re.findall(r'data-src="(?:la_sif|homes|lscb)\.html:\d+"', page)) > 40
    assert "data-src=" not in (reviewed / "index.html").read_text(encoding="utf-8")


def test_the_pdf_is_laid_out_without_only_what_print_hides(page):
    """The review PDF is laid out from the page less what review.css hides
    in print (``edition.without_hidden_notes``): each note's conditions, and
    in the bulletin each note's inline copy. Every note in the margin, in
    the banner and on the reviewer's pages is kept whole, and so is every
    other part of the page."""
    from release.review.edition import _SIDE, without_hidden_notes
    from release.review.trace import NOTE

    printed = without_hidden_notes(page)
    conditions = re.compile(r'<span class="rv-cond">.*?</span>', re.S)
    assert conditions.search(page) and not conditions.search(printed)
    page = conditions.sub("", page)
    start, end = page.index("</aside>", page.index("<main")), page.index('<section id="figures-appendix"')
    assert printed[:start] == page[:start] and printed.endswith(page[end:])
    margin = re.compile(re.escape(_SIDE) + NOTE.pattern + "</span>", re.S)
    bulletin, kept = page[start:end], printed[start:len(printed) - len(page) + end]
    assert margin.findall(bulletin) and margin.findall(kept) == margin.findall(bulletin)
    assert NOTE.findall(margin.sub("", bulletin)) and not NOTE.findall(margin.sub("", kept))
    assert NOTE.sub("", margin.sub("", kept)) == NOTE.sub("", margin.sub("", bulletin))
