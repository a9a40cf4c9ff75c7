"""After a save conflict: the coordinator's own values kept visible beside the reloaded case."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from registry_app.domain.case import Case
from registry_app.domain.fields import CASE_FIELDS, IDENTITY_FIELDS
from registry_app.domain.values import format_value

PASSES = "passes"
MAX_ROWS_SHOWN = 4


@dataclass(frozen=True)
class Difference:
    code: str
    label: str
    mine: str
    saved: str


def differences(mine: Case, saved: Case, base: Case) -> list[Difference]:
    """What the coordinator changed (from the case as opened, `base`) that the saved case does
    not have; the other user's own changes are not listed, so taking 'mine' never undoes them."""
    found = [Difference(fd.code, fd.label, format_value(fd, mine.get(fd.code)) or "(empty)",
                        format_value(fd, saved.get(fd.code)) or "(empty)")
             for fd in CASE_FIELDS + IDENTITY_FIELDS
             if mine.get(fd.code) != base.get(fd.code) and mine.get(fd.code) != saved.get(fd.code)]
    changed_passes = _pass_values(mine) != _pass_values(base)
    if changed_passes and _pass_values(mine) != _pass_values(saved):
        found.append(Difference(PASSES, "Passes", f"{len(mine.passes)} passes",
                                f"{len(saved.passes)} passes"))
    return found


def _pass_values(case: Case) -> list[dict]:
    return [{k: v for k, v in p.items() if k != "pass_number"} for p in case.passes]


class ConflictPanel(QGroupBox):
    """A table of 'your value' against 'saved now', with buttons to take yours back."""

    apply_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Your values from before the reload (not saved)", parent)
        self.setObjectName("conflict_panel")
        self.setStyleSheet("QGroupBox#conflict_panel { background: #fff4db; }")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Field", "Your value", "Saved by the other user"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addLayout(self._buttons())
        self.diffs: list[Difference] = []
        self.setVisible(False)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.use_selected = QPushButton("Use my value for the selected fields")
        self.use_all = QPushButton("Use all my values")
        self.dismiss = QPushButton("Dismiss")
        self.use_selected.clicked.connect(self._apply_selected)
        self.use_all.clicked.connect(lambda: self.apply_requested.emit(
            [d.code for d in self.diffs]))
        self.dismiss.clicked.connect(lambda: self.setVisible(False))
        for button in (self.use_selected, self.use_all, self.dismiss):
            row.addWidget(button)
        row.addStretch(1)
        return row

    def show_differences(self, diffs: list[Difference], who: str) -> None:
        self.diffs = diffs
        self.note.setText(f"{who}\nThe form now shows the saved case. Your own values are listed"
                          " here; take back the ones that should win, check, then save.")
        self.table.setRowCount(len(diffs))
        for line, diff in enumerate(diffs):
            for column, text in enumerate((diff.label, diff.mine, diff.saved)):
                self.table.setItem(line, column, QTableWidgetItem(text))
        self._fit_rows(len(diffs))
        self.setVisible(True)

    def _fit_rows(self, count: int) -> None:
        """As tall as its rows (at most four; it scrolls beyond), so the form keeps its room."""
        rows = max(1, min(count, MAX_ROWS_SHOWN))
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        self.table.setFixedHeight(height + rows * self.table.verticalHeader().defaultSectionSize())

    def _apply_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        self.apply_requested.emit([self.diffs[r].code for r in rows])
