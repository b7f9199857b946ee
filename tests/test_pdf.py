"""The PDF a reviewer reads: the same content as the web page, with its
outline, metadata, charts, maps and footnotes."""

import re

import pypdf
import pytest


@pytest.fixture(scope="module")
def pdf(built):
    return pypdf.PdfReader(str(built / "release.pdf"))


@pytest.fixture(scope="module")
def pdf_text(built):
    """The PDF's text as poppler's pdftotext reads it, as the reviewer's
    PDF tests read theirs (pypdf's text extraction took 2.7 s of CPU for
    the 42 pages, pdftotext 0.2 s)."""
    import subprocess

    text = subprocess.run(["pdftotext", str(built / "release.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", text)


def test_metadata_is_set_from_the_release(pdf):
    meta = pdf.metadata
    assert meta.title == "Local authority and children’s homes in England inspection outcomes: 30 September 2016"
    assert meta.author == "Ofsted"
    assert "Official statistics" in (meta.subject or "")
    assert str(meta.get("/CreationDate", "")).startswith("D:20161215")


def test_language_is_british_english(pdf):
    assert pdf.trailer["/Root"].get("/Lang") == "en-GB"


def test_outline_has_an_entry_per_section(pdf):
    titles = [item.title for item in pdf.outline if not isinstance(item, list)]
    for section in ("Key points", "Introduction", "Inspection of local authority children’s services",
                    "Reviews of Local Safeguarding Children Boards", "Overall effectiveness for all children’s homes",
                    "Revisions to previous release", "Notes", "Glossary"):
        assert section in titles, titles


def test_key_points_charts_maps_and_footnotes_are_in_the_text(pdf_text, built):
    assert "The judgement profile of local authorities (LAs) has improved." in pdf_text
    for n in range(1, 20):
        assert f"Chart {n}:" in pdf_text
    for n in range(1, 5):
        assert f"Map {n}:" in pdf_text
    assert "“Vulnerable groups” includes children in need" in pdf_text
    assert "Secure children’s homes are defined by section 25 of the Children Act 1989" in pdf_text


def test_page_numbers_and_sample_notice(pdf_text, pdf):
    assert f"Page 2 of {len(pdf.pages)}" in pdf_text
    assert "Sample data." in pdf_text


def test_fonts_are_embedded(pdf):
    fonts = set()
    for page in pdf.pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            if desc is not None:
                desc = desc.get_object()
                assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")
                fonts.add(str(font.get("/BaseFont")))
    assert any("Liberation" in f for f in fonts), fonts


def _letters(text: str) -> str:
    """Text reduced to its letters and digits, so line breaks, hyphenation
    and spacing in the PDF's text do not matter."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def test_every_key_point_chart_and_map_title_and_footnote_is_in_the_pdf(pdf_text, built):
    import html as html_lib
    from test_key_points import PUBLISHED

    page = (built / "index.html").read_text(encoding="utf-8")
    titles = [html_lib.unescape(re.sub(r"<[^>]+>", "", t))
              for t in re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S)]
    notes = [html_lib.unescape(re.sub(r"<[^>]+>", "", t)).replace("↩", "")
             for t in re.findall(r'<li id="fn-[^"]+">(.*?)</li>', page, re.S)]
    assert len(titles) == 23 and len(notes) >= 25
    # The text pypdf extracted for pdf_text (taking it again cost seconds):
    # only its letters and digits are compared, so its spacing does not matter.
    text = _letters(pdf_text)
    for item in PUBLISHED + titles + notes:
        assert _letters(item) in text, item[:80]
