"""Colour in the charts, as the Analysis Function and WCAG (technique G209)
ask: adjoining segments of a bar differ by 3:1, or a line that differs by
3:1 from both separates them; labels never sit on hatching."""

import re

import pytest

from charts import style
from charts.specs import SPECS


@pytest.fixture(scope="module")
def drawn(figs, built):
    """Each chart's table, and its two drawings as the build wrote them."""
    return {spec.key: (figs.charts[spec.key],
                       {"svg": (built / "charts" / f"{spec.key}.svg").read_text(encoding="utf-8"),
                        "svg_narrow": (built / "charts" / f"{spec.key}-narrow.svg").read_text(encoding="utf-8")})
            for spec in SPECS}


def adjoining_fills(table):
    """Every pair of colours that touch in some bar of ``table``."""
    pairs = set()
    for _, bar in table.groupby("group", sort=False):
        fills = [style.COLOURS[c] for c, n in zip(bar["category"], bar["count"]) if n > 0]
        pairs.update(zip(fills, fills[1:]))
    return pairs


def test_adjoining_segments_differ_by_three_to_one_or_are_separated(drawn):
    separated = 0
    for key, (table, _) in drawn.items():
        for a, b in adjoining_fills(table):
            if style.contrast(a, b) >= 3:
                continue
            line = style.separator(a, b)
            separated += 1
            assert line and min(style.contrast(line, a), style.contrast(line, b)) >= 3, (key, a, b, line)
    assert separated > 0  # good next to requires improvement needs one


def test_a_separator_is_drawn_between_good_and_requires_improvement(drawn):
    table, out = drawn["sif_oe_by_region"]
    needed = sum(1 for _, bar in table.groupby("group") if
                 (bar.set_index("category")["count"].reindex(["Good", "Requires improvement to be good"]) > 0).all())
    for svg in (out["svg"], out["svg_narrow"]):
        drawn_lines = len(re.findall(r'<g id="separator', svg))
        assert drawn_lines >= 1 and needed >= 1


def test_percentage_labels_on_hatching_have_a_ground_of_their_own(drawn):
    import matplotlib.colors

    white = "#ffffff"
    table, out = drawn["cin_by_sif_oe_by_region"]
    hatched = table[table["category"].isin(list(style.HATCH)) & (table["percent"] >= 6)]
    assert len(hatched) > 0
    # Each such label is drawn over a white box: matplotlib writes a text's
    # box as a path inside the text's group, just before the text.
    grounds = re.findall(r'<g id="text_\d+">\s*<g id="patch_\d+">\s*<path d="[^"]*"\s*fill="' + white
                         + r'"/>\s*</g>\s*<text[^>]*>\d+%</text>', out["svg"].lower())
    assert len(grounds) >= len(hatched), (len(grounds), len(hatched))
    assert matplotlib.colors.to_hex(style.COLOURS["Not yet inspected"]) == white
