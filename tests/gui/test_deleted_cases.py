"""The deleted-cases dialog: what was deleted, when and why, and bringing a case back."""
from __future__ import annotations

from registry_app.services.changes import Changes
from registry_app.gui.dialogs.deleted_cases_dialog import DeletedCasesDialog
from registry_app.services.cases.history import case_history
from registry_app.services.cases.editing import create_case, delete_case
from registry_app.services.cases.queries import case_ids

from .conftest import click, type_reason


def test_restore_brings_a_deleted_case_back(qtbot, ctx, registry, make_case, modals):
    kept = create_case(registry, make_case("ED-0001")).case_id
    gone = create_case(registry, make_case("ED-0002")).case_id
    delete_case(registry, gone, "Entered twice")
    assert gone not in case_ids(registry)
    dialog = DeletedCasesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [dialog.table.item(0, c).text() for c in (0, 2)] == ["ED-0002", "Entered twice"]
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text()
    assert not dialog.restore_button.isEnabled()
    dialog.table.selectRow(0)
    modals.then(type_reason("Not a duplicate after all"))
    with qtbot.waitSignal(ctx.changed, timeout=5000) as signal:
        dialog.restore_button.click()
    assert signal.args == [Changes.of_cases([gone])]
    assert set(case_ids(registry)) == {kept, gone}
    last = case_history(registry, gone)[-1]
    assert (last.action, last.reason) == ("restore", "Not a duplicate after all")
    assert dialog.table.rowCount() == 0 and dialog.summary.text() == "No deleted cases."


def test_cancel_keeps_the_case_deleted(qtbot, ctx, registry, make_case, modals):
    gone = create_case(registry, make_case("ED-0002")).case_id
    delete_case(registry, gone, "Entered twice")
    dialog = DeletedCasesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(0)
    modals.then(click("Cancel"))
    dialog.restore_button.click()
    assert modals.seen == ["Restore case"]
    assert gone not in case_ids(registry) and dialog.table.rowCount() == 1


def test_edit_menu_opens_the_deleted_cases(window, qtbot, modals):
    action = window.actions_by_name["deleted_cases"]
    assert action.text().replace("&", "") == "Deleted cases…"
    assert action in window.menuBar().actions()[1].menu().actions()
    modals.then(click("Close"))
    action.trigger()
    assert modals.seen == ["Deleted cases"]
