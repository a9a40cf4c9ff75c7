"""Screens and dialogs written in other modules, loaded lazily so a missing one never breaks
the main window (a plain placeholder or 'not available yet' message takes its place)."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from . import prompts
from .errors import log_exception

PACKAGE = __package__


@dataclass(frozen=True)
class Peer:
    """Where a screen or dialog lives: module (relative to registry_app.gui) and class name."""

    module: str
    name: str
    title: str

    @property
    def dotted(self) -> str:
        return f"{PACKAGE}.{self.module}"


WORKLIST = Peer("views.worklist", "WorklistView", "Follow-up")
DASHBOARD = Peer("views.dashboard", "DashboardView", "Dashboard")
BENCHMARKS = Peer("views.benchmarks_view", "BenchmarksView", "Benchmarks")
IMPORT_WIZARD = Peer("dialogs.import_wizard", "ImportWizard", "Import")
REPORT = Peer("dialogs.report_dialog", "ReportDialog", "Report")
BACKUP = Peer("dialogs.backup_dialog", "BackupDialog", "Backup")
RESTORE = Peer("dialogs.backup_dialog", "RestoreDialog", "Restore from backup")
SETTINGS = Peer("dialogs.settings_dialog", "SettingsDialog", "Settings")


class NotAvailable(Exception):
    """The module or class is not there (yet), or could not be loaded."""

    def __init__(self, message: str, broken: bool = False) -> None:
        super().__init__(message)
        self.broken = broken


def _module(peer: Peer) -> ModuleType:
    try:
        return importlib.import_module(peer.dotted)
    except ModuleNotFoundError as exc:
        if exc.name == peer.dotted:
            raise NotAvailable(f"{peer.title} is not available in this version yet.") from exc
        log_exception(exc, f"Could not load {peer.dotted}")
        raise NotAvailable(f"{peer.title} could not be loaded.", broken=True) from exc
    except Exception as exc:  # a broken peer module must not take the main window down
        log_exception(exc, f"Could not load {peer.dotted}")
        raise NotAvailable(f"{peer.title} could not be loaded.", broken=True) from exc


def peer_class(peer: Peer) -> type:
    """The class, or NotAvailable."""
    cls = getattr(_module(peer), peer.name, None)
    if cls is None:
        raise NotAvailable(f"{peer.title} is not available in this version yet.")
    return cls


def is_available(peer: Peer) -> bool:
    try:
        peer_class(peer)
    except NotAvailable:
        return False
    return True


def placeholder(message: str) -> QWidget:
    widget, label = QWidget(), QLabel(message)
    widget.setObjectName("placeholder")
    from PySide6.QtCore import Qt  # here: Qt's namespace takes ~20 ms to load at start-up
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555; font-size: 12pt;")
    QVBoxLayout(widget).addWidget(label)
    return widget


def make_view(peer: Peer, ctx, parent: QWidget | None = None) -> QWidget:
    """The peer's view built as View(ctx, parent), or a placeholder saying why not."""
    try:
        return peer_class(peer)(ctx, parent)
    except NotAvailable as missing:
        return placeholder(_words(missing))
    except Exception as exc:  # building a peer view failed: log it, keep the window usable
        log_exception(exc, f"Could not build {peer.dotted}.{peer.name}")
        return placeholder(f"{peer.title} could not be opened. The details were written to the"
                           " log file (Help > About shows where).")


def run_dialog(peer: Peer, ctx, parent: QWidget | None) -> int | None:
    """Show the peer dialog modally (Dialog(ctx, parent).exec()); None when unavailable."""
    try:
        cls = peer_class(peer)
    except NotAvailable as missing:
        prompts.inform(parent, peer.title, _words(missing))
        return None
    return cls(ctx, parent).exec()


def _words(missing: NotAvailable) -> str:
    if missing.broken:
        return (f"{missing} The details were written to the log file (Help > About shows"
                " where).")
    return str(missing)
