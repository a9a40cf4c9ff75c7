"""The task runner: work off the GUI thread, serialised, delayed progress, Cancel, errors."""
from __future__ import annotations

import gc
import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from registry_app.domain.errors import RegistryError
from registry_app.gui.tasks import ProgressDialog, TaskRunner
from registry_app.services.progress import check_cancel

from .conftest import click


@pytest.fixture
def runner(qapp):
    made = TaskRunner(delay_ms=100)
    yield made
    made.shutdown()


def test_work_runs_off_the_gui_thread_and_results_come_back_on_it(runner, qtbot):
    threads, got = {}, []

    def op():
        threads["op"] = threading.current_thread()
        return 42

    def success(result):
        threads["success"] = threading.current_thread()
        got.append(result)

    with qtbot.waitSignal(runner.idle, timeout=3000):
        runner.run(op, success=success)
    assert got == [42]
    assert threads["op"] is not threading.main_thread()
    assert threads["success"] is threading.main_thread()


def test_tasks_never_overlap(runner, qtbot):
    events = []

    def op(name):
        events.append(f"start {name}")
        time.sleep(0.05)
        events.append(f"end {name}")

    with qtbot.waitSignal(runner.idle, timeout=3000):
        for name in "abc":
            runner.run(lambda n=name: op(n))
    assert events == ["start a", "end a", "start b", "end b", "start c", "end c"]


def test_failures_go_to_the_failure_callback(runner, qtbot):
    seen = []
    with qtbot.waitSignal(runner.idle, timeout=3000):
        runner.run(lambda: 1 / 0, success=seen.append, failure=seen.append)
    assert len(seen) == 1 and isinstance(seen[0], ZeroDivisionError)


def test_expected_failures_are_explained_in_plain_words(runner, qtbot, modals):
    modals.then(click("OK"))
    with qtbot.waitSignal(runner.idle, timeout=3000):
        runner.run(lambda: (_ for _ in ()).throw(RegistryError("The backup folder is full.")))
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=2000)
    assert modals.seen == ["Cannot do that: The backup folder is full."]


def test_quick_work_shows_no_progress_dialog(runner, qtbot):
    task = runner.run(lambda progress, cancel: "done", progress="Quick")
    with qtbot.waitSignal(runner.idle, timeout=3000):
        pass
    assert task.dialog is None


def test_slow_work_shows_progress_can_be_cancelled_and_the_window_stays_alive(runner, qtbot,
                                                                               modals):
    parent = QWidget()
    qtbot.addWidget(parent)
    release = threading.Event()

    def slow(progress, cancel):
        for step in range(1000):
            progress("Adding demo cases", step, 1000)
            check_cancel(cancel)
            release.wait(0.01)
        return "finished"

    ticks = []
    ticker = QTimer(interval=20, timeout=lambda: ticks.append(1))
    ticker.start()
    outcome = []
    task = runner.run(slow, progress="Adding demo cases", parent=parent,
                      success=outcome.append, failure=outcome.append)
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=3000)
    dialog = task.dialog
    assert isinstance(dialog, ProgressDialog)
    qtbot.waitUntil(lambda: "of 1,000" in dialog.label.text(), timeout=2000)
    dialog.cancel_button.click()
    with qtbot.waitSignal(runner.idle, timeout=5000):
        pass
    ticker.stop()
    assert outcome and type(outcome[0]).__name__ == "Cancelled"
    assert task.dialog is None
    assert len(ticks) >= 5  # the GUI thread kept running while the work ran
    assert modals.seen == []  # cancelling is not an error


def test_cancelled_without_a_failure_callback_shows_nothing(runner, qtbot, modals):
    def op(progress, cancel):
        cancel.cancel()
        check_cancel(cancel)
    with qtbot.waitSignal(runner.idle, timeout=3000):
        runner.run(op, progress="Stopping")
    qtbot.wait(50)
    assert modals.seen == []


class Farewell:
    """A success callback that notes on which thread it is finally released."""

    def __init__(self, threads: list) -> None:
        self.threads = threads

    def __call__(self, result) -> None:
        pass

    def __del__(self) -> None:
        self.threads.append(threading.current_thread())


def test_what_a_task_refers_to_is_released_on_the_gui_thread(runner, qtbot):
    """Callbacks often hold widgets; Qt objects freed on the worker thread crash the process."""
    threads: list = []
    with qtbot.waitSignal(runner.idle, timeout=5000):
        for _ in range(40):
            runner.run(lambda: time.sleep(0.001), success=Farewell(threads))
    runner.shutdown()  # the worker is gone: nothing can be released later
    gc.collect()
    assert len(threads) == 40 and set(threads) == {threading.main_thread()}
