"""Exporting the registry in the interchange format: CSV files or a streamed xlsx workbook."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ...domain.errors import RegistryError
from ...domain.fields import FieldDef
from ...domain.values import format_value
from .export_files import atomic_files
from .export_stored import write_stored_workbook
from .sheet_limits import worksheets_needed
from .export_sheets import (NUMBER_FORMATS, Pages, SheetPlan, checked_text, column_width, continued_notes, needs_care,
                            sheet_capacity)
from .rows import (ATTEMPTS_SHEET, CASES_SHEET, CONTACTS_SHEET, KEY_FIELD, attempt_fields, attempt_records, case_fields,
                   case_record, contact_fields, contact_records, guard_text)
from ..progress import CancelToken, Progress, check_cancel, no_progress
from ..cases.queries import CaseFilter, count_cases, iter_cases
from ..registry import Registry

IDENTIFIED_NOTICE = "IDENTIFIED EXPORT: contains patient identifiers (name, MRN, date of birth)."


@dataclass(frozen=True)
class ExportResult:
    path: Path
    cases: int
    attempts: int
    identified: bool
    notes: list[str] = field(default_factory=list)
    """What the user should know about the file, e.g. control characters written escaped."""


def companion(path: Path, sheet: str) -> Path:
    """The CSV file that holds a second sheet, e.g. cases.attempts.csv beside cases.csv."""
    return path.with_name(f"{path.stem}.{sheet}{path.suffix}")


def export_registry(registry: Registry, path: str | Path, *, flt: CaseFilter = CaseFilter(),
                    identified: bool = False, progress: Progress = no_progress,
                    cancel: CancelToken | None = None) -> ExportResult:
    """Write the matching cases to .csv (plus companion files) or .xlsx.

    Each file is written under a '.partial' name and renamed when complete, so a failed or
    killed export leaves the previous export of that name intact (ExportFailed says why)."""
    target = Path(path)
    writer = {".csv": _export_csv, ".xlsx": _export_xlsx}.get(target.suffix.lower())
    if writer is None:
        raise RegistryError(f"Export file: '{target.name}' must end in .csv or .xlsx.")
    worksheets: dict[str, int] = {}
    if writer is _export_xlsx:
        worksheets = worksheets_needed(registry, flt, identified)
        if not identified and xlsx_writer() == "native":
            return _export_native(registry, target, flt, progress, cancel, worksheets)
    total = count_cases(registry, flt)
    cases = iter_cases(registry, flt, with_identity=identified)
    counted = _Counter(cases, total, progress, cancel)
    notes = writer(target, counted, identified, worksheets)
    return ExportResult(target, counted.cases, counted.attempts, identified,
                        (notes or []) + continued_notes(worksheets))


class _Counter:
    """Passes cases through while counting them, reporting progress and honouring cancel."""

    def __init__(self, cases: Iterable, total: int, progress: Progress, cancel) -> None:
        self._cases, self.total, self._progress, self._cancel = cases, total, progress, cancel
        self.cases = self.attempts = 0

    def __iter__(self):
        for case in self._cases:
            check_cancel(self._cancel)
            self.cases += 1
            self.attempts += len(case.passes)
            if self.cases % 500 == 0 or self.cases == self.total:
                self._progress("Exporting cases", self.cases, self.total)
            yield case


def _text_row(fields: Iterable[FieldDef], values: Iterable) -> list[str]:
    return [guard_text(format_value(fd, v)) if fd.kind == "text" else format_value(fd, v)
            for fd, v in zip(fields, values)]


def _export_csv(path: Path, cases: Iterable, identified: bool, _worksheets: dict) -> None:
    targets = [path, companion(path, ATTEMPTS_SHEET), companion(path, CONTACTS_SHEET)]
    with atomic_files(targets) as partials:
        _write_csv(partials, cases, identified)


def _write_csv(paths: list[Path], cases: Iterable, identified: bool) -> None:
    fields = case_fields(identified)
    pass_cols, contact_cols = (KEY_FIELD,) + attempt_fields(), (KEY_FIELD,) + contact_fields()
    with _open_csv(paths[0]) as main, _open_csv(paths[1]) as passes, \
            _open_csv(paths[2]) as contacts:
        w_main, w_pass, w_contact = csv.writer(main), csv.writer(passes), csv.writer(contacts)
        w_main.writerow([fd.code for fd in fields])
        w_pass.writerow([fd.code for fd in pass_cols])
        w_contact.writerow([fd.code for fd in contact_cols])
        for case in cases:
            w_main.writerow(_text_row(fields, case_record(case, identified)))
            w_pass.writerows(_text_row(pass_cols, r) for r in attempt_records(case))
            w_contact.writerows(_text_row(contact_cols, r) for r in contact_records(case))


def _open_csv(path: Path):
    return path.open("w", newline="", encoding="utf-8-sig")


def typed_cell(sheet, fd: FieldDef, value) -> WriteOnlyCell:
    """A typed cell: numbers as numbers, dates as dates, text never run as a formula."""
    if fd.kind in ("yesno", "multichoice") and value is not None:
        value = format_value(fd, value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if fd.kind in NUMBER_FORMATS and value is not None:
        cell.number_format = NUMBER_FORMATS[fd.kind]
    return cell


def header_cells(sheet, fields: Iterable[FieldDef]) -> list[WriteOnlyCell]:
    cells = []
    for fd in fields:
        cell = WriteOnlyCell(sheet, value=fd.code)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def prepare_sheet(sheet, fields: tuple[FieldDef, ...], notice: str | None = None) -> None:
    """Widths, frozen header and auto-filter, set before rows stream in."""
    for index, fd in enumerate(fields, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width(fd)
    sheet.freeze_panes = "A3" if notice else "A2"
    if notice:
        sheet.append([WriteOnlyCell(sheet, value=notice)])


def _export_xlsx(path: Path, cases: Iterable, identified: bool,
                 worksheets: dict[str, int]) -> list[str]:
    escaped: list[str] = []
    notice = IDENTIFIED_NOTICE if identified else None
    name = xlsx_writer()
    if name == "native":  # it cannot write the notice row above the header
        name = python_writer()
    with atomic_files([path]) as (partial,):
        XLSX_WRITERS[name](partial, sheet_plans(identified, worksheets), cases, notice, escaped)
    return escape_notes(escaped)


def escape_notes(escaped: list[str]) -> list[str]:
    """What the user is told about text written with Excel's escapes (nothing if none was)."""
    if not escaped:
        return []
    return [f"{len(escaped)} text values held control characters (e.g. case {escaped[0]});"
            " they were written as Excel's _xHHHH_ escapes, which a re-import turns back into"
            " the same characters."]


