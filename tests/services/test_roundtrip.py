"""Export → import loses nothing: demo registry to CSV and XLSX and back gives identical cases."""
import csv

import pytest
from openpyxl import load_workbook

from registry_app.services.demo.generator import fill_demo

from ..conftest import filled_with
from registry_app.services.interchange.exporting import export_registry
from registry_app.services.importing.file_import import import_file
from registry_app.services.cases.queries import load_cases
from registry_app.services.registry import open_registry


@pytest.fixture
def demo_registry(filled_copy):
    """This test's copy of a registry of 150 demo cases (seed 7), filled once per run."""
    return filled_copy("sqlite", "demo-150-7", filled_with(lambda reg: fill_demo(reg, 150, seed=7)))


def _by_number(registry):
    return {c.values["case_number"]: c for c in load_cases(registry, with_identity=True)}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_identified_round_trip_is_identical(demo_registry, tmp_path, suffix, new_registry_file):
    path = tmp_path / f"all{suffix}"
    export_registry(demo_registry, path, identified=True)
    other = open_registry(new_registry_file("other.sqlite3"))
    report = import_file(other, path)
    assert (report.created, report.rejected) == (150, [])
    before, after = _by_number(demo_registry), _by_number(other)
    assert before.keys() == after.keys()
    for number, case in before.items():
        assert case.clinically_equal(after[number]), number
        assert case.contacts == after[number].contacts


def test_reimport_same_file_creates_no_duplicates(demo_registry, tmp_path):
    path = tmp_path / "all.xlsx"
    export_registry(demo_registry, path)
    report = import_file(demo_registry, path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 150)


def test_deidentified_export_has_no_identifiers(demo_registry, tmp_path):
    identifiers = set()
    for case in load_cases(demo_registry, with_identity=True):
        identifiers |= {case.identity["mrn"], case.identity["patient_name"],
                        case.identity["birth_date"].isoformat()}
    export_registry(demo_registry, tmp_path / "deid.csv")
    text = "".join(p.read_text(encoding="utf-8-sig") for p in tmp_path.glob("deid*.csv"))
    assert not [i for i in identifiers if i in text]
    export_registry(demo_registry, tmp_path / "deid.xlsx")
    book = load_workbook(tmp_path / "deid.xlsx", read_only=True)
    cells = {str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v}
    assert not identifiers & cells
    assert not {"mrn", "patient_name", "birth_date"} & cells


def test_xlsx_cells_are_typed_and_sheets_conventional(demo_registry, tmp_path):
    import datetime
    export_registry(demo_registry, tmp_path / "typed.xlsx")
    book = load_workbook(tmp_path / "typed.xlsx")
    sheet = book["cases"]
    header = [c.value for c in sheet[1]]
    row = {h: c.value for h, c in zip(header, sheet[2])}
    assert isinstance(row["procedure_date"], datetime.datetime)
    assert float(row["age"]).is_integer() and row["ivt"] in ("yes", "no")  # 72 or 72.0
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert set(book.sheetnames) == {"cases", "attempts", "contacts"}


def test_formula_like_text_is_not_a_formula(registry, make_case, tmp_path, new_registry_file):
    from registry_app.services.cases.editing import create_case
    create_case(registry, make_case(notes="=HYPERLINK(\"x\")"))
    export_registry(registry, tmp_path / "f.xlsx")
    export_registry(registry, tmp_path / "f.csv")
    cell = load_workbook(tmp_path / "f.xlsx")["cases"]
    notes_col = [c.value for c in cell[1]].index("notes")
    assert cell.cell(row=2, column=notes_col + 1).data_type == "s"
    rows = list(csv.DictReader((tmp_path / "f.csv").open(encoding="utf-8-sig")))
    assert rows[0]["notes"].startswith("'=")
    other = open_registry(new_registry_file("o.sqlite3"))
    import_file(other, tmp_path / "f.csv")
    assert load_cases(other)[0].values["notes"] == "=HYPERLINK(\"x\")"
