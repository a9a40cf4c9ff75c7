"""The case list model: the ordered ids of matching cases, rows fetched a page at a time.

Holds only ``services.queries.case_ids`` (sorted and filtered in SQL) and a small cache of
rows read with ``list_rows`` when the view first paints them, so 100,000 cases open at once.
``refresh_ids`` drops changed rows from the cache; ``reload`` asks for the ids again: at once,
or with ``background=True`` on a reader thread (``loading`` is True until ``reloaded``).
"""
from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ...domain import derived
from ...domain.case import Case
from ...domain.settings import RegistrySettings
from ...services.queries import CaseFilter, case_ids, list_rows
from ...services.registry import Registry
from .columns import COLUMNS, FETCHED
from .id_query import IdQuery

PAGE = 200
MAX_CACHED = 4000
CaseIdRole = Qt.ItemDataRole.UserRole + 1
CompletenessRole = Qt.ItemDataRole.UserRole + 2
UNREADABLE = {"case_number": "(could not be read)"}
Index = QModelIndex | QPersistentModelIndex


class CaseTableModel(QAbstractTableModel):
    """Cases matching a filter, in SQL order, read lazily."""

    reloaded = Signal(int)
    """The number of matching cases after a reload."""
    reload_failed = Signal(str)
    """The ids could not be read (plain words; the details are in the log)."""

    def __init__(self, registry: Registry, settings: Callable[[], RegistrySettings],
                 parent=None, background: bool = False) -> None:
        super().__init__(parent)
        self.registry, self._settings = registry, settings
        self._query = IdQuery(self) if background else None
        if self._query is not None:
            self._query.answered.connect(self._answered)
        self._generation, self.loading = 0, False
        self.filter = CaseFilter()
        self.sort_key, self.descending = "procedure_date", True
        self._ids: list[int] = []
        self._positions: dict[int, int] | None = None
        self._rows: dict[int, dict] = {}
        self._loaded = False
        self.fetches = 0

    # Qt model interface ##########################################################

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == CaseIdRole:
            return self._ids[index.row()]
        if role not in _ROW_ROLES:
            return None
        column, row = COLUMNS[index.column()], self.row_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return column.show(row.get(column.key))
        if role == CompletenessRole:
            return row.get("completeness")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        return column.tooltip or None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].header
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section].tooltip or COLUMNS[section].header
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by the column's key, then read the ids again."""
        if not 0 <= column < len(COLUMNS):
            return
        wanted = (COLUMNS[column].sorts_by, order == Qt.SortOrder.DescendingOrder)
        if self._loaded and wanted == (self.sort_key, self.descending):
            return  # Qt asks twice for one click (indicator change, then sortByColumn)
        self.sort_key, self.descending = wanted
        self.reload()

    # Ids and rows ################################################################

    def set_filter(self, flt: CaseFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        """Query the matching ids again (filter, sort); cached rows are forgotten on arrival."""
        self._generation += 1
        query = partial(case_ids, self.registry, self.filter, self.sort_key, self.descending)
        if self._query is None or self._query.closed:
            self._answered(self._generation, *_run_now(query))
            return
        self.loading = True
        self._query.submit(self._generation, query)

    def _answered(self, generation: int, ids: list[int] | None,
                  error: BaseException | None) -> None:
        if generation != self._generation:
            return  # a newer request is on its way
        self.loading = False
        if error is not None:
            from ..errors import log_exception
            log_exception(error, "Could not read the case list")
            self.reload_failed.emit("The list could not be read; details are in the log file.")
            return
        self.beginResetModel()
        self._ids, self._positions, self._rows, self._loaded = ids, None, {}, True
        self.endResetModel()
        self.reloaded.emit(len(ids))

    def shutdown(self) -> None:
        """Stop the reader thread (waits for a running query)."""
        if self._query is not None:
            self._query.shutdown()

    def refresh_ids(self, ids: list[int]) -> None:
        """Forget the cached rows of changed cases and repaint them."""
        for case_id in ids:
            self._rows.pop(case_id, None)
            row = self.row_of(case_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, case_id: int) -> int | None:
        if self._positions is None:
            self._positions = {cid: i for i, cid in enumerate(self._ids)}
        return self._positions.get(case_id)

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def row_at(self, row: int) -> dict:
        """The cached row, fetching its page on a miss (never raises: see _fetch_page)."""
        case_id = self._ids[row]
        cached = self._rows.get(case_id)
        if cached is None:
            self._fetch_page(row)
            cached = self._rows.get(case_id, UNREADABLE)
        return cached

    def _fetch_page(self, row: int) -> None:
        start = row - row % PAGE
        page = self._ids[start:start + PAGE]
        if len(self._rows) + len(page) > MAX_CACHED:
            self._rows = {}
        try:
            fetched = list_rows(self.registry, page, FETCHED)
        except Exception as exc:  # a bad page must not break painting; it is logged once
            from ..errors import log_exception
            log_exception(exc, "Could not read a page of the case list")
            fetched = {}
        self.fetches += 1
        settings, today = self._settings(), self.registry.today()
        for case_id, values in fetched.items():
            self._rows[case_id] = with_followup_status(values, settings, today)

    def with_case_ids(self, ids: list[int] | None) -> None:
        """Limit the list to given cases (a dashboard number's cases), or lift the limit."""
        self.set_filter(replace(self.filter, case_ids=None if ids is None else tuple(ids)))


def _run_now(query) -> tuple[list[int] | None, BaseException | None]:
    try:
        return query(), None
    except Exception as exc:  # same path as the reader thread: logged, said plainly
        return None, exc


def with_followup_status(values: dict, settings: RegistrySettings, today) -> dict:
    """A list row plus its follow-up status, computed by the domain's own rule."""
    clinical = {k: v for k, v in values.items() if k not in ("id", "version", "completeness",
                                                                "mt_failed", "followup_due")}
    case = Case(values=clinical)
    return {**values, "followup_status": derived.followup_status(case, today, settings)}


_ROW_ROLES = {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
              Qt.ItemDataRole.TextAlignmentRole, CompletenessRole}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
