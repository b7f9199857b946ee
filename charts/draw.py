"""Draw a chart: 100% stacked horizontal bars of a judgement profile.

Every chart of the release is a profile (how a set of inspections or
authorities splits across ordered categories), so one drawing serves them
all, following the Analysis Function's guidance: one colour per category
in category order, the number behind each bar in its label ("London
(n=21)"), the axis from zero to 100%, direct labels where they fit, the
legend in bar order, a source line, and nothing decorative.

``draw(spec, table)`` returns the SVG (text kept as text, with the title and
a description inside it), the same drawing as a one-page PDF for the
release's PDF, the alt text, the data as CSV and as an HTML table. The same
table gives byte-identical output.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import PercentFormatter

from release.numbers import percent

from . import accessible, style
from .specs import ChartSpec

matplotlib.use("Agg")

CM = 1 / 2.54
BAR_HEIGHT = 0.62


@dataclass(frozen=True)
class Layout:
    """A width to draw at. ``label_min``: a direct label is drawn inside a
    bar segment at least this wide (percent); ``label_width``: bar labels
    longer than this many characters wrap."""

    width: float  # inches
    label_min: float
    label_width: int
    right: float = 0.97  # where the bars end, as a fraction of the width


#: The page and the PDF: a 16 cm column.
WIDE = Layout(16 * CM, 6, 42)
#: A phone (the page picks it below 40rem): drawn 9 cm wide, about the
#: width of a phone's screen, so the type is shown near its own size
#: (9 pt labels stay about 12 CSS px) instead of shrunk to a third.
NARROW = Layout(9 * CM, 16, 24, right=0.93)
WIDTH, LABEL_MIN, LABEL_WIDTH = WIDE.width, WIDE.label_min, WIDE.label_width


def draw(spec: ChartSpec, table, page: bool = True, phone: bool = True, pdf: bool = True,
         tables: bool = True) -> dict:
    """Draw ``table`` (group, category, count, percent) as ``spec`` says:
    for the page and PDF (``svg``, ``pdf``, from one figure) and for a
    phone (``svg_narrow``), or only one of them. The data tables (``csv``,
    ``table_html``) come with the page's drawing. ``pdf=False``: the
    page's drawing without its PDF copy (a build with no PDF to place it
    in; the SVG is the same either way). ``tables=False``: without the
    data tables (the build makes them with ``describe`` while it draws)."""
    groups = list(dict.fromkeys(table["group"]))
    categories = list(dict.fromkeys(table["category"]))
    _check(spec, table, groups, categories)
    alt = _alt(spec, table)
    svgs = {}
    layouts = [("svg", WIDE)] * page + [("svg_narrow", NARROW)] * phone
    for name, layout in layouts:
        with style.house_style():
            fig = _figure(spec, table, groups, categories, layout)
            svg = style.save_svg(fig)
            if layout is WIDE and pdf:
                # The PDF places this drawing as it is (release/outputs/pdf.py).
                svgs["pdf"] = style.save_pdf(fig)
        svgs[name] = accessible.svg_with_title(accessible.presentation_attributes(svg), spec.title, alt)
    if not (page and tables):  # a phone's drawing (the page's carries the data tables), or tables made apart
        return {**svgs, "alt": alt}
    return {**svgs, **describe(spec, table)}


def describe(spec: ChartSpec, table) -> dict:
    """What the page says of the chart beside its picture, without drawing
    it: the alt text (``alt``) and the data as CSV (``csv``) and as an HTML
    table (``table_html``), as ``draw`` gives them with the page's drawing."""
    _check(spec, table, list(dict.fromkeys(table["group"])), list(dict.fromkeys(table["category"])))
    wide = wide_table(spec, table)
    return {
        "alt": _alt(spec, table),
        "csv": accessible.to_csv(data_table(spec, table)),
        "table_html": accessible.to_html_table(wide, caption=spec.table_title or spec.title,
                                               numeric=tuple(wide.columns[len(spec.headings):])),
    }


