"""Importing a spreadsheet step by step: file, columns, coded values, every problem, the import."""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPushButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from ...domain.errors import RegistryError
from ...services.changes import Changes
from ...services.importing.layouts import save_layout
from ...services.importing.preview import ImportPreview, preview_import
from ...services.importing.file_import import ImportOptions, ImportReport, import_file
from ..errors import show_error
from .import_wizard_pages import CheckPage, FilePage, MappingPage, ResultPage
from .import_wizard_values import ValuesPage

STEPS = ("1. Choose the file", "2. Match the columns", "3. Match coded values",
         "4. Check the rows", "5. Done")
FILE, MAPPING, VALUES, CHECK, RESULT = range(5)
RECHECK_MS = 250


class ImportWizard(QDialog):
    """Nothing is written before 'Import'; the import itself runs on the task runner."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Import cases")
        self.preview: ImportPreview | None = None
        self.report: ImportReport | None = None
        self.busy = False
        self._generation = 0
        self.pages = (FilePage(), MappingPage(), ValuesPage(), CheckPage(), ResultPage())
        self.stack, self.step_label = QStackedWidget(), QLabel()
        for page in self.pages:
            self.stack.addWidget(page)
        # PySide6 takes property and signal keywords; its stubs do not list them.
        self._recheck = QTimer(self, singleShot=True, interval=RECHECK_MS,  # type: ignore[call-arg]
                               timeout=self.check_again)
        self.file_page.changed.connect(self._update_buttons)
        self.mapping_page.mapping_changed.connect(self._mapping_changed)
        self.values_page.values_changed.connect(self._mapping_changed)
        self._lay_out()
        self.go_to(FILE)

    file_page = property(lambda self: self.pages[FILE])
    mapping_page = property(lambda self: self.pages[MAPPING])
    values_page = property(lambda self: self.pages[VALUES])
    check_page = property(lambda self: self.pages[CHECK])
    result_page = property(lambda self: self.pages[RESULT])

    def _lay_out(self) -> None:
        self.buttons = QDialogButtonBox()
        self.back_button = self._button("< Back", self.back)
        self.next_button = self._button("Next >", self.next)
        self.import_button = self._button("Import", self.start_import)
        self.close_button = self._button("Cancel", self.reject)
        self.step_label.setStyleSheet("font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.buttons)
        self.resize(860, 560)

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        return button

    # Navigation ###############################################################

    @property
    def step(self) -> int:
        return self.stack.currentIndex()

    def go_to(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        self.step_label.setText("   ".join(f"[{s}]" if i == step else s
                                           for i, s in enumerate(STEPS)))
        if step == VALUES and self.preview is not None:
            self.values_page.show_values(self.preview)
        if step == CHECK and self.preview is not None:
            self.check_page.show_preview(self.preview)
        self._update_buttons()

    def _update_buttons(self) -> None:
        step, idle = self.step, not self.busy
        self.back_button.setEnabled(idle and step in (MAPPING, VALUES, CHECK))
        self.next_button.setVisible(step in (FILE, MAPPING, VALUES))
        self.next_button.setEnabled(idle and (step != FILE or self.file_page.path() is not None))
        self.import_button.setVisible(step == CHECK)
        self.import_button.setEnabled(idle and self.preview is not None
                                      and self.preview.can_import)
        self.close_button.setText("Close" if step == RESULT else "Cancel")
        self.close_button.setEnabled(idle)

    def back(self) -> None:
        if self.step == CHECK and not self._values_needed():
            self.go_to(MAPPING)  # the coded-values step was skipped on the way here
        else:
            self.go_to(max(self.step - 1, FILE))

    def next(self) -> None:
        if self.step == FILE:
            self.read_file()
        elif self.step == MAPPING:
            self.remember_layout()
            self.go_to(VALUES if self._values_needed() else CHECK)
        elif self.step == VALUES:
            self.remember_layout()
            self.go_to(CHECK)

    def remember_layout(self) -> None:
        """Keep the columns (and coded values) as mapped now for the next file with this
        layout, even if nothing ends up imported."""
        if self.preview is None:
            return
        mapping = self.mapping_page.mapping()
        op = partial(save_layout, self.ctx.registry, self.preview.header, mapping,
                     self.values_page.value_maps(mapping), self.mapping_page.date_order())
        self.ctx.tasks.run(op, parent=self, failure=lambda exc: show_error(self, exc))

    def _values_needed(self) -> bool:
        """The coded-values step is shown only when some value is (or was) unrecognised."""
        return self.preview is not None and self.values_page.needed(self.preview)

    # Preview ##################################################################

    def read_file(self) -> None:
        """Read the chosen file with the suggested (or remembered) mapping."""
        path = self.file_page.path()
        if path is None or not path.is_file():
            show_error(self, RegistryError(f"Import file: '{path}' does not exist; choose the"
                                           " file again."))
            return
        self._run_preview(None, self._file_read)

    def _file_read(self, preview: ImportPreview) -> None:
        self.mapping_page.blockSignals(True)
        try:
            self.mapping_page.show_columns(preview)
        finally:
            self.mapping_page.blockSignals(False)
        self.values_page.start(preview)
        self.go_to(MAPPING)

    def _mapping_changed(self) -> None:
        self._generation += 1
        self.mapping_page.set_busy(True)
        self.values_page.set_busy(True)
        self.busy = True
        self._update_buttons()
        self._recheck.start()

    def check_again(self) -> None:
        """Check the file again with the columns and coded values as mapped now."""
        mapping = self.mapping_page.mapping()
        self._run_preview(mapping, self._rechecked, self.values_page.value_maps(mapping))

    def _rechecked(self, preview: ImportPreview) -> None:
        self.mapping_page.show_status(preview)
        self.values_page.show_status(preview)

    def _run_preview(self, mapping, then, value_maps=None) -> None:
        generation, path = self._generation, self.file_page.path()
        self.busy = True
        self._update_buttons()
        options = ImportOptions(self.mapping_page.date_order()) if mapping is not None else None
        op = partial(preview_import, self.ctx.registry, path, mapping, value_maps,
                     options=options)
        self.ctx.tasks.run(op, progress="Checking the file", parent=self,
                           success=lambda p: self._previewed(generation, p, then),
                           failure=lambda exc: self._preview_failed(generation, exc))

    def _previewed(self, generation: int, preview: ImportPreview, then) -> None:
        if generation != self._generation:
            return  # the mapping changed again meanwhile; a newer check is on its way
        self.preview, self.busy = preview, False
        then(preview)
        self._update_buttons()

    def _preview_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.busy = False
            self._update_buttons()
        show_error(self, exc)

    # Import ###################################################################

    def start_import(self) -> None:
        """Import as mapped: columns and coded values (remembered for files with this layout)."""
        self.busy = True
        self._update_buttons()
        mapping = self.mapping_page.mapping()
        op = partial(import_file, self.ctx.registry, self.file_page.path(), mapping=mapping,
                     value_maps=self.values_page.value_maps(mapping),
                     options=ImportOptions(self.mapping_page.date_order()))
        self.ctx.tasks.run(op, progress="Importing cases", parent=self,
                           success=self._imported, failure=self._import_failed,
                           changes_if_failed=Changes.of_cases())  # batches written before Cancel

    def _imported(self, report: ImportReport) -> None:
        self.report, self.busy = report, False
        self.result_page.show_report(report)
        self.go_to(RESULT)

    def _import_failed(self, exc: BaseException) -> None:
        self.busy = False
        self._update_buttons()
        show_error(self, exc)

    def reject(self) -> None:
        if not self.busy:  # Escape while working would leave a task without its dialog
            super().reject()
