"""The full Excel export: the native writer, XlsxWriter and openpyxl write the same typed workbook."""
import datetime
import sys
import tempfile

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from registry_app.services.interchange import exporting
from registry_app.services.cases.editing import create_case
from registry_app.services.interchange.export_files import ExportFailed
from registry_app.services.interchange.export_sheets import column_width
from registry_app.services.interchange.exporting import IDENTIFIED_NOTICE, export_registry
from registry_app.services.interchange.rows import case_fields

from ..conftest import case_factory, filled_with

WRITERS = ["native", "xlsxwriter", "openpyxl"]
HOSTILE = ["=1+1", "+41 22 555", "-3 mm", "@SUM(A1:A9)", "=HYPERLINK(\"http://x\")"]


@pytest.fixture(params=WRITERS)
def writer(request, monkeypatch):
    monkeypatch.setattr(exporting, "XLSX_WRITER", request.param)
    return request.param


def _enter_three(registry) -> None:
    make_case = case_factory()
    for index, notes in enumerate(HOSTILE[:3]):
        create_case(registry, make_case(f"W-{index}", notes=notes))


@pytest.fixture
def three_cases(filled_copy):
    """This test's copy of a registry of three cases with formula-like notes (entered once per run)."""
    return filled_copy("sqlite", "three-formula-like", filled_with(_enter_three))


def _row(sheet, number: int) -> dict:
    header = [c.value for c in sheet[1]]
    return {h: c for h, c in zip(header, sheet[number])}


def _widths(sheet) -> dict[int, float]:
    """Column number -> width, from the <col> ranges (a writer may give one to many columns)."""
    return {n: d.width for d in sheet.column_dimensions.values() if d.min
            for n in range(d.min, d.max + 1)}


def test_cells_are_typed_with_date_formats(three_cases, tmp_path, writer):
    export_registry(three_cases, tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx")["cases"]
    row = _row(sheet, 2)
    assert row["case_number"].value == "W-0" and row["case_number"].data_type == "s"
    assert row["procedure_date"].value == datetime.datetime(2025, 1, 10)
    assert row["procedure_date"].number_format == "yyyy-mm-dd"
    assert isinstance(row["puncture_time"].value, datetime.datetime)
    assert row["puncture_time"].number_format == "yyyy-mm-dd hh:mm"
    assert row["age"].data_type == "n" and float(row["age"].value).is_integer()
    if writer != "native":  # the native writer stores every number as a double ('72.0')
        assert isinstance(row["age"].value, int)
    assert row["ivt"].value in ("yes", "no") and row["ivt"].data_type == "s"


def test_header_is_bold_frozen_filtered_and_columns_sized(three_cases, tmp_path, writer):
    export_registry(three_cases, tmp_path / "t.xlsx")
    book = load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["cases", "attempts", "contacts"]
    sheet, fields = book["cases"], case_fields()
    assert sheet.freeze_panes == "A2" and all(c.font.b for c in sheet[1])
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(fields))}4"
    widths = _widths(sheet)
    for index, fd in enumerate(fields, start=1):  # XlsxWriter adds Excel's cell padding
        assert column_width(fd) <= widths[index] <= column_width(fd) + 1, fd.code
    assert book["attempts"].auto_filter.ref.startswith("A1:")


def test_identified_export_has_its_notice_above_the_frozen_header(registry, make_case,
                                                                  tmp_path, writer):
    create_case(registry, make_case("N-1"))
    export_registry(registry, tmp_path / "id.xlsx", identified=True)
    sheet = load_workbook(tmp_path / "id.xlsx")["cases"]
    assert sheet["A1"].value == IDENTIFIED_NOTICE and sheet["A2"].value == "case_number"
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.endswith("3")


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_stays_text(registry, make_case, tmp_path, writer, text):
    create_case(registry, make_case("F-1", notes=text))
    export_registry(registry, tmp_path / "f.xlsx")
    cell = _row(load_workbook(tmp_path / "f.xlsx")["cases"], 2)["notes"]
    assert (cell.value, cell.data_type) == (text, "s")


@pytest.mark.parametrize("identified", [False, True])
def test_every_writer_gives_the_same_cells(three_cases, tmp_path, monkeypatch, identified):
    books = {}
    for name in WRITERS:
        monkeypatch.setattr(exporting, "XLSX_WRITER", name)
        export_registry(three_cases, tmp_path / f"{name}.xlsx", identified=identified)
        books[name] = workbook_cells(tmp_path / f"{name}.xlsx")
    assert books["native"] == books["xlsxwriter"] == books["openpyxl"]


def workbook_cells(path) -> dict:
    """Each sheet's cells: value, kind (number, text, bool, date) and a date's format."""
    book = load_workbook(path)
    return {s.title: [[(c.value, c.data_type, c.number_format if c.is_date else None)
                       for c in row] for row in s.iter_rows()] for s in book}


def test_the_fastest_installed_writer_is_chosen(monkeypatch):
    assert exporting.xlsx_writer() == "native"
    monkeypatch.setitem(sys.modules, "rustpy_xlsxwriter", None)  # as if it were not installed
    assert exporting.xlsx_writer() == "xlsxwriter"
    monkeypatch.setattr(exporting, "find_spec", lambda name: None)
    assert exporting.xlsx_writer() == "openpyxl"


def test_a_failed_xlsxwriter_export_leaves_no_temporary_rows(three_cases, tmp_path,
                                                             monkeypatch):
    monkeypatch.setattr(exporting, "XLSX_WRITER", "xlsxwriter")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    real = exporting.case_record

    def failing(case, identified=False):
        if case.values["case_number"] == "W-2":
            raise OSError(28, "No space left on device")
        return real(case, identified)
    monkeypatch.setattr(exporting, "case_record", failing)
    with pytest.raises(ExportFailed, match="No space left on device"):
        export_registry(three_cases, tmp_path / "t.xlsx")
    assert list(scratch.iterdir()) == [] and list(tmp_path.glob("t.xlsx*")) == []


def test_cancel_stops_the_xlsxwriter_export_and_leaves_nothing(three_cases, tmp_path,
                                                              monkeypatch):
    from registry_app.services.progress import CancelToken, Cancelled
    monkeypatch.setattr(exporting, "XLSX_WRITER", "xlsxwriter")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    token, real, written = CancelToken(), exporting.case_record, []

    def pressing_cancel(case, identified=False):
        written.append(case)
        token.cancel()  # the user presses Cancel while the first case is written
        return real(case, identified)
    monkeypatch.setattr(exporting, "case_record", pressing_cancel)
    with pytest.raises(Cancelled):
        export_registry(three_cases, tmp_path / "c.xlsx", cancel=token)
    assert len(written) == 1
    assert list(scratch.iterdir()) == [] and list(tmp_path.glob("c.xlsx*")) == []
