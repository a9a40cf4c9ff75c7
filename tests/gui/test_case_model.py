"""The case list model: Qt's model contract, SQL sorting and filtering, lazy pages."""
from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from registry_app.domain import derived
from registry_app.gui.models import case_table_model as ctm
from registry_app.gui.models.case_table_model import (COUNTING, LAST_COUNT, PAGE, PAGE_ONLY,
                                                      CaseIdRole, CaseTableModel,
                                                      CompletenessRole)
from registry_app.gui.models.columns import COLUMNS, column_index
from registry_app.services.cases.editing import create_case, delete_case
from registry_app.services.cases.queries import CaseFilter, case_ids, count_cases, list_rows, load_cases

from .conftest import DEMO_CASES


@pytest.fixture
def model(demo_ctx):
    made = CaseTableModel(demo_ctx.registry, lambda: demo_ctx.settings)
    made.reload()
    return made


def column_values(model, key: str) -> list:
    column = column_index(key)
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_model_passes_qt_model_tester(model, qtmodeltester):
    assert model.rowCount() == DEMO_CASES
    qtmodeltester.check(model)


def test_empty_model_passes_qt_model_tester(ctx, qtmodeltester):
    empty = CaseTableModel(ctx.registry, lambda: ctx.settings)
    empty.reload()
    assert empty.rowCount() == 0
    qtmodeltester.check(empty)


def test_rows_are_fetched_lazily_one_page_at_a_time(model):
    assert model.fetches == 0
    assert model.index(PAGE + 5, 0).data()  # row in the second page
    assert model.fetches == 1
    model.index(PAGE + 6, 1).data()
    model.index(PAGE, 2).data()
    assert model.fetches == 1
    model.index(0, 0).data()
    assert model.fetches == 2


@pytest.mark.parametrize("key", ["case_number", "procedure_date", "completeness",
                                 "mrs_90d"])
def test_sorting_happens_in_sql_by_the_column(model, demo_ctx, key):
    column = column_index(key)
    model.sort(column, Qt.SortOrder.AscendingOrder)
    ids = model.ids
    stored = list_rows(demo_ctx.registry, ids, [key])
    values = [stored[i][key] for i in ids]
    known = [v for v in values if v is not None]
    assert known == sorted(known)
    assert all(v is None for v in values[len(known):])  # unknowns last
    model.sort(column, Qt.SortOrder.DescendingOrder)
    stored = list_rows(demo_ctx.registry, model.ids, [key])
    descending = [stored[i][key] for i in model.ids]
    known_desc = [v for v in descending if v is not None]
    assert known_desc == sorted(known, reverse=True)


def test_filters_are_applied_in_sql(model, demo_ctx):
    flt = CaseFilter(rescue_stent=True, date_from=date(2024, 7, 1))
    model.set_filter(flt)
    assert 0 < model.rowCount() == count_cases(demo_ctx.registry, flt) < DEMO_CASES
    assert set(column_values(model, "rescue_stent")) == {"Yes"}
    assert min(column_values(model, "procedure_date")) >= "2024-07-01"
    model.set_filter(CaseFilter(text="DEMO-00001"))
    assert sorted(column_values(model, "case_number")) == [f"DEMO-{n:06d}" for n in range(10, 20)]


def test_followup_column_uses_the_domain_rule(model, demo_ctx):
    cases = {c.id: c for c in load_cases(demo_ctx.registry)}
    column = column_index("followup_status")
    words = {"done": "Done", "deceased": "Deceased", "lost": "Lost", "in_window": "In window",
             "overdue": "Overdue", "not_yet_due": "Not yet due", "unknown": "–"}
    seen = set()
    for row in range(0, model.rowCount(), 7):
        case = cases[model.index(row, 0).data(CaseIdRole)]
        status = derived.followup_status(case, demo_ctx.today(), demo_ctx.settings)
        assert model.index(row, column).data() == words[status]
        seen.add(status)
    assert {"done", "not_yet_due"} <= seen


def test_completeness_role_gives_the_share(model):
    share = model.index(0, column_index("completeness")).data(CompletenessRole)
    assert 0 < share <= 1
    assert model.index(0, column_index("completeness")).data() == f"{round(share * 100)} %"


def test_refresh_ids_repaints_only_changed_rows(model, qtbot):
    model.index(3, 0).data()
    case_id = model.id_at(3)
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.refresh_ids([case_id])
    top, bottom = changed.args[0], changed.args[1]
    assert (top.row(), bottom.row(), bottom.column()) == (3, 3, len(COLUMNS) - 1)
    fetches = model.fetches
    model.index(3, 0).data()
    assert model.fetches == fetches + 1


