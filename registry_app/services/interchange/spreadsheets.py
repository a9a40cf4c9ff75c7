"""Reading .csv and .xlsx files into plain rows, robust to hostile input."""
from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ...domain.errors import RegistryError
from . import continued_sheets as continued
from .rows import ATTEMPTS_SHEET, CASES_SHEET, CONTACTS_SHEET
from .xlsx_fast import read_plain_xlsx
from .xlsx_reading import TooLarge, read_xlsx_rows

MAX_ROWS = 1_000_000
MAX_COLUMNS = 1_000
MAX_CELLS = 50_000_000
"""Limits of what an import reads (rows, columns, cell slots up to each row's last value): a
file beyond them is refused with the reason, so a hostile file cannot exhaust the memory."""
ZIP_MAGIC = b"PK\x03\x04"
FAST_XLSX = True
"""Plain workbooks are read by calamine (interchange/xlsx_fast.py); False: always the full reader."""


class UnreadableFile(RegistryError):
    """The file could not be read as a spreadsheet."""


@dataclass(frozen=True)
class FormulaCell:
    """A cell that holds a formula instead of a value (CSV text '=...', or xlsx without result)."""

    formula: str

    def __str__(self) -> str:
        return self.formula


@dataclass
class Table:
    """One sheet: its header and its rows with their row numbers as the user sees them.

    `row_problems` holds reasons that concern a whole row (e.g. cells merged across
    columns); `warnings` concern the sheet (e.g. merged cells whose value was copied down).
    """

    name: str
    header: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    row_problems: dict[int, list[str]] = field(default_factory=dict)
    continued: list[Table] = field(default_factory=list)
    """Later worksheets of a sheet continued past a worksheet's rows ('attempts (2)', ...),
    their rows in this sheet's columns: `rows` holds theirs too, `worksheets` gives them apart."""

    def worksheets(self) -> list[Table]:
        """The sheet as the worksheets it was read from, each with its own name, row numbers
        and row problems (so every problem names the worksheet and row it is on)."""
        if not self.continued:
            return [self]
        count = len(self.rows) - sum(len(part.rows) for part in self.continued)
        first = Table(self.name, self.header, self.rows[:count], [], self.row_problems)
        return [first, *self.continued]

    def records(self) -> list[tuple[int, dict[str, Any]]]:
        """(row number, {column: cell}) of every row, a missing cell None (of a column named
        twice, the last cell the row gives)."""
        record = self.recorder()
        return [(number, record(values)) for number, values in self.rows]

    def recorder(self) -> Callable[[list[Any]], dict[str, Any]]:
        """The function giving {column: cell} of one row's cells, as `records` does."""
        header, width = list(self.header), len(self.header)
        if len(set(header)) != width:
            blank = dict.fromkeys(header)
            return lambda values: {**blank, **dict(zip(header, values))}
        padding = [None] * width
        return lambda values: dict(zip(header, values if len(values) >= width
                                       else [*values, *padding[len(values):]]))


def read_tables(path: str | Path) -> dict[str, Table]:
    """The sheets of a workbook or a CSV file (with its .attempts/.contacts companions)."""
    source = Path(path)
    if not source.is_file():
        raise UnreadableFile(f"Import file: '{source}' does not exist.")
    suffix = source.suffix.lower()
    if suffix == ".csv":
        return _read_csv_family(source)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(source)
    hint = " Save it from Excel as .xlsx first." if suffix in (".xls", ".ods", ".numbers") else ""
    raise UnreadableFile(f"Import file: '{source.name}' is not a .csv or .xlsx file.{hint}")


def _read_csv_family(path: Path) -> dict[str, Table]:
    tables = {CASES_SHEET: _read_csv(path, CASES_SHEET)}
    for sheet in (ATTEMPTS_SHEET, CONTACTS_SHEET):
        extra = path.with_name(f"{path.stem}.{sheet}{path.suffix}")
        if extra.is_file():
            tables[sheet] = _read_csv(extra, sheet)
    return tables


def _decode(raw: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"Import file: '{path.name}' is not a text file.")  # pragma: no cover


