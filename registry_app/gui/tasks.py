"""Work off the GUI thread: one DB worker, results back on the GUI thread, delayed progress.

``TaskRunner.run(op, success=..., failure=..., progress="Label", parent=widget)``:

* ``op`` runs on the single database worker thread, so writes never overlap and the window
  stays responsive. It must not touch widgets.
* With a ``progress`` label, ``op`` is called as ``op(progress=callable, cancel=CancelToken)``
  (the services' long operations take exactly these) and a progress dialog appears if the work
  is still running after ``delay_ms`` (600 ms); its Cancel button sets the token.
* When ``op`` succeeded, ``changed`` is emitted with what its result says it changed
  (``services.changes.changes_of``; nothing when it changed nothing); when it failed, with
  ``changes_if_failed`` (e.g. the batches a cancelled import already wrote).
* ``success(result)`` or ``failure(exc)`` then runs on the GUI thread. Without ``failure``, the
  error is shown with ``errors.show_error`` (nothing for ``Cancelled``).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from queue import SimpleQueue
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ..services.changes import NOTHING, Changes, changes_of
from ..services.progress import CancelToken

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

PROGRESS_DELAY_MS = 600
POLL_MS = 100


class Job:
    """Progress and cancellation of one task, shared by the worker and the GUI thread."""

    def __init__(self, label: str) -> None:
        self.cancel = CancelToken()
        self._lock = threading.Lock()
        self._state = (label, 0, 0)

    def progress(self, label: str, done: int, total: int) -> None:
        """The services' Progress callable; called on the worker thread."""
        with self._lock:
            self._state = (label, done, total)

    def snapshot(self) -> tuple[str, int, int]:
        with self._lock:
            return self._state


@dataclass
class Task:
    """One submitted piece of work and what to do with its outcome."""

    op: Callable[..., Any]
    success: Callable[[Any], None] | None
    failure: Callable[[BaseException], None] | None
    parent: QWidget | None
    job: Job | None = None
    changes_if_failed: Changes = NOTHING
    dialog: "ProgressDialog | None" = None
    timer: QTimer | None = field(default=None, repr=False)


class ProgressDialog(QDialog):
    """A small window-modal dialog with the current step, a bar and Cancel."""

    def __init__(self, job: Job, parent: QWidget | None) -> None:
        super().__init__(parent)
        from PySide6.QtCore import Qt
        self.job = job
        self.setWindowTitle("Working…")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.label, self.bar = QLabel(job.snapshot()[0]), QProgressBar()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.request_cancel)
        layout = QVBoxLayout(self)
        for widget in (self.label, self.bar, self.cancel_button):
            layout.addWidget(widget)
        self.setMinimumWidth(380)
        # PySide6 takes property and signal keywords; its stubs do not list them.
        self._poll = QTimer(self, interval=POLL_MS, timeout=self.update_from_job)  # type: ignore[call-arg]
        self._poll.start()
        self.update_from_job()

    def update_from_job(self) -> None:
        label, done, total = self.job.snapshot()
        if not self.job.cancel.cancelled:
            self.label.setText(f"{label}: {done:,} of {total:,}" if total else label)
        self.bar.setRange(0, total or 0)
        self.bar.setValue(min(done, total) if total else 0)

    def request_cancel(self) -> None:
        self.job.cancel.cancel()
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling… (stopping at the next safe point)")

    def reject(self) -> None:  # Escape key means Cancel, the dialog closes when the work ends
        self.request_cancel()


class TaskRunner(QObject):
    """Runs registry work on one worker thread and hands results back on the GUI thread.

    The thread starts with the first task (so a window can be built and painted first).
    """

    _delivered = Signal()
    """An outcome is waiting in _outcomes (one signal per outcome, in order)."""
    changed = Signal(object)
    """What a finished task changed (a non-empty Changes), before its success/failure runs."""
    idle = Signal()
    """Emitted when the last pending task has delivered its outcome."""

    def __init__(self, parent: QObject | None = None, delay_ms: int = PROGRESS_DELAY_MS) -> None:
        super().__init__(parent)
        self.delay_ms = delay_ms
        self._executor: ThreadPoolExecutor | None = None
        self._tasks: list[Task] = []
        self._outcomes: SimpleQueue = SimpleQueue()
        self._closed = False

    def _worker(self) -> ThreadPoolExecutor:
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor
            from PySide6.QtCore import Qt
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="registry-db")
            self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        return self._executor

    @property
    def pending(self) -> int:
        return len(self._tasks)

    @property
    def closed(self) -> bool:
        """Shut down: run() refuses new work."""
        return self._closed

    def run(self, op: Callable[..., Any], *, success: Callable[[Any], None] | None = None,
            failure: Callable[[BaseException], None] | None = None, progress: str | None = None,
            parent: QWidget | None = None, changes_if_failed: Changes = NOTHING) -> Task:
        """Queue op on the worker; see the module docstring for the contract."""
        task = Task(op, success, failure, parent, Job(progress) if progress else None,
                    changes_if_failed)
        self._tasks.append(task)
        if task.job is not None:
            self._schedule_dialog(task)
        self._worker().submit(_work, [task], self._outcomes, self._delivered.emit)
        return task

    def _schedule_dialog(self, task: Task) -> None:
        task.timer = QTimer(self, singleShot=True, interval=self.delay_ms)
        task.timer.timeout.connect(lambda: self._show_dialog(task))
        task.timer.start()

    def _show_dialog(self, task: Task) -> None:
        if task in self._tasks and task.job is not None:
            task.dialog = ProgressDialog(task.job, task.parent)
            task.dialog.show()

    def _deliver(self) -> None:
        """GUI thread: close the progress dialog, then call success or failure."""
        task, result, error = self._outcomes.get_nowait()
        self._finish(task)
        try:
            self._announce(changes_of(result) if error is None else task.changes_if_failed)
            if error is not None:
                self._fail(task, error)
            elif task.success is not None:
                task.success(result)
        finally:
            if not self._tasks:
                self.idle.emit()

    def _announce(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)

    def _finish(self, task: Task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
        if task.timer is not None:
            task.timer.stop()
        if task.dialog is not None:
            task.dialog.hide()
            task.dialog.deleteLater()
            task.dialog = None

    def _fail(self, task: Task, error: BaseException) -> None:
        if task.failure is not None:
            task.failure(error)
            return
        from .errors import show_error
        show_error(task.parent, error)

    def cancel_all(self) -> None:
        """Ask every cancellable task to stop at its next safe point."""
        for task in self._tasks:
            if task.job is not None:
                task.job.cancel.cancel()

    def shutdown(self) -> None:
        """Cancel what can be cancelled and wait for the worker to finish."""
        self.cancel_all()
        self._closed = True
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
        for task in list(self._tasks):
            self._finish(task)


def _work(handoff: list[Task], outcomes: SimpleQueue, delivered: Callable[[], None]) -> None:
    """Worker thread: run the op, queue its outcome, then signal (never touches widgets).

    It lets go of the task before signalling, so the callbacks and widgets a task refers to
    are always released on the GUI thread (Qt objects must not be destroyed on this one).
    """
    task = handoff.pop()
    outcome: tuple[Task, Any, BaseException | None]
    try:
        outcome = (task, _call(task), None)
    except BaseException as exc:  # noqa: BLE001 - every outcome goes back to the GUI
        outcome = (task, None, exc)
    del task
    outcomes.put(outcome)
    del outcome
    delivered()


def _call(task: Task) -> Any:
    if task.job is not None:
        return task.op(progress=task.job.progress, cancel=task.job.cancel)
    return task.op()
