"""The import wizard's steps: the file, the column mapping, the check of every row, the outcome."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ...domain.fields import CASE_FIELDS, IDENTITY_FIELDS
from ...services.importing.preview import ImportPreview
from ...services.importing.file_import import ImportReport

SKIP = "(do not import)"
FILE_FILTER = "Spreadsheets (*.xlsx *.csv);;Excel workbook (*.xlsx);;CSV files (*.csv)"
RED = "color: #b3261e;"
DATE_ORDER_CHOICES = (("not declared: reject dates like 03/04/2025", None),
                      ("day/month/year (03/04/2025 = 3 April)", "dmy"),
                      ("month/day/year (03/04/2025 = March 4)", "mdy"),
                      ("year/month/day (25/04/03 = 3 April 2025)", "ymd"))


def text_label(text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label


def read_only_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def cell_item(text) -> QTableWidgetItem:
    return QTableWidgetItem("" if text is None else str(text))


class FilePage(QWidget):
    """Step 1: which .xlsx or .csv file to import."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("Choose a .xlsx or .csv file")
        self.path_edit.textChanged.connect(lambda _: self.changed.emit())
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label("Choose the spreadsheet to import. The first row must hold"
                                    " the column names; one row per case (a workbook may add"
                                    " 'passes' and 'contacts' sheets). Nothing is written until"
                                    " the last step."))
        layout.addLayout(row)
        layout.addStretch(1)

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Import cases", self.path_edit.text(),
                                                FILE_FILTER)
        if chosen:
            self.path_edit.setText(chosen)

    def path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text).expanduser() if text else None


def field_choices() -> list[tuple[str, str]]:
    """(label shown, field code) for every field a case column can fill."""
    return [(SKIP, "")] + [(f"{fd.label} ({fd.code})", fd.code)
                           for fd in CASE_FIELDS + IDENTITY_FIELDS]


def searchable_combo(choices: list[tuple[str, str]]) -> QComboBox:
    """A pick list the user can type into: any part of a label or code finds the field;
    text that names no field goes back to the last choice when the list loses focus."""
    combo = QComboBox()
    for text, value in choices:
        combo.addItem(text, value)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer, edit = combo.completer(), combo.lineEdit()  # an editable combo has both
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
    if edit is not None:
        edit.editingFinished.connect(lambda: edit.setText(combo.itemText(combo.currentIndex())))
    return combo


