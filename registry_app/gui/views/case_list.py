"""The case list: filter bar over a table of all matching cases (model/view, lazy rows).

Built before the registry is open (filters and column layout already restored); ``start``
begins reading once it is.
"""
from __future__ import annotations

import json

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QMenu,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from ..context import GuiContext
from ..models.case_table_model import (COUNTING, PAGE_ONLY, CaseIdRole, CaseTableModel,
                                       CompletenessRole)
from ..models.columns import COLUMNS, column_index
from ..widgets.record_table import select_whole_rows
from .case_filters import FilterBar, limited

PREFS_FILTERS, PREFS_HEADER = "case_list/filters", "case_list/header"
RELOAD_DELAY_MS = 150
EMPTY_TEXT = ("<b>This registry has no cases yet.</b> To start, enter a procedure with"
              " <b>New case</b> (Ctrl+N) on the toolbar, or bring in an existing spreadsheet"
              " with <b>Import</b> (Ctrl+I). To try the program first, open a separate demo"
              " registry (File → Load demo data… offers it only while a registry is empty).")


class CaseListView(QWidget):
    """Find cases by search and filters; Enter or double-click opens one."""

    open_case_requested = Signal(int)
    current_case_changed = Signal(object)
    history_requested = Signal(int)
    delete_requested = Signal(int)
    merge_requested = Signal(int, int)
    """Two selected cases to merge (right-click with two cases selected)."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = CaseTableModel(ctx.registry, lambda: ctx.settings, self, background=True)
        self.filters = FilterBar()
        self.banner, self.banner_label = self._banner()
        self.table = self._table()
        self.empty_note = self._empty_note()
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self._reload_after_changes)
        self._unknown_changes = False  # a change of unknown cases is waiting for the reload
        self._limited: list[int] | None = None
        self._keep: int | None = None
        layout = QVBoxLayout(self)
        for widget in (self.filters, self.banner, self.empty_note, self.table):
            layout.addWidget(widget)
        self.filters.changed.connect(self.apply_filters)
        self.model.reloaded.connect(self._reloaded)
        self.model.counted.connect(self._counted)
        self.model.completed.connect(self._all_ids_known)
        self.model.reload_failed.connect(self.filters.count_label.setText)
        ctx.changed.connect(self.on_changes)
        self.restore_prefs()

    def _table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("case_table")
        table.setModel(self.model)
        select_whole_rows(table)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # to merge two
        table.setWordWrap(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.horizontalHeader().setHighlightSections(False)
        table.horizontalHeader().setStretchLastSection(True)
        for index, column in enumerate(COLUMNS):
            table.setColumnWidth(index, column.width)
        table.horizontalHeader().setSortIndicator(column_index("procedure_date"),
                                                  Qt.SortOrder.DescendingOrder)
        table.activated.connect(self._open_index)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        table.selectionModel().currentRowChanged.connect(
            lambda current, _: self.current_case_changed.emit(current.data(CaseIdRole)))
        return table

    def _banner(self) -> tuple[QWidget, QLabel]:
        banner, label = QWidget(), QLabel()
        banner.setObjectName("limited_banner")
        banner.setStyleSheet("#limited_banner { background: #fff4db; border-radius: 4px; }")
        button = QPushButton("Show all cases")
        button.clicked.connect(lambda: self.show_cases(None))
        row = QHBoxLayout(banner)
        row.addWidget(label, 1)
        row.addWidget(button)
        banner.setVisible(False)
        return banner, label

    def _empty_note(self) -> QLabel:
        note = QLabel(EMPTY_TEXT)
        note.setObjectName("empty_note")
        note.setWordWrap(True)
        note.setStyleSheet("#empty_note { background: #e8f0fe; border-radius: 4px;"
                           " padding: 12px; }")
        note.setVisible(False)
        return note

    def context_menu(self, case_id: int) -> QMenu:
        """Open, history and delete for one case (the right-click menu)."""
        menu = QMenu(self)
        for text, signal in (("&Open", self.open_case_requested),
                             ("&History…", self.history_requested),
                             ("&Delete…", self.delete_requested)):
            menu.addAction(text).triggered.connect(lambda _=False, s=signal: s.emit(case_id))
        return menu

    def _context_menu(self, pos) -> None:
        index = self.table.indexAt(pos)
        case_id = index.data(CaseIdRole) if index.isValid() else None
        if case_id is None:
            return
        pair = self.selected_case_ids()
        if len(pair) == 2 and int(case_id) in pair:
            menu = self.pair_menu(*pair)
        else:
            self.table.selectRow(index.row())
            menu = self.context_menu(int(case_id))
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def pair_menu(self, first: int, second: int) -> QMenu:
        """The right-click menu of two selected cases: merge them."""
        menu = QMenu(self)
        menu.addAction("&Merge these two cases…").triggered.connect(
            lambda _=False: self.merge_requested.emit(first, second))
        return menu

    def selected_case_ids(self) -> list[int]:
        """The selected cases, in list order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        ids = [self.model.index(row, 0).data(CaseIdRole) for row in rows]
        return [int(case_id) for case_id in ids if case_id is not None]

    # Loading and filtering ######################################################

    def start(self) -> None:
        """First load, once the registry is open: the ids (sorting enabled) under the
        remembered filters."""
        self.model.registry = self.ctx.registry
        self._paint_completeness()
        self.model.filter = self.filters.to_filter(self.ctx.today())
        self.filters.count_label.setText("Loading…")
        self.table.setSortingEnabled(True)  # sorts (and so loads) by the header indicator

    def _paint_completeness(self) -> None:
        """The completeness pills (set with the first rows: nothing to paint before)."""
        from ..widgets.completeness_badge import CompletenessDelegate
        self.table.setItemDelegateForColumn(column_index("completeness"),
                                            CompletenessDelegate(CompletenessRole, self.table))

    def refresh(self) -> None:
        self.reload_keeping_selection()

    def apply_filters(self) -> None:
        if not self.ctx.is_open:
            return  # start() applies them
        flt = self.filters.to_filter(self.ctx.today())
        if self._limited is not None:
            flt = limited(flt, self._limited)
        self.filters.count_label.setText("Searching…")
        self.model.set_filter(flt)
        self.save_prefs()

    def show_cases(self, ids: list[int] | None, title: str = "") -> None:
        """Limit the list to given cases (from the dashboard) or, with None, show all again."""
        self._limited = None if ids is None else list(ids)
        self.banner.setVisible(ids is not None)
        if ids is not None:
            self.filters.restore({})
            self.banner_label.setText(f"Showing the {len(ids):,} cases behind: {title}")
        self.apply_filters()

    def on_changes(self, changes) -> None:
        """Settings: read everything again; cases: those rows now, the ids shortly."""
        if changes.settings:
            self.reload_keeping_selection()
        elif changes.cases:
            self.on_cases_changed(sorted(changes.case_ids))

    def on_cases_changed(self, ids: list[int]) -> None:
        """Repaint changed rows now and re-read the ids shortly (new or moved cases)."""
        self.model.refresh_ids(ids)
        self._unknown_changes = self._unknown_changes or not ids
        self._reload_timer.start()

    def _reload_after_changes(self) -> None:
        """Cached rows stay when only known cases changed (their rows were read again)."""
        keep, self._unknown_changes = not self._unknown_changes, False
        self.reload_keeping_selection(keep_rows=keep)

    def reload_keeping_selection(self, keep_rows: bool = False) -> None:
        """Read the ids again; the selected case stays selected when the new list arrives.
        `keep_rows`: only cases whose rows were refreshed changed (our own saves)."""
        self._keep = self.current_case_id()
        self.model.reload(keep_rows=keep_rows)

    def _reloaded(self, count: int) -> None:
        if count == COUNTING:
            self.filters.count_label.setText(counting_text(self.model.rowCount(),
                                                           self.model.counting == PAGE_ONLY))
        if self._keep is not None and (self.select_case(self._keep) or self.model.complete):
            self._keep = None

    def _counted(self, count: int) -> None:
        self.filters.show_count(count)
        from ...services.cases.queries import count_cases
        self.empty_note.setVisible(count == 0 and self._limited is None
                                   and count_cases(self.ctx.opened_registry) == 0)

    def _all_ids_known(self) -> None:
        """The kept case was past the first page: select it now its row is known."""
        keep, self._keep = self._keep, None
        if keep is not None:
            self.select_case(keep)

    def shutdown(self) -> None:
        self._reload_timer.stop()
        self.model.shutdown()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    # Selection ###################################################################

    def current_case_id(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(CaseIdRole) if index.isValid() else None

    def select_case(self, case_id: int) -> bool:
        row = self.model.row_of(case_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def _open_index(self, index) -> None:
        case_id = index.data(CaseIdRole)
        if case_id is not None:
            self.open_case_requested.emit(case_id)

    def focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    # Remembering #################################################################

    def save_prefs(self) -> None:
        prefs = self.ctx.prefs
        prefs.setValue(PREFS_FILTERS, json.dumps(_without_search(self.filters.state())))
        prefs.setValue(PREFS_HEADER, self.table.horizontalHeader().saveState())

    def restore_prefs(self) -> None:
        raw = self.ctx.prefs.value(PREFS_FILTERS, "{}") or "{}"
        try:
            state = json.loads(raw) if isinstance(raw, (str, bytes, bytearray)) else {}
        except (TypeError, ValueError):
            state = {}
        self.filters.restore(_without_search(state) if isinstance(state, dict) else {})
        header = self.ctx.prefs.value(PREFS_HEADER)
        if header:
            self.table.horizontalHeader().restoreState(header)


def _without_search(state: dict) -> dict:
    """The filters to remember: never the search text, which can be an MRN or a name."""
    return {key: value for key, value in state.items() if key != "text"}


def counting_text(rows: int, page_only: bool) -> str:
    """The count label while the matching cases are being counted."""
    if page_only:
        return f"More than {rows:,} cases (counting…)"
    return f"{rows:,} cases (counting again…)"
