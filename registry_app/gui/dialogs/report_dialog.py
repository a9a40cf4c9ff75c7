"""The monthly audit report: month, benchmarks, files to write, then signing the month off."""
from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QCheckBox, QDateEdit, QDialog, QFileDialog, QFormLayout,
                               QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from ...domain.errors import RegistryError
from ...services.benchmark_library import list_benchmarks
from ...services.reports import ReportResult, generate_report
from ...services.signoff import Signoff, sign_off_month
from .. import prompts
from ..errors import log_exception, show_error

FOLDER_KEY = "report/folder"
IDENTIFIED_WARNING = ("The workbook will contain patient names, medical record numbers and dates"
                      " of birth (the PDF never does). Store it only where identified data are"
                      " allowed.")


def last_complete_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def default_folder() -> Path:
    return Path.home() / "Registry reports"


class ReportDialog(QDialog):
    """Generate the month's workbook and/or PDF in the background; sign the month off."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: ReportResult | None = None
        self.setWindowTitle("Monthly report")
        self.month_edit = QDateEdit(_qdate(last_complete_month(ctx.today())))
        self.month_edit.setDisplayFormat("MMMM yyyy")
        self.benchmarks = self._benchmark_list()
        self.folder_edit = QLineEdit(str(ctx.prefs.value(FOLDER_KEY, str(default_folder()))))
        self.xlsx_box, self.pdf_box = QCheckBox("Excel workbook (.xlsx)"), QCheckBox("PDF")
        self.xlsx_box.setChecked(True)
        self.pdf_box.setChecked(True)
        self.identified = QCheckBox("Include identifiers (workbook only)")
        self.warning = _label(IDENTIFIED_WARNING, "color: #b3261e; font-weight: bold;")
        self.warning.setVisible(False)
        self.identified.toggled.connect(self.warning.setVisible)
        self.outcome = _label()
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._lay_out()

    def _benchmark_list(self) -> QListWidget:
        widget = QListWidget()
        try:
            found = list_benchmarks()
        except Exception as exc:  # a broken library must not stop the report
            log_exception(exc, "Could not load the benchmark library")
            found = []
        for benchmark in found:
            item = QListWidgetItem(f"{benchmark.label} ({benchmark.territory})")
            item.setData(Qt.ItemDataRole.UserRole, benchmark.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            widget.addItem(item)
        widget.setMinimumHeight(140)
        return widget

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("Month:", self.month_edit)
        form.addRow("Compare with:", self.benchmarks)
        form.addRow("Save in folder:", self._folder_row())
        files = QHBoxLayout()
        for box in (self.xlsx_box, self.pdf_box):
            files.addWidget(box)
        files.addStretch(1)
        form.addRow("Files:", files)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in (self.identified, self.warning, self.outcome):
            layout.addWidget(widget)
        layout.addLayout(self._buttons())
        self.resize(620, 560)

    def _folder_row(self) -> QHBoxLayout:
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        return row

    def _buttons(self) -> QHBoxLayout:
        self.generate_button = QPushButton("Generate")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.signoff_button = QPushButton("Sign off this month…")
        self.signoff_button.clicked.connect(self.sign_off)
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.signoff_button)
        row.addStretch(1)
        row.addWidget(self.generate_button)
        row.addWidget(close)
        return row

    def browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Save reports in", self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    # What to write ############################################################

    def month(self) -> str:
        return self.month_edit.date().toString("yyyy-MM")

    def benchmark_ids(self) -> list[str]:
        items = (self.benchmarks.item(i) for i in range(self.benchmarks.count()))
        return [item.data(Qt.ItemDataRole.UserRole) for item in items
                if item.checkState() == Qt.CheckState.Checked]

    def targets(self) -> tuple[Path | None, Path | None]:
        """The workbook and PDF to write (None when not ticked)."""
        folder = Path(self.folder_edit.text().strip() or default_folder()).expanduser()
        stem = f"registry-report-{self.month()}"
        xlsx_stem = stem + ("-IDENTIFIED" if self.identified.isChecked() else "")
        return (folder / f"{xlsx_stem}.xlsx" if self.xlsx_box.isChecked() else None,
                folder / f"{stem}.pdf" if self.pdf_box.isChecked() else None)

    # Generating ###############################################################

    def generate(self) -> None:
        xlsx, pdf = self.targets()
        if xlsx is None and pdf is None:
            show_error(self, RegistryError("Report: tick Excel, PDF or both."))
            return
        try:
            (xlsx or pdf).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            show_error(self, RegistryError(f"Report: the folder {(xlsx or pdf).parent} cannot"
                                           f" be created ({exc.strerror or exc})."))
            return
        self.ctx.prefs.setValue(FOLDER_KEY, str((xlsx or pdf).parent))
        op = partial(generate_report, self.ctx.registry, self.month(), xlsx=xlsx, pdf=pdf,
                     benchmark_ids=self.benchmark_ids(), identified=self.identified.isChecked())
        self.generate_button.setEnabled(False)
        self.ctx.tasks.run(op, progress="Preparing the report", parent=self,
                           success=self._generated, failure=self._failed)

    def _generated(self, result: ReportResult) -> None:
        self.result = result
        self.generate_button.setEnabled(True)
        self.outcome.setText(describe(result))

    def _failed(self, exc: BaseException) -> None:
        self.generate_button.setEnabled(True)
        show_error(self, exc)

    # Signing off ##############################################################

    def sign_off(self) -> None:
        """Ask for confirmation (and an optional note), then lock the month."""
        month = self.month()
        note, ok = QInputDialog.getText(
            self, "Sign off this month",
            f"Sign off {month}? Its figures are then fixed: later changes to its cases need a"
            " reason and are listed as changes after sign-off.\n\nNote (optional):")
        if not ok:
            return
        self.ctx.tasks.run(lambda: sign_off_month(self.ctx.registry, month, note), parent=self,
                           success=self._signed)

    def _signed(self, signed: Signoff) -> None:
        self.ctx.notify_cases_changed([])
        prompts.inform(self, "Month signed off",
                       f"{signed.month} was signed off by {signed.signed_by} on"
                       f" {signed.signed_at:%Y-%m-%d %H:%M}.\nFingerprint: {signed.fingerprint}")


def describe(result: ReportResult) -> str:
    """The outcome in words: the files written, the case count and the fingerprint."""
    lines = [f"Report for {result.month}: {result.cases:,} cases."]
    if result.xlsx is not None:
        kind = "IDENTIFIED workbook" if result.identified else "Workbook"
        lines.append(f"{kind}: {result.xlsx}")
    if result.pdf is not None:
        lines.append(f"PDF: {result.pdf}")
    lines.append(f"Data fingerprint: {result.fingerprint}")
    lines += [f"Note: {w}" for w in result.warnings]
    return "\n".join(lines)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _label(text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label
