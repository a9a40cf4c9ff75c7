"""QI charts and sheets: funnel limits equal scipy's, run charts per measure, Trend and CUSUM sheets."""
import re

import numpy as np
import pytest
from scipy.stats import binom

from registry_app.services.reports.pdf.charts_qi import nice_ticks, run_chart
from registry_app.services.reports.funnel import control_limits
from registry_app.services.statistics.metrics import TREND_METRICS
from ..pdf_text import page_texts


@pytest.fixture(scope="module")
def pdf_text(shared_report_pdf):
    """The month's PDF text (the PDF written once for the run)."""
    return "\n".join(page_texts(shared_report_pdf))


@pytest.fixture
def book(shared_workbook):
    """The month's workbook, written and loaded once for the run (read only)."""
    return shared_workbook


def _scipy(n, p0, coverage):
    tail = (1 - coverage) / 2
    return binom.ppf(tail, n, p0) / n, binom.ppf(1 - tail, n, p0) / n


def test_funnel_limits_are_scipys_exact_binomial_quantiles(report_data):
    drawn = [f for f in report_data.funnels if f["points"]]
    assert drawn and {p["label"] for f in drawn for p in f["points"]} >= {"A", "B"}
    for funnel in drawn:
        for point in funnel["points"]:
            assert point["limits"]["95%"] == pytest.approx(
                _scipy(point["known"], funnel["target"], 0.95))
            assert point["limits"]["99.8%"] == pytest.approx(
                _scipy(point["known"], funnel["target"], 0.998))
        for n, low, high in funnel["curves"]["99.8%"][::7]:
            assert (low, high) == pytest.approx(_scipy(n, funnel["target"], 0.998))


def test_funnel_table_in_the_pdf_prints_the_limits_of_each_plotted_n(report_data, pdf_text):
    assert "Funnel plots: centre and operators" in pdf_text
    flat = re.sub(r"\s+", " ", pdf_text)
    for funnel in (f for f in report_data.funnels if f["points"]):
        for point in funnel["points"]:
            low, high = _scipy(point["known"], funnel["target"], 0.998)
            limits = f"{100 * low:.1f}–{100 * high:.1f}%"
            assert f"{point['events']}/{point['known']}" in flat and limits in flat


def test_funnel_points_are_operators_lettered_as_in_the_review_list(report_data):
    letters = {r["operator"] for r in report_data.review
               if r["operator"] and r["territory"] == "cerebral"}
    all_mt = [f for f in report_data.funnels if f["arm"] == "all_mt" and f["points"]]
    plotted = {p["label"] for f in all_mt for p in f["points"]} - {"Centre"}
    assert letters and letters <= plotted and all(re.fullmatch(r"[A-Z]+", x) for x in plotted)


def test_control_limits_are_binomial_quantiles_over_n():
    expected = (binom.ppf(0.025, 20, 0.1) / 20, binom.ppf(0.975, 20, 0.1) / 20)
    assert control_limits(20, 0.1, 0.95) == expected


def test_a_run_chart_per_measure_with_its_median(report_data, pdf_text):
    assert "One run chart per measure" in pdf_text
    for title in ("MT failure (median", "Symptomatic ICH (median", "90-day mortality (median"):
        assert title in pdf_text
    assert len(TREND_METRICS) == 5


def test_run_chart_marks_small_months_hollow_and_skips_months_not_yet_due():
    def entry(events, known, waiting=0):
        return {"events": events, "known": known, "rate": events / known if known else None,
                "not_yet_due": waiting}
    rows = [{"period": "2025-01", "cases": 30, "sich": entry(3, 30)},
            {"period": "2025-02", "cases": 4, "sich": entry(1, 4)},
            {"period": "2025-03", "cases": 9, "sich": entry(0, 0, 9)}]
    circles = [s for s in run_chart(rows, "sich", "sICH").contents if type(s).__name__ == "Circle"]
    assert len(circles) == 2  # the month not yet due has no point
    assert circles[0].fillColor != circles[1].fillColor  # 4 known: hollow (white)


