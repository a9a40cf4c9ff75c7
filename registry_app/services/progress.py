"""Progress reporting and cooperative cancellation for long work (no Qt here)."""
from __future__ import annotations

import threading
from typing import Protocol

from ..domain.errors import Cancelled


class Progress(Protocol):
    def __call__(self, label: str, done: int, total: int) -> None: ...


def no_progress(label: str, done: int, total: int) -> None:
    """Progress sink that ignores updates."""


class CancelToken:
    """Set by the GUI when the user presses Cancel; long work checks it between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


def check_cancel(token: CancelToken | None) -> None:
    if token is not None and token.cancelled:
        raise Cancelled()
