"""The follow-up worklist driven through its real widgets: views, contact attempts, loss, opening."""
from datetime import date

import pytest
from PySide6.QtCore import QDateTime, Qt

from registry_app.services.changes import Changes
from registry_app.gui.views.worklist.view import WorklistView
from registry_app.gui.views.worklist.dialogs import ContactAttemptDialog, MarkLostDialog, OutcomeDialog
from registry_app.gui.views.worklist.model import CASE_ID_ROLE, PAGE, STATUS_COLUMN, status_text
from registry_app.services.cases import editing as cases, followup

from ..conftest import case_factory
from .conftest import registry_holding

PENDING = dict(mrs_90d=None, followup_date=None, followup_method=None)
TIMES = ("onset_time", "door_time", "imaging_time", "puncture_time", "first_pass_time",
         "reperfusion_time", "end_time", "discharge_date")


def add(registry, make_case, number, procedure, **values):
    case = make_case(number, **{**PENDING, "procedure_date": procedure, **values},
                     identity={"patient_name": f"Patient {number}", "mrn": f"M{number}",
                               "contact_phone": f"01632 {number}"})
    for key in TIMES:
        case.values[key] = None
    case.passes = [dict(p, pass_time=None) for p in case.passes]
    return cases.create_case(registry, case).case_id


WORKLIST_CASES = {  # key: (case number, procedure date, values)
    "overdue": ("C-OVER", date(2025, 1, 10), {}),   # window closed 04-24
    "in_window": ("C-WIN", date(2025, 4, 5), {}),   # due 07-04
    "later": ("C-LATER", date(2025, 6, 1), {}),
    "done": ("C-DONE", date(2025, 1, 12), {"mrs_90d": 1}),
}


def store_worklist_cases(registry) -> None:
    make_case = case_factory()
    for number, procedure, values in WORKLIST_CASES.values():
        add(registry, make_case, number, procedure, **values)


# A test using worklist_cases gets a copy of a registry holding them, stored once per run.
registry = registry_holding("gui-worklist-cases", store_worklist_cases, "worklist_cases")


@pytest.fixture
def worklist_cases(registry):
    """Today is 2025-06-30 (conftest); follow-up is due 90 ± 14 days after the procedure."""
    return {key: cases.find_case_id(registry, number)
            for key, (number, _, _) in WORKLIST_CASES.items()}


@pytest.fixture
def view(ctx, qtbot, worklist_cases):
    widget = WorklistView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.refresh()
    return widget


def row_texts(view, row):
    model = view.model
    return {model.headerData(c, Qt.Orientation.Horizontal): model.index(row, c).data()
            for c in range(model.columnCount())}


def wait_idle(qtbot, ctx):
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10000)


def test_todays_work_comes_in_window_first_then_overdue_with_its_window(view, worklist_cases):
    assert view.current_view() == "today" and view.model.rowCount() == 2
    assert row_texts(view, 0)["Status"] == "In window, 18 days left"
    second = row_texts(view, 1)
    assert second["Case number"] == "C-OVER" and second["Patient"] == "Patient C-OVER"
    assert second["Telephone"] == "01632 C-OVER"  # the number the coordinator calls
    assert second["Due"] == "2025-04-10" and second["Window"] == "2025-03-27 – 2025-04-24"
    assert second["Status"] == "Overdue by 67 days" and second["Attempts"] == "0"
    assert view.count_label.text() == "2 cases"


def test_the_worklist_order_and_sorting_by_a_clicked_column(ctx, qtbot, registry, make_case):
    """Windows ending soonest first, then overdue (longest waiting first), then lost; a click
    on a header sorts by that column, and the order stays across a refresh."""
    for number, day, extra in (("OVER-OLD", date(2025, 1, 5), {}),
                               ("WIN-LATE", date(2025, 4, 12), {}),
                               ("LOST", date(2025, 2, 1), {"lost_to_followup": "moved"}),
                               ("OVER-NEW", date(2025, 3, 10), {}),
                               ("WIN-SOON", date(2025, 3, 20), {})):
        add(registry, make_case, number, day, **extra)
    view = WorklistView(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    qtbot.waitExposed(view)
    def numbers():
        return [row_texts(view, r)["Case number"] for r in range(view.model.rowCount())]

    assert numbers() == ["WIN-SOON", "WIN-LATE", "OVER-OLD", "OVER-NEW", "LOST"]
    assert row_texts(view, 0)["Status"] == "In window, 2 days left"

    header = view.table.horizontalHeader()
    due = [view.model.headerData(c, Qt.Orientation.Horizontal)
           for c in range(view.model.columnCount())].index("Due")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=_section_centre(header, due))
    assert header.sortIndicatorSection() == due
    dues = [row_texts(view, r)["Due"] for r in range(5)]
    assert dues in (sorted(dues), sorted(dues, reverse=True))
    assert numbers()[0] in ("OVER-OLD", "WIN-LATE")
    by_number = ["LOST", "OVER-NEW", "OVER-OLD", "WIN-LATE", "WIN-SOON"]
    view.sort_by_column("Case number")
    assert numbers() == by_number
    view.refresh()
    assert numbers() == by_number


