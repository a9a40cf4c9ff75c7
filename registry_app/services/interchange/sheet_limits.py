"""An Excel export refused, before anything is written, when a sheet would not fit in a worksheet."""
from __future__ import annotations

from ...domain.errors import RegistryError
from ...storage.schema import ContactRow, PassRow
from ..cases.queries import CaseFilter, count_cases, count_child_rows
from ..registry import Registry
from .rows import ATTEMPTS_SHEET, CASES_SHEET, CONTACTS_SHEET

EXCEL_ROWS = 1_048_576
"""Rows of an Excel worksheet, the header included."""


def check_sheets_fit(registry: Registry, flt: CaseFilter, identified: bool) -> None:
    """RegistryError naming the sheet when the matching cases, their passes or their contact
    attempts need more rows than a worksheet has (no writer can store them, and cutting
    them would lose data silently)."""
    room = EXCEL_ROWS - (2 if identified else 1)  # the header, and the notice above it
    counts = ((CASES_SHEET, lambda: count_cases(registry, flt)),
              (ATTEMPTS_SHEET, lambda: count_child_rows(registry, flt, PassRow.__table__)),
              (CONTACTS_SHEET, lambda: count_child_rows(registry, flt, ContactRow.__table__)))
    for sheet, count in counts:
        rows = count()
        if rows > room:
            raise RegistryError(
                f"Export file: the '{sheet}' sheet would need {rows:,} rows, more than an Excel"
                f" worksheet holds ({room:,}). Export to a .csv file instead (no such limit),"
                " or choose fewer cases (a date range).")
