"""Deleted cases (case number, when, why), and bringing one back with a reason."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel,
                               QPushButton, QTableWidgetItem, QVBoxLayout, QWidget)

from ...services.cases.editing import deleted_cases, restore_case
from .. import prompts
from ..errors import show_error
from ..widgets.record_table import record_table

HEADERS = ("Case number", "Deleted at", "Reason")


def deleted_rows(cases: list[dict]) -> list[tuple[str, str, str]]:
    """Table rows: case number, when deleted, why."""
    return [(str(c["case_number"] or c["id"]),
             c["deleted_at"].strftime("%Y-%m-%d %H:%M") if c["deleted_at"] else "",
             c["deleted_reason"] or "") for c in cases]


class DeletedCasesDialog(QDialog):
    """A table of deleted cases, most recently deleted first, with a Restore button."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.cases: list[dict] = []
        self.setWindowTitle("Deleted cases")
        self.summary = QLabel()
        self.table = record_table(HEADERS, self._update_button)
        self.restore_button = QPushButton("Restore…")
        self.restore_button.setToolTip("Bring the selected case back into the registry")
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.table, buttons):
            layout.addWidget(widget)
        self.resize(700, 400)
        self.refresh()

    def refresh(self) -> None:
        """Read the deleted cases again."""
        self.cases = sorted(deleted_cases(self.ctx.registry),
                            key=lambda c: c["deleted_at"] or 0, reverse=True)
        rows = deleted_rows(self.cases)
        self.table.clearContents()
        self.table.setRowCount(len(rows))
        for line, values in enumerate(rows):
            for column, text in enumerate(values):
                self.table.setItem(line, column, QTableWidgetItem(text))
        count = len(rows)
        self.summary.setText(f"{count} deleted case{'s' if count != 1 else ''}."
                             if count else "No deleted cases.")
        self._update_button()

    def selected_case(self) -> dict | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.cases[rows.pop()] if len(rows) == 1 else None

    def _update_button(self) -> None:
        self.restore_button.setEnabled(self.selected_case() is not None)

    def restore_selected(self) -> None:
        """Ask for a reason, then bring the selected case back."""
        case = self.selected_case()
        if case is None:
            return
        number = case["case_number"] or case["id"]
        reason = prompts.ask_reason(self, "Restore case", f"Bring case {number} back into the"
                                    " registry?\n\nWhy should it be restored?", "Restore")
        if reason is None:
            return
        self.restore_button.setEnabled(False)
        self.ctx.tasks.run(lambda: restore_case(self.ctx.registry, case["id"], reason),
                           success=lambda _changes: self.refresh(),
                           failure=self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        self._update_button()
        show_error(self, exc)
