"""The settings dialog: shows the registry's definitions, saves them, recomputes derived values."""
from dataclasses import replace

import pytest

from registry_app.services.changes import Changes
from registry_app.gui.dialogs.settings_dialog import SettingsDialog, needs_recompute
from registry_app.paths import resources_dir
from registry_app.services.cases import editing as cases
from registry_app.services.cases.queries import list_rows

LOGO = resources_dir() / "icons" / "registry-app-128.png"


@pytest.fixture
def case_2b(registry, make_case):
    """A case whose reperfusion after MT is 2b67: not failed at 2b, failed at 2c."""
    return cases.create_case(registry, make_case(reperfusion_after_mt="2b67", passes=[],
                                                 mt_passes=2, rescue_stent=False,
                                                 rescue_reason=None, stent_device=None,
                                                 antiplatelet_regimen=None)).case_id


@pytest.fixture
def dialog(ctx, qtbot):
    widget = SettingsDialog(ctx)
    qtbot.addWidget(widget)
    return widget


def stored(registry, case_id):
    return list_rows(registry, [case_id], ["mt_failed", "followup_due"])[case_id]


def save(dialog, ctx, qtbot):
    with qtbot.waitSignal(dialog.saved, timeout=10000) as saved:
        dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0)
    return saved.args[0]


def test_shows_the_current_settings(ctx, qtbot):
    from registry_app.services.registry import save_settings
    save_settings(ctx.registry, replace(ctx.registry.settings(), center_name="St Elsewhere",
                                        good_outcome_max_mrs=3, followup_window_days=21,
                                        default_benchmark="chen2019", sich_definition="ecass3"))
    widget = SettingsDialog(ctx)
    qtbot.addWidget(widget)
    assert widget.center_name.text() == "St Elsewhere"
    assert widget.good_outcome.currentData() == 3 and widget.window_days.value() == 21
    assert widget.default_benchmark.currentData() == "chen2019"
    assert widget.sich.currentText() == "ECASS III"
    assert widget.values() == ctx.registry.settings()


def test_changing_the_mt_definition_saves_and_recomputes(dialog, ctx, qtbot, case_2b):
    assert stored(ctx.registry, case_2b)["mt_failed"] is False
    dialog.mt_threshold.setCurrentIndex(dialog.mt_threshold.findData("2c"))
    dialog.followup_days.setValue(60)
    dialog.center_name.setText("  Neuroradiology, General Hospital ")
    with qtbot.waitSignal(ctx.changed) as signal:
        count = save(dialog, ctx, qtbot)
    assert signal.args == [Changes(settings=True)]
    assert count == 1 and dialog.result() == SettingsDialog.DialogCode.Accepted
    settings = ctx.registry.settings()
    assert (settings.mt_failure_threshold, settings.followup_days) == ("2c", 60)
    assert settings.center_name == "Neuroradiology, General Hospital"
    assert ctx.settings.mt_failure_threshold == "2c"          # the context's cache was renewed
    row = stored(ctx.registry, case_2b)
    assert row["mt_failed"] is True
    assert str(row["followup_due"]) == "2025-03-11"            # 2025-01-10 + 60 days


def test_changing_only_the_centre_does_not_recompute(dialog, ctx, qtbot, case_2b, monkeypatch):
    calls = []
    monkeypatch.setattr("registry_app.gui.dialogs.settings_dialog.recompute_derived",
                        lambda reg: calls.append(reg) or 0)
    dialog.center_name.setText("Other name")
    dialog.good_outcome.setCurrentIndex(dialog.good_outcome.findData(1))
    assert save(dialog, ctx, qtbot) == 0 and calls == []
    assert ctx.registry.settings().good_outcome_max_mrs == 1


def test_a_window_as_long_as_the_follow_up_is_refused(dialog, ctx, qtbot):
    dialog.followup_days.setValue(30)
    dialog.window_days.setValue(30)
    dialog.buttons.accepted.emit()
    assert dialog.error.text() == ("Follow-up window: ± 30 days must be shorter than the 30 days"
                                   " to the follow-up.")
    assert ctx.tasks.pending == 0 and ctx.registry.settings().followup_days == 90


def test_logo_is_previewed_and_an_unreadable_one_refused(dialog, ctx, qtbot, tmp_path):
    dialog.logo_path.setText(str(LOGO))
    assert dialog.logo_preview.pixmap() is not None and not dialog.logo_preview.pixmap().isNull()
    bad = tmp_path / "logo.png"
    bad.write_text("not an image")
    dialog.logo_path.setText(str(bad))
    assert dialog.logo_preview.text() == "Cannot read this image"
    dialog.buttons.accepted.emit()
    assert dialog.error.text().startswith(f"Logo: {bad} could not be read as an image")
    dialog.logo_path.setText(str(LOGO))
    save(dialog, ctx, qtbot)
    assert ctx.registry.settings().logo_path == str(LOGO)


def test_default_benchmark_lists_cerebral_benchmarks(dialog):
    codes = [dialog.default_benchmark.itemData(i) for i in range(dialog.default_benchmark.count())]
    assert codes[0] == "" and "chen2019" in codes and "prism2018" not in codes


def test_which_settings_need_a_recompute(ctx):
    base = ctx.registry.settings()
    assert needs_recompute(base, replace(base, mt_failure_min_passes=2))
    assert needs_recompute(base, replace(base, followup_days=30))
    assert not needs_recompute(base, replace(base, sich_definition="ecass2", center_name="x"))


def test_a_changed_definition_shows_in_the_settings_history(dialog, ctx, qtbot, modals):
    from registry_app.gui.dialogs.settings_history_dialog import SettingsHistoryDialog
    dialog.good_outcome.setCurrentIndex(dialog.good_outcome.findData(3))
    save(dialog, ctx, qtbot)
    shown = []

    def read(history):
        assert isinstance(history, SettingsHistoryDialog)
        table = history.table
        shown.append(tuple(table.item(0, c).text() for c in range(table.columnCount())))
        history.reject()
    modals.then(read)
    again = SettingsDialog(ctx)
    qtbot.addWidget(again)
    again.history_button.click()
    assert shown == [("2025-06-30 14:30", "tester", "Good outcome at follow-up: mRS at most",
                      "2", "3")]
