"""Long or risky work started from the main window: export, demo data, backup, delete.

Each runs through the task runner (off the GUI thread, delayed progress dialog, Cancel) and
reports its outcome in plain words.
"""
from __future__ import annotations

import time
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QWidget

from ..services.cases.editing import delete_case
from ..services.changes import Changes
from ..services.demo.generator import DemoResult, fill_demo
from ..services.interchange.exporting import ExportResult, export_registry
from ..services.maintenance.backups import backup_before
from ..services.cases.queries import CaseFilter
from . import prompts
from .context import GuiContext
from .dialogs.export_dialog import ExportDialog

DEMO_DEFAULT = 500


def default_export_path(today: date) -> Path:
    return Path.home() / f"registry-export-{today.isoformat()}.xlsx"


def export_cases(ctx: GuiContext, parent: QWidget, list_filter: CaseFilter,
                 list_count: int) -> None:
    """Ask what to export, then write it in the background."""
    dialog = ExportDialog(default_export_path(ctx.today()), list_filter, list_count, parent)
    if not dialog.exec():
        return
    choice = dialog.choice()
    op = partial(export_registry, ctx.opened_registry, choice.path, flt=choice.flt,
                 identified=choice.identified)
    ctx.tasks.run(op, progress="Exporting cases", parent=parent,
                  success=lambda result: exported(parent, result))


def exported(parent: QWidget, result: ExportResult) -> None:
    kind = ("IDENTIFIED (contains names, MRNs and dates of birth)" if result.identified
            else "de-identified")
    prompts.inform(parent, "Export finished",
                   f"Exported {result.cases:,} cases and {result.attempts:,} passes"
                   f" ({kind}) to:\n{result.path}"
                   + "".join(f"\n\n{note}" for note in result.notes))


def load_demo(ctx: GuiContext, parent: QWidget, count: int | None = None) -> None:
    """Add fictitious DEMO-… cases (asks how many unless given)."""
    if count is None:
        count, ok = QInputDialog.getInt(
            parent, "Load demo data", "How many fictitious cases (numbered DEMO-…) to add?"
            "\nThey count in statistics like real cases.", DEMO_DEFAULT, 1, 200_000, 100)
        if not ok:
            return
    op = partial(fill_demo, ctx.opened_registry, count, int(time.time()) % 100_000)

    def done(result: DemoResult) -> None:
        if hasattr(parent, "statusBar"):
            parent.statusBar().showMessage(f"Added {result.added:,} demo cases.", 8000)

    ctx.tasks.run(op, progress="Adding demo cases", parent=parent, success=done,
                  changes_if_failed=Changes.of_cases())  # batches added before Cancel stay


def backup_now(ctx: GuiContext, parent: QWidget) -> None:
    """A copy of the registry file in the backup folder."""
    def op(progress, cancel):
        progress("Backing up the registry", 0, 0)
        return backup_before(ctx.registry, "manual")

    def done(path: Path | None) -> None:
        if path is None:
            prompts.inform(parent, "Backup", "This registry is on a database server; it is"
                           " backed up by the server's administrator, not by this program.")
        else:
            prompts.inform(parent, "Backup finished", f"The registry was copied to:\n{path}")

    ctx.tasks.run(op, progress="Backing up the registry", parent=parent, success=done)


def delete_with_reason(ctx: GuiContext, parent: QWidget, case_id: int, number: str) -> None:
    reason = prompts.ask_reason(parent, "Delete case", f"Delete case {number}? It can be"
                                " restored later. Give the reason (recorded in the audit trail).",
                                "Delete case")
    if reason:
        ctx.tasks.run(lambda: delete_case(ctx.opened_registry, case_id, reason), parent=parent)
