"""Exports are whole or absent: failures keep the previous file, odd text never crashes or is cut."""
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from registry_app.cli.main import main as cli_main
from registry_app.services.interchange import export_stored, exporting
from registry_app.services.cases.editing import create_case, find_case_id, get_case
from registry_app.services.interchange.export_files import EXIT_EXPORT_FAILED, ExportFailed
from registry_app.services.interchange.exporting import export_registry
from registry_app.services.importing.file_import import import_file
from registry_app.services.registry import open_registry
from registry_app.storage.schema import cases_table

from ..conftest import case_factory, filled_with

ROOT = Path(__file__).resolve().parents[2]


def _thirty_cases(registry) -> None:
    make_case = case_factory()
    for i in range(30):
        create_case(registry, make_case(f"E-{i:03d}"))


@pytest.fixture
def filled(filled_copy):
    """This test's copy (tmp_path/registry.sqlite3) of a registry of 30 cases entered once per run."""
    return filled_copy("sqlite", "export-30", filled_with(_thirty_cases))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _fail_after(monkeypatch, calls: int):
    """The disk fills up after `calls` cases, whichever writer writes them."""
    real, real_batch, seen = exporting.case_record, export_stored.case_sheet_records, []

    def count(record):
        seen.append(record)
        if len(seen) > calls:
            raise OSError(28, "No space left on device")
        return record

    def failing(case, identified=False):
        return count(real(case, identified))
    monkeypatch.setattr(exporting, "case_record", failing)

    def failing_batch(registry, ids):
        return (count(record) for record in real_batch(registry, ids))
    monkeypatch.setattr(export_stored, "case_sheet_records", failing_batch)


@pytest.mark.parametrize("name", ["all.csv", "all.xlsx"])
def test_a_failure_mid_write_leaves_the_previous_export_intact(filled, tmp_path, monkeypatch,
                                                               name):
    folder = tmp_path / "out"
    folder.mkdir()
    export_registry(filled, folder / name)
    before = _snapshot(folder)
    _fail_after(monkeypatch, 10)
    with pytest.raises(ExportFailed, match="No space left on device.*left as it was"):
        export_registry(filled, folder / name)
    assert _snapshot(folder) == before  # same files, same bytes, no .partial left behind


def test_a_killed_export_keeps_the_previous_one_and_its_leftover_is_cleaned(filled, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    export_registry(filled, folder / "all.csv")
    before = _snapshot(folder)
    marker = tmp_path / "started"
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from registry_app.services.interchange import export_stored, exporting
        from registry_app.services.registry import open_registry
        real = exporting.case_record
        def slow(case, identified=False):
            Path({str(marker)!r}).touch()
            time.sleep(0.5)
            return real(case, identified)
        exporting.case_record = slow
        exporting.export_registry(open_registry({str(tmp_path / 'registry.sqlite3')!r}),
                                  Path({str(folder / "all.csv")!r}))
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the export in the child process never started"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(30)
    after = _snapshot(folder)
    assert {k: v for k, v in after.items() if not k.endswith(".partial")} == before
    assert "all.csv.partial" in after  # what the killed export left behind...
    export_registry(filled, folder / "all.csv")
    assert not list(folder.glob("*.partial"))  # ...is removed by the next export


def test_missing_export_folder_is_one_sentence_and_exit_6(filled, tmp_path, capsys):
    target = tmp_path / "no such folder" / "all.csv"
    with pytest.raises(ExportFailed, match="does not exist; choose an existing folder"):
        export_registry(filled, target)
    code = cli_main(["--db", str(tmp_path / "registry.sqlite3"), "export", str(target)])
    err = capsys.readouterr().err
    assert code == EXIT_EXPORT_FAILED == 7
    assert "does not exist" in err and "Traceback" not in err and err.count("\n") == 1


def test_control_characters_survive_an_xlsx_round_trip_with_a_note(registry, make_case,
                                                                   tmp_path, new_registry_file):
    notes = "bell\x01 tab\t vt\x0b literal _x0001_ and _x005F_ end"
    create_case(registry, make_case("CTL-1", notes=notes))
    result = export_registry(registry, tmp_path / "ctl.xlsx")
    assert "1 text values held control characters (e.g. case CTL-1)" in result.notes[0]
    other = open_registry(new_registry_file("other.sqlite3"))
    other.today = registry.today
    assert import_file(other, tmp_path / "ctl.xlsx").created == 1
    assert get_case(other, find_case_id(other, "CTL-1")).values["notes"] == notes


def _store_raw_notes(registry, number: str, text: str) -> None:
    """A value from before the length limits: written straight into the table."""
    with registry.transaction() as session:
        session.execute(update(cases_table).where(cases_table.c.case_number == number)
                        .values(notes=text))


def test_text_too_long_for_an_excel_cell_is_refused_never_cut(registry, make_case, tmp_path):
    create_case(registry, make_case("LONG-1"))
    _store_raw_notes(registry, "LONG-1", "n" * 40_000)
    target = tmp_path / "long.xlsx"
    with pytest.raises(ExportFailed, match="case LONG-1, Notes: is 40,000 characters long;"
                                           " an Excel cell holds at most 32,767"):
        export_registry(registry, target)
    assert not target.exists() and not list(tmp_path.glob("*.partial"))
    export_registry(registry, tmp_path / "long.csv")  # CSV has no cell limit: written whole
    assert "n" * 40_000 in (tmp_path / "long.csv").read_text(encoding="utf-8-sig")


def test_plain_xlsx_export_still_opens_in_openpyxl(filled, tmp_path):
    export_registry(filled, tmp_path / "ok.xlsx")
    assert load_workbook(tmp_path / "ok.xlsx")["cases"].max_row == 31
