"""The case editor: a form built from the field definitions, live checks, drafts, safe saving."""
from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from registry_app.services.changes import Changes
from registry_app.domain.errors import NotFound
from registry_app.domain.field_types import SECTIONS
from registry_app.domain.fields import CASE_FIELDS, IDENTITY_FIELDS
from registry_app.gui.views.editor.case_editor import open_editor
from registry_app.gui.views.editor.drafts import DraftStore
from registry_app.gui.widgets.date_widgets import DateFieldEditor, DateTimeFieldEditor
from registry_app.gui.widgets.field_widgets import (ComboFieldEditor, MultiChoiceEditor,
                                                    TextFieldEditor, YesNoFieldEditor)
from registry_app.services.cases.editing import (case_history, create_case, find_case_id, get_case,
                                                 update_case)
from registry_app.storage.schema import SignoffRow

from ..conftest import case_factory
from .conftest import choose, click, registry_holding, type_into, type_reason

KIND_CLASS = {"date": DateFieldEditor, "datetime": DateTimeFieldEditor, "yesno": YesNoFieldEditor,
              "choice": ComboFieldEditor, "multichoice": MultiChoiceEditor,
              "int": TextFieldEditor, "float": TextFieldEditor, "text": TextFieldEditor}


def store_saved_case(registry) -> None:
    create_case(registry, case_factory()("ED-0001"))


# A test using saved_id gets a copy of a registry holding that case, stored once per run.
registry = registry_holding("gui-editor-saved-case", store_saved_case, "saved_id")


@pytest.fixture
def saved_id(registry):
    return find_case_id(registry, "ED-0001")


def shown_codes(editor) -> set[str]:
    return {code for code, row in editor.form.rows.items() if row.editor.isVisibleTo(editor)}


# The form ######################################################################

def test_form_is_built_from_the_field_definitions(editors):
    editor = editors()
    cerebral = {f.code for f in CASE_FIELDS + IDENTITY_FIELDS if f.applies_to("cerebral")}
    branching = {f.code for f in CASE_FIELDS if f.shown_if and f.applies_to("cerebral")}
    assert branching == {"ivt_agent", "rescue_reason", "no_stent_reason", "stent_device",
                         "sich_definition"}
    assert shown_codes(editor) == cerebral - branching  # each waits for its yes / no
    for fd in CASE_FIELDS:
        assert isinstance(editor.form.rows[fd.code].editor, KIND_CLASS[fd.kind]), fd.code
    combo = editor.form.rows["occlusion_site"].editor.combo
    assert combo.itemText(0) == "unknown" and combo.itemData(0) is None
    assert combo.itemData(3) == "M1" and combo.itemText(3) == "M1 – MCA M1"
    yes_no = editor.form.rows["ivt"].editor.combo
    assert [yes_no.itemText(i) for i in range(3)] == ["unknown", "Yes", "No"]


def test_notes_take_several_lines_and_count_as_a_change(editors, qtbot):
    editor = editors()
    notes = editor.form.rows["notes"].editor
    with qtbot.waitSignal(notes.changed):
        notes.lines.setPlainText("Called GP.\nDaughter answered.")
    assert notes.value() == "Called GP.\nDaughter answered." and notes.problem() is None
    notes.set_value(None)
    assert notes.lines.toPlainText() == "" and notes.value() is None


def test_only_fields_of_the_territory_are_shown(editors):
    editor = editors()
    choose(editor, "territory", "limb")
    shown = shown_codes(editor)
    assert {"rutherford_class", "flow_after_mt", "limb_salvage_30d"} <= shown
    assert not {"occlusion_site", "nihss_admission", "mrs_90d"} & shown
    assert "flow_grade" in [fd.code for fd in editor.form.passes.model.columns]
    assert editor.form.rows["mt_passes"].label.text() == "Thrombectomy attempts"
    assert editor.form.sections["rescue"].title() == "Adjunctive treatment"
    assert "Attempts" in editor.form.passes_title.text()
    assert editor.form.passes.model.headerData(0, Qt.Orientation.Vertical) == "Attempt 1"
    choose(editor, "territory", "coronary")
    assert not editor.form.passes.isVisibleTo(editor)
    assert "stent_delivered" in shown_codes(editor)


