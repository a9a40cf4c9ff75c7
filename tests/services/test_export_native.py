"""The native export: records read from the stored rows equal those of loaded cases, the native
workbook has the same cells as XlsxWriter's, and the fallback is taken without the native writer."""
import os
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from registry_app.services.cases.editing import create_case, delete_case, find_case_id
from registry_app.services.cases.merging import merge_cases
from registry_app.services.cases.queries import CaseFilter, iter_cases
from registry_app.services.demo.generator import fill_demo
from registry_app.services.interchange import export_stored, exporting, stored_records
from registry_app.services.interchange.export_files import ExportFailed
from registry_app.services.interchange.exporting import export_registry
from registry_app.services.interchange.rows import attempt_records, case_record, contact_records
from registry_app.services.progress import CancelToken, Cancelled
from registry_app.storage.schema import cases_table

from ..conftest import case_factory, filled_with
from .test_export_writers import workbook_cells
from .test_stats_aggregated import pg_registry  # noqa: F401


def varied_cohort(registry, make_case) -> None:
    """Demo cases of every territory, a blank-ish case, odd stored values, a deleted case and a
    merged pair (the merged-away case and the deleted one are not exported)."""
    fill_demo(registry, 120, seed=7)
    create_case(registry, make_case("B-1", passes=[], sich=None, mrs_90d=None, notes=None,
                                    followup_date=None, onset_time=None))
    create_case(registry, make_case("ODD-1", identity={"mrn": "007", "patient_name": "=A1",
                                                       "birth_date": date(1940, 1, 2)}))
    with registry.transaction() as session:
        session.execute(update(cases_table).where(cases_table.c.case_number == "ODD-1").values(
            procedural_complications=";none;;dissection;", notes="007",
            end_time=datetime(2025, 3, 31, 23, 59, 59)))
    create_case(registry, make_case("GONE-1"))
    delete_case(registry, find_case_id(registry, "GONE-1"), "entered twice")
    create_case(registry, make_case("DUP-A"))
    create_case(registry, make_case("DUP-B"))
    merge_cases(registry, find_case_id(registry, "DUP-A"), find_case_id(registry, "DUP-B"))


def stored_and_loaded(registry, flt=CaseFilter(), identified=False):
    """(records read from the stored rows, records of the loaded cases) for every sheet."""
    ids = stored_records.export_case_ids(registry, flt)
    stored = ([], [], [])
    for chunk in stored_records.batches(ids):
        stored[0].extend(stored_records.case_records(registry, chunk, identified))
        stored[1].extend(stored_records.attempt_records(registry, chunk))
        stored[2].extend(stored_records.contact_records(registry, chunk))
    loaded: tuple[list, list, list] = ([], [], [])
    for case in iter_cases(registry, flt, with_identity=identified):
        loaded[0].append(case_record(case, identified))
        loaded[1].extend(attempt_records(case))
        loaded[2].extend(contact_records(case))
    return stored, loaded


@pytest.fixture
def varied(filled_copy):
    """This test's copy of a registry holding the varied cohort (entered once per run)."""
    return filled_copy("sqlite", "varied-cohort",
                       filled_with(lambda reg: varied_cohort(reg, case_factory())))


@pytest.mark.parametrize("identified", [False, True])
def test_records_from_stored_rows_equal_those_of_loaded_cases(varied, monkeypatch, identified):
    registry = varied
    monkeypatch.setattr(stored_records, "BATCH", 50)  # several batches
    stored, loaded = stored_and_loaded(registry, identified=identified)
    assert stored == loaded
    numbers = [record[0] for record in stored[0]]
    assert "GONE-1" not in numbers and ("DUP-A" in numbers) != ("DUP-B" in numbers)
    territories = {record[[fd.code for fd in exporting.case_fields()].index("territory")]
                   for record in stored[0]}
    assert territories == {"cerebral", "limb", "coronary"}
    assert stored[1] and stored[2] and len(stored[0]) == 123


def test_records_from_stored_rows_follow_the_filter(varied):
    registry = varied
    flt = CaseFilter(territory="limb", date_from=date(2024, 9, 1))
    stored, loaded = stored_and_loaded(registry, flt)
    assert stored == loaded and 0 < len(stored[0]) < 30


@pytest.mark.postgres
def test_stored_records_equal_loaded_ones_on_postgresql(pg_registry, make_case):  # noqa: F811
    varied_cohort(pg_registry, make_case)
    stored, loaded = stored_and_loaded(pg_registry, identified=True)
    assert stored == loaded


def test_native_workbook_has_the_cells_of_the_xlsxwriter_one(varied, tmp_path, monkeypatch):
    registry = varied
    books = {}
    for name in ("native", "xlsxwriter"):
        monkeypatch.setattr(exporting, "XLSX_WRITER", name)
        result = export_registry(registry, tmp_path / f"{name}.xlsx")
        books[name] = (workbook_cells(tmp_path / f"{name}.xlsx"), result.cases, result.attempts)
    assert books["native"] == books["xlsxwriter"]
    assert books["native"][1] == 123 and books["native"][2] > 100


