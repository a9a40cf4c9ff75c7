"""The follow-up worklist: assessments due, in window, overdue or lost; log attempts, open outcomes."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QListWidget, QPushButton, QSplitter, QTableView,
                               QVBoxLayout, QWidget)
from shiboken6 import isValid

from registry_app.domain.errors import CommentNeeded, LockedCase, RegistryError
from registry_app.domain.vocab import FOLLOWUP_METHOD, label_of
from registry_app.services.cases import followup
from registry_app.services.cases.followup import WORKLIST_VIEWS, WorklistItem
from registry_app.services.cases.queries import CaseFilter
from ...errors import show_error
from ...prompts import ask_reason
from ...query_comment import ask_query_comment
from ...widgets.field_widgets import NoWheelComboBox
from ...widgets.record_table import select_whole_rows
from .dialogs import ContactAttemptDialog, MarkLostDialog, OutcomeDialog, _FormDialog
from .model import CASE_ID_ROLE, REACHED_WORDS, WorklistModel

OUTCOME_SECTION = "outcome"


def attempt_line(contact: dict) -> str:
    """'2025-06-20 09:30 · Telephone · reached — note'."""
    when = contact.get("attempted_at")
    reached = REACHED_WORDS.get(contact.get("reached"), "")
    parts = [f"{when:%Y-%m-%d %H:%M}" if when else "time unknown",
             label_of(FOLLOWUP_METHOD, contact.get("method")), reached]
    text = " · ".join(p for p in parts if p)
    return text + (f" — {contact['note']}" if contact.get("note") else "")


class WorklistView(QWidget):
    """Pick a view (due now, in window, overdue, lost, not yet due), work through the cases."""

    open_case_requested = Signal(int, str)
    """(case id, editor section): the coordinator wants to record the outcome."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: _FormDialog | None = None
        self._dirty = True
        self._sized = False
        self.model = WorklistModel(ctx.registry, self)
        self._build()
        ctx.changed.connect(self._changes)

    # Building ##############################################################
    def _build(self) -> None:
        self.view_picker = NoWheelComboBox()
        self.view_picker.setSizeAdjustPolicy(NoWheelComboBox.SizeAdjustPolicy.AdjustToContents)
        for code, label in WORKLIST_VIEWS.items():
            self.view_picker.addItem(label, code)
        self.view_picker.currentIndexChanged.connect(self.refresh)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find case number, registry ID, MRN or name")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.refresh)
        self.search.textChanged.connect(self._refresh_when_cleared)
        self.count_label = QLabel()
        self.table = self._table()
        self.buttons = self._buttons()
        self.history = QListWidget()
        history_box = QGroupBox("Contact attempts of the selected case")
        box_layout = QVBoxLayout(history_box)
        box_layout.addWidget(self.history)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(history_box)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_bar())
        layout.addWidget(split, 1)
        layout.addLayout(self.buttons)
        self._selection_changed()

    def _top_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show:"))
        bar.addWidget(self.view_picker)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        return bar

    def _table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("worklist_table")
        table.setModel(self.model)
        select_whole_rows(table)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(60)
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort)
        header.setToolTip("Click a column to sort by it; the list opens in the order of a"
                          " day's work (in window, ending soonest; then overdue; then lost).")
        table.doubleClicked.connect(lambda _index: self.open_outcome())
        table.activated.connect(lambda _index: self.open_outcome())
        table.selectionModel().currentRowChanged.connect(self._selection_changed)
        return table

    def _buttons(self) -> QHBoxLayout:
        self.open_button = QPushButton("&Open outcome")
        self.open_button.setToolTip("Open the case at its discharge and 90-day outcome section"
                                    " (or double-click the row)")
        self.log_button = QPushButton("&Log contact attempt…")
        self.lost_button = QPushButton("Mark &lost…")
        self.unlost_button = QPushButton("Not lost after all")
        actions: tuple[tuple[QPushButton, Callable[[], None]], ...] = (
            (self.open_button, self.open_outcome), (self.log_button, self.log_attempt),
            (self.lost_button, self.mark_lost), (self.unlost_button, self.clear_lost))
        row = QHBoxLayout()
        for button, slot in actions:
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        return row

    # Loading ###############################################################
    def current_view(self) -> str:
        return self.view_picker.currentData()

    def set_view(self, view: str) -> None:
        self.view_picker.setCurrentIndex(max(self.view_picker.findData(view), 0))

    def _refresh_when_cleared(self, text: str) -> None:
        if not text:
            self.refresh()

    def refresh(self, *_args) -> None:
        """Read the view's case ids again (fast, in SQL) and the counts per view."""
        self._dirty = False
        keep = self.current_case_id()
        flt = CaseFilter(text=self.search.text().strip())
        ids = followup.worklist_ids(self.ctx.registry, self.current_view(), flt)
        self.model.set_ids(ids)
        self._sort(*self._sorted_by())
        self.count_label.setText(f"{len(ids):,} case" + ("" if len(ids) == 1 else "s"))
        self._reselect(keep)
        self._resize_columns()
        self._load_counts(flt)

    def _sorted_by(self) -> tuple[int, Qt.SortOrder]:
        header = self.table.horizontalHeader()
        return header.sortIndicatorSection(), header.sortIndicatorOrder()

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        """Sort by a clicked column (kept across refreshes); none: the order of a day's work."""
        if 0 <= column < self.model.columnCount():
            keep = self.current_case_id()
            self.model.sort(column, order)
            if keep is not None:
                self.select_case(keep)

    def sort_by_column(self, title: str, order=Qt.SortOrder.AscendingOrder) -> None:
        """As a click on the column's header (for menus and tests)."""
        column = [self.model.headerData(c, Qt.Orientation.Horizontal)
                  for c in range(self.model.columnCount())].index(title)
        self.table.horizontalHeader().setSortIndicator(column, order)

    def _resize_columns(self) -> None:
        """Fit the columns to the first rows, once (measuring every row is slow on long lists)."""
        if self.model.rowCount() and not self._sized:
            self._sized = True
            self.table.resizeColumnsToContents()

    def _load_counts(self, flt: CaseFilter) -> None:
        registry = self.ctx.registry
        self.ctx.tasks.run(lambda: followup.worklist_counts(registry, flt),
                           success=self._show_counts, failure=lambda exc: None, parent=self)

    def _show_counts(self, counts: dict[str, int]) -> None:
        if not isValid(self):
            return  # the view was closed while the counts were read
        for index in range(self.view_picker.count()):
            code = self.view_picker.itemData(index)
            self.view_picker.setItemText(index, f"{WORKLIST_VIEWS[code]} ({counts.get(code, 0):,})")

    def _reselect(self, case_id: int | None) -> None:
        row = self.model.row_of(case_id) if case_id is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self._selection_changed()

    def _changes(self, changes) -> None:
        """Cases or settings changed: the due dates and statuses may read differently."""
        if not changes.touches_cases:
            return
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    # Selection #############################################################
    def current_case_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.data(index, CASE_ID_ROLE) if index.isValid() else None

    def current_item(self) -> WorklistItem | None:
        index = self.table.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def select_case(self, case_id: int) -> bool:
        row = self.model.row_of(case_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _selection_changed(self, *_args) -> None:
        item = self.current_item()
        for button in (self.open_button, self.log_button, self.lost_button):
            button.setEnabled(item is not None)
        self.lost_button.setEnabled(item is not None and item.status != "lost")
        self.unlost_button.setVisible(item is not None and item.status == "lost")
        self._show_history(item)

    def _show_history(self, item: WorklistItem | None) -> None:
        self.history.clear()
        if item is None:
            return
        contacts = followup.contact_history(self.ctx.registry, item.case_id)
        lines = [attempt_line(c) for c in reversed(contacts)] or ["No attempt logged yet."]
        self.history.addItems(lines)

    # Actions ###############################################################
    def open_outcome(self) -> None:
        case_id = self.current_case_id()
        if case_id is not None:
            self.open_case_requested.emit(int(case_id), OUTCOME_SECTION)

    def log_attempt(self) -> None:
        item = self.current_item()
        if item is None:
            return
        now = self.ctx.opened_registry.now().replace(second=0, microsecond=0)
        dialog = ContactAttemptDialog(item.case_number, now, self)
        dialog.on_submit = lambda: self._submit(
            dialog, item.case_id,
            lambda reason, comment: followup.log_contact_attempt(
                self.ctx.registry, item.case_id, **dialog.values(), reason=reason,
                query_comment=comment),
            then=lambda: self._outcome_after(item, dialog.values(), dialog.learned()))
        self._open(dialog)

    def _outcome_after(self, item: WorklistItem, contact: dict, learned: dict) -> None:
        """A reached contact is followed by the outcome dialog, pre-filled with what was learned
        on the call; nothing is stored until the coordinator saves it."""
        if not contact["reached"]:
            return
        dialog = OutcomeDialog(item.case_number, contact["when"].date(), contact["method"],
                               learned.get("mrs_90d"), learned.get("death_date"), self)
        dialog.on_submit = lambda: self._submit(
            dialog, item.case_id,
            lambda reason, comment: followup.record_outcome(
                self.ctx.registry, item.case_id, **dialog.values(), reason=reason,
                query_comment=comment))
        self._open(dialog)

    def mark_lost(self) -> None:
        item = self.current_item()
        if item is None:
            return
        dialog = MarkLostDialog(item.case_number, item.attempts, self)
        dialog.on_submit = lambda: self._submit(
            dialog, item.case_id,
            lambda reason, comment: followup.mark_lost(
                self.ctx.registry, item.case_id, dialog.reason_code(), change_reason=reason,
                query_comment=comment))
        self._open(dialog)

    def clear_lost(self) -> None:
        item = self.current_item()
        if item is not None:
            self._save(item.case_id, lambda reason, comment: followup.clear_lost(
                self.ctx.registry, item.case_id, change_reason=reason, query_comment=comment))

    def _open(self, dialog: _FormDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.open()

    def _submit(self, dialog: _FormDialog, case_id: int, op, reason: str | None = None,
                then: Callable[[], None] | None = None, comment: str | None = None) -> None:
        """Run the save op(reason, comment) on the worker; errors stay in the dialog, in plain
        words; `then` runs after a successful save."""
        dialog.set_busy(True)

        def failed(exc: BaseException) -> None:
            dialog.set_busy(False)
            self._failed(exc, dialog, lambda r, c: self._submit(dialog, case_id, op, r, then, c),
                         reason, comment)

        def saved(_result) -> None:
            self._saved(case_id, dialog)
            if then is not None and isValid(self):
                then()
        self.ctx.tasks.run(lambda: op(reason, comment), success=saved, failure=failed,
                           parent=self)

    def _save(self, case_id: int, op, reason: str | None = None,
              comment: str | None = None) -> None:
        self.ctx.tasks.run(lambda: op(reason, comment),
                           success=lambda _r: self._saved(case_id, None),
                           failure=lambda exc: self._failed(
                               exc, None, lambda r, c: self._save(case_id, op, r, c),
                               reason, comment),
                           parent=self)

    def _failed(self, exc: BaseException, dialog: _FormDialog | None, retry,
                reason: str | None = None, comment: str | None = None) -> None:
        """A signed-off month asks for a reason, a broken consistency rule for a comment
        (saved as open queries); both then retry(reason, comment)."""
        if isinstance(exc, LockedCase):
            reason = ask_reason(self, "Signed-off month", f"{exc.message}\n\nReason:", "Save")
            if reason:
                retry(reason, comment)
        elif isinstance(exc, CommentNeeded):
            comment = ask_query_comment(self, exc.issues)
            if comment:
                retry(reason, comment)
            elif dialog is not None:
                dialog.show_error("Not saved: correct the values or save them with a comment"
                                  " (each broken rule becomes an open query).")
        elif isinstance(exc, RegistryError) and dialog is not None:
            dialog.show_error(exc.message)
        else:
            show_error(dialog or self, exc)

    def _saved(self, case_id: int, dialog: _FormDialog | None) -> None:
        if not isValid(self):
            return
        if dialog is not None:
            dialog.finish()
        if not self.isVisible():
            self.refresh()
        self.select_case(case_id)
