"""Every validation rule with a good and a bad value; messages name the field in plain words."""
from datetime import date, datetime, timedelta

import pytest

from registry_app.domain.case import Case
from registry_app.domain.settings import RegistrySettings
from registry_app.domain.validation import errors, issues_by_field, validate_case

TODAY = date(2025, 6, 30)


def issues(make_case, passes=None, **changes):
    return validate_case(make_case(passes=passes, **changes), today=TODAY)


def messages(found, field, severity=None):
    return [i.message for i in found if i.field == field and (severity is None or i.severity == severity)]


def test_valid_case_has_no_errors(make_case):
    assert errors(issues(make_case)) == []


@pytest.mark.parametrize("field,bad,good,label", [
    ("nihss_admission", 43, 42, "NIHSS on admission"),
    ("nihss_admission", -1, 0, "NIHSS on admission"),
    ("mrs_90d", 7, 6, "mRS at 90 days"),
    ("prestroke_mrs", 6, 5, "Pre-stroke mRS"),
    ("aspects", 11, 10, "ASPECTS"),
    ("aspects", -1, 0, "ASPECTS"),
    ("age", 121, 120, "Age"),
    ("mt_passes", 21, 2, "Thrombectomy passes"),
])
def test_ranges(make_case, field, bad, good, label):
    bad_msgs = messages(issues(make_case, **{field: bad}), field, "error")
    assert bad_msgs and bad_msgs[0].startswith(label + ":") and "outside the allowed range" in bad_msgs[0]
    assert messages(issues(make_case, **{field: good}), field, "error") == []


@pytest.mark.parametrize("field", ["case_number", "procedure_date", "territory"])
def test_required_fields(make_case, field):
    case = make_case()
    case.values[field] = None
    found = validate_case(case, today=TODAY)
    assert any(i.field == field and "is required" in i.message for i in errors(found))


def test_unknown_choice_code_is_error(make_case):
    found = issues(make_case, occlusion_site="M9")
    assert "'M9' is not an allowed value" in messages(found, "occlusion_site", "error")[0]


@pytest.mark.parametrize("earlier,later", [
    ("onset_time", "door_time"), ("door_time", "puncture_time"),
    ("puncture_time", "first_pass_time"), ("first_pass_time", "reperfusion_time"),
    ("reperfusion_time", "end_time"),
])
def test_time_order(make_case, earlier, later):
    case = make_case()
    case.values[later] = case.values[earlier] - timedelta(minutes=5)
    found = errors(validate_case(case, today=TODAY))
    assert any(i.field == later and "is before" in i.message for i in found)


def test_time_order_skips_missing_times(make_case):
    case = make_case(door_time=None, imaging_time=None)
    assert errors(validate_case(case, today=TODAY)) == []


def test_in_hospital_onset_may_follow_arrival(make_case):
    later_onset = datetime(2025, 1, 10, 9, 20)
    assert messages(issues(make_case, onset_time=later_onset), "door_time", "error")
    assert not messages(issues(make_case, onset_time=later_onset, onset_type="in_hospital"),
                        "door_time", "error")


def test_imaging_after_puncture_is_error(make_case):
    found = issues(make_case, imaging_time=datetime(2025, 1, 10, 10, 30))
    assert "after the groin puncture" in messages(found, "imaging_time", "error")[0]


@pytest.mark.parametrize("field", ["discharge_date", "followup_date", "death_date"])
def test_dates_before_procedure(make_case, field):
    found = issues(make_case, **{field: date(2025, 1, 9)}, mrs_90d=6 if field == "death_date" else 2)
    assert any("before the procedure date" in m for m in messages(found, field, "error"))


def test_future_procedure_date(make_case):
    found = issues(make_case, procedure_date=TODAY + timedelta(days=1))
    assert "in the future" in messages(found, "procedure_date", "error")[0]


def test_death_within_window_requires_mrs_6(make_case):
    bad = issues(make_case, death_date=date(2025, 2, 1), mrs_90d=4)
    assert "must be 6" in messages(bad, "mrs_90d", "error")[0]
    assert not messages(issues(make_case, death_date=date(2025, 2, 1), mrs_90d=6), "mrs_90d", "error")


def test_death_after_window_does_not_force_mrs_6(make_case):
    found = issues(make_case, death_date=date(2025, 6, 1), mrs_90d=4)
    assert not messages(found, "mrs_90d", "error")


def test_mrs_6_without_death_date_warns(make_case):
    assert messages(issues(make_case, mrs_90d=6), "death_date", "warning")


def test_mrs_6_with_a_death_after_the_period_warns_that_the_date_wins(make_case):
    found = issues(make_case, mrs_90d=6, death_date=date(2025, 6, 1), discharge_mrs=3)
    [warning] = messages(found, "mrs_90d", "warning")
    assert "more than 90 days" in warning and "by the date" in warning


def test_no_pass_with_a_grade_after_mt_warns(make_case):
    found = issues(make_case, passes=[], mt_passes=0, reperfusion_after_mt="1")
    assert "is 0" in messages(found, "mt_passes", "warning")[0]


