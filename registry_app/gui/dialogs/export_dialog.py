"""Choosing what to export: the file, which cases, and (explicitly) whether identifiers go too."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton,
                               QVBoxLayout, QWidget)

from ...services.cases.queries import CaseFilter

WARNING = ("The file will contain patient names, medical record numbers and dates of birth."
           " Store it only where identified data are allowed.")


@dataclass(frozen=True)
class ExportChoice:
    path: Path
    flt: CaseFilter
    identified: bool


class ExportDialog(QDialog):
    """De-identified by default; identifiers only with the box ticked."""

    def __init__(self, default_path: Path, list_filter: CaseFilter, list_count: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export cases")
        self.list_filter = list_filter
        self.path_edit = QLineEdit(str(default_path))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        self.all_cases = QRadioButton("All cases")
        self.listed_cases = QRadioButton(f"The {list_count:,} cases in the list now (search and"
                                         " filters applied)")
        self.all_cases.setChecked(True)
        self.identified = QCheckBox("Include identifiers (name, MRN, date of birth)")
        self.warning = QLabel(WARNING)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.warning.setVisible(False)
        self.identified.toggled.connect(self.warning.setVisible)
        self._lay_out(browse)

    def _lay_out(self, browse: QPushButton) -> None:
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("File (.xlsx or .csv):", where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in (self.all_cases, self.listed_cases, self.identified, self.warning):
            layout.addWidget(widget)
        layout.addWidget(QLabel("Exports are de-identified unless you tick the box above."))
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Export cases", self.path_edit.text(),
                                                "Excel workbook (*.xlsx);;CSV files (*.csv)")
        if chosen:
            self.path_edit.setText(chosen)

    def choice(self) -> ExportChoice:
        path = Path(self.path_edit.text().strip()).expanduser()
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".xlsx")
        flt = self.list_filter if self.listed_cases.isChecked() else CaseFilter()
        return ExportChoice(path, flt, self.identified.isChecked())
