"""GUI test fixtures: a registry context, the main window, demo data, and modal answers.

Dialogs that block (message boxes, reason dialogs) are answered by ``modals``: queue a handler
with ``modals.then(click("Save"))`` before the action; a dialog nobody expected is closed
and fails the test at teardown, so a test can never hang on one.
"""
from __future__ import annotations

import gc
import shutil
from collections import deque
from datetime import date

import pytest
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox

from registry_app.gui.context import GuiContext, make_prefs
from registry_app.gui.tasks import ProgressDialog, TaskRunner

from ..conftest import built_once, copy_registry_file, filled_with, open_on_test_clock

TODAY = date(2025, 6, 30)
ANSWERED = "answered_by_test"
DEMO_CASES = 1000


def dialog_text(widget) -> str:
    if isinstance(widget, QMessageBox):
        return f"{widget.windowTitle()}: {widget.text()} {widget.informativeText()}".strip()
    return widget.windowTitle()


def click(label: str):
    """A handler that presses the dialog button with this text."""
    def handler(widget) -> None:
        for button in widget.findChildren(QAbstractButton):
            if button.text().replace("&", "") == label and button.isVisible():
                button.click()
                return
        texts = [b.text() for b in widget.findChildren(QAbstractButton)]
        widget.reject()
        raise AssertionError(f"no button {label!r} in {dialog_text(widget)!r}: {texts}")
    return handler


def type_reason(text: str):
    """A handler for ReasonDialog: type the reason and confirm."""
    def handler(widget) -> None:
        widget.text.setPlainText(text)
        widget.ok_button.click()
    return handler


class ModalAnswers:
    """Answers modal dialogs in order as they appear (polled on the GUI thread).

    A dialog is marked answered with a Qt property (Python ids can be reused once a wrapper
    is freed); one still open STUCK_MS after its answer is rejected and reported, so a test
    can fail but never hang.
    """

    STUCK_MS = 5000

    def __init__(self) -> None:
        self.handlers: deque = deque()
        self.seen: list[str] = []
        self.unexpected: list[str] = []
        self.errors: list[BaseException] = []
        self._stuck = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def then(self, *handlers) -> "ModalAnswers":
        self.handlers.extend(handlers)
        return self

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or not widget.isVisible() or isinstance(widget, ProgressDialog):
            return
        if widget.property(ANSWERED):
            self._check_stuck(widget)
            return
        widget.setProperty(ANSWERED, True)
        self._stuck.start()
        self.seen.append(dialog_text(widget))
        if not self.handlers:
            self.unexpected.append(dialog_text(widget))
            widget.reject()
            return
        try:
            self.handlers.popleft()(widget)
        except BaseException as exc:  # reported at teardown, never left hanging
            self.errors.append(exc)

    def _check_stuck(self, widget) -> None:
        if self._stuck.isValid() and self._stuck.elapsed() > self.STUCK_MS:
            self.errors.append(AssertionError(f"dialog still open: {dialog_text(widget)!r}"))
            widget.reject()
            self._stuck.invalidate()

    @property
    def pending(self) -> int:
        return len(self.handlers)

    def close(self) -> None:
        self.timer.stop()