def test_sections_follow_the_procedure_with_identifiers_apart(editors):
    editor = editors()
    tops = [editor.form.section_widget(key).y() for key, _ in SECTIONS]
    assert tops == sorted(tops)
    identity = editor.form.identity
    assert identity.title() == "Identifiers (kept apart, never exported by default)"
    assert editor.form.sections["patient"].y() < identity.y() < tops[1]
    assert {row.fd.code for row in identity.rows} == {"mrn", "patient_name", "birth_date", "contact_phone"}


def test_save_button_is_visible_without_scrolling(editors):
    editor = editors()
    editor.resize(1366, 700)
    bottom = editor.save_button.mapTo(editor, editor.save_button.rect().bottomLeft()).y()
    assert bottom <= editor.height()
    assert not editor.form_scroll.isAncestorOf(editor.save_button)


# Typing and checks #############################################################

def test_a_time_alone_is_taken_on_the_procedure_date(editors, qtbot):
    editor = editors()
    type_into(qtbot, editor, "procedure_date", "12/03/2025")  # 12 March or 3 December?
    assert "could be 12 March 2025 or 3 December 2025" in (
        editor.form.rows["procedure_date"].editor.problem())
    type_into(qtbot, editor, "procedure_date", "12 Mar 2025")
    editor.form.rows["procedure_date"].editor.edit.editingFinished.emit()
    assert editor.form.rows["procedure_date"].editor.edit.text() == "2025-03-12"
    type_into(qtbot, editor, "puncture_time", "9:05")
    field = editor.form.rows["puncture_time"].editor
    assert field.value() == datetime(2025, 3, 12, 9, 5)
    field.edit.editingFinished.emit()
    assert field.edit.text() == "09:05" and field.day_note.text() == "2025-03-12"


def test_times_follow_the_procedure_date_and_cross_midnight_in_order(editors, qtbot):
    editor = editors()  # the new case starts on today's date
    type_into(qtbot, editor, "puncture_time", "23:50")
    type_into(qtbot, editor, "reperfusion_time", "00:20")
    type_into(qtbot, editor, "procedure_date", "2025-03-12")
    case = editor.working()
    assert case.values["puncture_time"] == datetime(2025, 3, 12, 23, 50)
    assert case.values["reperfusion_time"] == datetime(2025, 3, 13, 0, 20)
    assert editor.form.rows["reperfusion_time"].editor.day_note.text() == "2025-03-13 (next day)"
    assert editor.derived.text_of("puncture_to_reperfusion") == "30 min"
    type_into(qtbot, editor, "procedure_date", "2025-03-14")
    assert editor.working().values["reperfusion_time"] == datetime(2025, 3, 15, 0, 20)


def test_unreadable_input_is_an_error_at_the_field(editors, qtbot):
    editor = editors()
    type_into(qtbot, editor, "discharge_date", "31/02/2025")
    issue = editor.form.issue_label("discharge_date")
    assert issue.severity == "error" and "is not a date" in issue.plain_text()
    assert not editor.save_button.isEnabled()
    assert any("Discharge date" in e.message for e in editor.errors)


def test_time_order_error_is_red_and_a_warning_is_amber(editors, qtbot, saved_id):
    editor = editors(saved_id)
    type_into(qtbot, editor, "door_time", "2025-01-10 10:30")  # after the puncture at 10:15
    issue = editor.form.issue_label("puncture_time")
    assert issue.severity == "error"
    assert "#b3261e" in issue.text() and "before arrival (door)" in issue.text()
    type_into(qtbot, editor, "door_time", "2025-01-10 09:10")
    type_into(qtbot, editor, "age", "15")
    age_issue = editor.form.issue_label("age")
    assert age_issue.severity == "warning" and "#8a5300" in age_issue.text()
    assert editor.save_button.isEnabled()
    assert "1 warning to check" in editor.summary.headline.text()


def test_derived_values_follow_the_typing(editors, qtbot):
    editor = editors()
    type_into(qtbot, editor, "procedure_date", "2025-03-20")
    type_into(qtbot, editor, "door_time", "09:00")
    type_into(qtbot, editor, "puncture_time", "10:10")
    assert editor.derived.text_of("door_to_puncture") == "70 min"
    assert editor.derived.text_of("followup_due") == "2025-06-18"
    assert editor.derived.text_of("followup_window") == "2025-06-04 to 2025-07-02"
    before = editor.badge.share
    choose(editor, "sex", "M")
    assert editor.badge.share > before


