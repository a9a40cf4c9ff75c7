"""Starting the application and showing problems: plain words, one dialog, a log file."""
from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from registry_app.domain.errors import Cancelled, LockedCase
from registry_app.gui import app as gui_app
from registry_app.gui.dialogs.error_dialog import ErrorDialog
from registry_app.gui.errors import install_excepthook, show_error
from registry_app.gui.main_window import MainWindow
from registry_app.services.registry import open_registry

from .conftest import click


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


def test_a_newer_registry_is_refused_in_plain_words(qapp, modals, tmp_path, quiet_hook):
    path = tmp_path / "newer.sqlite3"
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
                    windows[0].case_list.model.rowCount() > 0:
                counts.append(windows[0].case_list.model.rowCount())
                windows[0].close()
            else:
                QTimer.singleShot(100, wait_then_close)
        QTimer.singleShot(100, wait_then_close)
    modals.then(welcome)
    assert gui_app.main(str(path)) == gui_app.EXIT_OK
    assert counts == [500]
