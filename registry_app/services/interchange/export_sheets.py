"""What the full Excel export writes, whichever writer writes it: sheets, columns, widths, text checks."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ...domain.fields import FieldDef
from .export_files import ExportFailed
from .rows import CONTROL, EXCEL_CELL_LIMIT, xlsx_escape

NUMBER_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}
TEXT_KINDS = frozenset({"yesno", "multichoice"})
"""Kinds written as their interchange text ('yes', 'm1;m2'), not as their stored value."""


@dataclass(frozen=True)
class SheetPlan:
    """One sheet of the export: its name, its columns and the rows one case gives it."""

    name: str
    fields: tuple[FieldDef, ...]
    records: Callable[[Any], Iterable[list[Any]]]


def column_width(fd: FieldDef) -> float:
    """The width of a field's column, in characters: by kind, wide enough for the code."""
    base = {"date": 12, "datetime": 17, "text": 18, "multichoice": 22}.get(fd.kind, 10)
    return max(base, min(len(fd.code) + 2, 28))


def needs_care(value: Any) -> bool:
    """Text that is too long for a cell, holds control characters or looks like an escape."""
    return isinstance(value, str) and (len(value) > EXCEL_CELL_LIMIT or "_x" in value
                                       or CONTROL.search(value) is not None)


def checked_text(fd: FieldDef, value: str, case_number: Any, escaped: list[str]) -> str:
    """The text as the cell holds it (Excel's _xHHHH_ escapes); ExportFailed (nothing is cut)
    when it does not fit in a cell. Cases whose text held control characters go in `escaped`."""
    text = xlsx_escape(value)
    if len(text) > EXCEL_CELL_LIMIT:
        raise ExportFailed(f"Export file: case {case_number}, {fd.label}: is {len(text):,}"
                           f" characters long; an Excel cell holds at most {EXCEL_CELL_LIMIT:,},"
                           " so no workbook was written (nothing was cut). Export to .csv, or"
                           " shorten the text in the case editor.")
    if CONTROL.search(value):
        escaped.append(str(case_number))
    return text
