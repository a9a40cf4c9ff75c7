"""Backups: the list of copies of the registry file, 'Back up now', and restoring one of them."""
from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ...services.changes import EVERYTHING
from ...services.maintenance.backups import (BackupInfo, RestoreResult, backup_before, list_backups,
                                             registry_backup_folder)
from ...services.maintenance.backups import restore_backup as restore_registry
from .. import prompts
from ..errors import show_error

REASONS = {"manual": "Backed up by hand", "start": "When the program started",
           "import": "Before an import", "before-restore": "Before a restore",
           "damaged": "Damaged file set aside"}
SERVER_NOTE = ("This registry is on a database server; it is backed up and restored by the"
               " server's administrator, not by this program.")
FILE_FILTER = "Registry backups (*.sqlite3 *.sqlite *.db);;All files (*)"


def size_text(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(size // 1024, 1)} kB"


class BackupTable(QTableWidget):
    """The registry's backups, newest first: when, why, size, file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.backups: list[BackupInfo] = []
        self.setHorizontalHeaderLabels(["Made", "Why", "Size", "File"])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.horizontalHeader().setStretchLastSection(True)

    def show_backups(self, backups: list[BackupInfo]) -> None:
        self.backups = list(backups)
        self.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            cells = (f"{info.made_at:%Y-%m-%d %H:%M:%S}", REASONS.get(info.reason, info.reason),
                     size_text(info.size), info.path.name)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                self.setItem(row, col, item)
        for col in range(3):
            self.resizeColumnToContents(col)

    def selected(self) -> BackupInfo | None:
        rows = self.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None


def _backups_or_error(ctx, parent: QWidget) -> list[BackupInfo]:
    try:
        return list_backups(ctx.registry)
    except Exception as exc:  # an unreadable folder is shown, not fatal
        show_error(parent, exc)
        return []


def _header(ctx) -> QLabel:
    folder = registry_backup_folder(ctx.registry)
    label = QLabel(SERVER_NOTE if folder is None else f"Backups are kept in {folder}.")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class BackupDialog(QDialog):
    """The list of backups and 'Back up now'."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Backups")
        self.table = BackupTable()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.backup_button = QPushButton("Back up now")
        self.backup_button.clicked.connect(self.back_up_now)
        self.backup_button.setEnabled(ctx.registry.path is not None)
        self.restore_button = QPushButton("Restore from a backup…")
        self.restore_button.clicked.connect(self.open_restore)
        self.restore_button.setEnabled(ctx.registry.path is not None)
        self._lay_out()
        self.refresh()

    def _lay_out(self) -> None:
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for button in (self.backup_button, self.restore_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(_header(self.ctx))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.resize(720, 420)

    def refresh(self) -> None:
        self.table.show_backups(_backups_or_error(self.ctx, self))

    def back_up_now(self) -> None:
        self.backup_button.setEnabled(False)
        self.status.setText("Backing up…")

        def op(progress, cancel):
            progress("Backing up the registry", 0, 0)
            return backup_before(self.ctx.registry, "manual")
        self.ctx.tasks.run(op, progress="Backing up the registry", parent=self,
                           success=self._backed_up, failure=self._failed)

    def _backed_up(self, path: Path | None) -> None:
        self.backup_button.setEnabled(True)
        self.status.setText(SERVER_NOTE if path is None else f"The registry was copied to {path}.")
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.backup_button.setEnabled(True)
        self.status.setText("")
        show_error(self, exc)

    def open_restore(self) -> None:
        if RestoreDialog(self.ctx, self).exec():
            self.refresh()


class RestoreDialog(QDialog):
    """Pick a backup (from the list or any file), confirm, restore, show the restored data."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.restore_result: RestoreResult | None = None  # not "result": QDialog.result() is Qt's
        self.chosen_file: Path | None = None
        self.setWindowTitle("Restore from a backup")
        self.table = BackupTable()
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.choice = QLabel("Choose a backup in the list, or a backup file.")
        self.choice.setWordWrap(True)
        self._lay_out()
        self.table.show_backups(_backups_or_error(ctx, self))
        self._update()

    def _lay_out(self) -> None:
        browse = QPushButton("Choose a file…")
        browse.clicked.connect(self.browse)
        self.restore_button = QPushButton("Restore…")
        self.restore_button.clicked.connect(self.restore)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(browse)
        row.addStretch(1)
        row.addWidget(self.restore_button)
        row.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(_header(self.ctx))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.choice)
        layout.addLayout(row)
        self.resize(720, 420)

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Restore from", "", FILE_FILTER)
        if chosen:
            self.choose_file(Path(chosen))

    def choose_file(self, path: Path) -> None:
        self.table.clearSelection()
        self.chosen_file = path
        self._update()

    def _selection_changed(self) -> None:
        if self.table.selected() is not None:
            self.chosen_file = None
        self._update()

    def source(self) -> Path | None:
        info = self.table.selected()
        return info.path if info is not None else self.chosen_file

    def _update(self) -> None:
        source = self.source()
        self.restore_button.setEnabled(source is not None and self.ctx.registry.path is not None)
        if source is not None:
            self.choice.setText(f"Restore from: {source}")

    def restore(self) -> None:
        source = self.source()
        if source is None or not prompts.confirm(
                self, "Restore from a backup",
                f"Replace the registry with the copy in '{source.name}'?\n\nThe current registry"
                " is backed up first, so nothing is lost: you can go back by restoring that"
                " copy. Changes made since this backup will no longer be shown.",
                "Restore", "Cancel"):
            return
        self.restore_button.setEnabled(False)
        self.ctx.tasks.run(partial(_restore, self.ctx.registry, source),
                           progress="Restoring the registry", parent=self,
                           success=self._restored, failure=self._failed,
                           changes_if_failed=EVERYTHING)  # it may have been reopened either way

    def _restored(self, result: RestoreResult) -> None:
        self.restore_result = result
        safety = (f"\n\nThe registry as it was before is kept in:\n{result.safety_backup}"
                  if result.safety_backup else "")
        prompts.inform(self, "Registry restored",
                       f"The registry now holds the {result.cases:,} cases of"
                       f" '{result.restored_from.name}'.{safety}")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._update()
        show_error(self, exc)


def _restore(registry, source: Path, progress, cancel) -> RestoreResult:
    progress("Restoring the registry", 0, 0)
    return restore_registry(registry, source)
