"""Questions and notices to the coordinator, in one place (message boxes with plain buttons)."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from .reason_dialog import ReasonDialog

Icon = QMessageBox.Icon


def message_box(parent: QWidget | None, title: str, text: str, buttons: Sequence[str],
                default: str | None = None, icon: Icon = Icon.Question,
                details: str = "") -> tuple[QMessageBox, dict]:
    """The message box and its buttons by label (not shown yet)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    made = {label: box.addButton(label, _role(label, index)) for index, label in
            enumerate(buttons)}
    if default in made:
        box.setDefaultButton(made[default])
    if details:
        box.setInformativeText(details)
    return box, made


def ask(parent: QWidget | None, title: str, text: str, buttons: Sequence[str],
        default: str | None = None, icon: Icon = Icon.Question, details: str = "") -> str | None:
    """Show a question with buttons labelled in words; the chosen label, None on Escape."""
    box, made = message_box(parent, title, text, buttons, default, icon, details)
    box.exec()
    clicked = box.clickedButton()
    return next((label for label, button in made.items() if button is clicked), None)


def _role(label: str, index: int) -> QMessageBox.ButtonRole:
    if label.lower().startswith("cancel"):
        return QMessageBox.ButtonRole.RejectRole
    if label.lower().startswith(("discard", "don't", "do not")):
        return QMessageBox.ButtonRole.DestructiveRole
    return QMessageBox.ButtonRole.AcceptRole if index == 0 else QMessageBox.ButtonRole.ActionRole


def ask_save_discard_cancel(parent: QWidget | None, title: str, text: str) -> str:
    """'save', 'discard' or 'cancel' (Escape)."""
    answer = ask(parent, title, text, ("Save", "Discard changes", "Cancel"), "Save",
                 Icon.Warning)
    return {"Save": "save", "Discard changes": "discard"}.get(answer or "", "cancel")


def confirm(parent: QWidget | None, title: str, text: str, yes: str = "Yes",
            no: str = "No") -> bool:
    return ask(parent, title, text, (yes, no), yes) == yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    ask(parent, title, text, ("OK",), "OK", Icon.Information)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    ask(parent, title, text, ("OK",), "OK", Icon.Warning)


def ask_reason(parent: QWidget | None, title: str, prompt: str, action: str = "OK",
               placeholder: str = "Reason (recorded in the audit trail)") -> str | None:
    """A reason typed by the coordinator (never empty), or None when cancelled."""
    dialog = ReasonDialog(title, prompt, action, parent, placeholder)
    return dialog.reason() if dialog.exec() else None
