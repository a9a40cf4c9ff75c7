"""QPainter charts: geometry maps rates to pixels, every mark is drawn, clicks report their keys."""
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor

from registry_app.gui.charts import (CompletenessChart, CompletenessRow, CusumChart, ForestChart,
                                     ForestRow, TrendChart, TrendPoint, forest_layout)
from registry_app.gui.charts.scales import (LinearScale, ci_text, label_every, nice_ticks,
                                            pct_text, rate_axis_max)


def ink_pixels(image, step: int = 3) -> int:
    """Pixels that are not white (sampled every `step` pixels)."""
    white = QColor("white").rgb()
    return sum(1 for x in range(0, image.width(), step) for y in range(0, image.height(), step)
               if image.pixel(x, y) != white)


FOREST_ROWS = [
    ForestRow("Rescue stent after failed MT", "header"),
    ForestRow("Centre (n = 84)", "centre", 0.833, (0.739, 0.898), "70/84", key=("centre", "rs")),
    ForestRow("   Chen 2019", "benchmark", 0.889, (0.672, 0.969), "16/18", style=0),
    ForestRow("   Luo 2021", "benchmark", 0.80, None, "80.0% (counts not given)", style=1),
    ForestRow("Failed MT without rescue stent", "header"),
    ForestRow("Centre (n = 9)", "centre", 0.333, (0.121, 0.646), "3/9", small=True,
              key=("centre", "ns")),
    ForestRow("All thrombectomies", "header"),
    ForestRow("Centre (n = 0)", "centre", None, None, "no known outcome", key=("centre", "all")),
]


# Geometry ###################################################################

def test_linear_scale_maps_both_ends_and_inverts():
    scale = LinearScale(0.0, 0.5, 100.0, 600.0)
    assert scale(0.0) == 100 and scale(0.5) == 600 and scale(0.25) == 350
    assert scale.invert(350) == pytest.approx(0.25)
    assert scale.clamped(0.9) == 600            # values beyond the axis stay on the plot
    upward = LinearScale(0, 10, 300.0, 100.0)   # y axis: larger values higher up
    assert upward(10) == 100 and upward(0) == 300


@pytest.mark.parametrize("highest, top", [(0.05, 0.1), (0.13, 0.15), (0.58, 0.6), (0.33, 0.4),
                                          (0.85, 1.0), (0.97, 1.0), (0.0, 0.1)])
def test_rate_axis_ends_on_a_round_value_above_the_highest(highest, top):
    assert rate_axis_max(highest) == pytest.approx(top)
    assert rate_axis_max(highest) >= highest


def test_ticks_are_round_and_cover_the_range():
    assert nice_ticks(0, 0.6, 5) == [0, 0.2, 0.4, 0.6]
    assert nice_ticks(0, 48, 4) == [0, 20, 40]
    assert label_every(25, 700, 60) == 3 and label_every(6, 700, 60) == 1


def test_percent_texts():
    assert pct_text(0.3333) == "33.3%" and pct_text(None) == "–"
    assert ci_text((0.237, 0.446)) == "23.7–44.6%" and ci_text(None) == ""


def test_forest_layout_puts_rates_on_one_axis_and_rows_in_order():
    area = QRectF(0, 0, 900, 400)
    layout = forest_layout(area, FOREST_ROWS, label_w=200, detail_w=150, top=40, axis_h=40)
    assert layout.plot_left > layout.label_right and layout.plot_right < area.right() - 150
    assert layout.scale(0.0) == layout.plot_left and layout.scale.hi == 1.0   # 0.969 -> 100%
    centres = [layout.row_centre(i) for i in range(len(FOREST_ROWS))]
    assert centres == sorted(centres) and centres[-1] < layout.axis_y
    narrow = forest_layout(area, FOREST_ROWS, label_w=2000, detail_w=2000, top=40, axis_h=40)
    assert narrow.plot_right - narrow.plot_left > 0.25 * area.width()   # labels never eat the plot


# Forest #####################################################################

def test_forest_draws_one_marker_per_known_rate_and_whiskers_where_ci_known(qapp):
    chart = ForestChart()
    chart.set_rows(FOREST_ROWS)
    image = chart.render_to_image(900, 400)
    assert ink_pixels(image) > 2000
    assert len(chart.marks_of("point")) == 4          # the rate-less centre row has no marker
    assert len(chart.marks_of("whisker")) == 3        # Luo 2021 gave no counts: no CI
    centre = next(m for m in chart.marks_of("point") if m.key == ("centre", "rs"))
    assert centre.rect.center().x() == pytest.approx(chart.layout_used.scale(0.833), abs=1)
    small = next(m for m in chart.marks_of("point") if m.key == ("centre", "ns"))
    assert image.pixelColor(small.rect.center().toPoint()) == QColor("white")   # hollow marker
    filled = image.pixelColor(centre.rect.center().toPoint())
    assert filled != QColor("white")


def test_forest_legend_names_each_benchmark_once(qapp):
    chart = ForestChart()
    chart.set_rows(FOREST_ROWS + [ForestRow("   Chen 2019", "benchmark", 0.3, None, "", style=0)])
    labels = [item.label for item in chart.legend_items()]
    assert labels.count("Chen 2019") == 1 and "Luo 2021" in labels


