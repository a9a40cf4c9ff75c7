"""Entering a patient already in the registry: a warning naming the other case; saving stays possible."""
from __future__ import annotations

from registry_app.services.cases.editing import create_case, find_case_id, get_case

from .conftest import click


def new_editor_with(editors, make_case, number: str, **identity):
    editor = editors()
    editor.form.set_case(make_case(number, identity=identity))
    editor.revalidate()
    return editor


def test_same_mrn_warns_and_go_back_saves_nothing(editors, qtbot, ctx, make_case, modals):
    create_case(ctx.registry, make_case("C-1", identity={"mrn": "00123"}))
    editor = new_editor_with(editors, make_case, "C-2", mrn="123")
    modals.then(click("Go back to the case"))
    editor.save_button.click()
    qtbot.waitUntil(lambda: len(modals.seen) == 1 and not editor.saving, timeout=5000)
    assert modals.seen[0].startswith("Possible duplicate patient")
    assert "Case C-1: same medical record number" in modals.seen[0]
    assert find_case_id(ctx.registry, "C-2") is None
    assert "possible duplicate of case C-1" in editor.status.text()


def test_save_anyway_saves_the_case(editors, qtbot, ctx, make_case, modals):
    from datetime import date
    create_case(ctx.registry, make_case("C-1", identity={"birth_date": date(1950, 2, 3)}))
    editor = new_editor_with(editors, make_case, "C-2", birth_date=date(1950, 2, 3))
    modals.then(click("Save anyway"))
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save_button.click()
    assert "same date of birth and procedure date" in modals.seen[0]
    assert get_case(ctx.registry, find_case_id(ctx.registry, "C-2")).identity["birth_date"]


def test_changing_the_mrn_of_a_saved_case_warns_but_other_edits_do_not(editors, qtbot, ctx,
                                                                         make_case, modals):
    create_case(ctx.registry, make_case("C-1", identity={"mrn": "555"}))
    case_id = create_case(ctx.registry, make_case("C-2", identity={"mrn": "777"})).case_id
    editor = editors(case_id)
    editor.form.rows["age"].editor.set_value(70)
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save_button.click()
    assert modals.seen == []
    editor.form.rows["mrn"].editor.set_value("555")
    modals.then(click("Save anyway"))
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save_button.click()
    assert modals.seen[0].startswith("Possible duplicate patient")
    assert get_case(ctx.registry, case_id).identity["mrn"] == "555"


def test_import_result_lists_possible_duplicates(qtbot):
    from registry_app.gui.dialogs.import_wizard_pages import ResultPage
    from registry_app.services.cases.duplicates import SAME_MRN, PossibleDuplicate
    from registry_app.services.importing.file_import import ImportReport
    report = ImportReport(rows=1, created=1)
    report.possible_duplicates.append(("cases", 2, "N-1", PossibleDuplicate(1, "C-1", SAME_MRN)))
    page = ResultPage()
    qtbot.addWidget(page)
    page.show_report(report)
    assert ("cases row 2 (case N-1): possible duplicate of case C-1 (same medical record number)"
            in page.text.text())