def _alt(spec: ChartSpec, table) -> str:
    # The notes are printed as text under the figure (where they reflow on
    # a phone), not inside the picture, and end the alt text.
    return " ".join([alt_text(spec, table), *spec.notes])


def _check(spec, table, groups, categories) -> None:
    missing = [c for c in categories if c not in style.COLOURS]
    if missing:
        raise ValueError(f"chart {spec.key}: no house colour for {', '.join(missing)}")
    if not groups:
        raise ValueError(f"chart {spec.key}: no data")


# --- the picture -------------------------------------------------------------

def _figure(spec, table, groups, categories, layout: Layout = WIDE) -> Figure:
    rows = _layout(groups)
    legend_rows = _legend_rows(categories, layout)
    bars, gaps = len(groups), sum(1 for r in rows if r is None)
    # Paired bars ("London, 2015" / "London, 2016") sit closer, so that a
    # chart of nine pairs still fits a page beside its paragraph.
    per_bar = 0.24 if gaps else 0.3
    height = _top(legend_rows) + per_bar * bars + 0.14 * gaps + 0.2 + _bottom()  # inches
    fig = Figure(figsize=(layout.width, height))
    ax = fig.add_axes(_axes_box(height, legend_rows))
    counts = {(g, c): n for g, c, n in zip(table["group"], table["category"], table["count"])}
    percents = {(g, c): p for g, c, p in zip(table["group"], table["category"], table["percent"])}
    totals = table.groupby("group", sort=False)["count"].sum()
    y_of = {}
    y = 0.0
    ticks, labels = [], []
    for g in rows:
        if g is None:
            y -= 0.45
            continue
        y_of[g] = y
        ticks.append(y)
        labels.append(textwrap.fill(f"{g} (n={totals[g]:,})", layout.label_width))
        y -= 1
    previous = {}  # the fill of each bar's segment drawn last
    before = {g: 0 for g in groups}  # each bar's count in the categories drawn so far
    for c in categories:
        fill = style.COLOURS[c]
        # A white bar (not yet inspected) gets a grey outline and hatch
        # (drawn in the edge colour) so it reads without colour.
        edge = style.OUTLINE if c in style.HATCH else "white"
        bars, separators, texts = [], [], []
        for g in groups:
            left = _exact(before[g], totals[g])
            before[g] += counts[g, c]
            share = _exact(counts[g, c], totals[g])
            if share <= 0:
                continue
            bars.append((y_of[g], share, left))
            line = style.separator(previous[g], fill) if g in previous else None
            if line:
                separators.append((left, y_of[g], line))
            previous[g] = fill
            if share >= layout.label_min:
                texts.append((left + share / 2, y_of[g], f"{int(percents[g, c])}%"))
        _segments(ax, bars, fill, edge, style.HATCH.get(c))
        for left, y_bar, line in separators:
            _separator(ax, left, y_bar, line)
        # On hatching the label gets a ground of its own, so no hatch line
        # crosses a digit.
        ground = dict(boxstyle="square,pad=0.15", facecolor=fill, edgecolor="none") if c in style.HATCH else None
        for x, y_bar, text in texts:
            ax.text(x, y_bar, text, ha="center", va="center", fontsize=8, color=style.text_colour(fill),
                    bbox=ground, zorder=4)
    ax.set_xlim(0, 100)
    ax.set_ylim(y + 0.5, 0.5)
    ax.set_yticks(ticks, labels)
    ax.tick_params(axis="y", length=0, labelsize=9, labelcolor=style.TEXT)
    ax.tick_params(axis="x", labelsize=8, labelcolor=style.TEXT)
    ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.grid(axis="x", color=style.GRID, linewidth=0.6)
    ax.grid(axis="y", visible=False)
    ax.set_axisbelow(True)
    ax.set_xlabel(f"Percentage of {spec.unit}", fontsize=8, color=style.TEXT)
    handles = [Patch(facecolor=style.COLOURS[c], edgecolor=style.OUTLINE if c in style.HATCH else "none",
                     hatch=style.HATCH.get(c), label=c) for c in categories]
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.01, 1 - 0.08 / height),
               ncol=-(-len(categories) // legend_rows), fontsize=8, frameon=False,
               handlelength=1.2, handleheight=1.0, columnspacing=1.2, borderaxespad=0)
    _fit_labels(fig, ax, layout.right)
    fig.text(0.01, 0.08 / height, spec.source, fontsize=7, color="#505a5f", va="bottom")
    return fig


