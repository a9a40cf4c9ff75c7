"""The registry's settings: centre and logo for reports, default benchmark, outcome definitions."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout,
                               QWidget)

from ...domain.settings import RegistrySettings
from ...domain.vocab import SICH_DEFINITION
from ...services.benchmarks.library import list_benchmarks
from ...services.cases.editing import recompute_derived
from ...services.changes import Changes
from ...services.registry import save_settings
from ..widgets.field_widgets import NoWheelComboBox

GOOD_OUTCOMES = ((1, "mRS 0-1 (excellent)"), (2, "mRS 0-2 (functional independence)"),
                 (3, "mRS 0-3"))
MT_THRESHOLDS = (("2b", "2b (2b-3 is success)"), ("2c", "2c (2c-3 is success)"),
                 ("3", "3 (only 3 is success)"))
DERIVED_SETTINGS = ("mt_failure_threshold", "mt_failure_min_passes", "followup_days")
"""Settings that change the stored derived columns (MT failed, follow-up due date)."""
LOGO_SIZE = (220, 80)
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.gif *.svg)"


def needs_recompute(old: RegistrySettings, new: RegistrySettings) -> bool:
    return any(getattr(old, name) != getattr(new, name) for name in DERIVED_SETTINGS)


def settings_problems(settings: RegistrySettings) -> list[str]:
    """Plain messages, each naming the setting, for values that cannot be saved."""
    problems = []
    if settings.followup_window_days >= settings.followup_days:
        problems.append(f"Follow-up window: ± {settings.followup_window_days} days must be shorter"
                        f" than the {settings.followup_days} days to the follow-up.")
    if settings.logo_path and QPixmap(settings.logo_path).isNull():
        problems.append(f"Logo: {settings.logo_path} could not be read as an image (use PNG,"
                        " JPEG or SVG).")
    return problems


class SettingsDialog(QDialog):
    """Edit and save the settings; derived values are recomputed when definitions change."""

    saved = Signal(int)
    """Emitted after saving, with the number of cases whose derived values were recomputed."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.original = ctx.registry.settings()
        self.setWindowTitle("Registry settings")
        self._make_inputs()
        self._build()
        self.load(self.original)

    # Building ##############################################################
    def _make_inputs(self) -> None:
        self.center_name = QLineEdit()
        self.center_name.setPlaceholderText("Shown on reports, e.g. University Hospital Neuroradiology")
        self.logo_path = QLineEdit()
        self.logo_path.setPlaceholderText("No logo")
        self.logo_path.textChanged.connect(self._update_preview)
        self.logo_preview = QLabel()
        self.logo_preview.setFixedSize(*LOGO_SIZE)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px solid #ccc; background: white; color: #777")
        self.default_benchmark = NoWheelComboBox()
        self.default_benchmark.addItem("(none)", "")
        for b in list_benchmarks():
            if b.territory == "cerebral":
                self.default_benchmark.addItem(b.label, b.id)
        self.sich = self._combo(tuple((c.code, c.label) for c in SICH_DEFINITION))
        self.good_outcome = self._combo(GOOD_OUTCOMES)
        self.mt_threshold = self._combo(MT_THRESHOLDS)
        self.min_passes = self._spin(1, 10, " pass(es)")
        self.followup_days = self._spin(7, 730, " days")
        self.window_days = self._spin(0, 120, " days", prefix="± ")
        self.error = QLabel()
        self.error.setObjectName("settings_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e; font-weight: bold")
        self.status = QLabel()
        self.status.setWordWrap(True)

    def _combo(self, items) -> NoWheelComboBox:
        combo = NoWheelComboBox()
        for code, label in items:
            combo.addItem(label, code)
        return combo

    def _spin(self, low: int, high: int, suffix: str, prefix: str = "") -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        spin.setPrefix(prefix)
        return spin

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self._centre_box())
        layout.addWidget(self._definitions_box())
        note = QLabel("Changing the MT failure definition or the follow-up days recomputes the"
                      " derived values (MT failed, follow-up due date) of every case.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555")
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.history_button = QPushButton("History…")
        self.history_button.setToolTip("Who changed which setting, when, and from what")
        self.buttons.addButton(self.history_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.history_button.clicked.connect(self.show_history)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(680)

    def _centre_box(self) -> QGroupBox:
        box = QGroupBox("Centre (for reports)")
        form = QFormLayout(box)
        form.addRow("Centre name:", self.center_name)
        choose, remove = QPushButton("Choose…"), QPushButton("Remove")
        choose.clicked.connect(self.choose_logo)
        remove.clicked.connect(self.logo_path.clear)
        row = QHBoxLayout()
        for widget in (self.logo_path, choose, remove):
            row.addWidget(widget)
        form.addRow("Logo:", row)
        form.addRow("", self.logo_preview)
        return box

    def _definitions_box(self) -> QGroupBox:
        box = QGroupBox("Definitions used for every number")
        form = QFormLayout(box)
        form.addRow("Default benchmark:", self.default_benchmark)
        form.addRow("sICH definition:", self.sich)
        form.addRow("Good outcome at follow-up:", self.good_outcome)
        form.addRow("MT failed when reperfusion after the last pass is below:", self.mt_threshold)
        form.addRow("… and only after at least:", self.min_passes)
        form.addRow("Follow-up assessment after the procedure:", self.followup_days)
        form.addRow("Follow-up window (before and after):", self.window_days)
        return box

    def show_history(self) -> None:
        from .settings_history_dialog import SettingsHistoryDialog
        SettingsHistoryDialog(self.ctx, self).exec()

    # Values ################################################################
    def load(self, settings: RegistrySettings) -> None:
        self.center_name.setText(settings.center_name)
        self.logo_path.setText(settings.logo_path)
        for combo, value in ((self.default_benchmark, settings.default_benchmark),
                             (self.sich, settings.sich_definition),
                             (self.good_outcome, settings.good_outcome_max_mrs),
                             (self.mt_threshold, settings.mt_failure_threshold)):
            index = combo.findData(value)
            if index < 0 and combo is self.default_benchmark and value:
                combo.addItem(f"{value} (not in the library)", value)
                index = combo.count() - 1
            combo.setCurrentIndex(max(index, 0))
        self.min_passes.setValue(settings.mt_failure_min_passes)
        self.followup_days.setValue(settings.followup_days)
        self.window_days.setValue(settings.followup_window_days)

    def values(self) -> RegistrySettings:
        return replace(self.original, center_name=self.center_name.text().strip(),
                       logo_path=self.logo_path.text().strip(),
                       default_benchmark=self.default_benchmark.currentData(),
                       sich_definition=self.sich.currentData(),
                       good_outcome_max_mrs=int(self.good_outcome.currentData()),
                       mt_failure_threshold=self.mt_threshold.currentData(),
                       mt_failure_min_passes=self.min_passes.value(),
                       followup_days=self.followup_days.value(),
                       followup_window_days=self.window_days.value())

    def choose_logo(self) -> None:
        start = str(Path(self.logo_path.text()).parent) if self.logo_path.text() else ""
        path, _ = QFileDialog.getOpenFileName(self, "Choose the centre's logo", start, IMAGE_FILTER)
        if path:
            self.logo_path.setText(path)

    def _update_preview(self, path: str) -> None:
        pixmap = QPixmap(path) if path.strip() else QPixmap()
        if pixmap.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("Cannot read this image" if path.strip() else "No logo")
            return
        self.logo_preview.setPixmap(pixmap.scaled(
            *LOGO_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))

    # Saving ################################################################
    def save(self) -> None:
        """Check, then save and (when definitions changed) recompute on the worker thread."""
        new = self.values()
        problems = settings_problems(new)
        self.error.setText("\n".join(problems))
        if problems:
            return
        recompute = needs_recompute(self.original, new)
        registry = self.ctx.registry
        def op() -> tuple[Changes, int]:
            return save_settings(registry, new), recompute_derived(registry) if recompute else 0
        self.buttons.setEnabled(False)
        self.status.setText("Saving and recomputing the derived values of every case…"
                            if recompute else "Saving…")
        self.ctx.tasks.run(op, success=lambda outcome: self._saved(outcome[1], recompute),
                           failure=self._failed, parent=self)

    def _saved(self, count: int, recomputed: bool) -> None:
        self.status.setText("")
        self.saved.emit(count)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from ..errors import show_error
        self.buttons.setEnabled(True)
        self.status.setText("")
        show_error(self, exc)
