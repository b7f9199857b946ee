"""The release's spreadsheet as OpenDocument (ODS), with odfpy.

gptables writes XLSX only (its issue #196 asks for ODS), and GOV.UK asks
for an open format, so this writes the same ``spreadsheet.Workbook`` with
the same structure: a cover, a contents sheet whose sheet names link to
the sheets, a notes sheet, then one table per sheet with its title (notes
cited as "[note N]"), a line on the layout, any shorthand legend, the
source and the table. Each table is a named database range (ODS's
counterpart of an Excel table), numbers are stored as numbers with a
number style, dates as dates, and no cell is merged.
"""

from __future__ import annotations

from pathlib import Path

from odf import number as num
from odf.element import Element
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import (MasterPage, PageLayout, PageLayoutProperties, ParagraphProperties, Style,
                       TableCellProperties, TableColumnProperties, TableProperties, TextProperties)
from odf.table import (DatabaseRange, DatabaseRanges, Table, TableCell, TableColumn, TableRow)
from odf.text import A, P

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


class _Styles:
    """The few cell styles the workbook uses, registered once."""

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
        self.sheet = Style(name="ta_sheet", family="table", masterpagename="Landscape")
        self.sheet.addElement(TableProperties(display="true"))
        doc.automaticstyles.addElement(self.sheet)

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
        return style

    def width(self, cm: float):
        """A column style of ``cm`` centimetres."""
        key = round(cm, 1)
        if key not in self._widths:
            style = Style(name=f"co_{len(self._widths)}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=f"{key}cm"))
            self.doc.automaticstyles.addElement(style)
            self._widths[key] = style
        return self._widths[key]


def _text_cell(text: str, style) -> TableCell:
    cell = TableCell(valuetype="string", stylename=style)
    cell.addElement(P(text=str(text)))
    return cell


def _link_cell(text: str, href: str, style) -> TableCell:
    cell = TableCell(valuetype="string", stylename=style)
    p = P()
    p.addElement(A(href=href, text=text))
    cell.addElement(p)
    return cell


def _value_cell(value, kind: str, styles: _Styles) -> TableCell:
    if kind in (COUNT, PERCENT) and isinstance(value, int) and not isinstance(value, bool):
        cell = TableCell(valuetype="float", value=str(value), stylename=styles.number[kind])
        cell.addElement(P(text=f"{value:,}" if kind == COUNT else str(value)))
        return cell
    if kind == DATE and hasattr(value, "isoformat"):
        cell = TableCell(valuetype="date", datevalue=value.isoformat(), stylename=styles.number[DATE])
        cell.addElement(P(text=day(value)))
        return cell
    return _text_cell(str(value), styles.numeric_text if kind in (COUNT, PERCENT, DATE) else styles.text)


def _row(*cells) -> TableRow:
    row = TableRow()
    for cell in cells:
        row.addElement(cell)
    return row


def _markdown_link(line: str):
    """"[text](url)" as (text, url); other lines as (line, None)."""
    if line.startswith("[") and "](" in line and line.endswith(")"):
        text, url = line[1:-1].split("](", 1)
        return text, url
    return line, None


def _text_sheet(name: str, lines: list[tuple[str, object, str | None]], width_cm: float, styles) -> Table:
    """A sheet of one column of text: (text, style, link) per row."""
    table = Table(name=name, stylename=styles.sheet)
    table.addElement(TableColumn(stylename=styles.width(width_cm)))
    for text, style, href in lines:
        table.addElement(_row(_link_cell(text, href, styles.link) if href else _text_cell(text, style)))
    return table


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
                links: dict[int, str] | None = None, wrap: tuple[str, ...] = ()) -> tuple[Table, str]:
    """A sheet with a title, lines above the table, then the table with its
    header row; the cells of the ``wrap`` columns wrap. Returns the sheet
    and the table's range address."""
    table = Table(name=name, stylename=styles.sheet)
    for width in _widths(title, above, frame, wrap):
        table.addElement(TableColumn(stylename=styles.width(width)))
    table.addElement(_row(_text_cell(title, styles.title)))
    for line in above:
        table.addElement(_row(_text_cell(line, styles.text)))
    table.addElement(_row(*[_text_cell(str(c), styles.header) for c in frame.columns]))
    for i, record in enumerate(frame.itertuples(index=False, name=None)):
        cells = []
        for col, value in zip(frame.columns, record):
            if links and col == frame.columns[0] and i in links:
                cells.append(_link_cell(str(value), links[i], styles.link))
            elif col in wrap:
                cells.append(_text_cell(str(value), styles.wrapped))
            else:
                cells.append(_value_cell(value, kinds.get(col, "text"), styles))
        table.addElement(_row(*cells))
    first = len(above) + 2  # 1-based row of the header
    last = first + len(frame)
    address = f"'{name}'.A{first}:'{name}'.{_column_letter(len(frame.columns))}{last}"
    return table, address


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
    doc = OpenDocumentSpreadsheet()
    styles = _Styles(doc)
    ranges = DatabaseRanges()

    cover = [(book.title, styles.title, None)]
    for heading in COVER_SECTIONS:
        cover.append((heading, styles.heading, None))
        for line in book.cover[heading]:
            text, url = _markdown_link(line)
            cover.append((text, styles.wrapped, url))
    # Wrapped lines wrap at 18 cm; the title and headings, which do not, fit.
    cover_width = max([18] + [text_width(t, title=True) for t, style, _ in cover if style is not styles.wrapped])
    doc.spreadsheet.addElement(_text_sheet("Cover", cover, cover_width, styles))

    contents = pd.DataFrame({"Sheet name": [s.name for s in book.sheets],
                             "Table description": [s.title for s in book.sheets]})
    sheet, address = _data_sheet("Contents", "Table of contents",
                                 ["This worksheet contains one table. Each sheet name links to its worksheet."],
                                 contents, {}, styles,
                                 links={i: f"#{s.name}.A1" for i, s in enumerate(book.sheets)},
                                 wrap=("Table description",))
    doc.spreadsheet.addElement(sheet)
    ranges.addElement(DatabaseRange(name="contents_table", targetrangeaddress=address, containsheader="true"))

    numbers = book.note_numbers()
    notes = pd.DataFrame({"Note number": [numbers[k] for k in book.notes], "Note text": list(book.notes.values())})
    notes = notes.sort_values("Note number")
    sheet, address = _data_sheet("Notes", "Notes",
                                 ["This worksheet contains one table. Tables cite these notes in their titles as "
                                  "[note N]."], notes, {"Note number": COUNT}, styles, wrap=("Note text",))
    doc.spreadsheet.addElement(sheet)
    ranges.addElement(DatabaseRange(name="notes_table", targetrangeaddress=address, containsheader="true"))

    for s in book.sheets:
        above = [INSTRUCTIONS] + s.legend + [s.source]
        sheet, address = _data_sheet(s.name, book.title_with_notes(s), above, s.table, s.kinds, styles)
        doc.spreadsheet.addElement(sheet)
        ranges.addElement(DatabaseRange(name=s.table_name, targetrangeaddress=address, containsheader="true"))
    doc.spreadsheet.addElement(ranges)
    doc.save(str(path))
    _fix_zip(path)
    return path


def _fix_zip(path: Path) -> None:
    """Same data, same bytes: odfpy stamps the time in meta.xml and in each
    zip entry; fix both (the mimetype stays first and uncompressed)."""
    fix_zip_stamps(path, "meta.xml", rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?", b"2000-01-01T00:00:00")
