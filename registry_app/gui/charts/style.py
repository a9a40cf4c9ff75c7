"""Colours, markers and legend drawing shared by the charts (legible on screen and on paper)."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF

INK = QColor("#222222")
MUTED = QColor("#666666")
GRID = QColor("#e3e3e3")
AXIS = QColor("#9a9a9a")
CENTRE = QColor("#1f4e79")
BAR = QColor("#c9d6e3")
BAND = QColor(31, 78, 121, 40)
ALERT = QColor("#c0392b")
GOOD = QColor("#2e8b57")
MISSING = QColor("#e08a2c")
WAITING = QColor("#d0d0d0")
BENCHMARK_COLORS = (QColor("#d95f02"), QColor("#7b3294"), QColor("#1b9e77"),
                    QColor("#e7298a"), QColor("#66a61e"), QColor("#a6761d"))
BENCHMARK_SHAPES = ("diamond", "triangle", "circle", "diamond", "triangle", "circle")


def benchmark_style(index: int) -> tuple[QColor, str]:
    """Colour and marker shape of the n-th benchmark (shapes help when printed in grey)."""
    return (BENCHMARK_COLORS[index % len(BENCHMARK_COLORS)],
            BENCHMARK_SHAPES[index % len(BENCHMARK_SHAPES)])


def font(painter: QPainter, scale: float = 1.0, bold: bool = False) -> QFont:
    """The painter's font resized (scale) and optionally bold."""
    result = QFont(painter.font())
    size = result.pointSizeF() if result.pointSizeF() > 0 else 9.0
    result.setPointSizeF(size * scale)
    result.setBold(bold)
    return result


def marker_path(shape: str, centre: QPointF, size: float) -> QPainterPath:
    """A marker outline of about `size` pixels across."""
    half, path = size / 2, QPainterPath()
    x, y = centre.x(), centre.y()
    if shape == "square":
        path.addRect(QRectF(x - half, y - half, size, size))
    elif shape == "diamond":
        path.addPolygon(QPolygonF([QPointF(x, y - half * 1.2), QPointF(x + half * 1.2, y),
                                   QPointF(x, y + half * 1.2), QPointF(x - half * 1.2, y)]))
        path.closeSubpath()
    elif shape == "triangle":
        path.addPolygon(QPolygonF([QPointF(x, y - half * 1.2), QPointF(x + half * 1.1, y + half),
                                   QPointF(x - half * 1.1, y + half)]))
        path.closeSubpath()
    else:
        path.addEllipse(centre, half, half)
    return path


def draw_marker(painter: QPainter, shape: str, centre: QPointF, size: float, color: QColor,
                filled: bool = True) -> QRectF:
    """Draw a marker; hollow (white inside) when not filled. Returns its bounds."""
    path = marker_path(shape, centre, size)
    painter.save()
    painter.setPen(QPen(color, 1.6))
    painter.setBrush(color if filled else QColor("white"))
    painter.drawPath(path)
    painter.restore()
    return path.boundingRect()


@dataclass(frozen=True)
class LegendItem:
    """One legend entry: a marker shape, a line ('line'/'dash'), or a box ('box')."""

    label: str
    color: QColor
    shape: str = "square"
    filled: bool = True


def _legend_symbol(painter: QPainter, item: LegendItem, x: float, mid: float) -> None:
    if item.shape in ("line", "dash"):
        pen = QPen(item.color, 2.0, Qt.PenStyle.DashLine if item.shape == "dash"
                   else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, mid), QPointF(x + 18, mid))
    elif item.shape == "box":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(item.color)
        painter.drawRect(QRectF(x + 2, mid - 6, 14, 12))
    else:
        draw_marker(painter, item.shape, QPointF(x + 9, mid), 10, item.color, item.filled)


def legend_height(painter: QPainter, items: list[LegendItem], width: float) -> float:
    return draw_legend(painter, QRectF(0, 0, width, 0), items, measure_only=True)


def draw_legend(painter: QPainter, area: QRectF, items: list[LegendItem],
                measure_only: bool = False) -> float:
    """Legend entries left to right, wrapping to new lines; returns the height used."""
    painter.save()
    painter.setFont(font(painter, 0.95))
    metrics = painter.fontMetrics()
    line_h = max(metrics.height(), 14) + 4
    x, y = area.left(), area.top()
    for item in items:
        needed = 24 + metrics.horizontalAdvance(item.label) + 16
        if x > area.left() and x + needed > area.right():
            x, y = area.left(), y + line_h
        if not measure_only:
            _legend_symbol(painter, item, x, y + line_h / 2)
            painter.setPen(INK)
            painter.drawText(QRectF(x + 24, y, needed, line_h),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, item.label)
        x += needed
    painter.restore()
    return (y - area.top()) + line_h if items else 0.0
