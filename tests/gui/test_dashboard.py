"""The dashboard on the 1,000-case demo registry: numbers equal compute_stats, every count clicks
through to its cases, the pickers change the numbers, and the choices are remembered."""
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from registry_app.services.changes import Changes
from registry_app.domain.errors import RegistryError
from registry_app.gui.views.dashboard import view as dashboard_module
from registry_app.gui.views.dashboard.view import DashboardView, followup_ids
from registry_app.gui.views.dashboard.periods import default_key, period_bounds, period_keys, period_label
from registry_app.gui.views.dashboard.rates import HEADERS
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.registry import save_settings
from registry_app.services.statistics import compute_stats, metric_case_ids

TODAY = date(2025, 6, 30)


def shown(qtbot, view, action=None):
    """Run action (default: refresh) and wait for the new numbers."""
    with qtbot.waitSignal(view.stats_shown, timeout=20000):
        (action or view.refresh)()
    return view.stats


@pytest.fixture
def view(demo_ctx, qtbot):
    widget = DashboardView(demo_ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 660)
    widget.filters.benchmarks.set_chosen(["chen2019"])
    return widget


def cell(view, arm, metric, header):
    model = view.rates_model
    row = next(i for i, r in enumerate(model.rows) if r.arm == arm and r.metric == metric)
    return model.index(row, HEADERS.index(header))


def test_numbers_equal_compute_stats_for_the_same_filter(view, demo_ctx, qtbot):
    stats = shown(qtbot, view)
    expected = compute_stats(demo_ctx.registry, view.shown_filter, ["chen2019"])
    assert stats == expected
    assert view.shown_filter == CaseFilter()
    for arm in ("all_mt", "rescue_stent", "no_stent"):
        for metric in ("recanalization", "good_outcome_90d", "sich", "mortality_90d"):
            rate = expected["arms"][arm][metric]
            assert cell(view, arm, metric, "Events").data() == str(rate["events"])
            assert cell(view, arm, metric, "Known").data() == str(rate["known"])
            assert cell(view, arm, metric, "Unknown").data() == str(rate["unknown"])
            assert cell(view, arm, metric, "Rate").data() == f"{100 * rate['rate']:.1f}%"
            low, high = rate["ci95"]
            assert cell(view, arm, metric, "95% CI").data() == f"{100 * low:.1f}–{100 * high:.1f}%"
    assert f"{expected['cases']:,} cases" in view.summary.text()
    assert "Chen 2019" in view.summary.text()


