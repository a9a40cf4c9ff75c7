"""Hostile input: every odd file is either imported correctly or explained, never silently dropped."""
import re
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from registry_app.services.cases.editing import create_case, delete_case, find_case_id, get_case
from registry_app.services.importing.file_import import ImportOptions, NotImportable, import_file
from registry_app.services.cases.queries import count_cases
from registry_app.services.interchange.spreadsheets import UnreadableFile


def write_csv(path, text: str, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path, rows, merges=(), title="cases"):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for ref in merges:
        sheet.merge_cells(ref)
    book.save(path)
    return path


def reasons(report) -> dict[int, str]:
    return {r.row: " | ".join(r.reasons) for r in report.rejected}


# Files that cannot be imported at all ########################################

@pytest.mark.parametrize("name, content, message", [
    ("empty.csv", b"", "is empty"),
    ("blank.csv", b"\n \n\t\n", "is empty"),
    ("binary.csv", bytes(range(256)) * 40, "is not a CSV text file"),
    ("workbook.csv", b"PK\x03\x04" + b"\x00\x01" * 500, "looks like an Excel workbook"),
    ("garbage.xlsx", b"PK\x03\x04 this is not really a zip", "not a readable Excel workbook"),
    ("random.xlsx", bytes(range(256)) * 8, "not a readable Excel workbook"),
    ("old.xls", b"\xd0\xcf\x11\xe0", "Save it from Excel as .xlsx first"),
    ("notes.txt", b"case_number\nA\n", "is not a .csv or .xlsx file"),
])
def test_unreadable_files_are_refused_with_a_reason(registry, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=re.escape(message)):
        import_file(registry, path)
    assert count_cases(registry) == 0


def test_a_zip_of_garbage_named_xlsx_is_unreadable(registry, tmp_path):
    path = tmp_path / "zip.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not really>")
        archive.writestr("random.bin", bytes(range(256)))
    with pytest.raises(UnreadableFile, match="not a readable Excel workbook"):
        import_file(registry, path)


def test_header_only_file_says_nothing_was_imported(registry, tmp_path):
    path = write_csv(tmp_path / "header.csv", "case_number,procedure_date,age\n")
    with pytest.raises(NotImportable, match="header row but no cases"):
        import_file(registry, path)


def test_no_case_number_column_asks_for_a_mapping(registry, tmp_path):
    path = write_csv(tmp_path / "nokey.csv", "patient,age\nX,70\n")
    with pytest.raises(NotImportable, match="map one of its columns to case_number"):
        import_file(registry, path)


# Bad cells ####################################################################

def test_wrong_types_and_text_in_number_columns_are_explained(registry, tmp_path):
    path = write_csv(tmp_path / "types.csv",
                     "case_number,procedure_date,NIHSS,aspects,ivt,Side\n"
                     "T-1,2025-01-10,fourteen,7.5,perhaps,left\n"
                     "T-2,2025-01-11,12,8,yes,upper\n"
                     "T-3,2025-01-12,12,8,yes,left\n")
    report = import_file(registry, path)
    found = reasons(report)
    assert "column 'NIHSS': NIHSS on admission: 'fourteen' is not a whole number" in found[2]
    assert "column 'aspects': ASPECTS: '7.5' is not a whole number" in found[2]
    assert "column 'ivt': IV thrombolysis: 'perhaps' is not yes or no" in found[2]
    assert "column 'Side'" in found[3] and "upper" in found[3]
    assert report.created == 1 and find_case_id(registry, "T-3")


def test_numbers_and_booleans_in_xlsx_cells(registry, tmp_path):
    path = write_xlsx(tmp_path / "typed.xlsx", [
        ["case_number", "procedure_date", "age", "ivt", "nihss_admission"],
        ["X-1", datetime(2025, 1, 10), 70.0, True, 12],
        ["X-2", datetime(2025, 1, 11), True, "no", 12.5],
    ])
    report = import_file(registry, path)
    assert report.created == 1
    case = get_case(registry, find_case_id(registry, "X-1"))
    assert (case.values["age"], case.values["ivt"]) == (70, True)
    assert "Age: 'True' is not a whole number" in reasons(report)[3]
    assert "'12.5' is not a whole number" in reasons(report)[3]


def test_too_long_case_number_is_rejected(registry, tmp_path):
    path = write_csv(tmp_path / "long.csv", f"case_number,procedure_date\n{'N' * 65},2025-01-10\n")
    assert "Case number: is 65 characters long; at most 64" in reasons(import_file(registry, path))[2]


def test_formula_text_in_csv_is_not_taken_as_a_value(registry, tmp_path):
    path = write_csv(tmp_path / "formula.csv", "case_number,procedure_date,age,notes\n"
                                               "F-1,2025-01-10,=40+30,fine\n"
                                               "F-2,2025-01-10,70,=HYPERLINK(\"http://x\")\n"
                                               "F-3,2025-01-10,70,'=quoted on purpose\n")
    report = import_file(registry, path)
    found = reasons(report)
    assert "column 'age': the cell holds the formula '=40+30' instead of a value" in found[2]
    assert "column 'notes'" in found[3] and "formula" in found[3]
    assert report.created == 1
    assert get_case(registry, find_case_id(registry, "F-3")).values["notes"] == "=quoted on purpose"