@pytest.fixture(scope="session", autouse=True)
def imports_kept_out_of_collections():
    """What is alive when the first GUI test starts (the imported modules, Qt, SQLAlchemy,
    scipy: most of a test process's heap) is moved out of the cyclic collector's reach with
    gc.freeze(), after a full collection frees its garbage. The full collections the
    GUI-thread collector runs then look only at what the tests made (over the whole heap each
    cost about 0.2 s); what each test checks does not depend on it. Freezing again later
    would freeze windows still awaiting deletion and leak them (tried: later tests ran slower)."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def collector_on_the_gui_thread(qapp):
    """Every GUI test runs as the application does: Python's cyclic collector only on the GUI
    thread (a collection in a task's thread can deadlock against Qt; see gui_thread_collector)."""
    from registry_app.gui.gui_thread_collector import GuiThreadCollector
    collector = GuiThreadCollector(qapp)
    yield collector
    collector.stop(generation=1)  # what this test left in cycles, freed on this thread
    collector.deleteLater()


@pytest.fixture
def modals():
    answers = ModalAnswers()
    yield answers
    answers.close()
    assert not answers.errors, answers.errors
    assert not answers.unexpected, f"unexpected dialogs: {answers.unexpected}"


def registry_holding(key: str, fill, wanted_by: str):
    """A module's own `registry` fixture: for a test that uses the fixture named `wanted_by`,
    a copy of a registry in which fill(registry) stored its cases once per run (storing them
    again in every test cost more than the test); for the module's other tests, a fresh empty
    registry, as tests/conftest.py gives."""
    @pytest.fixture
    def registry(request, tmp_path, registry_template, filled_copy):
        if wanted_by in request.fixturenames:
            return filled_copy("sqlite", key, filled_with(fill))
        empty = open_on_test_clock(copy_registry_file(registry_template,
                                                      tmp_path / "registry.sqlite3"))
        request.addfinalizer(empty.close)
        return empty
    return registry


@pytest.fixture
def ctx(qapp, registry, tmp_path):
    """A GuiContext on the test registry (today fixed at 2025-06-30), own preferences file."""
    context = GuiContext(registry, TaskRunner(delay_ms=100), make_prefs(tmp_path / "prefs"))
    yield context
    context.tasks.shutdown()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A 1,000-case demo registry made once per run; tests get copies."""
    from registry_app.services.demo.generator import fill_demo
    from registry_app.services.registry import open_registry

    def build(path) -> None:
        reg = open_registry(str(path), user="tester")
        reg.today = lambda: TODAY
        fill_demo(reg, DEMO_CASES, seed=7)
        reg.close()
    return built_once(tmp_path_factory, f"gui-demo-{DEMO_CASES}-7", build)


@pytest.fixture
def demo_ctx(qapp, demo_template, tmp_path):
    """A GuiContext on a private copy of the demo registry."""
    from registry_app.services.registry import open_registry
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    reg = open_registry(str(path), user="tester")
    reg.today = lambda: TODAY
    context = GuiContext(reg, TaskRunner(delay_ms=100), make_prefs(tmp_path / "prefs"))
    yield context
    context.tasks.shutdown()
    reg.close()


def close_windows(window) -> None:
    """Close editors without questions, then the window (prefs are saved on close)."""
    for editor in list(window.editors):
        editor.close_now()
    window.close()
    window.deleteLater()


@pytest.fixture
def window(ctx, qtbot):
    from registry_app.gui.main_window import MainWindow
    win = MainWindow(ctx)
    yield win
    close_windows(win)


def wait_list(qtbot, view, timeout: int = 5000) -> None:
    """Wait until the case list has the ids it last asked for (they load on a reader thread)."""
    qtbot.waitUntil(lambda: not view.model.loading and not view._reload_timer.isActive(),
                    timeout=timeout)


def wait_idle(qtbot, ctx, timeout: int = 10000) -> None:
    """Wait until the task runner has delivered every outcome."""
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=timeout)


def type_into(qtbot, editor, code: str, text: str) -> None:
    """Replace a field's text by typing, as a coordinator would."""
    field = editor.form.rows[code].editor
    line = field.combo.lineEdit() if hasattr(field, "combo") else field.edit
    line.clear()
    qtbot.keyClicks(line, text)


def choose(editor, code: str, value) -> None:
    """Pick a value in a field's pick list."""
    combo = editor.form.rows[code].editor.combo
    index = combo.findData(value)
    assert index > 0, f"{code}: {value!r} is not in the pick list"
    combo.setCurrentIndex(index)


@pytest.fixture
def editors(ctx, qtbot):
    """Make case editors (shown); closed without questions at the end of the test."""
    from registry_app.gui.views.editor.case_editor import CaseEditor
    made = []

    def factory(case_id=None, **kwargs):
        editor = CaseEditor(ctx, case_id, **kwargs)
        made.append(editor)
        editor.show()
        qtbot.waitExposed(editor)
        return editor
    factory.made = made
    yield factory
    for editor in made:
        try:
            editor.close_now()
        except RuntimeError:  # already deleted (closed by the test)
            pass


def settle_wizard(qtbot, wizard, ctx) -> None:
    """Wait until the import wizard has finished reading or checking its file."""
    qtbot.waitUntil(lambda: not wizard.busy and not wizard._recheck.isActive(), timeout=10000)
    wait_idle(qtbot, ctx)


def wizard_on(ctx, qtbot, source):
    """The real import wizard with `source` typed into its file field (not yet read)."""
    from registry_app.gui.dialogs.import_wizard import ImportWizard
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path_edit, str(source))
    return wizard
