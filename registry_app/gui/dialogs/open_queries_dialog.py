"""Open data queries (case, field, the broken rule, the comment), opened or resolved with a note."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPushButton, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ...domain.fields import FIELDS_BY_CODE
from ...services.cases.data_queries import DataQuery, list_queries, resolve_query
from .. import prompts
from ..errors import show_error
from ..widgets.record_table import record_table

HEADERS = ("Case number", "Field", "Opened", "Comment", "Problem")


def field_names(codes: str) -> str:
    """The field labels of a query's comma-separated field codes."""
    return ", ".join(FIELDS_BY_CODE[c].label if c in FIELDS_BY_CODE else c
                     for c in codes.split(","))


def query_row(query: DataQuery) -> tuple[str, ...]:
    """Table row: case number, field, when and by whom opened, comment, the rule's message."""
    return (query.case_number, field_names(query.fields),
            f"{query.opened_at:%Y-%m-%d} {query.opened_by}", query.comment or "", query.message)


class OpenQueriesDialog(QDialog):
    """Every open query, by case number, with Open case and Resolve buttons."""

    open_case_requested = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.queries: list[DataQuery] = []
        self.setWindowTitle("Open queries")
        self.summary = QLabel()
        self.table = record_table(HEADERS, self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.open_button = QPushButton("Open case")
        self.open_button.clicked.connect(self.open_selected)
        self.resolve_button = QPushButton("Resolve…")
        self.resolve_button.setToolTip("Close the selected query with a note (audited)")
        self.resolve_button.clicked.connect(self.resolve_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.open_button, self.resolve_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.table, buttons):
            layout.addWidget(widget)
        self.resize(1000, 420)
        self.refresh()

    def refresh(self) -> None:
        """Read the open queries again."""
        self.queries = list_queries(self.ctx.registry)
        self.table.clearContents()
        self.table.setRowCount(len(self.queries))
        for line, query in enumerate(self.queries):
            for column, text in enumerate(query_row(query)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(line, column, item)
        count = len(self.queries)
        self.summary.setText(
            f"{count} open quer{'ies' if count != 1 else 'y'}: consistency rules saved with a"
            " comment. Correct the case (the query closes itself) or resolve it with a note."
            if count else "No open queries.")
        self._update_buttons()

    def selected(self) -> DataQuery | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.queries[rows.pop()] if len(rows) == 1 else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.open_button.setEnabled(chosen)
        self.resolve_button.setEnabled(chosen)

    def open_selected(self) -> None:
        query = self.selected()
        if query is not None:
            self.open_case_requested.emit(query.case_id)
            self.accept()

    def resolve_selected(self) -> None:
        """Ask for the resolution note, then close the selected query."""
        query = self.selected()
        if query is None:
            return
        note = prompts.ask_reason(
            self, "Resolve query", f"Case {query.case_number}: {query.message}\n\nHow was it"
            " settled (e.g. 'checked with the angiography report: the form is right')?",
            "Resolve", "Resolution note (recorded in the audit trail)")
        if note is None:
            return
        self.resolve_button.setEnabled(False)
        self.ctx.tasks.run(lambda: resolve_query(self.ctx.registry, query.id, note),
                           success=lambda _changes: self.refresh(),
                           failure=self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        self._update_buttons()
        show_error(self, exc)
