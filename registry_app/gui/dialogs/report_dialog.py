"""The monthly audit report: month, benchmarks, files to write, then signing the month off."""
from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QDateEdit, QDialog, QFileDialog, QFormLayout,
                               QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from ...domain.errors import RegistryError
from ...services.changes import Changes
from ...services.benchmarks.library import list_benchmarks
from ...services.reports.data import logo_problem
from ...services.reports.monthly import ReportResult, generate_report, remember_centre
from ...services.reports.signoff import REPORT_TERRITORY, MonthStatus, Signoff, month_status, sign_off_month
from .. import prompts
from ..errors import log_exception, show_error

FOLDER_KEY = "report/folder"
IDENTIFIED_WARNING = ("The workbook will contain patient names, medical record numbers and dates"
                      " of birth (the PDF never does). Store it only where identified data are"
                      " allowed.")


def open_url(url: QUrl) -> bool:
    """Open a file or folder in the system's application (tests replace this)."""
    return QDesktopServices.openUrl(url)


def last_complete_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def default_folder() -> Path:
    return Path.home() / "Registry reports"


class ReportDialog(QDialog):
    """Generate the month's workbook and/or PDF in the background; sign the month off."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_report: ReportResult | None = None
        self.setWindowTitle("Monthly report")
        self.month_edit = QDateEdit(_qdate(last_complete_month(ctx.today())))
        self.month_edit.setDisplayFormat("MMMM yyyy")
        self.benchmarks = self._benchmark_list()
        self.folder_edit = QLineEdit(str(ctx.prefs.value(FOLDER_KEY, str(default_folder()))))
        self.xlsx_box, self.pdf_box = QCheckBox("Excel workbook (.xlsx)"), QCheckBox("PDF")
        self.xlsx_box.setChecked(True)
        self.pdf_box.setChecked(True)
        self._centre_inputs()
        self.operator_names = QCheckBox("Name the operators (otherwise they are letters A, B,"
                                        " C… in the funnel plots, review list and case sheets)")
        self.identified = QCheckBox("Include identifiers (workbook only)")
        self.warning = _label(IDENTIFIED_WARNING, "color: #b3261e; font-weight: bold;")
        self.warning.setVisible(False)
        self.identified.toggled.connect(self.warning.setVisible)
        self.outcome = _label()
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = _label()
        self.status_label.setObjectName("signoff_status")
        self.status: MonthStatus | None = None
        self._lay_out()
        self.month_edit.dateChanged.connect(lambda _day: self.show_status())
        self.show_status()

    def _benchmark_list(self) -> QListWidget:
        """The report territory's benchmarks (limb and coronary ones compare only with their
        own territory); the registry's default benchmark is ticked."""
        widget = QListWidget()
        try:
            found = [b for b in list_benchmarks() if b.territory == REPORT_TERRITORY]
        except Exception as exc:  # a broken library must not stop the report
            log_exception(exc, "Could not load the benchmark library")
            found = []
        default = self.ctx.registry.settings().default_benchmark
        for benchmark in found:
            item = QListWidgetItem(benchmark.label)
            item.setData(Qt.ItemDataRole.UserRole, benchmark.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if benchmark.id == default
                               else Qt.CheckState.Unchecked)
            widget.addItem(item)
        widget.setMinimumHeight(140)
        return widget

    def _centre_inputs(self) -> None:
        """The centre's name and logo, from the settings; saved there when changed here."""
        settings = self.ctx.registry.settings()
        self.centre_edit = QLineEdit(settings.center_name)
        self.centre_edit.setPlaceholderText("Printed on every report, e.g. University Hospital"
                                            " Neuroradiology (saved in the settings)")
        self.logo_edit = QLineEdit(settings.logo_path)
        self.logo_edit.setPlaceholderText("No logo (optional)")

    def _logo_row(self) -> QHBoxLayout:
        choose = QPushButton("Choose…")
        choose.setAutoDefault(False)
        choose.clicked.connect(self.choose_logo)
        row = QHBoxLayout()
        row.addWidget(self.logo_edit, 1)
        row.addWidget(choose)
        return row

    def choose_logo(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose the centre's logo",
                                                self.logo_edit.text(),
                                                "Images (*.png *.jpg *.jpeg *.gif *.bmp)")
        if chosen:
            self.logo_edit.setText(chosen)

    def centre_problem(self) -> str | None:
        """Why the centre's name or logo cannot be used, in plain words; None when fine."""
        if not self.centre_edit.text().strip():
            return ("Centre name: enter your centre's name; it is printed on every page of the"
                    " report and remembered in the settings.")
        return logo_problem(self.logo_edit.text().strip())

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("Centre name:", self.centre_edit)
        form.addRow("Logo:", self._logo_row())
        form.addRow("Month:", self.month_edit)
        form.addRow("Compare with:", self.benchmarks)
        form.addRow("Save in folder:", self._folder_row())
        files = QHBoxLayout()
        for box in (self.xlsx_box, self.pdf_box):
            files.addWidget(box)
        files.addStretch(1)
        form.addRow("Files:", files)
        form.addRow("Sign-off:", self.status_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in (self.operator_names, self.identified, self.warning, self.outcome):
            layout.addWidget(widget)
        layout.addLayout(self._open_buttons())
        layout.addLayout(self._buttons())
        self.resize(660, 620)

    def _folder_row(self) -> QHBoxLayout:
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        return row

    def _open_buttons(self) -> QHBoxLayout:
        self.open_pdf_button = QPushButton("Open PDF")
        self.open_pdf_button.clicked.connect(self._open_pdf)
        self.open_folder_button = QPushButton("Open folder")
        self.open_folder_button.clicked.connect(self._open_folder)
        row = QHBoxLayout()
        for button in (self.open_pdf_button, self.open_folder_button):
            button.setAutoDefault(False)
            button.setVisible(False)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _open_pdf(self) -> None:
        if self.last_report is not None and self.last_report.pdf is not None:
            self._open(self.last_report.pdf)

    def _open_folder(self) -> None:
        report = self.last_report
        written = (report.pdf or report.xlsx) if report is not None else None
        if written is not None:
            self._open(written.parent)

    def _open(self, path: Path) -> None:
        if not open_url(QUrl.fromLocalFile(str(path))):
            show_error(self, RegistryError(f"Report: {path} could not be opened; open it from"
                                           " your file manager."))

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
        target = xlsx or pdf
        if target is None:
            show_error(self, RegistryError("Report: tick Excel, PDF or both."))
            return
        problem = self.centre_problem()
        if problem:
            show_error(self, RegistryError(problem))
            self.centre_edit.setFocus()
            return
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            show_error(self, RegistryError(f"Report: the folder {target.parent} cannot"
                                           f" be created ({exc.strerror or exc})."))
            return
        self.ctx.prefs.setValue(FOLDER_KEY, str(target.parent))
        report = partial(generate_report, self.ctx.registry, self.month(), xlsx=xlsx, pdf=pdf,
                         benchmark_ids=self.benchmark_ids(),
                         identified=self.identified.isChecked(),
                         operator_names=self.operator_names.isChecked())
        registry, centre = self.ctx.registry, (self.centre_edit.text(), self.logo_edit.text())
        saved: list[bool] = []
        self.centre_saved = saved
        def op(**job) -> ReportResult:  # on the worker: the name first, so the report has it
            saved.append(remember_centre(registry, *centre))
            return report(**job)
        self.generate_button.setEnabled(False)
        self.ctx.tasks.run(op, progress="Preparing the report", parent=self,
                           success=self._generated, failure=self._failed)

    def _generated(self, result: ReportResult) -> None:
        self.last_report = result
        if any(self.centre_saved):
            self.ctx.broadcast(Changes(settings=True))
        self.generate_button.setEnabled(True)
        self.outcome.setText(describe(result))
        self.open_pdf_button.setVisible(result.pdf is not None)
        self.open_folder_button.setVisible(True)
        self.show_status()

    def _failed(self, exc: BaseException) -> None:
        self.generate_button.setEnabled(True)
        show_error(self, exc)

    # Signing off ##############################################################

    def generated_this_month(self) -> bool:
        """The report of the chosen month was generated in this session of the dialog."""
        return self.last_report is not None and self.last_report.month == self.month()

    def show_status(self) -> None:
        """The month's sign-off status; sign-off is offered once its report was generated."""
        try:
            self.status = month_status(self.ctx.registry, self.month())
        except RegistryError as exc:
            self.status = None
            self.status_label.setText(exc.message)
        else:
            hint = "" if self.generated_this_month() or not self.status.can_sign else (
                " Generate its report first; sign-off comes after.")
            self.status_label.setText(self.status.text() + hint)
        self.signoff_button.setEnabled(self.status is not None and self.status.can_sign
                                       and self.generated_this_month())

    def sign_off(self) -> None:
        """Show what will be locked, ask for confirmation (and an optional note), then lock."""
        month, report = self.month(), self.last_report
        if self.status is None or not self.status.can_sign or not self.generated_this_month() \
                or report is None:
            return
        note, ok = QInputDialog.getText(
            self, "Sign off this month",
            f"{self.status.lock_summary()}\nReport fingerprint: {report.fingerprint}"
            "\n\nNote (optional):")
        if not ok:
            return
        self.ctx.tasks.run(lambda: sign_off_month(self.ctx.registry, month, note), parent=self,
                           success=self._signed)

    def _signed(self, signed: Signoff) -> None:
        self.show_status()
        prompts.inform(self, "Month signed off",
                       f"{signed.month} was signed off by {signed.signed_by} on"
                       f" {signed.signed_at:%Y-%m-%d %H:%M}.\nFingerprint: {signed.fingerprint}")


def describe(result: ReportResult) -> str:
    """The outcome in words: the files written, the case count and the fingerprint."""
    lines = [f"Report for {result.month}: {result.cases:,} case{'' if result.cases == 1 else 's'}."]
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
