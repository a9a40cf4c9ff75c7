"""A sheet with more rows than a worksheet holds continues on 'attempts (2)', ... in every writer,
and the import reads the worksheets back as one sheet whose rows still name their own."""
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from registry_app.services.cases.editing import create_case
from registry_app.services.cases.queries import load_cases
from registry_app.services.demo.generator import fill_demo
from registry_app.services.importing.file_import import import_file
from registry_app.services.interchange import export_sheets, exporting, spreadsheets
from registry_app.services.interchange.export_files import ExportFailed
from registry_app.services.interchange.export_sheets import column_width
from registry_app.services.interchange.exporting import IDENTIFIED_NOTICE, export_registry
from registry_app.services.interchange.rows import KEY_FIELD, attempt_fields, case_fields
from registry_app.services.interchange.spreadsheets import UnreadableFile, read_tables
from registry_app.services.registry import open_registry

from ..conftest import case_factory, filled_with

WRITERS = ["native", "xlsxwriter", "openpyxl"]


@pytest.fixture(params=WRITERS)
def writer(request, monkeypatch):
    monkeypatch.setattr(exporting, "XLSX_WRITER", request.param)
    return request.param


@pytest.fixture(params=["calamine", "full"])
def reader(request, monkeypatch):
    """Both xlsx readers: calamine for plain files, and the full (lxml) reader."""
    monkeypatch.setattr(spreadsheets, "FAST_XLSX", request.param == "calamine")
    return request.param


def _enter_six(registry) -> None:
    make_case = case_factory()
    for index in range(6):  # two passes each, no contact attempts
        create_case(registry, make_case(f"S-{index}"))


@pytest.fixture
def six_cases(filled_copy):
    """This test's copy of six cases with two passes each (entered once per run)."""
    return filled_copy("sqlite", "six-cases-two-passes", filled_with(_enter_six))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def six_cases_on_each_backend(request, filled_copy):
    """The six cases on SQLite and on PostgreSQL (where the worksheets are counted too)."""
    return filled_copy(request.param, "six-cases-two-passes", filled_with(_enter_six))


@pytest.fixture
def demo_registry(filled_copy):
    """This test's copy of a registry of 150 demo cases (seed 7), filled once per run."""
    return filled_copy("sqlite", "demo-150-7", filled_with(lambda reg: fill_demo(reg, 150, seed=7)))


def _data_rows(book, names: list[str], header_rows: int = 1) -> list[list]:
    """The rows below the header of the named worksheets, one after another."""
    return [[cell.value for cell in row] for name in names
            for row in book[name].iter_rows(min_row=header_rows + 1)]


@pytest.mark.parametrize("capacity", [5, 6])
def test_rows_split_exactly_at_the_capacity(six_cases_on_each_backend, tmp_path, monkeypatch,
                                            writer, capacity):
    registry = six_cases_on_each_backend
    export_registry(registry, tmp_path / "one.xlsx")  # the same rows on one worksheet each
    monkeypatch.setattr(export_sheets, "SHEET_ROWS", capacity)
    result = export_registry(registry, tmp_path / "split.xlsx")
    book, whole = load_workbook(tmp_path / "split.xlsx"), load_workbook(tmp_path / "one.xlsx")
    if capacity == 5:  # 6 cases: 5 + 1; 12 passes: 5 + 5 + 2
        cases, attempts = ["cases", "cases (2)"], ["attempts", "attempts (2)", "attempts (3)"]
    else:  # 6 cases fill one worksheet, 12 passes two: no empty worksheet after them
        cases, attempts = ["cases"], ["attempts", "attempts (2)"]
    assert book.sheetnames == cases + attempts + ["contacts"]
    sizes = [book[name].max_row - 1 for name in cases + attempts]
    assert sizes == ([5, 1, 5, 5, 2] if capacity == 5 else [6, 6, 6])
    assert _data_rows(book, cases) == _data_rows(whole, ["cases"])
    assert _data_rows(book, attempts) == _data_rows(whole, ["attempts"])
    assert (result.cases, result.attempts) == (6, 12)
    assert any("'attempts' sheet" in note and "'attempts (2)'" in note for note in result.notes)


