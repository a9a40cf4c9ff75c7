"""Starting the desktop application: Qt, the error hook, the main window, then the registry.

The window is built and painted before the registry is opened (see ``opening``), and this
module imports no SQL, statistics or spreadsheet library, so the window appears about as
fast as an empty Qt window.
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

from .. import paths
from . import prompts
from .context import GuiContext
from .errors import install_excepthook, show_unexpected
from .gui_thread_collector import GuiThreadCollector
from .main_window import MainWindow
from .opening import EXIT_NOT_OPENED, Opening, shown_location

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

EXIT_OK, EXIT_UNEXPECTED = 0, 70
__all__ = ["EXIT_NOT_OPENED", "EXIT_OK", "EXIT_UNEXPECTED", "build_window", "main"]
FIRST_RUN_KEY = "main/first_run_offered"


def application() -> QApplication:
    """The QApplication (created once, named for settings and window titles)."""
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_SLUG)
    app.setApplicationDisplayName("Thrombectomy registry")
    app.setDesktopFileName(paths.APP_SLUG)  # matches registry-app.desktop (Wayland app id)
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """The application icon (resources/icons), at every rendered size."""
    from PySide6.QtGui import QIcon
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(paths.resources_dir() / "icons" / f"registry-app-{size}.png"))
    return icon


def build_window(db: str, user: str | None = None) -> tuple[MainWindow, Opening]:
    """The main window, waiting for its registry: it is opened after the window's first paint
    (``Opening``); then the case list loads and the start-up questions are asked."""
    ctx = GuiContext(None, target=shown_location(db))
    window = MainWindow(ctx)
    return window, Opening(window, db, user, then=startup)


def startup(window: MainWindow, first_run: bool) -> None:
    """Once the case list shows: recover drafts, and on first run offer demo data."""
    from ..services.cases.queries import count_cases
    window.offer_drafts()
    ctx = window.ctx
    if first_run or (not ctx.prefs.value(FIRST_RUN_KEY) and count_cases(ctx.opened_registry) == 0):
        offer_demo(window)


EMPTY, DEMO = "Start with an empty registry", "Load demo cases"


def welcome_text(location: str) -> str:
    return ("This registry is new and empty. Your cases are stored in:\n"
            f"{location}\n\n(The status bar always shows where; Help > Where are my data?"
            " tells more.)\n\nLoad 500 fictitious demo cases (numbered DEMO-…) to try the"
            " application? Demo cases count in statistics like real ones, so use them only in"
            " a registry meant for trying things out.")


def offer_demo(window: MainWindow) -> None:
    from . import operations
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
        window, _ = build_window(target, user)
    except Exception as exc:  # building the window failed: say so once, never a traceback
        show_unexpected(None, exc)
        return EXIT_UNEXPECTED
    window.show()
    collector = GuiThreadCollector(app)  # never a collection in a background thread
    try:
        return app.exec()
    finally:
        collector.stop()
        window.ctx.close()
