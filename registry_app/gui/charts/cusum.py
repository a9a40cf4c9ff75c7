"""CUSUM chart: the cumulative sum in procedure order, the alarm threshold and the signals."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen

from .base import ChartWidget
from .scales import LinearScale, nice_step, nice_ticks, nice_upper
from .style import ALERT, AXIS, CENTRE, GRID, INK, MUTED, LegendItem, draw_legend, draw_marker


class CusumChart(ChartWidget):
    """Bernoulli CUSUM path; crossing the dashed threshold is a signal (red dot, clickable)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.values: list[float] = []
        self.threshold = 0.0
        self.signals: list[int] = []
        self.case_ids: list[int] = []
        self.empty_text = "No CUSUM for this selection."

    def set_data(self, values: list[float], threshold: float, signals: list[int],
                 case_ids: list[int] | None = None) -> None:
        """values in procedure order; signals are indexes into values; case_ids label them."""
        self.values, self.threshold = list(values), float(threshold)
        self.signals, self.case_ids = list(signals), list(case_ids or [])
        self.update()

    def clear(self, reason: str) -> None:
        self.values, self.signals, self.case_ids = [], [], []
        self.empty_text = reason
        self.update()

    def has_data(self) -> bool:
        return bool(self.values)

    def sizeHint(self) -> QSize:
        return QSize(720, 260)

    def minimumSizeHint(self) -> QSize:
        return QSize(360, 180)

    def legend_items(self) -> list[LegendItem]:
        return [LegendItem("CUSUM", CENTRE, "line"),
                LegendItem(f"Alarm threshold h = {self.threshold:.2f}", ALERT, "dash"),
                LegendItem("Signal (click to see the case)", ALERT, "circle")]

    def scales(self, plot: QRectF) -> tuple[LinearScale, LinearScale]:
        """x: case 1..n in procedure order; y: 0 up to a round value above the threshold."""
        highest = max(max(self.values), self.threshold * 1.15, 1.0)
        top = nice_upper(highest, nice_step(highest, 4))
        x = LinearScale(1, max(len(self.values), 2), plot.left(), plot.right())
        return x, LinearScale(0, top, plot.bottom(), plot.top())

    def draw(self, painter: QPainter, area: QRectF) -> None:
        top = area.top() + draw_legend(painter, area, self.legend_items()) + 8
        metrics = painter.fontMetrics()
        plot = QRectF(area.left() + metrics.horizontalAdvance("00.0") + 30, top,
                      0, 0)
        plot.setRight(area.right() - 8)
        plot.setBottom(area.bottom() - metrics.height() * 2 - 12)
        x, y = self.scales(plot)
        self._draw_axes(painter, plot, x, y, area)
        self._draw_threshold(painter, plot, y)
        self._draw_path(painter, x, y)
        self._draw_signals(painter, x, y)

    def _draw_axes(self, painter, plot: QRectF, x: LinearScale, y: LinearScale, area) -> None:
        painter.save()
        metrics = painter.fontMetrics()
        for tick in nice_ticks(y.lo, y.hi, 4):
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y(tick)), QPointF(plot.right(), y(tick)))
            painter.setPen(INK)
            painter.drawText(QRectF(plot.left() - 46, y(tick) - 8, 40, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{tick:g}")
        for tick in nice_ticks(1, len(self.values), 6):
            if tick >= 1:
                painter.drawText(QRectF(x(tick) - 30, plot.bottom() + 4, 60, metrics.height()),
                                 Qt.AlignmentFlag.AlignHCenter, f"{tick:g}")
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.setPen(MUTED)
        painter.drawText(QRectF(plot.left(), plot.bottom() + metrics.height() + 6, plot.width(),
                                metrics.height()), Qt.AlignmentFlag.AlignHCenter,
                         f"Cases with known outcome, in procedure order (n = {len(self.values)})")
        self._draw_y_title(painter, area, plot)
        painter.restore()

    def _draw_y_title(self, painter, area: QRectF, plot: QRectF) -> None:
        painter.save()
        painter.translate(area.left() + painter.fontMetrics().height() / 2 + 2, plot.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-plot.height() / 2, -10, plot.height(), 20),
                         Qt.AlignmentFlag.AlignCenter, "CUSUM")
        painter.restore()

    def _draw_threshold(self, painter, plot: QRectF, y: LinearScale) -> None:
        painter.save()
        painter.setPen(QPen(ALERT, 1.5, Qt.PenStyle.DashLine))
        level = y(self.threshold)
        painter.drawLine(QPointF(plot.left(), level), QPointF(plot.right(), level))
        painter.restore()
        self.add_mark("threshold", QRectF(plot.left(), level - 1, plot.width(), 2))

    def _draw_path(self, painter, x: LinearScale, y: LinearScale) -> None:
        path = QPainterPath(QPointF(x(1), y(self.values[0])))
        for index, value in enumerate(self.values[1:], start=2):
            path.lineTo(QPointF(x(index), y(value)))
        painter.save()
        painter.setPen(QPen(CENTRE, 1.6))
        painter.drawPath(path)
        painter.restore()
        self.add_mark("line", path.boundingRect())

    def _draw_signals(self, painter, x: LinearScale, y: LinearScale) -> None:
        for index in self.signals:
            if not 0 <= index < len(self.values):
                continue
            case_id = self.case_ids[index] if index < len(self.case_ids) else None
            bounds = draw_marker(painter, "circle", QPointF(x(index + 1), y(self.values[index])),
                                 9, ALERT)
            tip = f"Signal at case {index + 1} of {len(self.values)}"
            tip += f" (case id {case_id})" if case_id is not None else ""
            self.add_mark("signal", bounds, ("signal", case_id), tip)