def test_rescue_stent_without_failure_needs_reason(make_case):
    success = dict(passes=[{"pass_number": 1, "reperfusion_grade": "2c"}], reperfusion_after_mt="2c",
                   final_reperfusion="2c")
    bad = issues(make_case, **success)
    assert "without failed thrombectomy" in messages(bad, "rescue_reason", "error")[0]
    good = issues(make_case, **success, rescue_reason="residual_stenosis")
    assert not messages(good, "rescue_reason", "error")


def test_failed_mt_with_stent_is_fine(make_case):
    assert not messages(issues(make_case), "rescue_reason", "error")


def test_stent_device_without_stent_is_error(make_case):
    found = issues(make_case, rescue_stent=False, rescue_reason=None)
    assert "no rescue stent was placed" in messages(found, "stent_device", "error")[0]


@pytest.mark.parametrize("scale,grade,ok", [
    ("eTICI", "2b67", True), ("eTICI", "2b", False), ("mTICI", "2b", True), ("mTICI", "2b50", False),
])
def test_grades_valid_for_scale(make_case, scale, grade, ok):
    found = issues(make_case, reperfusion_scale=scale, final_reperfusion=grade)
    bad = messages(found, "final_reperfusion", "error")
    assert (not bad) is ok
    if not ok:
        assert f"does not exist on the {scale} scale" in bad[0]


def test_pass_grades_checked_against_scale(make_case):
    passes = [{"pass_number": 1, "reperfusion_grade": "2b"}]
    found = issues(make_case, passes=passes, reperfusion_after_mt="2b", reperfusion_scale="eTICI")
    assert any(i.field == "passes" and "Pass 1" in i.message for i in errors(found))


def test_pass_count_mismatch(make_case):
    found = issues(make_case, mt_passes=3)
    assert "3 but 2 passes are recorded" in messages(found, "mt_passes", "error")[0]


@pytest.mark.parametrize("days,warn", [(90, False), (76, False), (104, False), (75, True), (105, True)])
def test_followup_window(make_case, days, warn):
    found = issues(make_case, followup_date=date(2025, 1, 10) + timedelta(days=days))
    assert bool(messages(found, "followup_date", "warning")) is warn


def test_followup_window_is_configurable():
    case = Case(values=dict(case_number="X", territory="cerebral", procedure_date=date(2025, 1, 1),
                            mrs_90d=1, followup_date=date(2025, 3, 20)))
    narrow = RegistrySettings(followup_window_days=7)
    assert any(i.field == "followup_date" for i in validate_case(case, narrow, TODAY))
    assert not any(i.field == "followup_date" for i in validate_case(case, today=TODAY))


def test_sich_needs_definition_and_a_haemorrhage(make_case):
    found = issues(make_case, sich=True, sich_definition=None, heidelberg_class="none")
    assert messages(found, "sich_definition", "warning")
    assert messages(found, "heidelberg_class", "error")


def test_errors_come_first_and_group_by_field(make_case):
    found = issues(make_case, nihss_admission=50, mrs_90d=6)
    assert found[0].severity == "error"
    assert "nihss_admission" in issues_by_field(found)


def test_age_and_birth_date_consistency(make_case):
    case = make_case(age=67)
    case.identity["birth_date"] = date(1950, 1, 1)
    found = validate_case(case, today=TODAY)
    assert any(i.field == "age" and "gives 75 years" in i.message for i in found)


def test_ivt_agent_without_ivt(make_case):
    assert messages(issues(make_case, ivt=False), "ivt_agent", "error")


def test_discharge_mrs_6_requires_died(make_case):
    found = issues(make_case, discharge_mrs=6, discharge_destination="home")
    assert messages(found, "discharge_destination", "error")


def test_fields_whose_values_are_not_checked_accept_any_value():
    """validation skips check_field for a recorded value of these fields: it has nothing to say."""
    from registry_app.domain.fields import CASE_FIELDS
    from registry_app.domain.validation import check_field, checks_value
    odd = ["", "   ", "x" * 100_000, -10**9, 10**9, 1.5, "not-a-code", ("a",), True,
           date(1900, 1, 1), datetime(2999, 1, 1)]
    unchecked = [fd for fd in CASE_FIELDS if not checks_value(fd)]
    assert {fd.kind for fd in unchecked} >= {"yesno", "date", "datetime", "multichoice"}
    for fd in unchecked:
        for territory in ("cerebral", "limb", "coronary"):
            assert [check_field(fd, value, territory) for value in odd] == [[]] * len(odd), fd.code
    assert all(checks_value(fd) for fd in CASE_FIELDS if fd.kind in ("int", "float", "choice"))


def test_a_grade_off_the_scale_is_reported_not_a_crash(make_case):
    found = issues(make_case, final_reperfusion="7", reperfusion_after_mt="1")
    assert messages(found, "final_reperfusion", "error")
