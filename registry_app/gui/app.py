"""Starting the desktop application: Qt, the error hook, opening the registry, first run."""
from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import paths
from ..domain.errors import RegistryError
from ..services.maintenance import open_with_backup
from ..services.queries import count_cases
from ..services.registry import Registry
from ..storage.engine import sqlite_path, to_url
from . import operations, prompts
from .context import GuiContext
from .errors import install_excepthook, show_unexpected
from .main_window import MainWindow

EXIT_OK, EXIT_NOT_OPENED, EXIT_UNEXPECTED = 0, 1, 70
FIRST_RUN_KEY = "main/first_run_offered"


def application() -> QApplication:
    """The QApplication (created once, named for settings and window titles)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_SLUG)
    app.setApplicationDisplayName("Thrombectomy registry")
    app.setDesktopFileName(paths.APP_SLUG)  # matches registry-app.desktop (Wayland app id)
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """The application icon (resources/icons), at every rendered size."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(paths.resources_dir() / "icons" / f"registry-app-{size}.png"))
    return icon


def is_new_file(db: str) -> bool:
    path = sqlite_path(to_url(db))
    return path is not None and not path.exists()


def open_or_explain(db: str, user: str | None) -> Registry | None:
    """Open the registry, or explain in plain words why it could not be opened."""
    try:
        return open_with_backup(db, user=user)
    except RegistryError as exc:
        prompts.ask(None, "The registry could not be opened", f"{exc.message}\n\nRegistry: {db}",
                    ("Quit",), "Quit", QMessageBox.Icon.Critical)
    except Exception as exc:  # unexpected (e.g. a damaged file): logged, one dialog, no traceback
        show_unexpected(None, exc)
    return None


def build_window(db: str, user: str | None = None) -> tuple[MainWindow | None, bool]:
    """The main window on the opened registry (None if it could not be opened) and whether
    this is the first run (a new registry file)."""
    first = is_new_file(db)
    registry = open_or_explain(db, user)
    if registry is None:
        return None, first
    return MainWindow(GuiContext(registry)), first


def startup(window: MainWindow, first_run: bool) -> None:
    """After the window shows: recover drafts, and on first run offer demo data."""
    window.offer_drafts()
    ctx = window.ctx
    if first_run or (not ctx.prefs.value(FIRST_RUN_KEY) and count_cases(ctx.registry) == 0):
        offer_demo(window)


EMPTY, DEMO = "Start with an empty registry", "Load demo cases"


def welcome_text(location: str) -> str:
    return ("This registry is new and empty. Your cases are stored in:\n"
            f"{location}\n\n(The status bar always shows where; Help > Where are my data?"
            " tells more.)\n\nLoad 500 fictitious demo cases (numbered DEMO-…) to try the"
            " application? Demo cases count in statistics like real ones, so use them only in"
            " a registry meant for trying things out.")


def offer_demo(window: MainWindow) -> None:
    ctx = window.ctx
    ctx.prefs.setValue(FIRST_RUN_KEY, "yes")
    answer = prompts.ask(window, "Welcome", welcome_text(ctx.location()), (EMPTY, DEMO), EMPTY,
                         QMessageBox.Icon.Information)
    if answer == DEMO:
        operations.load_demo(ctx, window, operations.DEMO_DEFAULT)


def main(db: str | None = None, user: str | None = None) -> int:
    """Run the application until the main window closes; the exit code."""
    app = application()
    install_excepthook()
    target = db or paths.default_db()
    try:
        window, first_run = build_window(target, user)
    except Exception as exc:  # building the window failed: say so once, never a traceback
        show_unexpected(None, exc)
        return EXIT_UNEXPECTED
    if window is None:
        return EXIT_NOT_OPENED
    window.show()
    QTimer.singleShot(0, lambda: startup(window, first_run))
    try:
        return app.exec()
    finally:
        window.ctx.close()
