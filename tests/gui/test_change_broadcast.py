"""What changed is broadcast once by the task runner, and screens refresh only when it matters."""
from functools import partial

import pytest

from registry_app.services.cases.editing import create_case, get_case, update_case
from registry_app.services.changes import NOTHING, Changes
from registry_app.services.importing.file_import import import_file

from .conftest import close_windows, type_into, wait_idle, wait_list


class Counter:
    """Counts a signal's emissions (and keeps their arguments)."""

    def __init__(self, signal) -> None:
        self.calls: list[tuple] = []
        signal.connect(lambda *args: self.calls.append(args))

    def __len__(self) -> int:
        return len(self.calls)


@pytest.fixture
def watched(ctx, qtbot, registry, make_case):
    """A main window showing its dashboard, with counters on what refreshes."""
    from registry_app.gui.main_window import MainWindow
    case_id = create_case(registry, make_case("BC-1")).case_id
    window = MainWindow(ctx)
    window.show()
    qtbot.waitExposed(window)
    window.show_tab("dashboard")
    dashboard = window.lazy["dashboard"].view
    qtbot.waitUntil(lambda: dashboard.stats is not None, timeout=10000)
    wait_idle(qtbot, ctx)
    wait_list(qtbot, window.case_list)
    counts = {"changed": Counter(ctx.changed), "dashboard": Counter(dashboard.stats_shown),
              "case list": Counter(window.case_list.model.reloaded)}
    yield window, case_id, counts
    close_windows(window)


def settle(qtbot, ctx, window) -> None:
    """Let every refresh that was asked for finish (and give a second one time to appear)."""
    wait_idle(qtbot, ctx)
    wait_list(qtbot, window.case_list)
    qtbot.wait(300)
    wait_idle(qtbot, ctx)


def test_saving_a_case_refreshes_the_list_and_the_dashboard_once(watched, editors, ctx,
                                                                  qtbot):
    window, case_id, counts = watched
    editor = editors(case_id)
    type_into(qtbot, editor, "nihss_admission", "21")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save_button.click()
    settle(qtbot, ctx, window)
    assert counts["changed"].calls == [(Changes.of_cases([case_id]),)]
    assert len(counts["dashboard"]) == 1
    assert len(counts["case list"]) == 1


def test_an_operation_that_changes_nothing_refreshes_nothing(watched, ctx, qtbot):
    window, case_id, counts = watched
    unchanged = get_case(ctx.registry, case_id)
    done = []
    ctx.tasks.run(lambda: update_case(ctx.registry, unchanged), success=done.append)
    settle(qtbot, ctx, window)
    assert done and done[0].changes is NOTHING  # it ran, and said so
    ctx.apply(update_case, ctx.registry, get_case(ctx.registry, case_id))
    settle(qtbot, ctx, window)
    assert (len(counts["changed"]), len(counts["dashboard"]), len(counts["case list"])) == (
        0, 0, 0)


def test_a_background_import_broadcasts_when_it_has_finished(watched, ctx, qtbot, tmp_path):
    window, _case_id, counts = watched
    source = tmp_path / "more.csv"
    source.write_text("case_number,procedure_date,nihss_admission\n"
                      "BC-2,2025-02-03,12\nBC-3,2025-02-04,9\n")
    pending_when_told = []
    ctx.changed.connect(lambda _changes: pending_when_told.append(ctx.tasks.pending))
    ctx.tasks.run(partial(import_file, ctx.registry, source), progress="Importing cases")
    assert len(counts["changed"]) == 0  # nothing is said while the import runs
    with qtbot.waitSignal(ctx.changed, timeout=10000) as signal:
        pass
    assert signal.args == [Changes.of_cases()] and pending_when_told == [0]
    settle(qtbot, ctx, window)
    assert window.case_list.model.rowCount() == 3
    assert len(counts["dashboard"]) == 1


def test_a_failed_operation_says_only_what_it_may_have_written(ctx, qtbot):
    told, failures = [], []
    ctx.changed.connect(told.append)

    def broken():
        raise RuntimeError("disk full")
    ctx.tasks.run(broken, failure=failures.append)
    ctx.tasks.run(broken, failure=failures.append, changes_if_failed=Changes.of_cases())
    wait_idle(qtbot, ctx)
    assert len(failures) == 2 and told == [Changes.of_cases()]


def test_a_change_of_settings_renews_the_cached_definitions(ctx):
    from dataclasses import replace

    from registry_app.services.registry import save_settings
    assert ctx.settings.followup_days != 45
    ctx.apply(save_settings, ctx.registry, replace(ctx.registry.settings(), followup_days=45))
    assert ctx.settings.followup_days == 45
