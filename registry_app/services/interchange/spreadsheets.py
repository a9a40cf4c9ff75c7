"""Reading .csv and .xlsx files into plain rows, robust to hostile input."""
from __future__ import annotations

import csv
import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import continued_sheets as continued
from .csv_text import HEAD, UnreadableFile, chosen_encoding, delimiter, first_line_counts, refuse_empty
from .rows import ATTEMPTS_SHEET, CASES_SHEET, CONTACTS_SHEET
from .xlsx_fast import read_plain_xlsx
from .merged_cells import apply_merges, merge_notes, merges_below
from .xlsx_reading import Merge, TooLarge, read_xlsx_rows

MAX_ROWS = 1_000_000
MAX_COLUMNS = 1_000
MAX_CELLS = 50_000_000
"""Limits of what an import reads (rows, columns, cell slots up to each row's last value): a
file beyond them is refused with the reason, so a hostile file cannot exhaust the memory."""
FAST_XLSX = True
"""Plain workbooks are read by calamine (interchange/xlsx_fast.py); False: always the full reader."""


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
    source, kind = checked_source(path)
    return _read_csv_family(source) if kind == "csv" else _read_xlsx(source)


def checked_source(path: str | Path) -> tuple[Path, str]:
    """The file and its kind ('csv' or 'xlsx'); UnreadableFile when it is missing or neither."""
    source = Path(path)
    if not source.is_file():
        raise UnreadableFile(f"Import file: '{source}' does not exist.")
    suffix = source.suffix.lower()
    if suffix == ".csv":
        return source, "csv"
    if suffix in (".xlsx", ".xlsm"):
        return source, "xlsx"
    hint = " Save it from Excel as .xlsx first." if suffix in (".xls", ".ods", ".numbers") else ""
    raise UnreadableFile(f"Import file: '{source.name}' is not a .csv or .xlsx file.{hint}")


def csv_family(path: Path) -> dict[str, Path]:
    """The cases CSV file and the .attempts/.contacts companions beside it, by sheet."""
    files = {CASES_SHEET: path}
    for sheet in (ATTEMPTS_SHEET, CONTACTS_SHEET):
        extra = path.with_name(f"{path.stem}.{sheet}{path.suffix}")
        if extra.is_file():
            files[sheet] = extra
    return files


def _read_csv_family(path: Path) -> dict[str, Table]:
    return {sheet: _read_csv(file, sheet) for sheet, file in csv_family(path).items()}


def _text_of(raw: bytes, path: Path) -> str:
    texts: dict[str, str] = {}

    def decodes(encoding: str) -> bool:
        try:
            texts[encoding] = raw.decode(encoding)
        except UnicodeDecodeError:
            return False
        return True
    return texts[chosen_encoding(raw[:HEAD], decodes, path)]


def _read_csv(path: Path, name: str) -> Table:
    raw = path.read_bytes()
    if not raw.strip():
        refuse_empty(path)
    text = _text_of(raw, path)
    separator = delimiter(first_line_counts(text.split("\n", 1)[0]))
    with csv_refusals(path):
        numbered = list(csv_rows(csv.reader(io.StringIO(text), csv.excel, delimiter=separator)))
    table = _table(name, numbered, path)
    table.row_problems = ragged_rows(numbered)
    return table


@contextmanager
def csv_refusals(path: Path) -> Iterator[None]:
    """The reasons a CSV file is refused while its rows are read."""
    try:
        yield
    except csv.Error as exc:
        raise UnreadableFile(f"Import file: '{path.name}' is not a readable CSV file ({exc}).") from exc
    except TooLarge as exc:
        raise UnreadableFile(f"Import file: '{path.name}' {exc}") from exc


def ragged_rows(numbered: list[tuple[int, list[Any]]]) -> dict[int, list[str]]:
    """Why rows with fewer cells than the header (a file cut off inside a row), or with more
    filled cells than it, cannot be imported: a missing cell must never clear a value."""
    filled = [(n, r) for n, r in numbered if any(has_value(v) for v in r)]
    if not filled:
        return {}
    width, problems = len(filled[0][1]), {}
    for number, row in filled[1:]:
        problem = ragged_problem(row, width)
        if problem:
            problems[number] = [problem]
    return problems


def ragged_problem(row: list[Any], width: int) -> str | None:
    """Why a row of a CSV file whose header has `width` cells cannot be imported, if it cannot."""
    if len(row) < width:
        return (f"the row has {len(row)} cells but the header has {width}; it looks cut off"
                " (an incomplete file?), so none of it was imported. Complete the row or export"
                " the file again.")
    if len(row) > width and any(has_value(v) for v in row[width:]):
        return (f"the row has {len(row)} cells but the header has {width}; a value may have"
                " shifted into the wrong column (a comma or separator inside an unquoted"
                " value?). Fix the row.")
    return None


def csv_rows(reader: Iterable[list[str]]) -> Iterator[tuple[int, list[Any]]]:
    """Numbered rows of cells; TooLarge as soon as the file passes a limit."""
    cells = 0
    for number, row in enumerate(reader, start=1):
        cells += len(row)
        check_size(number, len(row), cells)
        yield number, [_csv_cell(v) for v in row]


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
    numbered = [(n, r) for n, r in numbered if any(has_value(v) for v in r)]
    check_rows(len(numbered), path, name)
    (_, header), body = numbered[header_index], numbered[header_index + 1:]
    seen = ColumnsSeen(header)
    for _, row in numbered[:header_index]:
        seen.widen(row)
    for _, row in body:
        seen.see(row)
    names, keep = seen.columns()
    rows = [(n, kept_cells(r, seen.width, keep)) for n, r in body]
    return Table(name, names, rows)


