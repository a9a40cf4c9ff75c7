"""Streaming the sheets of an .xlsx workbook in one lxml pass each: cell values as openpyxl reads
them (cached formula results), merged ranges, and formulas that lack a saved result."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from lxml import etree

from .rows import xlsx_unescape

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW, CELL, VALUE, FORMULA = f"{NS}row", f"{NS}c", f"{NS}v", f"{NS}f"
INLINE, TEXT, RUN, MERGE = f"{NS}is", f"{NS}t", f"{NS}r", f"{NS}mergeCell"
SHARED = f"{NS}si"
MERGE_REF = re.compile(r"^[A-Z]+[0-9]+:[A-Z]+[0-9]+$")
DIGITS = "0123456789"
WIDE = 1_000
"""Rows wider than this are measured by their last cell that holds a value."""


class TooLarge(ValueError):
    """The sheet is past a size limit; the message says which, after "'file.xlsx' "."""


@dataclass(frozen=True)
class Merge:
    """A merged range: its reference and its bounds (rows 1-based, columns 0-based)."""

    ref: str
    first_row: int
    last_row: int
    first_col: int
    last_col: int


@dataclass
class SheetRows:
    """The non-empty rows of one sheet numbered as in Excel, and its merged ranges."""

    title: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)


def read_xlsx_rows(path: Path, wanted: tuple[str, ...], max_rows: int,
                   formula: Callable[[str], Any],
                   check_size: Callable[[int, int, int], None] | None = None
                   ) -> dict[str, SheetRows]:
    """The first wanted sheet (or the workbook's first sheet) and any other wanted sheets.

    Cached formula results are used; a formula without a stored result becomes `formula(text)`.
    Reading stops after the row numbered `max_rows + 1`. Empty cells take no room; after each
    row `check_size(row, width, cells so far)` may raise TooLarge to stop reading.
    """
    book = Book(path)
    try:
        found = choose_sheets(book.titles, wanted)
        return {name: book.read(title, max_rows, formula, check_size)
                for name, title in found.items()}
    finally:
        book.close()


def choose_sheets(titles: list[str], wanted: tuple[str, ...]) -> dict[str, str]:
    by_name = {title.strip().lower(): title for title in titles}
    chosen = {wanted[0]: by_name.get(wanted[0], titles[0])}
    chosen.update({name: by_name[name] for name in wanted[1:] if name in by_name})
    return chosen


class Book:
    """What reading a sheet needs from the workbook: the worksheet files, shared strings, the
    styles that make a number a date, and the date epoch. openpyxl's own reader finds them
    (the steps of load_workbook(read_only=True) before it scans every sheet for its size)."""

    def __init__(self, path: Path) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet
        reader = ExcelReader(path, read_only=True, data_only=True)
        self.archive = reader.archive
        try:
            reader.read_manifest()
            self.strings = _shared_strings(reader)
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
        except Exception:
            self.close()
            raise
        book = reader.wb
        self.epoch, self.dates, self.durations = book.epoch, book._date_formats, book._timedelta_formats
        from openpyxl.utils.datetime import from_excel
        self.from_excel = from_excel
        """openpyxl's conversion of a date-styled number, bound once (an import statement per
        date cell cost 0.8 µs, as much as half the conversion)."""
        self.paths = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()
                      if rel.target in reader.valid_files and "chartsheet" not in rel.Type}
        self.titles = list(self.paths)

    def read(self, title: str, max_rows: int, formula: Callable[[str], Any],
             check_size=None) -> SheetRows:
        """One sheet's rows and merged ranges, in a single pass over its XML."""
        sheet = SheetRows(title)
        sheet.merges = self.stream(title, max_rows, formula, check_size, sheet.rows.append)
        return sheet

    def stream(self, title: str, max_rows: int, formula: Callable[[str], Any], check_size,
               add: Callable[[tuple[int, list[Any]]], None]) -> list[Merge]:
        """One sheet's rows handed to `add` as (row number, values) as they are read, in a
        single pass over its XML; its merged ranges (known at the end of the XML) returned."""
        with self.archive.open(self.paths[title]) as source:
            parser = SheetParser(self, formula, check_size)
            for element in _elements(source):
                if element.tag == MERGE:
                    parser.merge(element.get("ref") or "")
                elif parser.row(element, add, max_rows) > max_rows:
                    break
        return list(parser.merges.values())

    def close(self) -> None:
        self.archive.close()


def _shared_strings(reader) -> list[str]:
    """The shared strings with Excel's _xHHHH_ escapes undone exactly (openpyxl's own reader
    drops every 'x005F_', which turns an escaped literal '_x0001_' into a control character)."""
    from openpyxl.cell.text import Text
    from openpyxl.xml.constants import SHARED_STRINGS
    part = reader.package.find(SHARED_STRINGS)
    if part is None:
        return []
    strings = []
    with reader.archive.open(part.PartName[1:]) as source:
        for _, node in etree.iterparse(source, events=("end",), tag=SHARED,
                                       resolve_entities=False, no_network=True):
            strings.append(xlsx_unescape(Text.from_tree(node).content))
            node.clear()
    return strings


def _elements(source):
    """Each row and each merged range of a worksheet's XML, freed once handled."""
    events = etree.iterparse(source, events=("end",), tag=(ROW, MERGE), resolve_entities=False,
                             no_network=True, remove_comments=True, remove_pis=True)
    for _, element in events:
        yield element
        if element.tag == ROW:
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]


