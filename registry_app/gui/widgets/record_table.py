"""Read-only tables whose rows are records: one whole row selected at a time."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget


def select_whole_rows(view: QTableView) -> None:
    """Read-only, one whole row selected at a time, alternating row colours, no row numbers."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)


def record_table(headers: list[str] | tuple[str, ...], on_selection) -> QTableWidget:
    """Columns sized to content, the last one stretched; `on_selection` runs on selection change."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    select_whole_rows(table)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    table.itemSelectionChanged.connect(on_selection)
    return table
