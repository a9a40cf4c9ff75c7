"""Python's cyclic garbage collector run on the GUI thread only, from a timer.

A collection starts in whichever thread happens to allocate. Run in a background thread (the
case list's query, an import, a report), it can free Qt objects left in reference cycles, and a
QObject destroyed outside its own thread can deadlock against the GUI thread: the collecting
thread holds Qt's connection lock and waits for Python's lock, which the GUI thread holds while
it waits for the connection lock. (The test suite hung exactly so: the list's query thread
collecting a timer while the GUI thread connected a signal.) So the automatic collector is
switched off while the application runs, and a timer on the GUI thread collects each
generation when its count passes Python's own threshold, as the automatic collector would.
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000
"""How often the GUI thread looks at the collector's counts."""


class GuiThreadCollector(QObject):
    """Owns the cyclic collector from construction until stop()."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start(interval_ms)

    def collect_due(self) -> int | None:
        """Collect the oldest generation whose count passed its threshold (it takes the younger
        ones with it); the generation collected, or None."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                return generation
        return None

    def stop(self, generation: int = 2) -> None:
        """Collect up to this generation here, on the GUI thread, and give the collector back
        as it was (the tests collect the young generations only: a full collection of a test
        process's heap costs a tenth of a second)."""
        self.timer.stop()
        gc.collect(generation)
        if self.was_enabled:
            gc.enable()