def _set_cached_value(path, cell: str, value: str) -> None:
    """Give one formula cell a stored result, as Excel does when it saves."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rf'(<c r="{cell}"[^>]*><f>[^<]*</f>)<v\s*/?>(</v>)?'.encode(),
                          rb"\1<v>" + value.encode() + b"</v>", parts[sheet])
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_xlsx_formulas_use_their_saved_result_or_are_explained(registry, tmp_path):
    path = write_xlsx(tmp_path / "formulas.xlsx", [
        ["case_number", "procedure_date", "age", "nihss_admission"],
        ["E-1", "2025-01-10", "=60+10", 12],
        ["E-2", "2025-01-10", "=60+11", 12],
    ])
    _set_cached_value(path, "C2", "70")
    report = import_file(registry, path)
    assert get_case(registry, find_case_id(registry, "E-1")).values["age"] == 70
    assert ("column 'age': the cell holds the formula '=60+11' instead of a value"
            in reasons(report)[3])


def test_merged_cells_down_a_column_fill_each_row_with_a_warning(registry, tmp_path):
    path = write_xlsx(tmp_path / "merged.xlsx", [
        ["case_number", "procedure_date", "operator", "age"],
        ["G-1", datetime(2025, 1, 10), "AB", 70],
        ["G-2", None, None, 71],
        ["G-3", None, None, 72],
        ["G-4", datetime(2025, 1, 12), "CD", 73],
    ], merges=["B2:B4", "C2:C4"])
    report = import_file(registry, path)
    assert (report.created, report.rejected) == (4, [])
    g3 = get_case(registry, find_case_id(registry, "G-3"))
    assert (g3.values["procedure_date"], g3.values["operator"]) == (date(2025, 1, 10), "AB")
    assert any("cells B2:B4 are merged" in w for w in report.warnings)


def test_cells_merged_across_columns_reject_the_row(registry, tmp_path):
    path = write_xlsx(tmp_path / "across.xlsx", [
        ["case_number", "procedure_date", "age", "nihss_admission"],
        ["H-1", datetime(2025, 1, 10), 70, None],
        ["H-2", datetime(2025, 1, 10), 71, 5],
    ], merges=["C2:D2"])
    report = import_file(registry, path)
    assert "cells C2:D2 are merged across columns" in reasons(report)[2]
    assert report.created == 1


def test_unknown_and_unnamed_columns_are_listed_never_dropped_silently(registry, tmp_path):
    path = write_csv(tmp_path / "extra.csv", "case_number,procedure_date,Ward,,age,age\n"
                                             "U-1,2025-01-10,3B,lost?,70,71\n")
    report = import_file(registry, path)
    assert report.unknown_columns == ["Ward", "(column D)", "age (column F)"]
    assert "Columns not imported: Ward, (column D), age (column F)." in report.summary()
    assert get_case(registry, find_case_id(registry, "U-1")).values["age"] == 70


DMY = ImportOptions(date_order="dmy")


@pytest.mark.parametrize("text", ["2024-01-02", "02/01/2024", "02.01.2024", "2 Jan 2024",
                                  "02-01-2024", "20240102", "2024/01/02", "2 January 2024",
                                  "02/01/24"])
def test_dates_in_several_formats(registry, tmp_path, text):
    path = write_csv(tmp_path / "dates.csv", f"case_number,procedure_date\nD-1,{text}\n")
    assert import_file(registry, path, options=DMY).created == 1
    assert get_case(registry, find_case_id(registry, "D-1")).values["procedure_date"] == date(2024, 1, 2)


def test_ambiguous_dates_are_rejected_unless_the_order_is_declared(registry, tmp_path):
    path = write_csv(tmp_path / "ambiguous.csv", "case_number,procedure_date\n"
                                                 "A-1,03/04/2025\nA-2,13/04/2025\nA-3,2025-04-03\n")
    report = import_file(registry, path)
    assert ("column 'procedure_date': Procedure date: '03/04/2025' could be 3 April 2025 or"
            " 4 March 2025" in reasons(report)[2])
    assert report.created == 2  # 13/04/2025 has one reading, ISO dates are never ambiguous
    assert import_file(registry, path, options=ImportOptions(date_order="mdy")).created == 1
    assert get_case(registry, find_case_id(registry, "A-1")).values["procedure_date"] == date(2025, 3, 4)


def test_impossible_and_contradicting_dates_are_rejected(registry, tmp_path):
    path = write_csv(tmp_path / "bad_dates.csv", "case_number,procedure_date\n"
                                                 "D-1,31/02/2024\nD-2,01/13/2024\nD-3,soon\n")
    found = reasons(import_file(registry, path, options=DMY))
    assert "is not a date in the order day/month/year" in found[2]
    assert "'01/13/2024' is not a date in the order day/month/year" in found[3]
    assert "'soon' is not a date (use YYYY-MM-DD)" in found[4]


def test_implausible_dates_are_errors(registry, tmp_path):
    path = write_csv(tmp_path / "implausible.csv", "case_number,procedure_date,discharge_date\n"
                                                   "P-1,1989-12-31,\nP-2,2025-07-01,\n"
                                                   "P-3,2025-06-30,2025-07-01\n")
    found = reasons(import_file(registry, path))
    assert "Procedure date: 1989-12-31 is before 1990; check the date" in found[2]
    assert "Procedure date: 2025-07-01 is in the future" in found[3]  # registry.today() is 30 June
    assert "Discharge date: 2025-07-01 is in the future" in found[4]


def test_xlsx_dates_as_date_cells_and_numbers_rejected(registry, tmp_path):
    path = write_xlsx(tmp_path / "serial.xlsx", [
        ["case_number", "procedure_date", "onset_time"],
        ["S-1", datetime(2024, 1, 2), datetime(2024, 1, 2, 7, 45, 30)],
        ["S-2", 45293, 45293.5],
        ["S-3", 3, None],
    ])
    report = import_file(registry, path)
    assert report.created == 1
    case = get_case(registry, find_case_id(registry, "S-1"))
    assert (case.values["procedure_date"], case.values["onset_time"]) == (
        date(2024, 1, 2), datetime(2024, 1, 2, 7, 45))
    found = reasons(report)
    assert "column 'procedure_date': Procedure date: '45293' is a number, not a date" in found[3]
    assert "column 'onset_time'" in found[3]
    assert "'3' is a number, not a date" in found[4]  # never 1900-01-03
    assert find_case_id(registry, "S-3") is None


def test_duplicates_within_the_file(registry, tmp_path):
    path = write_csv(tmp_path / "dups.csv", "case_number,procedure_date,age\n"
                                            "R-1,2025-01-10,70\nR-2,2025-01-10,60\n"
                                            "R-1,2025-01-10,71\nR-2,2025-01-10,60\n")
    report = import_file(registry, path)
    found = reasons(report)
    assert set(found) == {2, 4}
    assert "case number 'R-1' is on rows 2, 4 with different values" in found[2]
    assert report.created == 1 and "row 5 repeats an earlier row exactly" in report.warnings[0]


def test_non_utf8_csv_with_semicolons_and_decimal_commas(registry, tmp_path):
    path = write_csv(tmp_path / "latin.csv",
                     "case_number;territory;procedure_date;symptom_duration_h;notes;patient_name\n"
                     "L-1;limb;10.01.2025;3,5;Thrombus in A. femoralis, Größe ~4 cm;Jürgen Müller\n",
                     encoding="cp1252")
    report = import_file(registry, path, options=DMY)
    assert report.rejected == [] and report.created == 1
    case = get_case(registry, find_case_id(registry, "L-1"))
    assert case.values["symptom_duration_h"] == 3.5
    assert case.values["notes"] == "Thrombus in A. femoralis, Größe ~4 cm"
    assert case.identity["patient_name"] == "Jürgen Müller"


def test_utf16_tab_separated_text_as_excel_saves_it(registry, tmp_path):
    path = tmp_path / "unicode.csv"
    path.write_bytes("case_number\tprocedure_date\tnotes\r\nW-1\t2025-01-10\tÄrztin: Dr. Øberg\r\n"
                     .encode("utf-16"))
    assert import_file(registry, path).created == 1
    assert get_case(registry, find_case_id(registry, "W-1")).values["notes"] == "Ärztin: Dr. Øberg"


def test_ragged_rows_are_rejected_with_their_extra_cells_kept(registry, tmp_path):
    path = write_csv(tmp_path / "ragged.csv", "case_number,procedure_date\n"
                                              "Y-1,2025-01-10,surprise\nY-2\nY-3,2025-01-10,\n")
    report = import_file(registry, path)
    found = reasons(report)
    assert "the row has 3 cells but the header has 2; a value may have shifted" in found[2]
    assert "the row has 1 cells but the header has 2; it looks cut off" in found[3]
    assert report.created == 1  # Y-3: its one extra cell is empty, nothing is lost
    assert report.unknown_columns == ["(column C)"]
    rejects = report.rejects_file.read_text(encoding="utf-8-sig")
    assert "surprise" in rejects


def test_a_row_for_a_deleted_case_is_rejected_not_merged(registry, tmp_path, make_case):
    case_id = create_case(registry, make_case("Z-1")).case_id
    delete_case(registry, case_id, "entered by mistake")
    path = write_csv(tmp_path / "deleted.csv", "case_number,procedure_date\nZ-1,2025-01-10\n")
    assert "belongs to a deleted case; restore that case first" in reasons(import_file(registry, path))[2]


def test_over_long_text_is_rejected_with_the_field_and_the_limit(registry, tmp_path):
    path = write_csv(tmp_path / "long_notes.csv", "case_number,procedure_date,notes\n"
                                                  f"N-1,2025-01-10,{'n' * 10_001}\n"
                                                  f"N-2,2025-01-10,{'n' * 10_000}\n")
    report = import_file(registry, path)
    assert ("column 'notes': Notes: is 10,001 characters long; at most 10,000 are allowed."
            in reasons(report)[2])
    assert report.created == 1 and report.rejects_file.is_file()