def _segments(ax, bars, fill: str, edge: str, hatch: str | None) -> None:
    """One category's segments, ``(y, width, left)`` a bar: the rectangles
    ``ax.barh`` draws, in the same order, added as they are. barh works out
    the data limits again after each one (about half its time), which this
    chart never uses: its limits are set once, after the bars. The hatch is
    given as barh gives it, a numpy string: the SVG names a hatch pattern
    by a digest of its ``repr``."""
    hatch = np.str_(hatch) if hatch else None
    for y, share, left in bars:
        ax.add_artist(Rectangle((left, y - BAR_HEIGHT / 2), share, BAR_HEIGHT, facecolor=fill, edgecolor=edge,
                                linewidth=0.8 if edge == "white" else 0.5, hatch=hatch, label="_nolegend_",
                                clip_on=False))


def _separator(ax, x: float, y: float, colour: str) -> None:
    """The line between two adjoining segments at ``x`` of the bar at ``y``:
    the one line ``ax.vlines`` draws, added as it is (vlines, too, works out
    data limits this chart never uses). Inside the axes, like the bars: no
    clip path (one near the right edge, before a thin not-judged segment,
    would keep its clip)."""
    ax.add_collection(LineCollection([[(x, y - BAR_HEIGHT / 2), (x, y + BAR_HEIGHT / 2)]], colors=colour,
                                     linestyles="solid", linewidth=1.2, zorder=3, gid="separator", clip_on=False),
                      autolim=False)


