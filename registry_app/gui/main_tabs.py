"""The main window's tab pages: each says "Opening registry…" until its screen is put in.

Built before the window's first paint, so nothing here loads a screen's module or Qt's
``Qt`` namespace (about 20 ms on its own): the note is centred with stretches.
"""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from . import peers

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
    """Holds a peer view, built the first time the tab is shown (once the registry is open)."""

    def __init__(self, peer: peers.Peer) -> None:
        super().__init__()
        self.peer, self.stale = peer, False

    def ensure_view(self, ctx) -> QWidget:
        if self.view is None:
            return self.put(peers.make_view(self.peer, ctx, self))
        return self.view

    def refresh_if_stale(self) -> None:
        if self.stale and self.view is not None and hasattr(self.view, "refresh"):
            self.stale = False
            self.view.refresh()
