"""Vector charts of the monthly report (reportlab.graphics): forest, trend, CUSUM, follow-up."""
from __future__ import annotations

import os
from typing import Sequence

import reportlab
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ...statistics.metrics import ARM_NAMES, OUTCOME_METRICS
from ...statistics.sections import METRIC_LABELS
from ..wording import capital, pct_text  # noqa: F401  (also read from here by the PDF parts)

FONT, BOLD = "RegistryVera", "RegistryVera-Bold"
INK, GRID = colors.HexColor("#222222"), colors.HexColor("#D0D0D0")
MUTED = colors.HexColor("#6B6B6B")
CENTRE = colors.HexColor("#0072B2")
PALETTE = [colors.HexColor(c) for c in ("#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                                       "#000000")]
"""Okabe-Ito colours (readable with colour-blindness); benchmarks and trend lines use them."""
SHORT_ARMS = {"rescue_stent": "Rescue stent", "no_stent": "No stent",
              "stent_not_recorded": "Stent not recorded", "failed_mt": "All failed MT",
              "all_mt": "All MT"}
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def register_fonts() -> tuple[str, str]:
    """Bitstream Vera (shipped with reportlab; has ≥, ± and dashes) as the report font."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
        pdfmetrics.registerFont(TTFont(FONT, os.path.join(folder, "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, os.path.join(folder, "VeraBd.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    return FONT, BOLD


def _text(d: Drawing, x: float, y: float, text: str, size: float = 7, anchor: str = "start",
          bold: bool = False, color=INK) -> None:
    d.add(String(x, y, text, fontName=BOLD if bold else FONT, fontSize=size,
                 textAnchor=anchor, fillColor=color))


def _hline(d: Drawing, x1: float, x2: float, y: float, color=GRID, width: float = 0.5,
           dash=None) -> None:
    d.add(Line(x1, y, x2, y, strokeColor=color, strokeWidth=width, strokeDashArray=dash))


def _vline(d: Drawing, x: float, y1: float, y2: float, color=GRID, width: float = 0.5) -> None:
    d.add(Line(x, y1, x, y2, strokeColor=color, strokeWidth=width))


# Forest plot #################################################################

ROW, LABEL_W, RIGHT_W = 14, 150, 88


def _diamond(d: Drawing, x: float, y: float, color, size: float = 3.6) -> None:
    d.add(Polygon([x - size, y, x, y + size, x + size, y, x, y - size], fillColor=color,
                  strokeColor=colors.white, strokeWidth=0.4))


def _forest_row(d: Drawing, y: float, entry: dict, marks: list, plot: tuple[float, float]) -> None:
    x0, w = plot
    for color, rate in marks:
        _diamond(d, x0 + rate * w, y, color)
    ci = entry.get("ci95")
    if ci:
        d.add(Line(x0 + ci[0] * w, y, x0 + ci[1] * w, y, strokeColor=CENTRE, strokeWidth=1.2))
    if entry.get("rate") is not None:
        d.add(Rect(x0 + entry["rate"] * w - 2.6, y - 2.6, 5.2, 5.2, fillColor=CENTRE,
                   strokeColor=colors.white, strokeWidth=0.4))
    label = (f"{pct_text(entry['rate'])} ({entry['events']}/{entry['known']})"
             if entry.get("rate") is not None else "no known outcome")
    _text(d, x0 + w + 8, y - 2.5, label)


def _benchmark_marks(benchmarks: list[dict], arm: str, metric: str) -> list:
    marks = []
    for index, section in enumerate(benchmarks):
        entry = section["by_arm"].get(arm, {}).get(metric)
        if entry is not None:
            marks.append((PALETTE[index % len(PALETTE)], entry["benchmark_rate"]))
    return marks


def _forest_axis(d: Drawing, plot: tuple[float, float], top: float, bottom: float) -> None:
    x0, w = plot
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        _vline(d, x0 + tick * w, bottom, top)
        _text(d, x0 + tick * w, bottom - 10, f"{int(tick * 100)}%", anchor="middle")


def _legend(d: Drawing, y: float, items: list[tuple], width: float) -> None:
    """Legend items (kind, colour, label) laid out left to right, wrapping when needed."""
    x = 0.0
    for kind, color, label in items:
        span = 16 + pdfmetrics.stringWidth(label, FONT, 7) + 14
        if x + span > width and x > 0:
            x, y = 0.0, y - 11
        if kind == "square":
            d.add(Rect(x + 2, y - 1, 5, 5, fillColor=color, strokeColor=None))
        elif kind == "diamond":
            _diamond(d, x + 4.5, y + 1.5, color)
        else:
            d.add(Line(x, y + 1.5, x + 10, y + 1.5, strokeColor=color, strokeWidth=1.6,
                       strokeDashArray=(3, 2) if kind == "dash" else None))
        _text(d, x + 14, y - 1, label)
        x += span


def forest_chart(arms: dict, benchmarks: list[dict], width: float = 480) -> Drawing:
    """Per-arm outcome rates (square, 95% CI line) with benchmark rates (diamonds)."""
    register_fonts()
    rows = len(OUTCOME_METRICS) * (len(ARM_NAMES) + 1)
    legend_lines = 1 + len(benchmarks) // 3
    height = rows * ROW + 34 + 11 * legend_lines
    d = Drawing(width, height)
    plot = (LABEL_W, width - LABEL_W - RIGHT_W)
    top = height - 4
    y = top - ROW / 2
    for metric in OUTCOME_METRICS:
        _text(d, 0, y - 2.5, capital(METRIC_LABELS[metric]), bold=True)
        y -= ROW
        for arm in ARM_NAMES:
            entry = arms[arm][metric]
            _text(d, 8, y - 2.5, f"{SHORT_ARMS[arm]} (n = {arms[arm]['n']})")
            _forest_row(d, y, entry, _benchmark_marks(benchmarks, arm, metric), plot)
            y -= ROW
    _forest_axis(d, plot, top, y + ROW / 2)
    items = [("square", CENTRE, "Centre rate with 95% CI")]
    items += [("diamond", PALETTE[i % len(PALETTE)], s["label"]) for i, s in enumerate(benchmarks)]
    _legend(d, y - 14, items, width)
    return d


# Trend #######################################################################

TREND_METRICS = OUTCOME_METRICS


def month_label(period: str) -> str:
    """'2025-11' -> 'Nov 25'."""
    year, month = period.split("-")
    return f"{MONTHS[int(month) - 1]} {year[2:]}"


def _xs(n: int, x0: float, w: float) -> list[float]:
    step = w / max(n, 1)
    return [x0 + step * (i + 0.5) for i in range(n)]


def _y_grid(d: Drawing, x0: float, w: float, y0: float, h: float, ticks: Sequence[float],
            top: float, fmt) -> None:
    for tick in ticks:
        y = y0 + h * tick / top
        _hline(d, x0, x0 + w, y)
        _text(d, x0 - 4, y - 2.5, fmt(tick), anchor="end")


def _case_bars(d: Drawing, rows: list[dict], xs: list[float], y0: float, h: float,
               step: float) -> None:
    most = max([r["cases"] for r in rows] + [1])
    for x, row in zip(xs, rows):
        bar = h * row["cases"] / most
        d.add(Rect(x - step * 0.3, y0, step * 0.6, bar, fillColor=colors.HexColor("#BBD3E8"),
                   strokeColor=None))
        _text(d, x, y0 + bar + 2, str(row["cases"]), size=6, anchor="middle", color=MUTED)
        _text(d, x, y0 - 10, month_label(row["period"]), size=6.5, anchor="middle")


def _trend_line(d: Drawing, rows: list[dict], xs: list[float], metric: str, base: tuple,
                color) -> None:
    """A month without a rate breaks the line: no segment is drawn across it."""
    y0, h = base
    runs: list[list[tuple[float, float]]] = [[]]
    for x, row in zip(xs, rows):
        rate = row[metric]["rate"]
        if rate is None:
            runs.append([])
        else:
            runs[-1].append((x, y0 + h * rate))
    for run in runs:
        if len(run) > 1:
            d.add(PolyLine([c for p in run for c in p], strokeColor=color, strokeWidth=1.3))
        for x, y in run:
            d.add(Circle(x, y, 1.8, fillColor=color, strokeColor=None))


def trend_chart(rows: list[dict], width: float = 480, height: float = 250) -> Drawing:
    """Monthly rates (lines, %) over case numbers per month (bars)."""
    register_fonts()
    d = Drawing(width, height)
    x0, w = 34, width - 44
    bars, lines = (28, 40), (92, height - 100)
    xs = _xs(len(rows), x0, w)
    _text(d, 0, bars[0] + bars[1] / 2, "Cases", size=6.5, color=MUTED)
    _case_bars(d, rows, xs, bars[0], bars[1], w / max(len(rows), 1))
    _y_grid(d, x0, w, lines[0], lines[1], (0, 0.25, 0.5, 0.75, 1.0), 1.0,
            lambda t: f"{int(t * 100)}%")
    for color, metric in zip(PALETTE, TREND_METRICS):
        _trend_line(d, rows, xs, metric, lines, color)
    items = [("line", c, capital(METRIC_LABELS[m])) for c, m in zip(PALETTE, TREND_METRICS)]
    _legend(d, 4, items, width)
    return d


# CUSUM #########################################################################

def _downsample(values: Sequence[float], limit: int = 1200) -> list[tuple[int, float]]:
    """(index, value) points; long runs keep each bucket's peak so signals stay visible."""
    if len(values) <= limit:
        return list(enumerate(values))
    size = len(values) / limit
    points = []
    for b in range(limit):
        start, end = int(b * size), max(int((b + 1) * size), int(b * size) + 1)
        peak = max(range(start, min(end, len(values))), key=lambda i: values[i])
        points.append((peak, values[peak]))
    return points


def cusum_chart(entry: dict, width: float = 480, height: float = 150) -> Drawing:
    """CUSUM path in procedure order (only mature cases with known outcome) with its named
    threshold h (dashed), signals (red dots), the score axis and dates along the x-axis."""
    register_fonts()
    d = Drawing(width, height)
    values, h = list(entry["values"]), entry["threshold"]
    x0, w, y0, ht = 40, width - 50, 30, height - 44
    top = max([h * 1.25] + values)
    ticks = [round(top * i / 4, 2) for i in range(5)]
    _y_grid(d, x0, w, y0, ht, ticks, top, lambda t: f"{t:.1f}")
    _text(d, 0, y0 + ht + 6, "CUSUM score", size=6.5, color=MUTED)
    n = max(len(values) - 1, 1)
    points = [(x0 + w * i / n, y0 + ht * v / top) for i, v in _downsample(values)]
    if len(points) > 1:
        d.add(PolyLine([c for p in points for c in p], strokeColor=CENTRE, strokeWidth=1))
    _hline(d, x0, x0 + w, y0 + ht * h / top, color=PALETTE[0], width=1.2, dash=(4, 2))
    _text(d, x0 + w, y0 + ht * h / top + 3, f"signal threshold h = {h:.2f}", anchor="end",
          color=PALETTE[0])
    for index in entry.get("signals") or []:
        d.add(Circle(x0 + w * index / n, y0 + ht * values[index] / top, 2.6,
                     fillColor=PALETTE[0], strokeColor=None))
    _cusum_x_axis(d, entry, (x0, w, y0), n)
    return d


def _cusum_x_axis(d: Drawing, entry: dict, frame: tuple, n: int) -> None:
    """Month labels under the first case of each month (case numbers when no dates are given)."""
    x0, w, y0 = frame
    dates = entry.get("dates") or []
    if not dates:
        _text(d, x0, y0 - 11, "1", anchor="middle")
        _text(d, x0 + w, y0 - 11, str(len(entry["values"])), anchor="middle")
        label = "Cases with known outcome, in procedure order"
    else:
        seen, last_x = set(), -99.0
        for index, day in enumerate(dates):
            month = day[:7]
            x = x0 + w * index / n
            if month not in seen and x - last_x > 26:
                _vline(d, x, y0 - 3, y0)
                _text(d, x, y0 - 11, month_label(month), size=6, anchor="middle")
                last_x = x
            seen.add(month)
        label = (f"Procedure date ({len(dates)} mature cases with known outcome, in procedure"
                 " order)")
    _text(d, x0 + w / 2, y0 - 22, label, anchor="middle", color=MUTED)


# Follow-up completeness ######################################################

FOLLOWUP_PARTS = (("complete", "Complete", "#009E73"), ("missing", "Missing (due, no outcome)", "#D55E00"))


def _followup_bar(d: Drawing, y: float, group: dict, x0: float, w: float) -> None:
    """Complete and missing as shares of the cases due; not-yet-due cases are only named."""
    due, x = group["due"], x0
    d.add(Rect(x0, y - 5, w, 10, fillColor=None, strokeColor=GRID, strokeWidth=0.5))
    for key, _, color in FOLLOWUP_PARTS:
        part = w * group[key] / due if due else 0
        if part > 0:
            d.add(Rect(x, y - 5, part, 10, fillColor=colors.HexColor(color), strokeColor=None))
        x += part
    rate = group["completeness"]["rate"]
    later = f"; {group['not_yet_due']} not yet due" if group["not_yet_due"] else ""
    text = (f"{pct_text(rate)} ({group['complete']}/{due} due{later})" if due
            else f"none due yet ({group['not_yet_due']} not yet due)")
    _text(d, x0 + w + 6, y - 2.5, text)


def followup_chart(groups: list[tuple[str, dict]], width: float = 480) -> Drawing:
    """Bars per group over the cases whose follow-up is due: complete and missing, on a 0-100%
    scale (cases not yet due are counted beside the bar, never in it)."""
    register_fonts()
    height = len(groups) * 18 + 44
    d = Drawing(width, height)
    x0, w = 150, width - 150 - 150
    y = height - 12
    for label, group in groups:
        _text(d, 0, y - 2.5, f"{label} ({plural(group['cases'], 'case')})")
        _followup_bar(d, y, group, x0, w)
        y -= 18
    bar_scale(d, x0, w, y + 8)
    _text(d, x0 + w / 2, y - 10, "Share of the cases due", size=6.5, anchor="middle", color=MUTED)
    _legend(d, 4, [("square", colors.HexColor(c), label) for _, label, c in FOLLOWUP_PARTS], width)
    return d


def plural(n: int, word: str) -> str:
    """'1 case', '2 cases'."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def arm_groups(followup: dict) -> list[tuple[str, dict]]:
    """Follow-up groups for the chart: each arm, then by recanalization."""
    groups = [(SHORT_ARMS[a], followup["arms"][a]) for a in ARM_NAMES]
    names = {"recanalized": "Recanalized", "not_recanalized": "Not recanalized"}
    return groups + [(names[k], followup["by_recanalization"][k]) for k in names]


def bar_scale(d: Drawing, x0: float, w: float, y: float) -> None:
    """A 0-100% scale under horizontal bars."""
    d.add(Line(x0, y, x0 + w, y, strokeColor=MUTED, strokeWidth=0.5))
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        d.add(Line(x0 + w * tick, y, x0 + w * tick, y - 2.5, strokeColor=MUTED, strokeWidth=0.5))
        _text(d, x0 + w * tick, y - 9, f"{int(tick * 100)}%", size=6, anchor="middle")
