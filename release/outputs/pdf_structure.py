"""Finish the PDF's structure tree where WeasyPrint's tagging stops short of
PDF/UA-1. One step, run on the PDF WeasyPrint wrote, with pikepdf. Each fix
below is independent and can be dropped when WeasyPrint does it itself:

1. Running headers and footers (the page margins) are marked content whose
   structure elements hang from nothing (WeasyPrint issue #1836: it can
   place them under Artifact only in PDF 2.0). They become
   ``/Artifact <</Type /Pagination>>`` marked content, out of the tree.
2. A link with ``::after`` content (the Contents' leader and page number,
   "page N" after a figure's data link) is one link annotation per box,
   nested: they become one Link element with one annotation covering them
   all; the dot leader, one marked glyph per dot, becomes a layout artifact.
3. Internal links are described by their anchor name ("la-inspections"):
   they are described by where they go ("Inspection of local authority
   children's services, page 3").
4. Table header cells carry no Scope: a header in the table head is a
   column header, one in the body a row header (as the HTML says).
5. Footnotes are Span elements at the foot of each page, apart from their
   call: each becomes a Note with an ID, placed right after its call
   (tagged Reference) in the text, so it is read where it is cited.

The step checks what it relies on (the same number of footnote calls as
footnotes) and stops the build if WeasyPrint's output changes shape.
"""

from __future__ import annotations

import html as html_lib
import re
import zlib
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ..errors import ReleaseError

_MARKED = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC(.*?)EMC", re.S)
_FONT_SIZE = re.compile(rb"([\d.]+)\s+Tf")
_GLYPHS = re.compile(rb"<([0-9a-fA-F]+)>")
_TEXT_Y = re.compile(rb"1 0 0 -1 [-\d.]+ ([-\d.]+) Tm")


def fix(path: Path, page_html: str, drawings: dict | None = None) -> None:
    """Rewrite the PDF at ``path`` in place; ``page_html`` is the page it
    was laid out from (for the link descriptions). ``drawings``: the charts
    and maps to put in place of their stand-ins (``pdf_drawings.place``),
    in the same pass."""
    from .pdf_drawings import place

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        sources = place(pdf, drawings) if drawings else []
        tree = _Tree(pdf)
        tree.pagination_artifacts()
        tree.merge_nested_links()
        tree.describe_links(_targets(page_html))
        tree.table_scope()
        tree.notes()
        tree.write_streams()
        pdf.save(path, deterministic_id=True)
    for source in sources:
        source.close()


