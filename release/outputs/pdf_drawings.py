"""Charts and maps in the PDF as matplotlib drew them, not as WeasyPrint
would draw their SVGs.

WeasyPrint draws an SVG node by node and lays out SVG text one letter at a
time: the release's 23 pictures were over half of its PDF time, and no
slimming of the SVGs makes text cheap. matplotlib writes the same figure as
a one-page PDF (text as text, in the same font) in the charts stage, where
it is drawn in parallel and cached. So the PDF is made in two steps:

1. ``stand_ins``: WeasyPrint lays out the page with each picture's SVG
   replaced by a stand-in of exactly the same size (the same ``width``,
   ``height`` and ``viewBox``) holding only a one-pixel-high PNG stretched
   to fill it. The ``<img>`` element, its alt text and so its Figure tag
   are the page's own; only the file it loads changes. Each stand-in's PNG
   is as many pixels wide as its number, so its image XObject in the PDF
   says which picture it stands for.
2. ``place``: after layout, each stand-in image XObject is replaced by the
   picture's PDF page as a form XObject, scaled to the unit square an image
   fills: the chart is drawn where the stand-in was, at the same size,
   inside the same marked content, as vector graphics with text.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReleaseError

#: An image the page loads from an SVG file of its own folder.
LOCAL_SVG = re.compile(r'(<img\b[^>]*?\bsrc=")([^":#?]+\.svg)(")')
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_ATTRIBUTE = r'\b{}="([^"]*)"'
#: The stand-ins' PNGs are one pixel high (nothing else on the page is).
STAND_IN_HEIGHT = 1


def stand_ins(html: str, work: Path, to: Path, drawings: dict[str, bytes],
              up: str = "") -> tuple[str, dict[int, "Drawing"]]:
    """``html`` (a page in ``work``) with each SVG image that has a PDF
    drawing in ``drawings`` (by the path the page loads it from) replaced by
    a stand-in written into ``to``; and the drawings by the width of their
    stand-in's PNG. ``up``: what the page puts before those paths (the
    reviewer's page, a folder down, loads ``../charts/...``)."""
    from PIL import Image

    placed: dict[str, str] = {}
    by_width: dict[int, bytes] = {}

    def swap(match):
        src = match.group(2)
        name = src[len(up):] if src.startswith(up) else None
        if name not in drawings or ".." in Path(name).parts or not (work / src).is_file():
            return match.group(0)
        if name not in placed:
            width = len(placed) + 1
            target = to / name
            target.parent.mkdir(parents=True, exist_ok=True)
            # The PNG is inline: WeasyPrint names an image's XObject after
            # its address, and the PDF should not depend on a folder's name.
            png = io.BytesIO()
            Image.new("L", (width, STAND_IN_HEIGHT), 255).save(png, format="PNG")
            href = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode("ascii")
            stand_in, size = _stand_in_svg((work / src).read_text(encoding="utf-8"), href)
            target.write_text(stand_in, encoding="utf-8")
            placed[name] = target.resolve().as_uri()
            by_width[width] = Drawing(name, drawings[name], size)
        return match.group(1) + placed[name] + match.group(3)

    return LOCAL_SVG.sub(swap, html), by_width


@dataclass(frozen=True)
class Drawing:
    """A picture's PDF drawing, and the size (points) the page gives it."""

    name: str  # the SVG the page loads
    pdf: bytes
    size: tuple[float, float]


def _stand_in_svg(svg: str, href: str) -> tuple[str, tuple[float, float]]:
    """An SVG of the same size as ``svg`` filled by the image at ``href``,
    and that size in points (its viewBox, in which matplotlib draws)."""
    tag = _SVG_OPEN.search(svg)
    if tag is None:
        raise ReleaseError("a chart or map is not an SVG document")
    size = {}
    for name in ("width", "height", "viewBox"):
        found = re.search(_ATTRIBUTE.format(name), tag.group(0))
        if found is None:
            raise ReleaseError(f"a chart or map SVG has no {name}: the PDF cannot size its drawing")
        size[name] = found.group(1)
    x, y, w, h = size["viewBox"].replace(",", " ").split()
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="{size["width"]}" height="{size["height"]}" viewBox="{size["viewBox"]}">'
            f'<image x="{x}" y="{y}" width="{w}" height="{h}" preserveAspectRatio="none" '
            f'xlink:href="{href}"/></svg>'), (float(w), float(h))


def place(pdf, drawings: dict[int, Drawing]) -> list:
    """Replace each stand-in image in ``pdf`` (an open pikepdf.Pdf) by its
    drawing, as a form XObject. Returns the drawings' documents, which must
    stay open until ``pdf`` is saved (their streams are copied then)."""
    import pikepdf
    from pikepdf import Array, Name

    sources, forms = [], {}

    def form(width: int):
        if width not in forms:
            drawing = drawings[width]
            source = pikepdf.open(io.BytesIO(drawing.pdf))
            sources.append(source)
            page = source.pages[0]
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            if max(abs(x1 - x0 - drawing.size[0]), abs(y1 - y0 - drawing.size[1])) > 0.01:
                # Not the figure the page's SVG is: it would be stretched.
                raise ReleaseError(f"{drawing.name}: the PDF drawing is {x1 - x0:.2f} × {y1 - y0:.2f} pt, "
                                   f"its SVG {drawing.size[0]:.2f} × {drawing.size[1]:.2f} pt")
            drawn = pdf.copy_foreign(page.as_form_xobject())
            # An image fills the unit square of the space it is drawn in;
            # the drawing's page is mapped onto that square.
            drawn.Matrix = Array([1 / (x1 - x0), 0, 0, 1 / (y1 - y0), -x0 / (x1 - x0), -y0 / (y1 - y0)])
            forms[width] = drawn
        return forms[width]

    visited = set()  # form XObjects whose resources have been looked at

    def visit(resources):
        if resources is None or Name.XObject not in resources:
            return
        objects = resources.XObject
        for name in list(objects.keys()):
            obj = objects[name]
            subtype = obj.get(Name.Subtype)
            if subtype == Name.Image and int(obj.get(Name.Height, 0)) == STAND_IN_HEIGHT:
                width = int(obj.Width)
                if width not in drawings:
                    raise ReleaseError(f"the PDF has a one-pixel-high image that stands for no drawing ({width})")
                objects[name] = form(width)
            elif subtype == Name.Form and obj.objgen not in visited and width_of(obj) is None:
                visited.add(obj.objgen)
                visit(obj.get(Name.Resources))

    def width_of(obj):
        return next((w for w, f in forms.items() if f.objgen == obj.objgen), None)

    for page in pdf.pages:
        visit(page.obj.get(Name.Resources))
    missing = sorted(set(drawings) - set(forms))
    if missing:
        raise ReleaseError(f"{len(missing)} chart or map drawing(s) found no place in the PDF: "
                           "WeasyPrint's output changed shape")
    return sources


def place_into(path: Path, drawings: dict[int, Drawing]) -> None:
    """``place`` on the PDF file at ``path``, rewritten in place (for a PDF
    that needs no other finishing, the reviewer's)."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        sources = place(pdf, drawings)
        pdf.save(path, deterministic_id=True)
    for source in sources:
        source.close()
