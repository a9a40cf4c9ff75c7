"""A QWidget that draws one chart with QPainter, reports clicks on its marks and renders to images."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from .style import INK, MUTED, font

MIN_HIT = 16.0


@dataclass
class Mark:
    """Something drawn that tests can count and the coordinator can point at.

    `key` is what a click reports through `mark_clicked` (None: not clickable).
    """

    kind: str
    rect: QRectF
    key: Any = None
    tip: str = ""
    data: dict = field(default_factory=dict)

    def hit_rect(self) -> QRectF:
        grow_x = max(0.0, (MIN_HIT - self.rect.width()) / 2)
        grow_y = max(0.0, (MIN_HIT - self.rect.height()) / 2)
        return self.rect.adjusted(-grow_x, -grow_y, grow_x, grow_y)


class ChartWidget(QWidget):
    """Base of the charts: subclasses implement has_data() and draw(painter, area)."""

    mark_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marks: list[Mark] = []
        self.title = ""
        self.empty_text = "No data for this selection."
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    # To implement ##########################################################
    def has_data(self) -> bool:
        raise NotImplementedError  # abstract

    def draw(self, painter: QPainter, area: QRectF) -> None:
        raise NotImplementedError  # abstract

    # Sizes #################################################################
    def sizeHint(self) -> QSize:
        return QSize(640, 320)

    def minimumSizeHint(self) -> QSize:
        return QSize(360, 200)

    # Painting ##############################################################
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        try:
            self.paint_on(painter, QRectF(self.rect()))
        finally:
            painter.end()

    def render_to_image(self, width: int, height: int) -> QImage:
        """The chart drawn on a white image of the given size (for tests, reports, screenshots)."""
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setFont(self.font())
        try:
            self.paint_on(painter, QRectF(0, 0, width, height))
        finally:
            painter.end()
        return image

    def paint_on(self, painter: QPainter, rect: QRectF) -> None:
        self.marks = []
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(rect, QColor("white"))
        area = rect.adjusted(10, 8, -12, -8)
        if self.title:
            area.setTop(area.top() + self._draw_title(painter, area))
        if not self.has_data():
            self._draw_empty(painter, area)
            return
        self.draw(painter, area)

    def _draw_title(self, painter: QPainter, area: QRectF) -> float:
        painter.save()
        painter.setFont(font(painter, 1.1, bold=True))
        painter.setPen(INK)
        height = painter.fontMetrics().height() + 6
        painter.drawText(QRectF(area.left(), area.top(), area.width(), height),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.restore()
        return height

    def _draw_empty(self, painter: QPainter, area: QRectF) -> None:
        painter.save()
        painter.setPen(QPen(MUTED))
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         self.empty_text)
        painter.restore()

    def add_mark(self, kind: str, rect: QRectF, key: Any = None, tip: str = "", **data) -> Mark:
        mark = Mark(kind, QRectF(rect), key, tip, data)
        self.marks.append(mark)
        return mark

    def marks_of(self, kind: str) -> list[Mark]:
        return [m for m in self.marks if m.kind == kind]

    # Interaction ###########################################################
    def mark_at(self, point: QPointF) -> Mark | None:
        """The topmost mark under a point that has a click key or a tip."""
        for mark in reversed(self.marks):
            if (mark.key is not None or mark.tip) and mark.hit_rect().contains(point):
                return mark
        return None

    def mousePressEvent(self, event) -> None:
        mark = self.mark_at(event.position())
        if mark is not None and mark.key is not None and \
                event.button() == Qt.MouseButton.LeftButton:
            self.mark_clicked.emit(mark.key)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        mark = self.mark_at(event.position())
        clickable = mark is not None and mark.key is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if clickable
                       else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            mark = self.mark_at(QPointF(event.pos()))
            if mark is not None and mark.tip:
                QToolTip.showText(event.globalPos(), mark.tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
