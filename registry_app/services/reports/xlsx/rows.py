"""A workbook whose long tables are written fast: openpyxl lays each sheet out (banner, header,
widths, frozen header, filter) and the data rows go into the saved file as sheet XML, exactly
as openpyxl writes them (inline strings, numbers, dates as styled serial numbers).

Writing a month's Cases sheet (~3,600 cases x 91 columns) cell by cell through openpyxl took
seconds; this takes a fraction of a second and holds no cell objects.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable, Iterable, Sequence
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import time_to_days, to_excel

from .column_cells import MARK, rows_by_column

DATE_FORMAT, DATETIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
MAX_TEXT = 32767
"""Longest text a cell holds (openpyxl cuts longer text the same way)."""
DIMENSION = re.compile(rb'<dimension ref="([A-Z]+[0-9]+)(?::([A-Z]+)[0-9]+)?"\s*/>')


@dataclass(frozen=True)
class Column:
    """How a column's values are written: numbers in this format, values turned into text
    first (e.g. yes/no) when `text` is given. Dates and times always get a date format."""

    number_format: str | None = None
    text: Callable[[Any], str] | None = None


class ReportWorkbook(Workbook):
    """An openpyxl workbook whose sheets can take rows written straight into the file."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[int, tuple[Any, list[str], int]] = {}
        self._styles: dict[Any, Any] = {}  # by number format, or by (format, style ids)
        self._widths: dict[int, int] = {}
        self._serials: dict[date, str] = {}
        self._days: dict[date, float] = {}

    def add_rows(self, sheet, first: int, columns: Sequence[Column],
                 rows: Iterable[Sequence[Any]]) -> int:
        """Put rows below the sheet's header, from row `first`; returns the last row number
        (first - 1 when there are none). Once per sheet (a second call replaces the rows);
        the sheet's own cells must all lie above `first`."""
        writer = _RowWriter(self, sheet, columns)
        rows = list(rows)
        parts = rows_by_column(first, rows, writer.columns, writer.cell, writer.date_times)
        if parts is None:
            parts = [writer.row(number, values) for number, values in enumerate(rows, start=first)]
        if parts:
            self._rows[id(sheet)] = (sheet, parts, first + len(parts) - 1)
        return first + len(rows) - 1

    def add_cells(self, sheet, first: int, rows: Iterable[Sequence[tuple[Any, str]]]) -> int:
        """Like add_rows, for rows of (value, style) cells, each cell in its own style (the
        attribute from cell_style). A cell without a value is written only when styled; a
        row without cells is left empty. Returns the last row number."""
        writer = _RowWriter(self, sheet, ())
        number, parts, width = first - 1, [], 1
        for number, cells in enumerate(rows, start=first):
            parts.append(writer.styled_row(number, cells))
            width = max(width, len(cells))
        if parts:
            self._rows[id(sheet)] = (sheet, parts, number)
            self._widths[id(sheet)] = width
        return number

    def cell_style(self, sheet, number_format: str | None = None, font=None, fill=None,
                   alignment=None) -> str:
        """The ' s="n"' attribute of a cell with this number format, font, fill and alignment
        (registered once; '' for the default style)."""
        key = (number_format, id(font), id(fill), id(alignment))  # hashing styles is slow
        if key not in self._styles:
            cell = Cell(sheet)
            for name, value in zip(("number_format", "font", "fill", "alignment"),
                                   (number_format, font, fill, alignment)):
                if value is not None:
                    setattr(cell, name, value)
            attribute = f' s="{cell.style_id}"' if cell.has_style else ""
            self._styles[key] = (attribute, font, fill, alignment)  # kept: their ids stay theirs
        return self._styles[key][0]

    def style(self, sheet, number_format: str | None) -> str:
        """The ' s="n"' attribute of a cell in this number format (registered once)."""
        if number_format not in self._styles:
            if number_format is None:
                self._styles[None] = ""
            else:
                cell = Cell(sheet)
                cell.number_format = number_format
                self._styles[number_format] = f' s="{cell.style_id}"'
        return self._styles[number_format]

    def serial(self, value: date) -> str:
        """A date or time as Excel's serial number text (remembered: dates repeat)."""
        text = self._serials.get(value)
        if text is None:
            text = self._serials[value] = "%.16g" % self.excel_number(value)
        return text

    def excel_number(self, value: date) -> float:
        """openpyxl's to_excel; a time of day is added to its date's number, which is
        remembered (dates and times hardly repeat, their dates do)."""
        if type(value) is not datetime or value.tzinfo is not None:
            return to_excel(value)
        day = self._days.get(value.date())
        if day is None:
            day = self._days[value.date()] = to_excel(value.date())
        return day + time_to_days(value)

    def save(self, filename) -> None:
        """Save as openpyxl does, then put the streamed rows into their sheets' XML."""
        buffer = io.BytesIO()
        super().save(buffer)
        pending = {sheet.path.lstrip("/"): (parts, last, self._widths.get(id(sheet)))
                   for sheet, parts, last in self._rows.values()}
        with zipfile.ZipFile(buffer) as source, \
                zipfile.ZipFile(filename, "w", zipfile.ZIP_DEFLATED, allowZip64=True,
                                compresslevel=1) as target:  # the long sheets: fast
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename in pending:
                    with target.open(info.filename, "w") as sheet_file:
                        _write_with_rows(sheet_file, data, *pending[info.filename])
                else:  # the entry's own level (zlib's default), as openpyxl wrote it
                    target.writestr(info, data)