def test_clicking_a_centre_marker_reports_its_key(qtbot):
    chart = ForestChart()
    qtbot.addWidget(chart)
    chart.set_rows(FOREST_ROWS)
    chart.resize(900, 400)
    chart.show()
    qtbot.waitExposed(chart)
    qtbot.waitUntil(lambda: len(chart.marks_of("point")) == 4)
    mark = next(m for m in chart.marks_of("point") if m.key == ("centre", "rs"))
    with qtbot.waitSignal(chart.mark_clicked) as signal:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=mark.rect.center().toPoint())
    assert signal.args == [("centre", "rs")]


def test_empty_chart_says_so_and_draws_no_marks(qapp):
    chart = ForestChart()
    chart.set_rows([ForestRow("All", "header")])
    image = chart.render_to_image(600, 300)
    assert chart.marks == [] and ink_pixels(image) > 50     # the 'no rates' text


# Trend ######################################################################

def test_trend_of_periods_without_cases_says_so_instead_of_an_empty_frame(qapp):
    chart = TrendChart()
    chart.set_data([TrendPoint(f"2025-{m:02d}", 0) for m in range(1, 13)], "Final TICI ≥ 2b")
    image = chart.render_to_image(600, 300)
    assert not chart.has_data() and chart.marks == []
    assert chart.empty_text == "No cases in this period."
    assert ink_pixels(image) < 400  # the sentence only: no axes, grid or tick labels
    chart.set_data(trend_points(), "Final TICI ≥ 2b")
    assert chart.has_data() and ink_pixels(chart.render_to_image(600, 300)) > 1000


def trend_points():
    points = [TrendPoint(f"2025-{m:02d}", 10 * m, 0.05 * m, (0.02 * m, 0.08 * m), m, 10 * m,
                         small=m < 3) for m in range(1, 10)]
    return points + [TrendPoint("2025-10", 0)]


def test_trend_draws_a_bar_per_period_and_a_point_per_known_rate(qapp):
    chart = TrendChart()
    chart.set_data(trend_points(), "Symptomatic ICH")
    image = chart.render_to_image(900, 340)
    assert ink_pixels(image) > 2000
    bars, points = chart.marks_of("bar"), chart.marks_of("point")
    assert len(bars) == 10 and len(points) == 9
    heights = [b.rect.height() for b in bars]
    assert heights[8] == max(heights) and heights[9] == 0          # 90 cases tallest, 0 flat
    assert heights[4] == pytest.approx(heights[8] * 50 / 90, rel=0.02)
    ys = [p.rect.center().y() for p in points]
    assert ys == sorted(ys, reverse=True)                           # rising rate goes up
    assert points[0].key == ("rate", "2025-01") and bars[9].key == ("cases", "2025-10")


def test_trend_without_a_metric_shows_counts_only(qapp):
    chart = TrendChart()
    chart.set_data(trend_points(), None)
    chart.render_to_image(700, 300)
    assert len(chart.marks_of("bar")) == 10 and chart.marks_of("point") == []


# CUSUM ######################################################################

def test_cusum_draws_path_threshold_and_each_signal(qapp):
    values = [0.0, 0.6, 1.2, 2.4, 3.6, 4.1, 3.9, 0.0, 0.5]
    chart = CusumChart()
    chart.set_data(values, 3.4, [4, 5, 6], case_ids=list(range(101, 110)))
    image = chart.render_to_image(800, 280)
    assert ink_pixels(image) > 1000
    signals = chart.marks_of("signal")
    assert [m.key for m in signals] == [("signal", 105), ("signal", 106), ("signal", 107)]
    threshold = chart.marks_of("threshold")[0].rect.center().y()
    assert all(m.rect.center().y() < threshold for m in signals)    # above the line
    assert len(chart.marks_of("line")) == 1


def test_cusum_without_data_shows_the_reason(qapp):
    chart = CusumChart()
    chart.clear("No benchmark reports an sICH rate.")
    chart.render_to_image(600, 240)
    assert chart.marks == [] and not chart.has_data()
    assert chart.empty_text == "No benchmark reports an sICH rate."


# Completeness ###############################################################

def test_completeness_bars_split_due_followups_into_complete_and_missing(qapp):
    chart = CompletenessChart()
    chart.set_rows([CompletenessRow("All", 100, 80, 5, {"lost": 20}, "all_mt"),
                    CompletenessRow("Rescue stent", 10, 10, 0, {}, "rescue_stent"),
                    CompletenessRow("No stent", 0, 0, 3, {}, "no_stent")])
    chart.render_to_image(800, 260)
    segments = {m.key: m.rect for m in chart.marks_of("segment")}
    assert set(segments) == {("all_mt", "complete"), ("all_mt", "missing"),
                             ("rescue_stent", "complete")}
    complete, missing = segments[("all_mt", "complete")], segments[("all_mt", "missing")]
    assert complete.width() / (complete.width() + missing.width()) == pytest.approx(0.8, abs=0.01)
    assert "80/100 complete (80.0%) · 20 missing (20 lost)" in chart.rows[0].summary()


@pytest.mark.parametrize("cls", [ForestChart, TrendChart, CusumChart, CompletenessChart])
def test_size_hints_fit_a_small_laptop_screen(qapp, cls):
    chart = cls()
    hint, minimum = chart.sizeHint(), chart.minimumSizeHint()
    assert 0 < minimum.width() <= hint.width() <= 1366
    assert 0 < minimum.height() <= hint.height() <= 768


def test_tooltip_point_lookup_uses_a_generous_hit_area(qapp):
    chart = ForestChart()
    chart.set_rows(FOREST_ROWS)
    chart.render_to_image(900, 400)
    mark = chart.marks_of("point")[0]
    near = mark.rect.center() + QPointF(mark.rect.width() / 2 + 1, 0)
    assert chart.mark_at(near) is mark
