"""Charts: each shows exactly what the data says, in house style, with its
alt text, data table and download, and the same data gives the same bytes.

Counts are checked against a plain count of the source CSV files, made here
without the project's loading or figures code."""

import csv
import re
from collections import Counter
from datetime import date

import pandas as pd
import pytest

from conftest import DATA
from charts import style
from charts.draw import draw
from charts.specs import SPECS
from release.inputs import judgements as j
from release.figures.common import tidy

BY_KEY = {s.key: s for s in SPECS}


@pytest.fixture(scope="module")
def drawn(page_charts):
    """Every chart as the build draws it for the page (conftest.page_charts:
    drawn once a session, through the build's cache)."""
    assert [spec.key for spec in SPECS] == list(page_charts)
    return page_charts


def rows(name):
    with open(DATA / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def bar_labels(svg: str) -> list[str]:
    """Text of the SVG's text elements (svg.fonttype none keeps them as text)."""
    texts = [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]
    return texts + [" ".join(texts[i:i + 2]) for i in range(len(texts) - 1)]  # a wrapped label is two lines


def test_nineteen_charts_each_with_a_table_from_the_figures(figs):
    assert len(SPECS) == 19
    assert len({s.key for s in SPECS}) == 19
    assert {s.key for s in SPECS} <= set(figs.charts)


def test_overall_effectiveness_bar_counts_each_las_latest_inspection(drawn):
    """Chart 1's September bar: each LA counted once, at its latest SIF
    inspection published by 31 October 2016, counted from the CSV."""
    latest = {}
    for r in rows("sif_inspections.csv"):
        if r["publication_date"] <= "2016-10-31" and r["inspection_date"] <= "2016-09-30":
            if r["la_code"] not in latest or r["inspection_date"] > latest[r["la_code"]]["inspection_date"]:
                latest[r["la_code"]] = r
    counts = Counter(r["overall_effectiveness"] for r in latest.values())
    n = len(latest)
    spec, out = drawn["sif_oe"]
    texts = bar_labels(out["svg"])
    assert f"30 September 2016 (n={n:,})" in texts
    good = counts[j.OUTSTANDING] + counts[j.GOOD]
    assert f"{round_half_up(100 * good / n)}% good or better ({good} of {n})" in out["alt"]


def test_homes_in_period_bar_counts_every_full_inspection(drawn):
    """Inspections with no judgement (no children present) are in the bar,
    as not judged, as its note says: the text's percentages are of all
    inspections (data/README.md), and so are the chart's."""
    full = [r for r in rows("homes_inspections.csv") if r["event_type"] == "Full"
            and "2016-04-01" <= r["inspection_date"] <= "2016-09-30" and r["publication_date"] <= "2016-10-31"]
    assert any(r["overall_effectiveness"] == j.NOT_JUDGED for r in full)
    spec, out = drawn["homes_oe_period"]
    label = "1 April to 30 September 2016"
    assert f"{label} (n={len(full):,})" in bar_labels(out["svg"])
    counts = Counter(r["overall_effectiveness"] for r in full)
    for grade in j.GRADES:
        share = round_half_up(100 * counts[grade] / len(full))
        if share >= 6:  # wide enough for a direct label
            assert f"{share}%" in bar_labels(out["svg"])


def test_interim_chart_leaves_out_inspections_with_no_judgement(drawn):
    interim = [r for r in rows("homes_inspections.csv") if r["event_type"] == "Interim"
               and "2016-04-01" <= r["inspection_date"] <= "2016-09-30" and r["publication_date"] <= "2016-10-31"]
    judged = [r for r in interim if r["interim_outcome"] != j.NOT_JUDGED]
    spec, out = drawn["homes_interim"]
    assert f"Interim inspections (n={len(judged):,})" in bar_labels(out["svg"])


def test_titles_carry_the_periods_of_the_release(drawn):
    assert drawn["sif_oe"][0].title == "SIF overall effectiveness from November 2013 to September 2016"
    assert drawn["homes_oe_by_region"][0].title.endswith("1 April 2016 to 30 September 2016, by region")
    assert drawn["homes_state_of_nation"][0].title.endswith("as at 30 September 2016")


def test_svg_keeps_text_as_text_and_carries_title_and_description(drawn):
    for key, (spec, out) in drawn.items():
        svg = out["svg"]
        assert "<text" in svg, key
        assert f"<title id=\"svg-title\">{escape(spec.title)}</title>" in svg, key
        assert "<desc" in svg and 'role="img"' in svg, key
        assert spec.source in bar_labels(svg) and "Ofsted" in spec.source, key


def test_same_data_gives_the_same_bytes(figs, drawn):
    spec, first = drawn["homes_oe_by_region"]
    again = draw(spec, figs.charts["homes_oe_by_region"])
    assert again["svg"] == first["svg"]
    assert again["csv"] == first["csv"]


def test_a_build_without_a_pdf_draws_the_same_page_drawing_without_its_pdf_copy(figs, drawn):
    spec, first = drawn["homes_oe_by_region"]
    alone = draw(spec, figs.charts["homes_oe_by_region"], phone=False, pdf=False)
    assert first["pdf"] and "pdf" not in alone
    assert alone == {k: v for k, v in first.items() if k != "pdf"}


def test_measuring_each_string_once_a_process_draws_the_same_bytes(figs, monkeypatch):
    """Strings are measured once per process (style.shared_text_metrics):
    a chart drawn after others, with their measures, is the same drawing,
    for the page, the PDF and a phone, as one measured afresh."""
    import contextlib

    style._MEASURED.clear()
    for key in ("homes_oe_by_sector", "sif_oe_by_region"):
        draw(BY_KEY[key], figs.charts[key])
    after_others = draw(BY_KEY["homes_oe_by_region"], figs.charts["homes_oe_by_region"])
    assert style._MEASURED, "the measures were kept"
    monkeypatch.setattr(style, "shared_text_metrics", contextlib.nullcontext)
    afresh = draw(BY_KEY["homes_oe_by_region"], figs.charts["homes_oe_by_region"])
    assert after_others == afresh


@pytest.fixture
def font_list(monkeypatch):
    """``font_list(entries)`` sets matplotlib's list of fonts for one test,
    each string measured afresh. matplotlib's lookups are forgotten when the
    list is set and when the test ends (pass or fail), so no later drawing
    finds a font as the test's list had it."""
    from matplotlib import font_manager

    forget = font_manager.FontManager._findfont_cached.cache_clear
    monkeypatch.setattr(style, "_MEASURED", {})

    def listing(entries):
        monkeypatch.setattr(font_manager.fontManager, "ttflist", list(entries))
        forget()

    yield listing
    forget()


def test_a_chart_is_drawn_in_the_same_font_whatever_order_matplotlib_listed_the_fonts_in(figs, font_list):
    """Where two files install the same face of the house font (Debian's
    fonts-liberation 1.07 beside fonts-liberation2 2.1: Chromium brings the
    first), matplotlib takes the first in its font list, whose order was
    set by Python's string hashing when the list was built. A chart drawn
    with the oldest versions listed first is the same drawing, its PDF copy
    embedding the same font, as one drawn in the list's own order: the
    newest, as fontconfig chooses for the PDF's text
    (style.newest_fonts_first)."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    def revision(path):
        return TTFont(path, lazy=True)["head"].fontRevision

    manager = font_manager.fontManager
    faces = Counter((e.name, e.style, str(e.weight)) for e in manager.ttflist if e.name == "Liberation Sans")
    if not faces or max(faces.values()) < 2:
        pytest.skip("one file for each face of Liberation Sans here: matplotlib has no tie to break")
    key = "homes_oe_by_region"
    with style.house_style():
        newest = font_manager.findfont(font_manager.FontProperties(family=["Liberation Sans"], weight="bold"))
    listed = draw(BY_KEY[key], figs.charts[key])

    font_list(sorted(manager.ttflist, key=lambda e: revision(e.fname)))  # the oldest first
    oldest = font_manager.findfont(font_manager.FontProperties(family=["Liberation Sans"], weight="bold"))
    assert oldest != newest and revision(oldest) < revision(newest), (
        "listed oldest first, matplotlib alone finds the older file")
    assert draw(BY_KEY[key], figs.charts[key]) == listed


def test_a_font_installed_after_matplotlib_listed_the_fonts_is_drawn_in(figs, font_list):
    """matplotlib builds its list of fonts once and keeps it: on a machine
    where Liberation Sans was installed after matplotlib first ran, the
    list lacks it. The build tells matplotlib of the files fontconfig lists
    (style.know_font_files), so a chart's PDF copy still embeds Liberation
    Sans, not a substitute."""
    import base64
    from dataclasses import replace

    from matplotlib import font_manager

    from release.cache import Cache
    from release.outputs import render

    font_list(e for e in font_manager.fontManager.ttflist if e.name != "Liberation Sans")
    job = replace(render.chart_jobs(figs)[0], for_print=True)
    copy = base64.b64decode(render.draw_all([job], Cache(None), workers=1)[job.key]["pdf"])
    assert b"+LiberationSans" in copy and b"DejaVu" not in copy, "the subset embedded is of Liberation Sans"


def test_segments_and_separators_are_the_ones_barh_and_vlines_draw(figs, monkeypatch):
    """A chart adds its segments and separators as the rectangles and lines
    ``Axes.barh`` and ``Axes.vlines`` make, without their data-limit work
    (charts.draw._segments, _separator): the same drawing, byte for byte, for
    the page, the PDF and a phone, as one drawn by barh and vlines. The chart
    has hatched segments and separators, so every kind of segment is drawn."""
    from charts import draw as chart_draw

    key = "cin_by_sif_oe_by_region"
    ours = draw(BY_KEY[key], figs.charts[key])
    svg = ours["svg"]
    assert "<pattern" in svg and 'id="separator"' in svg, "a hatched segment and a separator are drawn"

    def by_barh(ax, bars, fill, edge, hatch):
        if bars:
            ys, shares, lefts = zip(*bars)
            ax.barh(list(ys), list(shares), left=list(lefts), height=chart_draw.BAR_HEIGHT, color=fill,
                    edgecolor=edge, linewidth=0.8 if edge == "white" else 0.5, hatch=hatch, clip_on=False)

    def by_vlines(ax, x, y, colour):
        half = chart_draw.BAR_HEIGHT / 2
        ax.vlines(x, y - half, y + half, colors=colour, linewidth=1.2, zorder=3, gid="separator", clip_on=False)

    monkeypatch.setattr(chart_draw, "_segments", by_barh)
    monkeypatch.setattr(chart_draw, "_separator", by_vlines)
    assert draw(BY_KEY[key], figs.charts[key]) == ours


def test_one_colour_per_judgement_in_every_chart(drawn):
    """The fill of each judgement is its house colour wherever it appears."""
    for key, (spec, out) in drawn.items():
        fills = set(re.findall(r"fill(?:: ?|=\")(#[0-9a-fA-F]{6})", out["svg"]))
        used = set(figs_categories(out))
        for category in used:
            assert style.COLOURS[category].lower() in {f.lower() for f in fills}, (key, category)


def figs_categories(out) -> list[str]:
    """Categories with at least one case, from the chart's CSV download."""
    return [r["Category"] for r in csv.DictReader(out["csv"].splitlines()) if int(r["Number"]) > 0]


def test_direct_labels_have_enough_contrast():
    for category, fill in style.COLOURS.items():
        if fill != "#FFFFFF":
            assert style.contrast(fill, style.text_colour(fill)) >= 4.5, category


def test_legend_follows_category_order(drawn):
    spec, out = drawn["sif_oe"]
    texts = bar_labels(out["svg"])
    positions = [texts.index(g) for g in j.GRADES]
    assert positions == sorted(positions)


def test_data_table_and_download_hold_every_count(figs, drawn):
    spec, out = drawn["sif_oe_by_region"]
    table = figs.charts["sif_oe_by_region"]
    lines = out["csv"].splitlines()
    assert lines[0] == "Region,Category,Number,Percentage"
    assert len(lines) == len(table) + 1
    london = table[(table["group"] == "London") & (table["category"] == j.OUTSTANDING)].iloc[0]
    assert f"London,Outstanding,{london['count']},{london['percent']}" in lines
    assert "<caption>" in out["table_html"] and 'scope="row">London<' in out["table_html"]


def test_a_group_named_like_a_formula_cannot_run_in_the_download():
    table = tidy({"=HYPERLINK(\"http://x\")": {j.GOOD: 3, j.INADEQUATE: 1}, "<script>x</script>": {j.GOOD: 1}},
                 j.GRADES)
    out = draw(BY_KEY["sif_oe_by_region"], table)
    cells = [r["Region"] for r in csv.DictReader(out["csv"].splitlines())]
    assert all(c.startswith("'=") or c.startswith("<") for c in cells)
    assert "<script>" not in out["table_html"] and "<script>x" not in out["svg"]


def test_an_empty_bar_is_drawn_as_zero_not_an_error():
    table = tidy({"LSCB outstanding": {}, "LSCB good": {j.GOOD: 5, j.INADEQUATE: 1}}, j.GRADES)
    out = draw(BY_KEY["lscb_by_hp"], table)
    assert "LSCB outstanding (n=0)" in bar_labels(out["svg"])
    assert "None for LSCB outstanding" in out["alt"]


def test_alt_text_names_the_first_of_two_largest_categories_and_counts_the_focus():
    """Two categories tied for the largest: the first in judgement order is
    named; the good or better count is the sum of both focus categories."""
    from charts.draw import alt_text

    table = tidy({"LSCB good": {j.GOOD: 6, j.REQUIRES_IMPROVEMENT: 6, j.OUTSTANDING: 3, j.INADEQUATE: 1}}, j.GRADES)
    text = alt_text(BY_KEY["lscb_by_hp"], table)
    share = round(100 * (6 + 3) / 16)
    assert f"LSCB good: largest {j.GOOD.lower()} (" in text
    assert f"{share}% good or better (9 of 16)" in text


def test_regional_alt_text_names_highest_and_lowest_from_the_data():
    counts = {r: {j.GOOD: 10 + i, j.INADEQUATE: 10} for i, r in enumerate(j.REGIONS)}
    out = draw(BY_KEY["sif_oe_by_region"], tidy(counts, j.GRADES))
    assert "from 50% (North East, 10 of 20) to 64% (South West, 18 of 28)" in out["alt"]


def round_half_up(x: float) -> int:
    from decimal import ROUND_HALF_UP, Decimal

    return int(Decimal(str(x)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def escape(text: str) -> str:
    import html

    return html.escape(text)


def test_alt_text_names_each_charts_largest_category_and_its_figure(figs, drawn):
    """Read back from each chart's own data download: the alt text names
    the largest category of a bar and its percentage."""
    for key, (spec, out) in drawn.items():
        data = list(csv.DictReader(out["csv"].splitlines()))
        assert out["alt"] and out["table_html"].startswith("<table>") and data, key
        bars = {}
        for r in data:
            bars.setdefault(spec.bar(r), []).append(r)
        described = [g for g in bars if g in out["alt"]]
        assert described, key
        g = described[-1]
        top = max(bars[g], key=lambda r: int(r["Number"]))
        if f"{g}: largest" in out["alt"] or f"In {g} the largest" in out["alt"]:
            assert f"{top['Category'].lower()} ({top['Percentage']}%)" in out["alt"], key


LEDGER_BARS = {
    # chart, bar, ledger prefix of that bar's profile
    ("sif_oe", "30 September 2016"): "sif.oe",
    ("sif_oe", "31 March 2016"): "sif.previous.oe",
    ("sif_adoption", "30 September 2016"): "sif.adoption",
    ("sif_care_leavers", "30 September 2016"): "sif.care_leavers",
    ("sif_oe_by_region", "London"): "sif.region.london",
    ("sif_oe_by_region", "North East"): "sif.region.north_east",
    ("homes_state_of_nation", "30 September 2016"): "homes.state.now",
    ("homes_state_of_nation", "30 September 2015"): "homes.state.year_ago",
    ("homes_oe_by_subtype", "Residential special school"): "homes.sub_type.residential_special_school.oe",
}


@pytest.mark.parametrize("chart,bar", sorted(LEDGER_BARS))
def test_plotted_values_are_the_figures_the_text_quotes(figs, drawn, chart, bar):
    """The numbers in a chart's data download equal the ledger's figures,
    so a chart and the sentence about it cannot disagree."""
    spec, out = drawn[chart]
    prefix = LEDGER_BARS[(chart, bar)]
    rows = {r["Category"]: r for r in csv.DictReader(out["csv"].splitlines()) if spec.bar(r) == bar}
    L = figs.ledger
    for grade, key in ((j.OUTSTANDING, "outstanding"), (j.GOOD, "good"),
                       (j.REQUIRES_IMPROVEMENT, "requires_improvement"), (j.INADEQUATE, "inadequate")):
        fig = L[f"{prefix}.{key}"]
        assert int(rows[grade]["Number"]) == fig.count_value, (grade, key)
        if fig.base_value == sum(int(r["Number"]) for r in rows.values()):
            assert int(rows[grade]["Percentage"]) == fig.value, (grade, key)


def test_inline_styles_become_presentation_attributes_without_changing_the_drawing():
    from charts.accessible import presentation_attributes
    svg = ('<svg width="10pt"><defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>'
           '</defs><path d="M0 0" style="fill: #12436d; stroke: #ffffff; stroke-width: 0.8"/>'
           '<text style="font-size: 8px; font-family: \'Liberation Sans\'; text-anchor: middle">a</text></svg>')
    out = presentation_attributes(svg)
    assert "style=" not in out and "<style" not in out
    assert out.startswith('<svg width="10pt" stroke-linejoin="round" stroke-linecap="butt">')
    assert '<path d="M0 0" fill="#12436d" stroke="#ffffff" stroke-width="0.8"/>' in out
    assert '<text font-size="8px" font-family="\'Liberation Sans\'" text-anchor="middle">a</text>' in out


def test_drawn_svgs_carry_no_inline_styles(drawn):
    for key, (_, out) in drawn.items():
        assert ' style="' not in out["svg"], key


@pytest.mark.parametrize("key", ["homes_oe_period", "homes_oe_by_sector", "homes_oe_by_region"])
def test_a_chart_table_names_both_periods_its_rows_carry_in_separate_columns(figs, drawn, key):
    """Issue 23: "Sector and year" was one column, and the table's caption
    named only the period while its rows carry the year before too."""
    spec, out = drawn[key]
    caption = re.search(r"<caption>(.*?)</caption>", out["table_html"]).group(1)
    then, now = (figs.ledger[f"homes.{k}"].value for k in ("comparison_start", "period_start"))
    for start in (then, now):
        assert f"{start.day} {start:%B %Y}" in caption, caption
    header = next(csv.reader(out["csv"].splitlines()))
    assert header[:len(spec.headings)] == list(spec.headings) and not any(" and " in h for h in header)


def test_the_page_says_of_each_chart_what_its_drawing_says(page_charts, figs):
    """The page is written while the charts are drawn, from what each chart
    says without its drawing (``describe``): the same alt text as the
    picture's own description, and the data tables the drawing carries."""
    import html

    from charts.draw import describe

    for key, (spec, drawing) in page_charts.items():
        said = describe(spec, figs.charts[key])
        assert said == {k: drawing[k] for k in ("alt", "csv", "table_html")}, key
        assert f'<desc id="svg-desc">{html.escape(said["alt"])}</desc>' in drawing["svg"], key