def test_passes_can_be_added_removed_and_reordered(editors, qtbot):
    editor = editors()
    passes = editor.form.passes
    for device in ("A", "B", "C"):
        passes.add_button.click()
        model = passes.model
        column = [fd.code for fd in model.columns].index("device")
        model.setData(model.index(model.rowCount() - 1, column), device)
    passes.select_row(2)
    passes.up_button.click()
    assert [p["device"] for p in passes.model.numbered()] == ["A", "C", "B"]
    assert passes.selected_row() == 1
    passes.remove_button.click()
    numbered = passes.model.numbered()
    assert [(p["pass_number"], p["device"]) for p in numbered] == [(1, "A"), (2, "B")]
    assert [{k: v for k, v in p.items() if v is not None} for p in editor.working().passes] \
        == [{k: v for k, v in p.items() if v is not None} for p in numbered]


def test_an_unreadable_pass_time_is_explained(editors, qtbot):
    editor = editors()
    passes = editor.form.passes
    passes.add_button.click()
    column = [fd.code for fd in passes.model.columns].index("pass_time")
    assert not passes.model.setData(passes.model.index(0, column), "soon")
    assert passes.problem_label.isVisibleTo(editor)
    assert passes.problem_label.text().startswith("Pass 1: Time of pass: 'soon'")


def test_open_section_goes_to_the_outcome(editors, saved_id, registry, make_case):
    editor = editors(saved_id)
    editor.form.rows["mrs_90d"].editor.set_value(None)
    editor.open_section("outcome")
    assert editor.focusWidget() is editor.form.rows["mrs_90d"].editor.edit
    outcome = editor.form.section_widget("outcome")
    assert editor.form_scroll.verticalScrollBar().value() > 0
    assert outcome.visibleRegion().boundingRect().height() > 0


# Saving ########################################################################

def test_saving_a_change_records_it(editors, qtbot, saved_id, ctx):
    editor = editors(saved_id)
    type_into(qtbot, editor, "nihss_admission", "21")
    assert editor.isWindowModified()
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save_button.click()
    assert get_case(ctx.registry, saved_id).values["nihss_admission"] == 21
    assert not editor.isWindowModified()
    assert editor.status.text().startswith("Saved (version 2)")


def test_stale_save_says_so_and_offers_a_reload(editors, qtbot, saved_id, ctx, modals):
    first, second = editors(saved_id), editors(saved_id)
    type_into(qtbot, first, "age", "70")
    with qtbot.waitSignal(first.saved, timeout=5000):
        first.save_button.click()
    type_into(qtbot, second, "nihss_admission", "20")
    modals.then(click("Reload the saved version"))
    second.save_button.click()
    qtbot.waitUntil(lambda: second.conflict.isVisible(), timeout=5000)
    assert "was changed by tester" in modals.seen[0]
    stored = get_case(ctx.registry, saved_id)
    assert (stored.values["age"], stored.values["nihss_admission"]) == (70, 14)  # not overwritten
    assert second.form.rows["age"].editor.value() == 70
    assert second.form.rows["nihss_admission"].editor.value() == 14
    mine = {d.label: d.mine for d in second.conflict.diffs}
    assert mine == {"NIHSS on admission": "20"}
    second.conflict.use_all.click()
    assert second.form.rows["nihss_admission"].editor.value() == 20
    with qtbot.waitSignal(second.saved, timeout=5000):
        second.save_button.click()
    stored = get_case(ctx.registry, saved_id)
    assert (stored.values["age"], stored.values["nihss_admission"]) == (70, 20)


def test_stale_save_cancelled_keeps_the_typing(editors, qtbot, saved_id, ctx, modals):
    editor = editors(saved_id)
    update_case(ctx.registry, get_case(ctx.registry, saved_id), None)  # no change: same version
    other = get_case(ctx.registry, saved_id)
    other.values["age"] = 80
    update_case(ctx.registry, other)
    type_into(qtbot, editor, "age", "66")
    modals.then(click("Cancel"))
    editor.save_button.click()
    qtbot.waitUntil(lambda: modals.pending == 0 and not editor.saving, timeout=5000)
    assert editor.form.rows["age"].editor.value() == 66
    assert "changed elsewhere" in editor.status.text()
    assert get_case(ctx.registry, saved_id).values["age"] == 80


def test_a_signed_off_month_asks_for_a_reason(editors, qtbot, saved_id, ctx, modals):
    with ctx.registry.transaction() as session:
        session.add(SignoffRow(month="2025-01", signed_at=datetime(2025, 2, 5), signed_by="lead",
                               fingerprint="x"))
    editor = editors(saved_id)
    type_into(qtbot, editor, "aspects", "7")
    modals.then(type_reason("Late correction from the CT report"))
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save_button.click()
    assert "Signed-off month" in modals.seen[0]
    reasons = {e["reason"] for e in case_history(ctx.registry, saved_id)
               if e["field"] == "aspects" and e["action"] == "update"}
    assert reasons == {"Late correction from the CT report"}


