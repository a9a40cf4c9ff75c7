"""The case list screen: debounced search, filters, remembered filters, live updates."""
from __future__ import annotations

import json
import os
import stat
from datetime import date

import pytest

from registry_app.gui.context import PREFS_FILE, GuiContext, make_prefs
from registry_app.gui.models.case_table_model import CaseIdRole
from registry_app.gui.models.columns import column_index
from registry_app.gui.views.case_filters import period_range
from registry_app.gui.views.case_list import PREFS_FILTERS, CaseListView
from registry_app.services.cases.editing import create_case
from registry_app.services.cases.queries import CaseFilter, case_ids, count_cases

from .conftest import DEMO_CASES, wait_list


@pytest.fixture
def view(demo_ctx, qtbot):
    made = CaseListView(demo_ctx)
    qtbot.addWidget(made)
    made.start()
    wait_list(qtbot, made)
    made.qtbot = qtbot
    return made


def choose(view, name: str, code: str) -> None:
    combo = view.filters.combos[name]
    combo.setCurrentIndex(combo.findData(code))
    wait_list(view.qtbot, view)


def test_list_opens_on_all_cases_newest_first(view):
    assert view.model.rowCount() == DEMO_CASES
    assert view.filters.count_label.text() == f"{DEMO_CASES:,} cases"
    dates = [view.model.index(r, column_index("procedure_date")).data() for r in range(50)]
    assert dates == sorted(dates, reverse=True)


def test_search_waits_for_the_typing_to_pause(view, qtbot):
    qtbot.keyClicks(view.filters.search, "DEMO-000123")
    assert view.model.rowCount() == DEMO_CASES  # not yet: debounced
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)
    assert view.model.index(0, 0).data() == "DEMO-000123"
    assert view.filters.count_label.text() == "1 case"


def test_filters_combine_in_sql(view, demo_ctx):
    choose(view, "rescue_stent", "yes")
    choose(view, "site", "M1")
    expected = count_cases(demo_ctx.registry, CaseFilter(rescue_stent=True,
                                                         occlusion_sites=("M1",)))
    assert 0 < view.model.rowCount() == expected
    view.filters.incomplete.setChecked(True)
    wait_list(view.qtbot, view)
    assert view.model.rowCount() == count_cases(demo_ctx.registry, CaseFilter(
        rescue_stent=True, occlusion_sites=("M1",), incomplete=True))
    view.filters.clear()
    wait_list(view.qtbot, view)
    assert view.model.rowCount() == DEMO_CASES


def test_followup_and_mt_filters(view, demo_ctx):
    choose(view, "followup", "overdue")
    overdue = count_cases(demo_ctx.registry, CaseFilter(followup_status="overdue"))
    assert view.model.rowCount() == overdue
    assert {view.model.index(r, column_index("followup_status")).data()
            for r in range(view.model.rowCount())} <= {"Overdue"}
    choose(view, "followup", "")
    choose(view, "mt_failed", "yes")
    assert view.model.rowCount() == count_cases(demo_ctx.registry, CaseFilter(mt_failed=True))


def test_period_presets():
    today = date(2025, 6, 30)
    assert period_range("this_month", today) == (date(2025, 6, 1), today)
    assert period_range("last_month", today) == (date(2025, 5, 1), date(2025, 5, 31))
    assert period_range("last_3_months", today) == (date(2025, 4, 1), today)
    assert period_range("last_12_months", date(2025, 1, 15)) == (date(2024, 2, 1),
                                                                 date(2025, 1, 15))
    assert period_range("last_year", today) == (date(2024, 1, 1), date(2024, 12, 31))
    assert period_range("", today) == (None, None)


def test_filters_and_sort_are_remembered(view, demo_ctx, qtbot, tmp_path):
    choose(view, "territory", "limb")
    view.filters.search.setText("DEMO-0009")
    view.filters.apply_now()
    view.table.sortByColumn(column_index("case_number"), view.table.horizontalHeader()
                            .sortIndicatorOrder().AscendingOrder)
    wait_list(qtbot, view)
    view.save_prefs()
    demo_ctx.prefs.sync()
    again_ctx = GuiContext(demo_ctx.registry, demo_ctx.tasks, make_prefs(tmp_path / "prefs"))
    again = CaseListView(again_ctx)
    qtbot.addWidget(again)
    again.start()
    wait_list(qtbot, again)
    assert again.filters.search.text() == ""  # the search text can be an MRN: never stored
    assert "DEMO-0009" not in (tmp_path / "prefs" / PREFS_FILE).read_text()
    assert again.filters.code("territory") == "limb"
    assert again.model.sort_key == "case_number" and not again.model.descending
    view.filters.search.setText("")
    view.filters.apply_now()
    wait_list(qtbot, view)
    assert again.model.ids == view.model.ids


