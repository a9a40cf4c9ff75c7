"""A typed pick list: what is typed is matched code first, then label; an unmatched text stays
visible with a red border and is never stored."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ...domain.vocab import Choice, entry_text, match_choice

UNKNOWN = "unknown"
UNMATCHED_STYLE = "QComboBox { border: 2px solid #b3261e; }"


class ChoiceCombo(QComboBox):
    """An editable combo box over choices; ``data`` gives the stored value of each choice
    (the code by default, True/False for yes/no). The wheel edits only when focused."""

    edited = Signal()

    def __init__(self, choices: tuple[Choice, ...], data: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices, self.data_of = choices, data or {c.code: c.code for c in choices}
        self._match: tuple[tuple[str, int], Choice | None | str] | None = None
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # No inline completion: the text is exactly what was typed. Qt takes no completer
        # (a null pointer); the stubs only list a QCompleter.
        self.setCompleter(None)  # type: ignore[arg-type]
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)  # long entries never widen the form
        self.addItem(UNKNOWN, None)
        self.setItemData(0, Qt.GlobalColor.gray, Qt.ItemDataRole.ForegroundRole)
        for choice in choices:
            self.addItem(entry_text(choice), self.data_of[choice.code])
        self.lineEdit().setPlaceholderText(UNKNOWN)
        self.lineEdit().setText("")
        self.lineEdit().textChanged.connect(self._text_changed)
        self.lineEdit().editingFinished.connect(self.tidy)

    def lineEdit(self) -> QLineEdit:  # noqa: N802 - Qt's name
        """The text field (the combo is always editable, so there is one)."""
        edit = super().lineEdit()
        assert edit is not None
        return edit

    def wheelEvent(self, event) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()

    def matched(self) -> Choice | None | str:
        """The choice typed, None when blank or 'unknown', or the reason nothing matches."""
        key = (self.lineEdit().text(), len(self.choices))
        if self._match is None or self._match[0] != key:
            self._match = (key, match_choice(self.choices, key[0]))
        return self._match[1]

    def value(self) -> Any:
        found = self.matched()
        return self.data_of[found.code] if isinstance(found, Choice) else None

    def problem(self) -> str | None:
        found = self.matched()
        return found if isinstance(found, str) else None

    def set_value(self, value: Any) -> None:
        index = self.findData(value) if value is not None else 0
        if index < 0:  # a stored code this list does not know: keep it visible, not lost
            self.addItem(f"{value} (not in the list)", value)
            self.choices += (Choice(str(value), f"{value} (not in the list)"),)
            self.data_of[str(value)] = value
            index = self.count() - 1
        self.setCurrentIndex(index)
        self.lineEdit().setText("" if index == 0 else self.itemText(index))

    def tidy(self) -> None:
        """Show the entry the typed text stands for ('m2' becomes 'M2 – MCA M2')."""
        found = self.matched()
        if isinstance(found, Choice):
            index = self.findData(self.data_of[found.code])
            if self.itemText(index) != self.lineEdit().text():
                self.setCurrentIndex(index)
                self.lineEdit().setText(self.itemText(index))
            self.lineEdit().setCursorPosition(0)  # a long entry shows its start
    def _text_changed(self) -> None:
        self.setStyleSheet(UNMATCHED_STYLE if self.problem() else "")
        self.edited.emit()


def yes_no_combo(parent: QWidget | None = None) -> ChoiceCombo:
    """Yes / No / unknown ('y', 'n' are enough)."""
    return ChoiceCombo((Choice("yes", "Yes"), Choice("no", "No")), {"yes": True, "no": False},
                       parent)