def _section_centre(header, section):
    from PySide6.QtCore import QPoint
    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2,
                  header.height() // 2)


def test_view_picker_shows_counts_and_switches_views(view, ctx, qtbot, worklist_cases):
    wait_idle(qtbot, ctx)
    texts = [view.view_picker.itemText(i) for i in range(view.view_picker.count())]
    assert "Due now (in window or overdue) (2)" in texts and "Not yet due (1)" in texts
    view.set_view("not_yet_due")
    assert row_texts(view, 0)["Case number"] == "C-LATER"
    assert row_texts(view, 0)["Status"] == "Window opens in 47 days"


def test_logging_an_attempt_updates_the_row_and_the_history(view, ctx, qtbot, worklist_cases):
    case_id = worklist_cases["overdue"]
    assert view.select_case(case_id)
    view.log_button.click()
    dialog = view.dialog
    assert isinstance(dialog, ContactAttemptDialog)
    assert dialog.when.dateTime() == QDateTime(2025, 6, 30, 14, 30, 0)  # the registry's clock
    dialog.when.setDateTime(QDateTime(2025, 6, 29, 10, 15, 0))
    dialog.reached_no.setChecked(True)
    dialog.note.setText("no answer, try the daughter")
    with qtbot.waitSignal(ctx.changed) as changed:
        dialog.buttons.accepted.emit()
    assert changed.args == [Changes.of_cases([case_id])]
    wait_idle(qtbot, ctx)
    assert view.dialog is None
    row = view.model.row_of(case_id)
    assert row_texts(view, row)["Attempts"] == "1"
    assert row_texts(view, row)["Last attempt"] == "2025-06-29 10:15, telephone, not reached"
    assert view.current_case_id() == case_id
    assert view.history.item(0).text() == ("2025-06-29 10:15 · Telephone · not reached —"
                                           " no answer, try the daughter")
    assert followup.contact_history(ctx.registry, case_id)[0]["note"] == "no answer, try the daughter"


def log_reached(view, qtbot, ctx, case_id, mrs=None, death=""):
    """Log a reached call through the contact dialog, noting what was learned on it."""
    view.select_case(case_id)
    view.log_button.click()
    dialog = view.dialog
    dialog.when.setDateTime(QDateTime(2025, 6, 29, 10, 15, 0))
    assert not dialog.learned_mrs.isEnabled()       # only a reached call tells anything
    dialog.reached_yes.setChecked(True)
    assert dialog.learned_mrs.isEnabled() and dialog.learned_death.isEnabled()
    if mrs is not None:
        dialog.learned_mrs.setCurrentIndex(dialog.learned_mrs.findData(mrs))
    dialog.learned_death.setText(death)
    dialog.buttons.accepted.emit()
    wait_idle(qtbot, ctx)
    return dialog


def test_a_reached_call_opens_the_outcome_prefilled_and_saves_only_on_confirm(
        view, ctx, qtbot, worklist_cases):
    case_id = worklist_cases["in_window"]
    contact = log_reached(view, qtbot, ctx, case_id, mrs=2)
    assert not contact.isVisible() and len(followup.contact_history(ctx.registry, case_id)) == 1
    outcome = view.dialog
    assert isinstance(outcome, OutcomeDialog) and outcome.isVisible()
    assert outcome.mrs.currentData() == 2
    assert outcome.day.date().toPython() == date(2025, 6, 29)      # the day of the call
    assert outcome.method.currentData() == "phone" and outcome.death_date.text() == ""
    assert cases.get_case(ctx.registry, case_id).values["mrs_90d"] is None  # not stored yet
    outcome.mrs.setCurrentIndex(outcome.mrs.findData(3))           # corrected before saving
    with qtbot.waitSignal(ctx.changed):
        outcome.buttons.accepted.emit()
    wait_idle(qtbot, ctx)
    assert view.dialog is None
    saved = cases.get_case(ctx.registry, case_id).values
    assert (saved["mrs_90d"], saved["followup_date"], saved["followup_method"]) == (
        3, date(2025, 6, 29), "phone")
    assert view.model.row_of(case_id) == -1                        # done: off today's list


def test_a_death_learned_on_the_call_prefills_mrs_6_and_the_date(view, ctx, qtbot, worklist_cases):
    case_id = worklist_cases["overdue"]
    log_reached(view, qtbot, ctx, case_id, death="2025-03-02")
    outcome = view.dialog
    assert outcome.mrs.currentData() == 6 and outcome.death_date.text() == "2025-03-02"
    outcome.buttons.accepted.emit()
    wait_idle(qtbot, ctx)
    saved = cases.get_case(ctx.registry, case_id).values
    assert saved["mrs_90d"] == 6 and saved["death_date"] == date(2025, 3, 2)


