"""Putting an earlier value back from a case's history: reason asked, audited, editor reloaded."""
from __future__ import annotations

import pytest

from registry_app.gui.dialogs.history_dialog import HistoryDialog
from registry_app.services.audit_service import case_history
from registry_app.services.cases import create_case, delete_case, get_case, update_case

from .conftest import click, type_reason


@pytest.fixture
def changed_id(registry, make_case):
    """A case whose age was changed from 67 to 71."""
    case_id = create_case(registry, make_case("ED-0001")).case_id
    case = get_case(registry, case_id)
    case.values["age"] = 71
    update_case(registry, case)
    return case_id


def open_history(qtbot, ctx, case_id, parent=None) -> HistoryDialog:
    dialog = HistoryDialog(ctx, case_id, "ED-0001", parent)
    if parent is None:
        qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def select_change(dialog, field_label: str, action: str = "Changed") -> int:
    for row in range(dialog.table.rowCount()):
        if (dialog.table.item(row, 3).text(), dialog.table.item(row, 2).text()) == (
                field_label, action):
            dialog.table.selectRow(row)
            return row
    raise AssertionError(f"no {action} row for {field_label}")


def test_restore_earlier_value_puts_it_back_with_the_reason(qtbot, ctx, changed_id, modals):
    dialog = open_history(qtbot, ctx, changed_id)
    before = dialog.table.rowCount()
    assert not dialog.restore_button.isEnabled()
    select_change(dialog, "Age")
    assert dialog.restore_button.isEnabled()
    modals.then(type_reason("Age misread from the referral letter"))
    with qtbot.waitSignal(ctx.cases_changed, timeout=5000) as signal:
        dialog.restore_button.click()
    assert signal.args == [[changed_id]]
    assert get_case(ctx.registry, changed_id).values["age"] == 67
    last = case_history(ctx.registry, changed_id)[-1]
    assert (last.action, last.field, last.old_value, last.new_value, last.reason) == (
        "update", "age", "71", "67", "Age misread from the referral letter")
    assert dialog.table.rowCount() == before + 1
    top = [dialog.table.item(0, c).text() for c in range(7)]
    assert top[2:] == ["Changed", "Age", "71", "67", "Age misread from the referral letter"]
    dialog.close()


def test_cancelling_the_reason_changes_nothing(qtbot, ctx, changed_id, modals):
    dialog = open_history(qtbot, ctx, changed_id)
    select_change(dialog, "Age")
    modals.then(click("Cancel"))
    dialog.restore_button.click()
    assert modals.seen == ["Restore earlier value"]
    assert get_case(ctx.registry, changed_id).values["age"] == 71
    assert case_history(ctx.registry, changed_id)[-1].reason is None
    dialog.close()


def test_a_failed_restore_is_told_in_plain_words(qtbot, ctx, changed_id, modals):
    dialog = open_history(qtbot, ctx, changed_id)
    select_change(dialog, "Age")
    delete_case(ctx.registry, changed_id, "Entered twice")
    modals.then(type_reason("Age misread"), click("OK"))
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: len(modals.seen) == 2, timeout=5000)
    assert modals.seen[1].startswith("Case not found")
    assert "Traceback" not in modals.seen[1]
    qtbot.waitUntil(dialog.restore_button.isEnabled, timeout=2000)
    dialog.close()


def test_restore_from_an_open_editor_reloads_it(qtbot, ctx, changed_id, modals, editors):
    editor = editors(changed_id)
    assert editor.form.rows["age"].editor.value() == 71
    dialog = open_history(qtbot, ctx, changed_id, editor)
    select_change(dialog, "Age")
    modals.then(type_reason("Age misread"), click("OK"))
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: editor.form.rows["age"].editor.value() == 67, timeout=5000)
    assert "Age was set back to “67”" in modals.seen[1]
    assert "will now show the saved case" in modals.seen[1]
    assert editor.original.version == get_case(ctx.registry, changed_id).version
    assert not editor.is_dirty()
    dialog.close()


def test_editor_reload_shows_the_stored_case_and_says_why(qtbot, ctx, changed_id, editors):
    editor = editors(changed_id)
    case = get_case(ctx.registry, changed_id)
    case.values["age"] = 55
    update_case(ctx.registry, case)
    editor.reload("Age was changed in another window.")
    assert editor.form.rows["age"].editor.value() == 55
    assert editor.original.version == case.version + 1
    assert not editor.is_dirty()
    assert "changed in another window" in editor.status.text()