def test_a_duplicate_case_number_is_explained(editors, qtbot, registry, make_case, modals):
    create_case(registry, make_case("TAKEN-1"))
    editor = editors()
    type_into(qtbot, editor, "case_number", "TAKEN-1")
    type_into(qtbot, editor, "procedure_date", "2025-01-10")
    modals.then(click("OK"))
    editor.save_button.click()
    qtbot.waitUntil(lambda: bool(modals.seen), timeout=5000)
    assert "already used" in modals.seen[0]
    assert editor.case_id is None


def test_delete_asks_for_a_reason(editors, qtbot, saved_id, ctx, modals):
    editor = editors(saved_id)
    modals.then(type_reason("Entered twice"))
    with qtbot.waitSignal(ctx.changed, timeout=5000) as signal:
        editor.delete_button.click()
    assert signal.args == [Changes.of_cases([saved_id])]
    with pytest.raises(NotFound):
        get_case(ctx.registry, saved_id)
    assert case_history(ctx.registry, saved_id)[-1]["reason"] == "Entered twice"


def test_history_shows_the_audit_trail(editors, qtbot, saved_id, ctx, modals):
    from registry_app.gui.dialogs.history_dialog import HistoryDialog
    case = get_case(ctx.registry, saved_id)
    case.values["age"] = 71
    case.passes[1]["device"] = "Trevo"
    update_case(ctx.registry, case)
    dialog = HistoryDialog(ctx, saved_id, "ED-0001")
    top = dialog.tree.topLevelItem(0)
    assert top.text(0).startswith("Changed ") and top.text(0).endswith(" by tester, 2 fields")
    rows = [[top.child(r).text(c) for c in range(3)] for r in range(top.childCount())]
    assert rows == [["Age", "67", "71"], ["Pass 2: Device", "Solitaire X + React 71", "Trevo"]]


# Never losing typing ###########################################################

def test_closing_with_changes_asks_first(editors, qtbot, saved_id, ctx, modals):
    editor = editors(saved_id)
    type_into(qtbot, editor, "age", "59")
    modals.then(click("Cancel"))
    assert not editor.close()
    assert editor.isVisible() and editor.form.rows["age"].editor.value() == 59
    modals.then(click("Save"))
    with qtbot.waitSignal(editor.closed, timeout=5000):
        editor.close()
    assert get_case(ctx.registry, saved_id).values["age"] == 59


def test_discarding_on_close_keeps_the_stored_case(editors, qtbot, saved_id, ctx, modals):
    editor = editors(saved_id)
    type_into(qtbot, editor, "age", "59")
    qtbot.waitUntil(lambda: DraftStore().load(str(saved_id)) is not None, timeout=3000)
    modals.then(click("Discard changes"))
    assert editor.close()
    assert get_case(ctx.registry, saved_id).values["age"] == 67
    assert DraftStore().load(str(saved_id)) is None


def test_save_with_errors_on_close_is_refused_with_the_list(editors, qtbot, modals):
    editor = editors()
    type_into(qtbot, editor, "case_number", "X-1")
    type_into(qtbot, editor, "age", "200")
    modals.then(click("Save"), click("OK"))
    assert not editor.close()
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=3000)
    assert "Age: 200 is outside the allowed range" in modals.seen[1]
    assert editor.isVisible() and editor.case_id is None


def test_a_draft_survives_a_crash_and_is_offered_back(editors, qtbot, saved_id, ctx, modals):
    editor = editors(saved_id)
    type_into(qtbot, editor, "nihss_admission", "25")
    type_into(qtbot, editor, "discharge_date", "2025-13-01")
    qtbot.waitUntil(lambda: DraftStore().load(str(saved_id)) is not None, timeout=3000)
    editor.close_allowed = True  # the application is killed: nothing is asked or cleaned
    editor.close()
    modals.then(click("Recover my changes"))
    recovered = open_editor(ctx, saved_id)
    editors.made.append(recovered)
    assert "were not saved" in modals.seen[0]
    assert recovered.form.rows["nihss_admission"].editor.value() == 25
    assert recovered.form.rows["discharge_date"].editor.edit.text() == "2025-13-01"
    assert recovered.is_dirty()
    assert [e.field for e in recovered.errors] == ["discharge_date"]


