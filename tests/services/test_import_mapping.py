"""Column mapping for department spreadsheets, remembered layouts, value maps and the preview."""
import pytest

from registry_app.domain.errors import RegistryError
from registry_app.services.cases.editing import find_case_id, get_case
from registry_app.services.importing.layouts import (layout_key, load_layout, normalise, resolve_mapping, save_layout,
                                                     suggest_mapping)
from registry_app.services.importing.preview import preview_import
from registry_app.services.importing.file_import import ImportOptions, import_file
from registry_app.services.cases.queries import count_cases

DEPARTMENT_HEADER = ["Case No.", "Date", "Age (years)", "Gender", "NIHSS", "Site", "IVT",
                     "mRS 90", "DOB", "Comments", "Ward"]


def write_csv(path, header, *rows, encoding="utf-8"):
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def test_normalise_ignores_case_separators_and_spaces():
    assert normalise("  NIHSS_on-Admission ") == "nihss on admission"
    assert normalise("mRS.90") == normalise("mrs 90") == "mrs 90"


def test_suggestions_by_code_label_and_synonym():
    assert suggest_mapping(DEPARTMENT_HEADER) == {
        "Case No.": "case_number", "Date": "procedure_date", "Age (years)": "age",
        "Gender": "sex", "NIHSS": "nihss_admission", "Site": "occlusion_site", "IVT": "ivt",
        "mRS 90": "mrs_90d", "DOB": "birth_date", "Comments": "notes"}


def test_labels_and_codes_in_any_spelling():
    header = ["case_number", "NIHSS on admission", "Pre-stroke mRS", "mrs_at_90_days",
              "Groin puncture", "FINAL REPERFUSION"]
    assert suggest_mapping(header) == {
        "case_number": "case_number", "NIHSS on admission": "nihss_admission",
        "Pre-stroke mRS": "prestroke_mrs", "mrs_at_90_days": "mrs_90d",
        "Groin puncture": "puncture_time", "FINAL REPERFUSION": "final_reperfusion"}


def test_exact_codes_win_and_each_field_is_used_once():
    mapping = suggest_mapping(["Date", "procedure_date", "NIHSS", "nihss admission"])
    assert mapping == {"procedure_date": "procedure_date", "nihss admission": "nihss_admission"}


def test_a_label_shared_by_two_fields_is_not_guessed():
    assert "Complications" not in suggest_mapping(["case_number", "Complications"])


def test_rejects_bookkeeping_columns_are_never_mapped():
    assert suggest_mapping(["sheet", "row", "reasons", "case_number"]) == {"case_number": "case_number"}


def test_layout_key_ignores_order_spelling_and_rejects_columns():
    key = layout_key(DEPARTMENT_HEADER)
    assert key == layout_key(list(reversed(DEPARTMENT_HEADER)))
    assert key == layout_key(["sheet", "row", "reasons"] + [h.upper() for h in DEPARTMENT_HEADER])
    assert key != layout_key(DEPARTMENT_HEADER + ["Extra"]) and len(key) == 64


def test_layouts_are_saved_and_loaded(registry):
    assert load_layout(registry, DEPARTMENT_HEADER) is None
    save_layout(registry, DEPARTMENT_HEADER, {"Ward": None, "Site": "occlusion_site"},
                {"Site": {"MCA": "M1"}})
    layout = load_layout(registry, list(reversed(DEPARTMENT_HEADER)))
    assert layout.mapping == {"Ward": "", "Site": "occlusion_site"}
    assert layout.value_maps == {"Site": {"MCA": "M1"}}
    save_layout(registry, DEPARTMENT_HEADER, {"Ward": "operator"})
    assert load_layout(registry, DEPARTMENT_HEADER).mapping == {"Ward": "operator"}


def test_saving_an_unknown_field_is_refused(registry):
    with pytest.raises(RegistryError, match="not_a_field is not a registry field"):
        save_layout(registry, ["a"], {"a": "not_a_field"})


def test_explicit_mapping_beats_remembered_beats_suggested():
    from registry_app.services.importing.layouts import Layout
    remembered = Layout({"Ward": "operator", "NIHSS": ""})
    mapping = resolve_mapping(DEPARTMENT_HEADER, {"Comments": None, "Gender": "notes"}, remembered)
    assert mapping["Ward"] == "operator" and mapping["Gender"] == "notes"
    assert "NIHSS" not in mapping and "Comments" not in mapping


def _department_file(tmp_path):
    return write_csv(tmp_path / "dept.csv", DEPARTMENT_HEADER,
                     ["A-1", "10/01/2025", 71, "Mann", 17, "M1", "Y", 2, "1950-01-01", "ok", "3B"],
                     ["A-2", "11/01/2025", 64, "Frau", 9, "MCA", "No", 6, "", "", "3B"])


def test_department_spreadsheet_imports_with_suggestions_and_value_maps(registry, tmp_path):
    path = _department_file(tmp_path)
    report = import_file(registry, path, dry_run=True)
    assert [r.row for r in report.rejected] == [2, 3]  # 'male' and 'MCA' are not codes
    report = import_file(registry, path, value_maps={"Gender": {"mann": "M", "FRAU": "F"},
                                                     "Site": {"mca": "M1"}},
                         options=ImportOptions(date_order="dmy"))
    assert (report.created, report.rejected, report.unknown_columns) == (2, [], ["Ward"])
    case = get_case(registry, find_case_id(registry, "A-2"))
    assert (case.values["sex"], case.values["occlusion_site"], case.values["ivt"]) == ("F", "M1", False)
    assert case.values["procedure_date"].isoformat() == "2025-01-11"
    assert load_layout(registry, DEPARTMENT_HEADER).value_maps["Site"] == {"mca": "M1"}