def test_empty_sheets_keep_their_bold_header_and_filter(registry, make_case, tmp_path,
                                                        monkeypatch):
    monkeypatch.setattr(exporting, "XLSX_WRITER", "native")
    create_case(registry, make_case("E-1", passes=[]))
    export_registry(registry, tmp_path / "e.xlsx")
    book = load_workbook(tmp_path / "e.xlsx")
    for name in ("attempts", "contacts"):
        sheet = book[name]
        assert [c.value for c in sheet[1]][0] == "case_number" and all(c.font.b for c in sheet[1])
        assert sheet.max_row == 1 and sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")  # A1:X2: the writer counts a blank row


def test_the_fallback_writes_when_the_native_writer_is_missing(registry, make_case, tmp_path,
                                                               monkeypatch):
    create_case(registry, make_case("M-1"))
    monkeypatch.setattr(exporting, "XLSX_WRITER", None)
    monkeypatch.setitem(sys.modules, "rustpy_xlsxwriter", None)  # import fails
    used = []
    real = exporting.XLSX_WRITERS["xlsxwriter"]
    monkeypatch.setitem(exporting.XLSX_WRITERS, "xlsxwriter",
                        lambda *args: used.append("xlsxwriter") or real(*args))
    export_registry(registry, tmp_path / "m.xlsx")
    assert used == ["xlsxwriter"]
    assert load_workbook(tmp_path / "m.xlsx")["cases"]["A2"].value == "M-1"


def test_the_identified_export_is_written_by_xlsxwriter(registry, make_case, tmp_path,
                                                       monkeypatch):
    create_case(registry, make_case("I-1"))
    monkeypatch.setattr(exporting, "XLSX_WRITER", "native")
    used = []
    real = exporting.XLSX_WRITERS["xlsxwriter"]
    monkeypatch.setitem(exporting.XLSX_WRITERS, "xlsxwriter",
                        lambda *args: used.append("xlsxwriter") or real(*args))
    export_registry(registry, tmp_path / "i.xlsx", identified=True)
    assert used == ["xlsxwriter"]


def test_cancel_stops_the_native_export_between_batches(registry, make_case, tmp_path,
                                                        monkeypatch):
    monkeypatch.setattr(exporting, "XLSX_WRITER", "native")
    monkeypatch.setattr(stored_records, "BATCH", 2)
    for index in range(6):
        create_case(registry, make_case(f"K-{index}"))
    token, seen = CancelToken(), []

    def progress(label, done, total):
        seen.append((label, done, total))
        token.cancel()  # the user presses Cancel after the first batch
    with pytest.raises(Cancelled):
        export_registry(registry, tmp_path / "k.xlsx", progress=progress, cancel=token)
    assert seen == [("Exporting cases", 2, 6)]
    assert list(tmp_path.glob("k.xlsx*")) == []


def test_native_progress_covers_each_sheet(registry, make_case, tmp_path, monkeypatch):
    monkeypatch.setattr(exporting, "XLSX_WRITER", "native")
    monkeypatch.setattr(stored_records, "BATCH", 2)
    for index in range(3):
        create_case(registry, make_case(f"P-{index}"))
    seen = []
    result = export_registry(registry, tmp_path / "p.xlsx",
                             progress=lambda *step: seen.append(step))
    assert seen == [(label, done, 3) for label in ("Exporting cases", "Exporting attempts",
                                                   "Exporting contact attempts")
                    for done in (2, 3)]
    assert (result.cases, result.attempts) == (3, 6)


def test_a_failing_batch_leaves_no_file(registry, make_case, tmp_path, monkeypatch):
    monkeypatch.setattr(exporting, "XLSX_WRITER", "native")
    create_case(registry, make_case("F-1"))

    def failing(registry, ids):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(export_stored, "case_sheet_records", failing)
    with pytest.raises(exporting.RegistryError, match="No space left on device"):
        export_registry(registry, tmp_path / "f.xlsx")
    assert list(tmp_path.glob("f.xlsx*")) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux) to fill")
def test_a_full_disk_while_the_native_writer_saves_is_an_export_failure(registry, make_case,
                                                                       tmp_path, monkeypatch):
    monkeypatch.setattr(exporting, "XLSX_WRITER", "native")
    create_case(registry, make_case("D-1"))
    export_registry(registry, tmp_path / "d.xlsx")
    before = (tmp_path / "d.xlsx").read_bytes()
    real = export_stored.write_workbook
    monkeypatch.setattr(export_stored, "write_workbook",
                        lambda path, sheets, escaped: real(Path("/dev/full"), sheets, escaped))
    with pytest.raises(ExportFailed, match="No space left on device.*left as it was"):
        export_registry(registry, tmp_path / "d.xlsx")
    assert (tmp_path / "d.xlsx").read_bytes() == before
    assert [p.name for p in tmp_path.glob("d.xlsx*")] == ["d.xlsx"]
