"""The mutating services say what they changed; reading and no-op saves change nothing."""
from dataclasses import replace
from datetime import datetime

from registry_app.services.cases.editing import create_case, delete_case, get_case, restore_case, update_case
from registry_app.services.changes import EVERYTHING, NOTHING, Changes, changes_of
from registry_app.services.demo.generator import fill_demo
from registry_app.services.importing.file_import import import_file
from registry_app.services.registry import save_settings
from registry_app.services.reports.signoff import get_signoff, sign_off_month


def test_changes_combine_and_say_whether_anything_changed():
    assert not NOTHING and Changes.of_cases([3]) and Changes(settings=True)
    both = Changes.of_cases([1]) | Changes.of_cases([2])
    assert both == Changes(cases=True, case_ids=frozenset({1, 2}))
    assert (Changes.of_cases([1]) | Changes.of_cases()).case_ids == frozenset()  # unknown wins
    assert (Changes.of_cases([1]) | Changes(signoffs=True)) == Changes(
        cases=True, case_ids=frozenset({1}), signoffs=True)
    assert not Changes(benchmarks=True).touches_cases


def test_changes_of_reads_results_tuples_and_plain_values():
    assert changes_of(Changes(settings=True)) == Changes(settings=True)
    assert changes_of((Changes.of_cases([4]), 7)) == Changes.of_cases([4])
    assert changes_of(12) is NOTHING and changes_of(None) is NOTHING
    assert changes_of({"changes": Changes.of_cases()}) is NOTHING  # a dict is not a result


def test_saving_creating_deleting_and_restoring_name_the_case(registry, make_case):
    created = create_case(registry, make_case("CH-1"))
    assert created.changes == Changes.of_cases([created.case_id])
    case = get_case(registry, created.case_id)
    assert update_case(registry, case).changes is NOTHING  # saved as it was
    case.values["age"] = 55
    assert update_case(registry, case).changes == Changes.of_cases([created.case_id])
    assert delete_case(registry, created.case_id, "entered twice") == Changes.of_cases(
        [created.case_id])
    assert restore_case(registry, created.case_id, "not a duplicate") == Changes.of_cases(
        [created.case_id])


def test_settings_change_only_when_a_setting_differs(registry):
    same = registry.settings()
    assert save_settings(registry, same) is NOTHING
    assert save_settings(registry, replace(same, followup_days=60)) == Changes(settings=True)


def test_import_and_demo_change_cases_a_dry_run_does_not(registry, tmp_path):
    source = tmp_path / "cases.csv"
    source.write_text("case_number,procedure_date,nihss_admission\nI-1,2024-01-02,12\n")
    assert import_file(registry, source, dry_run=True).changes is NOTHING
    assert import_file(registry, source).changes == Changes.of_cases()
    assert import_file(registry, source).changes is NOTHING  # the same rows again: unchanged
    assert fill_demo(registry, 3, seed=2).changes == Changes.of_cases()


def test_a_sign_off_changes_the_locks_reading_it_back_changes_nothing(registry, make_case):
    create_case(registry, make_case("SO-1"))
    month = "2025-01"
    signed = sign_off_month(registry, month, now=datetime(2025, 6, 30, 9, 0))
    assert signed.changes == Changes(signoffs=True)
    assert get_signoff(registry, month).changes is NOTHING
    assert changes_of(EVERYTHING).settings and changes_of(EVERYTHING).signoffs
