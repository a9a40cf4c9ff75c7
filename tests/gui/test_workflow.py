"""A coordinator's whole day through the real widgets: enter a case, fix it, find it, follow up."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from registry_app.gui.models.case_table_model import CaseIdRole
from registry_app.gui.models.columns import column_index
from registry_app.services.cases.editing import case_history, get_case

from .conftest import choose, type_into


def edit_pass_cell(qtbot, editor, row: int, code: str, text: str) -> None:
    """Type into a pass cell through the table's own editor, as a user would."""
    table, model = editor.form.passes.table, editor.form.passes.model
    column = [fd.code for fd in model.columns].index(code)
    index = model.index(row, column)
    table.setCurrentIndex(index)  # opens the cell editor (any edit trigger)
    if table.state() != table.State.EditingState:
        table.edit(index)
    cells = [w for w in table.findChildren(QLineEdit) if w.isVisible()]
    assert len(cells) == 1
    cell = cells[0]
    cell.selectAll()
    qtbot.keyClicks(cell, text)
    qtbot.keyClick(cell, Qt.Key.Key_Return)


def set_pass_choice(editor, row: int, code: str, value) -> None:
    model = editor.form.passes.model
    column = [fd.code for fd in model.columns].index(code)
    assert model.setData(model.index(row, column), value)


def fill_new_case(qtbot, editor) -> None:
    type_into(qtbot, editor, "case_number", "WF-0001")
    type_into(qtbot, editor, "procedure_date", "2025-03-20")
    type_into(qtbot, editor, "age", "71")
    choose(editor, "sex", "F")
    choose(editor, "occlusion_site", "M1")
    choose(editor, "ivt", False)
    type_into(qtbot, editor, "mrn", "MRN-555")
    choose(editor, "onset_type", "witnessed")
    type_into(qtbot, editor, "onset_time", "2025-03-20 07:30")
    type_into(qtbot, editor, "door_time", "09:10")


def add_two_passes_and_rescue(qtbot, editor) -> None:
    editor.form.passes.add_button.click()
    set_pass_choice(editor, 0, "technique", "stent_retriever")
    edit_pass_cell(qtbot, editor, 0, "device", "Solitaire X")
    set_pass_choice(editor, 0, "reperfusion_grade", "0")
    edit_pass_cell(qtbot, editor, 0, "pass_time", "10:20")
    editor.form.passes.add_button.click()
    set_pass_choice(editor, 1, "reperfusion_grade", "1")
    choose(editor, "reperfusion_scale", "eTICI")
    choose(editor, "rescue_stent", True)
    choose(editor, "rescue_reason", "failed_mt")
    type_into(qtbot, editor, "stent_device", "Enterprise 2")
    choose(editor, "final_reperfusion", "2b67")


def test_enter_fix_save_find_and_follow_up_a_case(window, ctx, qtbot, modals):
    window.show()
    window.actions_by_name["new_case"].trigger()
    editor = window.editors[-1]
    fill_new_case(qtbot, editor)

    # Puncture typed before the door time: the plain message appears at the field, in red.
    type_into(qtbot, editor, "puncture_time", "08:30")
    issue = editor.form.issue_label("puncture_time")
    assert issue.isVisible() and issue.severity == "error"
    assert "before arrival (door)" in issue.plain_text()
    assert editor.errors == [] and editor.save_button.isEnabled()  # a soft stop: may be saved
    assert "1 inconsistency: correct, or save with a comment" in editor.status.text()

    type_into(qtbot, editor, "puncture_time", "09:55")
    assert not issue.isVisible()
    assert editor.derived.text_of("door_to_puncture") == "45 min"

    add_two_passes_and_rescue(qtbot, editor)
    assert editor.form.passes.model.rowCount() == 2
    assert editor.form.passes.model.passes[1]["technique"] == "stent_retriever"  # carried over
    assert editor.derived.text_of("mt_failed") == "Yes"
    assert editor.errors == []
    assert editor.save_button.isEnabled()

    with qtbot.waitSignal(editor.saved, timeout=10000) as saved:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    case_id = saved.args[0]
    stored = get_case(ctx.registry, case_id)
    assert stored.values["rescue_stent"] is True and len(stored.passes) == 2
    assert stored.passes[0]["pass_time"].isoformat() == "2025-03-20T10:20:00"
    assert stored.values["mt_passes"] == 2
    assert stored.identity["mrn"] == "MRN-555"
    editor.close()
    assert window.editors == []

    # Find it in the list by searching its number (debounced search, SQL filter).
    qtbot.keyClicks(window.case_list.filters.search, "wf-0001")
    model = window.case_list.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=3000)
    assert model.index(0, column_index("case_number")).data() == "WF-0001"
    assert model.index(0, column_index("mrs_90d")).data() == ""
    assert model.index(0, column_index("followup_status")).data() == "In window"

    # Open it from the list and record the 90-day outcome in the outcome section.
    window.case_list.table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_Return)
    editor = window.editor_for(case_id)
    assert editor is not None
    editor.open_section("outcome")
    assert editor.focusWidget() is editor.form.rows["mrs_90d"].editor.edit
    qtbot.keyClicks(editor.focusWidget(), "2")
    type_into(qtbot, editor, "followup_date", "2025-06-20")
    choose(editor, "followup_method", "phone")
    assert editor.derived.text_of("followup_status") == "Done"
    with qtbot.waitSignal(editor.saved, timeout=10000):
        editor.save_button.click()

    # The list shows the outcome without being asked to.
    qtbot.waitUntil(lambda: model.index(0, column_index("mrs_90d")).data() == "2", timeout=3000)
    assert model.index(0, column_index("followup_status")).data() == "Done"
    assert model.index(0, 0).data(CaseIdRole) == case_id
    changes = [e["field"] for e in case_history(ctx.registry, case_id)]
    assert "mrs_90d" in changes and "followup_date" in changes
    assert modals.seen == []
