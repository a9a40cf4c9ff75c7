"""The monthly report as an Excel workbook: typed cells, frozen headers, filters, no formulas."""
from __future__ import annotations

from functools import partial
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from registry_app.domain.field_types import LONG_TEXT
from registry_app.domain.values import format_value
from ...interchange.dictionary import COLUMNS as DICTIONARY_COLUMNS, dictionary_entries
from ...interchange.exporting import IDENTIFIED_NOTICE, KEY_FIELD, header_cells, prepare_sheet
from ...interchange.rows import attempt_fields, attempt_records, case_fields
from ...cases.loading import value_reader, values_of
from ..data import ReportData
from ..lists import operator_shown
from .rows import Column, ReportWorkbook
from .sheets import BANNER_FILL, BANNER_FONT, Col, list_sheet
from .sheets import BOLD, FORMATS, banner, finish, header_row, put  # noqa: F401  (also importable from here)

SHEETS = ("Summary", "Benchmarks", "Cases", "Attempts", "Trend", "CUSUM", "Follow-up", "Review",
          "Data quality", "Dictionary")
FREE_TEXT = frozenset(fd.code for fd in case_fields() if fd.max_length == LONG_TEXT)
"""Free-text notes: only in an identified workbook (they can name a patient)."""


# Cases and attempts (interchange columns) ######################################

def cases_sheet(sheet, data: ReportData) -> None:
    """The month's cases: the fields of the report's territory, then the derived columns."""
    from .derived import DERIVED, derived_values
    fields = tuple(fd for fd in case_fields(data.identified) if fd.applies_to(data.territory)
                   and (data.identified or fd.code not in FREE_TEXT))
    settings = data.settings
    records = (values + derived_values(case, settings, data.today) for case, values in
               zip(data.cases, _records(data.cases, [fd.code for fd in fields],
                                        data.operator_codes)))
    _interchange_sheet(sheet, data, fields, records, DERIVED)


def _records(cases, codes: list[str], operators: dict[str, str]):
    """Each case's values in column order (interchange.case_record, read from the dicts), the
    operator as the report shows it (a letter unless names were asked for)."""
    read = value_reader(codes)
    at = codes.index("operator") if "operator" in codes else None
    for case in cases:
        values = values_of(case.values, codes, read, case.identity)
        if at is not None:
            values[at] = operator_shown(operators, values[at]) or None
        yield values


def attempts_sheet(sheet, data: ReportData) -> None:
    fields = (KEY_FIELD,) + attempt_fields()
    records = (record for case in data.cases for record in attempt_records(case))
    _interchange_sheet(sheet, data, fields, records)


def _interchange_sheet(sheet, data: ReportData, fields, records, extra=()) -> None:
    """Field codes as the header and typed values (as the Excel export writes them), then
    `extra` columns (header, value, width) of values already computed."""
    notice = IDENTIFIED_NOTICE if data.identified else None
    prepare_sheet(sheet, fields, notice)
    for index, (_, _, width) in enumerate(extra, start=len(fields) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if notice:
        sheet["A1"].font, sheet["A1"].fill = BANNER_FONT, BANNER_FILL
    heads = header_cells(sheet, fields) + [_bold(sheet, name) for name, _, _ in extra]
    if not data.cases:  # said in the header row: the table itself stays empty
        note = _bold(sheet, f"No {data.territory} cases in {data.period_text}.")
        note.font = Font(bold=True, italic=True)
        heads.append(note)
    sheet.append(heads)
    header = 2 if notice else 1
    columns = [_field_column(fd) for fd in fields] + [Column() for _ in extra]
    last = sheet.parent.add_rows(sheet, header + 1, columns, records)
    width = len(fields) + len(extra)
    sheet.auto_filter.ref = f"A{header}:{get_column_letter(width)}{max(last, header)}"


def _bold(sheet, text: str):
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def _field_column(fd) -> Column:
    """Yes/no and multiple-choice values as their interchange text; the rest as typed."""
    return Column(text=partial(format_value, fd) if fd.kind in ("yesno", "multichoice") else None)


# The other list sheets ###################################################

FOLLOWUP_COLUMNS = (
    Col("Registry ID", "registry_id", width=14), Col("Case number", "case_number", width=15),
    Col("Procedure date", "procedure_date", "date", 13), Col("Status", "status", width=10),
    Col("What it means", "status_text", width=36), Col("Follow-up due", "followup_due", "date", 13),
    Col("Window opens", "window_opens", "date", 13),
    Col("Window closes", "window_closes", "date", 13),
    Col("Days overdue", "days_overdue", "int", 10), Col("Lost reason", "lost_reason", width=14),
    Col("Arm", "arm", width=18),
)
REVIEW_COLUMNS = (
    Col("Registry ID", "registry_id", width=14), Col("Case number", "case_number", width=15),
    Col("Procedure date", "procedure_date", "date", 13), Col("Territory", "territory", width=10),
    Col("Severity", "severity", width=22), Col("Arm", "arm", width=18),
    Col("Reasons for review", "reasons", width=60), Col("Age", "age", "int", 6),
    Col("NIHSS", "nihss", "int", 7), Col("Pre-stroke mRS", "prestroke_mrs", "int", 9),
    Col("Occlusion site / segment / vessel", "site", width=14),
    Col("Operator", "operator", width=10),
    Col("Final reperfusion", "final_reperfusion", width=11),
    Col("mRS at 90 days", "mrs_90d", "int", 9), Col("Review status", "review_status", width=14),
)
QUALITY_COLUMNS = (
    Col("Registry ID", "registry_id", width=14), Col("Case number", "case_number", width=15),
    Col("Procedure date", "procedure_date", "date", 13), Col("Severity", "severity", width=10),
    Col("Field", "field", width=22), Col("Field label", "field_label", width=26),
    Col("Problem", "problem", width=80),
)
DICTIONARY_WIDTHS = {"code": 26, "label": 30, "allowed": 40, "help": 60, "territories": 24}


def followup_sheet(sheet, data: ReportData) -> None:
    list_sheet(sheet, data, FOLLOWUP_COLUMNS, data.followup,
               "No 90-day assessment is due, overdue or missing for these procedures.")


def review_sheet(sheet, data: ReportData) -> None:
    list_sheet(sheet, data, REVIEW_COLUMNS, data.review, "No case meets the review criteria.")


def quality_sheet(sheet, data: ReportData) -> None:
    list_sheet(sheet, data, QUALITY_COLUMNS, data.quality + data.queries,
               "No data-quality problems found.")


def dictionary_sheet(sheet, data: ReportData) -> None:
    columns = [Col(name, name, width=DICTIONARY_WIDTHS.get(name, 12))
               for name in DICTIONARY_COLUMNS]
    list_sheet(sheet, data, columns, dictionary_entries(), "")


def write_report_xlsx(data: ReportData, path: str | Path) -> Path:
    """Write the workbook (sheets in SHEETS order) to `path`."""
    from .qi import cusum_sheet, trend_sheet
    from .summary import benchmarks_sheet, summary_sheet
    writers = (summary_sheet, benchmarks_sheet, cases_sheet, attempts_sheet, trend_sheet,
               cusum_sheet, followup_sheet, review_sheet, quality_sheet, dictionary_sheet)
    book = ReportWorkbook()
    book.remove(book.active)
    for name, writer in zip(SHEETS, writers):
        writer(book.create_sheet(name), data)
    from .territory import territory_sheets
    territory_sheets(book, data)  # a Limb / Coronary sheet per territory section, if any
    book.save(path)
    return Path(path)
