"""The PDF draws slimmed copies of the charts and maps (release/svgslim.py):
the same pictures in fewer nodes. The build's PDF must look exactly like
the PDF laid out from the SVGs as matplotlib drew them."""

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from release.svgslim import slim

NS = "{http://www.w3.org/2000/svg}"


def _svgs(built):
    return sorted(built.glob("charts/*.svg")) + sorted(built.glob("maps/*.svg"))


def _elements(svg: str) -> list:
    return list(ET.fromstring(svg).iter())


def test_every_chart_and_map_has_fewer_nodes_and_the_same_text(built):
    paths = _svgs(built)
    assert len(paths) >= 23
    for path in paths:
        drawn = path.read_text(encoding="utf-8")
        slimmed = slim(drawn)
        before, after = _elements(drawn), _elements(slimmed)
        assert len(after) < len(before), path.name
        clipped = [sum(1 for e in nodes if e.get("clip-path")) for nodes in (before, after)]
        assert clipped[1] <= max(5, clipped[0] // 10), (path.name, clipped)
        texts = [(e.text, e.get("x"), e.get("y"), e.get("fill"), e.get("font-size"), e.get("text-anchor"))
                 for e in before if e.tag == NS + "text"]
        assert texts == [(e.text, e.get("x"), e.get("y"), e.get("fill"), e.get("font-size"),
                          e.get("text-anchor")) for e in after if e.tag == NS + "text"], path.name
        assert not [e for e in after if e.tag == NS + "g" and set(e.attrib) <= {"id"}], path.name


def _pages(pdf, prefix):
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_the_pdf_looks_the_same_as_with_the_svgs_as_drawn(built, tmp_path):
    """Every page at 100 dpi, pixel for pixel: the build's PDF (slimmed
    SVGs) against the same page laid out from the SVGs as drawn."""
    import weasyprint
    from PIL import Image, ImageChops

    from release.render import for_print

    html = for_print((built / "index.html").read_text(encoding="utf-8"))
    as_drawn = tmp_path / "as-drawn.pdf"
    weasyprint.HTML(string=html, base_url=str(built / "index.html"), media_type="print").write_pdf(
        as_drawn, pdf_variant="pdf/ua-1")
    a = _pages(built / "release.pdf", tmp_path / "slim")
    b = _pages(as_drawn, tmp_path / "drawn")
    assert len(a) == len(b) > 20
    for x, y in zip(a, b):
        with Image.open(x) as one, Image.open(y) as other:
            assert ImageChops.difference(one.convert("RGB"), other.convert("RGB")).getbbox() is None, x.name


SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
CLIP = '<defs><clipPath id="c"><rect x="10" y="10" width="100" height="50"/></clipPath></defs>'


def test_a_clip_is_dropped_only_where_it_clips_nothing():
    svg = (SVG_OPEN + CLIP
           + '<path d="M 20 20 L 100 20" clip-path="url(#c)" stroke="#000" stroke-width="1"/>'
           + '<path d="M 10 20 L 100 20" clip-path="url(#c)" stroke="#000" stroke-width="1"/>'
           + '<path d="M 20 20 L 100 59.9" clip-path="url(#c)" stroke="#000" stroke-width="1"/>'
           + '<path d="M 20 20 L 100 30" clip-path="url(#c)" fill="#f00"/>'
           + "</svg>")
    paths = [e for e in _elements(slim(svg)) if e.tag == NS + "path"]
    assert [p.get("clip-path") for p in paths] == [None, "url(#c)", "url(#c)", None]


def test_a_use_of_a_path_becomes_the_path_moved_into_place():
    svg = (SVG_OPEN + '<defs><path id="tick" d="M 0 0 L 0 3.5" stroke="#ccc"/></defs>'
           + '<g id="axis"><use xlink:href="#tick" x="12.5" y="80" fill="#ccc" stroke-width="0.8"/></g></svg>')
    [path] = [e for e in _elements(slim(svg)) if e.tag == NS + "path" and e.get("id") is None]
    assert re.split(r"\s+", path.get("d").strip()) == ["M", "12.5", "80", "L", "12.5", "83.5"]
    assert (path.get("stroke"), path.get("stroke-width"), path.get("fill")) == ("#ccc", "0.8", "#ccc")
    assert not [e for e in _elements(slim(svg)) if e.tag == NS + "use"]


def test_opacity_of_a_lone_filled_shape_becomes_fill_opacity():
    svg = SVG_OPEN + '<path d="M 0 0 L 5 5 L 0 5 z" fill="#fff" opacity="0.85"/>' \
          '<path d="M 0 0 L 5 5" fill="#fff" stroke="#000" opacity="0.5"/></svg>'
    one, two = [e for e in _elements(slim(svg)) if e.tag == NS + "path"]
    assert (one.get("opacity"), one.get("fill-opacity")) == (None, "0.85")
    assert (two.get("opacity"), two.get("fill-opacity")) == ("0.5", None), "a stroke over a fill needs the group"


def test_css_it_does_not_understand_leaves_the_drawing_as_it_was():
    svg = SVG_OPEN + '<style>path { stroke-width: 9 }</style><g id="a"><path d="M 0 0 L 1 1"/></g></svg>'
    assert slim(svg) == svg


def test_matplotlib_css_is_applied_as_css_would_apply_it():
    svg = (SVG_OPEN + "<style>*{stroke-linejoin: round; stroke-linecap: butt}</style>"
           + '<path d="M 0 0 L 1 1" style="stroke: #000; stroke-linecap: square"/><path d="M 0 0 L 2 2"/></svg>')
    one, two = [e for e in _elements(slim(svg)) if e.tag == NS + "path"]
    assert (one.get("stroke-linecap"), one.get("stroke"), one.get("stroke-linejoin")) == ("square", "#000", "round")
    assert two.get("stroke-linecap") == "butt"
