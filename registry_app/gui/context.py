"""What every screen shares: the open registry, the task runner, settings and change signals.

The contract for views that plug into the main window (case list, worklist, dashboard,
benchmarks) and for dialogs:

* they are built as ``View(ctx, parent)`` with the ``GuiContext`` below;
* they read through services with ``ctx.registry`` (short reads may run on the GUI thread);
* they run writes and anything slow with ``ctx.tasks.run(...)`` (one DB worker thread), or a
  quick write at once with ``ctx.apply(...)``; either broadcasts what the service says it
  changed (``services.changes.Changes``) once it succeeded, so nobody announces changes by hand;
* they may listen to ``ctx.changed(Changes)``, refreshing only when a flag they show is set, and
  they have ``refresh()``, which the main window calls when the view is shown after a change.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from .. import paths
from ..private_files import create_private
from ..services.changes import Changes, changes_of
from .tasks import TaskRunner

if TYPE_CHECKING:
    from ..domain.settings import RegistrySettings
    from ..services.registry import Registry

PREFS_FILE = "desktop-preferences.ini"


def make_prefs(folder: Path | None = None) -> QSettings:
    """Window size, layout and last filters, in an INI file in the user data folder.

    Kept in the data folder (not the platform store) so that REGISTRY_HOME isolates tests and
    portable installs completely; readable by its owner only, and never holding the case-list
    search text (it can be an MRN or a name).
    """
    target = create_private((folder or paths.data_dir()) / PREFS_FILE)  # owner-only (0600)
    return QSettings(str(target), QSettings.Format.IniFormat)


class GuiContext(QObject):
    """The open registry and the services every screen needs."""

    changed = Signal(object)
    """What an operation changed (a non-empty Changes), once, after it succeeded."""
    opened = Signal()
    """The registry is open (emitted by attach, for a window shown before it was opened)."""

    def __init__(self, registry: Registry | None, tasks: TaskRunner | None = None,
                 prefs: QSettings | None = None, parent: QObject | None = None,
                 target: str = "") -> None:
        super().__init__(parent)
        self.registry, self.target = registry, target
        self.tasks = tasks or TaskRunner(self)
        self.tasks.changed.connect(self.broadcast)
        self.prefs = prefs or make_prefs()
        self._settings: RegistrySettings | None = None

    @property
    def is_open(self) -> bool:
        return self.registry is not None

    @property
    def opened_registry(self) -> Registry:
        """The open registry (screens read it only once it is open; RuntimeError before)."""
        if self.registry is None:
            raise RuntimeError("No registry is open yet.")
        return self.registry

    def attach(self, registry: Registry) -> None:
        """The registry, opened after the window showed: every screen may now read it."""
        self.registry, self._settings = registry, None
        self.opened.emit()

    @property
    def settings(self) -> RegistrySettings:
        """The registry's definitions (cached; reloaded after a change of settings)."""
        if self._settings is None:
            self._settings = self.opened_registry.settings()
        return self._settings

    @property
    def user(self) -> str:
        return self.opened_registry.user

    def today(self) -> date:
        return self.opened_registry.today()

    def location(self) -> str:
        """Where the data live, in words for the status bar: a file path or a server URL."""
        if self.registry is None:
            return self.target
        path = self.registry.path
        if path is not None:
            return str(path)
        return self.registry.engine.url.render_as_string(hide_password=True)

    def broadcast(self, changes: Changes) -> None:
        """Tell every screen what changed (nothing is said when nothing changed)."""
        if not changes:
            return
        if changes.settings:
            self._settings = None
        self.changed.emit(changes)

    def apply(self, op, *args, **kwargs):
        """Run a quick write now, on the GUI thread, and broadcast what it changed."""
        result = op(*args, **kwargs)
        self.broadcast(changes_of(result))
        return result

    def close(self) -> None:
        """Stop the worker (waiting for the running task) and release the database."""
        self.tasks.shutdown()
        self.prefs.sync()
        if self.registry is not None:
            self.registry.close()
