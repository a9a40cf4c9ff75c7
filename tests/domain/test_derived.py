"""Derived values: MT failure per definition, intervals, first-pass effect, follow-up due dates."""
from datetime import date, datetime

import pytest

from registry_app.domain import derived
from registry_app.domain.case import Case
from registry_app.domain.settings import RegistrySettings

TODAY = date(2025, 6, 30)


def case_with(passes=(), **values):
    values.setdefault("case_number", "X")
    values.setdefault("procedure_date", date(2025, 1, 10))
    return Case(values=values, passes=[{"pass_number": i + 1, "reperfusion_grade": g}
                                       for i, g in enumerate(passes)])


@pytest.mark.parametrize("grades,failed", [
    (["0", "1", "2a"], True), (["0", "2b50"], False), (["2a"], True), (["3"], False),
    (["0", "2b"], False),
])
def test_mt_failed_default_definition(grades, failed):
    assert derived.mt_failed(case_with(grades)) is failed


def test_mt_failed_unknown_without_grade():
    assert derived.mt_failed(case_with()) is None


def test_mt_failed_summary_value_wins_over_passes():
    assert derived.mt_failed(case_with(["0"], reperfusion_after_mt="2c")) is False


def test_mt_failure_threshold_is_configurable():
    strict = RegistrySettings(mt_failure_threshold="2c")
    assert derived.mt_failed(case_with(["2b67"]), strict) is True
    assert derived.mt_failed(case_with(["2b67"])) is False


@pytest.mark.parametrize("grades", [["1"], ["0", "1"], ["0", "1", "2a"]])
def test_mt_failure_whatever_the_pass_count(grades):
    """Rule 3: below the threshold after MT is a failure, one pass or many, whatever the
    old minimum-passes setting says."""
    after_three = RegistrySettings(mt_failure_min_passes=3)
    assert derived.mt_failed(case_with(grades), after_three) is True
    assert derived.mt_failed(case_with(grades)) is True


def test_mt_failure_with_no_pass_recorded_uses_the_grade():
    case = case_with(mt_passes=0, reperfusion_after_mt="1")
    assert derived.mt_failed(case) is True


def test_rescue_stent_without_final_grade_is_unknown_recanalization():
    """Rule 3: the pre-stent grade never stands for the result after a rescue stent."""
    stented = case_with(["0", "1"], rescue_stent=True)
    assert derived.recanalized(stented) is None
    assert derived.recanalized(case_with(["0", "1"], rescue_stent=False)) is False
    assert derived.recanalized(case_with(["0", "1"], rescue_stent=True,
                                         final_reperfusion="2c")) is True


def test_intervals_in_minutes():
    case = case_with(onset_time=datetime(2025, 1, 10, 8, 0), door_time=datetime(2025, 1, 10, 9, 10),
                     puncture_time=datetime(2025, 1, 10, 10, 15),
                     reperfusion_time=datetime(2025, 1, 10, 11, 30))
    found = derived.intervals(case)
    assert found["door_to_puncture"] == 65
    assert found["onset_to_reperfusion"] == 210
    assert found["puncture_to_reperfusion"] == 75
    assert found["door_to_imaging"] is None


@pytest.mark.parametrize("grades,fpe,mfpe", [
    (["2c"], True, True), (["2b67"], False, True), (["1"], False, False),
    (["0", "3"], False, False), ([], None, None),
])
def test_first_pass_effect(grades, fpe, mfpe):
    case = case_with(grades)
    assert derived.first_pass_effect(case) is fpe
    assert derived.first_pass_effect(case, "2b") is mfpe


def test_recanalization_uses_final_grade():
    assert derived.recanalized(case_with(["0"], final_reperfusion="2b50")) is True
    assert derived.recanalized(case_with(["0"], final_reperfusion="2a")) is False


def test_followup_due_and_window():
    window = derived.followup_window(case_with())
    assert window.due == date(2025, 4, 10)
    assert (window.opens, window.closes) == (date(2025, 3, 27), date(2025, 4, 24))


@pytest.mark.parametrize("values,today,status", [
    (dict(mrs_90d=2), TODAY, "done"),
    (dict(death_date=date(2025, 1, 12)), TODAY, "deceased"),
    (dict(lost_to_followup="unreachable"), TODAY, "lost"),
    ({}, date(2025, 3, 1), "not_yet_due"),
    ({}, date(2025, 4, 10), "in_window"),
    ({}, date(2025, 4, 25), "overdue"),
])
def test_followup_status(values, today, status):
    assert derived.followup_status(case_with(**values), today) == status


def test_mortality_90d():
    assert derived.mortality_90d(case_with(death_date=date(2025, 2, 1))) is True
    assert derived.mortality_90d(case_with(mrs_90d=3)) is False
    assert derived.mortality_90d(case_with()) is None
    assert derived.mortality_90d(case_with(death_date=date(2025, 6, 1), mrs_90d=3)) is False


def test_undated_in_hospital_death_is_a_90_day_death_and_mrs_6():
    """Rule 2: discharged dead without a date of death."""
    case = case_with(discharge_destination="died")
    assert derived.mortality_90d(case) is True
    assert derived.good_outcome(case) is False
    assert derived.mrs_at_most(case, 3) is False
    assert derived.died_within_followup(case) is True


def test_death_counts_as_mrs_6_in_every_mrs_rate_even_without_mrs():
    dead = case_with(death_date=date(2025, 3, 1))
    assert [derived.mrs_at_most(dead, k) for k in (1, 2, 3)] == [False, False, False]
    assert derived.mrs_at_most(case_with(mrs_90d=1), 1) is True
    assert derived.mrs_at_most(case_with(), 3) is None


def test_mrs_6_with_a_death_date_after_the_horizon_goes_by_the_date():
    """Rule 2: the date wins; validation warns (tests/domain/test_validation.py)."""
    late = case_with(mrs_90d=6, death_date=date(2025, 5, 1))  # 111 days after 2025-01-10
    assert derived.mortality_90d(late) is False
    assert derived.late_death_with_mrs_6(late) is True
    assert derived.mortality_90d(case_with(mrs_90d=6)) is True


def test_good_outcome_follows_settings():
    case = case_with(mrs_90d=3)
    assert derived.good_outcome(case) is False
    assert derived.good_outcome(case, RegistrySettings(good_outcome_max_mrs=3)) is True


def test_circulation_from_site():
    assert derived.circulation(case_with(occlusion_site="BA")) == "posterior"
    assert derived.circulation(case_with(occlusion_site="M1")) == "anterior"


def test_completeness_counts_required_and_recommended(make_case):
    full = make_case()
    assert derived.completeness(full) == 1.0
    full.values["sex"] = None
    assert 0.9 < derived.completeness(full) < 1.0


def test_death_without_mrs_is_not_a_good_outcome():
    assert derived.good_outcome(case_with(death_date=date(2025, 2, 1))) is False
    assert derived.good_outcome(case_with(death_date=date(2025, 8, 1))) is None
