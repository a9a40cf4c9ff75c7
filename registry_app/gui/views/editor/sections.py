"""The pieces of the case form: a field's row (label, input, issue label), a section laying
its rows out in two columns, and FormParts, what the form's helpers (rules, times) read of it."""
from __future__ import annotations

from datetime import date
from typing import Callable, Protocol

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from registry_app.domain.field_types import FieldDef, section_title
from ...widgets.field_input import make_editor
from ...widgets.field_widgets import FieldEditor
from ...widgets.issue_label import IssueLabel
from .passes import PassesEditor

LABEL_WIDTH = 150
TERRITORY_TITLED = ("thrombectomy", "rescue")


def label_text(fd: FieldDef, territory: str | None) -> str:
    unit = f" ({fd.unit})" if fd.unit else ""
    return f"{fd.label_for(territory)}{unit}{' *' if fd.required else ''}"


class FieldRow:
    """A field's label, its input and the issue label shown under the input."""

    def __init__(self, fd: FieldDef, default_day: Callable[[], date | None]) -> None:
        self.fd = fd
        self.label = QLabel(label_text(fd, None))
        self.label.setWordWrap(True)
        self.label.setToolTip(fd.help)
        self.editor: FieldEditor = make_editor(fd, default_day=default_day)
        self.issue = IssueLabel()
        self.issue.setObjectName(f"issue_{fd.code}")

    @property
    def wide(self) -> bool:
        return self.fd.kind == "multichoice" or self.fd.code == "notes"

    def set_territory(self, territory: str) -> None:
        self.label.setText(label_text(self.fd, territory))

    def set_visible(self, shown: bool) -> None:
        for widget in (self.label, self.editor):
            widget.setVisible(shown)
        self.issue.setVisible(shown and bool(self.issue.issues))


class Section(QGroupBox):
    """One step of the procedure: its fields in two columns, plus an optional extra widget."""

    def __init__(self, key: str, title: str, rows: list[FieldRow],
                 extra: QWidget | None = None) -> None:
        super().__init__(title)
        self.key, self.rows, self.extra = key, rows, extra
        self._placed: tuple | None = None  # what lay_out last placed: redone only on change
        self.setObjectName(f"section_{key}")
        self.grid = QGridLayout(self)
        self.grid.setColumnMinimumWidth(0, LABEL_WIDTH)
        self.grid.setColumnMinimumWidth(2, LABEL_WIDTH)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self.grid.setHorizontalSpacing(12)
        for row in rows:  # parented from the start: a parentless widget shown is a window
            for widget in (row.label, row.editor, row.issue):
                widget.setParent(self)
                widget.setVisible(False)

    def lay_out(self, territory: str, codes: set[str] | None = None,
                extra_shown: bool = True) -> list[FieldRow]:
        """Place the rows that apply to the territory (and are among `codes`, the fields the
        branching rules ask for); returns them in tab order."""
        shown = [row for row in self.rows if row.fd.applies_to(territory)
                 and (codes is None or row.fd.code in codes)]
        placed = (territory, tuple(row.fd.code for row in shown), extra_shown)
        if placed == self._placed:
            return shown
        self._placed = placed
        while self.grid.count():
            self.grid.takeAt(0)
        if self.key in TERRITORY_TITLED:
            self.setTitle(section_title(self.key, territory))
        for row in shown:
            row.set_territory(territory)
        line, column = 0, 0
        for row in shown:
            line, column = self._place(row, line, column)
        for row in self.rows:
            row.set_visible(row in shown)
        if self.extra is not None:
            self.grid.addWidget(self.extra, line + (1 if column else 0) * 2, 0, 1, 4)
            self.extra.setVisible(extra_shown)
        return shown

    def _place(self, row: FieldRow, line: int, column: int) -> tuple[int, int]:
        if row.wide and column:
            line, column = line + 2, 0
        span = 3 if row.wide else 1
        self.grid.addWidget(row.label, line, column * 2)
        self.grid.addWidget(row.editor, line, column * 2 + 1, 1, span)
        self.grid.addWidget(row.issue, line + 1, column * 2 + 1, 1, span)
        if row.wide or column:
            return line + 2, 0
        return line, 1


class FormParts(Protocol):
    """What the branching rules and the time placing read and change of the case form
    (EditorForm has all of it), so they need not import the form that calls them."""

    rows: dict[str, FieldRow]
    sections: dict[str, Section]
    identity: Section
    passes: PassesEditor
    kept: set[str]
    default_day: Callable[[], date | None]
