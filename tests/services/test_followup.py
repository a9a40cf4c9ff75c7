"""The follow-up worklist: which cases are due, their contact attempts, loss to follow-up."""
from datetime import date, datetime

import pytest

from registry_app.domain import derived
from registry_app.domain.errors import ValidationFailed
from registry_app.services.cases import editing as cases, followup
from registry_app.services.cases.queries import CaseFilter

PENDING = dict(mrs_90d=None, followup_date=None, followup_method=None)
# TODAY in conftest is 2025-06-30; 90 ± 14 days after the procedure.


def add(registry, make_case, number, procedure, **values):
    case = make_case(number, **{**PENDING, "procedure_date": procedure, **values})
    for key in ("onset_time", "door_time", "imaging_time", "puncture_time", "first_pass_time",
                "reperfusion_time", "end_time", "discharge_date"):
        case.values[key] = None
    case.passes = [dict(p, pass_time=None) for p in case.passes]
    return cases.create_case(registry, case).case_id


@pytest.fixture
def worklist_cases(registry, make_case):
    return {
        "overdue": add(registry, make_case, "C-OVER", date(2025, 1, 10)),   # due 2025-04-10
        "in_window": add(registry, make_case, "C-WIN", date(2025, 4, 5)),   # due 2025-07-04
        "later": add(registry, make_case, "C-LATER", date(2025, 6, 1)),     # due 2025-08-30
        "done": add(registry, make_case, "C-DONE", date(2025, 1, 12), mrs_90d=1),
        "lost": add(registry, make_case, "C-LOST", date(2025, 1, 15), lost_to_followup="moved"),
        "died": add(registry, make_case, "C-DIED", date(2025, 1, 20), death_date=date(2025, 2, 1)),
    }


def test_views_hold_the_right_cases(registry, worklist_cases):
    ids = {view: followup.worklist_ids(registry, view) for view in followup.WORKLIST_VIEWS}
    w = worklist_cases
    assert ids["today"] == [w["in_window"], w["overdue"], w["lost"]]   # a day's work in order
    assert ids["due"] == [w["in_window"], w["overdue"]]
    assert ids["overdue"] == [w["overdue"]]
    assert ids["in_window"] == [w["in_window"]]
    assert ids["lost"] == [w["lost"]]
    assert ids["not_yet_due"] == [w["later"]]
    assert followup.worklist_counts(registry) == {"today": 3, "due": 2, "in_window": 1, "overdue": 1,
                                                  "lost": 1, "not_yet_due": 1}


def test_status_agrees_with_the_domain_rule(registry, worklist_cases):
    rows = followup.worklist_rows(registry, list(worklist_cases.values()))
    settings, today = registry.settings(), registry.today()
    for key in ("overdue", "in_window", "later", "lost"):
        case = cases.get_case(registry, worklist_cases[key])
        expected = derived.followup_status(case, today, settings)
        assert rows[worklist_cases[key]].status == expected


def test_row_has_due_date_window_and_days_overdue(registry, worklist_cases):
    item = followup.worklist(registry, "overdue")[0]
    assert item.case_number == "C-OVER"
    assert (item.due, item.opens, item.closes) == (date(2025, 4, 10), date(2025, 3, 27),
                                                   date(2025, 4, 24))
    assert item.days_from_due == 81 and item.days_overdue == 67
    assert item.attempts == 0 and item.last_attempt is None


def test_logging_an_attempt_counts_it_and_audits_it(registry, worklist_cases):
    case_id = worklist_cases["overdue"]
    followup.log_contact_attempt(registry, case_id, datetime(2025, 6, 2, 10, 0), "phone", False,
                                 "no answer")
    followup.log_contact_attempt(registry, case_id, datetime(2025, 6, 20, 9, 30), "phone", True,
                                 "  daughter called back  ")
    item = followup.worklist_rows(registry, [case_id])[case_id]
    assert item.attempts == 2
    assert item.last_attempt == datetime(2025, 6, 20, 9, 30) and item.last_reached is True
    history = followup.contact_history(registry, case_id)
    assert [c["note"] for c in history] == ["no answer", "daughter called back"]
    assert len([h for h in cases.case_history(registry, case_id) if h["action"] == "update"]) >= 2