class _Tree:
    """The structure tree with what the fixes need: each page's marked
    content by MCID, and the ParentTree that maps it back to elements."""

    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self.root = pdf.Root.StructTreeRoot
        self.document = self.root.K[0] if isinstance(self.root.K, Array) else self.root.K
        nums = self.root.ParentTree.Nums
        self.page_index = {page.objgen: i for i, page in enumerate(pdf.pages)}
        self.parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        self.streams = [_content(page) for page in pdf.pages]
        self.marked = [{int(m[2]): m for m in _MARKED.finditer(raw)} for raw in self.streams]
        self.retag: list[dict[int, bytes]] = [{} for _ in pdf.pages]

    # --- 1. running headers and footers ---------------------------------
    def pagination_artifacts(self) -> None:
        reachable = {e.objgen for e in _walk(self.document)}
        for page, mcids in enumerate(self.marked):
            elements = self.parents[page]
            for mcid in mcids:
                element = elements[mcid] if mcid < len(elements) else None
                if element is None or element.objgen not in reachable:
                    where = self._margin(page, mcid)
                    self.retag[page][mcid] = b"/Artifact <</Type /Pagination /Subtype /%s>> BDC" % where
                    if mcid < len(elements):
                        elements[mcid] = None

    def _margin(self, page: int, mcid: int) -> bytes:
        """Header or Footer: which half of the page the text is drawn in
        (WeasyPrint draws text with y measured down from the top)."""
        found = _TEXT_Y.search(self.marked[page][mcid][3])
        height = float(self.pdf.pages[page].MediaBox[3])
        return b"Header" if found and float(found[1]) < height / 2 else b"Footer"

    # --- 2. one link per link ------------------------------------------
    def merge_nested_links(self) -> None:
        for link in [e for e in _walk(self.document) if e.S == "/Link"]:
            if link.get("/P") is not None and link.P.get("/S") == "/Link":
                continue  # merged into its outermost link
            self._merge_into(link)

    def _merge_into(self, outer: Dictionary) -> None:
        """Fold the Link elements nested in ``outer`` into it: their text
        becomes its text, their annotations one annotation."""
        annots = [k for k in _kids(outer) if _is_objr(k)]
        if not annots:
            return
        keep = annots[0].Obj
        kids = []
        for kid in _kids(outer):
            if isinstance(kid, Dictionary) and kid.get("/S") == "/Link":
                kids += self._flatten(kid, outer, keep)
            else:
                kids.append(kid)
        outer.K = Array(kids)

    def _flatten(self, inner: Dictionary, outer: Dictionary, keep) -> list:
        page = self.page_index[inner.Pg.objgen]
        out = []
        mcids = [k for k in _kids(inner) if isinstance(k, int)]
        if len(mcids) >= 3 and self._is_leader(page, mcids):
            for mcid in mcids:  # a dot leader: drawn, not read
                self.retag[page][mcid] = b"/Artifact <</Type /Layout>> BDC"
                self.parents[page][mcid] = None
            mcids = []
        for kid in _kids(inner):
            if _is_objr(kid):
                self._absorb(kid.Obj, keep, page)
            elif isinstance(kid, int):
                if kid in mcids:
                    self.parents[page][kid] = outer
                    out.append(kid)
            elif isinstance(kid, Dictionary) and kid.get("/S") == "/Link":
                out += self._flatten(kid, outer, keep)
            else:
                kid.P = outer
                out.append(kid)
        return out

    def _is_leader(self, page: int, mcids: list[int]) -> bool:
        """Marked contents that each draw one and the same glyph."""
        glyphs = {tuple(_GLYPHS.findall(self.marked[page][m][3])) for m in mcids if m in self.marked[page]}
        return len(glyphs) == 1 and len(next(iter(glyphs))) == 1

    def _absorb(self, annot, keep, page: int) -> None:
        """Drop ``annot`` from its page, widening ``keep`` to cover it."""
        if annot.objgen == keep.objgen:
            return
        a, b = [float(v) for v in keep.Rect], [float(v) for v in annot.Rect]
        keep.Rect = Array([min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])])
        page_obj = self.pdf.pages[page].obj
        page_obj.Annots = Array([x for x in page_obj.Annots if x.objgen != annot.objgen])
        if "/StructParent" in annot:
            self.parents.pop(int(annot.StructParent), None)

    # --- 3. link descriptions --------------------------------------------
    def describe_links(self, targets: dict[str, str]) -> None:
        dests = _named_destinations(self.pdf)
        for page in self.pdf.pages:
            for annot in page.get("/Annots", []):
                dest = annot.get("/Dest")
                if isinstance(dest, (String, Name)):
                    name = str(dest).lstrip("/")
                    text = targets.get(name, name.replace("-", " ").capitalize())
                    where = dests.get(name)
                    annot.Contents = String(f"{text}, page {self.page_index[where] + 1}" if where else text)
                elif "/A" in annot and annot.A.get("/S") == "/URI":
                    uri = str(annot.A.URI)
                    annot.Contents = String(f"Email {uri[7:]}" if uri.startswith("mailto:")
                                            else f"Web page {uri}")

    # --- 4. table header scope --------------------------------------------
    def table_scope(self) -> None:
        for element in _walk(self.document):
            if element.S == "/TH":
                section = element.P.P.get("/S") if element.P.get("/S") == "/TR" else None
                scope = "/Column" if section == "/THead" else "/Row"
                attributes = element.get("/A")
                if not isinstance(attributes, Dictionary):
                    attributes = element.A = Dictionary(O=Name.Table)
                attributes.Scope = Name(scope)

    # --- 5. footnotes -----------------------------------------------------
    def notes(self) -> None:
        areas = [k for k in _kids(self.document) if isinstance(k, Dictionary) and k.get("/S") == "/NonStruct"
                 and _kids(k) and all(isinstance(c, Dictionary) and c.get("/S") == "/Span" for c in _kids(k))
                 and all(self._is_marker(c) for c in _kids(k))]
        notes = [n for area in areas for n in _kids(area)]
        in_area = {e.objgen for area in areas for e in _walk(area)}
        calls = [e for e in _walk(self.document) if e.objgen not in in_area and self._is_call(e)]
        if len(calls) != len(notes):
            raise ReleaseError(f"PDF structure: {len(calls)} footnote calls but {len(notes)} footnotes; "
                               "WeasyPrint's tagging has changed: review release/outputs/pdf_structure.py")
        for n, (call, note) in enumerate(zip(calls, notes), start=1):
            call.S = Name.Reference
            note.S = Name.Note
            note.ID = String(f"footnote-{n}")
            marker = _kids(note)[0]
            marker.S = Name.Lbl
            parent = call.P
            siblings = list(_kids(parent))
            at = next(i for i, k in enumerate(siblings) if isinstance(k, Dictionary) and k.objgen == call.objgen)
            siblings.insert(at + 1, note)
            parent.K = Array(siblings)
            note.P = parent
        keep = [k for k in _kids(self.document) if not any(isinstance(k, Dictionary) and k.objgen == a.objgen
                                                           for a in areas)]
        self.document.K = Array(keep)

    def _is_marker(self, span: Dictionary) -> bool:
        first = _kids(span)[0] if _kids(span) else None
        return isinstance(first, Dictionary) and first.get("/S") == "/NonStruct"

    def _is_call(self, element: Dictionary) -> bool:
        """A footnote call: a NonStruct (WeasyPrint's ::footnote-call) of one
        Span in smaller type than the text of the paragraph it is in."""
        if element.S != "/NonStruct" or len(_kids(element)) != 1:
            return False
        span = _kids(element)[0]
        if not isinstance(span, Dictionary) or span.get("/S") != "/Span" or "/Pg" not in span:
            return False
        mcids = [k for k in _kids(span) if isinstance(k, int)]
        if len(mcids) != 1:
            return False
        page = self.page_index[span.Pg.objgen]
        size = self._size(page, mcids[0])
        text = [self._size(page, m) for sibling in _kids(element.P) if isinstance(sibling, Dictionary)
                and sibling.get("/S") == "/Span" and sibling.get("/Pg") == span.Pg
                for m in _kids(sibling) if isinstance(m, int)]
        text = [x for x in text if x is not None]
        return size is not None and bool(text) and size < 0.8 * max(text)

    def _size(self, page: int, mcid: int) -> float | None:
        found = self.marked[page].get(mcid)
        sizes = _FONT_SIZE.findall(found[3]) if found else []
        return float(sizes[0]) if sizes else None

    # --- writing ---------------------------------------------------------
    def write_streams(self) -> None:
        for page, changes in enumerate(self.retag):
            if not changes:
                continue
            raw = self.streams[page]

            def tag(match, changes=changes):
                new = changes.get(int(match[2]))
                return match[0] if new is None else new + match[0][match.start(3) - match.start(0):]

            page_obj = self.pdf.pages[page].obj
            page_obj.Contents = self.pdf.make_stream(zlib.compress(_MARKED.sub(tag, raw)), Filter=Name.FlateDecode)
        nums = []
        for key in sorted(self.parents):
            nums += [key, self.parents[key]]
        self.root.ParentTree.Nums = Array(nums)


