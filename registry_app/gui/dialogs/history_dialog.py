"""A case's audit trail, one group per save: who, when and why, then each changed field by its
label with the value before and after in words. A changed value can be put back, with a reason."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel,
                               QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ...domain.errors import CommentNeeded
from ...services.cases.history import HistoryEntry, HistorySave, history_by_save, restore_value
from .. import prompts
from ..errors import show_error
from ..query_comment import ask_query_comment

HEADERS = ("Field", "Before", "After")
ACTIONS = {"create": "Created", "update": "Changed", "delete": "Deleted", "restore": "Restored",
           "import": "Imported", "demo": "Demo data", "merge": "Merged",
           "unmerge": "Merge undone", "query opened": "Query opened",
           "query resolved": "Query resolved"}
ENTRY_ROLE = Qt.ItemDataRole.UserRole


def save_title(group: HistorySave) -> str:
    """'Changed 2025-06-30 14:30 by tester — reason: Age misread' (the group's heading)."""
    action = ACTIONS.get(group.action, group.action or "")
    count = len(group.changes)
    fields = f", {count} field{'s' if count != 1 else ''}" if count else ""
    text = f"{action} {group.at:%Y-%m-%d %H:%M} by {group.user or 'unknown'}{fields}"
    return text + (f" — reason: {group.reason}" if group.reason else "")


def change_row(entry: HistoryEntry) -> tuple[str, str, str]:
    """(field label, before, after) in words; an empty value reads 'empty'."""
    return entry.field_label, entry.old_text or "empty", entry.new_text or "empty"


def shown(value: str | None) -> str:
    return f"“{value}”" if value else "empty"


class HistoryDialog(QDialog):
    """The audit trail of one case; a changed value can be put back, with a reason."""

    def __init__(self, ctx, case_id: int, case_number: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case_id = ctx, case_id
        self.editor: Any = parent  # a case editor (is_dirty, reload) when opened from one
        self.number = case_number or str(case_id)
        self.setWindowTitle(f"History of case {self.number}")
        self.groups: list[HistorySave] = []
        self.summary = QLabel()
        self.tree = self._tree()
        self.restore_button = QPushButton("Restore earlier value…")
        self.restore_button.setToolTip("Put the selected field back to its value before the change")
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.tree, buttons):
            layout.addWidget(widget)
        self.resize(900, 480)
        self.refresh()

    def _tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels(list(HEADERS))
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setAlternatingRowColors(True)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        tree.itemSelectionChanged.connect(self._update_button)
        return tree

    def refresh(self) -> None:
        """Read the trail again (newest save first)."""
        self.groups = list(reversed(history_by_save(self.ctx.registry, self.case_id)))
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for group in self.groups:
            top = QTreeWidgetItem([save_title(group)])
            top.setFont(0, bold)
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for entry in group.changes:
                child = QTreeWidgetItem(list(change_row(entry)))
                child.setData(0, ENTRY_ROLE, entry)
                top.addChild(child)
            top.setExpanded(True)
        count = len(self.groups)
        self.summary.setText(f"{count} save{'s' if count != 1 else ''}, newest first, each with"
                             " the fields it changed. Select a changed value to put back what it"
                             " was before.")
        self._update_button()

    def selected_entry(self) -> HistoryEntry | None:
        items = self.tree.selectedItems()
        return items[0].data(0, ENTRY_ROLE) if len(items) == 1 else None

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
            f" to {shown(entry.old_text)} (it is {shown(entry.new_text)} since this change)?"
            "\n\nWhy is the earlier value right?", "Restore")
        if reason is None:
            return
        self._restore(entry, reason)

    def _restore(self, entry: HistoryEntry, reason: str, comment: str | None = None) -> None:
        self.restore_button.setEnabled(False)
        self.ctx.tasks.run(lambda: restore_value(self.ctx.registry, self.case_id,
                                                 entry.audit_id, reason, comment,
                                                 field=entry.field),
                           success=lambda _result: self._restored(entry),
                           failure=lambda exc: self._failed(exc, entry, reason), parent=self)

    def _failed(self, exc: BaseException, entry: HistoryEntry, reason: str) -> None:
        """An earlier value that breaks a consistency rule is restored with a comment, as
        open queries (as in the case editor); other problems are told in plain words."""
        self._update_button()
        if isinstance(exc, CommentNeeded):
            comment = ask_query_comment(self, exc.issues)
            if comment:
                self._restore(entry, reason, comment)
            return
        show_error(self, exc)

    def _restored(self, entry: HistoryEntry) -> None:
        self.refresh()
        if hasattr(self.editor, "reload_after_conflict"):
            self._reload_editor(entry)

    def _reload_editor(self, entry: HistoryEntry) -> None:
        """Opened from a case editor: say so, and show the case as it is stored now."""
        message = (f"{entry.field_label} was set back to {shown(entry.old_text)}, so case"
                   f" {self.number} has changed. The case window will now show the saved case.")
        editor = self.editor
        if editor.is_dirty():
            message += " Your unsaved values stay listed there so you can take them back."
        prompts.inform(self, "Case changed", message)
        editor.reload(f"{entry.field_label} was restored from the history.")