@pytest.mark.parametrize("identified", [False, True])
def test_each_worksheet_has_the_header_frozen_filtered_and_sized(six_cases, tmp_path,
                                                                 monkeypatch, writer, identified):
    monkeypatch.setattr(export_sheets, "SHEET_ROWS", 5)
    export_registry(six_cases, tmp_path / "split.xlsx", identified=identified)
    book = load_workbook(tmp_path / "split.xlsx")
    top = 2 if identified else 1  # the header's row, below the identified export's notice
    columns = {"cases": case_fields(identified), "attempts": (KEY_FIELD,) + attempt_fields()}
    sizes = {name: book[name].max_row - top for name in book.sheetnames[:-1]}
    assert sizes == ({"cases": 4, "cases (2)": 2, "attempts": 4, "attempts (2)": 4,
                      "attempts (3)": 4} if identified else
                     {"cases": 5, "cases (2)": 1, "attempts": 5, "attempts (2)": 5,
                      "attempts (3)": 2})
    for name in book.sheetnames[:-1]:  # the contacts sheet is empty
        sheet, fields = book[name], columns[name.split(" ")[0]]
        assert [c.value for c in sheet[top]] == [fd.code for fd in fields], name
        assert all(c.font.b for c in sheet[top]), name
        assert sheet.freeze_panes == f"A{top + 1}", name
        assert sheet.auto_filter.ref == f"A{top}:{get_column_letter(len(fields))}{sheet.max_row}"
        widths = {n: d.width for d in sheet.column_dimensions.values() if d.min
                  for n in range(d.min, d.max + 1)}
        assert all(column_width(fd) <= widths[i] <= column_width(fd) + 1
                   for i, fd in enumerate(fields, start=1)), name
        if identified:
            assert sheet["A1"].value == IDENTIFIED_NOTICE, name


def _by_number(registry) -> dict:
    return {c.values["case_number"]: c for c in load_cases(registry, with_identity=True)}


def test_a_continued_workbook_imports_back_as_the_registry(demo_registry, tmp_path, monkeypatch,
                                                           writer, reader, new_registry_file):
    monkeypatch.setattr(export_sheets, "SHEET_ROWS", 40)
    identified = writer != "native"  # the native writer writes de-identified exports only
    path = tmp_path / "all.xlsx"
    export_registry(demo_registry, path, identified=identified)
    names = load_workbook(path, read_only=True).sheetnames
    assert {"cases (4)", "attempts (2)", "contacts (2)"} <= set(names)
    other = open_registry(new_registry_file("other.sqlite3"))
    report = import_file(other, path)
    assert (report.created, report.rejected, report.warnings) == (150, [], [])
    before, after = _by_number(demo_registry), _by_number(other)
    assert before.keys() == after.keys()
    for number, case in before.items():
        again = after[number]
        assert (case.values, case.passes, case.contacts) == \
            (again.values, again.passes, again.contacts), number
        assert not identified or case.identity == again.identity
    assert sum(len(c.contacts) for c in before.values()) > 40


def test_a_reject_in_a_continuation_names_its_worksheet_and_row(six_cases, tmp_path,
                                                                monkeypatch, reader,
                                                                new_registry_file):
    monkeypatch.setattr(export_sheets, "SHEET_ROWS", 5)
    path = tmp_path / "split.xlsx"
    export_registry(six_cases, path)
    book = load_workbook(path)
    book["attempts (2)"]["A3"] = "NO-SUCH-CASE"  # the row's case is in no cases sheet
    book["attempts"]["A4"] = "NOR-THIS"
    book.save(path)
    other = open_registry(new_registry_file("other.sqlite3"))
    report = import_file(other, path)
    assert sorted((r.sheet, r.row) for r in report.rejected) == [("attempts", 4),
                                                                 ("attempts (2)", 3)]
    assert report.created == 6
    rejects = load_workbook(report.rejects_file)
    rows = [[c.value for c in row] for name in rejects.sheetnames
            for row in rejects[name].iter_rows(min_row=2)]
    assert ["attempts (2)", 3] in [row[:2] for row in rows]
    assert sum(len(c.passes) for c in load_cases(other)) == 10


def test_a_rejected_case_of_a_continuation_names_its_worksheet(six_cases, tmp_path, monkeypatch,
                                                                reader, new_registry_file):
    monkeypatch.setattr(export_sheets, "SHEET_ROWS", 5)
    path = tmp_path / "split.xlsx"
    export_registry(six_cases, path)
    book = load_workbook(path)
    age = [c.value for c in book["cases (2)"][1]].index("age") + 1
    book["cases (2)"].cell(row=2, column=age, value="very old")
    book.save(path)
    report = import_file(open_registry(new_registry_file("other.sqlite3")), path)
    [rejected] = report.rejected
    assert (rejected.sheet, rejected.row, rejected.case_number) == ("cases (2)", 2, "S-5")
    assert any("age" in reason for reason in rejected.reasons)


