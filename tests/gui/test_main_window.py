"""The main window: menus and shortcuts, tab screens by contract, long work, remembering."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from registry_app.services.changes import Changes
from registry_app.gui import main_window
from registry_app.gui.main_window import MainWindow
from registry_app.gui.views.editor.drafts import DraftStore
from registry_app.services.cases.editing import create_case, get_case
from registry_app.domain.case import new_case
from registry_app.domain.errors import NotFound

from .conftest import click, close_windows, type_into, type_reason, wait_idle, wait_list

Key = QKeySequence.StandardKey


def test_menus_and_platform_shortcuts(window):
    acts = window.actions_by_name
    assert acts["new_case"].shortcut() == QKeySequence.keyBindings(Key.New)[0]
    assert acts["quit"].shortcut().toString() == "Ctrl+Q"
    assert acts["find"].shortcut() == QKeySequence.keyBindings(Key.Find)[0]
    assert acts["tab_dashboard"].shortcut().toString() == "Ctrl+3"
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Help"]
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions() if not a.isSeparator()]
    assert texts[:3] == ["New case", "Open selected case", "Import…"]
    assert {"Export…", "Report…", "Backup now", "Restore from backup…", "Quit"} <= set(texts)


def test_the_status_bar_says_where_the_data_live(window, ctx):
    assert str(ctx.registry.path) in window.location_label.text()


class FakeWorklist(QWidget):
    open_case_requested = Signal(int, str)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx, self.refreshed = ctx, 0

    def refresh(self):
        self.refreshed += 1


class FakeDashboard(FakeWorklist):
    show_cases_requested = Signal(list, str)


@pytest.fixture
def peer_window(ctx, monkeypatch):
    monkeypatch.setattr(main_window, "LAZY_TABS", {"followup": ("Follow-up", FakeWorklist),
                                                   "dashboard": ("Dashboard", FakeDashboard)})
    win = MainWindow(ctx)
    yield win
    close_windows(win)


def test_peer_views_get_the_context_and_open_cases(peer_window, ctx, registry, make_case, qtbot):
    case_id = create_case(registry, make_case("PEER-1", mrs_90d=None, followup_date=None)).case_id
    peer_window.show()
    peer_window.show_tab("followup")
    worklist = peer_window.lazy["followup"].view
    assert isinstance(worklist, FakeWorklist) and worklist.ctx is ctx
    worklist.open_case_requested.emit(case_id, "outcome")
    editor = peer_window.editor_for(case_id)
    assert editor is not None
    assert editor.focusWidget() is editor.form.rows["mrs_90d"].editor.edit
    ctx.broadcast(Changes.of_cases([case_id]))
    assert worklist.refreshed == 1  # shown and stale: refreshed at once


def test_dashboard_numbers_open_their_cases_in_the_list(peer_window, registry, make_case, qtbot):
    ids = [create_case(registry, make_case(f"D-{n}")).case_id for n in range(3)]
    peer_window.show_tab("dashboard")
    peer_window.lazy["dashboard"].view.show_cases_requested.emit(ids[:2], "Good outcome")
    wait_list(qtbot, peer_window.case_list)
    assert peer_window.tabs.currentWidget() is peer_window.cases_page
    assert peer_window.cases_page.view is peer_window.case_list
    assert sorted(peer_window.case_list.model.ids) == sorted(ids[:2])


def test_a_broken_screen_is_logged_not_fatal(ctx, monkeypatch, isolated_user_data):
    class Broken(QWidget):
        def __init__(self, ctx, parent=None):
            raise KeyError("dashboard_sql")
    monkeypatch.setattr(main_window, "LAZY_TABS", {"dashboard": ("Dashboard", Broken)})
    win = MainWindow(ctx)
    try:
        win.show_tab("dashboard")
        text = win.lazy["dashboard"].view.findChild(QLabel).text()
        assert "could not be opened" in text
        assert "dashboard_sql" in (isolated_user_data / "logs" / "registry-app.log").read_text()
    finally:
        close_windows(win)


def test_every_tab_opens_its_real_screen(window, ctx):
    from registry_app.gui.views.benchmarks_view import BenchmarksView
    from registry_app.gui.views.dashboard.view import DashboardView
    from registry_app.gui.views.worklist.view import WorklistView
    expected = {"followup": WorklistView, "dashboard": DashboardView,
                "benchmarks": BenchmarksView}
    for key, cls in expected.items():
        window.show_tab(key)
        assert isinstance(window.lazy[key].view, cls), key
        assert window.tabs.tabText(window.tabs.indexOf(window.lazy[key])) == window.lazy[key].title


def test_export_is_de_identified_unless_asked(window, ctx, registry, make_case, qtbot, modals,
                                              tmp_path):
    create_case(registry, make_case("EXP-1", identity={"mrn": "M-9", "patient_name": "Ann"}))
    target = tmp_path / "out.xlsx"

    def fill(dialog, identified=False):
        assert not dialog.identified.isChecked()  # the default
        dialog.path_edit.setText(str(target))
        dialog.identified.setChecked(identified)
        assert dialog.warning.isVisibleTo(dialog) == identified
        click("Export")(dialog)

    modals.then(fill, click("OK"))
    window.actions_by_name["export"].trigger()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=3000)
    header = [c.value for c in next(load_workbook(target)["cases"].iter_rows(max_row=1))]
    assert "case_number" in header and "mrn" not in header and "patient_name" not in header
    assert "de-identified" in modals.seen[1]
    modals.then(lambda d: fill(d, identified=True), click("OK"))
    window.actions_by_name["export"].trigger()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=3000)
    rows = list(load_workbook(target)["cases"].iter_rows(values_only=True))
    assert "mrn" in rows[1] and "IDENTIFIED" in modals.seen[3]


def test_demo_data_load_in_the_background_and_fill_the_list(window, ctx, qtbot):
    from registry_app.gui import operations
    operations.load_demo(ctx, window, 40)
    wait_idle(qtbot, ctx, timeout=20000)
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 40, timeout=3000)
    assert window.statusBar().currentMessage() == "Added 40 demo cases."


def test_backup_now_copies_the_registry(window, ctx, qtbot, modals, monkeypatch,
                                        isolated_user_data):
    modals.then(click("OK"))
    window.actions_by_name["backup"].trigger()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=3000)
    copies = list((isolated_user_data / "backups").rglob("registry-backup-*-manual.sqlite3"))
    assert len(copies) == 1 and str(copies[0]) in modals.seen[0]


def test_delete_from_the_list_asks_for_a_reason(window, ctx, registry, make_case, qtbot, modals):
    case_id = create_case(registry, make_case("DEL-1")).case_id
    window.refresh_all()
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 1, timeout=3000)
    window.case_list.select_case(case_id)
    modals.then(type_reason("Test entry"))
    window.actions_by_name["delete_case"].trigger()
    wait_idle(qtbot, ctx)
    with pytest.raises(NotFound):
        get_case(registry, case_id)
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 0, timeout=3000)


def test_delete_names_a_case_the_list_does_not_show_by_its_number(window, ctx, registry,
                                                                  make_case, qtbot, modals):
    case_id = create_case(registry, make_case("HIDDEN-7")).case_id  # the list is not refreshed
    asked: list[str] = []

    def read_and_cancel(widget) -> None:
        asked.extend(label.text() for label in widget.findChildren(QLabel))
        widget.reject()
    modals.then(read_and_cancel)
    window.delete_case(case_id)
    assert any("Delete case HIDDEN-7?" in text for text in asked), asked
    assert get_case(registry, case_id).values["case_number"] == "HIDDEN-7"


def test_closing_the_window_asks_about_unsaved_cases(window, qtbot, modals):
    window.show()
    window.actions_by_name["new_case"].trigger()
    editor = window.editors[0]
    type_into(qtbot, editor, "case_number", "UNSAVED-1")
    modals.then(click("Cancel"))
    assert not window.close()
    assert window.isVisible() and editor.isVisible()


def test_unsaved_new_cases_are_offered_at_start(window, ctx, modals):
    case = new_case(case_number="LOST-7", procedure_date=ctx.today())
    DraftStore().save("new-abcd1234", case)
    modals.then(click("Open them"))
    window.offer_drafts()
    assert "LOST-7" in modals.seen[0]
    editor = window.editors[0]
    assert editor.form.rows["case_number"].editor.value() == "LOST-7"
    assert editor.draft_key == "new-abcd1234" and editor.is_dirty()


def test_size_tab_and_filters_are_remembered(ctx, qtbot):
    first = MainWindow(ctx)
    first.resize(700, 500)  # within the offscreen screen (800 x 600)
    first.show_tab("cases")
    first.case_list.filters.search.setText("C-00")
    first.case_list.filters.incomplete.setChecked(True)
    first.case_list.filters.apply_now()
    wait_list(qtbot, first.case_list)
    close_windows(first)
    second = MainWindow(ctx)
    try:
        assert (second.width(), second.height()) == (700, 500)
        assert second.case_list.filters.incomplete.isChecked()
        assert second.case_list.filters.search.text() == ""  # can be an MRN: never stored
    finally:
        close_windows(second)
