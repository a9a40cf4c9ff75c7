"""A case's audit trail: who changed what, when, from which value to which, and why."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel,
                               QPushButton, QTableWidgetItem, QVBoxLayout, QWidget)

from ...services.audit_service import HistoryEntry, case_history, restore_value
from .. import prompts
from ..errors import show_error
from ..widgets.record_table import record_table

HEADERS = ("When", "User", "Action", "Field", "Before", "After", "Reason")
ACTIONS = {"create": "Created", "update": "Changed", "delete": "Deleted", "restore": "Restored",
           "import": "Imported", "demo": "Demo data"}


def history_rows(entries: list[HistoryEntry]) -> list[tuple[str, ...]]:
    """Table rows, in the order given."""
    return [(e.at.strftime("%Y-%m-%d %H:%M"), e.user or "", ACTIONS.get(e.action, e.action or ""),
             e.field_label, e.old_value or "", e.new_value or "", e.reason or "")
            for e in entries]


def shown(value: str | None) -> str:
    return f"“{value}”" if value else "empty"


class HistoryDialog(QDialog):
    """The audit trail of one case; a changed value can be put back, with a reason."""

    def __init__(self, ctx, case_id: int, case_number: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case_id, self.editor = ctx, case_id, parent
        self.number = case_number or str(case_id)
        self.setWindowTitle(f"History of case {self.number}")
        self.entries: list[HistoryEntry] = []
        self.summary = QLabel()
        self.table = record_table(HEADERS, self._update_button)
        self.restore_button = QPushButton("Restore earlier value…")
        self.restore_button.setToolTip("Put the selected field back to its value before the change")
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.table, buttons):
            layout.addWidget(widget)
        self.resize(900, 480)
        self.refresh()

    def refresh(self) -> None:
        """Read the trail again (newest first)."""
        self.entries = list(reversed(case_history(self.ctx.registry, self.case_id)))
        rows = history_rows(self.entries)
        self.table.clearContents()
        self.table.setRowCount(len(rows))
        for line, values in enumerate(rows):
            for column, text in enumerate(values):
                self.table.setItem(line, column, QTableWidgetItem(text))
        count = len(rows)
        self.summary.setText(f"{count} recorded change{'s' if count != 1 else ''}, newest first."
                             " Select a changed value to put back what it was before.")
        self._update_button()

    def selected_entry(self) -> HistoryEntry | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.entries[rows.pop()] if len(rows) == 1 else None

    def _update_button(self) -> None:
        entry = self.selected_entry()
        self.restore_button.setEnabled(entry is not None and entry.restorable)

    def restore_selected(self) -> None:
        """Ask for a reason, then put the selected entry's earlier value back."""
        entry = self.selected_entry()
        if entry is None or not entry.restorable:
            return
        reason = prompts.ask_reason(
            self, "Restore earlier value", f"Set {entry.field_label} of case {self.number} back"
            f" to {shown(entry.old_value)} (it is {shown(entry.new_value)} since this change)?"
            "\n\nWhy is the earlier value right?", "Restore")
        if reason is None:
            return
        self.restore_button.setEnabled(False)
        self.ctx.tasks.run(lambda: restore_value(self.ctx.registry, self.case_id,
                                                 entry.audit_id, reason),
                           success=lambda _result: self._restored(entry),
                           failure=self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        self._update_button()
        show_error(self, exc)

    def _restored(self, entry: HistoryEntry) -> None:
        self.refresh()
        self.ctx.notify_cases_changed([self.case_id])
        if hasattr(self.editor, "reload_after_conflict"):
            self._reload_editor(entry)

    def _reload_editor(self, entry: HistoryEntry) -> None:
        """Opened from a case editor: say so, and show the case as it is stored now."""
        message = (f"{entry.field_label} was set back to {shown(entry.old_value)}, so case"
                   f" {self.number} has changed. The case window will now show the saved case.")
        editor = self.editor
        if editor.is_dirty():
            message += " Your unsaved values stay listed there so you can take them back."
        prompts.inform(self, "Case changed", message)
        editor.reload(f"{entry.field_label} was restored from the history.")
