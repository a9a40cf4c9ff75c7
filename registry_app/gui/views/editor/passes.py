"""The table of thrombectomy passes in the case editor: add, edit in place, remove, reorder."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QStyledItemDelegate, QTableView, QVBoxLayout, QWidget)

from registry_app.domain import vocab
from registry_app.domain.errors import ValueProblem
from registry_app.domain.fields import PASS_FIELDS
from registry_app.domain.field_types import FieldDef
from registry_app.domain.values import format_value, parse_value
from registry_app.domain.clock_times import read_clock
from ...widgets.choice_combo import ChoiceCombo

COPIED_TO_NEXT_PASS = ("technique", "device", "limb_technique")
CLOCK = "_clock"
"""Key of the time of day typed alone in a pass (never stored)."""


def pass_columns(territory: str) -> tuple[FieldDef, ...]:
    """The pass fields shown for a territory (the pass number is the row itself)."""
    return tuple(f for f in PASS_FIELDS if f.code != "pass_number" and f.applies_to(territory))


class PassesModel(QAbstractTableModel):
    """The passes of the case being edited, as a list of dicts in pass order."""

    problem = Signal(str)
    """A typed value could not be read (plain message naming the pass and field)."""

    def __init__(self, default_day: Callable[[], date | None], parent=None) -> None:
        super().__init__(parent)
        self.default_day = default_day
        self.columns = pass_columns("cerebral")
        self.territory = "cerebral"
        self.passes: list[dict] = []
        self.first_pass: Callable[[], dict] = dict
        """Values a first pass starts with (the form gives the first-line technique)."""

    def set_territory(self, territory: str) -> None:
        self.beginResetModel()
        self.territory, self.columns = territory, pass_columns(territory)
        self.endResetModel()

    def set_passes(self, passes: list[dict]) -> None:
        self.beginResetModel()
        self.passes = [dict(p) for p in passes]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.passes)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return f"{'Attempt' if self.territory == 'limb' else 'Pass'} {section + 1}"
        if 0 <= section < len(self.columns):
            return self.columns[section].label_for(self.territory)
        return None

    def flags(self, index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        fd, value = self.columns[index.column()], self.passes[index.row()].get(
            self.columns[index.column()].code)
        if role == Qt.ItemDataRole.DisplayRole:
            return vocab.label_of(fd.choices, value) if fd.choices else format_value(fd, value)
        if role == Qt.ItemDataRole.EditRole:
            return value if fd.choices else format_value(fd, value)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        fd = self.columns[index.column()]
        try:
            typed = value if fd.choices else parse_value(fd, self._with_day(fd, value))
        except ValueProblem as problem:
            self.problem.emit(f"Pass {index.row() + 1}: {problem.message}")
            return False
        if fd.kind == "datetime":  # a bare time is placed with the case's other times
            self.passes[index.row()][CLOCK] = read_clock(str(value or ""))
        self.passes[index.row()][fd.code] = typed
        self.dataChanged.emit(index, index)
        return True

    def _with_day(self, fd: FieldDef, text: Any) -> Any:
        day = self.default_day()
        raw = str(text or "").strip()
        clock = read_clock(raw) if fd.kind == "datetime" else None
        if day is not None and clock is not None:
            return f"{day.isoformat()} {clock:%H:%M}"
        return text

    def add_pass(self) -> int:
        """Append a pass (technique and device carried over from the previous one; the first
        pass takes the first-line technique)."""
        last = self.passes[-1] if self.passes else self.first_pass()
        row = len(self.passes)
        self.beginInsertRows(QModelIndex(), row, row)
        self.passes.append({code: last.get(code) for code in COPIED_TO_NEXT_PASS})
        self.endInsertRows()
        return row

    def remove_pass(self, row: int) -> None:
        if 0 <= row < len(self.passes):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.passes[row]
            self.endRemoveRows()

    def move_pass(self, row: int, step: int) -> int:
        """Swap a pass with its neighbour; returns the pass's new row."""
        target = row + step
        if not (0 <= row < len(self.passes) and 0 <= target < len(self.passes)):
            return row
        self.beginResetModel()
        self.passes[row], self.passes[target] = self.passes[target], self.passes[row]
        self.endResetModel()
        return target

    def numbered(self) -> list[dict]:
        """The passes with pass numbers 1..n in table order."""
        return [{**{k: v for k, v in p.items() if k != CLOCK}, "pass_number": n}
                for n, p in enumerate(self.passes, start=1)]

    def place(self, placed: list[datetime | None]) -> None:
        """Put the passes' bare times where the form placed them (quietly: a derived change)."""
        for p, when in zip(self.passes, placed):
            if p.get(CLOCK) is not None and when is not None:
                p["pass_time"] = when


