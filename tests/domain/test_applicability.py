"""Branching rules on the field definitions and the values the passes table gives."""
from __future__ import annotations

from registry_app.domain.applicability import applicable, condition_text, with_pass_summary
from registry_app.domain.case import new_case
from registry_app.domain.fields import field_def
from registry_app.domain.validation import validate_case


def test_branching_fields_apply_only_after_their_answer():
    case = new_case(ivt=True, rescue_stent=False)
    assert applicable(field_def("ivt_agent"), case)
    assert applicable(field_def("no_stent_reason"), case)
    assert not applicable(field_def("rescue_reason"), case)
    assert not applicable(field_def("sich_definition"), case)
    assert condition_text(field_def("sich_definition")) == "only when Symptomatic ICH is Yes"


def test_a_rule_on_a_field_of_another_territory_is_ignored():
    limb = new_case(territory="limb")
    assert applicable(field_def("stent_device"), limb)  # rescue_stent is cerebral only
    assert not applicable(field_def("stent_device"), new_case())


def test_no_missing_warning_for_a_hidden_field():
    case = new_case(case_number="A", procedure_date=None, territory="coronary",
                    stent_delivered=True)
    assert not any(i.field == "stent_failure_reason" for i in validate_case(case))
    case.values["stent_delivered"] = False
    assert any(i.field == "stent_failure_reason" and "missing" in i.message
               for i in validate_case(case))


def test_pass_summary_is_taken_from_the_passes():
    from datetime import datetime
    case = new_case(mt_passes=5, reperfusion_after_mt="3")
    case.passes = [{"reperfusion_grade": "1", "pass_time": datetime(2025, 1, 1, 9, 0)},
                   {"reperfusion_grade": "2a", "pass_time": datetime(2025, 1, 1, 9, 20)}]
    summary = with_pass_summary(case).values
    assert (summary["mt_passes"], summary["reperfusion_after_mt"]) == (2, "2a")
    assert summary["first_pass_time"] == datetime(2025, 1, 1, 9, 0)