def test_an_unreadable_page_shows_a_placeholder_and_is_logged(model, monkeypatch,
                                                               isolated_user_data):
    def broken(*args, **kwargs):
        raise RuntimeError("disk went away")
    monkeypatch.setattr(ctm, "list_rows", broken)
    assert model.index(0, 0).data() == "(could not be read)"
    log = (isolated_user_data / "logs" / "registry-app.log").read_text()
    assert "disk went away" in log


def test_header_names_every_column(model):
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers == [c.header for c in COLUMNS]
    assert model.headerData(0, Qt.Orientation.Vertical) is None


# The first page alone, then the rest #########################################

class Counted:
    """Wraps a model's query function: how often it ran and with which arguments."""

    def __init__(self, monkeypatch, name: str, gate=None) -> None:
        self.calls, self.real, self.gate = [], getattr(ctm, name), gate
        monkeypatch.setattr(ctm, name, self)

    def __call__(self, *args, **kwargs):
        self.calls.append(args)
        if self.gate is not None:
            assert self.gate.wait(10), "the test never let the query finish"
        return self.real(*args, **kwargs)


def test_the_first_page_is_read_alone_in_display_order(demo_ctx, monkeypatch):
    pages, rest = Counted(monkeypatch, "first_ids"), Counted(monkeypatch, "case_ids")
    made = CaseTableModel(demo_ctx.registry, lambda: demo_ctx.settings)
    made.reload()
    everything = case_ids(demo_ctx.registry)  # the service's own order, read in one go
    assert (len(pages.calls), len(rest.calls)) == (1, 0)
    assert made.rowCount() == DEMO_CASES and not made.complete
    assert [made.id_at(row) for row in range(PAGE)] == everything[:PAGE]
    dates = [made.index(row, column_index("procedure_date")).data() for row in range(PAGE)]
    assert dates == sorted(dates, reverse=True) and len(rest.calls) == 0
    assert made.index(PAGE + 5, 0).data(CaseIdRole) == everything[PAGE + 5]  # past page one
    assert len(rest.calls) == 1 and made.complete and made.ids == everything


def test_sorting_reads_one_page_and_keeps_the_count(model, demo_ctx, monkeypatch):
    pages = Counted(monkeypatch, "first_ids")
    model.sort(column_index("case_number"), Qt.SortOrder.AscendingOrder)
    assert pages.calls[-1][-1] == DEMO_CASES  # the known count: not counted again
    first = [model.index(row, 0).data() for row in range(PAGE)]
    assert first == sorted(first) and model.rowCount() == DEMO_CASES
    model.set_filter(CaseFilter(rescue_stent=True))
    assert pages.calls[-1][-1] is None  # another filter: counted
    assert model.rowCount() == count_cases(demo_ctx.registry, CaseFilter(rescue_stent=True))


def test_a_short_list_is_complete_at_once(model, monkeypatch):
    rest = Counted(monkeypatch, "case_ids")
    model.set_filter(CaseFilter(text="DEMO-00001"))
    assert model.rowCount() == 10 and model.complete and not model.loading
    assert sorted(column_values(model, "case_number")) == [f"DEMO-{n:06d}" for n in range(10, 20)]
    assert rest.calls == []  # the page held them all: nothing more to read


def test_cases_added_between_the_pages_reset_the_list(model, demo_ctx, make_case, qtbot):
    create_case(demo_ctx.registry, make_case("LATE-1"))
    with qtbot.waitSignal(model.modelReset):
        assert model.index(PAGE + 1, 0).data()  # the rest of the ids: one more than counted
    assert model.rowCount() == DEMO_CASES + 1 and model.complete


@pytest.fixture
def background(demo_ctx):
    made = CaseTableModel(demo_ctx.registry, lambda: demo_ctx.settings, background=True)
    yield made
    made.shutdown()