class _RowWriter:
    """Turns value rows into <row> elements for one sheet's columns."""

    def __init__(self, book: ReportWorkbook, sheet, columns: Sequence[Column]) -> None:
        self.book = book
        self.columns: list[tuple[str, str, Callable[[Any], str] | None, dict[Any, str]]]
        self.columns = [(f'<c r="{get_column_letter(i)}', book.style(sheet, c.number_format),
                         c.text, {}) for i, c in enumerate(columns, start=1)]
        self.date_style = book.style(sheet, DATE_FORMAT)
        self.datetime_style = book.style(sheet, DATETIME_FORMAT)
        self.texts: dict[str, str] = {}  # text cells' XML by text (styled rows): words repeat

    def row(self, number: int, values: Sequence[Any]) -> str:
        """One <row> (rows_by_column makes a sheet's rows faster, cell for cell the same)."""
        cells = "".join(map(self.cell, self.columns, values))
        return f'<row r="{number}">' + cells.replace(MARK, f'{number}"') + "</row>"

    def cell(self, column: tuple, value: Any) -> str:
        """A cell's XML with MARK for its row number, '' for no value; the column remembers the
        XML after a cell's reference per value (codes, yes/no, scores and dates repeat)."""
        if value is None:
            return ""
        start, style, text, ends = column
        if text is not None:
            value = text(value)
        kind = type(value)
        if kind is str:  # the most frequent: keyed by the text itself
            end = ends.get(value)
            if end is None:
                end = ends[value] = _text_end(value)
        elif kind in CACHED:
            key = (kind, value)  # 1, 1.0 and True are different cells
            end = ends.get(key)
            if end is None:
                end = ends[key] = self.cell_end(value, style)
        else:
            end = self.cell_end(value, style)
        return start + MARK + end

    def date_times(self, column: tuple, values: Sequence[datetime | None]) -> list[str] | None:
        """A column's cells of date-times (or blanks) at once, as `cell` makes them one by
        one; None for a column whose values are turned into text."""
        start, _, text, _ = column
        if text is not None:
            return None
        head, number = f'{start}{MARK}{self.datetime_style} t="n"><v>', self.book.excel_number
        return ["" if value is None else f'{head}{"%.16g" % number(value)}</v></c>'
                for value in values]

    def styled_row(self, number: int, cells: Sequence[tuple[Any, str]]) -> str:
        """One <row> of (value, style) cells; '' when no cell is written."""
        at = f'{number}"'
        found = []
        for column, (value, style) in enumerate(cells, start=1):
            start = f'<c r="{get_column_letter(column)}{at}'
            if value is not None:
                found.append(start + self.styled_end(value, style))
            elif style:
                found.append(f"{start}{style}/>")
        return f'<row r="{number}">{"".join(found)}</row>' if found else ""

    def styled_end(self, value: Any, style: str) -> str:
        """cell_end of a value in the given style, text too; a date's style must hold a date
        format (an unstyled date gets the sheet's date format)."""
        kind = type(value)
        if kind is str:
            end = self.texts.get(value)
            if end is None:
                end = self.texts[value] = _text_end(value)
            return style + end
        if style and (kind is date or kind is datetime):
            return f'{style} t="n"><v>{self.book.serial(value)}</v></c>'
        return self.cell_end(value, style)

    def cell_end(self, value: Any, style: str) -> str:
        """The cell's XML after '<c r="A1"': style, type and value."""
        kind = type(value)
        if kind is str:
            return _text_end(value)
        if kind is bool:
            return f'{style} t="b"><v>{int(value)}</v></c>'
        if kind is int or kind is float:
            return f'{style} t="n"><v>{_number(value)}</v></c>'
        if kind is datetime:
            return f'{self.datetime_style} t="n"><v>{self.book.serial(value)}</v></c>'
        if kind is date:
            return f'{self.date_style} t="n"><v>{self.book.serial(value)}</v></c>'
        if isinstance(value, (list, tuple)):
            return _text_end("; ".join(str(v) for v in value))
        return self.cell_end(_plain(value), style)


