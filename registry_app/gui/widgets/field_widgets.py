"""One input per field kind, built from its FieldDef; empty always means 'unknown'.

Every editor has ``value()`` (typed, None when unknown or unreadable), ``set_value(v)``,
``problem()`` (the plain message when typed text cannot be read) and a ``changed`` signal.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLineEdit,
                               QPlainTextEdit, QWidget)

from ...domain.errors import ValueProblem
from ...domain.field_types import FieldDef
from ...domain.values import format_value, parse_value

UNKNOWN = "unknown"


class NoWheelComboBox(QComboBox):
    """A combo box that ignores the mouse wheel unless focused (scrolling never edits)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class FieldEditor(QWidget):
    """Base class: the input of one field."""

    changed = Signal()

    def __init__(self, fd: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fd = fd
        self.setObjectName(f"field_{fd.code}")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        tip = fd.help + (f" Allowed: {fd.allowed_text()}." if fd.allowed_text() else "")
        self.setToolTip(tip.strip())

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def problem(self) -> str | None:
        return None

    def focus_input(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)


class TextFieldEditor(FieldEditor):
    """Free text, and typed numbers or dates read with the domain's parser."""

    def __init__(self, fd: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fd, parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.placeholder())
        self.edit.textChanged.connect(self.changed)
        self.edit.editingFinished.connect(self.tidy)
        self._layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def placeholder(self) -> str:
        if self.fd.kind in ("int", "float"):
            unit = f" {self.fd.unit}" if self.fd.unit else ""
            return f"{UNKNOWN} ({self.fd.allowed_text()}{unit})" if self.fd.allowed_text() \
                else UNKNOWN
        return ""

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def parsed(self) -> tuple[Any, str | None]:
        try:
            return parse_value(self.fd, self.text()), None
        except ValueProblem as problem:
            return None, problem.message

    def value(self) -> Any:
        return self.parsed()[0]

    def problem(self) -> str | None:
        return self.parsed()[1]

    def set_value(self, value: Any) -> None:
        self.set_text(format_value(self.fd, value))

    def tidy(self) -> None:
        """Rewrite readable input in the standard form (e.g. 10/01/2025 -> 2025-01-10)."""
        if self.fd.kind == "text":
            return
        value, problem = self.parsed()
        if problem is None and value is not None:
            canonical = format_value(self.fd, value)
            if canonical != self.edit.text():
                self.set_text(canonical)


class NotesEditor(TextFieldEditor):
    """A few lines of free text."""

    def __init__(self, fd: FieldDef, parent: QWidget | None = None) -> None:
        FieldEditor.__init__(self, fd, parent)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 3 + 12)
        self.edit.textChanged.connect(self.changed)
        self._layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        if text != self.text():
            self.edit.setPlainText(text)


class ComboFieldEditor(FieldEditor):
    """A pick list whose first entry is 'unknown'; shows labels, stores codes."""

    def __init__(self, fd: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fd, parent)
        self.combo = NoWheelComboBox()
        self.combo.addItem(UNKNOWN, None)
        for label, data in self.entries():
            self.combo.addItem(label, data)
        self.combo.setItemData(0, Qt.GlobalColor.gray, Qt.ItemDataRole.ForegroundRole)
        self.combo.currentIndexChanged.connect(self.changed)
        self._layout.addWidget(self.combo)
        self.setFocusProxy(self.combo)

    def entries(self) -> list[tuple[str, Any]]:
        return [(choice.label, choice.code) for choice in self.fd.choices]

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        if index < 0:  # a stored code this list does not know: keep it visible, not lost
            self.combo.addItem(f"{value} (not in the list)", value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class YesNoFieldEditor(ComboFieldEditor):
    """Yes / No / unknown."""

    def entries(self) -> list[tuple[str, Any]]:
        return [("Yes", True), ("No", False)]


class MultiChoiceEditor(FieldEditor):
    """Several codes at once, one check box each; nothing ticked means unknown."""

    COLUMNS = 3

    def __init__(self, fd: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fd, parent)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for index, choice in enumerate(fd.choices):
            box = QCheckBox(choice.label)
            box.toggled.connect(self.changed)
            grid.addWidget(box, index // self.COLUMNS, index % self.COLUMNS)
            self.boxes[choice.code] = box
        self._layout.addLayout(grid)
        if self.boxes:
            self.setFocusProxy(next(iter(self.boxes.values())))

    def value(self) -> Any:
        chosen = tuple(code for code, box in self.boxes.items() if box.isChecked())
        return chosen or None

    def set_value(self, value: Any) -> None:
        chosen = set(value or ())
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)


def make_editor(fd: FieldDef, parent: QWidget | None = None, default_day=None) -> FieldEditor:
    """The right input for a field definition (one definition drives the form)."""
    from .date_widgets import DateFieldEditor, DateTimeFieldEditor
    if fd.kind == "date":
        return DateFieldEditor(fd, parent)
    if fd.kind == "datetime":
        return DateTimeFieldEditor(fd, parent, default_day)
    if fd.kind == "choice":
        return ComboFieldEditor(fd, parent)
    if fd.kind == "yesno":
        return YesNoFieldEditor(fd, parent)
    if fd.kind == "multichoice":
        return MultiChoiceEditor(fd, parent)
    if fd.code == "notes":
        return NotesEditor(fd, parent)
    return TextFieldEditor(fd, parent)
