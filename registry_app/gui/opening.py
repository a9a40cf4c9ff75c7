"""Opening the registry once the main window has painted, so the window never waits for it.

The window shows at once with "Opening registry…". After its first paint the GUI thread
loads and builds the case list in short steps; then the database worker opens the registry
(the schema check; an older registry is backed up and upgraded first; a newer one is
refused) and loads the SQL modules. Back on the GUI thread the screens attach to the
registry; once the case list shows its first page, the start backup runs on the same worker
(queued like every write, so never beside one) and the start-up questions are asked.
A registry that cannot be opened is explained in plain words and the application ends.
"""
from __future__ import annotations

import importlib
import os
from functools import partial
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..domain.errors import RegistryError
from . import prompts
from .errors import show_error, show_unexpected

if TYPE_CHECKING:
    from ..services.registry import Registry
    from .main_window import MainWindow

EXIT_NOT_OPENED = 1
UNPAINTED_MS = 1500
"""Open the registry anyway if the window has not painted by then (e.g. started hidden)."""
CASE_LIST_MODULES = ("registry_app.domain.values", "registry_app.gui.widgets.field_widgets",
                     "registry_app.gui.views.case_list")
"""What the case list loads, in steps of similar cost (the second loads Qt's namespace)."""


def shown_location(db: str) -> str:
    """Where the registry lives, in words, before it is open (a server URL without password)."""
    if "://" not in db:
        return os.path.abspath(os.path.expanduser(db))  # no resolve(): no disk access yet
    scheme, rest = db.split("://", 1)
    credentials, at, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if at and ":" in credentials else db


def is_new_file(db: str) -> bool:
    """A registry file that does not exist yet (it will be created: the first run)."""
    from ..services.registry_files import registry_file
    path = registry_file(db)
    return path is not None and not path.exists()


def open_for_window(db: str, user: str | None) -> tuple[Registry, bool]:
    """On the database worker: the opened registry, and whether its file is new."""
    first = is_new_file(db)
    from ..services.maintenance.backups import open_with_backup
    from ..services.registry_files import DESKTOP
    registry = open_with_backup(db, user=user, backup_on_start=False, hold=DESKTOP)
    from ..services.cases import queries  # noqa: F401 - the case list needs it next, on the GUI thread
    return registry, first


def explain_not_opened(parent: QWidget | None, db: str, exc: BaseException) -> None:
    """Why the registry could not be opened, in plain words (unexpected errors: logged too)."""
    if isinstance(exc, RegistryError):
        prompts.ask(parent, "The registry could not be opened", f"{exc.message}\n\nRegistry: {db}",
                    ("Quit",), "Quit", QMessageBox.Icon.Critical)
    else:  # e.g. a damaged file: logged, one dialog, no traceback
        show_unexpected(parent, exc)


class Opening(QObject):
    """Opens a window's registry after the window's first paint, then starts its work.

    `then(window, first_run)` runs on the GUI thread once the case list has its first page.
    """

    def __init__(self, window: MainWindow, db: str, user: str | None,
                 then: Callable[[MainWindow, bool], None] | None = None) -> None:
        super().__init__(window)
        self.window, self.db, self.user, self.then = window, db, user, then
        self.started, self.first_run, self._list_shown = False, False, False
        self._steps: list[Callable[[], object]] = []
        window.first_painted.connect(self._painted)
        QTimer.singleShot(UNPAINTED_MS, self, self.begin)  # (self: dropped if closed first)

    def _painted(self) -> None:
        if not self.started:
            QTimer.singleShot(0, self.begin)  # after the whole first paint

    def begin(self) -> None:
        """Load and build the case list in short steps, then have the registry opened.

        Each step takes ~25 ms at most, so a click waits no longer than that; the worker
        starts after them, as its imports (SQLAlchemy) would otherwise compete with the
        case list's for the interpreter.
        """
        if self.started:
            return
        self.started = True
        self._steps = [partial(importlib.import_module, name) for name in CASE_LIST_MODULES]
        self._steps.append(self._build_and_open)
        self._next_step()

    def _next_step(self) -> None:
        self._steps.pop(0)()
        if self._steps:
            QTimer.singleShot(0, self._next_step)

    def _build_and_open(self) -> None:
        if self.window.ctx.tasks.closed:
            return  # the window closed meanwhile
        self.window.ensure_case_list()
        self.window.ctx.tasks.run(partial(open_for_window, self.db, self.user),
                                  success=self._opened, failure=self._failed)

    def _opened(self, result: tuple[Registry, bool]) -> None:
        registry, self.first_run = result
        if self.window.ctx.tasks.closed:  # the window closed while the registry opened
            registry.close()
            return
        model = self.window.case_list.model
        model.reloaded.connect(self._case_list_shown)
        model.reload_failed.connect(self._case_list_shown)
        self.window.ctx.attach(registry)

    def _case_list_shown(self, *_) -> None:
        if self._list_shown or self.window.ctx.tasks.closed:
            return
        self._list_shown = True
        ctx, model = self.window.ctx, self.window.case_list.model
        model.reloaded.disconnect(self._case_list_shown)
        model.reload_failed.disconnect(self._case_list_shown)
        from ..services.maintenance.backups import backup_if_changed
        ctx.tasks.run(partial(backup_if_changed, ctx.opened_registry, "start"),
                      failure=self._backup_failed)
        then = self.then
        if then is not None:
            QTimer.singleShot(0, lambda: then(self.window, self.first_run))

    def _backup_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, RegistryError):
            show_error(self.window, exc)
            return
        prompts.warn(self.window, "Start-up backup not made",
                     f"{exc.message}\n\nThe registry itself is open and was not changed.")

    def _failed(self, exc: BaseException) -> None:
        explain_not_opened(self.window, self.db, exc)
        QApplication.exit(EXIT_NOT_OPENED)
        self.window.hide()
