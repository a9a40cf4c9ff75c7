"""Showing problems to a coordinator: plain words for expected ones, one dialog for the rest.

``show_error(parent, exc)``: ``Cancelled`` shows nothing; a busy, full or read-only registry
(``services.failures``) and a ``RegistryError`` (validation, a newer or unreadable registry, a
bad file...) are a plain message saying what to do; anything else is logged to
``paths.log_dir()`` (owner-only, SQL without its values) and shown once with details to copy.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from .. import paths
from ..domain.errors import (Cancelled, DuplicateCase, LockedCase, NotFound, RegistryError,
                             StaleRecord, ValidationFailed)
from .error_dialog import ErrorDialog

LOG_NAME = "registry-app.log"
log = logging.getLogger("registry_app.gui")

TITLES = {
    ValidationFailed: "The case cannot be saved",
    StaleRecord: "The case was changed elsewhere",
    DuplicateCase: "Case number already used",
    NotFound: "Case not found",
    LockedCase: "Signed-off month",
}


def title_for(exc: RegistryError) -> str:
    for kind, title in TITLES.items():
        if isinstance(exc, kind):
            return title
    return "Cannot do that"


def log_path() -> Path:
    return paths.log_dir() / LOG_NAME


def log_exception(exc: BaseException, context: str = "Unexpected error") -> Path:
    """Append the traceback to the owner-only log file, SQL without its values; returns the file."""
    from ..services.maintenance.logfile import write_exception  # SQLAlchemy: not before the window shows
    return write_exception(log_path(), log, exc, context)


def details_of(exc: BaseException) -> str:
    from ..services.maintenance.logfile import safe_traceback
    return safe_traceback(exc)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Tell the coordinator about a problem in the right way for its kind."""
    if isinstance(exc, Cancelled):
        return
    from ..services.failures import classify
    failure = classify(exc)
    if failure is not None:  # busy, full or read-only registry, a concurrent writer
        QMessageBox.warning(parent, failure.title, failure.message)
        return
    if isinstance(exc, RegistryError):
        QMessageBox.warning(parent, title_for(exc), exc.message)
        return
    show_unexpected(parent, exc)


_showing = False


def show_unexpected(parent: QWidget | None, exc: BaseException) -> None:
    """Log an unexpected error and show one dialog (never a second while one is open)."""
    global _showing
    path = log_exception(exc)
    if _showing or QApplication.instance() is None:
        return
    _showing = True
    try:
        ErrorDialog(exc, details_of(exc), path, parent).exec()
    finally:
        _showing = False


def install_excepthook() -> None:
    """Route uncaught exceptions (e.g. in slots) to the error dialog instead of stderr."""
    def hook(kind, exc, tb):
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        show_error(QApplication.activeWindow(), exc.with_traceback(tb))
    sys.excepthook = hook
