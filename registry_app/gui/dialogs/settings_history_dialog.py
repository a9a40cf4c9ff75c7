"""The history of the registry's settings: who changed which definition, when, from what to what."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from ...services.cases.history import SettingsChange, settings_history
from ..widgets.record_table import record_table

HEADERS = ("When", "Who", "Setting", "Before", "After")


class SettingsHistoryDialog(QDialog):
    """Every recorded settings change, newest first (read-only)."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings history")
        self.changes = list(reversed(settings_history(ctx.registry)))
        self.table = record_table(HEADERS, lambda: None)
        self.table.setRowCount(len(self.changes))
        for row, change in enumerate(self.changes):
            for column, value in enumerate(_cells(change)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        layout = QVBoxLayout(self)
        if not self.changes:
            layout.addWidget(QLabel("No settings were changed yet."))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 360)


def _cells(change: SettingsChange) -> tuple[str, ...]:
    return (f"{change.at:%Y-%m-%d %H:%M}", change.user, change.label, change.old_value or "",
            change.new_value or "")
