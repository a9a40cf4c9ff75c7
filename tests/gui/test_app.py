"""Starting the application and showing problems: plain words, one dialog, a log file."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from registry_app.domain.errors import Cancelled, LockedCase
from registry_app.gui import app as gui_app
from registry_app.gui import opening
from registry_app.gui.error_dialog import ErrorDialog
from registry_app.gui.errors import install_excepthook, show_error
from registry_app.gui.main_actions import NEEDS_REGISTRY
from registry_app.gui.main_window import MainWindow
from registry_app.services.maintenance import backups as maintenance
from registry_app.services.cases.editing import create_case
from registry_app.services.registry import open_registry

from ..conftest import copy_registry_file
from .conftest import DEMO_CASES, click, wait_idle


def test_cancelled_shows_nothing(qapp, modals):
    show_error(None, Cancelled())
    assert modals.seen == []


def test_expected_problems_are_plain_messages(qapp, modals):
    modals.then(click("OK"))
    show_error(None, LockedCase("Case C-1 belongs to 2025-01, which was signed off."))
    assert modals.seen == ["Signed-off month: Case C-1 belongs to 2025-01, which was signed off."]


def test_unexpected_errors_get_one_dialog_with_details_and_a_log(qapp, modals,
                                                                  isolated_user_data):
    def inspect(dialog):
        assert isinstance(dialog, ErrorDialog)
        assert not dialog.text.isVisible()
        dialog.show_button.click()
        assert "ZeroDivisionError" in dialog.text.toPlainText()
        assert "Traceback" in dialog.text.toPlainText()
        dialog.copy_button.click()
        assert "ZeroDivisionError" in QGuiApplication.clipboard().text()
        dialog.reject()
    modals.then(inspect)
    try:
        1 / 0
    except ZeroDivisionError as exc:
        show_error(None, exc)
    assert modals.seen == ["Unexpected problem"]
    log = (isolated_user_data / "logs" / "registry-app.log").read_text()
    assert "ZeroDivisionError: division by zero" in log


def test_the_excepthook_routes_uncaught_errors_to_the_dialog(qapp, modals, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook()
    modals.then(click("Close"))
    try:
        raise KeyError("slot failed")
    except KeyError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert modals.seen == ["Unexpected problem"]


@pytest.fixture
def quiet_hook(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


def close_main_window_soon() -> None:
    def close():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                widget.close()
    QTimer.singleShot(300, close)


def test_a_newer_registry_is_refused_in_plain_words(qapp, modals, tmp_path, quiet_hook,
                                                    registry_template):
    path = copy_registry_file(registry_template, tmp_path / "newer.sqlite3")  # not migrated again
    reg = open_registry(str(path))
    with reg.transaction() as session:
        session.execute(text("UPDATE alembic_version SET version_num = 'from_the_future'"))
    reg.close()
    modals.then(click("Quit"))
    assert gui_app.main(str(path)) == gui_app.EXIT_NOT_OPENED
    assert "newer than this application knows" in modals.seen[0]
    assert "Install the newer version" in modals.seen[0]


def test_an_unreadable_file_is_refused_in_plain_words(qapp, modals, tmp_path, quiet_hook):
    path = tmp_path / "notes.sqlite3"
    path.write_text("this is not a database, just notes " * 100)
    modals.then(click("Quit"))
    assert gui_app.main(str(path)) == gui_app.EXIT_NOT_OPENED
    assert modals.seen[0].startswith("The registry could not be opened")


def test_a_registry_on_a_read_only_drive_is_refused_as_read_only(qapp, modals, tmp_path,
                                                                 quiet_hook, registry_template,
                                                                 monkeypatch):
    """Not reported as damaged (which would send the coordinator to restore a backup)."""
    from registry_app.storage import file_health
    path = copy_registry_file(registry_template, tmp_path / "archive.sqlite3")
    monkeypatch.setattr(file_health, "can_write", lambda p: p != tmp_path)
    modals.then(click("Quit"))
    assert gui_app.main(str(path)) == gui_app.EXIT_NOT_OPENED
    assert modals.seen[0].startswith("The registry could not be opened")
    assert f"the folder {tmp_path} is read-only" in modals.seen[0]
    assert "Copy the file to a folder you can write to" in modals.seen[0]
    assert "damaged" not in modals.seen[0]


def test_first_run_says_where_the_data_live_and_offers_demo_data(qapp, modals, tmp_path,
                                                                   quiet_hook):
    path = tmp_path / "first" / "registry.sqlite3"

    def welcome(box):
        assert str(path) in box.text()
        click("Start with an empty registry")(box)
        close_main_window_soon()
    modals.then(welcome)
    assert gui_app.main(str(path)) == gui_app.EXIT_OK
    assert path.exists()
    assert modals.seen[0].startswith("Welcome")


def test_first_run_can_load_demo_data(qapp, modals, tmp_path, quiet_hook):
    path = tmp_path / "demo" / "registry.sqlite3"
    counts = []

    def welcome(box):
        click("Load demo cases")(box)

        def wait_then_close():
            windows = [w for w in QApplication.topLevelWidgets()
                       if isinstance(w, MainWindow) and w.isVisible()]
            if windows and windows[0].ctx.tasks.pending == 0 and \
                    windows[0].case_list.model.rowCount() > 0 and \
                    windows[0].case_list.model.counting is None:
                counts.append(windows[0].case_list.model.rowCount())
                windows[0].close()
            else:
                QTimer.singleShot(100, wait_then_close)
        QTimer.singleShot(100, wait_then_close)
    modals.then(welcome)
    assert gui_app.main(str(path)) == gui_app.EXIT_OK
    assert counts == [500]


# The window first, then the registry ##########################################

@pytest.fixture
def demo_copy(demo_template, tmp_path):
    path = tmp_path / "registry.sqlite3"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def started(qapp, qtbot):
    """build_window as main() uses it; the windows are closed and their context released."""
    made = []

    def start(db):
        window, opening = gui_app.build_window(str(db))
        made.append(window)
        return window, opening
    yield start
    for window in made:
        window.ctx.close()  # waits for the worker, so closing asks nothing
        window.close()


def start_backups(home) -> list:
    return sorted((home / "backups").rglob("*-start*.sqlite3"))  # "~2" when in the same second


def wait_started(qtbot, window) -> None:
    """Until the list shows its first page and its count, and the work queued after it (the
    backup) is done."""
    model = window.case_list.model
    qtbot.waitUntil(lambda: window.ctx.is_open and model.rowCount() > 0
                    and model.counting is None, timeout=10000)
    wait_idle(qtbot, window.ctx)


def test_the_window_paints_before_the_registry_opens_and_its_menus_work(
        started, demo_copy, qtbot, modals):
    window, opening = started(demo_copy)
    assert not window.ctx.is_open and not opening.started
    assert window.statusBar().currentMessage() == "Opening registry…"
    assert str(demo_copy) in window.location_label.text()
    acts = window.actions_by_name
    assert not any(acts[name].isEnabled() for name in NEEDS_REGISTRY)
    assert all(acts[name].isEnabled() for name in ("quit", "where", "about", "tab_dashboard"))
    window.show_tab("dashboard")  # tabs work; their screens wait for the registry
    assert window.lazy["dashboard"].view is None
    modals.then(click("OK"))
    acts["where"].trigger()  # Help works before the registry is open
    assert str(demo_copy) in modals.seen[0]
    with qtbot.waitSignal(window.first_painted):
        window.show()
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == DEMO_CASES, timeout=10000)
    assert window.ctx.is_open and all(acts[name].isEnabled() for name in NEEDS_REGISTRY)
    assert window.lazy["dashboard"].view is not None  # built once the registry was open
    assert window.case_list.filters.count_label.text() == f"{DEMO_CASES:,} cases"


def test_the_start_backup_runs_after_the_window_shows_when_the_registry_changed(
        started, demo_copy, qtbot, isolated_user_data, modals, make_case):
    window, _ = started(demo_copy)
    seen = {}
    window.first_painted.connect(lambda: seen.setdefault(
        "painted", (window.ctx.is_open, start_backups(isolated_user_data))))
    window.ctx.opened.connect(lambda: seen.setdefault(
        "opened", start_backups(isolated_user_data)))
    window.show()
    wait_started(qtbot, window)
    assert seen == {"painted": (False, []), "opened": []}  # the window first, then the backup
    first = start_backups(isolated_user_data)
    assert len(first) == 1 and window.case_list.model.rowCount() == DEMO_CASES
    with sqlite3.connect(first[0]) as copy:
        assert copy.execute("SELECT count(*) FROM cases").fetchone() == (DEMO_CASES,)
    create_case(window.ctx.registry, make_case("CHANGED-1"))
    window.ctx.close()
    window.close()
    again, _ = started(demo_copy)  # changed since its backup: backed up again
    again.show()
    wait_started(qtbot, again)
    assert len(start_backups(isolated_user_data)) == 2
    again.ctx.close()
    again.close()
    unchanged, _ = started(demo_copy)  # nothing changed: no new copy
    unchanged.show()
    wait_started(qtbot, unchanged)
    assert len(start_backups(isolated_user_data)) == 2


def test_a_failed_start_backup_is_explained_and_the_registry_stays_open(
        started, demo_copy, qtbot, modals, monkeypatch):
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(maintenance.files, "backup_sqlite", full_disk)
    modals.then(click("OK"))
    window, _ = started(demo_copy)
    window.show()
    qtbot.waitUntil(lambda: len(modals.seen) == 1, timeout=10000)
    assert modals.seen[0].startswith("Start-up backup not made: Backup: the registry could not"
                                     " be copied")
    assert "No space left on device" in modals.seen[0]
    assert "The registry itself is open and was not changed." in modals.seen[0]
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == DEMO_CASES, timeout=10000)


def test_starting_the_window_loads_no_sql_statistics_or_spreadsheet_library(tmp_path):
    code = ("import sys; from PySide6.QtWidgets import QApplication; app = QApplication([]);"
            " from registry_app.gui.app import build_window; window, _ = build_window(sys.argv[1]);"
            " heavy = ('sqlalchemy', 'alembic', 'scipy', 'numpy', 'openpyxl', 'reportlab');"
            " print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "r.sqlite3")],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert not (tmp_path / "r.sqlite3").exists()  # nothing opened before the window shows


def test_a_window_that_never_paints_still_opens_its_registry(started, demo_copy, qtbot,
                                                             monkeypatch):
    monkeypatch.setattr(opening, "UNPAINTED_MS", 50)  # e.g. started hidden or covered
    window, _ = started(demo_copy)
    wait_started(qtbot, window)
    assert not window.painted and window.case_list.model.rowCount() == DEMO_CASES


def test_the_command_line_loads_the_command_modules_only_for_a_command():
    from registry_app.cli.main import build_parser, names_a_command
    for argv in ([], ["--db", "stats.sqlite3"], ["--user", "ann", "gui"], ["--self-test"]):
        assert not names_a_command(argv), argv
        build_parser(with_commands=False).parse_args(argv)  # the window's options suffice
    for argv in (["stats"], ["--db", "x.sqlite3", "report", "2025-01"], ["--help"]):
        assert names_a_command(argv), argv
    full = build_parser().format_help()
    assert "stats" in full and "stats" not in build_parser(with_commands=False).format_help()
