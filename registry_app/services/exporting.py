"""Exporting the registry in the interchange format: CSV files or a streamed xlsx workbook."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..domain.errors import RegistryError
from ..domain.fields import FieldDef
from ..domain.values import format_value
from .interchange import (ATTEMPTS_SHEET, CASES_SHEET, CONTACTS_SHEET, KEY, attempt_fields,
                          attempt_records, case_fields, case_record, contact_fields,
                          contact_records, guard_text)
from .progress import CancelToken, Progress, check_cancel, no_progress
from .queries import CaseFilter, count_cases, iter_cases
from .registry import Registry

IDENTIFIED_NOTICE = "IDENTIFIED EXPORT: contains patient identifiers (name, MRN, date of birth)."
KEY_FIELD = FieldDef(KEY, "Case number", "patient", "text")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    cases: int
    attempts: int
    identified: bool


def companion(path: Path, sheet: str) -> Path:
    """The CSV file that holds a second sheet, e.g. cases.attempts.csv beside cases.csv."""
    return path.with_name(f"{path.stem}.{sheet}{path.suffix}")


def export_registry(registry: Registry, path: str | Path, *, flt: CaseFilter = CaseFilter(),
                    identified: bool = False, progress: Progress = no_progress,
                    cancel: CancelToken | None = None) -> ExportResult:
    """Write the matching cases to .csv (plus companion files) or .xlsx."""
    target = Path(path)
    writer = {".csv": _export_csv, ".xlsx": _export_xlsx}.get(target.suffix.lower())
    if writer is None:
        raise RegistryError(f"Export file: '{target.name}' must end in .csv or .xlsx.")
    total = count_cases(registry, flt)
    cases = iter_cases(registry, flt, with_identity=identified)
    counted = _Counter(cases, total, progress, cancel)
    writer(target, counted, identified)
    return ExportResult(target, counted.cases, counted.attempts, identified)


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


def _export_csv(path: Path, cases: Iterable, identified: bool) -> None:
    fields = case_fields(identified)
    pass_cols, contact_cols = (KEY_FIELD,) + attempt_fields(), (KEY_FIELD,) + contact_fields()
    with _open_csv(path) as main, _open_csv(companion(path, ATTEMPTS_SHEET)) as passes, \
            _open_csv(companion(path, CONTACTS_SHEET)) as contacts:
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


NUMBER_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}


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
        sheet.column_dimensions[get_column_letter(index)].width = _width(fd)
    sheet.freeze_panes = "A3" if notice else "A2"
    if notice:
        sheet.append([WriteOnlyCell(sheet, value=notice)])


def _width(fd: FieldDef) -> float:
    base = {"date": 12, "datetime": 17, "text": 18, "multichoice": 22}.get(fd.kind, 10)
    return max(base, min(len(fd.code) + 2, 28))


def _export_xlsx(path: Path, cases: Iterable, identified: bool) -> None:
    book = Workbook(write_only=True)
    notice = IDENTIFIED_NOTICE if identified else None
    fields = case_fields(identified)
    pass_cols, contact_cols = (KEY_FIELD,) + attempt_fields(), (KEY_FIELD,) + contact_fields()
    sheets = {name: book.create_sheet(name) for name in (CASES_SHEET, ATTEMPTS_SHEET, CONTACTS_SHEET)}
    for name, cols in ((CASES_SHEET, fields), (ATTEMPTS_SHEET, pass_cols),
                       (CONTACTS_SHEET, contact_cols)):
        prepare_sheet(sheets[name], cols, notice)
        sheets[name].append(header_cells(sheets[name], cols))
    counts = {name: 0 for name in sheets}
    for case in cases:
        _append(sheets[CASES_SHEET], fields, [case_record(case, identified)], counts, CASES_SHEET)
        _append(sheets[ATTEMPTS_SHEET], pass_cols, attempt_records(case), counts, ATTEMPTS_SHEET)
        _append(sheets[CONTACTS_SHEET], contact_cols, contact_records(case), counts,
                CONTACTS_SHEET)
    for name, cols in ((CASES_SHEET, fields), (ATTEMPTS_SHEET, pass_cols),
                       (CONTACTS_SHEET, contact_cols)):
        first = 2 if notice else 1
        sheets[name].auto_filter.ref = (f"A{first}:{get_column_letter(len(cols))}"
                                        f"{first + counts[name]}")
    book.save(path)


def _append(sheet, fields, records, counts, name) -> None:
    for record in records:
        sheet.append([_plain(sheet, fd, value) for fd, value in zip(fields, record)])
        counts[name] += 1


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


