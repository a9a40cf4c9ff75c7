"""Open queries are visible (a case-list column, a list one click away on the toolbar) and
resolvable with a note from the GUI."""
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolBar

from registry_app.gui.dialogs.open_queries_dialog import OpenQueriesDialog
from registry_app.gui.models.columns import column_index
from registry_app.gui.views.case_list import CaseListView
from registry_app.services.cases.editing import case_history, create_case
from registry_app.services.cases.data_queries import list_queries

from .conftest import wait_list

EARLY_PUNCTURE = dict(puncture_time=datetime(2025, 1, 10, 9, 0), imaging_time=None)


def _queried(registry, make_case) -> int:
    create_case(registry, make_case("OK-1"))
    return create_case(registry, make_case("Q-1", **EARLY_PUNCTURE),
                       query_comment="as on the paper form").case_id


def test_the_case_list_shows_open_queries_and_sorts_by_them(ctx, qtbot, registry, make_case):
    case_id = _queried(registry, make_case)
    view = CaseListView(ctx)
    qtbot.addWidget(view)
    view.start()
    wait_list(qtbot, view)
    column = column_index("open_queries")
    shown = {view.model.index(r, 0).data(): view.model.index(r, column).data()
             for r in range(view.model.rowCount())}
    assert shown == {"Q-1": "1 open", "OK-1": ""}
    view.model.sort(column, Qt.SortOrder.DescendingOrder)
    wait_list(qtbot, view)
    assert view.model.id_at(0) == case_id


def test_a_query_is_resolved_with_a_note_from_the_list(ctx, qtbot, registry, make_case, modals):
    case_id = _queried(registry, make_case)
    dialog = OpenQueriesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 1 and not dialog.resolve_button.isEnabled()
    texts = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert texts[:2] == ["Q-1", "Groin puncture"] and texts[3] == "as on the paper form"
    assert "before arrival (door)" in texts[4]
    rect = dialog.table.visualRect(dialog.table.model().index(0, 0))
    QTest.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.resolve_button.isEnabled()

    def type_note(reason_dialog) -> None:
        QTest.keyClicks(reason_dialog.text, "checked the angiography report")
        QTest.mouseClick(reason_dialog.ok_button, Qt.MouseButton.LeftButton)
    modals.then(type_note)
    with qtbot.waitSignal(ctx.changed, timeout=5000) as said:
        QTest.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
    assert said.args[0].case_ids == {case_id}
    assert dialog.table.rowCount() == 0 and dialog.summary.text() == "No open queries."
    assert list_queries(registry) == []
    notes = [h["reason"] for h in case_history(registry, case_id) if h["action"] == "query resolved"]
    assert notes == ["checked the angiography report"]


def test_the_toolbar_opens_the_open_queries_in_one_click(window, qtbot, registry, make_case,
                                                        modals):
    _queried(registry, make_case)
    seen = []

    def look(dialog) -> None:
        seen.append((dialog.windowTitle(), dialog.table.rowCount()))
        dialog.reject()
    modals.then(look)
    bar = window.findChild(QToolBar, "main_toolbar")
    action = next(a for a in bar.actions() if a.iconText() == "Queries")
    QTest.mouseClick(bar.widgetForAction(action), Qt.MouseButton.LeftButton)
    assert seen == [("Open queries", 1)]


def test_the_history_names_query_steps_in_words(ctx, qtbot, registry, make_case):
    from registry_app.gui.dialogs.history_dialog import HistoryDialog
    case_id = _queried(registry, make_case)
    dialog = HistoryDialog(ctx, case_id, "Q-1")
    qtbot.addWidget(dialog)
    titles = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    opened = [t for t in titles if t.startswith("Query opened ")]
    assert len(opened) == 1 and opened[0].endswith("— reason: as on the paper form")
