"""Previous and next case from the editor window, in the case list's order."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

import pytest

from registry_app.services.cases.editing import create_case, get_case

from ..conftest import case_factory
from .conftest import click, registry_holding, type_into, wait_idle, wait_list


def store_three_cases(registry) -> None:
    make_case = case_factory()
    for day in (8, 9, 10):
        values = {"procedure_date": date(2025, 1, day)}
        create_case(registry, make_case(f"C-{day}", **values))


# A test using three_cases gets a copy of a registry holding them, stored once per run.
registry = registry_holding("gui-browse-three-cases", store_three_cases, "three_cases")


@pytest.fixture
def three_cases(window, qtbot) -> list[int]:
    """Three cases, in the order the case list shows them (newest procedure first)."""
    window.refresh_all()
    wait_list(qtbot, window.case_list)
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 3, timeout=3000)
    return [window.case_list.model.id_at(row) for row in range(3)]


def _number(editor) -> str:
    return editor.form.rows["case_number"].editor.value()


def test_next_and_previous_follow_the_list_in_the_same_window(window, registry, three_cases,
                                                              qtbot):
    top, middle, bottom = three_cases
    editor = window.open_case(top)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    assert editor.next_button.isVisible() and _number(editor) == "C-10"
    qtbot.keyClick(editor, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert (editor.case_id, _number(editor)) == (middle, "C-9")
    assert window.case_list.current_case_id() == middle
    qtbot.mouseClick(editor.next_button, Qt.MouseButton.LeftButton)
    assert editor.case_id == bottom
    qtbot.mouseClick(editor.next_button, Qt.MouseButton.LeftButton)
    assert editor.case_id == bottom and "last case" in editor.status.text()
    qtbot.keyClick(editor, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert editor.case_id == middle and window.editors == [editor]
    assert not editor.isWindowModified()


def test_unsaved_changes_are_asked_about_before_moving_on(window, ctx, registry, three_cases,
                                                          qtbot, modals):
    third, second, _ = three_cases
    editor = window.open_case(third)
    type_into(qtbot, editor, "nihss_admission", "17")
    modals.then(click("Cancel"))
    editor.next_case()
    assert editor.case_id == third and editor.is_dirty()  # stayed, nothing lost

    modals.then(click("Save"))
    editor.next_case()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: editor.case_id == second, timeout=5000)
    assert get_case(registry, third).values["nihss_admission"] == 17

    type_into(qtbot, editor, "nihss_admission", "3")
    modals.then(click("Discard changes"))
    editor.previous_case()
    assert editor.case_id == third
    assert get_case(registry, second).values["nihss_admission"] != 3


def test_moving_to_a_case_open_elsewhere_brings_that_window_up(window, registry, three_cases,
                                                               qtbot):
    third, second, _ = three_cases
    other = window.open_case(second)
    editor = window.open_case(third)
    editor.next_case()
    assert editor.case_id == third and other.case_id == second
    assert len(window.editors) == 2


def test_a_new_case_has_no_previous_or_next(window, qtbot):
    window.show()
    editor = window.new_case()
    qtbot.waitExposed(editor)
    assert not editor.next_button.isVisible() and not editor.previous_button.isVisible()


def _spare_ready(window, qtbot):
    qtbot.waitUntil(lambda: window.editor_pool.spare is not None, timeout=5000)
    spare = window.editor_pool.spare
    assert not spare.isVisible()
    return spare


def test_after_the_first_case_the_next_opens_in_a_spare_built_ahead(window, registry, three_cases,
                                                                    qtbot):
    top, middle, bottom = three_cases
    first = window.open_case(top)
    spare = _spare_ready(window, qtbot)
    second = window.open_case(bottom)
    assert second is spare and second is not first and second.isVisible()
    assert second.case_id == bottom and _number(second) == "C-8"
    assert not second.is_dirty() and second.status.text() == ""
    assert second.form.rows["case_number"].editor.edit.hasFocus() or not second.isActiveWindow()
    stored = get_case(registry, bottom)
    assert second.working().clinically_equal(stored)
    assert window.editors == [first, second]
    assert _spare_ready(window, qtbot) is not spare  # another is built for the next open


def test_a_draft_is_offered_when_the_spare_opens_its_case(window, registry, three_cases, qtbot,
                                                         modals):
    top, middle, _ = three_cases
    first = window.open_case(top)
    type_into(qtbot, first, "nihss_admission", "25")
    qtbot.waitUntil(lambda: first.drafts.load(str(top)) is not None, timeout=3000)
    first.close_allowed = True  # the window is killed: the draft stays behind
    first.close()
    _spare_ready(window, qtbot)
    modals.then(click("Recover my changes"))
    again = window.open_case(top)
    assert "were not saved" in modals.seen[0]
    assert again.form.rows["nihss_admission"].editor.value() == 25 and again.is_dirty()