def test_clicking_a_rate_cell_emits_the_cases_behind_it(view, demo_ctx, qtbot):
    view.show()
    qtbot.waitExposed(view)
    stats = shown(qtbot, view)
    index = cell(view, "rescue_stent", "sich", "Events")
    rect = view.rates_table.visualRect(index)
    with qtbot.waitSignal(view.show_cases_requested, timeout=10000) as emitted:
        qtbot.mouseClick(view.rates_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    ids, title = emitted.args
    expected = metric_case_ids(demo_ctx.registry, CaseFilter(), "rescue_stent", "sich", "events")
    assert ids == expected and len(ids) == stats["arms"]["rescue_stent"]["sich"]["events"] > 0
    assert title.startswith("Rescue stent after failed MT — symptomatic ICH: events")


def test_unknown_outcomes_click_through_too(view, demo_ctx, qtbot):
    stats = shown(qtbot, view)
    index = cell(view, "all_mt", "mortality_90d", "Unknown")
    assert view.rates_model.target(index)[2] == "unknown"
    with qtbot.waitSignal(view.show_cases_requested, timeout=10000) as emitted:
        view.rates_table.clicked.emit(index)
    assert len(emitted.args[0]) == stats["arms"]["all_mt"]["mortality_90d"]["unknown"] > 0
    empty = cell(view, "all_mt", "sich", "Unknown")          # 0 unknown: nothing to list
    assert stats["arms"]["all_mt"]["sich"]["unknown"] == 0 and view.rates_model.target(empty) is None


def test_changing_the_period_changes_the_numbers(view, demo_ctx, qtbot):
    everything = shown(qtbot, view)
    bar = view.filters
    with qtbot.waitSignal(view.stats_shown, timeout=20000):
        bar.kind.setCurrentIndex(bar.kind.findData("month"))
    assert bar.period.currentData() == "2025-05"           # the last month that has ended
    with qtbot.waitSignal(view.stats_shown, timeout=20000):
        bar.period.setCurrentIndex(bar.period.findData("2025-03"))
    march = CaseFilter(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    assert view.shown_filter == march
    assert view.stats == compute_stats(demo_ctx.registry, march, ["chen2019"])
    assert 0 < view.stats["cases"] < everything["cases"]
    assert "March 2025" in view.summary.text()


def test_custom_range_and_filters_reach_the_statistics(view, demo_ctx, qtbot):
    shown(qtbot, view)
    bar = view.filters
    with qtbot.waitSignal(view.stats_shown, timeout=20000):
        bar.kind.setCurrentIndex(bar.kind.findData("custom"))
    bar.date_from.setDate(QDate(2024, 7, 1))
    with qtbot.waitSignal(view.stats_shown, timeout=20000):
        bar.date_to.setDate(QDate(2024, 12, 31))
    with qtbot.waitSignal(view.stats_shown, timeout=20000):
        bar.circulation.setCurrentIndex(bar.circulation.findData("anterior"))
    expected = CaseFilter(date_from=date(2024, 7, 1), date_to=date(2024, 12, 31),
                          circulation="anterior")
    assert view.shown_filter == expected
    assert view.stats["cases"] == compute_stats(demo_ctx.registry, expected)["cases"]
    operator = bar.operator.itemData(1)
    with qtbot.waitSignal(view.stats_shown, timeout=20000):
        bar.operator.setCurrentIndex(1)
    assert view.shown_filter == replace(expected, operator=operator)


def test_forest_chart_shows_centre_and_benchmark_and_clicks_to_cases(view, demo_ctx, qtbot):
    stats = shown(qtbot, view)
    panel = view.benchmark_panel
    panel.metric_picker.setCurrentIndex(panel.metric_picker.findData("recanalization"))
    chart = panel.chart
    chart.render_to_image(1200, 420)
    keys = [m.key for m in chart.marks_of("point")]
    assert ("centre", "rescue_stent", "recanalization") in keys
    assert sum(1 for k in keys if k is None) == 2     # Chen 2019: rescue stent and no stent
    text = panel.text.toPlainText()
    verdict = stats["benchmark"]["by_arm"]["rescue_stent"]["recanalization"]
    assert f"Rescue stent after failed thrombectomy: {verdict['verdict']}" in text
    assert verdict["text"] in text
    with qtbot.waitSignal(view.show_cases_requested, timeout=10000) as emitted:
        chart.mark_clicked.emit(("centre", "rescue_stent", "recanalization"))
    assert len(emitted.args[0]) == stats["arms"]["rescue_stent"]["recanalization"]["events"]


def test_verdicts_name_definition_differences_in_words(view, qtbot):
    shown(qtbot, view)
    panel = view.benchmark_panel
    panel.metric_picker.setCurrentIndex(panel.metric_picker.findData("sich"))
    text = panel.text.toPlainText()
    assert "Chen 2019 does not report its definition of symptomatic intracranial haemorrhage" in text
    assert "Fisher's exact test, two-sided" in text  # Chen's arms are counts: two samples


def test_trend_bar_lists_the_cases_of_its_period(view, demo_ctx, qtbot):
    stats = shown(qtbot, view)
    trend = view.trend_panel
    trend.by.setCurrentIndex(trend.by.findData("quarter"))
    row = stats["trend"]["quarter"][-2]
    with qtbot.waitSignal(view.show_cases_requested, timeout=10000) as emitted:
        trend.chart.mark_clicked.emit(("cases", row["period"]))
    assert len(emitted.args[0]) == row["cases"] > 0
    assert emitted.args[1] == f"{row['period']} — all cases"


def test_cusum_charts_follow_the_benchmark(view, qtbot):
    stats = shown(qtbot, view)
    for metric, chart in view.cusum_panel.charts.items():
        item = stats["cusum"][metric]
        assert item["available"] and chart.values == item["values"]
        assert chart.threshold == item["threshold"]
        assert "Chen 2019" in view.cusum_panel.texts[metric].text()
    with qtbot.waitSignal(view.show_cases_requested) as emitted:
        view.cusum_panel.charts["sich"].mark_clicked.emit(("signal", 42))
    assert emitted.args == [[42], "CUSUM signal — symptomatic ICH"]


def test_without_benchmark_the_cusum_says_why(demo_ctx, qtbot):
    widget = DashboardView(demo_ctx)
    qtbot.addWidget(widget)
    assert widget.filters.benchmark_ids() == []
    shown(qtbot, widget)
    chart = widget.cusum_panel.charts["mortality_90d"]
    assert not chart.has_data() and "needs a published rate" in chart.empty_text
    assert "No benchmark is chosen" in widget.benchmark_panel.text.toPlainText()


def test_followup_bars_list_complete_and_missing_cases(view, demo_ctx, qtbot):
    stats = shown(qtbot, view)
    with qtbot.waitSignal(view.show_cases_requested, timeout=10000) as emitted:
        view.followup_panel.chart.mark_clicked.emit(("rescue_stent", "missing"))
    group = stats["followup"]["arms"]["rescue_stent"]
    assert len(emitted.args[0]) == group["missing"]
    recan = followup_ids(demo_ctx.registry, CaseFilter(), "recanalized", "complete")
    assert len(recan) == stats["followup"]["by_recanalization"]["recanalized"]["complete"]


def test_choices_are_remembered_and_the_default_benchmark_comes_from_settings(demo_ctx, qtbot):
    save_settings(demo_ctx.registry, replace(demo_ctx.registry.settings(),
                                             default_benchmark="luo2021"))
    demo_ctx.broadcast(Changes(settings=True))
    first = DashboardView(demo_ctx)
    qtbot.addWidget(first)
    assert first.filters.benchmark_ids() == ["luo2021"]
    first.filters.kind.setCurrentIndex(first.filters.kind.findData("quarter"))
    first.filters.benchmarks.set_chosen(["chen2019", "peng2020"])
    again = DashboardView(demo_ctx)
    qtbot.addWidget(again)
    assert again.filters.kind.currentData() == "quarter"
    assert again.filters.period.currentData() == first.filters.period.currentData() == "2025-Q1"
    assert again.filters.benchmark_ids() == ["chen2019", "peng2020"]


def test_a_failure_is_explained_not_shown_as_a_traceback(view, qtbot, modals, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RegistryError("The registry at x could not be opened: locked.")
    monkeypatch.setattr(dashboard_module, "compute_stats", broken)
    modals.then(lambda box: box.accept())
    view.refresh()
    qtbot.waitUntil(lambda: modals.pending == 0 and "could not be computed" in view.summary.text(),
                    timeout=10000)
    assert modals.seen == ["Cannot do that: The registry at x could not be opened: locked."]


def test_period_helpers():
    assert period_bounds("2025-02") == (date(2025, 2, 1), date(2025, 2, 28))
    assert period_bounds("2024-Q4") == (date(2024, 10, 1), date(2024, 12, 31))
    assert period_bounds("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    keys = period_keys("quarter", date(2024, 11, 3), date(2025, 6, 30))
    assert keys == ["2025-Q2", "2025-Q1", "2024-Q4"]
    assert default_key(keys, TODAY) == "2025-Q1" and default_key(["2025"], TODAY) == "2025"
    assert period_label("2025-03") == "March 2025" and period_label("2024-Q4") == "Q4 2024"


def test_benchmarks_added_later_are_offered_when_the_picker_opens(view, qtbot):
    from registry_app.services.benchmarks.library import get_benchmark, save_benchmark
    data = get_benchmark("chen2019").to_dict()
    data.update(id="our_audit", short_name="Our audit 2024")
    data.pop("source")
    save_benchmark(data)
    picker = view.filters.benchmarks
    labels = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert "Our audit 2024" not in labels
    picker.menu().aboutToShow.emit()
    labels = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert "Our audit 2024" in labels and picker.chosen() == ["chen2019"]


def test_an_empty_registry_shows_dashes_and_reasons_not_errors(ctx, qtbot):
    widget = DashboardView(ctx)
    qtbot.addWidget(widget)
    stats = shown(qtbot, widget)
    assert stats["cases"] == 0 and "0 cases" in widget.summary.text()
    assert cell(widget, "all_mt", "sich", "Rate").data() == "–"
    assert widget.rates_model.target(cell(widget, "all_mt", "sich", "Events")) is None
    for chart in (widget.benchmark_panel.chart, widget.trend_panel.chart,
                  widget.followup_panel.chart, *widget.cusum_panel.charts.values()):
        chart.render_to_image(800, 300)
        assert not chart.has_data() and chart.marks == []
    assert "no cases in this selection" in widget.summary.text()
