"""An Excel export whose sheet would not fit in a worksheet is refused before anything is
written, naming the sheet; a CSV export of the same cases goes through."""
from datetime import date

import pytest

from registry_app.domain.errors import RegistryError
from registry_app.services.cases.editing import create_case
from registry_app.services.cases.queries import CaseFilter, count_child_rows
from registry_app.services.interchange import sheet_limits
from registry_app.services.interchange.exporting import export_registry
from registry_app.storage.schema import PassRow


@pytest.fixture
def three_cases(registry, make_case):
    for number in ("L-1", "L-2", "L-3"):  # two passes each
        create_case(registry, make_case(number))
    return registry


@pytest.mark.parametrize("identified", [False, True])
def test_too_many_attempts_for_a_worksheet_are_refused_naming_the_sheet(
        three_cases, tmp_path, monkeypatch, identified):
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "all.xlsx"
    target.write_bytes(b"the previous export")
    headers = 2 if identified else 1
    monkeypatch.setattr(sheet_limits, "EXCEL_ROWS", 5 + headers)  # 3 cases fit, 6 passes do not
    with pytest.raises(RegistryError) as refused:
        export_registry(three_cases, target, identified=identified)
    message = str(refused.value)
    assert "the 'attempts' sheet would need 6 rows, more than an Excel worksheet holds (5)" \
        in message and ".csv" in message
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in folder.iterdir()) == ["all.xlsx"]   # no partial file
    csv = export_registry(three_cases, folder / "all.csv", identified=identified)
    assert (csv.cases, csv.attempts) == (3, 6)


def test_cases_that_fit_are_exported_at_the_limit(three_cases, tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_limits, "EXCEL_ROWS", 6 + 1)
    result = export_registry(three_cases, tmp_path / "all.xlsx")
    assert (result.cases, result.attempts) == (3, 6)


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