def test_remembered_layout_is_used_by_the_next_import(registry, tmp_path):
    path = _department_file(tmp_path)
    import_file(registry, path, mapping={"Ward": "operator"},
                value_maps={"Gender": {"Mann": "M", "Frau": "F"}, "Site": {"MCA": "M1"}},
                options=ImportOptions(date_order="dmy"))
    again = write_csv(tmp_path / "next.csv", list(reversed(DEPARTMENT_HEADER)),
                      list(reversed(["A-3", "12/01/2025", 80, "Mann", 3, "MCA", "1", 1, "", "",
                                     "ICU"])))
    report = import_file(registry, again)  # the remembered layout brings the date order too
    assert (report.created, report.rejected) == (1, [])
    case = get_case(registry, find_case_id(registry, "A-3"))
    assert (case.values["operator"], case.values["occlusion_site"]) == ("ICU", "M1")
    assert case.values["procedure_date"].isoformat() == "2025-01-12"
    assert load_layout(registry, DEPARTMENT_HEADER).date_order == "dmy"


def test_preview_lists_everything_and_writes_nothing(registry, tmp_path):
    path = _department_file(tmp_path)
    preview = preview_import(registry, path, first_rows=1, options=ImportOptions(date_order="dmy"))
    assert preview.header == DEPARTMENT_HEADER and not preview.remembered
    assert preview.suggested_mapping["NIHSS"] == "nihss_admission"
    assert preview.unknown_columns == ["Ward"] and preview.first_rows[0][0] == 2
    assert (preview.rows, preview.new, preview.rejected) == (2, 0, 2)
    assert preview.unrecognised_values == {"Gender": ["Mann", "Frau"], "Site": ["MCA"]}
    by_row = preview.problems_by_row()
    assert [p.column for p in by_row[("cases", 3)]] == ["Gender", "Site"]
    assert "is not one of the allowed values" in by_row[("cases", 3)][1].reason
    assert count_cases(registry) == 0 and not (tmp_path / "dept.rejects.csv").exists()


def test_preview_with_value_maps_counts_new_and_updated(registry, tmp_path, make_case):
    from registry_app.services.cases.editing import create_case
    create_case(registry, make_case("A-1"))
    maps = {"Gender": {"Mann": "M", "Frau": "F"}, "Site": {"MCA": "M1"}}
    preview = preview_import(registry, _department_file(tmp_path), value_maps=maps,
                             options=ImportOptions(date_order="dmy"))
    assert (preview.new, preview.updated, preview.unchanged, preview.rejected) == (1, 1, 0, 0)
    assert preview.can_import and preview.problems == [] and preview.unrecognised_values == {}


def test_preview_without_a_case_number_column_asks_for_mapping(registry, tmp_path):
    path = write_csv(tmp_path / "nokey.csv", ["Patient ref", "NIHSS"], ["P1", 4])
    preview = preview_import(registry, path)
    assert "no column recognised as the case number" in preview.blocking
    assert not preview.can_import and preview.first_rows == [(2, {"Patient ref": "P1", "NIHSS": "4"})]
    fixed = preview_import(registry, path, mapping={"Patient ref": "case_number"})
    assert fixed.blocking is None and fixed.mapping["Patient ref"] == "case_number"


def test_coded_values_by_code_label_yes_no_and_tici_wording(registry, tmp_path):
    path = write_csv(tmp_path / "coded.csv",
                     ["case_number", "Date", "IVT", "Gender", "Final TICI", "Site", "mRS 90"],
                     ["V-1", "2025-01-10", "Yes", "Female", "TICI 2b", "M1", "3"],
                     ["V-2", "2025-01-10", "Y", "F", "eTICI 3", "m2", "pending"],
                     ["V-3", "2025-01-10", "1", "m", "mTICI 2a", "ICA-T", "2"],
                     ["V-4", "2025-01-10", "no", "Male", "2C", "A1", "1"])
    report = import_file(registry, path, value_maps={"mRS 90": {"pending": ""}})
    assert (report.created, report.rejected) == (4, [])
    got = {n: get_case(registry, find_case_id(registry, n)).values for n in ("V-1", "V-2", "V-3", "V-4")}
    assert [got[n]["ivt"] for n in got] == [True, True, True, False]
    assert [got[n]["sex"] for n in got] == ["F", "F", "M", "M"]
    assert [got[n]["final_reperfusion"] for n in got] == ["2b", "3", "2a", "2c"]
    assert [got[n]["occlusion_site"] for n in got] == ["M1", "M2", "ICA-T", "A1"]
    assert got["V-2"]["mrs_90d"] is None


def test_preview_of_an_xlsx_names_row_and_column_of_each_problem(registry, tmp_path):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    for row in (["Case No", "Date", "NIHSS", "Ward"], ["X-1", "2025-01-10", "=A1", "3B"],
                ["X-2", "2025-01-10", 50, "3B"], ["X-3", "2025-01-10", 5, "3B"]):
        sheet.append(row)
    book.save(tmp_path / "p.xlsx")
    preview = preview_import(registry, tmp_path / "p.xlsx")
    found = [(p.row, p.column, p.reason[:30]) for p in preview.problems]
    assert found == [(2, "NIHSS", "the cell holds the formula '=A"),
                     (3, "NIHSS", "NIHSS on admission: 50 is outs")]
    assert (preview.new, preview.rejected, preview.unknown_columns) == (1, 2, ["Ward"])
