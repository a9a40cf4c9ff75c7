"""Merging duplicate patients in the desktop application: from two selected cases in the list
or from the duplicate warning, pick per field, merge, and undo from Edit → Merges…."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QItemSelectionModel

from registry_app.domain.case_merge import KEPT, OTHER
from registry_app.domain.errors import NotFound
from registry_app.gui.dialogs.merge_dialog import CHOSEN, DIFFERS, MergeDialog
from registry_app.gui.dialogs.merges_dialog import MergesDialog
from registry_app.services.changes import Changes
from registry_app.services.cases.editing import create_case, find_case_id, get_case
from registry_app.services.cases.merging import merges

from ..conftest import case_factory
from .conftest import click, registry_holding, type_reason, wait_idle

CONTACT = {"attempted_at": datetime(2025, 4, 9, 10, 0), "method": "phone", "reached": True}


def store_pair(registry) -> None:
    make_case = case_factory()
    first = make_case("D-1", nihss_admission=None, age=70, identity={"mrn": "M-5"})
    second = make_case("D-2", nihss_admission=12, age=71, passes=[],
                       identity={"mrn": "M-5", "birth_date": date(1948, 5, 6)})
    second.contacts = [dict(CONTACT)]
    create_case(registry, first)
    create_case(registry, second)


# A test using pair gets a copy of a registry holding the two cases, stored once per run.
registry = registry_holding("gui-merge-pair", store_pair, "pair")


@pytest.fixture
def pair(registry):
    return find_case_id(registry, "D-1"), find_case_id(registry, "D-2")


def row_of(dialog: MergeDialog, code: str) -> int:
    return next(i for i, c in enumerate(dialog.plan.fields) if c.fd.code == code)


def open_dialog(qtbot, ctx, first, second) -> MergeDialog:
    dialog = MergeDialog(ctx, first, second)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_both_cases_side_by_side_with_differences_marked(qtbot, ctx, pair):
    dialog = open_dialog(qtbot, ctx, *pair)
    age, sex = row_of(dialog, "age"), row_of(dialog, "sex")
    assert dialog.table.item(age, 1).text() == "70" and dialog.table.item(age, 2).text() == "71"
    assert dialog.table.item(age, 1).background() == CHOSEN  # the kept case's value
    assert dialog.table.item(age, 2).background() == DIFFERS
    assert dialog.picks["nihss_admission"].currentData() == OTHER  # blank: filled from D-2
    assert dialog.table.isRowHidden(sex) and not dialog.table.isRowHidden(age)
    dialog.only_differing.setChecked(False)
    assert not dialog.table.isRowHidden(sex)
    assert dialog.table.item(sex, 3).text() == "same in both"
    assert dialog.contacts.isChecked() and "1 contact" in dialog.contacts.text()
    dialog.keep_second.setChecked(True)  # keep D-2 instead
    assert dialog.plan.kept.id == pair[1]
    assert dialog.passes.currentData() == OTHER  # D-2 has no passes: D-1's are taken
    assert not dialog.contacts.isEnabled()


def test_merge_with_the_chosen_values_then_undo_from_the_merges_list(qtbot, ctx, pair, modals):
    kept_id, other_id = pair
    dialog = open_dialog(qtbot, ctx, *pair)
    dialog.picks["age"].setCurrentIndex(dialog.picks["age"].findData(OTHER))
    assert dialog.table.item(row_of(dialog, "age"), 2).background() == CHOSEN
    dialog.picks["nihss_admission"].setCurrentIndex(
        dialog.picks["nihss_admission"].findData(KEPT))
    with qtbot.waitSignal(ctx.changed, timeout=5000) as told:
        dialog.merge_button.click()
    assert told.args == [Changes.of_cases([kept_id, other_id])]  # every screen refreshes
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.merge_id == 1
    survivor = get_case(ctx.registry, kept_id)
    assert survivor.values["age"] == 71 and survivor.values["nihss_admission"] is None
    assert survivor.identity["birth_date"] == date(1948, 5, 6) and len(survivor.contacts) == 1
    with pytest.raises(NotFound):
        get_case(ctx.registry, other_id)
    listing = MergesDialog(ctx)
    qtbot.addWidget(listing)
    assert listing.table.item(0, 1).text() == "D-1" and listing.table.item(0, 2).text() == "D-2"
    listing.table.selectRow(0)
    modals.then(type_reason("entered as one patient by mistake"))
    with qtbot.waitSignal(ctx.changed, timeout=5000) as told:
        listing.undo_button.click()
    assert told.args == [Changes.of_cases([kept_id, other_id])]
    wait_idle(qtbot, ctx)
    assert get_case(ctx.registry, other_id).values["age"] == 71
    assert get_case(ctx.registry, kept_id).values["age"] == 70
    assert listing.table.item(0, 5).text() != "" and not listing.undo_button.isEnabled()


def test_two_selected_cases_offer_a_merge_in_the_right_click_menu(window, qtbot, ctx, pair,
                                                                  monkeypatch):
    window.show()
    qtbot.waitExposed(window)
    window.refresh_all()
    view = window.case_list
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5000)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(2):
        view.table.selectionModel().select(view.model.index(row, 0), flags)
    assert sorted(view.selected_case_ids()) == sorted(pair)
    menu = view.pair_menu(*view.selected_case_ids())
    assert [a.text() for a in menu.actions()] == ["&Merge these two cases…"]
    opened = []
    monkeypatch.setattr(MergeDialog, "exec", lambda self: opened.append(self.ids))
    menu.actions()[0].trigger()
    assert opened == [tuple(view.selected_case_ids())]
    assert window.actions_by_name["merges"].text() == "&Merges…"


def test_the_duplicate_warning_saves_then_offers_the_merge(editors, qtbot, ctx, make_case,
                                                          modals):
    create_case(ctx.registry, make_case("E-1", identity={"mrn": "00123"}, age=50))
    editor = editors()
    editor.form.set_case(make_case("E-2", identity={"mrn": "123"}, age=51))
    editor.revalidate()
    closed = []
    editor.closed.connect(closed.append)
    modals.then(click("Save, then merge…"), click("Merge"))
    editor.save_button.click()
    qtbot.waitUntil(lambda: len(merges(ctx.registry)) == 1, timeout=10000)
    wait_idle(qtbot, ctx)
    [record] = merges(ctx.registry)
    assert (record.kept_number, record.merged_number) == ("E-1", "E-2")
    assert get_case(ctx.registry, find_case_id(ctx.registry, "E-1")).values["age"] == 50
    qtbot.waitUntil(lambda: bool(closed), timeout=5000)  # its case was merged away
