"""House style: one colour per category, used the same in every chart and map.

Colours come from the Government Analysis Function palettes (via afcharts).
Ordered judgements use a diverging blue-orange scheme, which stays distinct
for the common colour-vision deficiencies and, because each step differs in
lightness, in greyscale print too. Colour is never the only cue: bars carry
direct labels and the legend follows bar order; maps hatch "not yet
inspected".
"""

import collections
import contextlib
import functools

from release.inputs import judgements as j

DARK_BLUE = "#12436D"
LIGHT_BLUE = "#6BACE6"
LIGHT_ORANGE = "#F9C89B"
DARK_ORANGE = "#C65102"
TURQUOISE = "#28A197"
DARK_PINK = "#801650"
GREY = "#BFBFBF"
TEXT = "#0B0C0C"
GRID = "#D9D9D9"
#: Outline and hatch of white fills ("not yet inspected"); 4.5:1 on white.
OUTLINE = "#505A5F"

#: Fill colour per category. The same judgement is the same colour everywhere.
COLOURS = {
    j.OUTSTANDING: DARK_BLUE,
    j.GOOD: LIGHT_BLUE,
    j.REQUIRES_IMPROVEMENT: LIGHT_ORANGE,
    j.ADEQUATE: LIGHT_ORANGE,
    j.INADEQUATE: DARK_ORANGE,
    j.NOT_JUDGED: GREY,
    j.NOT_YET_INSPECTED: "#FFFFFF",
    j.INSPECTED_NOT_PUBLISHED: "#FFFFFF",
    j.IMPROVED: TURQUOISE,
    j.STAYED_THE_SAME: GREY,
    j.DECLINED: DARK_PINK,
    j.IMPROVED_EFFECTIVENESS: TURQUOISE,
    j.SUSTAINED_EFFECTIVENESS: GREY,
    j.DECLINED_EFFECTIVENESS: DARK_PINK,
    # Homes previously good or better / previously below good (charts 15, 16).
    "Remained good or better": TURQUOISE,
    "Declined to requires improvement or lower": DARK_PINK,
    "Improved to good or better": TURQUOISE,
    "Did not improve": DARK_PINK,
}

#: Hatching for the white categories, so each reads without colour: "not
#: yet inspected" diagonal, "inspected, not yet published" dotted (it is
#: neither a judgement nor the absence of an inspection).
HATCH = {j.NOT_YET_INSPECTED: "////", j.INSPECTED_NOT_PUBLISHED: ".."}

#: Fonts: Liberation Sans has Arial's metrics and installs from Debian
#: (fonts-liberation2); Arial where a machine has it.
FONT_FAMILY = ["Liberation Sans", "Arial", "DejaVu Sans"]

#: matplotlib settings on top of afcharts' style. SVG text stays text
#: (searchable, and WeasyPrint lays it out in about half the time), and
#: the SVG carries no date or random ids, so the same data gives the same
#: bytes.
RC = {
    "font.family": "sans-serif",
    "font.sans-serif": FONT_FAMILY,
    "font.size": 10,
    "svg.fonttype": "none",
    "svg.hashsalt": "ofsted-release",
    # The PDF's copy: TrueType fonts embedded, so its text stays text.
    "pdf.fonttype": 42,
    "path.simplify": True,
}


#: Each string's measure (width, height, descent), kept for every figure
#: this process draws (``shared_text_metrics``).
_MEASURED: dict = {}
#: The settings a string's measure can depend on besides its font.
_MEASURE_SETTINGS = ("font.", "text.", "mathtext.", "pdf.", "ps.", "svg.")


@contextlib.contextmanager
def house_style():
    """Draw in the house settings: afcharts' style sheet over matplotlib's
    defaults, then ``RC``, with each string measured once a process
    (``shared_text_metrics``)."""
    import matplotlib

    newest_fonts_first()
    with matplotlib.rc_context(house_settings()), shared_text_metrics():
        yield


def newest_fonts_first() -> None:
    """Order matplotlib's list of installed fonts so that each font is
    found the same way on every run: where two files install the same face
    (Debian's fonts-liberation 1.07 beside fonts-liberation2 2.1, both
    "Liberation Sans"; matplotlib's own DejaVu beside the system's), the
    newest version first, as fontconfig (and so the PDF's text) chooses it.

    matplotlib takes the first of equally good matches, and its list's
    order is that of a Python set when the list was built: on a fresh
    machine, two processes building it at once can draw the same chart in
    different versions of the font, and a PDF copy then differs by the
    font it embeds."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    ordered = sorted(manager.ttflist, key=_font_order(manager.ttflist))
    if any(a is not b for a, b in zip(ordered, manager.ttflist)):
        manager.ttflist = ordered
        # matplotlib keeps each lookup's answer: forget those made in the old order.
        font_manager.FontManager._findfont_cached.cache_clear()


def know_font_files(paths) -> None:
    """Add to matplotlib's list of fonts each of ``paths`` (font files) it
    lacks. matplotlib builds its list once and keeps it, building it again
    only for a new matplotlib: a font installed after matplotlib first ran
    is not found, and the charts would be drawn in a substitute font while
    fontconfig, and so the PDF's text and the build's check of the fonts,
    have the font."""
    import os

    from matplotlib import font_manager

    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in paths:
        if path not in known and os.path.isfile(path):
            font_manager.fontManager.addfont(path)


def _font_order(entries):
    """The sort key: the face, then the newest version (the font file's
    revision, read only where another file has the same face), then the
    file's path."""
    counts = collections.Counter(map(_face, entries))
    return lambda e: (_face(e), -_revision(e.fname) if counts[_face(e)] > 1 else 0, e.fname, e.index)


