"""A case's audit trail: who changed what, when, from which value to which, and why."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ...domain.fields import FIELDS_BY_CODE, PASS_FIELDS_BY_CODE
from ...services.cases import case_history

HEADERS = ("When", "User", "Action", "Field", "Before", "After", "Reason")
ACTIONS = {"create": "Created", "update": "Changed", "delete": "Deleted", "restore": "Restored",
           "import": "Imported", "demo": "Demo data"}


def field_words(code: str | None) -> str:
    """A field code in words; pass changes look like 'pass 2 technique'."""
    if not code:
        return ""
    if code in FIELDS_BY_CODE:
        return FIELDS_BY_CODE[code].label
    parts = code.split(" ")
    if len(parts) == 3 and parts[0] == "pass" and parts[2] in PASS_FIELDS_BY_CODE:
        return f"Pass {parts[1]}: {PASS_FIELDS_BY_CODE[parts[2]].label}"
    return code


def history_rows(entries: list[dict]) -> list[tuple[str, ...]]:
    """Table rows, newest first."""
    return [(e["at"].strftime("%Y-%m-%d %H:%M"), e["user"] or "",
             ACTIONS.get(e["action"], e["action"] or ""), field_words(e["field"]),
             e["old_value"] or "", e["new_value"] or "", e["reason"] or "")
            for e in reversed(entries)]


class HistoryDialog(QDialog):
    """Read-only table of the audit trail of one case."""

    def __init__(self, ctx, case_id: int, case_number: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History of case {case_number or case_id}")
        rows = history_rows(case_history(ctx.registry, case_id))
        self.table = QTableWidget(len(rows), len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for line, values in enumerate(rows):
            for column, text in enumerate(values):
                self.table.setItem(line, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{len(rows)} recorded change{'s' if len(rows) != 1 else ''},"
                                " newest first."))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(900, 480)
