"""The full Excel export written by XlsxWriter in constant-memory mode: each row goes to disk once written."""
from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from ...domain.fields import FieldDef
from ...domain.values import format_value
from .export_sheets import (NUMBER_FORMATS, TEXT_KINDS, Pages, SheetPlan, checked_text, column_width, needs_care,
                            sheet_capacity)

OPTIONS = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
           "strings_to_urls": False}
"""Rows stream to a temporary file; text is never guessed to be a number, formula or link."""


def write_workbook(path: Path, plans: list[SheetPlan], cases: Iterable, notice: str | None,
                   escaped: list[str]) -> None:
    """Write one sheet per plan, the rows of every case in order; an OSError when the file
    cannot be written. The temporary row files are removed whatever happens."""
    with tempfile.TemporaryDirectory(prefix="registry-export-",
                                     ignore_cleanup_errors=True) as scratch:
        book = xlsxwriter.Workbook(str(path), {**OPTIONS, "tmpdir": scratch})
        try:
            sheets = [SheetWriter(book, plan, notice) for plan in plans]
            for case in cases:
                for sheet in sheets:
                    sheet.add(sheet.plan.records(case), escaped)
            for sheet in sheets:
                sheet.finish()
        except BaseException:
            _close_row_files(book)
            raise
        _close(book)


def _close(book) -> None:
    """Assemble and zip the workbook; XlsxWriter's FileCreateError becomes its OSError."""
    try:
        book.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args else None
        raise cause if isinstance(cause, OSError) else OSError(str(exc)) from exc


def _close_row_files(book) -> None:
    """Close the row files of a workbook that will not be written (best effort: the
    temporary folder holding them is removed next)."""
    for sheet in book.worksheets():
        handle = getattr(sheet, "row_data_fh", None)
        if handle is not None:
            handle.close()


class SheetWriter:
    """One sheet of the export on its worksheets (one unless it continues), rows filling
    each in turn up to its capacity."""

    def __init__(self, book, plan: SheetPlan, notice: str | None) -> None:
        self.plan = plan
        self.pages = Pages(plan.name, [Worksheet(book, name, plan.fields, notice)
                                       for name in plan.worksheet_names()],
                           sheet_capacity(notice is not None))

    def add(self, records: Iterable[list[Any]], escaped: list[str]) -> None:
        fields, next_row = self.plan.fields, self.pages.next_row
        for record in records:
            page = next_row()
            row, writers = page.row, page.writers
            for column, value in enumerate(record):
                if value is None:
                    continue
                if value.__class__ is str and needs_care(value):
                    checked_text(fields[column], value, record[0], escaped)  # XlsxWriter escapes
                writers[column](row, column, value)
            page.row += 1

    def finish(self) -> None:
        for page in self.pages.pages:
            page.finish()


class Worksheet:
    """One worksheet: widths, optional notice row, bold header frozen in place, typed rows,
    and an auto-filter over the header and every row once the rows are written."""

    def __init__(self, book, name: str, fields: tuple[FieldDef, ...], notice: str | None) -> None:
        self.sheet, self.width = book.add_worksheet(name), len(fields)
        for index, fd in enumerate(fields):
            self.sheet.set_column(index, index, column_width(fd))
        if notice:
            self.sheet.write_string(0, 0, notice)
        self.header = 1 if notice else 0
        self.sheet.freeze_panes(self.header + 1, 0)
        bold = book.add_format({"bold": True})
        for index, fd in enumerate(fields):
            self.sheet.write_string(self.header, index, fd.code, bold)
        self.row = self.header + 1
        formats = {kind: book.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()}
        self.writers = [cell_writer(self.sheet, fd, formats) for fd in fields]

    def finish(self) -> None:
        last = max(self.row - 1, self.header)
        self.sheet.autofilter(self.header, 0, last, self.width - 1)


def cell_writer(sheet, fd: FieldDef, formats: dict) -> Callable[[int, int, Any], Any]:
    """How a field's values are written: text always as text (never a formula), numbers as
    numbers, dates and times as Excel dates with their format, yes/no and lists as text."""
    if fd.kind in TEXT_KINDS:
        return lambda row, column, value: sheet.write_string(row, column, format_value(fd, value))
    return typed_writer(sheet, formats, formats.get(fd.kind))


def typed_writer(sheet, formats: dict, fixed) -> Callable[[int, int, Any], Any]:
    """A writer that follows the value's type (a stored value may not match its field's
    kind in an old registry); dates take the field's format (`fixed`), else their own."""
    write_string, write_number = sheet.write_string, sheet.write_number
    write_datetime, write_boolean = sheet.write_datetime, sheet.write_boolean

    def write(row: int, column: int, value: Any):
        kind = value.__class__
        if kind is str:
            return write_string(row, column, value)
        if kind is int or kind is float:
            return write_number(row, column, value)
        if isinstance(value, bool):
            return write_boolean(row, column, value)
        if isinstance(value, date):
            own = formats["datetime" if isinstance(value, datetime) else "date"]
            return write_datetime(row, column, value, fixed or own)
        if isinstance(value, (int, float)):
            return write_number(row, column, value)
        return write_string(row, column, str(value))
    return write
