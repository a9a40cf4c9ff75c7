"""``registry-app --self-test``: what a built bundle runs to prove it works."""
from __future__ import annotations

import io
import sqlite3
from datetime import date

import pytest

from registry_app import selftest
from registry_app.cli.main import main as cli_main
from registry_app.services.reports.pdf import document as report_pdf
from registry_app.services.demo.generator import fill_demo
from registry_app.services.registry import open_registry

from ..conftest import copy_registry_file


def _fill_demo_40(path: str) -> None:
    registry = open_registry(path, user="tester")
    fill_demo(registry, 40, seed=3)
    registry.close()


@pytest.fixture
def demo_registry(tmp_path, filled_template):
    """This test's copy of a registry file with a few demo cases, made once (closed: the
    self-test opens it itself)."""
    made = filled_template("selftest-demo-40-3", _fill_demo_40)
    return copy_registry_file(made, tmp_path / "demo.sqlite3")


def run(db) -> tuple[int, str]:
    out = io.StringIO()
    code = selftest.run_self_test(str(db), user="tester", out=out)
    return code, out.getvalue()


def step_lines(output: str) -> dict[str, str]:
    """{step: 'OK'/'SKIP'/'FAIL'} from the printed lines."""
    result = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] in ("OK", "SKIP", "FAIL"):
            result[parts[2].rstrip(":")] = parts[1]
    return result


def test_self_test_passes_on_a_registry_with_demo_cases(demo_registry, qapp):
    code, output = run(demo_registry)
    assert code == 0, output
    assert step_lines(output) == {"registry": "OK", "integrity": "OK", "resources": "OK",
                                  "report": "OK", "spreadsheets": "OK", "window": "OK"}
    assert "40 cases" in output
    assert ("20 cases written with rustpy-xlsxwriter and with XlsxWriter (identified) and read"
            " back with calamine") in output
    assert ".xlsx" in output and ".pdf" in output
    assert "offscreen platform" in output
    assert output.rstrip().endswith("self-test: passed")


def test_self_test_creates_a_new_registry_when_none_exists(tmp_path, qapp):
    code, output = run(tmp_path / "new.sqlite3")
    assert code == 0, output
    assert (tmp_path / "new.sqlite3").is_file()
    assert "0 cases" in output


def test_self_test_fails_plainly_on_a_file_that_is_not_a_registry(tmp_path):
    bad = tmp_path / "notes.sqlite3"
    bad.write_bytes(b"These are meeting notes, not a database.\n" * 100)
    code, output = run(bad)
    assert code == 1
    assert step_lines(output) == {"registry": "FAIL"}
    [line] = [line for line in output.splitlines() if "FAIL " in line]
    assert str(bad) in line and "file is not a database" in line
    assert "self-test: FAILED at step 'registry'" in output
    assert "Traceback" not in output


def test_self_test_fails_on_attempts_of_a_case_that_does_not_exist(tmp_path, registry_template):
    path = copy_registry_file(registry_template, tmp_path / "orphans.sqlite3")
    with sqlite3.connect(path) as connection:  # foreign keys are off in a plain connection
        connection.execute("INSERT INTO passes (case_id, pass_number) VALUES (9999, 1)")
    code, output = run(path)
    assert code == 1
    assert step_lines(output) == {"registry": "OK", "integrity": "FAIL"}
    assert "1 database problem(s): Table passes: row 1 refers to a missing row of cases." in output


def test_self_test_fails_when_a_report_file_comes_out_empty(demo_registry, monkeypatch):
    def empty_pdf(data, path):
        open(path, "wb").close()
        return path
    monkeypatch.setattr(report_pdf, "write_report_pdf", empty_pdf)
    code, output = run(demo_registry)
    assert code == 1
    assert step_lines(output)["report"] == "FAIL"
    assert "is empty or not a valid .pdf file (0 bytes)" in output
    assert "window" not in step_lines(output)  # stops at the first failure


def test_self_test_fails_when_the_fast_spreadsheet_libraries_are_missing(demo_registry,
                                                                        monkeypatch):
    import sys
    from registry_app.services.interchange import exporting, xlsx_fast
    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, "rustpy_xlsxwriter", None)  # as if it were not bundled
        code, output = run(demo_registry)
    assert code == 1 and step_lines(output)["spreadsheets"] == "FAIL"
    assert "rustpy-xlsxwriter is missing or does not load" in output
    with monkeypatch.context() as patch:
        patch.setattr(exporting, "find_spec", lambda name: None)  # as if XlsxWriter were absent
        code, output = run(demo_registry)
    assert code == 1 and "XlsxWriter is missing: identified exports" in output
    monkeypatch.setattr(xlsx_fast, "read_plain_xlsx", lambda *args, **kwargs: None)
    code, output = run(demo_registry)
    assert code == 1 and "calamine could not read an export" in output


def test_cli_flag_runs_the_self_test_and_returns_its_status(tmp_path, capsys):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"x" * 4096)
    assert cli_main(["--db", str(bad), "--self-test"]) == 1
    assert "FAIL   registry" in capsys.readouterr().out


def test_window_step_is_skipped_without_a_display(tmp_path, monkeypatch):
    monkeypatch.setattr(selftest, "has_display", lambda: False)
    test = selftest.SelfTest(str(tmp_path / "r.sqlite3"), None, io.StringIO())
    with pytest.raises(selftest.Skipped, match="no display"):
        test.show_window()


def test_window_watchdog_closes_a_dialog_instead_of_waiting(qapp):
    from PySide6.QtWidgets import QMessageBox

    class Busy:  # a main window whose loading never ends
        class tasks:
            pending = 1
    box = QMessageBox(QMessageBox.Icon.Critical, "Error", "The case list could not be loaded.")
    box.setModal(True)
    box.show()
    with pytest.raises(RuntimeError, match="showed a dialog while loading: The case list"):
        selftest.wait_until_idle(qapp, Busy, timeout_s=10)
    assert not box.isVisible()


def test_window_wait_gives_up_after_the_time_limit(qapp):
    class Busy:
        class tasks:
            pending = 1
    with pytest.raises(RuntimeError, match="still loading after 0.2 seconds"):
        selftest.wait_until_idle(qapp, Busy, timeout_s=0.2)


@pytest.mark.parametrize("env, platform, expected", [
    ({}, "linux", False),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", True),
    ({"DISPLAY": ":0"}, "linux", True),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
    ({}, "win32", True),
    ({}, "darwin", True),
])
def test_has_display(env, platform, expected):
    assert selftest.has_display(env, platform) is expected


@pytest.mark.parametrize("today, month", [
    (date(2025, 6, 30), "2025-05"), (date(2025, 1, 1), "2024-12"), (date(2024, 3, 31), "2024-02")])
def test_report_month_is_the_previous_month(today, month):
    assert selftest.previous_month(today) == month


def test_server_urls_are_shown_without_their_password():
    shown = selftest.shown_db("postgresql+psycopg://app:s3cret@db.example.org:5432/registry")
    assert "s3cret" not in shown and "db.example.org" in shown
    assert selftest.shown_db("/data/registry.sqlite3") == "/data/registry.sqlite3"
