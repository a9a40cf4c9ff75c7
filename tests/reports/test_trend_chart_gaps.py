"""Trend charts: a month without a rate breaks the line instead of being bridged."""
from reportlab.graphics.shapes import Circle, PolyLine

from registry_app.services.reports.pdf.charts import TREND_METRICS, trend_chart


def _rows(rates: list[float | None]) -> list[dict]:
    months = [f"2025-{m:02d}" for m in range(1, len(rates) + 1)]
    return [{"period": month, "cases": 0 if rate is None else 10,
             **{metric: {"rate": rate} for metric in TREND_METRICS}}
            for month, rate in zip(months, rates)]


def _lines(drawing) -> list[tuple[float, float]]:
    """Each polyline's first and last x."""
    return [(shape.points[0], shape.points[-2]) for shape in drawing.contents
            if isinstance(shape, PolyLine)]


def test_no_line_crosses_a_month_without_cases():
    drawing = trend_chart(_rows([0.5, 0.6, None, 0.7, 0.8, None, 0.4]))
    dots = [shape for shape in drawing.contents if isinstance(shape, Circle)]
    assert len(dots) == 5 * len(TREND_METRICS)
    spans = sorted(set(_lines(drawing)))
    assert len(spans) == 2  # months 1-2 and 4-5; month 7 stands alone as a dot
    (a_start, a_end), (b_start, b_end) = spans
    assert a_end < b_start
    assert len(_lines(drawing)) == 2 * len(TREND_METRICS)


def test_months_with_rates_throughout_make_one_line_per_measure():
    drawing = trend_chart(_rows([0.5, 0.6, 0.7]))
    assert len(_lines(drawing)) == len(TREND_METRICS)
