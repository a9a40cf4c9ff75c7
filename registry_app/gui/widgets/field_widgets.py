"""One input per field kind, built from its FieldDef; empty always means 'unknown'.

Every editor has ``value()`` (typed, None when unknown or unreadable), ``set_value(v)``,
``problem()`` (the plain message when typed text cannot be read) and a ``changed`` signal.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLineEdit, QListView,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QWidget)

from ...domain.errors import ValueProblem
from ...domain.field_types import FieldDef
from ...domain.values import format_value, parse_value
from .choice_combo import UNKNOWN, ChoiceCombo, yes_no_combo


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
        raise NotImplementedError  # abstract

    def set_value(self, value: Any) -> None:
        raise NotImplementedError  # abstract

    def problem(self) -> str | None:
        return None

    def focus_input(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)


class TextFieldEditor(FieldEditor):
    """Free text, and typed numbers or dates read with the domain's parser."""

    _read: tuple[str, tuple[Any, str | None]] | None = None

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
        """(value, None) or (None, the problem), for the text as it is (read once per text)."""
        text = self.text()
        if self._read is None or self._read[0] != text:
            try:
                self._read = (text, (parse_value(self.fd, text), None))
            except ValueProblem as problem:
                self._read = (text, (None, problem.message))
        return self._read[1]

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
            if canonical != self.text():
                self.set_text(canonical)


class NotesEditor(TextFieldEditor):
    """A few lines of free text (in ``lines``, a plain-text box, instead of the line edit)."""

    def __init__(self, fd: FieldDef, parent: QWidget | None = None) -> None:
        FieldEditor.__init__(self, fd, parent)
        self.lines = QPlainTextEdit()
        self.lines.setTabChangesFocus(True)
        self.lines.setFixedHeight(self.lines.fontMetrics().lineSpacing() * 3 + 12)
        self.lines.textChanged.connect(self.changed)
        self._layout.addWidget(self.lines)
        self.setFocusProxy(self.lines)

    def text(self) -> str:
        return self.lines.toPlainText()

    def set_text(self, text: str) -> None:
        if text != self.text():
            self.lines.setPlainText(text)


class ComboFieldEditor(FieldEditor):
    """A pick list whose blank entry is 'unknown'; entries read 'code – label', codes stored.
    Typed text is matched code first, then label; text that matches nothing is a problem."""

    def __init__(self, fd: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fd, parent)
        self.combo = self.make_combo()
        self.combo.edited.connect(self.changed)
        self._layout.addWidget(self.combo)
        self.setFocusProxy(self.combo)

    def make_combo(self) -> ChoiceCombo:
        return ChoiceCombo(self.fd.choices)

    def value(self) -> Any:
        return self.combo.value()

    def problem(self) -> str | None:
        problem = self.combo.problem()
        return f"{self.fd.label}: {problem}." if problem else None

    def text(self) -> str:
        return self.combo.lineEdit().text()

    def set_text(self, text: str) -> None:
        self.combo.lineEdit().setText(text)

    def set_value(self, value: Any) -> None:
        self.combo.set_value(value)


class YesNoFieldEditor(ComboFieldEditor):
    """Yes / No / unknown."""

    def make_combo(self) -> ChoiceCombo:
        return yes_no_combo()


class MultiChoiceEditor(FieldEditor):
    """Several codes at once in one list (one tab stop): arrows move, Space ticks, typing the
    start of a label jumps to it; nothing ticked means unknown."""

    def __init__(self, fd: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fd, parent)
        self.list = QListWidget()
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.items: dict[str, QListWidgetItem] = {}
        for choice in fd.choices:
            item = QListWidgetItem(choice.label, self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.items[choice.code] = item
        self.list.setGridSize(self._grid_size())
        self.list.setFixedHeight(self._height())
        self.list.itemChanged.connect(self.changed)
        self._layout.addWidget(self.list)
        self.setFocusProxy(self.list)

    def _grid_size(self) -> QSize:
        widest = max((self.list.fontMetrics().horizontalAdvance(c.label) for c in self.fd.choices),
                     default=60)
        return QSize(widest + 40, self.list.fontMetrics().height() + 10)

    def _height(self) -> int:
        rows = -(-len(self.fd.choices) // 3)
        return rows * self.list.gridSize().height() + 2 * self.list.frameWidth() + 4

    def value(self) -> Any:
        chosen = tuple(code for code, item in self.items.items()
                       if item.checkState() == Qt.CheckState.Checked)
        return chosen or None

    def set_value(self, value: Any) -> None:
        chosen = set(value or ())
        for code, item in self.items.items():
            item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
