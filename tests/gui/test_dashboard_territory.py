"""The dashboard's territory choice: absent for a cerebral-only registry; with limb and coronary
cases it shows their rates (n/N, CI), the territory's benchmarks and the trend, and clicks list cases."""
from datetime import date

import pytest
from PySide6.QtCore import Qt

from registry_app.services.changes import Changes
from registry_app.domain.case import Case
from registry_app.gui.views.dashboard.view import DashboardView
from registry_app.gui.views.dashboard.territory_rates import HEADERS
from registry_app.services.cases.editing import create_case
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.statistics import compute_stats
from registry_app.services.statistics.territory.engine import territory_case_ids


def shown(qtbot, view, action=None):
    with qtbot.waitSignal(view.stats_shown, timeout=20000):
        (action or view.refresh)()
    return view.stats


def choose_territory(qtbot, view, code):
    combo = view.filters.territory
    return shown(qtbot, view, lambda: combo.setCurrentIndex(combo.findData(code)))


def cell(view, key, header):
    model = view.territory_panel.model
    row = next(i for i, r in enumerate(model.rows) if r.rate["key"] == key)
    return model.index(row, HEADERS.index(header))


@pytest.fixture
def view(demo_ctx, qtbot):
    widget = DashboardView(demo_ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    return widget


def test_a_cerebral_only_registry_sees_no_territory_choice(ctx, make_case, qtbot):
    create_case(ctx.registry, make_case("C-1"))
    widget = DashboardView(ctx)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    stats = shown(qtbot, widget)
    assert widget.filters.territory.isHidden() and widget.filters.territory_label.isHidden()
    assert widget.filters.site.isVisible() and widget.filters.circulation.isVisible()
    assert stats["cases"] == 1 and "territory" not in stats
    assert widget.stack.currentWidget() is widget.tabs
    assert widget.shown_filter == CaseFilter()


def test_the_choice_appears_once_a_limb_case_exists(ctx, make_case, qtbot):
    create_case(ctx.registry, make_case("C-1"))
    widget = DashboardView(ctx)
    qtbot.addWidget(widget)
    assert widget.filters.territory.isHidden()
    create_case(ctx.registry, Case(values=dict(case_number="L-1", territory="limb",
                                               procedure_date=date(2025, 3, 1), flow_final="3")))
    ctx.broadcast(Changes.of_cases())
    shown(qtbot, widget)
    combo = widget.filters.territory
    assert not combo.isHidden()
    assert [combo.itemData(i) for i in range(combo.count())] == ["cerebral", "limb"]
    assert combo.itemText(1) == "Acute limb ischaemia (1)"


def test_limb_numbers_equal_the_service_and_show_n_over_N_and_ci(view, demo_ctx, qtbot):
    shown(qtbot, view)
    assert not view.filters.territory.isHidden()
    stats = choose_territory(qtbot, view, "limb")
    assert view.shown_filter == CaseFilter(territory="limb")
    ids = view.filters.benchmark_ids()
    assert set(ids) == {"stride", "prism2018", "indian_up2023"}
    assert stats == compute_stats(demo_ctx.registry, CaseFilter(territory="limb"), ids)
    assert view.stack.currentWidget() is view.territory_panel
    assert view.filters.site.isHidden() and view.filters.circulation.isHidden()
    for key, rate in stats["rates"].items():
        assert cell(view, key, "Events").data() == str(rate["events"])
        assert cell(view, key, "Known").data() == str(rate["known"])
        if rate["known"]:
            low, high = rate["ci95"]
            assert cell(view, key, "95% CI").data() == f"{100 * low:.1f}–{100 * high:.1f}%"
    tech = stats["rates"]["technical_success"]
    summary = view.summary.text()
    assert f"<b>{stats['cases']:,} acute limb ischaemia cases</b>" in summary
    assert f"{tech['events']}/{tech['known']} ({100 * tech['rate']:.1f}%, 95% CI" in summary
    assert "Rutherford ALI class" in view.territory_panel.text.toPlainText()


def test_limb_benchmarks_forest_and_verdicts(view, demo_ctx, qtbot):
    stats = choose_territory(qtbot, view, "limb")
    panel = view.territory_panel.benchmark_panel
    chart = panel.chart
    chart.render_to_image(1200, 600)
    centres = [m for m in chart.marks_of("point") if m.data["row_kind"] == "centre"]
    benchmarks = [m for m in chart.marks_of("point") if m.data["row_kind"] == "benchmark"]
    assert len(centres) == len(stats["comparisons"]) >= 3
    assert len(benchmarks) == sum(len(g["entries"]) for g in stats["comparisons"])
    text = panel.text.toPlainText()
    assert "the study counts: TIMI 2/3 flow after aspiration" in text
    assert "Not compared: Limb salvage at 1 year — the registry follows limb cases to 90 days" in text
    panel.measure.setCurrentIndex(panel.measure.findData("limb_salvage_30d:all"))
    assert [r.label.strip() for r in chart.rows] == [
        "Target limb salvage at 30 days", f"Centre (n = {stats['rates']['limb_salvage_30d']['n']})",
        "INDIAN UP 2023", "STRIDE"]


def test_clicking_a_count_lists_its_limb_cases(view, demo_ctx, qtbot):
    view.show()
    qtbot.waitExposed(view)
    stats = choose_territory(qtbot, view, "limb")
    table = view.territory_panel.table
    index = cell(view, "mt_failure", "Events")
    with qtbot.waitSignal(view.show_cases_requested, timeout=10000) as emitted:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         pos=table.visualRect(index).center())
    ids, title = emitted.args
    expected = territory_case_ids(demo_ctx.registry, CaseFilter(territory="limb"), "mt_failure")
    assert ids == expected and len(ids) == stats["rates"]["mt_failure"]["events"] > 0
    assert title.startswith("Thrombectomy failure (flow 0-1): events")


