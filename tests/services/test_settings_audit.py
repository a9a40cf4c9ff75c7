"""Changing a definition in the settings leaves an audit row: who, when, old and new value."""
from dataclasses import replace

from registry_app.cli.main import main
from registry_app.services.cases.history import case_history, settings_history
from registry_app.services.cases.editing import create_case
from registry_app.services.registry import open_registry, save_settings

from ..conftest import NOW


def test_changing_the_good_outcome_definition_is_audited(registry):
    save_settings(registry, replace(registry.settings(), good_outcome_max_mrs=3))
    [change] = settings_history(registry)
    assert (change.at, change.user, change.setting, change.old_value, change.new_value) == \
        (NOW, "tester", "good_outcome_max_mrs", "2", "3")
    assert change.label == "Good outcome at follow-up: mRS at most"


def test_one_row_per_changed_setting_and_none_for_an_unchanged_save(registry):
    save_settings(registry, replace(registry.settings(), center_name="St Elsewhere",
                                    followup_days=180))
    save_settings(registry, registry.settings())  # saved again without a change
    changes = settings_history(registry)
    assert sorted((c.setting, c.old_value, c.new_value) for c in changes) == [
        ("center_name", "", "St Elsewhere"), ("followup_days", "90", "180")]


def test_settings_changes_stay_out_of_case_histories(registry, make_case):
    case_id = create_case(registry, make_case("S-1")).case_id
    save_settings(registry, replace(registry.settings(), sich_definition="ecass3"))
    assert {entry.action for entry in case_history(registry, case_id)} == {"create"}


def test_the_command_line_lists_settings_changes_with_who_and_when(new_registry_file, capsys):
    db = new_registry_file("r.sqlite3")
    registry = open_registry(db, user="alice")
    registry.now = lambda: NOW
    save_settings(registry, replace(registry.settings(), good_outcome_max_mrs=1))
    registry.close()
    assert main(["--db", db, "settings-history"]) == 0
    out = capsys.readouterr().out
    assert ("2025-06-30 14:30:00  alice  Good outcome at follow-up: mRS at most: '2' -> '1'"
            in out)


def test_the_command_line_says_when_nothing_changed(new_registry_file, capsys):
    assert main(["--db", new_registry_file("r.sqlite3"), "settings-history"]) == 0
    assert "No settings were changed yet." in capsys.readouterr().out
