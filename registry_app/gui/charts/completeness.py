"""Follow-up completeness: per group, the due assessments done (green) and missing (orange)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPen

from .base import ChartWidget
from .scales import LinearScale
from .style import AXIS, GOOD, GRID, INK, MISSING, LegendItem, draw_legend, font

ROW_H = 34.0


@dataclass(frozen=True)
class CompletenessRow:
    """One group: follow-ups due, complete, not yet due, and why the missing ones are missing."""

    label: str
    due: int
    complete: int
    not_yet_due: int = 0
    missing_by_status: dict[str, int] = field(default_factory=dict)
    key: Any = None

    @property
    def missing(self) -> int:
        return self.due - self.complete

    def summary(self) -> str:
        if not self.due:
            return f"none due yet ({self.not_yet_due} not yet due)"
        share = 100 * self.complete / self.due
        reasons = ", ".join(f"{n} {status.replace('_', ' ')}"
                            for status, n in self.missing_by_status.items())
        missing = f"{self.missing} missing" + (f" ({reasons})" if reasons else "")
        return (f"{self.complete}/{self.due} complete ({share:.1f}%) · {missing}"
                f" · {self.not_yet_due} not yet due")


class CompletenessChart(ChartWidget):
    """Horizontal 100% bars of due follow-ups: complete and missing parts are clickable."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[CompletenessRow] = []
        self.empty_text = "No follow-up is due yet in this selection."

    def set_rows(self, rows: list[CompletenessRow]) -> None:
        self.rows = list(rows)
        self.updateGeometry()
        self.update()

    def has_data(self) -> bool:
        return any(r.due or r.not_yet_due for r in self.rows)

    def sizeHint(self) -> QSize:
        return QSize(720, int(70 + ROW_H * 1.6 * max(len(self.rows), 2)))

    def minimumSizeHint(self) -> QSize:
        return QSize(380, int(60 + ROW_H * max(len(self.rows), 2)))

    def draw(self, painter: QPainter, area: QRectF) -> None:
        items = [LegendItem("Complete (outcome or death known)", GOOD, "box"),
                 LegendItem("Missing (window open or closed, or lost)", MISSING, "box")]
        top = area.top() + draw_legend(painter, area, items) + 8
        painter.save()
        painter.setFont(font(painter, 1.0, bold=True))
        widest = max(painter.fontMetrics().horizontalAdvance(r.label) for r in self.rows)
        painter.restore()
        label_w = min(widest + 16, area.width() * 0.3)
        scale = LinearScale(0.0, 1.0, area.left() + label_w, area.right() - 8)
        row_h = max(ROW_H, min(ROW_H * 1.6, (area.bottom() - top - 24) / len(self.rows)))
        for index, row in enumerate(self.rows):
            self._draw_row(painter, row, scale, top + index * row_h, row_h, area)
        self._draw_axis(painter, scale, top + len(self.rows) * row_h)

    def _draw_row(self, painter, row: CompletenessRow, scale: LinearScale, y: float,
                  row_h: float, area: QRectF) -> None:
        bar_h = row_h * 0.42
        painter.save()
        painter.setFont(font(painter, 1.0, bold=True))
        painter.setPen(INK)
        painter.drawText(QRectF(area.left(), y, scale.start - area.left() - 8, bar_h),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, row.label)
        painter.setFont(font(painter, 0.95))
        painter.drawText(QRectF(scale.start, y + bar_h + 1, scale.end - scale.start,
                                row_h - bar_h - 2),
                         Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft, row.summary())
        painter.restore()
        if row.due:
            split = scale(row.complete / row.due)
            self._segment(painter, QRectF(scale.start, y, split - scale.start, bar_h), GOOD,
                          (row.key, "complete"), f"{row.label}: {row.complete} complete")
            self._segment(painter, QRectF(split, y, scale.end - split, bar_h), MISSING,
                          (row.key, "missing"), self._missing_tip(row))

    def _missing_tip(self, row: CompletenessRow) -> str:
        return f"{row.label}: {row.summary()}"

    def _segment(self, painter, rect: QRectF, color, key, tip: str) -> None:
        if rect.width() <= 0:
            return
        painter.fillRect(rect, color)
        self.add_mark("segment", rect, key, tip)

    def _draw_axis(self, painter, scale: LinearScale, y: float) -> None:
        painter.save()
        for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
            x = scale(tick)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(x, y - 4), QPointF(x, y))
            painter.setPen(INK)
            painter.drawText(QRectF(x - 30, y + 2, 60, painter.fontMetrics().height()),
                             Qt.AlignmentFlag.AlignHCenter, f"{100 * tick:.0f}%")
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(QPointF(scale.start, y), QPointF(scale.end, y))
        painter.restore()
