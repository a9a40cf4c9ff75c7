"""Putting an earlier value back from a case's history: reason asked, audited, editor reloaded."""
from __future__ import annotations

import pytest

from registry_app.services.changes import Changes
from registry_app.gui.dialogs.history_dialog import HistoryDialog
from registry_app.services.cases.history import case_history
from registry_app.services.cases.editing import (create_case, delete_case, find_case_id, get_case,
                                                 update_case)

from ..conftest import case_factory
from .conftest import click, registry_holding, type_reason


def store_changed_case(registry) -> None:
    case_id = create_case(registry, case_factory()("ED-0001")).case_id
    case = get_case(registry, case_id)
    case.values["age"] = 71
    update_case(registry, case)


# A test using changed_id gets a copy of a registry holding that case, stored once per run.
registry = registry_holding("gui-history-changed-case", store_changed_case, "changed_id")


@pytest.fixture
def changed_id(registry):
    """A case whose age was changed from 67 to 71."""
    return find_case_id(registry, "ED-0001")


def open_history(qtbot, ctx, case_id, parent=None) -> HistoryDialog:
    dialog = HistoryDialog(ctx, case_id, "ED-0001", parent)
    if parent is None:
        qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def saves(dialog) -> list[tuple[str, list[list[str]]]]:
    """Each save's heading and its changed fields (label, before, after), as shown."""
    tree, shown = dialog.tree, []
    for index in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(index)
        rows = [[top.child(r).text(c) for c in range(3)] for r in range(top.childCount())]
        shown.append((top.text(0), rows))
    return shown


def select_change(dialog, field_label: str, action: str = "Changed"):
    tree = dialog.tree
    for index in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(index)
        if not top.text(0).startswith(action):
            continue
        for row in range(top.childCount()):
            if top.child(row).text(0) == field_label:
                tree.setCurrentItem(top.child(row))
                return top.child(row)
    raise AssertionError(f"no {action} save changing {field_label}")


def test_restore_earlier_value_puts_it_back_with_the_reason(qtbot, ctx, changed_id, modals):
    dialog = open_history(qtbot, ctx, changed_id)
    before = dialog.tree.topLevelItemCount()
    assert not dialog.restore_button.isEnabled()
    select_change(dialog, "Age")
    assert dialog.restore_button.isEnabled()
    modals.then(type_reason("Age misread from the referral letter"))
    with qtbot.waitSignal(ctx.changed, timeout=5000) as signal:
        dialog.restore_button.click()
    assert signal.args == [Changes.of_cases([changed_id])]
    assert get_case(ctx.registry, changed_id).values["age"] == 67
    last = case_history(ctx.registry, changed_id)[-1]
    assert (last.action, last.field, last.old_value, last.new_value, last.reason) == (
        "update", "age", "71", "67", "Age misread from the referral letter")
    assert dialog.tree.topLevelItemCount() == before + 1
    heading, rows = saves(dialog)[0]
    assert heading.startswith("Changed ") and heading.endswith(
        " by tester, 1 field — reason: Age misread from the referral letter")
    assert rows == [["Age", "71", "67"]]
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


def test_history_groups_each_save_with_labels_and_words(qtbot, ctx, registry, make_case):
    """One group per save (who, when, why); fields by label, coded values by their labels."""
    case_id = create_case(registry, make_case("ED-0002")).case_id
    case = get_case(registry, case_id)
    case.values.update(occlusion_site="M2", sex="M", ivt=False, ivt_agent=None,
                       procedural_complications=("none",), mrs_90d=None)
    case.identity["mrn"] = "4711"
    case.passes[0]["technique"] = "aspiration"
    update_case(registry, case, "Corrected from the paper form")
    delete_case(registry, case_id, "Entered twice")
    dialog = open_history(qtbot, ctx, case_id)
    shown = saves(dialog)
    assert [heading.split(" ")[0] for heading, _rows in shown] == ["Deleted", "Changed", "Created"]
    assert shown[0][0].endswith("by tester — reason: Entered twice") and shown[0][1] == []
    heading, rows = shown[1]
    assert heading.endswith("by tester, 7 fields — reason: Corrected from the paper form")
    assert ["Occlusion site", "MCA M1", "MCA M2"] in rows
    assert ["Sex", "Female", "Male"] in rows
    assert ["IV thrombolysis", "Yes", "No"] in rows
    assert ["Medical record number", "empty", "4711"] in rows
    assert ["mRS at 90 days", "2", "empty"] in rows
    assert any(row[0] == "Pass 1: Technique" and row[2] == "Contact aspiration" for row in rows)
    assert not any(code in "".join(sum(rows, [])) for code in ("occlusion_site", "ivt_agent"))
    created = shown[2][1]
    assert ["Procedural complications", "empty", "None"] in created
    assert dialog.summary.text().startswith("3 saves, newest first")
    dialog.close()


def test_an_earlier_value_breaking_a_rule_is_restored_with_a_comment_as_an_open_query(
        qtbot, ctx, registry, make_case, modals):
    from datetime import date

    from registry_app.services.cases.data_queries import list_queries
    case_id = create_case(registry, make_case("ED-0001", mrs_90d=3)).case_id
    case = get_case(registry, case_id)
    case.values.update(mrs_90d=6, death_date=date(2025, 2, 1))  # died on day 22
    update_case(registry, case)
    dialog = open_history(qtbot, ctx, case_id)
    select_change(dialog, "mRS at 90 days")
    modals.then(type_reason("Misread the ward's note"), click("Cancel"))
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: len(modals.seen) == 2, timeout=5000)
    assert modals.seen[1] == "Save with open queries?"
    qtbot.waitUntil(dialog.restore_button.isEnabled, timeout=2000)
    assert get_case(registry, case_id).values["mrs_90d"] == 6        # nothing restored
    modals.then(type_reason("Misread the ward's note"), type_reason("the ward confirms mRS 3"))
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.restore_button.click()
    assert get_case(registry, case_id).values["mrs_90d"] == 3
    [query] = list_queries(registry, case_id)
    assert query.is_open and query.comment == "the ward confirms mRS 3"
    assert case_history(registry, case_id)[-1].reason == "Misread the ward's note"


def test_an_imported_case_shows_each_imported_value_and_restores_one(qtbot, ctx, modals, tmp_path):
    from registry_app.services.cases.editing import find_case_id
    from registry_app.services.importing.file_import import import_file
    (tmp_path / "i.csv").write_text("case_number,procedure_date,age,occlusion_site\n"
                                    "ED-0001,2025-01-10,70,M2\n")
    import_file(ctx.registry, tmp_path / "i.csv", before_import=None)
    case_id = find_case_id(ctx.registry, "ED-0001")
    dialog = open_history(qtbot, ctx, case_id)
    [(heading, rows)] = saves(dialog)
    assert heading.startswith("Imported ")
    assert ["Age", "empty", "70"] in rows and ["Occlusion site", "empty", "MCA M2"] in rows
    select_change(dialog, "Age", action="Imported")
    modals.then(type_reason("Age was not known"))
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.restore_button.click()
    assert get_case(ctx.registry, case_id).values["age"] is None
    dialog.close()