def looks_binary(raw: bytes) -> bool:
    """Whether bytes are not text: a NUL byte, or many control characters near the start."""
    head = raw[:65536]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    return controls > max(8, len(head) // 100)


def _text_of(raw: bytes, path: Path) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if looks_binary(raw):
        hint = " It looks like an Excel workbook: name it .xlsx." if raw.startswith(ZIP_MAGIC) else ""
        raise UnreadableFile(f"Import file: '{path.name}' is not a CSV text file.{hint}")
    return _decode(raw, path)


def _read_csv(path: Path, name: str) -> Table:
    raw = path.read_bytes()
    if not raw.strip():
        raise UnreadableFile(f"Import file: '{path.name}' is empty.")
    text = _text_of(raw, path)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        numbered = _csv_rows(csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter))
    except csv.Error as exc:
        raise UnreadableFile(f"Import file: '{path.name}' is not a readable CSV file ({exc}).") from exc
    except TooLarge as exc:
        raise UnreadableFile(f"Import file: '{path.name}' {exc}") from exc
    table = _table(name, numbered, path)
    table.row_problems = ragged_rows(numbered)
    return table


def ragged_rows(numbered: list[tuple[int, list[Any]]]) -> dict[int, list[str]]:
    """Why rows with fewer cells than the header (a file cut off inside a row), or with more
    filled cells than it, cannot be imported: a missing cell must never clear a value."""
    filled = [(n, r) for n, r in numbered if any(_filled(v) for v in r)]
    if not filled:
        return {}
    width, problems = len(filled[0][1]), {}
    for number, row in filled[1:]:
        if len(row) < width:
            problems[number] = [f"the row has {len(row)} cells but the header has {width}; it"
                                " looks cut off (an incomplete file?), so none of it was"
                                " imported. Complete the row or export the file again."]
        elif any(_filled(v) for v in row[width:]):
            problems[number] = [f"the row has {len(row)} cells but the header has {width}; a"
                                " value may have shifted into the wrong column (a comma or"
                                " separator inside an unquoted value?). Fix the row."]
    return problems


def _csv_rows(reader) -> list[tuple[int, list[Any]]]:
    """Numbered rows of cells; TooLarge as soon as the file passes a limit."""
    numbered, cells = [], 0
    for number, row in enumerate(reader, start=1):
        cells += len(row)
        check_size(number, len(row), cells)
        numbered.append((number, [_csv_cell(v) for v in row]))
    return numbered


def check_size(row: int, width: int, cells: int) -> None:
    """TooLarge when a row is past MAX_ROWS, wider than MAX_COLUMNS, or the cells past MAX_CELLS."""
    if width > MAX_COLUMNS:
        raise TooLarge(f"has {width:,} cells in row {row}; at most {MAX_COLUMNS:,} columns are"
                       " read. Remove the stray cells far to the right and save it again.")
    if row > MAX_ROWS + 1:
        raise TooLarge(f"has more than {MAX_ROWS:,} rows; split it into smaller files.")
    if cells > MAX_CELLS:
        raise TooLarge(f"has more than {MAX_CELLS:,} cells; split it into smaller files.")


def _csv_cell(text: str) -> Any:
    """CSV text as a cell; unquoted text starting with '=' is a formula, not a value."""
    return FormulaCell(text.strip()) if text.lstrip().startswith("=") else text


def _table(name: str, numbered: list[tuple[int, list[Any]]], path: Path,
           header_index: int = 0) -> Table:
    numbered = [(n, r) for n, r in numbered if any(_filled(v) for v in r)]
    if not numbered:
        raise UnreadableFile(f"Import file: '{path.name}' has no rows (sheet '{name}' is empty).")
    if len(numbered) > MAX_ROWS:
        raise UnreadableFile(f"Import file: '{path.name}' has more than {MAX_ROWS:,} rows.")
    (_, header), body = numbered[header_index], numbered[header_index + 1:]
    width = max(len(r) for _, r in numbered)
    names = column_names(list(header) + [None] * (width - len(header)), body)
    keep = [i for i, n in enumerate(names) if n is not None]
    rows = [(n, _kept(r, width, keep)) for n, r in body]
    return Table(name, [n for n in names if n is not None], rows)


def _kept(row: list[Any], width: int, keep: list[int]) -> list[Any]:
    """The row without the columns that have no name; not padded (memory follows the data),
    so a row may be shorter than the header: its missing cells are empty."""
    if len(keep) == width:
        return row
    return [row[i] for i in keep if i < len(row)]


