"""How many worksheets each sheet of an Excel export takes: rows past one continue on the next."""
from __future__ import annotations

from ...storage.schema import ContactRow, PassRow
from ..cases.queries import CaseFilter, count_cases, count_child_rows
from ..registry import Registry
from .export_sheets import sheet_capacity
from .rows import ATTEMPTS_SHEET, CASES_SHEET, CONTACTS_SHEET


def worksheets_needed(registry: Registry, flt: CaseFilter, identified: bool) -> dict[str, int]:
    """Per sheet, the worksheets the matching cases, their passes and their contact attempts
    take (at least one): a sheet with more rows than a worksheet holds below its header (and,
    identified, the notice above it: sheet_capacity) continues on 'attempts (2)',
    'attempts (3)'...; text longer than a cell is checked while writing."""
    room = sheet_capacity(identified)  # below the header, and the notice above it
    counts = {CASES_SHEET: count_cases(registry, flt),
              ATTEMPTS_SHEET: count_child_rows(registry, flt, PassRow.__table__),
              CONTACTS_SHEET: count_child_rows(registry, flt, ContactRow.__table__)}
    return {sheet: max(1, -(-rows // room)) for sheet, rows in counts.items()}
