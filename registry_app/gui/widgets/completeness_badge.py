"""How complete a case is, as a small coloured badge: in the case list and in the editor."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (QLabel, QStyle, QStyledItemDelegate, QStyleOptionViewItem,
                               QWidget)

COMPLETE, MOSTLY = 0.999, 0.75
PILL_WIDTH = 72
ITEM_VIEW_ITEM = QStyle.ControlElement.CE_ItemViewItem
ANTIALIASING = QPainter.RenderHint.Antialiasing
CENTRED = Qt.AlignmentFlag.AlignCenter
COLOURS = {"complete": ("#1e6b34", "#dcf1e2"), "mostly": ("#8a5300", "#fff0cf"),
           "incomplete": ("#b3261e", "#fbe3e1")}


def band(share: float | None) -> str:
    """'complete', 'mostly' (75 % or more) or 'incomplete'."""
    if share is None or share < MOSTLY:
        return "incomplete"
    return "complete" if share >= COMPLETE else "mostly"


def percent_text(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)} %"


class CompletenessDelegate(QStyledItemDelegate):
    """Paints the completeness column as a pill; the model gives the share in a custom role."""

    def __init__(self, role: int, parent=None) -> None:
        super().__init__(parent)
        self.role = role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        share = index.data(self.role)
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(ITEM_VIEW_ITEM, option, painter, option.widget)
        self._pill(painter, option, share)

    def _pill(self, painter: QPainter, option: QStyleOptionViewItem, share) -> None:
        ink, fill = COLOURS[band(share)]
        rect = QRectF(option.rect).adjusted(4, 3, -4, -3)
        rect.setWidth(min(rect.width(), PILL_WIDTH))
        painter.save()
        painter.setRenderHint(ANTIALIASING)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(QColor(ink))
        painter.drawText(rect, CENTRED, percent_text(share))
        painter.restore()


class CompletenessBadge(QLabel):
    """'82 % complete' in the band's colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.share: float | None = None
        self.set_share(None)

    def set_share(self, share: float | None) -> None:
        self.share = share
        ink, fill = COLOURS[band(share)]
        self.setText(f"{percent_text(share)} complete")
        self.setStyleSheet(f"QLabel {{ color: {ink}; background: {fill}; padding: 2px 8px;"
                           " border-radius: 8px; font-weight: bold; }")
        self.setToolTip("Share of the required and recommended fields that are filled for"
                        " this territory.")
