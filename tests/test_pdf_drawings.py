"""Charts and maps in the PDF are matplotlib's own PDF drawings, placed where
WeasyPrint laid out a stand-in of the same size (release/outputs/pdf_drawings.py):
each is vector graphics with its text as text, inside its Figure with the
alt text the page gives it, and no stand-in is left."""

import html
import io
import re
import subprocess

import pikepdf
import pytest

from release.outputs import pdf_drawings
from release.errors import ReleaseError


@pytest.fixture(scope="module")
def pdf(built):
    with pikepdf.open(built / "release.pdf") as document:
        yield document


@pytest.fixture(scope="module")
def figures(pdf):
    """Each Figure element of the structure tree, in reading order, with
    what its marked content draws: [(figure, [XObject, ...])]."""
    found = []

    def walk(element):
        if isinstance(element, pikepdf.Array):
            for kid in element:
                walk(kid)
        elif isinstance(element, pikepdf.Dictionary):
            if element.get("/S") == "/Figure":
                found.append(element)
            if "/K" in element:
                walk(element.K)

    walk(pdf.Root.StructTreeRoot)
    drawn = {}
    for page in pdf.pages:
        marked = []  # MCIDs of the marked content we are in
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" else None
                marked.append(int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props
                              else None)
            elif op == "EMC":
                marked.pop()
            elif op == "Do":
                xobject = page.Resources.XObject[operands[0]]
                for mcid in marked:
                    if mcid is not None:
                        drawn.setdefault((page.obj.objgen, mcid), []).append(xobject)
    out = []
    for figure in found:
        kids = figure.K if isinstance(figure.K, pikepdf.Array) else [figure.K]
        mcids = [int(k) for k in kids if isinstance(k, int)]
        out.append((figure, [x for m in mcids for x in drawn.get((figure.Pg.objgen, m), [])]))
    return out


def _page_alts(built) -> list[str]:
    page = (built / "index.html").read_text(encoding="utf-8")
    return [html.unescape(alt) for alt in re.findall(r'<img\b[^>]*?\balt="([^"]*)"', page)]


def test_every_chart_and_map_is_a_figure_with_the_pages_alt_text(figures, built):
    alts = _page_alts(built)
    assert len(alts) == 23  # nineteen charts and four maps
    assert [str(figure.Alt) for figure, _ in figures] == alts


def test_every_figure_draws_one_vector_drawing_with_text(figures):
    for figure, drawn in figures:
        assert len(drawn) == 1, (str(figure.Alt)[:60], drawn)
        form = drawn[0]
        assert form.Subtype == "/Form", "a chart must be vector graphics, not a picture of one"
        content = form.read_bytes()
        assert re.search(rb"\bBT\b.*?\bT[jJ]\b", content, re.S), "the drawing has no text"
        fonts = form.Resources.Font
        assert fonts, "the drawing's text has no font"
        for font in fonts.values():
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            assert "/FontFile2" in descendant.FontDescriptor, "each font is embedded (TrueType)"
            assert "/ToUnicode" in font, "each font maps its glyphs to text"


def test_no_stand_in_and_no_raster_image_is_left(pdf):
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            assert obj.get("/Subtype") != "/Image", "a stand-in (or another raster image) is left in the PDF"


def test_chart_labels_and_map_legends_are_text_in_the_pdf(built, figs):
    text = subprocess.run(["pdftotext", str(built / "release.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = re.sub(r"\s+", " ", text)
    from charts.specs import SPECS

    for spec in SPECS:
        table = figs.charts[spec.key]
        # Each bar's label ends "(n=1,234)", which only the chart writes.
        for group, count in table.groupby("group", sort=False)["count"].sum().items():
            assert f"(n={count:,})" in words, (spec.key, group)
        assert f"Percentage of {spec.unit}" in words, spec.key  # the x axis label
    # The axis ticks, once per chart at least.
    assert words.count("25%") >= len(SPECS)
    # The hex maps' legends, with the number of LAs in each judgement.
    assert "Overall effectiveness (number of LAs)" in words
    assert "Inspections judged good or better" in words


def _one_page_pdf(width: float, height: float) -> bytes:
    out = io.BytesIO()
    document = pikepdf.new()
    document.add_blank_page(page_size=(width, height))
    document.save(out)
    return out.getvalue()


def test_a_drawing_of_another_size_than_its_svg_stops_the_build(tmp_path):
    """A drawing is placed only at the size the page laid its SVG out at,
    so a chart can never be stretched."""
    work = tmp_path / "page"
    (work / "charts").mkdir(parents=True)
    (work / "charts" / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="100pt" height="50pt" '
                                           'viewBox="0 0 100 50"></svg>', encoding="utf-8")
    page = '<p><img src="charts/a.svg" alt="A"><img src="charts/b.svg" alt="B"></p>'
    printed, placed = pdf_drawings.stand_ins(page, work, tmp_path / "print", {"charts/a.svg": _one_page_pdf(100, 60)})
    assert 'src="charts/b.svg"' in printed, "an image without a drawing is left as it was"
    assert 'src="charts/a.svg"' not in printed
    stand_in = (tmp_path / "print" / "charts" / "a.svg").read_text(encoding="utf-8")
    assert 'width="100pt" height="50pt" viewBox="0 0 100 50"' in stand_in
    [drawing] = placed.values()
    assert drawing.size == (100.0, 50.0)

    document = pikepdf.new()
    page = document.add_blank_page()
    image = pikepdf.Stream(document, b"\xff")
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = 1, 1, 8
    image.ColorSpace = pikepdf.Name.DeviceGray
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(i1=image))
    with pytest.raises(ReleaseError, match="100.00 × 60.00 pt, its SVG 100.00 × 50.00 pt"):
        pdf_drawings.place(document, placed)
