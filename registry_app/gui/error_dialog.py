"""The one dialog for unexpected errors: a plain sentence, details to copy, where it was logged."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton,
                               QVBoxLayout, QWidget)


class ErrorDialog(QDialog):
    """Something unexpected happened; the details are hidden until asked for."""

    def __init__(self, exc: BaseException, details: str, log_file: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unexpected problem")
        self.details = details
        message = QLabel(
            "Something unexpected went wrong. Your saved cases are safe; anything not yet saved"
            " is kept as a draft.\n\nIf it happens again, send the details below to your"
            f" support contact. They were also written to:\n{log_file}")
        message.setWordWrap(True)
        from ..services.maintenance.logfile import safe_text
        self.text = QPlainTextEdit(f"{type(exc).__name__}: {safe_text(exc)}\n\n{details}")
        self.text.setReadOnly(True)
        self.text.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.text)
        layout.addWidget(self._buttons())
        self.setMinimumWidth(560)
        self.resize(560, self.sizeHint().height())

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.show_button = QPushButton("Show details")
        self.copy_button = QPushButton("Copy details")
        box.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.show_button.clicked.connect(self.toggle_details)
        self.copy_button.clicked.connect(self.copy_details)
        box.rejected.connect(self.reject)
        return box

    def toggle_details(self) -> None:
        shown = not self.text.isVisible()
        self.text.setVisible(shown)
        self.show_button.setText("Hide details" if shown else "Show details")
        self.resize(self.width(), 480 if shown else self.minimumSizeHint().height())

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