class PassDelegate(QStyledItemDelegate):
    """Typed pick lists for coded columns (matched as in the form); text for the others."""

    def createEditor(self, parent, option, index):
        fd = index.model().columns[index.column()]
        if not fd.choices:
            return super().createEditor(parent, option, index)
        return ChoiceCombo(fd.choices, parent=parent)

    def setEditorData(self, editor, index) -> None:
        if isinstance(editor, ChoiceCombo):
            editor.set_value(index.data(Qt.ItemDataRole.EditRole))
            editor.lineEdit().selectAll()  # typing replaces the value shown
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:
        if not isinstance(editor, ChoiceCombo):
            super().setModelData(editor, model, index)
        elif editor.problem():
            fd = model.columns[index.column()]
            model.problem.emit(f"Pass {index.row() + 1}: {fd.label}: {editor.problem()}.")
        else:
            model.setData(index, editor.value())


class PassTable(QTableView):
    """Tab walks the cells, opening each for typing; after the last cell it leaves the table."""

    def moveCursor(self, action, modifiers):
        current = self.currentIndex()
        last = self.model().index(self.model().rowCount() - 1, self.model().columnCount() - 1)
        if action == QAbstractItemView.CursorAction.MoveNext and current == last:
            return QModelIndex()
        if action == QAbstractItemView.CursorAction.MovePrevious and current.row() <= 0 \
                and current.column() <= 0:
            return QModelIndex()
        return super().moveCursor(action, modifiers)

    def closeEditor(self, editor, hint) -> None:
        """Tab out of the last cell leaves the table at once (Alt+P adds the next pass)."""
        last = self.model().index(self.model().rowCount() - 1, self.model().columnCount() - 1)
        leaving = hint == QStyledItemDelegate.EndEditHint.EditNextItem \
            and self.currentIndex() == last
        super().closeEditor(editor, hint)
        if leaving:
            QWidget.focusNextPrevChild(self, True)

    def focusNextPrevChild(self, next: bool) -> bool:
        if self.state() != QAbstractItemView.State.EditingState:
            index = self.moveCursor(QAbstractItemView.CursorAction.MoveNext if next
                                    else QAbstractItemView.CursorAction.MovePrevious,
                                    Qt.KeyboardModifier.NoModifier)
            if not index.isValid():
                return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)


class PassesEditor(QWidget):
    """Table plus Add / Remove / Move up / Move down; emits changed after every edit."""

    changed = Signal()

    def __init__(self, default_day: Callable[[], date | None], parent=None) -> None:
        super().__init__(parent)
        self.model = PassesModel(default_day, self)
        self.table = self._table()
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet("color: #b3261e;")
        self.problem_label.setWordWrap(True)
        self.problem_label.setVisible(False)
        self.model.problem.connect(self.show_problem)
        for signal in (self.model.dataChanged, self.model.rowsInserted, self.model.rowsRemoved,
                       self.model.modelReset):
            signal.connect(self.changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = self._buttons()
        layout.addWidget(self.table)
        layout.addWidget(self.problem_label)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.add_button, self.table)

    def _table(self) -> QTableView:
        table = PassTable()
        table.setObjectName("passes_table")
        table.setModel(self.model)
        table.setItemDelegate(PassDelegate(table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        triggers = QAbstractItemView.EditTrigger
        table.setEditTriggers(triggers.DoubleClicked | triggers.SelectedClicked
                              | triggers.EditKeyPressed | triggers.AnyKeyPressed)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setMinimumHeight(table.verticalHeader().defaultSectionSize() * 4 + 30)
        table.setMaximumHeight(table.verticalHeader().defaultSectionSize() * 7 + 30)
        return table

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton("Add pass (Alt+P)")
        QShortcut(QKeySequence("Alt+P"), self, self.add_pass)
        self.add_button.setToolTip("Alt+P adds a pass and puts the cursor in it")
        self.remove_button = QPushButton("Remove pass")
        self.up_button = QPushButton("Move up")
        self.down_button = QPushButton("Move down")
        self.add_button.clicked.connect(self.add_pass)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            row.addWidget(button)
        for button in (self.remove_button, self.up_button, self.down_button):
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # one tab stop: Add pass
        row.addStretch(1)
        return row

    def selected_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, 0))

    def add_pass(self) -> None:
        row = self.model.add_pass()
        self.select_row(row)
        self.table.setFocus()
        self.table.edit(self.model.index(row, 0))

    def remove_selected(self) -> None:
        row = self.selected_row()
        self.model.remove_pass(row)
        self.select_row(min(row, self.model.rowCount() - 1))

    def move_selected(self, step: int) -> None:
        self.select_row(self.model.move_pass(self.selected_row(), step))

    def show_problem(self, message: str) -> None:
        self.problem_label.setText(message)
        self.problem_label.setVisible(True)

    def clear_problem(self) -> None:
        self.problem_label.setVisible(False)
