"""The PDF's structure, as a screen reader meets it (PDF/UA-1): running
headers and footers are pagination artifacts, every chart and map has its
data as a tagged table, each Contents entry is one link, links say where
they go, footnotes are notes read where they are cited. Read with pikepdf
from the structure tree and the pages' marked content."""

import re
import subprocess
import sys

import pikepdf
import pytest

MARKED = re.compile(rb"/(\w+)\s*(<<.*?>>)?\s*(BDC|BMC)|\bEMC\b|(T[Jj])\b|(['\"])\s*$", re.S | re.M)


@pytest.fixture(scope="module")
def pdf(built):
    with pikepdf.open(built / "release.pdf") as doc:
        yield doc


@pytest.fixture(scope="module")
def page_html(built):
    return (built / "index.html").read_text(encoding="utf-8")


def kids(element) -> list:
    k = element.get("/K")
    return [] if k is None else (list(k) if isinstance(k, pikepdf.Array) else [k])


def walk(element):
    yield element
    for kid in kids(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from walk(kid)


@pytest.fixture(scope="module")
def tree(pdf):
    root = pdf.Root.StructTreeRoot
    document = kids(root)[0]
    return list(walk(document))


def content(page) -> bytes:
    c = page.obj.Contents
    return b"\n".join(x.read_bytes() for x in c) if isinstance(c, pikepdf.Array) else c.read_bytes()


def marked_sequences(page):
    """(tag, properties, has text) for each outermost marked-content
    sequence of the page, and the number of text operators outside any."""
    sequences, stack, loose = [], [], 0
    for operands, op in pikepdf.parse_content_stream(page, "BDC BMC EMC Tj TJ ' \""):
        op = str(op)
        if op in ("BDC", "BMC"):
            props = operands[1] if op == "BDC" else None
            stack.append([str(operands[0]), props, False])
        elif op == "EMC":
            done = stack.pop()
            if not stack:
                sequences.append(tuple(done))
        elif stack:
            stack[0][2] = True
        else:
            loose += 1
    return sequences, loose


def test_every_text_is_tagged_content_or_an_artifact_and_footers_are_pagination(pdf, tree):
    reachable = {e.objgen for e in tree}
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for number, page in enumerate(pdf.pages):
        sequences, loose = marked_sequences(page)
        assert loose == 0, f"page {number + 1}: text outside marked content"
        pagination = {"/Header": 0, "/Footer": 0}
        for tag, props, has_text in sequences:
            if tag == "/Artifact":
                if props is not None and props.get("/Type") == "/Pagination" and has_text:
                    pagination[str(props.Subtype)] += 1
                continue
            mcid = int(props["/MCID"])
            element = parents[number][mcid]
            assert element is not None and element.objgen in reachable, \
                f"page {number + 1}: MCID {mcid} belongs to no element reachable from the structure root"
        # "Ofsted · Official statistics" and "Page N of M" below; the title above, after page 1.
        assert pagination["/Footer"] >= 2 and pagination["/Header"] >= (0 if number == 0 else 1), \
            f"page {number + 1}: {pagination}"


def test_every_chart_and_map_has_its_data_as_a_tagged_table(tree, page_html):
    figures = len(re.findall(r'<figure class="visual', page_html))
    assert figures == 23
    tables = [e for e in tree if e.S == "/Table"]
    captioned = [t for t in tables if kids(t) and kids(t)[0].get("/S") == "/Caption"]
    assert len(captioned) == figures
    for table in tables:
        cells = [e for e in walk(table) if e.S in ("/TH", "/TD")]
        rows = [e for e in walk(table) if e.S == "/TR"]
        assert rows and any(c.S == "/TD" for c in cells)
        for cell in cells:
            assert cell.P.S == "/TR"
            if cell.S == "/TH":
                expected = "/Column" if cell.P.P.S == "/THead" else "/Row"
                assert cell.A.get("/Scope") == expected
            else:
                assert len(cell.A.Headers) >= 1  # the row's and the column's headers


def test_each_contents_entry_is_one_link_with_its_leader_an_artifact(pdf, tree, page_html):
    nav = re.search(r'<nav class="contents".*?</nav>', page_html, re.S)[0]
    entries = [h[1:] for h in re.findall(r'<li><a href="(#[^"]+)"', nav)]
    assert len(entries) >= 9
    contents_page = next(i for i, p in enumerate(pdf.pages)
                         if any(str(a.get("/Dest")) == entries[0] for a in p.get("/Annots", [])))
    annots = [a for a in pdf.pages[contents_page].Annots if str(a.get("/Dest")) in entries]
    assert sorted(str(a.Dest) for a in annots) == sorted(entries)  # one annotation each
    links = [e for e in tree if e.S == "/Link"]
    assert not [e for e in links if e.P.S == "/Link"], "a link nested in a link"
    for link in links:
        assert len([k for k in kids(link) if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]) == 1
    for annot in annots:
        link = next(e for e in links if any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                                            and k.Obj.objgen == annot.objgen for k in kids(e)))
        # The title and the page number; the dots are no text of it.
        assert len([k for k in kids(link) if isinstance(k, int)]) == 2
    sequences, _ = marked_sequences(pdf.pages[contents_page])
    leaders = [s for s in sequences if s[0] == "/Artifact" and s[1] is not None and s[1].get("/Type") == "/Layout"]
    assert len(leaders) > 10 * len(entries)  # dot by dot


def test_links_say_where_they_go(pdf, page_html):
    anchors = set(re.findall(r'\bid="([^"]+)"', page_html))
    internal = 0
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            described = str(annot.get("/Contents", ""))
            assert described and described not in anchors and not described.startswith(("http", "mailto")), described
            if "/Dest" in annot:
                internal += 1
                assert re.fullmatch(r"[A-Z].*\w, page \d+", described), described
    assert internal >= 9 + 23  # the Contents, and each figure's data table


def test_footnotes_are_notes_read_where_they_are_cited(tree, page_html):
    footnotes = len(re.findall(r'<li id="fn-', page_html))
    notes = [e for e in tree if e.S == "/Note"]
    assert len(notes) == footnotes
    assert len({str(n.ID) for n in notes}) == footnotes
    for note in notes:
        siblings = kids(note.P)
        at = next(i for i, k in enumerate(siblings) if isinstance(k, pikepdf.Dictionary) and k.objgen == note.objgen)
        assert at > 0 and siblings[at - 1].get("/S") == "/Reference"
        assert kids(note)[0].S == "/Lbl"


def test_pdfua_checker_finds_nothing_in_what_it_covers(built):
    pytest.importorskip("pdfua")
    result = subprocess.run([sys.executable, "-m", "pdfua", "check", str(built / "release.pdf")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
