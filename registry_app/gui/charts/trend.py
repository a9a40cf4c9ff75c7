"""Trend chart: cases per month or quarter as bars, one rate with 95% CI whiskers as a line."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen

from .base import ChartWidget
from .scales import LinearScale, label_every, nice_ticks, nice_upper, nice_step, rate_axis_max
from .style import AXIS, BAR, CENTRE, GRID, INK, MUTED, LegendItem, draw_legend, draw_marker


@dataclass(frozen=True)
class TrendPoint:
    """One period: its case count and (optionally) a rate with its CI and counts."""

    period: str
    cases: int
    rate: float | None = None
    ci: tuple[float, float] | None = None
    events: int = 0
    known: int = 0
    small: bool = False


@dataclass(frozen=True)
class BandScale:
    """Equal slots for categories along x."""

    count: int
    start: float
    end: float

    @property
    def slot(self) -> float:
        return (self.end - self.start) / max(self.count, 1)

    def centre(self, index: int) -> float:
        return self.start + (index + 0.5) * self.slot


class TrendChart(ChartWidget):
    """Bars of cases per period (right axis) and a rate line with CI whiskers (left axis)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.points: list[TrendPoint] = []
        self.metric_label: str | None = None
        self.empty_text = "No cases in this period."

    def set_data(self, points: list[TrendPoint], metric_label: str | None) -> None:
        """metric_label None shows the case counts only."""
        self.points, self.metric_label = list(points), metric_label
        self.update()

    def has_data(self) -> bool:
        """Periods with no case at all draw no empty frame: the chart says so in words."""
        return any(p.cases for p in self.points)

    def sizeHint(self) -> QSize:
        return QSize(760, 340)

    def legend_items(self) -> list[LegendItem]:
        side = " (right axis)" if self.metric_label else ""
        items = [LegendItem(f"Cases per period{side}", BAR, "box")]
        if self.metric_label:
            items += [LegendItem(f"{self.metric_label}, % with 95% CI", CENTRE, "circle"),
                      LegendItem("Small numbers (hollow)", CENTRE, "circle", filled=False)]
        return items

    def draw(self, painter: QPainter, area: QRectF) -> None:
        top = area.top() + draw_legend(painter, area, self.legend_items()) + 8
        metrics = painter.fontMetrics()
        left_w = metrics.horizontalAdvance("100%") + 12
        right_w = metrics.horizontalAdvance("00000") + 12
        bottom = area.bottom() - metrics.height() * 2 - 12
        band = BandScale(len(self.points), area.left() + left_w, area.right() - right_w)
        counts = self._count_scale(band, top, bottom)
        rates = self._rate_scale(top, bottom) if self.metric_label else None
        self._draw_axes(painter, band, counts, rates, top, bottom, area)
        self._draw_bars(painter, band, counts, bottom)
        if rates is not None:
            self._draw_rates(painter, band, rates)

    def _count_scale(self, band: BandScale, top: float, bottom: float) -> LinearScale:
        highest = max(p.cases for p in self.points)
        step = nice_step(max(highest, 1), 4)
        return LinearScale(0, nice_upper(max(highest, 1), step), bottom, top)

    def _rate_scale(self, top: float, bottom: float) -> LinearScale:
        highest = max([p.ci[1] for p in self.points if p.ci] +
                      [p.rate for p in self.points if p.rate is not None] + [0.0])
        return LinearScale(0.0, rate_axis_max(highest), bottom, top)

    def _draw_axes(self, painter, band, counts, rates, top, bottom, area) -> None:
        painter.save()
        metrics = painter.fontMetrics()
        main = rates or counts
        for tick in nice_ticks(main.lo, main.hi, 5):
            y = main(tick)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(band.start, y), QPointF(band.end, y))
            painter.setPen(INK)
            text = f"{100 * tick:.0f}%" if rates else f"{tick:g}"
            painter.drawText(QRectF(area.left(), y - 8, band.start - area.left() - 6, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        if rates:
            self._draw_count_ticks(painter, band, counts, area)
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(QPointF(band.start, bottom), QPointF(band.end, bottom))
        self._draw_period_labels(painter, band, bottom, metrics)
        painter.restore()

    def _draw_count_ticks(self, painter, band, counts, area) -> None:
        painter.setPen(MUTED)
        for tick in nice_ticks(counts.lo, counts.hi, 4):
            y = counts(tick)
            painter.drawText(QRectF(band.end + 6, y - 8, area.right() - band.end - 6, 16),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{tick:g}")

    def _draw_period_labels(self, painter, band, bottom, metrics) -> None:
        widest = max(metrics.horizontalAdvance(p.period) for p in self.points) + 10
        every = label_every(len(self.points), band.end - band.start, widest)
        painter.setPen(INK)
        for index, point in enumerate(self.points):
            if index % every:
                continue
            x = band.centre(index)
            painter.drawText(QRectF(x - widest / 2, bottom + 4, widest, metrics.height()),
                             Qt.AlignmentFlag.AlignHCenter, point.period)
        painter.setPen(MUTED)
        painter.drawText(QRectF(band.start, bottom + metrics.height() + 6, band.end - band.start,
                                metrics.height()), Qt.AlignmentFlag.AlignHCenter,
                         "Period of the procedure")

    def _draw_bars(self, painter, band, counts, bottom) -> None:
        width = max(2.0, min(band.slot * 0.7, 64.0))
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BAR)
        for index, point in enumerate(self.points):
            top = counts(point.cases)
            rect = QRectF(band.centre(index) - width / 2, top, width, bottom - top)
            painter.drawRect(rect)
            self.add_mark("bar", rect, ("cases", point.period),
                          f"{point.period}: {point.cases} cases")
        painter.restore()

    def _draw_rates(self, painter, band, rates) -> None:
        path, started = QPainterPath(), False
        for index, point in enumerate(self.points):
            if point.rate is None:
                started = False
                continue
            spot = QPointF(band.centre(index), rates(point.rate))
            path.lineTo(spot) if started else path.moveTo(spot)
            started = True
        painter.save()
        painter.setPen(QPen(CENTRE, 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.restore()
        for index, point in enumerate(self.points):
            if point.rate is not None:
                self._draw_point(painter, band.centre(index), rates, point)

    def _draw_point(self, painter, x: float, rates: LinearScale, point: TrendPoint) -> None:
        if point.rate is None:
            return
        if point.ci:
            painter.save()
            painter.setPen(QPen(CENTRE, 1.2))
            low, high = rates(point.ci[0]), rates(point.ci[1])
            painter.drawLine(QPointF(x, low), QPointF(x, high))
            painter.drawLine(QPointF(x - 3, low), QPointF(x + 3, low))
            painter.drawLine(QPointF(x - 3, high), QPointF(x + 3, high))
            painter.restore()
        bounds = draw_marker(painter, "circle", QPointF(x, rates(point.rate)), 8, CENTRE,
                             filled=not point.small)
        tip = (f"{point.period}: {point.events}/{point.known} = {100 * point.rate:.1f}%"
               + (" (small numbers)" if point.small else ""))
        self.add_mark("point", bounds, ("rate", point.period), tip)
