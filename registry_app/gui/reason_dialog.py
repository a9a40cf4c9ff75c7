"""Asking for a reason (deleting a case, changing a signed-off month): never empty."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout,
                               QWidget)


WIDTH, MIN_HEIGHT, TEXT_HEIGHT = 480, 220, 80


class ReasonDialog(QDialog):
    """A prompt, a text box and OK enabled only once a reason is typed."""

    def __init__(self, title: str, prompt: str, action: str = "OK",
                 parent: QWidget | None = None,
                 placeholder: str = "Reason (recorded in the audit trail)") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(placeholder)
        self.text.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(action)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        for widget in (label, self.text, self.buttons):
            layout.addWidget(widget)
        self.text.setMinimumHeight(TEXT_HEIGHT)
        self.resize(WIDTH, self._height_for(WIDTH, label, layout))
        self._update_ok()

    def _height_for(self, width: int, label: QLabel, layout: QVBoxLayout) -> int:
        """Tall enough for the whole wrapped prompt at this width (a long prompt, e.g. the
        broken consistency rules, would otherwise be cut off), the text box and the buttons."""
        margins = layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        needed = (label.heightForWidth(inner) + TEXT_HEIGHT + self.buttons.sizeHint().height()
                  + 2 * layout.spacing() + margins.top() + margins.bottom())
        return max(MIN_HEIGHT, needed)

    def reason(self) -> str:
        return self.text.toPlainText().strip()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.reason()))
