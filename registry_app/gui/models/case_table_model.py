"""The case list model: the matching cases in SQL order, ids and rows read a page at a time.

``reload`` reads the first page of ids (one short query, so the list shows at once even with
1,000,000 cases); on the reader thread (``background=True``) the count follows (``counted``;
until then the list holds the page, or the last count of the same list: ``counting``), then
every id. Without a reader thread the page comes with its count, and the remaining ids are
read when a row beyond the first page is first needed.
Rows are read with ``list_rows`` a page at a time when the view first paints them.
``loading`` is True until every id of the last request is known (``completed``).
"""
from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer,
                            Signal)

from ...services.cases.case_filter import CaseFilter
from .columns import COLUMNS, FETCHED
from .id_query import IdQuery

if TYPE_CHECKING:
    from ...domain.settings import RegistrySettings
    from ...services.registry import Registry

PAGE = 200
MAX_CACHED = 4000
CaseIdRole = Qt.ItemDataRole.UserRole + 1
CompletenessRole = Qt.ItemDataRole.UserRole + 2
UNREADABLE = {"case_number": "(could not be read)"}
PENDING = {"case_number": "Loading…"}
Index = QModelIndex | QPersistentModelIndex
COUNTING = -1
"""`reloaded`'s number while the matching cases are still being counted."""
PAGE_ONLY, LAST_COUNT = "page", "last count"
"""What the rows stand for while counting: the first page (more cases match), or the last
count of the same list (being counted again)."""


def first_ids(*args, **kwargs) -> tuple[list[int], int | None]:
    from ...services.cases.queries import first_ids as read  # SQL is imported once the registry is open
    return read(*args, **kwargs)


def case_ids(*args, **kwargs) -> list[int]:
    from ...services.cases.queries import case_ids as read
    return read(*args, **kwargs)


def count_cases(*args, **kwargs) -> int:
    from ...services.cases.queries import count_cases as read
    return read(*args, **kwargs)


def list_rows(*args, **kwargs) -> dict[int, dict]:
    from ...services.cases.queries import list_rows as read
    return read(*args, **kwargs)