def test_cancelling_the_prefilled_outcome_stores_nothing_but_the_call(
        view, ctx, qtbot, worklist_cases):
    case_id = worklist_cases["in_window"]
    log_reached(view, qtbot, ctx, case_id, mrs=1)
    outcome = view.dialog
    outcome.reject()
    assert view.dialog is None
    assert cases.get_case(ctx.registry, case_id).values["mrs_90d"] is None
    assert followup.contact_history(ctx.registry, case_id)[0]["reached"] is True


def test_outcome_without_mrs_and_a_bad_death_date_are_explained(view, ctx, qtbot, worklist_cases):
    case_id = worklist_cases["in_window"]
    view.select_case(case_id)
    view.log_attempt()
    contact = view.dialog
    contact.reached_yes.setChecked(True)
    contact.learned_death.setText("2nd March")
    contact.buttons.accepted.emit()
    assert "Date of death: '2nd March' is not a date" in contact.error.text()
    assert followup.contact_history(ctx.registry, case_id) == []
    contact.learned_death.clear()
    contact.buttons.accepted.emit()
    wait_idle(qtbot, ctx)
    outcome = view.dialog                                          # reached, nothing learned
    assert isinstance(outcome, OutcomeDialog) and outcome.mrs.currentData() is None
    outcome.buttons.accepted.emit()
    assert "mRS at 90 days: choose the score" in outcome.error.text() and outcome.isVisible()
    outcome.reject()


def test_an_outcome_breaking_a_rule_is_saved_with_a_comment_as_an_open_query(
        view, ctx, qtbot, worklist_cases):
    from registry_app.services.cases.data_queries import list_queries
    from .conftest import ANSWERED, ModalAnswers, type_reason
    case_id = worklist_cases["overdue"]                            # operated 2025-01-10
    log_reached(view, qtbot, ctx, case_id, death="2025-03-02")     # died within 90 days
    outcome = view.dialog
    outcome.mrs.setCurrentIndex(outcome.mrs.findData(4))           # as the daughter said
    outcome.setProperty(ANSWERED, True)      # the test fills this dialog; answer those above it
    modals, asked = ModalAnswers(), []

    def cancel(widget) -> None:
        asked.append(widget.windowTitle())
        widget.reject()
    try:
        modals.then(cancel)
        outcome.buttons.accepted.emit()
        qtbot.waitUntil(lambda: asked != [] and ctx.tasks.pending == 0, timeout=5000)
        assert asked == ["Save with open queries?"]
        assert "correct the values or save them with a comment" in outcome.error.text()
        assert cases.get_case(ctx.registry, case_id).values["mrs_90d"] is None  # nothing stored
        modals.then(type_reason("as the daughter said; asked the ward"))
        outcome.buttons.accepted.emit()
        qtbot.waitUntil(lambda: view.dialog is None and ctx.tasks.pending == 0, timeout=5000)
    finally:
        modals.close()
    assert not modals.errors and not modals.unexpected and modals.pending == 0
    saved = cases.get_case(ctx.registry, case_id).values
    assert (saved["mrs_90d"], saved["death_date"]) == (4, date(2025, 3, 2))
    [query] = list_queries(ctx.registry, case_id)
    assert query.is_open and "as the daughter said" in query.comment


def test_a_call_not_reached_opens_no_outcome(view, ctx, qtbot, worklist_cases):
    view.select_case(worklist_cases["overdue"])
    view.log_attempt()
    view.dialog.reached_no.setChecked(True)
    view.dialog.buttons.accepted.emit()
    wait_idle(qtbot, ctx)
    assert view.dialog is None


def test_an_attempt_in_the_future_is_explained_in_the_dialog(view, ctx, qtbot, worklist_cases):
    view.select_case(worklist_cases["overdue"])
    view.log_attempt()
    dialog = view.dialog
    dialog.when.setDateTime(QDateTime(2025, 7, 3, 9, 0, 0))     # after 'today' (2025-06-30)
    dialog.buttons.accepted.emit()
    wait_idle(qtbot, ctx)
    assert dialog.isVisible() and view.dialog is dialog
    assert "Attempted at: is in the future" in dialog.error.text()
    assert dialog.buttons.isEnabled()
    assert followup.contact_history(ctx.registry, worklist_cases["overdue"]) == []
    dialog.reject()


