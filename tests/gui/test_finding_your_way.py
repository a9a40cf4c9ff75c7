"""Finding your way: the toolbar, the empty-registry note, the case list's right-click menu,
'Back up now', and demo data kept away from real cases."""
from __future__ import annotations

from PySide6.QtWidgets import QToolBar

from registry_app.gui.dialogs import history_dialog
from registry_app.services.cases.editing import create_case
from registry_app.services.cases.queries import count_cases

from .conftest import click, wait_idle


def _show(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.case_list.model.loading, timeout=5000)


def test_the_toolbar_offers_new_case_import_report_and_follow_up(modals, window, qtbot, ctx):
    _show(window, qtbot)
    bar = window.findChild(QToolBar, "main_toolbar")
    texts = [a.iconText() for a in bar.actions()]
    assert texts == ["New case", "Import", "Report", "Follow-up", "Queries"]
    bar.actions()[3].trigger()
    assert window.tabs.currentWidget() is window.lazy["followup"]
    qtbot.waitUntil(lambda: window.lazy["followup"].view is not None, timeout=3000)
    qtbot.wait(300)
    wait_idle(qtbot, ctx)


def test_an_empty_registry_says_what_to_do_first(window, qtbot, ctx, registry, make_case,
                                                  modals):
    _show(window, qtbot)
    note = window.case_list.empty_note
    qtbot.waitUntil(note.isVisible, timeout=3000)
    assert "New case" in note.text() and "Import" in note.text()
    create_case(registry, make_case("FIRST-1"))
    window.refresh_all()
    qtbot.waitUntil(lambda: not note.isVisible(), timeout=3000)


def test_right_click_menu_opens_history_and_delete(window, qtbot, ctx, registry, make_case,
                                                  monkeypatch, modals):
    case_id = create_case(registry, make_case("MENU-1")).case_id
    _show(window, qtbot)
    window.refresh_all()
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 1, timeout=3000)
    menu = window.case_list.context_menu(case_id)
    assert [a.text() for a in menu.actions()] == ["&Open", "&History…", "&Delete…"]
    shown = []
    monkeypatch.setattr(history_dialog.HistoryDialog, "exec",
                        lambda self: shown.append(self.windowTitle()))
    menu.actions()[1].trigger()
    assert shown == ["History of case MENU-1"]
    deleting = []
    monkeypatch.setattr(window, "delete_case", deleting.append)
    window.case_list.delete_requested.disconnect()
    window.case_list.delete_requested.connect(window.delete_case)
    menu.actions()[2].trigger()
    assert deleting == [case_id]


def test_back_up_now_backs_up_and_the_list_is_its_own_item(window, qtbot, ctx, modals,
                                                           isolated_user_data):
    assert window.actions_by_name["backup"].text() == "&Backup now"
    assert window.actions_by_name["backups"].text() == "Back&ups…"
    modals.then(click("OK"))
    window.actions_by_name["backup"].trigger()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=3000)
    assert list((isolated_user_data / "backups").rglob("registry-backup-*-manual.sqlite3"))
    assert modals.seen[0].startswith("Backup")


def test_demo_data_are_refused_for_a_registry_with_cases(window, qtbot, ctx, registry,
                                                         make_case, modals):
    create_case(registry, make_case("REAL-1"))
    modals.then(click("OK"))
    window.actions_by_name["demo"].trigger()
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=3000)
    assert "only added to an empty registry" in modals.seen[0]
    wait_idle(qtbot, ctx)
    assert count_cases(registry) == 1
