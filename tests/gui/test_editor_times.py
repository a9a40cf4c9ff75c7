"""Times typed or stored as clock times follow the procedure date, in new and saved cases."""
from __future__ import annotations

from datetime import date, datetime

from registry_app.services.cases.editing import create_case, get_case

from .conftest import type_into


def save(qtbot, editor) -> None:
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save_button.click()


def test_a_new_case_saves_its_times_on_the_changed_procedure_date(editors, qtbot, ctx):
    editor = editors()  # starts on today's date
    type_into(qtbot, editor, "case_number", "T-0001")
    type_into(qtbot, editor, "door_time", "23:40")
    type_into(qtbot, editor, "puncture_time", "00:15")
    type_into(qtbot, editor, "reperfusion_time", "0050")
    type_into(qtbot, editor, "procedure_date", "2025-03-12")
    type_into(qtbot, editor, "procedure_date", "2025-03-20")
    save(qtbot, editor)
    stored = get_case(ctx.registry, editor.case_id).values
    assert stored["door_time"] == datetime(2025, 3, 19, 23, 40)  # the evening before
    assert stored["puncture_time"] == datetime(2025, 3, 20, 0, 15)
    assert stored["reperfusion_time"] == datetime(2025, 3, 20, 0, 50)


def test_a_saved_case_keeps_following_the_procedure_date(editors, qtbot, ctx, make_case):
    case = make_case("T-0002", door_time=datetime(2025, 1, 10, 23, 40),
                     puncture_time=datetime(2025, 1, 11, 0, 15),
                     first_pass_time=datetime(2025, 1, 11, 0, 40),
                     reperfusion_time=datetime(2025, 1, 11, 1, 0),
                     end_time=datetime(2025, 1, 11, 1, 20), procedure_date=date(2025, 1, 11),
                     onset_time=datetime(2025, 1, 10, 21, 0),
                     imaging_time=datetime(2025, 1, 10, 23, 55))
    case.passes[0]["pass_time"] = datetime(2025, 1, 11, 0, 40)
    case.passes[1]["pass_time"] = datetime(2025, 1, 11, 0, 55)
    case_id = create_case(ctx.registry, case).case_id
    editor = editors(case_id)
    door = editor.form.rows["door_time"].editor
    assert door.edit.text() == "23:40" and door.day_note.text() == "2025-01-10 (day before)"
    assert not editor.isWindowModified()  # shown as clock times, the case is unchanged
    type_into(qtbot, editor, "procedure_date", "2025-01-12")
    save(qtbot, editor)
    stored = get_case(ctx.registry, case_id)
    assert stored.values["onset_time"] == datetime(2025, 1, 11, 21, 0)
    assert stored.values["door_time"] == datetime(2025, 1, 11, 23, 40)
    assert stored.values["imaging_time"] == datetime(2025, 1, 11, 23, 55)
    assert stored.values["puncture_time"] == datetime(2025, 1, 12, 0, 15)
    assert stored.values["reperfusion_time"] == datetime(2025, 1, 12, 1, 0)
    assert stored.values["end_time"] == datetime(2025, 1, 12, 1, 20)
    assert [p["pass_time"] for p in stored.passes] == [datetime(2025, 1, 12, 0, 40),
                                                      datetime(2025, 1, 12, 0, 55)]


def test_a_time_stored_away_from_its_rule_keeps_its_full_date(editors, qtbot, ctx, make_case):
    onset = datetime(2025, 1, 8, 7, 0)  # two days before: typed in full, not a clock time
    case_id = create_case(ctx.registry, make_case("T-0003", onset_time=onset)).case_id
    editor = editors(case_id)
    assert editor.form.rows["onset_time"].editor.edit.text() == "2025-01-08 07:00"
    assert editor.form.rows["door_time"].editor.edit.text() == "09:10"
    type_into(qtbot, editor, "procedure_date", "2025-01-09")
    save(qtbot, editor)
    stored = get_case(ctx.registry, case_id).values
    assert stored["onset_time"] == onset
    assert stored["door_time"] == datetime(2025, 1, 9, 9, 10)


def test_a_reused_editor_shows_the_next_cases_times_as_clock_times(editors, qtbot, ctx,
                                                                   make_case):
    from registry_app.gui.views.editor.browse import show_case
    first = create_case(ctx.registry, make_case("T-0004")).case_id
    late = make_case("T-0005", procedure_date=date(2025, 1, 11),
                     onset_time=datetime(2025, 1, 10, 22, 0),
                     door_time=datetime(2025, 1, 10, 23, 30),
                     imaging_time=datetime(2025, 1, 10, 23, 45),
                     puncture_time=datetime(2025, 1, 11, 0, 5), passes=[],
                     first_pass_time=None, reperfusion_time=datetime(2025, 1, 11, 0, 50),
                     end_time=datetime(2025, 1, 11, 1, 10))
    second = create_case(ctx.registry, late).case_id
    editor = editors(first)
    show_case(editor, second)  # Next case, in the same window
    door = editor.form.rows["door_time"].editor
    assert door.edit.text() == "23:30" and door.day_note.text() == "2025-01-10 (day before)"
    assert not editor.isWindowModified()
    type_into(qtbot, editor, "procedure_date", "2025-01-12")
    assert editor.working().values["door_time"] == datetime(2025, 1, 11, 23, 30)
