"""The right input for each field definition: the one place that knows every kind of editor
(pick lists, yes/no, text and notes from field_widgets; dates and times from date_widgets)."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...domain.field_types import FieldDef
from .date_widgets import DateFieldEditor, DateTimeFieldEditor
from .field_widgets import (ComboFieldEditor, FieldEditor, MultiChoiceEditor, NotesEditor,
                            TextFieldEditor, YesNoFieldEditor)


def make_editor(fd: FieldDef, parent: QWidget | None = None, default_day=None) -> FieldEditor:
    """The right input for a field definition (one definition drives the form)."""
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