def test_attempt_in_the_future_is_refused_with_the_field_named(registry, worklist_cases):
    with pytest.raises(ValidationFailed, match="Attempted at: is in the future"):
        followup.log_contact_attempt(registry, worklist_cases["overdue"],
                                     datetime(2025, 7, 5, 9, 0), "phone", False)
    assert followup.contact_history(registry, worklist_cases["overdue"]) == []


def test_attempt_with_unknown_method_is_refused(registry, worklist_cases):
    with pytest.raises(ValidationFailed, match="Method: 'pigeon' is not an allowed value"):
        followup.log_contact_attempt(registry, worklist_cases["overdue"],
                                     datetime(2025, 6, 1, 9, 0), "pigeon", False)


def test_mark_lost_moves_the_case_to_the_lost_view(registry, worklist_cases):
    case_id = worklist_cases["overdue"]
    followup.mark_lost(registry, case_id, "unreachable")
    assert case_id in followup.worklist_ids(registry, "lost")
    assert case_id not in followup.worklist_ids(registry, "due")
    assert followup.worklist_rows(registry, [case_id])[case_id].lost_reason == "unreachable"
    followup.clear_lost(registry, case_id)
    assert case_id in followup.worklist_ids(registry, "overdue")


def test_mark_lost_needs_a_known_reason(registry, worklist_cases):
    with pytest.raises(ValidationFailed, match="Lost to follow-up: 'abducted' is not an allowed"):
        followup.mark_lost(registry, worklist_cases["overdue"], "abducted")


def test_filter_and_paging(registry, worklist_cases):
    only_jan = CaseFilter(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31))
    assert followup.worklist_ids(registry, "due", only_jan) == [worklist_cases["overdue"]]
    page = followup.worklist(registry, "due", offset=1, limit=1)
    assert [item.case_number for item in page] == ["C-OVER"]
    with pytest.raises(ValueError, match="Worklist view: 'soon'"):
        followup.worklist_ids(registry, "soon")


def test_in_window_cases_come_by_the_window_ending_soonest_then_overdue_then_lost(
        registry, make_case):
    """Today 2025-06-30, window ±14 days: what can still be done today comes first."""
    made = {name: add(registry, make_case, name, day) for name, day in (
        ("OVER-OLD", date(2025, 1, 5)), ("WIN-LATE", date(2025, 4, 12)),
        ("OVER-NEW", date(2025, 3, 10)), ("WIN-SOON", date(2025, 3, 20)))}
    made["LOST"] = add(registry, make_case, "LOST", date(2025, 2, 1), lost_to_followup="moved")
    order = [item.case_number for item in followup.worklist(registry)]
    assert order == ["WIN-SOON", "WIN-LATE", "OVER-OLD", "OVER-NEW", "LOST"]


def test_record_outcome_stores_what_the_call_told(registry, worklist_cases):
    case_id = worklist_cases["overdue"]
    followup.record_outcome(registry, case_id, 6, date(2025, 6, 29), "phone",
                            death_date=date(2025, 3, 2))
    values = cases.get_case(registry, case_id).values
    assert (values["mrs_90d"], values["followup_date"], values["followup_method"],
            values["death_date"]) == (6, date(2025, 6, 29), "phone", date(2025, 3, 2))
    assert case_id not in followup.worklist_ids(registry, "today")


def test_record_outcome_is_validated(registry, worklist_cases):
    with pytest.raises(ValidationFailed):
        followup.record_outcome(registry, worklist_cases["overdue"], 7, date(2025, 6, 29), "phone")
