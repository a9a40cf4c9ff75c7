"""PDF section 4: run charts per measure and funnel plots of the centre and its operators."""
from __future__ import annotations

from reportlab.platypus import CondPageBreak, KeepTogether, Spacer, Table, TableStyle

from registry_app.stats import SMALL_N
from .charts import SHORT_ARMS, capital, month_label, pct_text
from .charts_qi import RUN_MIN, funnel_chart, funnel_legend, run_chart, run_legend, run_median, run_points
from ..data import ReportData
from .cells import table
from .text import para
from ...statistics.metrics import TREND_METRICS
from ...statistics.sections import METRIC_LABELS

TREND_LABELS = {"mt_failure": "MT failure", **METRIC_LABELS}


def _grid(drawings: list):
    """Charts two to a row (nothing to draw: a small space)."""
    if not drawings:
        return Spacer(1, 2)
    rows = [drawings[i:i + 2] + [""] * (2 - len(drawings[i:i + 2]))
            for i in range(0, len(drawings), 2)]
    grid = Table(rows, colWidths=[242, 242], hAlign="LEFT")
    grid.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return grid


def _run_title(rows: list[dict], metric: str) -> str:
    centre = run_median(rows, metric)
    median = f" (median {pct_text(centre)})" if centre is not None else ""
    return f"{capital(TREND_LABELS.get(metric, metric))}{median}"


def trend(data: ReportData) -> list:
    rows = data.trend
    first, last = rows[0]["period"], rows[-1]["period"]
    text = (f"One run chart per measure, {month_label(first)} to {month_label(last)}, each on an"
            f" axis scaled to its own data, with the median of the months as the centre line."
            f" Hollow points: fewer than {RUN_MIN} known outcomes that month (fewer than"
            f" {SMALL_N} is imprecise); read the run, not single months. Cases whose 90-day"
            " outcome is not yet due are left out of every point; a month with none due has no"
            " point.")
    drawn = [m for m in TREND_METRICS if run_points(rows, m)]
    charts = [run_chart(rows, m, _run_title(rows, m)) for m in drawn]
    undrawn = [capital(TREND_LABELS.get(m, m)) for m in TREND_METRICS if m not in drawn]
    missing = ([para("No run chart: no month from " f"{month_label(first)} to {month_label(last)}"
                     " has a case with a known outcome.", "body")] if not drawn else
               [para("Not drawn, no month with a known outcome yet: " + ", ".join(undrawn)
                     + ".", "small")] if undrawn else [])
    head = [para("4. Trend over 12 months", "h1"), para(text, "small")]
    story = [KeepTogether(head + ([run_legend(), _grid(charts[:2])] if drawn else missing))]
    story += [_grid(charts[i:i + 2]) for i in range(2, len(charts), 2)]
    story += missing if drawn else []
    return story + cases_per_month(rows) + funnels(data)


def cases_per_month(rows: list[dict]) -> list:
    cells = [[month_label(r["period"]) for r in rows], [r["cases"] for r in rows]]
    width = 484 / (len(rows) + 1)
    grid = Table([["Month"] + cells[0], ["Cases"] + cells[1]], colWidths=[width] * (len(rows) + 1),
                 hAlign="LEFT")
    grid.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 6.5),
                              ("FONTNAME", (0, 0), (-1, -1), "RegistryVera")]))
    return [Spacer(1, 4), KeepTogether([para("Cases per month", "h2"), grid])]


def _funnel_title(entry: dict) -> str:
    arm = {"all_mt": "all MT"}.get(entry["arm"], SHORT_ARMS[entry["arm"]].lower())
    return f"{capital(METRIC_LABELS[entry['metric']])}, {arm}"


def _limits(point: dict, name: str) -> str:
    low, high = point["limits"][name]
    return f"{100 * low:.1f}–{100 * high:.1f}%"


def funnel_rows(entry: dict) -> list[list]:
    return [[_funnel_title(entry), p["label"], f"{p['events']}/{p['known']}", pct_text(p["rate"]),
             _limits(p, "95%"), _limits(p, "99.8%"), p["position"]] for p in entry["points"]]


def funnels(data: ReportData) -> list:
    if not data.funnels:
        return []
    who = "by name" if data.operator_names else "a letter, as in the review list"
    text = (f"The 12 months {data.rolling_from:%Y-%m} to {data.month}: each point is the centre or"
            f" one operator ({who}) at its number of cases with known"
            " outcome; 90-day outcomes count only mature cases. The limits are exact binomial"
            " quantiles of the target (scipy binom.ppf, 95% dashed, 99.8% solid): a point outside"
            " 99.8% is unlikely to be chance. The target is the benchmark or threshold of that arm,"
            " or else the centre's own 12-month rate (then the centre itself is not plotted).")
    drawn = [f for f in data.funnels if f["points"]]
    skipped = [f"{_funnel_title(f)}: {f['reason']}." for f in data.funnels if not f["points"]]
    if not drawn:  # nothing to plot: say why, without the text on reading the limits
        return [KeepTogether([para("Funnel plots: centre and operators", "h2"),
                              para("No funnel plot: " + " ".join(skipped), "body")])]
    charts = [funnel_chart(f, _funnel_title(f), f"Target: {f['target_label']}"
                                                f" {pct_text(f['target'])}") for f in drawn]
    legend = [funnel_legend()] if charts else []
    story = [CondPageBreak(300), KeepTogether([para("Funnel plots: centre and operators", "h2"),
                                               para(text, "small"), *legend, _grid(charts[:2])])]
    story += [_grid(charts[i:i + 2]) for i in range(2, len(charts), 2)]
    story += [para("Not drawn: " + " ".join(skipped), "small")] if skipped else []
    rows = [row for f in drawn for row in funnel_rows(f)]
    if rows:
        story += [Spacer(1, 4), table(("Funnel", "Point", "Events/known", "Rate",
                                       "95% limits", "99.8% limits", "Position"), rows,
                                      (2.6, 0.7, 1.3, 0.8, 1.3, 1.4, 1.0))]
    return story