def test_on_the_reader_thread_the_page_shows_before_the_count(background, demo_ctx,
                                                              monkeypatch, qtbot):
    counting, reading = threading.Event(), threading.Event()
    Counted(monkeypatch, "count_cases", counting)
    Counted(monkeypatch, "case_ids", reading)
    with qtbot.waitSignal(background.reloaded) as shown:
        background.reload()
    assert shown.args == [COUNTING] and background.counting == PAGE_ONLY and background.loading
    everything = case_ids(demo_ctx.registry)
    assert background.rowCount() == PAGE and not background.complete
    assert [background.id_at(row) for row in range(PAGE)] == everything[:PAGE]
    assert background.index(PAGE - 1, 0).data().startswith("DEMO-")
    with qtbot.waitSignal(background.counted) as counted, \
            qtbot.waitSignal(background.rowsInserted) as added:
        counting.set()
    assert counted.args == [DEMO_CASES] == [count_cases(demo_ctx.registry)]
    assert (added.args[1], added.args[2]) == (PAGE, DEMO_CASES - 1)
    assert background.rowCount() == DEMO_CASES and background.counting is None
    assert background.index(PAGE + 5, 0).data() == "Loading…"  # its id is still being read
    with qtbot.waitSignal(background.completed), qtbot.waitSignal(background.dataChanged) as got:
        reading.set()
    assert (got.args[0].row(), got.args[1].row()) == (PAGE, DEMO_CASES - 1)
    assert background.index(PAGE + 5, 0).data(CaseIdRole) == everything[PAGE + 5]
    assert not background.loading and background.complete


def test_a_reload_of_the_same_list_keeps_its_last_count_until_counted_again(
        background, demo_ctx, monkeypatch, qtbot):
    with qtbot.waitSignal(background.completed):
        background.reload()
    oldest = case_ids(demo_ctx.registry)[-1]
    delete_case(demo_ctx.registry, oldest, "entered twice")
    gate = threading.Event()
    Counted(monkeypatch, "count_cases", gate)
    with qtbot.waitSignal(background.reloaded) as shown:
        background.reload(keep_rows=True)
    assert shown.args == [COUNTING] and background.counting == LAST_COUNT
    assert background.rowCount() == DEMO_CASES  # the last count, being counted again
    assert background.index(PAGE + 5, 0).data() == "Loading…"
    with qtbot.waitSignal(background.counted) as counted, \
            qtbot.waitSignal(background.rowsRemoved) as removed:
        gate.set()
    assert counted.args == [DEMO_CASES - 1] and background.rowCount() == DEMO_CASES - 1
    assert (removed.args[1], removed.args[2]) == (DEMO_CASES - 1, DEMO_CASES - 1)
    qtbot.waitUntil(lambda: not background.loading)
    assert background.ids == case_ids(demo_ctx.registry) and oldest not in background.ids


def test_the_count_of_a_list_still_counting_is_counted_when_asked(background, monkeypatch,
                                                                  qtbot):
    gate = threading.Event()
    Counted(monkeypatch, "count_cases", gate)
    with qtbot.waitSignal(background.reloaded):
        background.reload()
    assert background.rowCount() == PAGE and background.case_count() == DEMO_CASES
    with qtbot.waitSignal(background.completed):
        gate.set()
    assert background.case_count() == DEMO_CASES


def test_scrolling_to_the_end_shows_the_last_cases(background, demo_ctx, qtbot):
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(background)
    view.resize(900, 400)
    view.show()
    with qtbot.waitSignal(background.completed):
        background.reload()
    fetched = background.fetches
    view.scrollToBottom()
    qtbot.waitUntil(lambda: background.fetches > fetched)  # painting read the last page
    last = view.rowAt(view.viewport().height() - 2)
    assert last == DEMO_CASES - 1
    oldest = case_ids(demo_ctx.registry)[-1]
    stored = list_rows(demo_ctx.registry, [oldest], ["case_number"])[oldest]
    assert background.index(last, 0).data() == stored["case_number"]


def _reads(monkeypatch) -> list[list[int]]:
    """The ids of every row read the model asks for."""
    asked: list[list[int]] = []
    real = ctm.list_rows

    def recording(registry, ids, *args, **kwargs):
        asked.append(list(ids))
        return real(registry, ids, *args, **kwargs)
    monkeypatch.setattr(ctm, "list_rows", recording)
    return asked


def test_after_a_save_only_the_saved_case_is_read_again(model, demo_ctx, monkeypatch):
    from registry_app.services.cases.editing import get_case, save_case
    [model.index(row, 0).data() for row in range(10)]
    asked = _reads(monkeypatch)
    case_id = model.id_at(3)
    case = get_case(demo_ctx.registry, case_id)
    case.values["operator"] = "ZQ"
    save_case(demo_ctx.registry, case)
    model.refresh_ids([case_id])
    shown = [model.index(row, column_index("operator")).data() for row in range(10)]
    assert asked == [[case_id]]
    assert shown[3] == "ZQ"
    model.reload(keep_rows=True)  # the list reads its ids again: same cases, rows kept
    [model.index(row, 0).data() for row in range(10)]
    assert asked == [[case_id]]
    model.reload()  # an unknown change: every row is read again
    model.index(0, 0).data()
    assert len(asked) == 2 and len(asked[1]) == PAGE