class TooManyRows(UnreadableFile):
    """A sheet with more rows than an import reads: the whole file is refused (leaving the
    sheet out would drop its rows without a word)."""


def check_rows(count: int, path: Path, name: str) -> None:
    """UnreadableFile when a sheet has no row with a value; TooManyRows past MAX_ROWS."""
    if not count:
        raise UnreadableFile(f"Import file: '{path.name}' has no rows (sheet '{name}' is empty).")
    if count > MAX_ROWS:
        raise TooManyRows(f"Import file: '{path.name}' has more than {MAX_ROWS:,} rows in sheet"
                          f" '{name}'; split it into smaller files.")


def kept_cells(row: list[Any], width: int, keep: list[int]) -> list[Any]:
    """The row without the columns that have no name; not padded (memory follows the data),
    so a row may be shorter than the header: its missing cells are empty."""
    if len(keep) == width:
        return row
    return [row[i] for i in keep if i < len(row)]


class ColumnsSeen:
    """What naming a sheet's columns needs of its rows, gathered one row at a time: the widest
    row, and the columns without a header name that hold data in a row below the header."""

    def __init__(self, header: list[Any]) -> None:
        self.header, self.width = header, len(header)
        self.blank = [i for i, cell in enumerate(header) if not has_value(cell)]
        self.with_data: set[int] = set()

    def widen(self, row: list[Any]) -> None:
        """A row above the header (a notice): only its width counts."""
        self.width = max(self.width, len(row))

    def see(self, row: list[Any]) -> None:
        """A row below the header; only the cells under a blank name are looked at."""
        length, named = len(row), len(self.header)
        if length > self.width:
            self.width = length
        if self.blank:
            self.with_data.update(i for i in self.blank if i < length and has_value(row[i]))
        if length > named:
            self.with_data.update(i for i in range(named, length) if has_value(row[i]))

    def columns(self) -> tuple[list[str], list[int]]:
        """The column names and the indices of the columns kept (those with a name)."""
        header = list(self.header) + [None] * (self.width - len(self.header))
        names = column_names(header, self.with_data)
        return [n for n in names if n is not None], [i for i, n in enumerate(names) if n is not None]


def column_names(header: list[Any], with_data: set[int]) -> list[str | None]:
    """Unique header names; a blank header over data (a column in `with_data`) becomes
    '(column C)', over nothing None."""
    names: list[str | None] = []
    seen: set[str] = set()
    for index, cell in enumerate(header):
        name = str(cell).strip() if has_value(cell) else None
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


def has_value(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


SHEETS = (CASES_SHEET, ATTEMPTS_SHEET, CONTACTS_SHEET)


def workbook_budget() -> continued.WorkbookBudget:
    """check_size per sheet, and for the sheets together what the three could hold."""
    return continued.WorkbookBudget(check_size, len(SHEETS) * (MAX_ROWS + 2), len(SHEETS) * MAX_CELLS)


def _read_xlsx(path: Path) -> dict[str, Table]:
    wanted = continued.wanted_sheets(path, SHEETS)  # with the worksheets that continue them
    with xlsx_refusals(path):
        sheets = read_plain_xlsx(path, wanted, MAX_ROWS + 2, workbook_budget()) if FAST_XLSX else None
        if sheets is None:  # not plain (or not readable by calamine): the full reader
            sheets = read_xlsx_rows(path, wanted, MAX_ROWS + 2, FormulaCell, workbook_budget())
    tables = {}
    for name, sheet in sheets.items():
        with sheet_or_none(name):
            tables[name] = _sheet_table(name, sheet, path)
    return joined(tables, path)


@contextmanager
def xlsx_refusals(path: Path, passing: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
    """The reasons a workbook is refused while its sheets are read (`passing`: exceptions
    that are not the file's fault, raised as they are)."""
    try:
        yield
    except TooLarge as exc:
        raise UnreadableFile(f"Import file: '{path.name}' {exc}") from exc
    except passing:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise UnreadableFile(f"Import file: '{path.name}' is not a readable Excel workbook"
                             f" ({type(exc).__name__}).") from exc


@contextmanager
def sheet_or_none(name: str) -> Iterator[None]:
    """A sheet other than the cases sheet that has no rows is left out (one with too many
    refuses the file, TooManyRows)."""
    try:
        yield
    except TooManyRows:
        raise
    except UnreadableFile:
        if name == CASES_SHEET:
            raise


def joined(tables: dict[str, continued.S], path: Path) -> dict[str, continued.S]:
    """continued.joined, its refusal as UnreadableFile."""
    try:
        return continued.joined(tables, SHEETS)
    except continued.Unjoinable as exc:
        raise UnreadableFile(f"Import file: '{path.name}' {exc}") from exc


def _sheet_table(name: str, sheet, path: Path) -> Table:
    numbered = [(n, r) for n, r in sheet.rows if any(has_value(v) for v in r)]
    header_index = 1 if is_notice(numbered) else 0
    merges = merges_below(sheet.merges, numbered[header_index][0]) if numbered else []
    numbered = apply_merges(numbered, merges)
    table = _table(name, numbered, path, header_index)
    for merge in merges:
        _note_merge(table, merge)
    return table


def is_notice(numbered: list[tuple[int, list[Any]]]) -> bool:
    """A one-cell banner row above the header (e.g. the identified-export notice)."""
    return (len(numbered) > 1 and sum(has_value(v) for v in numbered[0][1]) == 1
            and sum(has_value(v) for v in numbered[1][1]) > 1)


def _note_merge(table: Table, merge: Merge) -> None:
    warning, problems = merge_notes(table.name, merge)
    table.warnings += [warning] if warning else []
    for number, problem in problems:
        table.row_problems.setdefault(number, []).append(problem)
