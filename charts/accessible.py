"""What every chart and map carries besides its picture: its data as an
HTML table and as a CSV download, and a title and description inside the SVG.

Following the Analysis Function guidance, a chart's data is always available
as a table, so no reader depends on the picture or on colour.
"""

import csv
import html
import io
import re

import pandas as pd

#: A cell starting with one of these is read as a formula by spreadsheets
#: (CSV injection); such cells are prefixed with an apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """``value`` as CSV text that no spreadsheet will run as a formula.

    Numbers are left alone (a negative number is data, not a formula).
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def to_csv(table: pd.DataFrame) -> str:
    """The table as CSV text (UTF-8, CRLF-free, formula-safe cells)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in table.columns])
    for row in table.itertuples(index=False, name=None):
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def to_html_table(table: pd.DataFrame, caption: str, numeric: tuple[str, ...] = ()) -> str:
    """The table as accessible HTML: a caption, column headers with scope,
    and the first column as row headers. Every cell is escaped, so a name
    containing markup shows as text."""
    esc = html.escape
    num = ' class="num"'
    head = "".join(f'<th scope="col"{num if c in numeric else ""}>{esc(str(c))}</th>' for c in table.columns)
    rows = []
    for row in table.itertuples(index=False, name=None):
        cells = [f'<th scope="row">{esc(str(row[0]))}</th>']
        for col, value in zip(table.columns[1:], row[1:]):
            cls = ' class="num"' if col in numeric else ""
            cells.append(f"<td{cls}>{esc(_cell_text(value))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table><caption>{esc(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _cell_text(value) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)


_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def svg_with_title(svg: str, title: str, description: str) -> str:
    """Put ``title`` and ``description`` inside the SVG as its accessible
    name and description (``<title>``, ``<desc>``, ``role="img"``)."""
    match = _SVG_OPEN.search(svg)
    if not match:
        raise ValueError("not an SVG document")
    tag = match.group(0)
    new_tag = tag[:-1] + ' role="img" aria-labelledby="svg-title svg-desc">'
    inner = (
        f'<title id="svg-title">{html.escape(title)}</title>'
        f'<desc id="svg-desc">{html.escape(description)}</desc>'
    )
    return svg[: match.start()] + new_tag + inner + svg[match.end():]


_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_GLOBAL_STYLE = re.compile(r'<style type="text/css">\*\{([^}]*)\}</style>')


def presentation_attributes(svg: str) -> str:
    """The same drawing with matplotlib's inline ``style="fill: …"`` written
    as SVG presentation attributes (``fill="…"``).

    WeasyPrint draws the SVGs into the PDF, and parsing thousands of style
    attributes as CSS is a tenth of its time; attributes it reads directly.
    matplotlib's one global rule (``*{stroke-linejoin: round; …}``) becomes
    attributes of the root element, which every element inherits unless it
    sets its own, as before: the picture does not change.
    """
    def attributes(declarations: str) -> str:
        pairs = [d.split(":", 1) for d in declarations.split(";") if ":" in d]
        return "".join(f' {k.strip()}="{v.strip()}"' for k, v in pairs)

    found = _GLOBAL_STYLE.search(svg)
    if found:
        svg = svg[: found.start()] + svg[found.end():]
        match = _SVG_OPEN.search(svg)
        svg = svg[: match.end() - 1] + attributes(found.group(1)) + ">" + svg[match.end():]
    return _STYLE_ATTRIBUTE.sub(lambda m: attributes(m.group(1)), svg)