def test_a_search_text_stored_by_an_older_version_is_not_restored(view, demo_ctx, qtbot):
    demo_ctx.prefs.setValue(PREFS_FILTERS, json.dumps({"text": "MRN12345678"}))
    view.restore_prefs()
    assert view.filters.search.text() == ""
    view.save_prefs()
    assert "MRN12345678" not in json.dumps(str(demo_ctx.prefs.value(PREFS_FILTERS)))


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX-only")
def test_the_preferences_file_is_owner_only(qapp, tmp_path):
    old_umask = os.umask(0o022)
    try:
        prefs = make_prefs(tmp_path / "fresh")
        prefs.setValue("window/tab", 2)
        prefs.sync()
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "fresh" / PREFS_FILE).stat().st_mode) == 0o600


def test_dashboard_cases_are_shown_with_a_banner(view, demo_ctx):
    ids = case_ids(demo_ctx.registry, CaseFilter(rescue_stent=True))[:7]
    choose(view, "territory", "coronary")  # lifted: the banner shows exactly the cases
    view.show()
    view.show_cases(ids, "Rescue stent, 2025")
    wait_list(view.qtbot, view)
    assert sorted(view.model.ids) == sorted(ids)
    assert view.banner.isVisible() and "7 cases behind: Rescue stent, 2025" in \
        view.banner_label.text()
    view.show_cases(None)
    wait_list(view.qtbot, view)
    assert view.model.rowCount() == DEMO_CASES and not view.banner.isVisible()


def test_new_and_changed_cases_appear_without_asking(view, demo_ctx, qtbot, make_case):
    view.select_case(view.model.id_at(10))
    kept = view.current_case_id()
    result = demo_ctx.apply(create_case, demo_ctx.registry, make_case("ZZ-NEW"))
    qtbot.waitUntil(lambda: view.model.rowCount() == DEMO_CASES + 1, timeout=2000)
    wait_list(qtbot, view)
    assert view.model.row_of(result.case_id) is not None
    assert view.current_case_id() == kept


def test_enter_on_a_row_asks_to_open_it(view, qtbot):
    from PySide6.QtCore import Qt
    view.table.setCurrentIndex(view.model.index(4, 0))
    with qtbot.waitSignal(view.open_case_requested) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [view.model.id_at(4)]


def test_a_case_past_the_first_page_stays_selected_after_a_reload(view, demo_ctx, qtbot):
    from registry_app.gui.models.case_table_model import PAGE
    far = view.model.id_at(PAGE + 300)
    assert view.select_case(far)
    view.reload_keeping_selection()  # first page first, then the rest of the ids
    wait_list(qtbot, view)
    assert view.model.complete and view.current_case_id() == far
    assert view.table.currentIndex().row() == PAGE + 300


def test_the_first_rows_are_the_newest_cases_and_the_count_is_exact(view, demo_ctx):
    newest = case_ids(demo_ctx.registry)[:20]
    assert [view.model.index(r, 0).data(CaseIdRole) for r in range(20)] == newest
    assert view.filters.count_label.text() == f"{DEMO_CASES:,} cases"


def test_the_first_page_shows_while_the_cases_are_counted(demo_ctx, qtbot, monkeypatch):
    import threading

    from registry_app.gui.models import case_table_model as ctm
    gate, real = threading.Event(), ctm.count_cases

    def held(*args, **kwargs):
        assert gate.wait(10), "the test never let the cases be counted"
        return real(*args, **kwargs)
    monkeypatch.setattr(ctm, "count_cases", held)
    made = CaseListView(demo_ctx)
    qtbot.addWidget(made)
    made.start()
    qtbot.waitUntil(lambda: made.model.rowCount() == ctm.PAGE, timeout=5000)
    assert made.filters.count_label.text() == f"More than {ctm.PAGE} cases (counting…)"
    assert made.model.index(0, 0).data(CaseIdRole) == case_ids(demo_ctx.registry)[0]
    gate.set()
    wait_list(qtbot, made)
    assert made.filters.count_label.text() == f"{DEMO_CASES:,} cases"
    assert made.model.rowCount() == DEMO_CASES == count_cases(demo_ctx.registry)
