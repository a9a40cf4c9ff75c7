"""The worklist table model: case ids in worklist order, rows fetched lazily a page at a time."""
from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from registry_app.domain.vocab import FOLLOWUP_METHOD, LOST_REASON, TERRITORY, label_of
from registry_app.services.cases.followup import WorklistItem, worklist_rows

PAGE = 200
REACHED_WORDS: dict[bool | None, str] = {True: "reached", False: "not reached"}
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_COLORS = {"overdue": QColor("#b3261e"), "in_window": QColor("#1b6e20"),
                 "lost": QColor("#6b6b6b"), "not_yet_due": QColor("#1a5fb4")}


def _days(n: int) -> str:
    return f"{n} day" + ("" if n == 1 else "s")


def status_text(item: WorklistItem) -> str:
    """Where the assessment stands, in words: 'Overdue by 12 days', 'In window, 5 days left'."""
    if item.status == "lost":
        return f"Lost: {label_of(LOST_REASON, item.lost_reason)}"
    if item.due is None or item.closes is None or item.days_from_due is None:
        return "No procedure date"  # the window and the days from due follow from the due date
    window = (item.closes - item.due).days
    if item.status == "overdue":
        return f"Overdue by {_days(item.days_overdue)}"
    if item.status == "in_window":
        return f"In window, {_days(window - item.days_from_due)} left"
    return f"Window opens in {_days(-item.days_from_due - window)}"


def last_attempt_text(item: WorklistItem) -> str:
    if item.last_attempt is None:
        return "none"
    reached = REACHED_WORDS.get(item.last_reached, "")
    method = label_of(FOLLOWUP_METHOD, item.last_method)
    parts = [f"{item.last_attempt:%Y-%m-%d %H:%M}", method.lower(), reached]
    return ", ".join(p for p in parts if p)


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


def _day_key(value) -> tuple:
    """Dates and times sort in time order, blanks last."""
    return (value is None, value.isoformat() if value else "")


SORT_KEYS: dict[str, Callable[[WorklistItem], object]] = {
    "Procedure": lambda i: _day_key(i.procedure_date),
    "Due": lambda i: _day_key(i.due),
    "Window": lambda i: _day_key(i.closes),
    "Status": lambda i: ({"in_window": 0, "overdue": 1, "lost": 2}.get(i.status, 3),
                         _day_key(i.closes)),
    "Attempts": lambda i: i.attempts,
    "Queries": lambda i: i.open_queries,
    "Last attempt": lambda i: _day_key(i.last_attempt),
}
"""How a column sorts when its text would sort wrongly (numbers, dates, the status)."""


COLUMNS: tuple[tuple[str, Callable[[WorklistItem], str]], ...] = (
    ("Case number", lambda i: i.case_number),
    ("Patient", lambda i: i.patient_name or ""),
    ("MRN", lambda i: i.mrn or ""),
    ("Telephone", lambda i: i.contact_phone or ""),
    ("Procedure", lambda i: _date(i.procedure_date)),
    ("Due", lambda i: _date(i.due)),
    ("Window", lambda i: f"{_date(i.opens)} – {_date(i.closes)}" if i.due else ""),
    ("Status", status_text),
    ("Attempts", lambda i: str(i.attempts)),
    ("Queries", lambda i: f"{i.open_queries} open" if i.open_queries else ""),
    ("Last attempt", last_attempt_text),
    ("Territory", lambda i: label_of(TERRITORY, i.territory).split(" (")[0]),
    ("Operator", lambda i: i.operator or ""),
)
STATUS_COLUMN, ATTEMPTS_COLUMN = 7, 8


class WorklistModel(QAbstractTableModel):
    """Rows for a list of case ids; a page of rows is read when first shown, then cached."""

    def __init__(self, registry, parent=None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.ids: list[int] = []
        self._rows: dict[int, WorklistItem] = {}

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self.ids, self._rows = list(ids), {}
        self.endResetModel()

    def reload_rows(self, ids: list[int] | None = None) -> None:
        """Forget cached rows (all, or these cases) so they are read again."""
        if ids is None:
            self._rows.clear()
        else:
            for case_id in ids:
                self._rows.pop(case_id, None)
        if self.ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.ids) - 1, len(COLUMNS) - 1))

    def item(self, row: int) -> WorklistItem | None:
        if not 0 <= row < len(self.ids):
            return None
        case_id = self.ids[row]
        if case_id not in self._rows:
            self._fetch_page(row)
        return self._rows.get(case_id)

    def _fetch_page(self, row: int) -> None:
        start = row - row % PAGE
        page = [i for i in self.ids[start:start + PAGE] if i not in self._rows]
        self._rows.update(worklist_rows(self.registry, page))

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (all rows are read: a worklist holds hundreds, not millions)."""
        self._fetch_all()
        title, text = COLUMNS[column]
        key = SORT_KEYS.get(title, lambda i: text(i).lower())
        known = [i for i in self.ids if i in self._rows]
        known.sort(key=lambda case_id: key(self._rows[case_id]),
                   reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutAboutToBeChanged.emit()
        self.ids = known + [i for i in self.ids if i not in self._rows]
        self.layoutChanged.emit()

    def _fetch_all(self) -> None:
        missing = [i for i in self.ids if i not in self._rows]
        for start in range(0, len(missing), PAGE):
            self._rows.update(worklist_rows(self.registry, missing[start:start + PAGE]))

    def row_of(self, case_id: int) -> int:
        try:
            return self.ids.index(case_id)
        except ValueError:
            return -1

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == CASE_ID_ROLE:
            return self.ids[index.row()]
        item = self.item(index.row())
        if item is None:
            return "(deleted)" if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 \
                else None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](item)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == ATTEMPTS_COLUMN:
            return int(Qt.AlignmentFlag.AlignCenter)
        if index.column() == STATUS_COLUMN:
            return self._status_style(item, role)
        return None

    def _status_style(self, item: WorklistItem, role):
        if role == Qt.ItemDataRole.ForegroundRole:
            return STATUS_COLORS.get(item.status)
        if role == Qt.ItemDataRole.FontRole and item.status == "overdue":
            font = QFont()
            font.setBold(True)
            return font
        return None