def test_coronary_trend_and_cto_comparison(view, demo_ctx, qtbot):
    stats = choose_territory(qtbot, view, "coronary")
    assert set(view.filters.benchmark_ids()) == {"progress_cto", "progress_cto_2012_2022"}
    assert {g["cohort"] for g in stats["comparisons"]} == {"cto"}
    trend = view.territory_panel.trend_panel
    labels = [trend.metric_picker.itemText(i) for i in range(trend.metric_picker.count())]
    assert labels == ["Cases only", "Technical success (stent, final TIMI 3)",
                      "Death, MI or repeat revascularisation by 30 days"]
    trend.chart.render_to_image(1000, 340)
    points = trend.chart.marks_of("point")
    assert len(points) == sum(1 for row in stats["trend"]["month"]
                              if row["technical_success"]["known"])
    with qtbot.waitSignal(view.show_cases_requested, timeout=10000) as emitted:
        trend.chart.mark_clicked.emit(("cases", stats["trend"]["month"][0]["period"]))
    assert len(emitted.args[0]) == stats["trend"]["month"][0]["cases"]


def test_territory_is_remembered_and_cerebral_comes_back(view, demo_ctx, qtbot):
    choose_territory(qtbot, view, "limb")
    again = DashboardView(demo_ctx)
    qtbot.addWidget(again)
    assert again.filters.territory_code() == "limb"
    assert set(again.filters.benchmark_ids()) == {"stride", "prism2018", "indian_up2023"}
    stats = choose_territory(qtbot, view, "cerebral")
    assert "territory" not in stats and view.stack.currentWidget() is view.tabs
    assert not view.filters.site.isHidden()
    assert all(b["territory"] == "cerebral" for b in stats["benchmarks"])


def test_the_territory_summary_states_its_as_of_date():
    from registry_app.gui.views.dashboard.territory_rates import territory_summary_html
    rate = {"label": "Technical success", "events": 1, "known": 2, "rate": 0.5,
            "ci95": [0.01, 0.99], "unknown": 0}
    stats = {"cases": 2, "territory_label": "Acute limb ischaemia", "as_of": "2026-12-06",
             "rates": {"technical_success": rate, "limb_salvage_30d": rate},
             "trend": {"metrics": ["technical_success", "limb_salvage_30d"]},
             "benchmarks": [], "warnings": []}
    assert "As of 2026-12-06" in territory_summary_html(stats, "all dates")