def _content(page) -> bytes:
    contents = page.obj.Contents
    if isinstance(contents, Array):
        return b"\n".join(c.read_bytes() for c in contents)
    return contents.read_bytes()


def _kids(element) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def _is_objr(kid) -> bool:
    return isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR"


def _walk(element):
    """Every structure element under ``element``, in reading order."""
    yield element
    for kid in _kids(element):
        if isinstance(kid, Dictionary) and kid.get("/Type") != "/OBJR" and "/S" in kid:
            yield from _walk(kid)


def _named_destinations(pdf) -> dict:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    tree = pikepdf.NameTree(names.Dests)
    return {str(k): v[0].objgen for k, v in tree.items() if isinstance(v, Array)}


_NAMED_CALL = re.compile(r'<a [^>]*href="#([^"]+)"[^>]*aria-label="([^"]+)"')
_ANCHOR = re.compile(r'<(h[1-6]|figure|section|nav)\b[^>]*\bid="([^"]+)"[^>]*>', re.S)
_WHAT = {"figure": re.compile(r"<figcaption>(.*?)</figcaption>", re.S),
         "section": re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)}


def _targets(page_html: str) -> dict[str, str]:
    """What each anchor of the page is: a heading's text, a figure's
    caption, a section's heading."""
    # A footnote is what its citations call it ("Footnote 5").
    out = {anchor: label for anchor, label in _NAMED_CALL.findall(page_html)}
    for match in _ANCHOR.finditer(page_html):
        tag, anchor = match[1], match[2]
        if tag.startswith("h"):
            found = re.compile(rf"(.*?)</{tag}>", re.S).match(page_html, match.end())
        else:
            found = _WHAT.get(tag, _WHAT["section"]).search(page_html, match.end())
        if found:
            out[anchor] = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", found[1])).split())
    return out