def _fit_labels(fig, ax, right: float = 0.97) -> None:
    """Move the bars right so the longest bar label fits, whole, on the left."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    widest = max(t.get_window_extent(renderer).width for t in ax.get_yticklabels())
    fig_width = fig.get_figwidth() * fig.dpi
    left = min((widest + 10) / fig_width + 0.01, 0.5)
    box = ax.get_position()
    ax.set_position([left, box.y0, right - left, box.height])


def _axes_box(height, legend_rows) -> list[float]:
    """Axes position in figure fractions: room for long labels on the left,
    the legend above and the axis label and source below."""
    top, bottom = _top(legend_rows) / height, _bottom() / height
    return [0.36, bottom, 0.61, 1 - top - bottom]


def _legend_rows(categories, layout: Layout) -> int:
    """Legend rows: one or two at full width; on a phone as many as it
    takes (about 40 characters a row at 9 cm)."""
    if layout == WIDE:
        return 1 if sum(len(c) for c in categories) < 70 else 2
    per_row = 70 * layout.width / WIDE.width
    return max(1, min(len(categories), -(-sum(len(c) + 4 for c in categories) // int(per_row))))


def _top(legend_rows) -> float:
    return 0.12 + 0.22 * legend_rows


def _bottom() -> float:
    return 0.63


def _layout(groups) -> list:
    """Bars in order, with a gap (None) between pairs such as
    "London, 2015" / "London, 2016" so each pair reads as one."""
    rows, prefix = [], None
    paired = all(", " in g for g in groups) and len(groups) > 2
    for g in groups:
        p = g.rsplit(", ", 1)[0] if paired else None
        if rows and paired and p != prefix:
            rows.append(None)
        rows.append(g)
        prefix = p
    return rows


def _exact(count, total) -> float:
    return 100.0 * float(count) / float(total) if total else 0.0


# --- words and tables ---------------------------------------------------------

def alt_text(spec: ChartSpec, table) -> str:
    """The chart's main finding in a sentence or two, from its data.

    For a few bars each is described by its largest category and the share
    of the focus categories (e.g. good or better); for many (regions), the
    largest category overall, then the highest and lowest focus share and
    England where shown."""
    summary = _bars(spec, table)
    judged = [s for s in summary if s[1] > 0]
    intro = f"Bar chart of the percentage of {spec.unit} in each category"
    if not judged:
        return f"{intro}; there are no {spec.unit} to show."
    if len(summary) <= 4:
        parts = [f"{g}: largest {top.lower()} ({tp}%), {p}% {spec.focus_label} ({k:,} of {n:,})"
                 for g, n, k, p, top, tp in judged]
        empty = [s[0] for s in summary if s[1] == 0]
        text = f"{intro}. " + "; ".join(parts) + "."
        if empty:
            text += f" None for {', '.join(empty)}."
        return text
    suffixes = [s[0].rsplit(", ", 1)[1] for s in judged if ", " in s[0]]
    if len(suffixes) == len(judged):  # paired bars ("London, 2015"): describe the latest
        judged = [s for s in judged if s[0].endswith(", " + suffixes[-1])]
    england = [s for s in judged if s[0].startswith("England")]
    rest = [s for s in judged if not s[0].startswith("England")]
    overall = england[-1] if england else None
    text = f"{intro}."
    if overall:
        text += f" In {overall[0]} the largest category is {overall[4].lower()} ({overall[5]}%)."
    high = max(rest, key=lambda s: (s[3], -rest.index(s)))
    low = min(rest, key=lambda s: (s[3], rest.index(s)))
    text += (f" The percentage {spec.focus_label} ranges from {low[3]}% ({low[0]}, {low[2]:,} of {low[1]:,}) "
             f"to {high[3]}% ({high[0]}, {high[2]:,} of {high[1]:,}).")
    if overall:
        text += f" {overall[0]}: {overall[3]}% ({overall[2]:,} of {overall[1]:,})."
    else:
        biggest = max(rest, key=lambda s: s[1])
        text += f" The largest bar, {biggest[0]}, is mostly {biggest[4].lower()} ({biggest[5]}%)."
    return text


def _bars(spec: ChartSpec, table) -> list[tuple]:
    """Each bar in order: (group, its count, the count in the focus
    categories, their percentage, its largest category (the first of a
    tie), that category's percentage). Counted in one pass over the rows,
    not a pandas group each (the alt text is made three times a chart)."""
    import pandas as pd

    bars = {}
    for g, c, n, p in zip(table["group"], table["category"], table["count"], table["percent"]):
        if pd.isna(g):  # a bar with no name is no bar (as a pandas groupby leaves it out)
            continue
        bar = bars.setdefault(g, [0, 0, None])
        bar[0] += n
        if c in spec.focus:
            bar[1] += n
        if bar[2] is None or n > bar[2][0]:
            bar[2] = (n, c, p)
    return [(g, int(n), int(k), percent(int(k), int(n)), top[1], int(top[2])) for g, (n, k, top) in bars.items()]


def data_table(spec: ChartSpec, table):
    """The chart's data in long form, as downloaded: one row per bar and
    category, with the number and the percentage of the bar; a bar that
    joins two variables ("Private, 2016-17") gives each its own column."""
    import pandas as pd

    out = table.rename(columns={"category": "Category", "count": "Number", "percent": "Percentage"})
    parts = pd.DataFrame([spec.parts(g) for g in out["group"]], index=out.index)
    out = pd.concat([parts, out.drop(columns="group")], axis=1)
    return out.astype({"Number": int, "Percentage": int})


def wide_table(spec: ChartSpec, table):
    """The chart's data as a reader's table: one row per bar (one column a
    variable), the number behind it, then the number and percentage in each
    category."""
    import pandas as pd

    rows = []
    for g, part in table.groupby("group", sort=False):
        row = {**spec.parts(g), "Total": int(part["count"].sum())}
        for _, r in part.iterrows():
            row[f"{r['category']} (number)"] = int(r["count"])
            row[f"{r['category']} (%)"] = int(r["percent"])
        rows.append(row)
    return pd.DataFrame(rows)
