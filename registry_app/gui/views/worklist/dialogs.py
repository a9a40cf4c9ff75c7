"""Small dialogs of the follow-up worklist: log a contact attempt, record the outcome learned on
a call, mark a case lost to follow-up."""
from __future__ import annotations

from datetime import date, datetime
from typing import Callable, cast

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import (QButtonGroup, QDateEdit, QDateTimeEdit, QDialog, QDialogButtonBox,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QRadioButton,
                               QVBoxLayout, QWidget)

from registry_app.domain.vocab import FOLLOWUP_METHOD, LOST_REASON
from ...widgets.field_widgets import NoWheelComboBox


def _qdatetime(value: datetime) -> QDateTime:
    return QDateTime(value.year, value.month, value.day, value.hour, value.minute, 0)


MRS_LABELS = ("0 – no symptoms", "1 – no significant disability", "2 – slight disability",
              "3 – moderate disability", "4 – moderately severe disability",
              "5 – severe disability", "6 – dead")


def _mrs_picker() -> NoWheelComboBox:
    """'—' (not known) then mRS 0 to 6."""
    picker = NoWheelComboBox()
    picker.addItem("—", None)
    for score, label in enumerate(MRS_LABELS):
        picker.addItem(label, score)
    return picker


def _death_date_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText("YYYY-MM-DD, only if the patient died")
    return edit


def _typed_date(edit: QLineEdit, label: str) -> date | None:
    """The date typed in an optional date box; ValueError with a plain message when it is not one."""
    text = edit.text().strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{label}: '{text}' is not a date; type it as YYYY-MM-DD.") from None


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

    on_submit: Callable[[], None] | None = None
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
        self.learned_mrs = _mrs_picker()
        self.learned_mrs.setToolTip("The modified Rankin Scale learned on the call; it pre-fills"
                                    " the outcome, which you confirm before it is saved.")
        self.learned_death = _death_date_edit()
        self.form.addRow("Attempted at:", self.when)
        self.form.addRow("Method:", self.method)
        self.form.addRow("Reached:", reached)
        self.form.addRow("mRS learned on the call:", self.learned_mrs)
        self.form.addRow("Date of death:", self.learned_death)
        self.form.addRow("Note:", self.note)
        self.reached_yes.toggled.connect(self._reached_changed)
        self._reached_changed(self.reached_yes.isChecked())

    def _reached_changed(self, reached: bool) -> None:
        """What was learned only counts when someone was reached."""
        for widget in (self.learned_mrs, self.learned_death):
            widget.setEnabled(reached)

    def values(self) -> dict:
        """The attempt as service arguments: when, method, reached, note."""
        when = cast(datetime, self.when.dateTime().toPython())  # PySide6 stubs: typed object
        return {"when": when.replace(second=0, microsecond=0),
                "method": self.method.currentData(), "reached": self.reached_yes.isChecked(),
                "note": self.note.text().strip() or None}

    def learned(self) -> dict:
        """What the call told (mrs_90d, death_date; None when not known); empty when not reached.

        ValueError with a plain message when the date of death is not a date."""
        if not self.reached_yes.isChecked():
            return {}
        return {"mrs_90d": self.learned_mrs.currentData(),
                "death_date": _typed_date(self.learned_death, "Date of death")}

    def accept(self) -> None:
        try:
            self.learned()
        except ValueError as exc:
            self.show_error(str(exc))
            return
        super().accept()


class OutcomeDialog(_FormDialog):
    """The 90-day outcome learned on a call: pre-filled from the contact, saved only on OK."""

    def __init__(self, case_label: str, day: date, method: str | None, mrs: int | None = None,
                 death_date: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Record 90-day outcome", f"The patient of case <b>{case_label}</b> was"
                         " reached. Check what was learned on the call; nothing is saved until"
                         " you press Save outcome.", "Save outcome", parent)
        self.mrs = _mrs_picker()
        if mrs is None and death_date is not None:
            mrs = 6
        self.mrs.setCurrentIndex(max(self.mrs.findData(mrs), 0) if mrs is not None else 0)
        self.day = QDateEdit(QDate(day.year, day.month, day.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.method = NoWheelComboBox()
        for choice in FOLLOWUP_METHOD:
            self.method.addItem(choice.label, choice.code)
        self.method.setCurrentIndex(max(self.method.findData(method), 0))
        self.death_date = _death_date_edit()
        if death_date is not None:
            self.death_date.setText(death_date.isoformat())
        self.form.addRow("mRS at 90 days:", self.mrs)
        self.form.addRow("Follow-up date:", self.day)
        self.form.addRow("Follow-up method:", self.method)
        self.form.addRow("Date of death:", self.death_date)

    def values(self) -> dict:
        """The outcome as service arguments; ValueError with a plain message when incomplete."""
        if self.mrs.currentData() is None:
            raise ValueError("mRS at 90 days: choose the score learned on the call, or Cancel.")
        return {"mrs_90d": self.mrs.currentData(), "followup_date": self.day.date().toPython(),
                "followup_method": self.method.currentData(),
                "death_date": _typed_date(self.death_date, "Date of death")}

    def accept(self) -> None:
        try:
            self.values()
        except ValueError as exc:
            self.show_error(str(exc))
            return
        super().accept()


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
