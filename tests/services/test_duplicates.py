"""Likely duplicate patients: same MRN (however written), or same birth and procedure dates."""
import csv
from datetime import date

from registry_app.services.cases.editing import create_case, delete_case, find_case_id, get_case
from registry_app.services.cases.duplicates import mrn_key, possible_duplicates, worth_checking
from registry_app.services.importing.file_import import import_file


def test_mrn_is_compared_normalised():
    assert mrn_key(" 00123-456 ") == mrn_key("123 456") == mrn_key("123.456") == "123456"
    assert mrn_key("ab12") == mrn_key("AB12")
    assert mrn_key("") is None and mrn_key(None) is None


def test_same_mrn_is_a_possible_duplicate(registry, make_case):
    create_case(registry, make_case("C-1", identity={"mrn": "000123"}))
    found = possible_duplicates(registry, make_case("C-2", identity={"mrn": "123"}))
    assert [(d.case_number, d.reason) for d in found] == [("C-1", "same medical record number")]
    assert found[0].text() == "possible duplicate of case C-1 (same medical record number)"


def test_same_birth_and_procedure_date(registry, make_case):
    born = date(1950, 3, 4)
    create_case(registry, make_case("C-1", identity={"birth_date": born}))
    same = make_case("C-2", identity={"birth_date": born})
    assert [d.case_number for d in possible_duplicates(registry, same)] == ["C-1"]
    other_day = make_case("C-3", procedure_date=date(2025, 1, 11), identity={"birth_date": born})
    assert possible_duplicates(registry, other_day) == []
    assert possible_duplicates(registry, make_case("C-4")) == []  # no identity: nothing to match


def test_a_case_never_matches_itself_nor_deleted_cases(registry, make_case):
    case_id = create_case(registry, make_case("C-1", identity={"mrn": "77"})).case_id
    assert possible_duplicates(registry, get_case(registry, case_id)) == []
    gone = create_case(registry, make_case("C-2", identity={"mrn": "88"})).case_id
    delete_case(registry, gone, "Entered twice")
    assert possible_duplicates(registry, make_case("C-3", identity={"mrn": "88"})) == []


def test_worth_checking_only_new_or_reidentified(registry, make_case):
    case_id = create_case(registry, make_case("C-1", identity={"mrn": "1"})).case_id
    stored = get_case(registry, case_id)
    edited = stored.copy()
    edited.values["age"] = 80
    assert not worth_checking(edited, stored)
    edited.identity["mrn"] = "2"
    assert worth_checking(edited, stored)
    assert worth_checking(make_case("C-9"), None)


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_number", "procedure_date", "mrn", "birth_date", "age"])
        writer.writerows(rows)
    return path


def test_import_reports_possible_duplicates_and_still_imports(registry, make_case, tmp_path):
    create_case(registry, make_case("C-1", identity={"mrn": "A-100",
                                                     "birth_date": date(1950, 1, 1)}))
    path = write_csv(tmp_path / "cases.csv", [
        ["N-1", "2025-02-01", "a 100", "", "70"],           # same MRN as C-1
        ["N-2", "2025-03-01", "", "1960-05-05", "70"],      # same dates as N-3 in the file
        ["N-3", "2025-03-01", "", "1960-05-05", "71"],
        ["N-4", "2025-03-02", "999", "1970-01-01", "60"],   # nobody
    ])
    report = import_file(registry, path, before_import=None)
    assert report.created == 4 and not report.rejected
    assert all(find_case_id(registry, n) for n in ("N-1", "N-2", "N-3", "N-4"))
    flagged = [(number, d.case_number) for _s, _r, number, d in report.possible_duplicates]
    assert flagged == [("N-1", "C-1"), ("N-2", "N-3"), ("N-3", "N-2")]
    assert ("cases row 2 (case N-1): possible duplicate of case C-1 (same medical record number);"
            " imported all the same.") in report.warnings
    assert "3 rows may be a patient already in the registry" in report.summary()
    assert get_case(registry, find_case_id(registry, "C-1")).identity["mrn"] == "A-100"


def test_reimporting_unchanged_rows_is_quiet(registry, tmp_path):
    path = write_csv(tmp_path / "cases.csv", [["N-1", "2025-02-01", "5", "", "70"],
                                              ["N-2", "2025-02-02", "5", "", "70"]])
    assert len(import_file(registry, path, before_import=None).possible_duplicates) == 2
    again = import_file(registry, path, before_import=None)
    assert again.unchanged == 2 and again.possible_duplicates == []
