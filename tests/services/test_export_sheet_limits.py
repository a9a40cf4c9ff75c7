"""An Excel export counts the worksheets each sheet takes before writing: a sheet with more rows than
a worksheet holds is no longer refused but continues on further worksheets
(tests/services/test_export_continued_sheets.py shows the workbook)."""
from datetime import date

import pytest

from registry_app.services.cases.editing import create_case
from registry_app.services.cases.queries import CaseFilter, count_child_rows
from registry_app.services.interchange import export_sheets
from registry_app.services.interchange.exporting import export_registry
from registry_app.services.interchange.sheet_limits import worksheets_needed
from registry_app.storage.schema import PassRow


@pytest.fixture
def three_cases(registry, make_case):
    for number in ("L-1", "L-2", "L-3"):  # two passes each
        create_case(registry, make_case(number))
    return registry


@pytest.mark.parametrize("identified", [False, True])
def test_too_many_attempts_for_a_worksheet_continue_instead_of_being_refused(
        three_cases, tmp_path, monkeypatch, identified):
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "all.xlsx"
    target.write_bytes(b"the previous export")
    headers = 2 if identified else 1
    monkeypatch.setattr(export_sheets, "SHEET_ROWS", 6 - headers)  # 5 rows in all: 6 passes do not fit
    result = export_registry(three_cases, target, identified=identified)
    assert (result.cases, result.attempts) == (3, 6)
    assert result.notes == ["The 'attempts' sheet has more rows than an Excel worksheet holds, so"
                            " it continues on 'attempts (2)', with the same header and filter;"
                            " an import reads them back as one sheet."]
    assert target.read_bytes().startswith(b"PK")
    assert sorted(p.name for p in folder.iterdir()) == ["all.xlsx"]   # no partial file
    csv = export_registry(three_cases, folder / "all.csv", identified=identified)
    assert (csv.cases, csv.attempts, csv.notes) == (3, 6, [])


@pytest.mark.parametrize("identified", [False, True])
def test_worksheets_are_counted_from_the_rows_below_the_header(three_cases, monkeypatch,
                                                               identified):
    room = 6 if identified else 5  # the SHEET_ROWS that holds the 3 cases and 3 of the passes
    for rows, attempts in ((room - 1, 2), (room, 2), (room + 1, 1)):
        monkeypatch.setattr(export_sheets, "SHEET_ROWS", rows)
        assert worksheets_needed(three_cases, CaseFilter(), identified) == \
            {"cases": 1, "attempts": attempts, "contacts": 1}
    monkeypatch.setattr(export_sheets, "SHEET_ROWS", 2 + int(identified))
    assert worksheets_needed(three_cases, CaseFilter(), identified) == \
        {"cases": 2, "attempts": 3, "contacts": 1}


def test_cases_that_fit_are_exported_at_the_limit(three_cases, tmp_path, monkeypatch):
    monkeypatch.setattr(export_sheets, "SHEET_ROWS", 6)
    result = export_registry(three_cases, tmp_path / "all.xlsx")
    assert (result.cases, result.attempts, result.notes) == (3, 6, [])


def test_child_rows_are_counted_for_the_filtered_cases_only(three_cases, make_case):
    one_pass = [{"pass_number": 1, "technique": "aspiration", "device": "React 71",
                 "reperfusion_grade": "3", "pass_time": None}]
    earlier = make_case("L-4", passes=one_pass, procedure_date=date(2024, 5, 1))
    for code, value in earlier.values.items():
        if code.endswith("_time") or code.endswith("_date") and code != "procedure_date":
            earlier.values[code] = None
    create_case(three_cases, earlier)
    assert count_child_rows(three_cases, CaseFilter(), PassRow.__table__) == 7
    assert count_child_rows(three_cases, CaseFilter(date_from=date(2025, 1, 1)),
                            PassRow.__table__) == 6
    assert count_child_rows(three_cases, CaseFilter(date_to=date(2024, 12, 31)),
                            PassRow.__table__) == 1
