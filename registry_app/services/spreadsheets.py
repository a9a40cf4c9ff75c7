"""Reading .csv and .xlsx files into plain rows, robust to hostile input."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.errors import RegistryError
from .interchange import ATTEMPTS_SHEET, CASES_SHEET, CONTACTS_SHEET

MAX_ROWS = 1_000_000


class UnreadableFile(RegistryError):
    """The file could not be read as a spreadsheet."""


@dataclass
class Table:
    """One sheet: its header and its rows with their row numbers as the user sees them."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)

    def records(self) -> list[tuple[int, dict[str, Any]]]:
        return [(number, dict(zip(self.header, values))) for number, values in self.rows]


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
    raise UnreadableFile(f"Import file: '{source.name}' is not a .csv or .xlsx file.")


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
    raise UnreadableFile(f"Import file: '{path.name}' is not a text file.")


def _read_csv(path: Path, name: str) -> Table:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise UnreadableFile(f"Import file: '{path.name}' is not a CSV text file.")
    text = _decode(raw, path)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    rows = list(csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter))
    return _table(name, [(i, r) for i, r in enumerate(rows, start=1)], path)


def _table(name: str, numbered: list[tuple[int, list[Any]]], path: Path) -> Table:
    numbered = [(n, r) for n, r in numbered if any(_filled(v) for v in r)]
    if not numbered:
        raise UnreadableFile(f"Import file: '{path.name}' has no rows (sheet '{name}' is empty).")
    if len(numbered) > MAX_ROWS:
        raise UnreadableFile(f"Import file: '{path.name}' has more than {MAX_ROWS:,} rows.")
    (_, header), body = numbered[0], numbered[1:]
    names = [str(h).strip() if _filled(h) else "" for h in header]
    width = len(names)
    rows = [(n, (list(r) + [None] * width)[:width]) for n, r in body]
    return Table(name, names, rows)


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _read_xlsx(path: Path) -> dict[str, Table]:
    from openpyxl import load_workbook
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise UnreadableFile(f"Import file: '{path.name}' is not a readable Excel workbook"
                             f" ({type(exc).__name__}).") from exc
    try:
        return _sheets(book, path)
    finally:
        book.close()


def _sheets(book, path: Path) -> dict[str, Table]:
    names = {name.strip().lower(): name for name in book.sheetnames}
    first = names.get(CASES_SHEET, book.sheetnames[0])
    tables = {CASES_SHEET: _sheet_table(book[first], CASES_SHEET, path)}
    for sheet in (ATTEMPTS_SHEET, CONTACTS_SHEET):
        if sheet in names:
            try:
                tables[sheet] = _sheet_table(book[names[sheet]], sheet, path)
            except UnreadableFile:
                continue
    return tables


def _sheet_table(sheet, name: str, path: Path) -> Table:
    numbered = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        numbered.append((number, list(row)))
        if number > MAX_ROWS + 1:
            break
    numbered = _skip_notice(numbered)
    return _table(name, numbered, path)


def _skip_notice(numbered: list[tuple[int, list[Any]]]) -> list[tuple[int, list[Any]]]:
    """Drop a one-cell banner row above the header (e.g. the identified-export notice)."""
    if numbered and sum(_filled(v) for v in numbered[0][1]) == 1 and len(numbered) > 1:
        if sum(_filled(v) for v in numbered[1][1]) > 1:
            return numbered[1:]
    return numbered
