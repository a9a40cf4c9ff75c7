"""What the full Excel export writes, whichever writer writes it: sheets, columns, widths, text checks."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Any, Callable, Generic, Iterable, Iterator, TypeVar

from ...domain.fields import FieldDef
from .export_files import ExportFailed
from .rows import CONTROL, EXCEL_CELL_LIMIT, continued_name, xlsx_escape

NUMBER_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}
TEXT_KINDS = frozenset({"yesno", "multichoice"})
"""Kinds written as their interchange text ('yes', 'm1;m2'), not as their stored value."""
SHEET_ROWS = 1_048_575
"""Rows an Excel worksheet holds below its header (1,048,576 in all). A sheet with more rows
continues on further worksheets, 'attempts (2)', 'attempts (3)'..., each with the same header."""
T = TypeVar("T")
_END = object()


@dataclass(frozen=True)
class SheetPlan:
    """One sheet of the export: its name, its columns and the rows one case gives it."""

    name: str
    fields: tuple[FieldDef, ...]
    records: Callable[[Any], Iterable[list[Any]]]
    worksheets: int = 1
    """How many worksheets the sheet's rows take (see `sheet_capacity`)."""

    def worksheet_names(self) -> list[str]:
        return worksheet_names(self.name, self.worksheets)


def sheet_capacity(notice: bool) -> int:
    """The rows one worksheet holds below its header (and the identified export's notice)."""
    return SHEET_ROWS - (1 if notice else 0)


def worksheet_names(sheet: str, worksheets: int) -> list[str]:
    """'attempts', then 'attempts (2)', 'attempts (3)'...: the names of a sheet's worksheets."""
    return [continued_name(sheet, part) for part in range(1, worksheets + 1)]


def continued_notes(worksheets: dict[str, int]) -> list[str]:
    """What the user is told about each sheet that continues on further worksheets."""
    notes = []
    for sheet, count in worksheets.items():
        if count > 1:
            more = worksheet_names(sheet, count)[1:]
            where = f"'{more[0]}'" if len(more) == 1 else f"'{more[0]}' to '{more[-1]}'"
            notes.append(f"The '{sheet}' sheet has more rows than an Excel worksheet holds, so"
                         f" it continues on {where}, with the same header and filter; an import"
                         " reads them back as one sheet.")
    return notes


def grown(sheet: str, capacity: int, worksheets: int) -> ExportFailed:
    """The registry gained rows while it was exported: the counted worksheets are full."""
    return ExportFailed(f"Export file: the '{sheet}' sheet gained rows while it was exported"
                        f" (its {worksheets:,} worksheet(s) of {capacity:,} rows, counted at the"
                        " start, are full); nothing was written. Export again.")


def split_records(records: Iterable[T], sheet: str, worksheets: int,
                  capacity: int) -> list[tuple[str, Iterator[T]]]:
    """Each worksheet's name and records, drawn in turn from `records` (a writer that reads
    the worksheets one after another): `capacity` records each, ExportFailed rather than a
    record left out once the last is full."""
    source = iter(records)
    names = worksheet_names(sheet, worksheets)
    pages = [(name, islice(source, capacity)) for name in names[:-1]]
    return pages + [(names[-1], _last_worksheet(source, sheet, capacity, worksheets))]


def _last_worksheet(source: Iterator[T], sheet: str, capacity: int,
                    worksheets: int) -> Iterator[T]:
    yield from islice(source, capacity)
    if next(source, _END) is not _END:
        raise grown(sheet, capacity, worksheets)


class Pages(Generic[T]):
    """The worksheets one sheet's rows go on, filled in order, `capacity` rows each (for
    writers that write every sheet's rows case by case)."""

    def __init__(self, sheet: str, pages: list[T], capacity: int) -> None:
        self.sheet, self.pages, self.capacity = sheet, pages, capacity
        self.counts = [0] * len(pages)
        self.index = 0

    def next_row(self) -> T:
        """The worksheet the next row goes on (counted); ExportFailed once every one is full."""
        if self.counts[self.index] == self.capacity:
            if self.index + 1 == len(self.pages):
                raise grown(self.sheet, self.capacity, len(self.pages))
            self.index += 1
        self.counts[self.index] += 1
        return self.pages[self.index]


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
