"""Streaming the sheets of an .xlsx workbook, with merged cells and formulas that lack a result."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

MERGE_PATTERN = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
FORMULA_PATTERN = re.compile(rb"<(?:\w+:)?f[\s>/]")
CHUNK = 1 << 20


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
    """The rows of one sheet numbered as in Excel, and its merged ranges."""

    title: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)


def read_xlsx_rows(path: Path, wanted: tuple[str, ...], max_rows: int,
                   formula: Callable[[str], Any]) -> dict[str, SheetRows]:
    """The first wanted sheet (or the workbook's first sheet) and any other wanted sheets.

    Cached formula results are used; a formula without a stored result becomes `formula(text)`.
    """
    from openpyxl import load_workbook
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        found = _choose_sheets(book.sheetnames, wanted)
        return {name: _read_sheet(path, book, title, max_rows, formula)
                for name, title in found.items()}
    finally:
        book.close()


def _choose_sheets(titles: list[str], wanted: tuple[str, ...]) -> dict[str, str]:
    by_name = {title.strip().lower(): title for title in titles}
    chosen = {wanted[0]: by_name.get(wanted[0], titles[0])}
    chosen.update({name: by_name[name] for name in wanted[1:] if name in by_name})
    return chosen


def _read_sheet(path: Path, book, title: str, max_rows: int, formula) -> SheetRows:
    sheet = book[title]
    has_formulas, merges = scan_sheet_xml(sheet)
    sheet.reset_dimensions()
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        rows.append((number, list(values)))
        if number > max_rows:
            break
    if has_formulas:
        _mark_formulas(path, title, rows, formula)
    return SheetRows(title, rows, merges)


def scan_sheet_xml(sheet) -> tuple[bool, list[Merge]]:
    """Whether the sheet's XML holds formulas, and its merged ranges (one streaming pass)."""
    opener = getattr(sheet, "_get_source", None)
    if opener is None:  # an openpyxl without the read-only source: assume formulas
        return True, []
    has_formulas, refs, tail = False, [], b""
    with opener() as source:
        while chunk := source.read(CHUNK):
            data = tail + chunk
            has_formulas = has_formulas or FORMULA_PATTERN.search(data) is not None
            refs += MERGE_PATTERN.findall(data)
            tail = data[-200:]
    return has_formulas, [merge_of(ref.decode()) for ref in dict.fromkeys(refs)]


def merge_of(ref: str) -> Merge:
    from openpyxl.utils import range_boundaries
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return Merge(ref, min_row, max_row, min_col - 1, max_col - 1)


def _mark_formulas(path: Path, title: str, rows: list, formula) -> None:
    """Replace empty cells whose formula has no stored result by `formula(text)`."""
    from openpyxl import load_workbook
    book = load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = book[title]
        sheet.reset_dimensions()
        for (_, values), raw in zip(rows, sheet.iter_rows(values_only=True)):
            for index, cell in enumerate(raw[:len(values)]):
                if values[index] is None and _is_formula(cell):
                    values[index] = formula(_formula_text(cell))
    finally:
        book.close()


def _is_formula(cell: Any) -> bool:
    return (isinstance(cell, str) and cell.startswith("=")) or hasattr(cell, "text")


def _formula_text(cell: Any) -> str:
    return cell if isinstance(cell, str) else str(getattr(cell, "text", cell))
