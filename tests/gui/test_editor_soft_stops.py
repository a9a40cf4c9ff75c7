"""The case editor's soft stops: an inconsistency copied from paper is saved with a comment as
an open query; cancelling keeps the editor as it was; a later correction resolves the query."""
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from registry_app.services.cases.editing import (case_history, create_case, find_case_id, get_case,
                                                 update_case)
from registry_app.services.cases.data_queries import list_queries

from ..conftest import case_factory
from .conftest import click, registry_holding, type_into


def store_saved_case(registry) -> None:
    create_case(registry, case_factory()("SQ-0001"))


# A test using saved_id gets a copy of a registry holding that case, stored once per run.
registry = registry_holding("gui-soft-stops-saved-case", store_saved_case, "saved_id")


@pytest.fixture
def saved_id(registry):
    return find_case_id(registry, "SQ-0001")


def type_comment(text: str, seen: list):
    """A handler for the comment dialog: read the rules it lists, type, click the button."""
    def handler(dialog) -> None:
        seen.append(dialog.layout().itemAt(0).widget().text())
        QTest.keyClicks(dialog.text, text)
        QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    return handler


def test_saving_times_out_of_order_asks_for_a_comment_and_opens_a_query(
        editors, qtbot, saved_id, ctx, modals):
    editor = editors(saved_id)
    type_into(qtbot, editor, "door_time", "2025-01-10 10:30")  # after the puncture at 10:15
    assert editor.form.issue_label("puncture_time").severity == "error"
    assert editor.save_button.isEnabled() and editor.errors == []
    assert "inconsistency" in editor.status.text()
    assert "1 inconsistency" in editor.summary.headline.text()
    assert "must be corrected" not in editor.summary.headline.text()
    assert editor.summary.list.item(0).text().startswith("Inconsistency: Groin puncture")
    assert "<b>Inconsistency:</b>" in editor.form.issue_label("puncture_time").text()
    listed = []
    modals.then(type_comment("door time as on the paper form", listed))
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Groin puncture" in listed[0] and "before arrival (door)" in listed[0]
    stored = get_case(ctx.registry, saved_id)
    assert stored.values["door_time"] == datetime(2025, 1, 10, 10, 30)
    [query] = list_queries(ctx.registry)
    assert (query.case_id, query.rule, query.fields) == (saved_id, "times_out_of_order",
                                                         "puncture_time")
    assert query.comment == "door time as on the paper form"
    actions = [h["action"] for h in case_history(ctx.registry, saved_id)]
    assert "query opened" in actions


def test_cancelling_the_comment_keeps_the_editor_and_saves_nothing(
        editors, qtbot, saved_id, ctx, modals):
    editor = editors(saved_id)
    type_into(qtbot, editor, "door_time", "2025-01-10 10:30")
    modals.then(click("Cancel"))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: modals.pending == 0 and not editor.saving, timeout=5000)
    assert editor.isVisible() and editor.isWindowModified()
    assert editor.form.rows["door_time"].editor.value() == datetime(2025, 1, 10, 10, 30)
    assert "Not saved" in editor.status.text()
    assert get_case(ctx.registry, saved_id).values["door_time"] == datetime(2025, 1, 10, 9, 10)
    assert list_queries(ctx.registry) == []


def test_correcting_the_time_later_resolves_the_query(editors, qtbot, saved_id, ctx, modals):
    case = get_case(ctx.registry, saved_id)
    case.values["door_time"] = datetime(2025, 1, 10, 10, 30)
    update_case(ctx.registry, case, query_comment="paper")
    editor = editors(saved_id)
    type_into(qtbot, editor, "door_time", "2025-01-10 09:10")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert list_queries(ctx.registry) == []
    [done] = list_queries(ctx.registry, include_resolved=True)
    assert done.resolution == "resolved by edit"


def test_a_case_with_an_open_query_saves_other_edits_without_asking_again(
        editors, qtbot, saved_id, ctx, modals):
    case = get_case(ctx.registry, saved_id)
    case.values["door_time"] = datetime(2025, 1, 10, 10, 30)
    update_case(ctx.registry, case, query_comment="paper")
    editor = editors(saved_id)
    assert editor.status.text().startswith("1 open query on this case")
    type_into(qtbot, editor, "aspects", "7")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert modals.seen == [] and get_case(ctx.registry, saved_id).values["aspects"] == 7
    assert "1 open query." in editor.status.text() and len(list_queries(ctx.registry)) == 1
