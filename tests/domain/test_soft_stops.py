"""Which validation rules block saving (values that cannot be stored) and which are soft stops."""
from datetime import date, datetime

from registry_app.domain.case import Case
from registry_app.domain.validation import blocking, inconsistencies, validate_case
from tests.conftest import TODAY, two_passes, valid_case_values


def _issues(territory: str = "cerebral", passes=None, **overrides):
    values = valid_case_values(territory=territory, **overrides)
    return validate_case(Case(values=values, passes=two_passes() if passes is None else passes),
                         today=TODAY)


def test_a_valid_case_breaks_nothing():
    assert blocking(_issues()) == [] and inconsistencies(_issues()) == []


def test_times_out_of_order_are_a_soft_stop_naming_the_rule():
    found = _issues(puncture_time=datetime(2025, 1, 10, 9, 0), imaging_time=None)
    soft = inconsistencies(found)
    assert [(i.field, i.rule) for i in soft] == [("puncture_time", "times_out_of_order")]
    assert "Groin puncture" in soft[0].message and "before" in soft[0].message
    assert blocking(found) == []


def test_a_stent_without_failed_thrombectomy_is_a_soft_stop():
    found = _issues(reperfusion_after_mt="3", final_reperfusion="3", passes=[])
    assert ("rescue_reason", "stent_without_failed_mt") in [(i.field, i.rule)
                                                            for i in inconsistencies(found)]
    assert blocking(found) == []


def test_other_consistency_rules_are_soft():
    cases = {"discharge_date": dict(discharge_date=date(2025, 1, 1)),
             "mrs_90d": dict(death_date=date(2025, 2, 1), mrs_90d=3),
             "ivt_agent": dict(ivt=False),
             "heidelberg_class": dict(sich=True)}
    for field, overrides in cases.items():
        found = _issues(**overrides)
        assert field in {i.field for i in inconsistencies(found)}, field
        assert blocking(found) == [], field


def test_values_that_cannot_be_stored_still_block():
    out_of_range = _issues(nihss_admission=50)
    not_in_vocabulary = _issues(occlusion_site="M9")
    in_the_future = _issues(procedure_date=date(2025, 7, 2))
    for found, field in ((out_of_range, "nihss_admission"), (not_in_vocabulary, "occlusion_site"),
                         (in_the_future, "procedure_date")):
        hard = blocking(found)
        assert hard and hard[0].field == field and hard[0].rule is None
        assert not hard[0].is_soft


def test_grade_not_on_the_scale_blocks():
    found = _issues(final_reperfusion="2b67", reperfusion_scale="mTICI")
    assert "final_reperfusion" in {i.field for i in blocking(found)}


def test_warnings_are_neither():
    found = _issues(stent_device=None)
    warning = [i for i in found if i.field == "stent_device"][0]
    assert not warning.is_soft and not warning.blocks_saving
