"""Reading plain .xlsx sheets with calamine (native, about ten times faster than openpyxl),
after a cheap check of the raw sheet XML: anything calamine might read differently or that
could cost memory (formulas, merged cells, error cells, wide or sprawling sheets, oversized
parts) is left to the full reader in xlsx_reading, which keeps every guarantee."""
from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable

from .xlsx_reading import SheetRows, TooLarge, choose_sheets

MAX_AREA = 12_000_000
"""Cell slots (last row x last column) calamine may hold for one sheet (~32 bytes each)."""
MAX_PART = 400 * 1024 * 1024
"""Uncompressed bytes of one sheet or of the shared strings; a bigger part is read in full."""
CHUNK = 1 << 20
SHEET_REL = re.compile(rb'<Relationship\b[^>]*>')
TARGET, KIND = re.compile(rb'Target="([^"]+)"'), re.compile(rb'Type="[^"]*/worksheet"')
RICH = b"<r>"
"""Rich text: calamine trims each run's outer spaces unless marked, so 'a ' + 'b' reads 'ab'."""
CELL_REF = re.compile(rb'<c r="([A-Z]{1,2})(\d{1,7})"')
LONG_MARKERS = (b"mergeCell", b' t="e"', b' t="d"')
"""Merged ranges, error and ISO-date cells: sent to the full reader, as are ODD_TAG's tags and
prefixed ones (':f', ':c'); the same bytes inside a cell's text only cost a slower read."""
ODD_TAG = re.compile(rb'<(?:f|[cr]>|c[\t\n])')
"""Formulas ('<f'), unreferenced cells ('<c>'), rich text (RICH) and cells whose name is
followed by a tab or a newline (cells without a reference), in one search."""
BAD_REF = re.compile(rb'<c r="(?![A-Z]{1,2}\d{1,7}")')
"""A cell whose reference CELL_REF would not read, among them a cell in column AAA or beyond
(703+): wider than an interchange file, read in full."""
LONG_ROW = re.compile(rb'<c r="[A-Z]{1,2}(\d{5,7})"')
SHORT_ROWS, WIDEST = 9_999, 702
"""Without a row number of five digits or more, every row is at most SHORT_ROWS; no column
is beyond ZZ (WIDEST): 9,999 x 702 cells fit MAX_AREA, so the rows and columns of a smaller
sheet need no exact maximum."""


class NeedsFullReader(Exception):
    """The file is not one calamine should read alone."""


def read_plain_xlsx(path: Path, wanted: tuple[str, ...], max_rows: int,
                    check_size: Callable[[int, int, int], None] | None = None
                    ) -> dict[str, SheetRows] | None:
    """The chosen sheets as read_xlsx_rows gives them, or None when the full reader must
    read this file (it then gives the same rows, or refuses the file with the reason)."""
    try:
        check_parts(path)
        return _read(path, wanted, max_rows, check_size)
    except TooLarge:
        raise
    except NeedsFullReader:
        return None
    except (OSError, zipfile.BadZipFile, ValueError, KeyError, EOFError, RuntimeError):
        return None
    except Exception as exc:  # noqa: BLE001 - calamine's own errors: the full reader explains
        if type(exc).__module__.startswith("python_calamine"):
            return None
        raise


