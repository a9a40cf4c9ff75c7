"""Charts a QI lead reads: funnel plots and one run chart per measure, each on its own axis."""
from __future__ import annotations

import math
from statistics import median

from reportlab.graphics.shapes import Circle, Drawing, PolyLine
from reportlab.lib import colors

from .charts import CENTRE, MUTED, PALETTE, _hline, _legend, _text, _y_grid, month_label, register_fonts

RUN_MIN = 10
"""Run-chart points with fewer known outcomes than this are drawn hollow."""


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 × 10^k) covering low..high, within 0..1."""
    span = max(high - low, 0.1)  # at least 10 percentage points: flat series stay readable
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = max(0.0, math.floor(low / step) * step)
    ticks, value = [], start
    while value < high + step * 0.999 and value <= 1.0 + 1e-9:
        ticks.append(round(value, 6))
        value += step
    if len(ticks) > 1:
        return ticks
    return [start, start + step] if start + step <= 1.0 else [max(0.0, start - step), start]


def pct_tick(value: float) -> str:
    text = f"{100 * value:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _scaled(ticks: list[float]):
    low, top = ticks[0], ticks[-1]
    return lambda v: (v - low) / (top - low)


# Funnel ######################################################################

def _funnel_range(entry: dict) -> list[float]:
    values = [entry["target"]] + [p["rate"] for p in entry["points"]]
    values += [v for name in ("95%",) for _, lo, hi in entry["curves"][name][4:] for v in (lo, hi)]
    return nice_ticks(min(values), max(values))


def _funnel_curve(d: Drawing, curve, x, y, color, dash) -> None:
    """Both limits as lines, drawn only where they fall inside the axis (y returns None)."""
    for side in (0, 1):
        runs: list[list[float]] = [[]]
        for n, *limits in curve:
            py = y(limits[side])
            if py is None:
                runs.append([])
            else:
                runs[-1] += [x(n), py]
        for pts in runs:
            if len(pts) >= 4:
                d.add(PolyLine(pts, strokeColor=color, strokeWidth=0.8, strokeDashArray=dash))


def funnel_chart(entry: dict, title: str, target: str, width: float = 235,
                 height: float = 185) -> Drawing:
    """Rate by number of known outcomes, target line, 95% (dashed) and 99.8% (solid) limits;
    the axis covers the points and the 95% limits from n = 5 on (clipped to the frame)."""
    register_fonts()
    d = Drawing(width, height)
    x0, y0, w, h = 34, 28, width - 42, height - 58
    _text(d, 0, height - 9, title, size=7.5, bold=True)
    _text(d, 0, height - 18, target, size=6.5, color=MUTED)
    ticks = _funnel_range(entry)
    scale = _scaled(ticks)
    n_max = max(p["known"] for p in entry["points"]) * 1.1
    x = lambda n: x0 + w * n / n_max  # noqa: E731
    y = lambda v: y0 + h * scale(v) if -1e-9 <= scale(v) <= 1 + 1e-9 else None  # noqa: E731
    _y_grid(d, x0, w, y0, h, [t - ticks[0] for t in ticks], ticks[-1] - ticks[0],
            lambda t: pct_tick(t + ticks[0]))
    for n in _x_ticks(n_max):
        _text(d, x(n), y0 - 9, str(n), size=6, anchor="middle")
    _text(d, x0 + w / 2, y0 - 18, "Cases with known outcome (n)", size=6.5, anchor="middle",
          color=MUTED)
    target_y = y(entry["target"])
    if target_y is not None:  # a target off the axis is not drawn
        _hline(d, x0, x0 + w, target_y, color=PALETTE[0], width=1)
    _funnel_curve(d, entry["curves"]["95%"], x, y, MUTED, (2, 2))
    _funnel_curve(d, entry["curves"]["99.8%"], x, y, MUTED, None)
    for point in entry["points"]:
        centre = point["label"] == "Centre"
        px, py = x(point["known"]), y0 + h * scale(point["rate"])
        d.add(Circle(px, py, 3 if centre else 2.4, fillColor=CENTRE if centre else PALETTE[1],
                     strokeColor=colors.white, strokeWidth=0.4))
        _text(d, px + 4, py + 2, point["label"], size=6)
    return d


def _x_ticks(n_max: float) -> list[int]:
    step = next(s for s in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10 ** 9)
                if n_max / s <= 5)
    return list(range(0, int(n_max) + 1, step))


def funnel_legend(width: float = 480) -> Drawing:
    d = Drawing(width, 14)
    _legend(d, 4, [("line", PALETTE[0], "Target (benchmark, threshold or centre rate)"),
                   ("dash", MUTED, "95% limits"), ("line", MUTED, "99.8% limits")], width)
    return d


# Run charts ##################################################################

def run_points(rows: list[dict], metric: str) -> list[tuple[int, dict]]:
    """(month index, rate entry) of months with a rate (cases not yet due never count)."""
    return [(i, r[metric]) for i, r in enumerate(rows) if r[metric]["rate"] is not None]


def run_median(rows: list[dict], metric: str) -> float | None:
    rates = [e["rate"] for _, e in run_points(rows, metric)]
    return median(rates) if rates else None


def run_chart(rows: list[dict], metric: str, title: str, width: float = 235,
              height: float = 120) -> Drawing:
    """Monthly rate of one measure on an axis scaled to its data, with the median centre line;
    months with fewer than RUN_MIN known outcomes hollow."""
    register_fonts()
    d = Drawing(width, height)
    x0, y0, w, h = 34, 18, width - 40, height - 34
    _text(d, 0, height - 9, title, size=7.5, bold=True)
    points = run_points(rows, metric)
    if not points:
        _text(d, x0, y0 + h / 2, "No month with a known outcome yet.", color=MUTED)
        return d
    ticks = nice_ticks(min(e["rate"] for _, e in points), max(e["rate"] for _, e in points))
    scale = _scaled(ticks)
    _y_grid(d, x0, w, y0, h, [t - ticks[0] for t in ticks], ticks[-1] - ticks[0],
            lambda t: pct_tick(t + ticks[0]))
    step = w / max(len(rows), 1)
    xs = [x0 + step * (i + 0.5) for i in range(len(rows))]
    for i, row in enumerate(rows):
        if i % 2 == 0 or i == len(rows) - 1:
            _text(d, xs[i], y0 - 9, month_label(row["period"]), size=5.5, anchor="middle")
    centre = run_median(rows, metric)
    _hline(d, x0, x0 + w, y0 + h * scale(centre), color=PALETTE[0], width=0.9, dash=(3, 2))
    coords = [(xs[i], y0 + h * scale(e["rate"])) for i, e in points]
    if len(coords) > 1:
        d.add(PolyLine([c for p in coords for c in p], strokeColor=CENTRE, strokeWidth=1))
    for (px, py), (_, e) in zip(coords, points):
        hollow = e["known"] < RUN_MIN
        d.add(Circle(px, py, 2.2, fillColor=colors.white if hollow else CENTRE,
                     strokeColor=CENTRE, strokeWidth=0.8))
    return d


def run_legend(width: float = 480) -> Drawing:
    d = Drawing(width, 14)
    _legend(d, 4, [("line", CENTRE, "Monthly rate"), ("dash", PALETTE[0], "Median of the months")],
                width)
    d.add(Circle(228, 5.5, 2.2, fillColor=CENTRE, strokeColor=CENTRE, strokeWidth=0.8))
    _text(d, 234, 3, f"≥ {RUN_MIN} known outcomes")
    d.add(Circle(330, 5.5, 2.2, fillColor=colors.white, strokeColor=CENTRE, strokeWidth=0.8))
    _text(d, 336, 3, f"fewer than {RUN_MIN} (hollow)")
    return d
