"""The merges of cases (who merged which case into which, when), and undoing one."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPushButton, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ...services.cases.merging import MergeRecord, merges, undo_merge
from .. import prompts
from ..errors import show_error
from ..widgets.record_table import record_table

HEADERS = ("Merge", "Kept case", "Case merged away", "When", "By", "Undone")


def merge_row(record: MergeRecord) -> tuple[str, ...]:
    undone = f"{record.undone_at:%Y-%m-%d %H:%M}" if record.undone_at else ""
    return (str(record.merge_id), record.kept_number, record.merged_number,
            f"{record.merged_at:%Y-%m-%d %H:%M}", record.merged_by, undone)


class MergesDialog(QDialog):
    """Every merge, newest first, with Undo merge for one not undone yet."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.records: list[MergeRecord] = []
        self.setWindowTitle("Merged cases")
        self.summary = QLabel()
        self.table = record_table(HEADERS, self._update_button)
        self.undo_button = QPushButton("Undo merge…")
        self.undo_button.setToolTip("Give back both cases exactly as they were before the merge")
        self.undo_button.clicked.connect(self.undo_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.table, buttons):
            layout.addWidget(widget)
        self.resize(720, 380)
        self.refresh()

    def refresh(self) -> None:
        self.records = merges(self.ctx.registry)
        self.table.clearContents()
        self.table.setRowCount(len(self.records))
        for line, record in enumerate(self.records):
            for column, text in enumerate(merge_row(record)):
                self.table.setItem(line, column, QTableWidgetItem(text))
        count = len(self.records)
        self.summary.setText(f"{count} merge{'s' if count != 1 else ''}." if count
                             else "No cases were merged.")
        self._update_button()

    def selected(self) -> MergeRecord | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.records[rows.pop()] if len(rows) == 1 else None

    def _update_button(self) -> None:
        record = self.selected()
        self.undo_button.setEnabled(record is not None and record.undone_at is None)

    def undo_selected(self) -> None:
        """Ask why, then undo the selected merge on the database worker."""
        record = self.selected()
        if record is None:
            return
        reason = prompts.ask_reason(
            self, "Undo merge", f"Undo merge {record.merge_id}? Case {record.kept_number} and"
            f" case {record.merged_number} come back exactly as they were before it.\n\nWhy?",
            "Undo merge")
        if reason is None:
            return
        self.undo_button.setEnabled(False)
        self.ctx.tasks.run(lambda: undo_merge(self.ctx.registry, record.merge_id, reason),
                           success=lambda _done: self.refresh(), failure=self._failed,
                           parent=self)

    def _failed(self, exc: BaseException) -> None:
        self._update_button()
        show_error(self, exc)
