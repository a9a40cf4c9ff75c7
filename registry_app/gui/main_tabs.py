"""The main window's tab pages: each says "Opening registry…" until its screen is put in.

Built before the window's first paint, so nothing here loads a screen's module or Qt's
``Qt`` namespace (about 20 ms on its own): the note is centred with stretches.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .errors import log_exception

ScreenMaker = Callable[..., QWidget]
"""Builds a tab's screen as maker(ctx, parent): a view class, or a function importing one."""
WAITING = "Opening registry…"


def waiting_note(text: str = WAITING) -> QWidget:
    """A centred note."""
    note, label = QWidget(), QLabel(text)
    note.setObjectName("waiting_note")
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(label)
    row.addStretch(1)
    column = QVBoxLayout(note)
    column.addStretch(1)
    column.addLayout(row)
    column.addStretch(1)
    return note


class Page(QWidget):
    """A tab page showing the waiting note until its screen is put in."""

    def __init__(self) -> None:
        super().__init__()
        self.view: QWidget | None = None
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self.waiting = waiting_note()
        self._box.addWidget(self.waiting)

    def put(self, view: QWidget) -> QWidget:
        self.view = view
        self.waiting.hide()
        self._box.addWidget(view)
        return view


class LazyTab(Page):
    """Holds a screen, built the first time the tab is shown (once the registry is open)."""

    def __init__(self, make: ScreenMaker, title: str) -> None:
        super().__init__()
        self.make, self.title, self.stale = make, title, False

    def ensure_view(self, ctx) -> QWidget:
        if self.view is None:
            return self.put(self._built(ctx))
        return self.view

    def _built(self, ctx) -> QWidget:
        """The screen, or a note saying it could not be opened (logged, the window goes on)."""
        try:
            return self.make(ctx, self)
        except Exception as exc:  # a failing screen must not take the main window down
            log_exception(exc, f"Could not open the {self.title} tab")
            return waiting_note(f"{self.title} could not be opened. The details were written"
                                " to the log file (Help > About shows where).")

    def refresh_if_stale(self) -> None:
        if self.stale and self.view is not None and hasattr(self.view, "refresh"):
            self.stale = False
            self.view.refresh()


def worklist_screen(ctx, parent: QWidget) -> QWidget:
    from .views.worklist.view import WorklistView
    return WorklistView(ctx, parent)


def dashboard_screen(ctx, parent: QWidget) -> QWidget:
    from .views.dashboard.view import DashboardView
    return DashboardView(ctx, parent)


def benchmarks_screen(ctx, parent: QWidget) -> QWidget:
    from .views.benchmarks_view import BenchmarksView
    return BenchmarksView(ctx, parent)