def _face(entry) -> tuple:
    """What matplotlib matches a font by: two entries alike here are two
    files of one face."""
    return entry.name, entry.style, entry.variant, str(entry.weight), entry.stretch, str(entry.size)


@functools.cache
def _revision(path: str) -> float:
    """A font file's version (its ``head`` table's revision), as fontconfig reads it."""
    from matplotlib.ft2font import FT2Font

    major, minor = FT2Font(path).get_sfnt_table("head")["fontRevision"]
    return major + minor / 65536


@functools.cache
def house_settings() -> dict:
    """Every setting as the house style leaves it: afcharts' style sheet as
    ``rc_context(fname=...)`` applies it (matplotlib's defaults, then the
    sheet's), then ``RC``. Read once a process rather than parsed again for
    each drawing (about 4 ms each)."""
    import matplotlib

    if _AFCHARTS_STYLE is None:  # pragma: no cover - the style is a nicety
        return dict(RC)
    with matplotlib.rc_context(fname=_AFCHARTS_STYLE):
        # As rc_context keeps the settings it restores: a copy, without the backend.
        settings = dict(matplotlib.rcParams.copy())
    del settings["backend"]
    return {**settings, **RC}


_AFCHARTS_STYLE = None
try:  # afcharts ships the Analysis Function's matplotlib style sheet.
    import importlib.resources

    _AFCHARTS_STYLE = str(importlib.resources.files("afcharts") / "afcharts.mplstyle")
except (ImportError, FileNotFoundError):  # pragma: no cover - the style is a nicety
    _AFCHARTS_STYLE = None


@contextlib.contextmanager
def shared_text_metrics():
    """While drawing, measure each string once per process, not once per
    figure and renderer. matplotlib keeps a string's measure for one
    renderer only, and each chart has three (the label fitting's, the SVG's
    and the PDF's); FreeType lays out a label in about a millisecond, and
    the same axis labels, legends and tick labels recur in every chart. The
    measure depends only on the kind of renderer that measures, the string,
    the font, the resolution and the text settings, which make the key, so
    every drawing is the same. (matplotlib's own tests replace the same function.)"""
    import matplotlib
    import matplotlib.text as mtext

    measure = getattr(mtext, "_get_text_metrics_with_cache", None)
    if measure is None:  # another matplotlib: measured as it measures
        yield
        return
    settings = tuple((k, repr(v)) for k, v in sorted(matplotlib.rcParams.items()) if k.startswith(_MEASURE_SETTINGS))

    def measured(renderer, text, fontprop, ismath, dpi):
        font = (tuple(fontprop.get_family()), fontprop.get_style(), fontprop.get_variant(), fontprop.get_weight(),
                fontprop.get_stretch(), fontprop.get_size_in_points(), fontprop.get_file(),
                fontprop.get_math_fontfamily())
        # The renderer that measures: the SVG's and the PDF's are each
        # inside a MixedModeRenderer, which hands measuring to them.
        measurer = getattr(renderer.get_text_width_height_descent, "__self__", renderer)
        key = (type(measurer), getattr(measurer, "dpi", None), text, font, ismath, dpi, settings)
        if key not in _MEASURED:
            _MEASURED[key] = measure(renderer, text, fontprop, ismath, dpi)
        return _MEASURED[key]

    mtext._get_text_metrics_with_cache = measured
    try:
        yield
    finally:
        mtext._get_text_metrics_with_cache = measure


def save_svg(fig) -> str:
    """The figure as SVG, with no date or creator, so the same data give the
    same bytes."""
    import io

    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def save_pdf(fig) -> bytes:
    """The figure as a one-page PDF with its text as text (TrueType, the
    SVG's font), for the release's PDF to place in its own layout."""
    import io

    out = io.BytesIO()
    fig.savefig(out, format="pdf", metadata={"CreationDate": None, "Creator": None, "Producer": None})
    return out.getvalue()


#: The judgement palette is the Analysis Function's diverging blue-orange
#: one, kept because it reads in order, in greyscale and for colour-blind
#: readers. Two of its neighbours fall short of AF's 3:1 between adjacent
#: colours (good against requires improvement, 1.6:1; inadequate against
#: not judged, 2.5:1), and no four-step diverging scheme that is also 3:1
#: against white can meet it at every step. So, as WCAG's technique G209
#: asks, where two adjoining segments differ by less than 3:1 a separator
#: line is drawn between them in a colour that has 3:1 against both.
SEPARATOR_CANDIDATES = (TEXT, "#FFFFFF")


def separator(a: str, b: str) -> str | None:
    """The colour of the line between adjoining segments filled ``a`` and
    ``b``: none where they already differ by 3:1, else the candidate with
    the most contrast against the weaker of the two."""
    if contrast(a, b) >= 3:
        return None
    return max(SEPARATOR_CANDIDATES, key=lambda c: min(contrast(c, a), contrast(c, b)))


def text_colour(fill: str) -> str:
    """White or near-black, whichever contrasts more with ``fill``; for the
    house colours that is at least 4.5:1 (white on dark orange, 4.6:1)."""
    return "#FFFFFF" if contrast(fill, "#FFFFFF") > contrast(fill, TEXT) else TEXT


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours given as ``#RRGGBB``."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@functools.cache  # a handful of house colours, asked for at every segment of every bar
def _luminance(colour: str) -> float:
    rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
