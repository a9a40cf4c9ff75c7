"""The full Excel export written by rustpy-xlsxwriter (Rust): each sheet's rows streamed in turn."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

from ...domain.fields import FieldDef
from ...domain.values import format_value
from .export_sheets import NUMBER_FORMATS, TEXT_KINDS, checked_text, column_width, needs_care

HEADER_ROWS = 1
"""Rows above the data (the bold field codes); the identified export's notice row is written by
XlsxWriter: this writer cannot put a lone cell above its header."""


class NativeSheet:
    """One worksheet: its name, its columns and its records (lists in column order), read
    lazily; the records are turned into the rows the native writer takes (dicts by code)."""

    def __init__(self, name: str, fields: tuple[FieldDef, ...],
                 records: Iterable[list[Any]]) -> None:
        self.name, self.fields, self.records = name, fields, records
        self.codes = [fd.code for fd in fields]
        self.as_text = [(index, fd) for index, fd in enumerate(fields) if fd.kind in TEXT_KINDS]

    def rows(self, escaped: list[str]) -> Iterator[dict[str, Any]]:
        """The sheet's rows; a blank row when there are none. The writer takes its header from
        the first row's keys and each row's values by position, not by key."""
        written = False
        for record in self.records:
            yield self._row(record, escaped)
            written = True
        if not written:
            yield dict.fromkeys(self.codes)

    def _row(self, record: list[Any], escaped: list[str]) -> dict[str, Any]:
        """Yes/no and lists as their interchange text, text checked as XlsxWriter's export
        checks it (the native writer escapes control characters itself), '' as no cell."""
        for index, fd in self.as_text:
            if record[index] is not None:
                record[index] = format_value(fd, record[index])
        for index, value in enumerate(record):
            if value.__class__ is str:
                if not value:
                    record[index] = None
                elif needs_care(value):
                    checked_text(self.fields[index], value, record[0], escaped)
        return dict(zip(self.codes, record))  # every row: the same keys in the same order

    def widths(self) -> list[float]:
        return [column_width(fd) for fd in self.fields]

    def formats(self, by_kind: dict[str, Any]) -> list[Any]:
        """Each column's number format (dates and date-times), None for the others."""
        return [by_kind.get(fd.kind) for fd in self.fields]


def write_workbook(path: Path, sheets: list[NativeSheet], escaped: list[str]) -> None:
    """Write the sheets in order, each streamed from its records (memory stays flat: the
    writer keeps one row at a time and writes the rest to a temporary file)."""
    from rustpy_xlsxwriter import Format, write_worksheets
    by_kind = {kind: Format().set_num_format(f) for kind, f in NUMBER_FORMATS.items()}
    widths: dict[str, Any] = {sheet.name: sheet.widths() for sheet in sheets}
    formats: dict[str, Any] = {sheet.name: sheet.formats(by_kind) for sheet in sheets}
    write_worksheets([(sheet.name, sheet.rows(escaped)) for sheet in sheets], str(path),
                     bold_headers=True, datetime_format=NUMBER_FORMATS["datetime"],
                     freeze_panes={sheet.name: {"row": HEADER_ROWS, "col": 0} for sheet in sheets},
                     column_widths=widths, column_formats=formats,
                     autofilter={sheet.name: True for sheet in sheets})