def sheet_plans(identified: bool, worksheets: dict[str, int] | None = None) -> list[SheetPlan]:
    """The three sheets of the export, each on its count of `worksheets` (one by default);
    rows come from this module's case_record (tests replace it to fail mid-write)."""
    counts = worksheets or {}
    return [SheetPlan(CASES_SHEET, case_fields(identified),
                      lambda case: [case_record(case, identified)], counts.get(CASES_SHEET, 1)),
            SheetPlan(ATTEMPTS_SHEET, (KEY_FIELD,) + attempt_fields(), attempt_records,
                      counts.get(ATTEMPTS_SHEET, 1)),
            SheetPlan(CONTACTS_SHEET, (KEY_FIELD,) + contact_fields(), contact_records,
                      counts.get(CONTACTS_SHEET, 1))]


def xlsx_writer() -> str:
    """'native' (rustpy-xlsxwriter, several times faster) when it imports, else the fastest
    Python writer installed."""
    return XLSX_WRITER or ("native" if native_writer_imports() else python_writer())


def python_writer() -> str:
    """'xlsxwriter' (about twice as fast as openpyxl, rows streamed to disk) when installed,
    else 'openpyxl'."""
    return "xlsxwriter" if find_spec("xlsxwriter") else "openpyxl"


def native_writer_imports() -> bool:
    """Whether rustpy-xlsxwriter is installed and loads (its compiled module and metadata)."""
    try:
        import rustpy_xlsxwriter  # noqa: F401
    except Exception:  # noqa: BLE001 - missing, a broken build or its metadata not bundled
        return False
    return True


