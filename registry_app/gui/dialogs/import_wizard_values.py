"""The import wizard's coded-values step: what each unrecognised value of a coded column means."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QVBoxLayout, QWidget

from ...domain.fields import FIELDS_BY_CODE, FieldDef
from ...domain.vocab import Choice
from ...services.importing.preview import ImportPreview
from ...services.importing.rows import value_key
from .import_wizard_pages import RED, cell_item, read_only_table, text_label

LEAVE = "Leave unmapped (row is rejected)"
EMPTY = "Leave the cell empty (no value)"
INTRO = ("The coded columns below hold values the registry does not recognise. Choose what each"
         " value means. Rows with a value left unmapped are rejected and written to the rejects"
         " file with the reason. Your choices are remembered for files with the same columns.")


def _choice_text(choice: Choice) -> str:
    if choice.label == choice.code or choice.label.startswith(f"{choice.code} "):
        return choice.label
    return f"{choice.label} ({choice.code})"


def value_options(fd: FieldDef) -> list[tuple[str, str | None]]:
    """(text shown, code) a raw value can be mapped to; None leaves it unmapped, '' empties it."""
    options: list[tuple[str, str | None]] = [(LEAVE, None), (EMPTY, "")]
    if fd.kind == "yesno":
        return options + [("Yes", "yes"), ("No", "no")]
    return options + [(_choice_text(choice), choice.code) for choice in fd.choices]


@dataclass
class ValueChoice:
    """One unrecognised value of one column and what the coordinator says it means."""

    column: str
    field: str
    raw: str
    code: str | None = None


class ValuesPage(QWidget):
    """Step 3 (only when needed): map each unrecognised coded value to an allowed code."""

    values_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[ValueChoice] = []
        self.combos: dict[tuple[str, str], QComboBox] = {}
        self._base: dict[str, dict[str, str]] = {}
        self.intro, self.status = text_label(INTRO), text_label()
        self.table = read_only_table(["Column in the file", "Registry field", "Value in the file",
                             "Means"])
        header = self.table.horizontalHeader()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    def start(self, preview: ImportPreview) -> None:
        """A new file: forget earlier choices; keep the value maps remembered for its layout."""
        self.entries, self._base = [], {c: dict(m) for c, m in preview.value_maps.items()}
        self._fill()

    def needed(self, preview: ImportPreview) -> bool:
        """Whether the step has anything to show for this preview."""
        return bool(preview.unrecognised_values) or bool(self._current(preview.mapping))

    def show_values(self, preview: ImportPreview) -> None:
        """List the values chosen so far and any newly unrecognised ones, then the counts."""
        self.entries = self._current(preview.mapping)
        known = {(e.column, value_key(e.raw)) for e in self.entries}
        for column, values in preview.unrecognised_values.items():
            self.entries += [ValueChoice(column, preview.mapping[column], raw) for raw in values
                             if (column, value_key(raw)) not in known]
        self._fill()
        self.show_status(preview)

    def _current(self, mapping: dict[str, str]) -> list[ValueChoice]:
        """The entries still valid: their column still fills the same field."""
        return [e for e in self.entries if mapping.get(e.column) == e.field]

    def _fill(self) -> None:
        self.combos.clear()
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            fd = FIELDS_BY_CODE[entry.field]
            self.table.setItem(row, 0, cell_item(entry.column))
            self.table.setItem(row, 1, cell_item(fd.label))
            self.table.setItem(row, 2, cell_item(entry.raw))
            self.table.setCellWidget(row, 3, self._combo(entry, fd))

    def _combo(self, entry: ValueChoice, fd: FieldDef) -> QComboBox:
        combo = QComboBox()
        for text, code in value_options(fd):
            combo.addItem(text, code)
        combo.setCurrentIndex(max(combo.findData(entry.code), 0) if entry.code is not None else 0)
        combo.currentIndexChanged.connect(lambda _: self._chosen(entry, combo.currentData()))
        self.combos[(entry.column, entry.raw)] = combo
        return combo

    def _chosen(self, entry: ValueChoice, code: str | None) -> None:
        entry.code = code
        self.values_changed.emit()

    def choose(self, column: str, raw: str, code: str | None) -> None:
        """Pick what a value means, as the coordinator would in its pick list."""
        combo = self.combos[(column, raw)]
        index = combo.findData(code) if code is not None else 0
        if index < 0:
            raise ValueError(f"'{code}' is not offered for {column}: {raw}")
        combo.setCurrentIndex(index)

    def value_maps(self, mapping: dict[str, str]) -> dict[str, dict[str, str]]:
        """The remembered value maps with this step's choices laid over them, per column."""
        maps = {column: dict(values) for column, values in self._base.items()}
        for entry in self._current(mapping):
            column_map = maps.setdefault(entry.column, {})
            if entry.code is None:
                column_map.pop(value_key(entry.raw), None)
            else:
                column_map[value_key(entry.raw)] = entry.code
        return maps

    def show_status(self, preview: ImportPreview) -> None:
        """How many values are still unmapped, and what the import would do now."""
        if self._unseen(preview):
            self.show_values(preview)  # more than a column's first values were unrecognised
            return
        if preview.blocking:
            self.status.setStyleSheet(RED)
            self.status.setText(preview.blocking)
            return
        left = sum(len(values) for values in preview.unrecognised_values.values())
        shown = len(self.entries)
        words = (f"{shown - left} of {shown} values mapped; {left} left unmapped (rows with"
                 " them will be rejected)." if left else f"All {shown} values are mapped.")
        self.status.setStyleSheet(RED if left else "")
        self.status.setText(f"{words} {preview.summary()}")

    def _unseen(self, preview: ImportPreview) -> bool:
        known = {(e.column, value_key(e.raw)) for e in self.entries}
        return any((column, value_key(raw)) not in known
                   for column, values in preview.unrecognised_values.items() for raw in values)

    def set_busy(self, busy: bool) -> None:
        if busy:
            self.status.setStyleSheet("")
            self.status.setText("Checking the file with these values…")