def test_a_refused_draft_is_removed(editors, qtbot, saved_id, ctx, modals):
    editor = editors(saved_id)
    type_into(qtbot, editor, "nihss_admission", "25")
    qtbot.waitUntil(lambda: DraftStore().load(str(saved_id)) is not None, timeout=3000)
    editor.close_allowed = True
    editor.close()
    modals.then(click("Discard them"))
    fresh = open_editor(ctx, saved_id)
    editors.made.append(fresh)
    assert fresh.form.rows["nihss_admission"].editor.value() == 14
    assert DraftStore().load(str(saved_id)) is None


def test_a_recovered_draft_of_a_changed_case_cannot_overwrite(editors, qtbot, saved_id, ctx,
                                                               modals):
    editor = editors(saved_id)
    type_into(qtbot, editor, "age", "55")
    qtbot.waitUntil(lambda: DraftStore().load(str(saved_id)) is not None, timeout=3000)
    editor.close_allowed = True
    editor.close()
    other = get_case(ctx.registry, saved_id)
    other.values["aspects"] = 6
    update_case(ctx.registry, other)  # someone else saved meanwhile
    modals.then(click("Recover my changes"), click("Cancel"))
    recovered = open_editor(ctx, saved_id)
    editors.made.append(recovered)
    assert "Recovered unsaved changes" in recovered.status.text()
    recovered.save_button.click()
    qtbot.waitUntil(lambda: modals.pending == 0 and not recovered.saving, timeout=5000)
    assert "changed elsewhere" in modals.seen[1]
    assert get_case(ctx.registry, saved_id).values["age"] == 67


# Branching and values taken from the passes ####################################

def test_branching_fields_follow_their_answer(editors, qtbot):
    editor = editors()
    type_into(qtbot, editor, "ivt", "y")
    assert "ivt_agent" in shown_codes(editor)
    type_into(qtbot, editor, "rescue_stent", "n")
    assert "no_stent_reason" in shown_codes(editor)
    assert not {"rescue_reason", "stent_device"} & shown_codes(editor)
    type_into(qtbot, editor, "rescue_stent", "y")
    assert {"rescue_reason", "stent_device"} <= shown_codes(editor)
    assert "no_stent_reason" not in shown_codes(editor)


def test_a_hidden_field_is_cleared_only_when_the_user_agrees(editors, qtbot, modals):
    editor = editors()
    type_into(qtbot, editor, "sich", "y")
    type_into(qtbot, editor, "sich_definition", "ecass3")
    modals.then(click("Keep them"))
    type_into(qtbot, editor, "sich", "n")
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=3000)
    assert "sICH definition: ecass3" in modals.seen[0]
    assert editor.form.rows["sich_definition"].editor.value() == "ecass3"
    assert "sich_definition" in shown_codes(editor)
    type_into(qtbot, editor, "sich", "y")
    modals.then(click("Clear them"))
    type_into(qtbot, editor, "sich", "n")
    qtbot.waitUntil(lambda: "sich_definition" not in shown_codes(editor), timeout=3000)
    assert editor.working().values["sich_definition"] is None


def test_pass_summary_comes_from_the_passes_table(editors, qtbot):
    editor = editors()
    type_into(qtbot, editor, "mt_passes", "5")
    passes = editor.form.passes
    for grade in ("1", "2a"):
        passes.add_button.click()
        column = [fd.code for fd in passes.model.columns].index("reperfusion_grade")
        passes.model.setData(passes.model.index(passes.model.rowCount() - 1, column), grade)
    rows = editor.form.rows
    assert not rows["mt_passes"].editor.isEnabled()
    assert rows["mt_passes"].editor.value() == 2
    assert rows["reperfusion_after_mt"].editor.value() == "2a"
    case = editor.working()
    assert (case.values["mt_passes"], case.values["reperfusion_after_mt"]) == (2, "2a")
    assert not any("passes are recorded" in e.message for e in editor.errors)


def test_a_blank_new_case_opens_without_errors_and_negative_intervals_are_problems(editors,
                                                                                     qtbot):
    editor = editors()
    assert editor.status.text() == "" and "No problems" in editor.summary.headline.text()
    assert not editor.form.issue_label("case_number").isVisibleTo(editor)
    type_into(qtbot, editor, "door_time", "10:00")
    type_into(qtbot, editor, "puncture_time", "09:30")
    assert editor.derived.text_of("door_to_puncture") == "times out of order"
