"""House style: one colour per category, used the same in every chart and map.

Colours come from the Government Analysis Function palettes (via afcharts).
Ordered judgements use a diverging blue-orange scheme, which stays distinct
for the common colour-vision deficiencies and, because each step differs in
lightness, in greyscale print too. Colour is never the only cue: bars carry
direct labels and the legend follows bar order; maps hatch "not yet
inspected".
"""

from release import judgements as j

DARK_BLUE = "#12436D"
LIGHT_BLUE = "#6BACE6"
LIGHT_ORANGE = "#F9C89B"
DARK_ORANGE = "#C65102"
TURQUOISE = "#28A197"
DARK_PINK = "#801650"
GREY = "#BFBFBF"
TEXT = "#0B0C0C"
GRID = "#D9D9D9"

#: Fill colour per category. The same judgement is the same colour everywhere.
COLOURS = {
    j.OUTSTANDING: DARK_BLUE,
    j.GOOD: LIGHT_BLUE,
    j.REQUIRES_IMPROVEMENT: LIGHT_ORANGE,
    j.ADEQUATE: LIGHT_ORANGE,
    j.INADEQUATE: DARK_ORANGE,
    j.NOT_JUDGED: GREY,
    j.NOT_YET_INSPECTED: "#FFFFFF",
    j.IMPROVED: TURQUOISE,
    j.STAYED_THE_SAME: GREY,
    j.DECLINED: DARK_PINK,
    j.IMPROVED_EFFECTIVENESS: TURQUOISE,
    j.SUSTAINED_EFFECTIVENESS: GREY,
    j.DECLINED_EFFECTIVENESS: DARK_PINK,
}

#: Categories drawn with white text on their fill (the dark fills).
DARK_FILLS = {DARK_BLUE, DARK_ORANGE, DARK_PINK, TURQUOISE}

#: Hatching for "not yet inspected", so it reads without colour.
HATCH = {j.NOT_YET_INSPECTED: "////"}

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
    "path.simplify": True,
}


def text_colour(fill: str) -> str:
    """Label colour with enough contrast on ``fill`` (WCAG AA)."""
    return "#FFFFFF" if fill in DARK_FILLS else TEXT
