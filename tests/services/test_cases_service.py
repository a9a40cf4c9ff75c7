"""Saving cases: validation blocks errors, versions stop silent overwrites, every change is audited."""
from datetime import date

import pytest

from registry_app.domain.errors import DuplicateCase, LockedCase, RegistryError, StaleRecord, ValidationFailed
from registry_app.services.cases import editing as cases
from registry_app.storage.schema import SignoffRow


def test_create_and_read_back(registry, make_case):
    result = cases.create_case(registry, make_case(identity={"mrn": "123"}))
    stored = cases.get_case(registry, result.case_id)
    assert stored.values["case_number"] == "C-0001"
    assert stored.values["mt_passes"] == 2 and stored.values["reperfusion_after_mt"] == "1"
    assert stored.values["registry_id"].startswith("R-")
    assert [p["device"] for p in stored.passes] == ["Solitaire X", "Solitaire X + React 71"]
    assert stored.identity["mrn"] == "123"
    assert stored.values["procedural_complications"] == ("none",)


def test_errors_block_saving_with_plain_message(registry, make_case):
    with pytest.raises(ValidationFailed) as err:
        cases.create_case(registry, make_case(nihss_admission=50))
    assert "NIHSS on admission: 50 is outside the allowed range 0-42." in str(err.value)
    assert cases.find_case_id(registry, "C-0001") is None


def test_warnings_do_not_block(registry, make_case):
    result = cases.create_case(registry, make_case(stent_device=None))
    assert any(w.field == "stent_device" for w in result.warnings)


def test_duplicate_case_number(registry, make_case):
    cases.create_case(registry, make_case())
    with pytest.raises(DuplicateCase, match="already used"):
        cases.create_case(registry, make_case())


def test_update_is_audited_field_by_field(registry, make_case):
    case_id = cases.create_case(registry, make_case()).case_id
    case = cases.get_case(registry, case_id)
    case.values["mrs_90d"] = 3
    result = cases.update_case(registry, case)
    assert result.changed_fields == ("mrs_90d",) and result.version == 2
    changes = [h for h in cases.case_history(registry, case_id) if h["action"] == "update"]
    assert [(h["field"], h["old_value"], h["new_value"], h["user"]) for h in changes] == [
        ("mrs_90d", "2", "3", "tester")]


def test_second_editor_gets_stale_record(registry, make_case):
    case_id = cases.create_case(registry, make_case()).case_id
    first, second = cases.get_case(registry, case_id), cases.get_case(registry, case_id)
    first.values["mrs_90d"] = 1
    cases.update_case(registry, first)
    second.values["mrs_90d"] = 4
    with pytest.raises(StaleRecord, match="changed by tester"):
        cases.update_case(registry, second)
    assert cases.get_case(registry, case_id).values["mrs_90d"] == 1


def test_delete_needs_reason_and_is_recoverable(registry, make_case):
    case_id = cases.create_case(registry, make_case()).case_id
    with pytest.raises(RegistryError, match="needs a reason"):
        cases.delete_case(registry, case_id, " ")
    cases.delete_case(registry, case_id, "entered twice")
    assert [d["deleted_reason"] for d in cases.deleted_cases(registry)] == ["entered twice"]
    with pytest.raises(DuplicateCase, match="restore it instead"):
        cases.create_case(registry, make_case())
    cases.restore_case(registry, case_id)
    assert cases.get_case(registry, case_id).values["case_number"] == "C-0001"
    actions = [h["action"] for h in cases.case_history(registry, case_id)]
    assert actions[-2:] == ["delete", "restore"]


def test_pass_edits_are_audited(registry, make_case):
    case_id = cases.create_case(registry, make_case()).case_id
    case = cases.get_case(registry, case_id)
    case.passes.pop(0)
    case.values["mt_passes"] = None
    cases.update_case(registry, case)
    stored = cases.get_case(registry, case_id)
    assert stored.values["mt_passes"] == 1 and stored.passes[0]["pass_number"] == 1
    fields = {h["field"] for h in cases.case_history(registry, case_id)}
    assert "pass 2 device" in fields and "mt_passes" in fields


def test_signed_off_month_needs_reason(registry, make_case):
    case_id = cases.create_case(registry, make_case()).case_id
    with registry.transaction() as session:
        session.add(SignoffRow(month="2025-01", signed_at=registry.now(),
                               signed_by="tester", fingerprint="x"))
    case = cases.get_case(registry, case_id)
    case.values["mrs_90d"] = 3
    with pytest.raises(LockedCase, match="2025-01"):
        cases.update_case(registry, case)
    cases.update_case(registry, case, reason="late phone call corrected")
    history = cases.case_history(registry, case_id)
    assert history[-1]["reason"] == "late phone call corrected"


def test_recompute_derived_after_settings_change(registry, make_case):
    from registry_app.domain.settings import RegistrySettings
    from registry_app.services.cases.queries import CaseFilter, case_ids
    from registry_app.services.registry import save_settings
    cases.create_case(registry, make_case(passes=[{"pass_number": 1, "reperfusion_grade": "2b67"}],
                                          reperfusion_after_mt=None, rescue_stent=False,
                                          rescue_reason=None, stent_device=None))
    assert case_ids(registry, CaseFilter(mt_failed=True)) == []
    save_settings(registry, RegistrySettings(mt_failure_threshold="2c"))
    cases.recompute_derived(registry)
    assert len(case_ids(registry, CaseFilter(mt_failed=True))) == 1


def test_registry_file_is_private(registry):
    import os
    import stat
    if os.name == "posix":
        assert stat.S_IMODE(registry.path.stat().st_mode) == 0o600


def test_filters_and_search(registry, make_case):
    cases.create_case(registry, make_case("A-1", identity={"mrn": "MRN777", "patient_name": "Ann Example"}))
    cases.create_case(registry, make_case("B-2", occlusion_site="BA", occlusion_side="midline",
                                          procedure_date=date(2025, 2, 3),
                                          onset_time=None, door_time=None, imaging_time=None,
                                          puncture_time=None, first_pass_time=None,
                                          reperfusion_time=None, end_time=None,
                                          passes=[], followup_date=date(2025, 5, 5),
                                          discharge_date=date(2025, 2, 10)))
    from registry_app.services.cases.queries import CaseFilter, case_ids, count_cases
    by_number = {cases.get_case(registry, i).values["case_number"]: i for i in case_ids(registry)}
    assert case_ids(registry, CaseFilter(text="mrn777")) == [by_number["A-1"]]
    assert case_ids(registry, CaseFilter(text="ann ex")) == [by_number["A-1"]]
    assert case_ids(registry, CaseFilter(circulation="posterior")) == [by_number["B-2"]]
    assert case_ids(registry, CaseFilter(date_from=date(2025, 2, 1))) == [by_number["B-2"]]
    assert count_cases(registry, CaseFilter().with_month("2025-01")) == 1
    assert case_ids(registry, sort="case_number", descending=False) == [by_number["A-1"], by_number["B-2"]]