def column_names(header: list[Any], body: list[tuple[int, list[Any]]]) -> list[str | None]:
    """Unique header names; a blank header over data becomes '(column C)', over nothing None.

    Linear in the cells: the columns holding data are found in one pass over the body."""
    blank = {i for i, cell in enumerate(header) if not _filled(cell)}
    with_data = ({i for _, r in body for i, v in enumerate(r) if i in blank and _filled(v)}
                 if blank else set())  # no blank header: no cell to look at
    names: list[str | None] = []
    seen: set[str] = set()
    for index, cell in enumerate(header):
        name = str(cell).strip() if index not in blank else None
        if name is None and index in with_data:
            name = f"(column {column_letter(index)})"
        if name is not None and name in seen:
            name = f"{name} (column {column_letter(index)})"
        if name is not None:
            seen.add(name)
        names.append(name)
    return names


def column_letter(index: int) -> str:
    """'A' for 0, 'AA' for 26: the spreadsheet letter of a zero-based column index."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


SHEETS = (CASES_SHEET, ATTEMPTS_SHEET, CONTACTS_SHEET)


def _budget() -> continued.WorkbookBudget:
    """check_size per sheet, and for the sheets together what the three could hold."""
    return continued.WorkbookBudget(check_size, len(SHEETS) * (MAX_ROWS + 2), len(SHEETS) * MAX_CELLS)


def _read_xlsx(path: Path) -> dict[str, Table]:
    wanted = continued.wanted_sheets(path, SHEETS)  # with the worksheets that continue them
    try:
        sheets = read_plain_xlsx(path, wanted, MAX_ROWS + 2, _budget()) if FAST_XLSX else None
        if sheets is None:  # not plain (or not readable by calamine): the full reader
            sheets = read_xlsx_rows(path, wanted, MAX_ROWS + 2, FormulaCell, _budget())
    except TooLarge as exc:
        raise UnreadableFile(f"Import file: '{path.name}' {exc}") from exc
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise UnreadableFile(f"Import file: '{path.name}' is not a readable Excel workbook"
                             f" ({type(exc).__name__}).") from exc
    tables = {}
    for name, sheet in sheets.items():
        try:
            tables[name] = _sheet_table(name, sheet, path)
        except UnreadableFile:
            if name == CASES_SHEET:
                raise
    try:
        return continued.joined(tables, SHEETS)
    except continued.Unjoinable as exc:
        raise UnreadableFile(f"Import file: '{path.name}' {exc}") from exc


def _sheet_table(name: str, sheet, path: Path) -> Table:
    numbered = [(n, r) for n, r in sheet.rows if any(_filled(v) for v in r)]
    header_index = 1 if _is_notice(numbered) else 0
    merges = [m for m in sheet.merges if numbered and m.first_row > numbered[header_index][0]]
    numbered = apply_merges(numbered, merges)
    table = _table(name, numbered, path, header_index)
    for merge in merges:
        _note_merge(table, merge)
    return table


def _is_notice(numbered: list[tuple[int, list[Any]]]) -> bool:
    """A one-cell banner row above the header (e.g. the identified-export notice)."""
    return (len(numbered) > 1 and sum(_filled(v) for v in numbered[0][1]) == 1
            and sum(_filled(v) for v in numbered[1][1]) > 1)


def apply_merges(numbered: list[tuple[int, list[Any]]], merges) -> list[tuple[int, list[Any]]]:
    """Copy the value of cells merged down one column into every row of the merge."""
    if not merges:
        return numbered
    by_number = {n: list(r) for n, r in numbered}
    for merge in merges:
        if merge.first_col != merge.last_col or merge.first_row not in by_number:
            continue
        top = by_number[merge.first_row]
        value = top[merge.first_col] if merge.first_col < len(top) else None
        for number in range(merge.first_row + 1, merge.last_row + 1):
            row = by_number.setdefault(number, [])
            row.extend([None] * (merge.first_col + 1 - len(row)))
            row[merge.first_col] = value
    return sorted(by_number.items())


def _note_merge(table: Table, merge) -> None:
    if merge.first_col == merge.last_col:
        table.warnings.append(f"Sheet '{table.name}': cells {merge.ref} are merged; the value of"
                              f" row {merge.first_row} was used for rows {merge.first_row}"
                              f"-{merge.last_row}.")
        return
    for number in range(merge.first_row, merge.last_row + 1):
        table.row_problems.setdefault(number, []).append(
            f"cells {merge.ref} are merged across columns; unmerge them and enter each value"
            " in its own column.")
