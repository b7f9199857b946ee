"""The release's spreadsheet as OpenDocument (ODS), with odfpy.

gptables writes XLSX only (its issue #196 asks for ODS), and GOV.UK asks
for an open format, so this writes the same ``spreadsheet.Workbook`` with
the same structure: a cover, a contents sheet whose sheet names link to
the sheets, a notes sheet, then one table per sheet with its title (notes
cited as "[note N]"), a line on the layout, any shorthand legend, the
source and the table. Each table is a named database range (ODS's
counterpart of an Excel table), numbers are stored as numbers with a
number style, dates as dates, and no cell is merged.

The styles, metadata and the document's frame are odfpy's; the sheets,
thousands of cells, are written as XML text (``_Sheet``), each cell as
odfpy would write it: odfpy's elements check grammar and namespaces on
every attribute, and took three quarters of this file's time.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from odf import number as num
from odf.element import Element, Text, _nsassign, _quoteattr, _sanitize
from odf.namespaces import STYLENS, XLINKNS
from odf.office import Spreadsheet
from odf.opendocument import OpenDocument
from odf.style import (MasterPage, PageLayout, PageLayoutProperties, ParagraphProperties, Style,
                       TableCellProperties, TableColumnProperties, TableProperties, TextProperties)
from odf.table import DatabaseRange, DatabaseRanges

from ..periods import day
from .spreadsheet import COUNT, COVER_SECTIONS, DATE, PERCENT, Workbook, fix_zip_stamps

#: odfpy declares in each file every namespace any document of the process
#: has used so far (a class-level dict, empty when odfpy is loaded), so a
#: second file written by the same process (``--watch``) would differ from
#: the first. Each file starts from none, as in a fresh build process: not
#: from the dict as it stood when this module was imported, which holds the
#: namespaces of any ODS file the process had read or written before (a
#: test reading tables.ods with pandas first changed the declarations'
#: order in every file written after).
_NAMESPACES: dict = {}

INSTRUCTIONS = "This worksheet contains one table. Notes cited in the title are on the Notes worksheet."


class _Document(OpenDocument):
    """odfpy's spreadsheet document (as ``OpenDocumentSpreadsheet()``
    makes it) whose sheets are XML text (``_Sheet``).

    odfpy writes into content.xml only the automatic styles the document
    uses, found by walking its elements; a sheet's cells are text, not
    elements, so a style a sheet names is looked for in its text."""

    def __init__(self):
        super().__init__("application/vnd.oasis.opendocument.spreadsheet")
        self.spreadsheet = Spreadsheet()
        self.body.addElement(self.spreadsheet)

    def _used_auto_styles(self, segments):
        names = []
        for top in segments:
            names = self._parseoneelement(top, names)
        if any(top is self.body for top in segments):
            sheets = [node.data for node in self.spreadsheet.childNodes if isinstance(node, _Sheet)]
            for style in self.automaticstyles.childNodes:
                name = style.getAttrNS(STYLENS, "name")
                if any(f" table:style-name={_attr(name)}" in sheet for sheet in sheets):
                    names.append(name)
        return [e for e in self.automaticstyles.childNodes
                if isinstance(e, Element) and e.getAttrNS(STYLENS, "name") in names]


class _Sheet(Text):
    """A sheet (table:table) as XML text, in the document's tree: written
    as it is (odfpy escapes a text node's text; this one is XML already)."""

    def toXml(self, level, f):
        f.write(self.data)


class _Styles:
    """The few cell styles the workbook uses, registered once; each
    attribute is a style's name, as a cell names it."""

    def __init__(self, doc):
        self.doc = doc
        count = num.NumberStyle(name="N_count")
        count.addElement(num.Number(decimalplaces="0", minintegerdigits="1", grouping="true"))
        pct = num.NumberStyle(name="N_percent")
        pct.addElement(num.Number(decimalplaces="0", minintegerdigits="1"))
        date = num.DateStyle(name="N_date")
        date.addElement(num.Day(style="short"))
        date.addElement(num.Text(text=" "))
        date.addElement(num.Month(style="long", textual="true"))
        date.addElement(num.Text(text=" "))
        date.addElement(num.Year(style="long"))
        for s in (count, pct, date):
            doc.automaticstyles.addElement(s)
        self.title = self._cell("title", size="15pt", bold=True)
        self.heading = self._cell("heading", size="13pt", bold=True)
        self.text = self._cell("text", wrap=False)
        self.wrapped = self._cell("wrapped", wrap=True)
        self.header = self._cell("header", bold=True, wrap=True, valign="bottom")
        self.link = self._cell("link", colour="#0000ff", underline=True)
        self.number = {COUNT: self._cell("count", datastyle="N_count", align="end"),
                       PERCENT: self._cell("percent", datastyle="N_percent", align="end"),
                       DATE: self._cell("date", datastyle="N_date", align="end")}
        self.numeric_text = self._cell("numeric_text", align="end")  # "[z]" in a number column
        self._widths = {}
        # Printed landscape on A4, one page wide, with no header or footer.
        layout = PageLayout(name="pm_landscape")
        layout.addElement(PageLayoutProperties(printorientation="landscape", pagewidth="29.7cm", pageheight="21cm",
                                               margin="1.5cm", scaletox="1", scaletoy="0"))
        doc.automaticstyles.addElement(layout)
        doc.masterstyles.addElement(MasterPage(name="Landscape", pagelayoutname=layout))
        sheet = Style(name="ta_sheet", family="table", masterpagename="Landscape")
        sheet.addElement(TableProperties(display="true"))
        doc.automaticstyles.addElement(sheet)
        self.sheet = "ta_sheet"

    def _cell(self, name, size=None, bold=False, wrap=False, valign=None, colour=None, underline=False,
              datastyle=None, align=None):
        kwargs = {"name": f"ce_{name}", "family": "table-cell"}
        if datastyle:
            kwargs["datastylename"] = datastyle
        style = Style(**kwargs)
        cell = {}
        if wrap:
            cell["wrapoption"] = "wrap"
        if valign:
            cell["verticalalign"] = valign
        if cell:
            style.addElement(TableCellProperties(**cell))
        if align:
            style.addElement(ParagraphProperties(textalign=align))
        text = {}
        if size:
            text["fontsize"] = size
        if bold:
            text["fontweight"] = "bold"
        if colour:
            text["color"] = colour
        if underline:
            text.update(textunderlinestyle="solid", textunderlinewidth="auto", textunderlinecolor="font-color")
        if text:
            style.addElement(TextProperties(**text))
        self.doc.automaticstyles.addElement(style)
        return kwargs["name"]

    def width(self, cm: float) -> str:
        """The name of a column style of ``cm`` centimetres."""
        key = round(cm, 1)
        if key not in self._widths:
            style = Style(name=f"co_{len(self._widths)}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=f"{key}cm"))
            self.doc.automaticstyles.addElement(style)
            self._widths[key] = style.getAttrNS(STYLENS, "name")
        return self._widths[key]


# --- the sheets as XML text, as odfpy writes its elements -------------------------

@lru_cache(maxsize=4096)
def _text(text: str) -> str:
    """``text`` as odfpy writes an element's text: escaped, any character
    XML cannot hold replaced. Kept: a table repeats its words."""
    return _sanitize(text)


@lru_cache(maxsize=4096)
def _attr(value: str) -> str:
    """An attribute's value as odfpy writes it: escaped and quoted."""
    return _quoteattr(value)


def _element(tag: str, attributes: str, content: str) -> str:
    """An element as odfpy writes it: empty (``<tag/>``) when it has no content."""
    if content:
        return f"<{tag}{attributes}>{content}</{tag}>"
    return f"<{tag}{attributes}/>"


def _cell(valuetype: str, value: str, style: str, content: str) -> str:
    """A table cell: its value type, its value attribute (as `` name=value``,
    or ""), its style and its paragraph, in odfpy's order of attributes."""
    return (f'<table:table-cell office:value-type="{valuetype}"{value} table:style-name={_attr(style)}>'
            f"{content}</table:table-cell>")


def _text_cell(text: str, style: str) -> str:
    return _cell("string", "", style, _element("text:p", "", _text(str(text))))


def _link_cell(text: str, href: str, style: str) -> str:
    # odfpy declares in a file each namespace its elements use, in order of
    # first use: a link is the first (and only) use of XLink's.
    Element.namespaces.setdefault(XLINKNS, _nsassign(XLINKNS))
    link = _element("text:a", f' xlink:href={_attr(href)} xlink:type="simple"', _text(text))
    return _cell("string", "", style, f"<text:p>{link}</text:p>")


def _value_cell(value, kind: str, styles: _Styles) -> str:
    if kind in (COUNT, PERCENT) and isinstance(value, int) and not isinstance(value, bool):
        shown = f"{value:,}" if kind == COUNT else str(value)
        return _cell("float", f" office:value={_attr(str(value))}", styles.number[kind],
                     _element("text:p", "", _text(shown)))
    if kind == DATE and hasattr(value, "isoformat"):
        return _cell("date", f" office:date-value={_attr(value.isoformat())}", styles.number[DATE],
                     _element("text:p", "", _text(day(value))))
    return _text_cell(str(value), styles.numeric_text if kind in (COUNT, PERCENT, DATE) else styles.text)


def _row(*cells: str) -> str:
    return _element("table:table-row", "", "".join(cells))


def _table(name: str, styles: _Styles, widths: list[float], rows: list[str]) -> _Sheet:
    """A sheet: its columns of the given widths (cm), then its rows."""
    columns = [f"<table:table-column table:style-name={_attr(styles.width(w))}/>" for w in widths]
    return _Sheet(_element("table:table", f" table:name={_attr(name)} table:style-name={_attr(styles.sheet)}",
                           "".join(columns + rows)))


def _markdown_link(line: str):
    """"[text](url)" as (text, url); other lines as (line, None)."""
    if line.startswith("[") and "](" in line and line.endswith(")"):
        text, url = line[1:-1].split("](", 1)
        return text, url
    return line, None


def _text_sheet(name: str, lines: list[tuple[str, str, str | None]], width_cm: float, styles) -> _Sheet:
    """A sheet of one column of text: (text, style, link) per row."""
    rows = [_row(_link_cell(text, href, styles.link) if href else _text_cell(text, style))
            for text, style, href in lines]
    return _table(name, styles, [width_cm], rows)


#: Widths (cm) of a character in Liberation Sans, generously: at 10pt, and
#: in a 15pt bold title. Columns are sized from them so that no text is cut
#: when printed (the page is scaled to one page wide, so wide is safe).
CHAR_CM, TITLE_CHAR_CM = 0.21, 0.34
#: A column of long text (a note, a table's description) wraps at this width.
WRAP_CM = 20


def text_width(text: str, title: bool = False) -> float:
    """The printed width of one line of ``text``, in centimetres (generous)."""
    return len(text) * (TITLE_CHAR_CM if title else CHAR_CM) + 0.4


def _widths(title: str, above: list[str], frame, wrap: tuple[str, ...]) -> list[float]:
    """Each column's width: its longest cell (a wrapped column wraps at
    ``WRAP_CM``); then the last column is widened until the title and the
    lines above the table, which run on from column A, fit in the printed
    width (issue 27: an ODS note was cut when printed)."""
    widths = []
    for column in frame.columns:
        shown = [17 if hasattr(v, "isoformat") else len(str(v)) for v in frame[column]]  # "30 September 2016"
        longest = max([len(str(column)) * 0.75] + shown)
        width = max(longest * CHAR_CM + 0.4, 2.2)
        widths.append(min(width, WRAP_CM) if column in wrap else min(width, 14))
    need = max([text_width(title, title=True)] + [text_width(line) for line in above])
    if sum(widths) < need:
        widths[-1] += need - sum(widths)
    return widths


def _data_sheet(name: str, title: str, above: list[str], frame, kinds: dict[str, str], styles,
                links: dict[int, str] | None = None, wrap: tuple[str, ...] = ()) -> tuple[_Sheet, str]:
    """A sheet with a title, lines above the table, then the table with its
    header row; the cells of the ``wrap`` columns wrap. Returns the sheet
    and the table's range address."""
    widths = _widths(title, above, frame, wrap)
    rows = [_row(_text_cell(title, styles.title))]
    rows += [_row(_text_cell(line, styles.text)) for line in above]
    rows.append(_row(*[_text_cell(str(c), styles.header) for c in frame.columns]))
    columns = list(frame.columns)
    for i, record in enumerate(frame.itertuples(index=False, name=None)):
        cells = []
        for col, value in zip(columns, record):
            if links and col == columns[0] and i in links:
                cells.append(_link_cell(str(value), links[i], styles.link))
            elif col in wrap:
                cells.append(_text_cell(str(value), styles.wrapped))
            else:
                cells.append(_value_cell(value, kinds.get(col, "text"), styles))
        rows.append(_row(*cells))
    first = len(above) + 2  # 1-based row of the header
    last = first + len(frame)
    address = f"'{name}'.A{first}:'{name}'.{_column_letter(len(frame.columns))}{last}"
    return _table(name, styles, widths, rows), address


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def write_ods(book: Workbook, path: Path) -> Path:
    """Write ``book`` as an OpenDocument spreadsheet at ``path``."""
    import pandas as pd

    Element.namespaces.clear()
    Element.namespaces.update(_NAMESPACES)
    doc = _Document()
    styles = _Styles(doc)
    ranges = DatabaseRanges()

    cover = [(book.title, styles.title, None)]
    for heading in COVER_SECTIONS:
        cover.append((heading, styles.heading, None))
        for line in book.cover[heading]:
            text, url = _markdown_link(line)
            cover.append((text, styles.wrapped, url))
    # Wrapped lines wrap at 18 cm; the title and headings, which do not, fit.
    cover_width = max([18] + [text_width(t, title=True) for t, style, _ in cover if style != styles.wrapped])
    doc.spreadsheet.appendChild(_text_sheet("Cover", cover, cover_width, styles))

    contents = pd.DataFrame({"Sheet name": [s.name for s in book.sheets],
                             "Table description": [s.title for s in book.sheets]})
    sheet, address = _data_sheet("Contents", "Table of contents",
                                 ["This worksheet contains one table. Each sheet name links to its worksheet."],
                                 contents, {}, styles,
                                 links={i: f"#{s.name}.A1" for i, s in enumerate(book.sheets)},
                                 wrap=("Table description",))
    doc.spreadsheet.appendChild(sheet)
    ranges.addElement(DatabaseRange(name="contents_table", targetrangeaddress=address, containsheader="true"))

    numbers = book.note_numbers()
    notes = pd.DataFrame({"Note number": [numbers[k] for k in book.notes], "Note text": list(book.notes.values())})
    notes = notes.sort_values("Note number")
    sheet, address = _data_sheet("Notes", "Notes",
                                 ["This worksheet contains one table. Tables cite these notes in their titles as "
                                  "[note N]."], notes, {"Note number": COUNT}, styles, wrap=("Note text",))
    doc.spreadsheet.appendChild(sheet)
    ranges.addElement(DatabaseRange(name="notes_table", targetrangeaddress=address, containsheader="true"))

    for s in book.sheets:
        above = [INSTRUCTIONS] + s.legend + [s.source]
        sheet, address = _data_sheet(s.name, book.title_with_notes(s), above, s.table, s.kinds, styles)
        doc.spreadsheet.appendChild(sheet)
        ranges.addElement(DatabaseRange(name=s.table_name, targetrangeaddress=address, containsheader="true"))
    doc.spreadsheet.addElement(ranges)
    doc.save(str(path))
    _fix_zip(path)
    return path


def _fix_zip(path: Path) -> None:
    """Same data, same bytes: odfpy stamps the time in meta.xml and in each
    zip entry; fix both (the mimetype stays first and uncompressed)."""
    fix_zip_stamps(path, "meta.xml", rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?", b"2000-01-01T00:00:00")
