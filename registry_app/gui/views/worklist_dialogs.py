"""Small dialogs of the follow-up worklist: log a contact attempt, mark a case lost to follow-up."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (QButtonGroup, QDateTimeEdit, QDialog, QDialogButtonBox,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QRadioButton,
                               QVBoxLayout, QWidget)

from ...domain.vocab import FOLLOWUP_METHOD, LOST_REASON
from ..widgets.field_widgets import NoWheelComboBox


def _qdatetime(value: datetime) -> QDateTime:
    return QDateTime(value.year, value.month, value.day, value.hour, value.minute, 0)


class _FormDialog(QDialog):
    """A form with an error line (the plain message naming the field) and OK/Cancel."""

    def __init__(self, title: str, heading: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        top = QLabel(heading)
        top.setWordWrap(True)
        layout.addWidget(top)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    on_submit = None
    """When set, OK calls it instead of closing; the caller closes with finish()."""

    def accept(self) -> None:
        if self.on_submit is not None:
            self.show_error("")
            self.on_submit()
        else:
            super().accept()

    def finish(self) -> None:
        """Close as accepted (after the work behind OK succeeded)."""
        QDialog.accept(self)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)


class ContactAttemptDialog(_FormDialog):
    """When, how, whether the patient (or a relative) was reached, and a short note."""

    def __init__(self, case_label: str, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__("Log contact attempt", f"Attempt to reach the patient of case"
                         f" <b>{case_label}</b> for the follow-up assessment.", "Log attempt",
                         parent)
        self.when = QDateTimeEdit(_qdatetime(now))
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.method = NoWheelComboBox()
        for choice in FOLLOWUP_METHOD:
            self.method.addItem(choice.label, choice.code)
        self.method.setCurrentIndex(max(self.method.findData("phone"), 0))
        self.reached_yes, self.reached_no = QRadioButton("Yes"), QRadioButton("No")
        self.reached_no.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.reached_yes, self.reached_no):
            group.addButton(button)
        reached = QHBoxLayout()
        reached.addWidget(self.reached_yes)
        reached.addWidget(self.reached_no)
        reached.addStretch(1)
        self.note = QLineEdit()
        self.note.setPlaceholderText("e.g. no answer, call back Tuesday (no names)")
        self.form.addRow("Attempted at:", self.when)
        self.form.addRow("Method:", self.method)
        self.form.addRow("Reached:", reached)
        self.form.addRow("Note:", self.note)

    def values(self) -> dict:
        """The attempt as service arguments: when, method, reached, note."""
        return {"when": self.when.dateTime().toPython().replace(second=0, microsecond=0),
                "method": self.method.currentData(), "reached": self.reached_yes.isChecked(),
                "note": self.note.text().strip() or None}


class MarkLostDialog(_FormDialog):
    """Why the follow-up assessment cannot be obtained."""

    def __init__(self, case_label: str, attempts: int, parent: QWidget | None = None) -> None:
        tried = f"{attempts} contact attempt" + ("" if attempts == 1 else "s")
        super().__init__("Mark lost to follow-up", f"Case <b>{case_label}</b> ({tried} logged)"
                         " will be counted as lost to follow-up.", "Mark lost", parent)
        self.reason = NoWheelComboBox()
        for choice in LOST_REASON:
            self.reason.addItem(choice.label, choice.code)
        self.form.addRow("Reason:", self.reason)

    def reason_code(self) -> str:
        return self.reason.currentData()
