"""Shared sheet helpers of the monthly workbook: typed cells, the banner, header rows, list sheets."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable, Iterable, Sequence

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ...interchange.exporting import IDENTIFIED_NOTICE
from ...cases.loading import value_reader, values_of
from ..data import ReportData
from .rows import Column

FORMATS = {"pct": "0.0%", "p": "0.000", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm",
           "int": "0"}
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
BANNER_FONT = Font(bold=True, color="FFFFFF")
BANNER_FILL = PatternFill("solid", fgColor="B00020")


@dataclass(frozen=True)
class Col:
    """One column of a list sheet: header, how to get the value from a row, its kind and width."""

    header: str
    key: str | Callable[[dict], Any]
    kind: str = "text"
    width: float = 14

    def value(self, row: dict) -> Any:
        return self.key(row) if callable(self.key) else row.get(self.key)


def put(sheet, row: int, column: int, value: Any, kind: str = "text"):
    """Write one typed cell: numbers as numbers, dates as dates, text never run as a formula."""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, datetime):
        cell.number_format = FORMATS["datetime"]
    elif isinstance(value, date):
        cell.number_format = FORMATS["date"]
    elif value is not None and kind in FORMATS:
        cell.number_format = FORMATS[kind]
    return cell


def banner(sheet, data: ReportData) -> int:
    """The identified-export banner in row 1 when identifiers are included; next free row."""
    if not data.identified:
        return 1
    cell = put(sheet, 1, 1, IDENTIFIED_NOTICE)
    cell.font, cell.fill = BANNER_FONT, BANNER_FILL
    return 2


def header_row(sheet, row: int, headers: Sequence[str]) -> None:
    for column, text in enumerate(headers, start=1):
        cell = put(sheet, row, column, text)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def list_sheet(sheet, data: ReportData, columns: Sequence[Col], rows: Iterable[dict],
               empty_note: str) -> None:
    """A filterable table: optional banner, header, typed rows, frozen header, widths."""
    top = banner(sheet, data)
    header_row(sheet, top, [c.header for c in columns])
    formats = [Column(FORMATS.get(c.kind)) for c in columns]
    last = sheet.parent.add_rows(sheet, top + 1, formats, _row_values(columns, rows))
    if last == top and empty_note:  # said in the header row: the table itself stays empty
        put(sheet, top, len(columns) + 1, empty_note).font = Font(bold=True, italic=True)
    finish(sheet, top, len(columns), last, [c.width for c in columns])


def _row_values(columns: Sequence[Col], rows: Iterable[dict]) -> Iterable[Sequence]:
    """Each row's values in column order; read at once when every column is a plain key."""
    keys = [c.key for c in columns if isinstance(c.key, str)]
    if len(keys) < len(columns):
        return ([col.value(row) for col in columns] for row in rows)
    read = value_reader(keys)
    return (values_of(row, keys, read) for row in rows)


def finish(sheet, header: int, n_columns: int, last: int, widths: Sequence[float]) -> None:
    """Frozen header row, auto-filter over the table and column widths."""
    sheet.freeze_panes = f"A{header + 1}"
    sheet.auto_filter.ref = f"A{header}:{get_column_letter(n_columns)}{max(last, header)}"
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