class CaseTableModel(QAbstractTableModel):
    """Cases matching a filter, in SQL order, read lazily."""

    reloaded = Signal(int)
    """The first page of a reload is shown: the number of matching cases, or COUNTING while
    they are still being counted (`counted` follows)."""
    counted = Signal(int)
    """The exact number of matching cases of the last reload, once known."""
    completed = Signal()
    """Every id of the last reload is known (row_of finds any matching case)."""
    reload_failed = Signal(str)
    """The ids could not be read (plain words; the details are in the log)."""

    def __init__(self, registry: Registry | None, settings: Callable[[], RegistrySettings],
                 parent=None, background: bool = False) -> None:
        super().__init__(parent)
        self.registry, self._settings = registry, settings
        self._query = IdQuery(self) if background else None
        if self._query is not None:
            self._query.answered.connect(self._answered)
        self._generation, self.loading, self._keep_rows = 0, False, False
        self.filter = CaseFilter()
        self.sort_key, self.descending = "procedure_date", True
        self._ids: list[int] = []
        self._total, self.complete = 0, True
        self._positions: dict[int, int] | None = None
        self._rows: dict[int, dict] = {}
        self._loaded = False
        self._counted: CaseFilter | None = None  # the filter whose exact count is shown
        self._shown: CaseFilter | None = None
        self.counting: str | None = None
        """PAGE_ONLY or LAST_COUNT while the rows are not yet the exact count, else None."""
        self.fetches = 0

    # Qt model interface ##########################################################

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._total:
            return None
        if role == CaseIdRole:
            return self.id_at(index.row())
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
        """Sort in SQL by the column's key, then read the ids again (the count is kept)."""
        if not 0 <= column < len(COLUMNS):
            return
        wanted = (COLUMNS[column].sorts_by, order == Qt.SortOrder.DescendingOrder)
        if self._loaded and wanted == (self.sort_key, self.descending):
            return  # Qt asks twice for one click (indicator change, then sortByColumn)
        self.sort_key, self.descending = wanted
        self.reload(same_cases=self._loaded)

    # Reading the ids #############################################################

    def set_filter(self, flt: CaseFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self, same_cases: bool = False, keep_rows: bool = False) -> None:
        """Read the first page of ids again (filter, sort); cached rows are forgotten on arrival.

        `same_cases`: only the order changed, so the number of matching cases is not counted
        again. `keep_rows`: the cached rows are still right (changed cases were refreshed one
        by one), so they are kept when the same ids come back. Nothing is read before the
        registry is open (``registry`` is None).
        """
        self._generation += 1
        self._keep_rows = keep_rows
        if self.registry is None:
            return
        flt, known = self.filter, same_cases and self._counted == self.filter
        later = self._query is not None and not self._query.closed  # counted on the reader
        query = partial(first_ids, self.registry, flt, self.sort_key, self.descending, PAGE,
                        self._total if known else None, count=not later)
        self._ask(lambda: ("page", (*query(), flt)))

    def _rest_query(self) -> Callable[[], list[int]]:
        return partial(case_ids, self.registry, self.filter, self.sort_key, self.descending)

    def _ask(self, query: Callable[[], tuple[str, Any]]) -> None:
        if self._query is None or self._query.closed:
            self._answered(self._generation, *_run_now(query))
            return
        self.loading = True
        self._query.submit(self._generation, query)

    def _answered(self, generation: int, answer: tuple[str, Any] | None,
                  error: BaseException | None) -> None:
        if generation != self._generation:
            return  # a newer request is on its way
        if error is not None:
            self._failed(error)
        elif answer is not None and answer[0] == "page":
            self._show_first_page(*answer[1])
        elif answer is not None and answer[0] == "count":
            self._take_count(answer[1])
        elif answer is not None:
            self._take_all_ids(answer[1])

    def _failed(self, error: BaseException) -> None:
        from ..errors import log_exception
        self.loading = False
        log_exception(error, "Could not read the case list")
        self.reload_failed.emit("The list could not be read; details are in the log file.")

    def _show_first_page(self, ids: list[int], total: int | None, flt: CaseFilter) -> None:
        same_list = self._loaded and flt == self._shown
        keep = (self._keep_rows and same_list and total in (None, self._total)
                and ids == self._ids[:len(ids)])  # the same cases first: their rows are right
        self.beginResetModel()
        self.counting = None if total is not None else LAST_COUNT if same_list else PAGE_ONLY
        if total is None:
            total = self._total if same_list else len(ids)
        self._ids, self._total = ids, total
        self.complete = self.counting is None and len(ids) == total
        self._positions, self._loaded, self._shown = None, True, flt
        self._counted = None if self.counting else flt
        self._rows = self._rows if keep else {}
        self.endResetModel()
        if self.complete or self._query is None:
            self.loading = False
        else:  # next turn, once the page's rows are painted (a busy reader would slow them)
            QTimer.singleShot(0, self, partial(self._ask_rest, self._generation))
        self.reloaded.emit(COUNTING if self.counting else total)
        if not self.counting:
            self.counted.emit(total)
        if self.complete:
            self.completed.emit()

    def _ask_rest(self, generation: int) -> None:
        """The count of the list shown (while counting), then every id of it, unless a newer
        reload was asked meanwhile."""
        if generation != self._generation:
            return
        if self.counting:
            count = partial(count_cases, self.registry, self.filter)
            self._ask(lambda: ("count", count()))
        rest = self._rest_query()
        self._ask(lambda: ("all", rest()))

    def _take_count(self, total: int) -> None:
        """The exact count: the rows past the page are added (or the last count mended)."""
        if not self.counting:
            return
        self.counting = None
        self._resize(total)
        self.complete = len(self._ids) == total
        self._counted = self._shown
        self.counted.emit(total)

    def _take_all_ids(self, ids: list[int]) -> None:
        """Every id after the first page: rows shown as 'Loading…' are repainted; while
        counting, the rows become the exact count (added or removed at the end)."""
        self.loading, counting, self.counting = False, self.counting, None
        known, shown = len(self._ids), self._total
        if ids[:known] != self._ids or (len(ids) != shown and not counting):  # changed meanwhile
            self.beginResetModel()
            self._ids, self._total, self._rows = ids, len(ids), {}
            self._positions, self.complete = None, True
            self.endResetModel()
        else:
            self._ids, self._positions, self.complete = ids, None, True
            self._resize(len(ids))
            last = min(shown, self._total) - 1
            if known <= last:
                self.dataChanged.emit(self.index(known, 0), self.index(last, len(COLUMNS) - 1))
        self._counted = self._shown
        if counting:
            self.counted.emit(self._total)
        self.completed.emit()

    def _resize(self, total: int) -> None:
        """Rows added or removed at the end, to `total`."""
        if total > self._total:
            self.beginInsertRows(QModelIndex(), self._total, total - 1)
            self._total = total
            self.endInsertRows()
        elif total < self._total:
            self.beginRemoveRows(QModelIndex(), total, self._total - 1)
            self._total = total
            self.endRemoveRows()

    def case_count(self) -> int:
        """The number of matching cases (counted now while the list is still counting)."""
        if self.counting is None or self.registry is None:
            return self._total
        from ...services.cases.queries import count_cases as count_now  # not the reader's
        return count_now(self.registry, self.filter)

    def _ensure_all_ids(self) -> None:
        """Without a reader thread: read the remaining ids now (a row past the first page)."""
        if self.complete or self._query is not None or self.registry is None:
            return
        ids, error = _run_now(self._rest_query())
        if error is not None:
            self._failed(error)
            self.complete = True  # said once; rows past the first page stay unreadable
            return
        self._take_all_ids(ids)

    def shutdown(self) -> None:
        """Stop the reader thread (waits for a running query)."""
        if self._query is not None:
            self._query.shutdown()

    # Ids and rows ################################################################

    def refresh_ids(self, ids: list[int]) -> None:
        """Forget the cached rows of changed cases and repaint them."""
        for case_id in ids:
            self._rows.pop(case_id, None)
            row = self.row_of(case_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def id_at(self, row: int) -> int | None:
        """The case id shown in a row (None past the first page while the ids still load)."""
        if not 0 <= row < self._total:
            return None
        if row >= len(self._ids):
            self._ensure_all_ids()
        return self._ids[row] if row < len(self._ids) else None

    def row_of(self, case_id: int) -> int | None:
        if self._positions is None or len(self._positions) != len(self._ids):
            self._positions = {cid: i for i, cid in enumerate(self._ids)}
        found = self._positions.get(case_id)
        if found is None and not self.complete and self._query is None:
            self._ensure_all_ids()
            return self.row_of(case_id) if self.complete else None
        return found

    @property
    def ids(self) -> list[int]:
        """Every matching id in display order (read now if only the first page is known)."""
        self._ensure_all_ids()
        return list(self._ids)

    def row_at(self, row: int) -> dict:
        """The cached row, fetching its page on a miss (never raises: see _fetch_page)."""
        case_id = self.id_at(row)
        if case_id is None:
            return UNREADABLE if self.complete else PENDING
        cached = self._rows.get(case_id)
        if cached is None:
            self._fetch_page(row)
            cached = self._rows.get(case_id, UNREADABLE)
        return cached

    def _fetch_page(self, row: int) -> None:
        """Read the rows of the page around `row` that are not cached (after a save, the
        saved case's row alone)."""
        registry = self.registry
        if registry is None:  # no registry: nothing to list
            return
        start = row - row % PAGE
        page = [case_id for case_id in self._ids[start:start + PAGE] if case_id not in self._rows]
        if len(self._rows) + len(page) > MAX_CACHED:
            self._rows = {}
        try:
            fetched = list_rows(registry, page, FETCHED)
        except Exception as exc:  # a bad page must not break painting; it is logged once
            from ..errors import log_exception
            log_exception(exc, "Could not read a page of the case list")
            fetched = {}
        self.fetches += 1
        settings, today = self._settings(), registry.today()
        for case_id, values in fetched.items():
            self._rows[case_id] = with_followup_status(values, settings, today)

    def with_case_ids(self, ids: list[int] | None) -> None:
        """Limit the list to given cases (a dashboard number's cases), or lift the limit."""
        self.set_filter(replace(self.filter, case_ids=None if ids is None else tuple(ids)))


def _run_now(query) -> tuple[Any, BaseException | None]:
    try:
        return query(), None
    except Exception as exc:  # same path as the reader thread: logged, said plainly
        return None, exc


def with_followup_status(values: dict, settings: RegistrySettings, today) -> dict:
    """A list row plus its follow-up status, computed by the domain's own rule."""
    from ...domain import derived
    from ...domain.case import Case
    clinical = {k: v for k, v in values.items() if k not in ("id", "version", "completeness",
                                                                "mt_failed", "followup_due")}
    case = Case(values=clinical)
    return {**values, "followup_status": derived.followup_status(case, today, settings)}


_ROW_ROLES = {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
              Qt.ItemDataRole.TextAlignmentRole, CompletenessRole}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
