"""Backups from the desktop: 'Back up now' shows in the list; a restore brings earlier data back."""
from __future__ import annotations

import pytest

from registry_app.services.changes import EVERYTHING
from registry_app.domain.case import Case
from registry_app.domain.errors import NotFound
from registry_app.gui.dialogs.backup_dialog import BackupDialog, RestoreDialog
from registry_app.services.cases.editing import create_case, delete_case, get_case, update_case
from registry_app.services.maintenance.backups import list_backups
from tests.conftest import valid_case_values

from .conftest import click, wait_idle


def _case(ctx, number: str) -> int:
    return create_case(ctx.registry, Case(values=valid_case_values(number))).case_id


def test_back_up_now_adds_a_backup_to_the_list(ctx, qtbot, modals):
    _case(ctx, "B-1")
    dialog = BackupDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    before = dialog.table.rowCount()
    dialog.backup_button.click()
    wait_idle(qtbot, ctx)
    assert dialog.table.rowCount() == before + 1
    made = list_backups(ctx.registry)[0]
    assert made.path.is_file() and made.reason == "manual"
    assert dialog.table.item(0, 3).text() == made.path.name
    assert dialog.table.item(0, 1).text() == "Backed up by hand"
    assert str(made.path) in dialog.status.text()


def _restore_dialog(ctx, qtbot) -> RestoreDialog:
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_restore_brings_back_a_deleted_case_and_an_earlier_value(ctx, qtbot, modals):
    kept, deleted = _case(ctx, "R-1"), _case(ctx, "R-2")
    dialog = BackupDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.backup_button.click()
    wait_idle(qtbot, ctx)

    case = get_case(ctx.registry, kept)
    case.values["age"] = 90
    update_case(ctx.registry, case)
    delete_case(ctx.registry, deleted, "entered twice")
    with pytest.raises(NotFound):
        get_case(ctx.registry, deleted)

    restore = _restore_dialog(ctx, qtbot)
    assert not restore.restore_button.isEnabled()
    restore.table.selectRow(0)
    assert restore.restore_button.isEnabled()
    signals = []
    ctx.changed.connect(signals.append)
    messages = []
    modals.then(click("Restore"), lambda box: (messages.append(box.text()), box.accept()))
    restore.restore_button.click()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=5000)

    assert restore.restore_result is not None and restore.restore_result.cases == 2
    assert get_case(ctx.registry, deleted).values["case_number"] == "R-2"
    assert get_case(ctx.registry, kept).values["age"] == valid_case_values()["age"]
    assert signals == [EVERYTHING]
    assert str(restore.restore_result.safety_backup) in messages[0]
    assert any(b.reason == "before-restore" for b in list_backups(ctx.registry))


def test_restore_asks_first_and_cancel_changes_nothing(ctx, qtbot, modals):
    kept = _case(ctx, "C-1")
    dialog = BackupDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.backup_button.click()
    wait_idle(qtbot, ctx)
    delete_case(ctx.registry, kept, "test")

    restore = _restore_dialog(ctx, qtbot)
    restore.table.selectRow(0)
    modals.then(click("Cancel"))
    restore.restore_button.click()
    wait_idle(qtbot, ctx)
    assert restore.restore_result is None
    with pytest.raises(NotFound):
        get_case(ctx.registry, kept)


def test_a_file_that_is_not_a_registry_is_refused_in_plain_words(ctx, qtbot, tmp_path, modals):
    kept = _case(ctx, "F-1")
    junk = tmp_path / "notes.sqlite3"
    junk.write_text("not a database", encoding="utf-8")
    restore = _restore_dialog(ctx, qtbot)
    restore.choose_file(junk)
    assert "notes.sqlite3" in restore.choice.text()
    messages = []
    modals.then(click("Restore"), lambda box: (messages.append(box.text()), box.accept()))
    restore.restore_button.click()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=5000)
    assert restore.restore_result is None and messages and "Traceback" not in messages[0]
    assert get_case(ctx.registry, kept).values["case_number"] == "F-1"