def test_marking_lost_moves_the_case_to_the_lost_view(view, ctx, qtbot, worklist_cases):
    case_id = worklist_cases["overdue"]
    view.select_case(case_id)
    view.lost_button.click()
    dialog = view.dialog
    assert isinstance(dialog, MarkLostDialog)
    dialog.reason.setCurrentIndex(dialog.reason.findData("moved"))
    dialog.buttons.accepted.emit()
    wait_idle(qtbot, ctx)
    assert row_texts(view, view.model.row_of(case_id))["Status"].startswith("Lost")  # today: last
    view.set_view("due")
    assert view.model.row_of(case_id) == -1
    view.set_view("lost")
    assert row_texts(view, 0)["Status"] == "Lost: Moved away / transferred"
    assert view.unlost_button.isVisibleTo(view) and not view.lost_button.isEnabled()
    view.unlost_button.click()
    wait_idle(qtbot, ctx)
    assert view.model.rowCount() == 0
    assert case_id in followup.worklist_ids(ctx.registry, "overdue")


def test_double_click_and_button_ask_to_open_the_outcome_section(view, qtbot, worklist_cases):
    view.show()
    qtbot.waitExposed(view)
    case_id = worklist_cases["in_window"]
    row = view.model.row_of(case_id)
    view.table.selectRow(row)
    with qtbot.waitSignal(view.open_case_requested) as opened:
        view.open_button.click()
    assert opened.args == [case_id, "outcome"]
    rect = view.table.visualRect(view.model.index(row, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.open_case_requested) as opened:
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [case_id, "outcome"]


def test_a_change_elsewhere_refreshes_the_visible_list(view, ctx, qtbot, worklist_cases):
    view.show()
    qtbot.waitExposed(view)
    case = cases.get_case(ctx.registry, worklist_cases["in_window"])
    case.values["mrs_90d"] = 2
    ctx.apply(cases.update_case, ctx.registry, case)
    assert view.model.row_of(case.id) == -1 and view.model.rowCount() == 1


def test_search_narrows_the_list(view, worklist_cases):
    view.search.setText("C-WIN")
    view.search.returnPressed.emit()
    assert view.model.rowCount() == 1
    assert view.model.index(0, 0).data(CASE_ID_ROLE) == worklist_cases["in_window"]
    view.search.clear()
    assert view.model.rowCount() == 2


def test_long_lists_are_read_a_page_at_a_time(demo_ctx, qtbot, monkeypatch):
    widget = WorklistView(demo_ctx)
    qtbot.addWidget(widget)
    widget.set_view("lost")
    widget.refresh()
    total = widget.model.rowCount()
    assert total > PAGE // 4
    reads = []
    real = followup.worklist_rows
    monkeypatch.setattr("registry_app.gui.views.worklist.model.worklist_rows",
                        lambda reg, ids: reads.append(len(ids)) or real(reg, ids))
    widget.model.set_ids(widget.model.ids)
    for row in range(total):
        widget.model.index(row, STATUS_COLUMN).data()
    assert sum(reads) == total and max(reads) <= PAGE
    assert all(widget.model.index(r, STATUS_COLUMN).data().startswith("Lost: ") for r in range(total))


def test_status_words_for_each_status():
    base = dict(case_id=1, case_number="C", registry_id=None, territory="cerebral",
                procedure_date=date(2025, 1, 1), operator=None, mrn=None, patient_name=None,
                due=date(2025, 4, 1), opens=date(2025, 3, 18), closes=date(2025, 4, 15),
                attempts=0, last_attempt=None, last_method=None, last_reached=None,
                lost_reason=None)
    item = followup.WorklistItem(**base, status="in_window", days_from_due=13, days_overdue=0)
    assert status_text(item) == "In window, 1 day left"
    item = followup.WorklistItem(**base, status="overdue", days_from_due=15, days_overdue=1)
    assert status_text(item) == "Overdue by 1 day"
    lost = followup.WorklistItem(**{**base, "lost_reason": "refused"}, status="lost",
                                 days_from_due=15, days_overdue=1)
    assert status_text(lost) == "Lost: Declined"


def test_open_data_queries_show_on_the_worklist_until_resolved(ctx, qtbot, registry, make_case):
    from datetime import datetime
    from registry_app.services.cases.data_queries import list_queries, resolve_query
    case_id = add(registry, make_case, "C-Q", date(2025, 4, 5))  # in its window today
    case = cases.get_case(registry, case_id)
    case.values.update(door_time=datetime(2025, 4, 5, 10, 0), puncture_time=datetime(2025, 4, 5, 9, 0))
    cases.update_case(registry, case, query_comment="as on the paper form")
    widget = WorklistView(ctx)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    row = widget.model.row_of(case_id)
    assert row_texts(widget, row)["Queries"] == "1 open"
    [query] = list_queries(registry, case_id)
    ctx.broadcast(resolve_query(registry, query.id, "checked with the angio report"))
    qtbot.waitUntil(lambda: row_texts(widget, widget.model.row_of(case_id))["Queries"] == "",
                    timeout=5000)
