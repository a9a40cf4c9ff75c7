"""A read-only table of rates whose count cells are links to their cases (the dashboards')."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def rate_table(model: QAbstractItemModel, name: str, on_click: Callable[[QModelIndex], None],
               row_padding: int = 8) -> QTableView:
    """The model's rows, columns fitted to their contents, nothing selectable or editable;
    a click (or Enter) on a cell calls on_click with its index."""
    table = QTableView()
    table.setModel(model)
    table.setObjectName(name)
    table.verticalHeader().hide()
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + row_padding)
    table.clicked.connect(on_click)
    table.activated.connect(on_click)
    return table


class RateRowsModel(QAbstractTableModel):
    """Read-only table model over rows made from a statistics result. Subclasses set HEADERS
    and make_rows (statistics dict -> rows; a staticmethod) and say what each cell shows."""

    HEADERS: tuple[str, ...] = ()
    make_rows: Callable[[dict], list]

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list = []

    def set_stats(self, stats: dict) -> None:
        self.beginResetModel()
        self.rows = self.make_rows(stats)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None