XLSX_WRITER: str | None = None
"""Forces one writer ('native', 'xlsxwriter' or 'openpyxl'); None picks the fastest installed."""


def _export_native(registry: Registry, path: Path, flt: CaseFilter, progress: Progress,
                   cancel: CancelToken | None, worksheets: dict[str, int]) -> ExportResult:
    escaped: list[str] = []
    with atomic_files([path]) as (partial,):
        cases, attempts = write_stored_workbook(registry, partial, flt, progress, cancel, escaped,
                                                worksheets)
    return ExportResult(path, cases, attempts, False,
                        escape_notes(escaped) + continued_notes(worksheets))


def _write_xlsx_openpyxl(path: Path, plans: list[SheetPlan], cases: Iterable,
                         notice: str | None, escaped: list[str]) -> None:
    book = Workbook(write_only=True)
    try:
        _fill_xlsx(book, path, plans, cases, notice, escaped)
    except BaseException:
        for sheet in book.worksheets:  # finish the half-written sheet streams quietly
            try:
                sheet.close()
            except Exception:  # noqa: BLE001 - the first error is the one to report
                pass
        raise


def _write_xlsx_xlsxwriter(path: Path, plans: list[SheetPlan], cases: Iterable,
                           notice: str | None, escaped: list[str]) -> None:
    from .export_xlsxwriter import write_workbook
    write_workbook(path, plans, cases, notice, escaped)


XLSX_WRITERS = {"openpyxl": _write_xlsx_openpyxl, "xlsxwriter": _write_xlsx_xlsxwriter}


def _fill_xlsx(book, path: Path, plans: list[SheetPlan], cases: Iterable, notice: str | None,
               escaped: list[str]) -> None:
    capacity = sheet_capacity(notice is not None)
    sheets = [Pages(plan.name, [_worksheet(book, name, plan.fields, notice)
                                for name in plan.worksheet_names()], capacity) for plan in plans]
    for case in cases:
        for pages, plan in zip(sheets, plans):
            for record in plan.records(case):
                _append(pages.next_row(), plan.fields, record, escaped)
    first = 2 if notice else 1
    for pages, plan in zip(sheets, plans):
        for sheet, count in zip(pages.pages, pages.counts):
            sheet.auto_filter.ref = f"A{first}:{get_column_letter(len(plan.fields))}{first + count}"
    book.save(path)


def _worksheet(book, name: str, fields: tuple[FieldDef, ...], notice: str | None):
    """A write-only worksheet with its widths, frozen header, notice (if any) and header row."""
    sheet = book.create_sheet(name)
    prepare_sheet(sheet, fields, notice)
    sheet.append(header_cells(sheet, fields))
    return sheet


def _append(sheet, fields, record, escaped: list[str]) -> None:
    sheet.append([_plain(sheet, fd, value) if not needs_care(value)
                  else _careful(sheet, fd, value, record[0], escaped)
                  for fd, value in zip(fields, record)])


def _careful(sheet, fd: FieldDef, value: str, case_number, escaped: list[str]):
    """The escaped text; ExportFailed (nothing is cut) when it does not fit in a cell."""
    return typed_cell(sheet, fd, checked_text(fd, value, case_number, escaped))


PLAIN_KINDS = frozenset({"text", "int", "float", "date", "choice"})
"""Kinds whose values openpyxl writes exactly as typed_cell would (dates get yyyy-mm-dd)."""


def _plain(sheet, fd: FieldDef, value):
    """The value itself where openpyxl gives the same cell; a typed cell otherwise (text
    starting with '=' must not become a formula)."""
    if value is None or (fd.kind in PLAIN_KINDS and not isinstance(value, str)):
        return value
    if fd.kind in PLAIN_KINDS and not value.startswith("="):
        return value
    return typed_cell(sheet, fd, value)


