"""Forest plot: the centre's rates with 95% CI whiskers, each beside the benchmarks' rates."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from .base import ChartWidget
from .scales import LinearScale, nice_ticks, rate_axis_max
from .style import (AXIS, CENTRE, GRID, INK, MUTED, LegendItem, benchmark_style, draw_legend,
                    draw_marker, font)

ROW_MIN, ROW_MAX = 20.0, 30.0


@dataclass(frozen=True)
class ForestRow:
    """One line of the plot: a group header, the centre's rate or a benchmark's rate.

    `style` picks the benchmark's colour and marker; `small` draws a hollow marker
    (small numbers); `key` is what clicking the marker reports.
    """

    label: str
    kind: str = "centre"
    rate: float | None = None
    ci: tuple[float, float] | None = None
    detail: str = ""
    style: int = 0
    small: bool = False
    key: Any = None
    tip: str = ""


@dataclass(frozen=True)
class ForestLayout:
    """Where the parts of the plot go (pure geometry, tested without painting)."""

    label_right: float
    plot_left: float
    plot_right: float
    top: float
    row_height: float
    axis_y: float
    scale: LinearScale

    def row_centre(self, index: int) -> float:
        return self.top + (index + 0.5) * self.row_height


def forest_layout(area: QRectF, rows: list[ForestRow], label_w: float, detail_w: float,
                  top: float, axis_h: float) -> ForestLayout:
    """Columns: labels | plot | details; rows share the height left above the axis."""
    label_w = min(label_w, area.width() * 0.38)
    detail_w = min(detail_w, area.width() * 0.30)
    plot_left, plot_right = area.left() + label_w + 10, area.right() - detail_w - 10
    row_h = (area.bottom() - axis_h - top) / max(len(rows), 1)
    row_h = max(ROW_MIN, min(ROW_MAX, row_h))
    highest = max([r.ci[1] for r in rows if r.ci] + [r.rate for r in rows if r.rate is not None]
                  + [0.0])
    scale = LinearScale(0.0, rate_axis_max(highest), plot_left, plot_right)
    axis_y = top + row_h * len(rows) + 4
    return ForestLayout(area.left() + label_w, plot_left, plot_right, top, row_h, axis_y, scale)


class ForestChart(ChartWidget):
    """Rows of rates with 95% CIs on a common 0-based percentage axis."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[ForestRow] = []
        self.layout_used: ForestLayout | None = None
        self.empty_text = "No rates to show for this selection."

    def set_rows(self, rows: list[ForestRow]) -> None:
        self.rows = list(rows)
        self.updateGeometry()
        self.update()

    def has_data(self) -> bool:
        return any(r.rate is not None for r in self.rows)

    def sizeHint(self) -> QSize:
        return QSize(720, int(90 + ROW_MAX * max(len(self.rows), 4)))

    def minimumSizeHint(self) -> QSize:
        return QSize(420, int(80 + ROW_MIN * max(len(self.rows), 3)))

    def legend_items(self) -> list[LegendItem]:
        items = [LegendItem("Centre, 95% CI", CENTRE, "square"),
                 LegendItem("Small numbers (hollow)", CENTRE, "square", filled=False)]
        seen: dict[int, str] = {}
        for row in self.rows:
            if row.kind == "benchmark" and row.style not in seen:
                seen[row.style] = row.label.strip()
        for style, name in seen.items():
            color, shape = benchmark_style(style)
            items.append(LegendItem(name, color, shape))
        return items

    def draw(self, painter: QPainter, area: QRectF) -> None:
        items = self.legend_items()
        top = area.top() + draw_legend(painter, area, items) + 6
        metrics = painter.fontMetrics()
        detail_w = max(metrics.horizontalAdvance(r.detail) for r in self.rows) + 8
        axis_h = metrics.height() * 2 + 14
        painter.save()
        painter.setFont(font(painter, 1.0, bold=True))
        label_w = max(painter.fontMetrics().horizontalAdvance(r.label)
                      for r in self.rows if r.kind != "header") + 14
        painter.restore()
        layout = forest_layout(area, self.rows, label_w, detail_w, top, axis_h)
        self.layout_used = layout
        self._draw_grid(painter, layout)
        for index, row in enumerate(self.rows):
            self._draw_row(painter, layout, index, row, area)

    def _draw_grid(self, painter: QPainter, lay: ForestLayout) -> None:
        painter.save()
        ticks = nice_ticks(lay.scale.lo, lay.scale.hi, 5)
        bottom = lay.axis_y
        for tick in ticks:
            x = lay.scale(tick)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(x, lay.top), QPointF(x, bottom))
            painter.setPen(INK)
            painter.drawText(QRectF(x - 30, bottom + 4, 60, painter.fontMetrics().height()),
                             Qt.AlignmentFlag.AlignHCenter, f"{100 * tick:.0f}%")
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(QPointF(lay.plot_left, bottom), QPointF(lay.plot_right, bottom))
        painter.setPen(MUTED)
        label_top = bottom + painter.fontMetrics().height() + 6
        painter.drawText(QRectF(lay.plot_left, label_top, lay.plot_right - lay.plot_left,
                                painter.fontMetrics().height()), Qt.AlignmentFlag.AlignHCenter,
                         "Rate (%) with 95% confidence interval")
        painter.restore()

    def _draw_row(self, painter: QPainter, lay: ForestLayout, index: int, row: ForestRow,
                  area: QRectF) -> None:
        y = lay.row_centre(index)
        band = QRectF(area.left(), y - lay.row_height / 2, area.width(), lay.row_height)
        if row.kind == "header":
            painter.fillRect(band, QColor("#eef2f6"))
        self._draw_texts(painter, lay, row, band, area)
        if row.rate is None:
            return
        color, shape = (CENTRE, "square") if row.kind == "centre" else benchmark_style(row.style)
        if row.ci:
            self._draw_whisker(painter, lay, row, y, color)
        size = 11 if row.kind == "centre" else 10
        bounds = draw_marker(painter, shape, QPointF(lay.scale.clamped(row.rate), y), size, color,
                             filled=not row.small)
        self.add_mark("point", bounds, row.key, row.tip or f"{row.label.strip()}: {row.detail}",
                      row=index, row_kind=row.kind)

    def _draw_texts(self, painter: QPainter, lay: ForestLayout, row: ForestRow, band: QRectF,
                    area: QRectF) -> None:
        painter.save()
        painter.setFont(font(painter, 1.0, bold=row.kind in ("header", "centre")))
        painter.setPen(INK if row.kind != "benchmark" else MUTED.darker(130))
        label_rect = QRectF(area.left() + (0 if row.kind == "header" else 4), band.top(),
                            lay.label_right - area.left(), band.height())
        if row.kind == "header":
            label_rect.setWidth(area.width())
        text = painter.fontMetrics().elidedText(row.label, Qt.TextElideMode.ElideRight,
                                                int(label_rect.width()))
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         text)
        if row.detail and row.kind != "header":
            painter.setFont(font(painter, 1.0))
            detail_rect = QRectF(lay.plot_right + 10, band.top(), area.right() - lay.plot_right - 10,
                                 band.height())
            painter.drawText(detail_rect, Qt.AlignmentFlag.AlignVCenter |
                             Qt.AlignmentFlag.AlignLeft, row.detail)
        painter.restore()

    def _draw_whisker(self, painter: QPainter, lay: ForestLayout, row: ForestRow, y: float,
                      color: QColor) -> None:
        if row.ci is None:
            return
        low, high = lay.scale.clamped(row.ci[0]), lay.scale.clamped(row.ci[1])
        painter.save()
        painter.setPen(QPen(color, 2.0 if row.kind == "centre" else 1.5))
        painter.drawLine(QPointF(low, y), QPointF(high, y))
        for x in (low, high):
            painter.drawLine(QPointF(x, y - 4), QPointF(x, y + 4))
        painter.restore()
        self.add_mark("whisker", QRectF(low, y - 4, max(high - low, 1.0), 8), row=row.label)



