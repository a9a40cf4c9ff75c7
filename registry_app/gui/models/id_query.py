"""Reading the case list's ids on a reader thread, so sorting and filtering never freeze the window.

Only the newest request counts: each carries a generation number and older answers are dropped.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal


class IdQuery(QObject):
    """One reader thread (apart from the writer worker, so a long import never blocks the list)."""

    answered = Signal(int, object, object)
    """(generation, ids or None, error or None), delivered on the GUI thread."""
    _answer = Signal(int, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="registry-list")
        self._answer.connect(self.answered, Qt.ConnectionType.QueuedConnection)
        self.closed = False

    def submit(self, generation: int, query: Callable[[], object]) -> None:
        if not self.closed:  # (the thread gets no reference to this Qt object: see _run)
            self._executor.submit(_run, generation, query, self._answer.emit)

    def shutdown(self) -> None:
        """Wait for a running query; drop queued ones."""
        self.closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)


def _run(generation: int, query: Callable[[], object], answer: Callable[..., None]) -> None:
    """Reader thread: run the query and hand the answer to the GUI thread."""
    try:
        result, error = query(), None
    except Exception as exc:  # handed to the GUI thread, which logs it and says so
        result, error = None, exc
    answer(generation, result, error)
