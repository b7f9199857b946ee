"""Simpler SVGs for the PDF: the same picture in fewer, cheaper nodes.

WeasyPrint draws each SVG node with its own graphics state, and some
constructs cost far more than what they draw: a clip path is drawn again
for every element it clips, an opacity or a text anchor makes a separate
transparency group (a PDF object of its own) per element, and every
``<g>`` and ``<use>`` is a level of state saved and restored. matplotlib
writes all of these freely. ``slim(svg)`` rewrites a drawing so that it
looks exactly the same with less of that:

- groups that only carry an ``id`` are dissolved into their parent;
- a clip path is dropped from an element that lies wholly inside it
  (stroke included), where it clips nothing;
- ``rotate(0 …)`` transforms, which move nothing, are dropped;
- a ``<use>`` of a path is replaced by the path itself, moved into place;
- ``opacity`` on a lone filled shape becomes ``fill-opacity``, which draws
  the same without a transparency group;
- metadata and empty ``<defs>`` go.

It works on whatever matplotlib writes (it knows SVG, not our charts), and
anything it is not sure of it leaves as it was. (Joining a map's hundreds
of region-border segments into one path would save more, but PDF viewers
snap lone segments to the pixel grid and joined ones not, so the borders
would move by a pixel: left out.) The web page keeps the
SVGs as drawn; only the copies the PDF lays out are slimmed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

HREF = f"{{{XLINK}}}href"


def _tag(name: str) -> str:
    return f"{{{SVG}}}{name}"


G, PATH, USE, DEFS, METADATA, CLIP, RECT, TEXT = map(
    _tag, ("g", "path", "use", "defs", "metadata", "clipPath", "rect", "text"))

_URL = re.compile(r"url\(#([^)]+)\)")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_IDENTITY_ROTATE = re.compile(r"^\s*rotate\(\s*-?0(?:\.0*)?(?:[\s,]+[-+\d.eE]+){0,2}\s*\)\s*$")
#: Path commands whose numbers are all absolute x, y pairs.
_PAIRED_COMMANDS = set("MLQCTSZz")
#: Of those, the ones whose curve lies within the points they list (S and
#: T imply a control point that is not written).
_BOXED_COMMANDS = set("MLQCZz")


def slim(svg: str) -> str:
    """The same picture as ``svg``, in fewer and cheaper nodes. A drawing
    styled by CSS that could reach what is rewritten comes back as it was."""
    root = ET.fromstring(svg)
    if not _css_as_attributes(root):
        return svg
    referenced = _referenced_ids(root)
    clips = _clip_rects(root)
    defined = {el.get("id"): el for el in root.iter() if el.get("id")}
    _drop_metadata(root)
    _inline_uses(root, defined)
    _walk(root, inherited={}, clips=clips)
    _dissolve_groups(root, referenced)
    _drop_empty_defs(root)
    return ET.tostring(root, encoding="unicode")


def _css_as_attributes(root) -> bool:
    """Write the drawing's CSS as presentation attributes, exactly as it
    applies, so that the rewrites can read every element's style from its
    attributes. matplotlib's CSS is a universal rule (``*{stroke-linejoin:
    round}``, which every element gets unless its own style attribute says
    otherwise) and style attributes (which win over attributes). Anything
    else (selectors, classes) is not understood: False, and nothing is
    changed."""
    universal = {}
    sheets = [el for el in root.iter() if el.tag == _tag("style")]
    for sheet in sheets:
        css = re.sub(r"/\*.*?\*/", "", sheet.text or "", flags=re.S)
        if re.sub(r"[^{}]*\{[^{}]*\}", "", css).strip():
            return False
        for selector, body in re.findall(r"([^{}]*)\{([^{}]*)\}", css):
            if selector.strip() != "*":
                return False
            universal.update(_declarations(body))
    if any(el.get("class") is not None for el in root.iter()):
        return False
    for parent in root.iter():
        for sheet in [c for c in parent if c in sheets]:
            parent.remove(sheet)
    for el in root.iter():
        own = _declarations(el.attrib.pop("style", ""))
        for name, value in {**universal, **own}.items():
            el.set(name, value)
    return True


def _declarations(css: str) -> dict[str, str]:
    pairs = [d.split(":", 1) for d in css.split(";") if ":" in d]
    return {k.strip(): v.strip() for k, v in pairs}


def _referenced_ids(root) -> set[str]:
    ids = set()
    for el in root.iter():
        for name, value in el.attrib.items():
            if name == HREF and value.startswith("#"):
                ids.add(value[1:])
            else:
                ids.update(_URL.findall(value))
    return ids


def _clip_rects(root) -> dict[str, tuple[float, float, float, float]]:
    """Clip paths that are one plain rectangle: id -> (x0, y0, x1, y1)."""
    rects = {}
    for clip in root.iter(CLIP):
        children = list(clip)
        if (len(children) != 1 or children[0].tag != RECT or clip.get("transform")
                or children[0].get("transform") or clip.get("clipPathUnits", "userSpaceOnUse") != "userSpaceOnUse"):
            continue
        r = children[0]
        try:
            x, y = float(r.get("x", 0)), float(r.get("y", 0))
            w, h = float(r.get("width")), float(r.get("height"))
        except (TypeError, ValueError):
            continue
        rects[clip.get("id")] = (x, y, x + w, y + h)
    return rects


def _drop_metadata(root) -> None:
    for parent in root.iter():
        for child in list(parent):
            if child.tag == METADATA:
                parent.remove(child)


def _drop_empty_defs(root) -> None:
    for parent in root.iter():
        for child in list(parent):
            if child.tag == DEFS and len(child) == 0:
                parent.remove(child)


def _inline_uses(root, defined) -> None:
    """Replace ``<use href="#p" x y>`` of a plain path by the path moved to
    (x, y), with the use's attributes inherited as they would be."""
    for parent in root.iter():
        for i, use in enumerate(list(parent)):
            if use.tag != USE or len(use):
                continue
            ref = use.get(HREF, "")
            target = defined.get(ref[1:]) if ref.startswith("#") else None
            if target is None or target.tag != PATH or len(target):
                continue
            own = {k: v for k, v in use.attrib.items() if k not in (HREF, "x", "y", "width", "height", "id")}
            # Anything placed in user space (a clip, a pattern fill) would
            # not move with the path: such uses stay as they are.
            unmovable = {"transform", "clip-path", "opacity", "style", "class", "mask", "filter"}
            if (own.keys() | target.attrib.keys()) & unmovable or any(
                    v.startswith("url(") for v in (*own.values(), *target.attrib.values())):
                continue
            d = _moved(target.get("d", ""), float(use.get("x", 0)), float(use.get("y", 0)))
            if d is None:
                continue
            attrib = {k: v for k, v in target.attrib.items() if k != "id"}
            for k, v in own.items():
                attrib.setdefault(k, v)
            attrib["d"] = d
            path = ET.Element(PATH, attrib)
            path.tail = use.tail
            parent.remove(use)
            parent.insert(i, path)