def check_parts(path: Path) -> None:
    """NeedsFullReader unless every worksheet and the shared strings are small enough and
    every worksheet is plain: cells with references, within MAX_AREA, no formulas or merges."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for part in _worksheet_parts(archive, names):
            _check_sheet(archive, part)
        if "xl/sharedStrings.xml" in names:
            _drain(archive, "xl/sharedStrings.xml", _check_strings)


def _check_strings(chunk: bytes) -> None:
    if RICH in chunk or b":r>" in chunk:
        raise NeedsFullReader("rich text")


def _worksheet_parts(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    rels = archive.read("xl/_rels/workbook.xml.rels")
    parts = []
    for rel in SHEET_REL.findall(rels):
        target = TARGET.search(rel)
        if KIND.search(rel) and target:
            text = target.group(1).decode()
            part = text.lstrip("/") if text.startswith("/") else f"xl/{text}"
            if part not in names:
                raise NeedsFullReader(part)
            parts.append(part)
    return parts


def _check_sheet(archive: zipfile.ZipFile, part: str) -> None:
    """NeedsFullReader unless the sheet is plain; cheap searches first (sheet_bounds), the
    exact extent (exact_extent) only when the cheap bound of the area exceeds MAX_AREA."""
    cells, rows = sheet_bounds(archive, part)
    if cells > MAX_AREA:
        raise NeedsFullReader(part)
    if rows * WIDEST > MAX_AREA and exact_extent(archive, part) > MAX_AREA:
        raise NeedsFullReader(part)


def sheet_bounds(archive: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """(cells, a bound of the last row) of a plain sheet; NeedsFullReader for awkward markers
    and for a cell without a reference CELL_REF reads (exactly as exact_extent's count)."""
    state = [0, 0]

    def scan(chunk: bytes) -> None:
        if (any(marker in chunk for marker in LONG_MARKERS) or ODD_TAG.search(chunk)
                or (b":" in chunk and (b":f" in chunk or b":c" in chunk))
                or BAD_REF.search(chunk)):
            raise NeedsFullReader(part)
        cells = chunk.count(b"<c ")
        if cells != chunk.count(b'<c r="'):
            raise NeedsFullReader(part)
        long_rows = LONG_ROW.findall(chunk)
        state[0] += cells
        state[1] = max(state[1], SHORT_ROWS if cells else 0, *map(int, long_rows))
    _drain(archive, part, scan)
    return state[0], state[1]


def exact_extent(archive: zipfile.ZipFile, part: str) -> int:
    """The last row times the last column of a sheet's cell references."""
    state = {"row": 0, "col": 0}

    def scan(chunk: bytes) -> None:
        refs = CELL_REF.findall(chunk)
        if refs:
            state["row"] = max(state["row"], *map(int, {r for _, r in refs}))
            state["col"] = max(state["col"], *map(_column, {c for c, _ in refs}))
    _drain(archive, part, scan)
    return state["row"] * state["col"]


def _column(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _drain(archive: zipfile.ZipFile, part: str, scan: Callable[[bytes], None]) -> None:
    """Decompress a part in chunks, each cut after a '>' so no tag is split; NeedsFullReader
    past MAX_PART bytes (a zip bomb costs no more than that)."""
    total, rest = 0, b""
    with archive.open(part) as source:
        while block := source.read(CHUNK):
            total += len(block)
            if total > MAX_PART:
                raise NeedsFullReader(part)
            data = rest + block
            cut = data.rfind(b">") + 1
            scan(data[:cut])
            rest = data[cut:]
    scan(rest)


def _read(path: Path, wanted: tuple[str, ...], max_rows: int, check_size
          ) -> dict[str, SheetRows]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum
    with CalamineWorkbook.from_path(str(path)) as book:
        titles = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        if not titles:
            raise NeedsFullReader("no worksheet")
        found = choose_sheets(titles, wanted)
        return {name: _sheet(book.get_sheet_by_name(title), title, max_rows, check_size)
                for name, title in found.items()}


def _sheet(sheet, title: str, max_rows: int, check_size) -> SheetRows:
    """The non-empty rows numbered as in Excel; values as the full reader gives them.

    The grid starts at A1 (skip_empty_area=False: calamine's documented way to keep the
    empty rows and columns before the data, so row and column numbers stay Excel's)."""
    result, cells = SheetRows(title), 0
    shared: dict[str, str] = {}
    grid = sheet.to_python(skip_empty_area=False, nrows=max_rows + 1)
    for number, values in enumerate(grid, start=1):
        row = plain_row(values, shared)
        if row:
            cells += len(row)
            if check_size:
                check_size(number, len(row), cells)
            result.rows.append((number, row))
    return result


SHARED = 100_000
"""Distinct texts of a sheet held once (calamine gives each cell its own copy; a column
repeats a few codes): about 1 kB less per row of the cases sheet."""


def plain_row(values: Iterable[Any], shared: dict[str, str] | None = None) -> list[Any]:
    """Calamine's cells as openpyxl gives them: blanks None, whole numbers int, dates as
    midnight datetimes; trailing blanks dropped. With `shared`, equal texts of the sheet
    become one object (at most SHARED of them)."""
    row: list[Any] = []
    for value in values:
        kind = value.__class__
        if kind is str:
            if shared is not None and value:
                value = shared.get(value) or _share(shared, value)
            row.append(value if value else None)
        elif kind is float:
            row.append(int(value) if value.is_integer() and abs(value) < 2 ** 53 else value)
        elif kind is date:
            row.append(datetime(value.year, value.month, value.day))
        else:
            row.append(value)
    while row and row[-1] is None:
        row.pop()
    return row


def _share(shared: dict[str, str], text: str) -> str:
    if len(shared) < SHARED:
        shared[text] = text
    return text