def test_run_chart_axis_is_scaled_to_its_data():
    assert nice_ticks(0.02, 0.11)[-1] <= 0.15 and nice_ticks(0.8, 0.95)[0] >= 0.75
    assert nice_ticks(1.0, 1.0)[-1] == 1.0 and len(nice_ticks(0.0, 0.0)) == 2


def test_trend_sheet_has_a_row_per_month_with_events_known_rate_ci(book, report_data):
    sheet = book["Trend"]
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.max_row == 1 + len(report_data.trend) == 14
    col = {name: i for i, name in enumerate(header)}
    for row, expected in zip(sheet.iter_rows(min_row=2, values_only=True), report_data.trend):
        assert row[col["month"]] == expected["period"] and row[col["cases"]] == expected["cases"]
        for metric in TREND_METRICS:
            entry = expected[metric]
            assert row[col[f"{metric}_events"]] == entry["events"]
            assert row[col[f"{metric}_known"]] == entry["known"]
            assert row[col[f"{metric}_not_yet_due"]] == entry["not_yet_due"]
            rate = row[col[f"{metric}_rate"]]
            assert rate is None if entry["rate"] is None else rate == pytest.approx(entry["rate"])


def test_cusum_sheet_has_a_row_per_monitored_mature_case(book, report_data):
    sheet = book["CUSUM"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["measure", "arm", "reference", "reference_rate", "order"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    available = {m: e for m, e in report_data.cusum.items() if e.get("available")}
    assert available and len(rows) == sum(e["n"] for e in available.values())
    col = {name: i for i, name in enumerate(header)}
    for metric, entry in available.items():
        mine = [r for r in rows if r[col["measure"]] == metric]
        assert [r[col["cusum"]] for r in mine] == pytest.approx(list(entry["values"]))
        assert {r[col["threshold_h"]] for r in mine} == {entry["threshold"]}
        assert sum(r[col["adverse_outcome"]] == "yes" for r in mine) == sum(entry["outcomes"])
        assert sum(r[col["signal"]] == "SIGNAL" for r in mine) == len(entry["signals"])
        assert all(r[col["registry_id"]] for r in mine)
        last_mature = report_data.stats["maturity"]["mature_until"]
        if metric == "mortality_90d":
            assert max(r[col["procedure_date"]].date().isoformat() for r in mine) <= last_mature


def test_section_2_describes_the_tests_and_arms_are_named(pdf_text):
    flat = re.sub(r"\s+", " ", pdf_text)
    assert "Exact binomial test of the centre's count against each published rate" not in flat
    assert "one-sided exact binomial test" in flat and "Holm p" in flat
    assert "Fisher's exact test" in flat and "arm A" not in flat and "arm B" not in flat


def test_limit_curves_hold_every_small_n_every_plotted_n_and_end_at_the_largest():
    from registry_app.services.reports.funnel import DENSE_UP_TO, limit_curves
    curves = limit_curves(40_000, 0.12, (7, 333, 12_345, 40_000))
    ns = [n for n, _, _ in curves["95%"]]
    assert ns == sorted(set(ns)) and ns[-1] == 40_000 and len(ns) < 300
    assert set(range(1, DENSE_UP_TO + 1)) | {333, 12_345} <= set(ns)
    for n, low, high in curves["95%"]:
        assert (low, high) == _scipy(n, 0.12, 0.95)


@pytest.mark.parametrize("p0", [0.003, 0.02, 0.08, 0.15, 0.3, 0.5, 0.75, 0.92, 0.99])
def test_the_funnel_axis_from_the_thinned_curve_is_the_axis_from_every_n(p0):
    from registry_app.services.reports.funnel import limit_curves
    from registry_app.services.reports.pdf.charts_qi import _funnel_range
    n_max = 20_000
    points = [{"rate": p0, "known": n_max}]
    thin = {"target": p0, "points": points, "curves": limit_curves(n_max, p0, (n_max,))}
    ns = np.arange(1, n_max + 1)
    low, high = _scipy(ns, p0, 0.95)
    every = {"target": p0, "points": points, "curves": {"95%": list(zip(ns, low, high))}}
    assert _funnel_range(thin) == _funnel_range(every)