def test_a_continuation_in_another_column_order_is_read_and_other_columns_are_refused(
        six_cases, tmp_path, monkeypatch, reader):
    monkeypatch.setattr(export_sheets, "SHEET_ROWS", 5)
    path = tmp_path / "split.xlsx"
    export_registry(six_cases, path)
    first = read_tables(path)["attempts"].records()
    book = load_workbook(path)
    book["attempts (2)"].move_range("A1:A6", cols=30)  # the case number moved to the far right
    book["attempts (2)"].delete_cols(1)
    book.save(path)
    assert read_tables(path)["attempts"].records() == first
    book["attempts (3)"]["B1"] = "pass_no"
    book.save(path)
    with pytest.raises(UnreadableFile, match=r"'attempts \(3\)' that continues 'attempts'"
                                             r" with other columns \('pass_number'"):
        read_tables(path)


def test_a_missing_worksheet_between_two_parts_is_a_warning(six_cases, tmp_path, monkeypatch,
                                                            reader):
    monkeypatch.setattr(export_sheets, "SHEET_ROWS", 5)
    path = tmp_path / "split.xlsx"
    export_registry(six_cases, path)
    book = load_workbook(path)
    del book["attempts (2)"]
    book.save(path)
    attempts = read_tables(path)["attempts"]
    assert len(attempts.rows) == 7 and [n for n, _ in attempts.rows] == [2, 3, 4, 5, 6, 2, 3]
    assert attempts.warnings == ["Sheet 'attempts (3)' follows 'attempts': the file has no"
                                 " 'attempts (2)' (a deleted sheet?)."]


def test_the_worksheets_together_stay_within_the_import_limits(six_cases, tmp_path, monkeypatch,
                                                               reader):
    monkeypatch.setattr(export_sheets, "SHEET_ROWS", 2)
    path = tmp_path / "split.xlsx"
    export_registry(six_cases, path)  # 3 + 6 + 1 worksheets: 28 rows, headers included
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 4)  # each fits; together at most 3 x 6 rows
    with pytest.raises(UnreadableFile, match="more than 18 rows in its sheets together"):
        read_tables(path)
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 8)  # 30 rows
    assert len(read_tables(path)["attempts"].rows) == 12


def test_rows_gained_during_the_export_fail_it_without_losing_any(six_cases, tmp_path,
                                                                   monkeypatch, writer):
    monkeypatch.setattr(export_sheets, "SHEET_ROWS", 5)
    counted = {"cases": 2, "attempts": 2, "contacts": 1}  # as if 2 passes came after counting
    monkeypatch.setattr(exporting, "worksheets_needed", lambda *args: counted)
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "split.xlsx"
    target.write_bytes(b"the previous export")
    with pytest.raises(ExportFailed, match="'attempts' sheet gained rows while it was exported"):
        export_registry(six_cases, target)
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in folder.iterdir()] == ["split.xlsx"]  # no partial file


def test_a_case_number_on_two_worksheets_names_both_and_a_repeat_names_its_own(
        six_cases, tmp_path, monkeypatch, reader, new_registry_file):
    """Rows of a continued cases sheet are told apart by worksheet, not by row number alone."""
    monkeypatch.setattr(export_sheets, "SHEET_ROWS", 5)
    path = tmp_path / "split.xlsx"
    export_registry(six_cases, path)
    book = load_workbook(path)
    first, second = book["cases"], book["cases (2)"]
    header = [c.value for c in first[1]]
    number, age = header.index("case_number"), header.index("age")
    second.append([c.value for c in first[2]])  # an exact repeat of the first case
    clash = [c.value for c in first[3]]
    clash[age] = 17 if clash[age] != 17 else 18  # the second case again, another age
    second.append(clash)
    book.save(path)
    report = import_file(open_registry(new_registry_file("other.sqlite3")), path)
    repeated, clashing = first[2][number].value, first[3][number].value
    assert "cases (2) row 3 repeats an earlier row exactly and was skipped." in report.warnings
    rejected = {(r.sheet, r.row): r.reasons for r in report.rejected}
    assert set(rejected) == {("cases", 3), ("cases (2)", 4)}
    for reasons in rejected.values():
        assert any(f"case number '{clashing}' is on cases row 3, cases (2) row 4" in reason
                   for reason in reasons), reasons
    assert repeated != clashing