class SheetParser:
    """Turns row elements into value lists the way openpyxl's read-only reader numbers and
    fills them (missing row numbers count on from the previous row, cells from the left)."""

    def __init__(self, book: Book, formula: Callable[[str], Any], check_size=None) -> None:
        self.book, self.formula, self.check_size = book, formula, check_size
        self.cells = 0
        self.number = self.counter = 0  # the row as the file numbers it / as rows are yielded
        self.column = 0
        self.columns: dict[str, int] = {}
        self.shared: dict[str, Any] = {}
        self.merges: dict[str, Merge] = {}

    def row(self, element, add: Callable[[tuple[int, list[Any]]], None], max_rows: int) -> int:
        """Hand the row (when it has cells) to `add` and return its number; rows past the one
        after `max_rows` are not read."""
        if self.begin_row(element.get("r"), max_rows):
            self.end_row([self.cell(c) for c in element if c.tag == CELL], add, max_rows)
        return self.counter

    def begin_row(self, ref: str | None, max_rows: int) -> bool:
        """Number the row whose reference is `ref`; False for a repeated or out-of-order row
        (openpyxl skips it: its cells are not read)."""
        self.number = _row_number(ref) if ref else self.number + 1
        self.column = 0
        if self.number <= self.counter:
            return False
        self.counter = min(self.number, max_rows + 1)
        return True

    def end_row(self, cells: list[tuple[int, Any]],
                add: Callable[[tuple[int, list[Any]]], None], max_rows: int) -> None:
        """Hand the numbered row's (column, value) cells to `add` as a value list, when it has
        cells and is not past the row after `max_rows`."""
        if not cells or self.number > max_rows + 1:
            return
        width = self.width(cells)
        values = [None] * width
        for column, value in cells:
            if column <= width:
                values[column - 1] = value
        add((self.number, values))

    def width(self, cells: list[tuple[int, Any]]) -> int:
        """As wide as the last cell (as openpyxl reads it); past MAX_COLUMNS, empty cells (e.g.
        formatting out to column XFD) are not counted, so they take no memory; check_size runs
        before anything is allocated."""
        width = cells[-1][0]
        if width > WIDE:
            width = max((column for column, value in cells if value is not None), default=0)
        self.cells += width
        if self.check_size:
            self.check_size(self.number, width, self.cells)
        return width

    def cell(self, element) -> tuple[int, Any]:
        ref = element.get("r")
        if ref:
            column = self.columns.get(ref.rstrip(DIGITS))
            self.column = column if column is not None else self.column_of(ref)
        else:
            self.column += 1
        text = inline = formula = None
        for child in element:
            tag = child.tag
            if tag == VALUE:
                text = child.text
            elif tag == FORMULA:
                formula = child
            elif tag == INLINE:
                inline = child
        value = self.value(element.get("t", "n"), text, inline, element.get("s"))
        if formula is not None:
            value = self.unsaved_formula(value, formula, ref)
        return self.column, value

    def column_of(self, ref: str) -> int:
        """The column number of a cell reference like 'AB12' (remembered per letters)."""
        from openpyxl.utils.cell import coordinate_to_tuple
        column = self.columns[ref.rstrip(DIGITS)] = coordinate_to_tuple(ref)[1]
        return column

    def value(self, kind: str, text: str | None, inline, style: str | None) -> Any:
        """The cell's value as openpyxl gives it with data_only (see WorkSheetParser)."""
        if kind == "inlineStr":
            return inline_value(_inline_text(inline) if inline is not None else None)
        return self.text_value(kind, text, style)

    def text_value(self, kind: str, text: str | None, style: str | None) -> Any:
        """The value of a cell of any kind but an inline string, from its <v> text."""
        if not text:
            return None
        if kind == "n":
            return self.number_value(text, int(style) if style else 0)
        if kind == "s":
            return self.book.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601
            return from_ISO8601(text)
        return text

    def number_value(self, text: str, style: int) -> Any:
        value = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
        if style not in self.book.dates:
            return value
        try:
            return self.book.from_excel(value, self.book.epoch,
                                        timedelta=style in self.book.durations)
        except (OverflowError, ValueError):
            return "#VALUE!"

    def unsaved_formula(self, value: Any, element, ref: str | None) -> Any:
        """The value, or `formula(text)` when the formula has no saved result (openpyxl's
        formula text: shared formulas translated to this cell, data tables left empty)."""
        text = "=" + (element.text or "")
        kind = element.get("t")
        if kind == "shared":
            index = element.get("si")
            if index in self.shared:
                text = self.shared[index].translate_formula(ref)
            elif text != "=":
                from openpyxl.formula.translate import Translator
                self.shared[index] = Translator(text, ref)
        if value is not None or kind == "dataTable":
            return value
        return self.formula(text)

    def merge(self, ref: str) -> None:
        if MERGE_REF.match(ref) and ref not in self.merges:
            self.merges[ref] = merge_of(ref)


def inline_value(text: str | None) -> str | None:
    """An inline string cell's value from its text (None: the cell has no <is>)."""
    return xlsx_unescape(text) if text is not None else None


def _row_number(ref: str) -> int:
    try:
        return int(ref)
    except ValueError:
        number = float(ref)
        if not number.is_integer():
            raise
        return int(number)


def _inline_text(element) -> str:
    """An inline string without its formatting (plain text, then the rich-text runs)."""
    if len(element) == 1 and element[0].tag == TEXT:
        return element[0].text or ""
    parts = [child.text for child in element if child.tag == TEXT and child.text]
    for run in element:
        if run.tag == RUN:
            parts += [t.text for t in run if t.tag == TEXT and t.text]
    return "".join(parts)


def merge_of(ref: str) -> Merge:
    from openpyxl.utils import range_boundaries
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return Merge(ref, min_row, max_row, min_col - 1, max_col - 1)