def _moved(d: str, dx: float, dy: float) -> str | None:
    """Path data ``d`` moved by (dx, dy), or None if it uses commands whose
    numbers are not all absolute coordinate pairs."""
    if set(re.sub(r"[\d\s.,+-]", "", d)) - _PAIRED_COMMANDS:
        return None  # (also refuses exponents, which the split below would cut)
    out, index = [], [0]

    def shift(match):
        value = float(match.group(0)) + (dx if index[0] % 2 == 0 else dy)
        index[0] += 1
        return _fmt(value)

    for part in re.split(r"([A-Za-z])", d):
        if part.isalpha():
            out.append(part)
        else:
            out.append(_NUMBER.sub(shift, part))
    return "".join(out)


def _fmt(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


#: Presentation attributes whose inherited values the rewrites need to know.
_INHERITED = ("stroke", "stroke-width", "stroke-linejoin", "stroke-miterlimit")


def _walk(el, inherited: dict, clips: dict) -> None:
    """Drop identity rotations, needless clips, and lone opacities."""
    if el.tag in (DEFS, CLIP):
        return
    here = dict(inherited)
    for name in _INHERITED:
        if el.get(name) is not None:
            here[name] = el.get(name)
    transform = el.get("transform")
    if transform is not None and _IDENTITY_ROTATE.match(transform):
        del el.attrib["transform"]
    if el.tag == PATH and len(el) == 0:
        _drop_needless_clip(el, here, clips)
        _opacity_to_fill_opacity(el, here)
    for child in el:
        _walk(child, here, clips)


def _drop_needless_clip(path, style: dict, clips: dict) -> None:
    found = _URL.fullmatch(path.get("clip-path", "").strip())
    if not found or found.group(1) not in clips or path.get("transform"):
        return
    if any(path.get(m) for m in ("marker-start", "marker-mid", "marker-end", "style", "class")):
        return  # markers draw beyond the path; CSS could set a wider stroke
    box = _path_box(path.get("d", ""))
    if box is None:
        return
    reach = _stroke_reach(style)
    if reach is None:
        return
    x0, y0, x1, y1 = clips[found.group(1)]
    if box[0] - reach >= x0 and box[1] - reach >= y0 and box[2] + reach <= x1 and box[3] + reach <= y1:
        del path.attrib["clip-path"]


def _path_box(d: str):
    """Bounding box of a path's points and control points (a curve lies
    within its control points), or None for commands not understood."""
    if set(re.sub(r"[\d\s.,eE+-]", "", d)) - _BOXED_COMMANDS:
        return None
    numbers = [float(n) for n in _NUMBER.findall(d)]
    if not numbers or len(numbers) % 2:
        return None
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _stroke_reach(style: dict) -> float | None:
    """How far the stroke can reach beyond the path's points: half its
    width, times the miter limit where corners may be mitred (which also
    covers square caps)."""
    if style.get("stroke", "none") == "none":
        return 0.0
    try:
        width = float(style.get("stroke-width", "1"))
        limit = float(style.get("stroke-miterlimit", "4"))
    except ValueError:
        return None
    return width / 2 * max(limit, 1.5)


def _opacity_to_fill_opacity(path, style: dict) -> None:
    """A single shape with a fill and no stroke looks the same drawn with
    fill-opacity as with opacity (nothing in it overlaps itself)."""
    opacity = path.get("opacity")
    fill = path.get("fill", "")
    if opacity is None or style.get("stroke", "none") != "none" or fill == "none" or fill.startswith("url("):
        return
    if path.get("mask") or path.get("filter") or path.get("clip-path"):
        return
    try:
        value = float(opacity) * float(path.get("fill-opacity", "1"))
    except ValueError:
        return
    del path.attrib["opacity"]
    path.set("fill-opacity", _fmt(value))


def _dissolve_groups(el, referenced: set[str]) -> None:
    """Lift the children of groups that carry nothing but an id (which
    nothing refers to) into their parent, all the way down."""
    if el.tag in (DEFS, CLIP) or el.tag.endswith("pattern"):
        return
    children = []
    for child in el:
        _dissolve_groups(child, referenced)
        if child.tag == G and set(child.attrib) <= {"id"} and child.get("id") not in referenced:
            children.extend(child)
        else:
            children.append(child)
    el[:] = children