CACHED = frozenset({str, int, float, bool, date})
"""Value types whose cell XML is remembered per column."""


def _plain(value: Any) -> Any:
    """Another type's value as openpyxl would store it (numbers stay numbers)."""
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, (int, float)):
        return float(value) if isinstance(value, float) else int(value)
    if isinstance(value, datetime):
        return datetime.combine(value.date(), value.time())
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    return str(value)


def _number(value: int | float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    return "%.16g" % value


def _text_end(value: str) -> str:
    """An inline string; characters XML cannot hold are left out (openpyxl would stop)."""
    text = value[:MAX_TEXT]
    printable = text.isprintable()  # then no control character: none to leave out, no \r
    if not printable:
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if not text:  # as openpyxl writes an empty text: a cell that reads back as empty
        return ' t="inlineStr"/>'
    space = ' xml:space="preserve"' if text != text.strip() else ""
    body = escape(text) if printable else escape(text).replace("\r", "&#13;")
    return f' t="inlineStr"><is><t{space}>{body}</t></is></c>'


ROWS_AT_ONCE = 500
"""Rows encoded and written into the zip entry at a time (no copy of a whole sheet's XML)."""


def _write_with_rows(out, sheet_xml: bytes, rows: list[str], last: int,
                     width: int | None = None) -> None:
    """Write the sheet's XML with the rows appended to its sheetData (_around_rows) to `out`, a
    few hundred rows at a time: a month's Cases sheet is about 9 MB of XML, and each whole
    copy of it cost a fresh process about 15 ms of page faults."""
    head, tail = _around_rows(sheet_xml, last, width)
    out.write(head)
    for start in range(0, len(rows), ROWS_AT_ONCE):
        out.write("".join(rows[start:start + ROWS_AT_ONCE]).encode("utf-8"))
    out.write(b"</sheetData>" + tail)


def _around_rows(sheet_xml: bytes, last: int, width: int | None = None) -> tuple[bytes, bytes]:
    """The sheet's XML before and after the end of its sheetData (where the rows go), its
    dimension widened to row `last` (and to `width` columns when the rows are wider than the
    sheet's own cells)."""
    for empty in (b"<sheetData/>", b"<sheetData />"):
        sheet_xml = sheet_xml.replace(empty, b"<sheetData></sheetData>", 1)
    head, tail = sheet_xml.split(b"</sheetData>", 1)
    found = DIMENSION.search(head)
    if found:
        start, end_column = found.group(1), found.group(2) or found.group(1).rstrip(b"0123456789")
        if width is not None and column_index_from_string(end_column.decode()) < width:
            end_column = get_column_letter(width).encode()
        wider = b'<dimension ref="%s:%s%d"/>' % (start, end_column, last)
        head = head[:found.start()] + wider + head[found.end():]
    return head, tail