class MappingPage(QWidget):
    """Step 2: which registry field each column of the file fills."""

    mapping_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combos: dict[str, QComboBox] = {}
        self.intro = text_label()
        self.status = text_label()
        self.table = read_only_table(["Column in the file", "Registry field", "First values"])
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents)
        self.date_order_combo = QComboBox()
        for text, value in DATE_ORDER_CHOICES:
            self.date_order_combo.addItem(text, value)
        self.date_order_combo.currentIndexChanged.connect(lambda _: self.mapping_changed.emit())
        dates = QHBoxLayout()
        dates.addWidget(QLabel("Dates in this file are written"))
        dates.addWidget(self.date_order_combo, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(dates)
        layout.addWidget(self.status)

    def date_order(self) -> str | None:
        """The declared order of day and month (None: ambiguous dates are rejected)."""
        return self.date_order_combo.currentData()

    def show_columns(self, preview: ImportPreview) -> None:
        """Fill the table from a first preview (the suggested or remembered mapping)."""
        self.combos.clear()
        self.table.setRowCount(len(preview.header))
        for row, column in enumerate(preview.header):
            self.table.setItem(row, 0, cell_item(column))
            self.table.setCellWidget(row, 1, self._combo(column, preview.mapping.get(column, "")))
            self.table.setItem(row, 2, cell_item(_samples(preview, column)))
        self.table.resizeColumnToContents(0)
        self.date_order_combo.setCurrentIndex(
            max(self.date_order_combo.findData(preview.date_order), 0))
        how = ("the layout remembered from an earlier file with the same columns"
               if preview.remembered else "the column names")
        self.intro.setText(f"{preview.path.name}: {preview.rows:,} rows. Fields were chosen from"
                           f" {how}; check each column and pick '{SKIP}' for columns to leave"
                           " out. Your choices are remembered for files with the same columns."
                           + (f" {preview.date_order_note}" if preview.date_order_note else ""))
        self.show_status(preview)

    def _combo(self, column: str, code: str) -> QComboBox:
        combo = searchable_combo(field_choices())
        combo.setCurrentIndex(max(combo.findData(code), 0))
        combo.currentIndexChanged.connect(lambda _: self.mapping_changed.emit())
        self.combos[column] = combo
        return combo

    def mapping(self) -> dict[str, str]:
        """Every column's choice ('' = do not import), to pass to the services."""
        return {column: combo.currentData() or "" for column, combo in self.combos.items()}

    def choose(self, column: str, code: str) -> None:
        combo = self.combos[column]
        combo.setCurrentIndex(max(combo.findData(code), 0))

    def show_status(self, preview: ImportPreview) -> None:
        """Which columns are left out and whether the file can be imported as mapped."""
        if preview.blocking:
            self.status.setStyleSheet(RED)
            self.status.setText(preview.blocking)
            return
        self.status.setStyleSheet("")
        left_out = ", ".join(f"'{c}'" for c in preview.unknown_columns) or "none"
        self.status.setText(f"{preview.summary()} Columns not imported: {left_out}.")

    def set_busy(self, busy: bool) -> None:
        if busy:
            self.status.setStyleSheet("")
            self.status.setText("Checking the file with these columns…")


def _samples(preview: ImportPreview, column: str, count: int = 3) -> str:
    values = [record.get(column) for _, record in preview.first_rows[:count]]
    return "; ".join(str(v) for v in values if v not in (None, ""))


class CheckPage(QWidget):
    """Step 4: the counts, then every problem by row, column and reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = text_label()
        self.problems = read_only_table(["Sheet", "Row", "Column", "Reason"])
        self.notes = text_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("Rows that will be rejected, and why:"))
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.notes)

    def show_preview(self, preview: ImportPreview) -> None:
        self.summary.setText(preview.summary() + (
            "" if preview.can_import else " There is nothing to import as the file stands."))
        self.summary.setStyleSheet("" if preview.can_import else RED)
        self.problems.setRowCount(len(preview.problems))
        for row, problem in enumerate(preview.problems):
            for col, value in enumerate((problem.sheet, problem.row, problem.column or "",
                                         problem.reason)):
                self.problems.setItem(row, col, cell_item(value))
        for col in range(3):
            self.problems.resizeColumnToContents(col)
        self.notes.setText(_notes(preview))

    def reasons(self) -> list[tuple[str, ...]]:
        """The problem table's text (sheet, row, column, reason), for checks and copying."""
        return [tuple(_cell(self.problems, r, c) for c in range(4))
                for r in range(self.problems.rowCount())]


def _notes(preview: ImportPreview) -> str:
    lines = [f"Warning: {w}" for w in preview.warnings]
    lines += [f"Column '{column}' has values that are not recognised: {', '.join(values[:10])}"
              " (go back to map them)." for column, values in preview.unrecognised_values.items()]
    lines += [f"Column '{column}' values read as: {_mapped_text(values)}."
              for column, values in preview.value_maps.items()
              if values and column in preview.mapping]
    return "\n".join(lines)


def _mapped_text(values: dict[str, str], most: int = 10) -> str:
    shown = [f"'{raw}' → {code or '(empty)'}" for raw, code in list(values.items())[:most]]
    more = len(values) - most
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


class ResultPage(QWidget):
    """Step 5: what the import did and where the rejected rows were written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = text_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def show_report(self, report: ImportReport) -> None:
        lines = [f"Import finished: {report.created:,} new cases created, {report.updated:,}"
                 f" updated, {report.unchanged:,} unchanged; {report.rejected_count:,} rows"
                 " rejected."]
        if report.rejects_file is not None:
            lines.append(f"The rejected rows, each with its reasons, were written to:\n"
                         f"{report.rejects_file}\nCorrect them there and import that file.")
        if report.with_queries:
            one = report.with_queries == 1
            lines.append(f"{report.with_queries:,} imported row{'' if one else 's'}"
                         f" break{'s' if one else ''} a consistency rule (e.g. times out of"
                         " order): imported with an open query naming the rule; see Edit →"
                         " Open queries.")
        if report.possible_duplicates:
            lines.append(duplicates_text(report))
        if report.unknown_columns:
            lines.append("Columns not imported: " + ", ".join(report.unknown_columns) + ".")
        self.text.setText("\n\n".join(lines))


def duplicates_text(report: ImportReport, most: int = 20) -> str:
    """The imported rows that may be a patient already in the registry, one line each."""
    found = report.possible_duplicates
    lines = [f"{sheet} row {row} (case {number}): {dup.text()}"
             for sheet, row, number, dup in found[:most]]
    more = f"\n… and {len(found) - most} more" if len(found) > most else ""
    return ("Imported, but possibly a patient already in the registry (check them):\n"
            + "\n".join(lines) + more)


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return "" if item is None else item.text()
