"""Limb and coronary cases: their own fields, failure definitions and validation rules."""
from datetime import date

import pytest

from registry_app.domain import derived
from registry_app.domain.case import Case
from registry_app.domain.fields import CASE_FIELDS, section_fields
from registry_app.domain.validation import errors, validate_case

TODAY = date(2025, 6, 30)


def limb(**values):
    base = dict(case_number="L-1", territory="limb", procedure_date=date(2025, 1, 10),
                limb_segment="popliteal", rutherford_class="IIb", flow_scale="TIMI")
    return Case(values={**base, **values})


def coronary(**values):
    base = dict(case_number="K-1", territory="coronary", procedure_date=date(2025, 1, 10),
                target_vessel="RCA")
    return Case(values={**base, **values})


def test_cerebral_sections_show_no_limb_or_coronary_fields():
    codes = {f.code for s in ("presentation", "thrombectomy", "rescue", "outcome")
             for f in section_fields(s, "cerebral")}
    assert not codes & {"rutherford_class", "target_vessel", "limb_salvage_30d", "timi_final"}
    assert "nihss_admission" in codes


def test_limb_sections_hide_stroke_scales():
    codes = {f.code for f in CASE_FIELDS if f.applies_to("limb")}
    assert {"rutherford_class", "flow_after_mt", "fasciotomy"} <= codes
    assert not codes & {"nihss_admission", "aspects", "mrs_90d", "rescue_stent", "sich"}


@pytest.mark.parametrize("flow,failed", [("0", True), ("1", True), ("2", False), ("3", False), (None, None)])
def test_limb_failure_is_flow_0_1(flow, failed):
    assert derived.mt_failed(limb(flow_after_mt=flow)) is failed


def test_limb_failure_from_last_attempt():
    case = limb()
    case.passes = [{"pass_number": 1, "flow_grade": "0"}, {"pass_number": 2, "flow_grade": "3"}]
    assert derived.mt_failed(case) is False


@pytest.mark.parametrize("delivered,failed", [(True, False), (False, True), (None, None)])
def test_coronary_failure_is_stent_not_delivered(delivered, failed):
    assert derived.mt_failed(coronary(stent_delivered=delivered)) is failed


def test_technical_success_per_territory():
    assert derived.technical_success(limb(flow_final="2")) is True
    assert derived.technical_success(coronary(stent_delivered=False, reattempt=True,
                                              reattempt_success=True, timi_final="3")) is True
    assert derived.technical_success(coronary(stent_delivered=True, timi_final="2")) is False


@pytest.mark.parametrize("values,expected", [
    (dict(stent_delivered=False, reattempt=False), False),          # never delivered, no flow needed
    (dict(stent_delivered=False, reattempt=True, reattempt_success=False), False),
    (dict(stent_delivered=False), None),                           # re-attempt not recorded
    (dict(stent_delivered=True), None),                            # final TIMI missing
    (dict(stent_delivered=False, reattempt=True, reattempt_success=True, timi_final="2"), False),
])
def test_coronary_technical_success_when_the_stent_never_arrived(values, expected):
    assert derived.technical_success(coronary(**values)) is expected


def test_limb_amputation_contradicts_salvage():
    found = errors(validate_case(limb(major_amputation_30d=True, limb_salvage_30d=True), today=TODAY))
    assert any(i.field == "limb_salvage_30d" and "after a major amputation" in i.message for i in found)


def test_limb_adjunct_none_cannot_combine():
    found = errors(validate_case(limb(adjunctive_therapy=("stent", "none")), today=TODAY))
    assert any(i.field == "adjunctive_therapy" for i in found)


def test_coronary_reattempt_fields_need_reattempt():
    found = errors(validate_case(coronary(stent_delivered=False, reattempt=False,
                                          reattempt_date=date(2025, 2, 1)), today=TODAY))
    assert any(i.field == "reattempt_date" and "no re-attempt" in i.message for i in found)


def test_coronary_failure_reason_only_when_failed():
    found = errors(validate_case(coronary(stent_delivered=True, stent_failure_reason="tortuosity"),
                                 today=TODAY))
    assert any(i.field == "stent_failure_reason" for i in found)


def test_other_territory_field_is_flagged_on_cerebral_case():
    case = Case(values=dict(case_number="C", territory="cerebral", procedure_date=date(2025, 1, 1),
                            rutherford_class="IIa"))
    assert any(i.field == "rutherford_class" and "does not apply" in i.message
               for i in validate_case(case, today=TODAY))


def test_coronary_follow_up_is_at_30_days():
    window = derived.followup_window(coronary())
    assert window.due == date(2025, 2, 9)
    assert derived.followup_status(coronary(mi_30d=False), TODAY) == "done"
    assert derived.followup_status(limb(limb_salvage_30d=True), TODAY) == "overdue"


@pytest.mark.parametrize("territory", ["cerebral", "limb", "coronary", "venous?", ""])
def test_the_fields_checked_per_territory_are_those_that_apply_to_it(territory):
    """validation.territory_checks, worked out once per territory, says for every case field
    what applies_to says (an unknown territory text is worked out each time, never kept)."""
    from registry_app.domain import validation
    checks = validation.territory_checks(territory)
    assert [(fd.code, applies) for fd, _, _, applies, _ in checks] == [
        (fd.code, fd.applies_to(territory)) for fd in CASE_FIELDS]
    assert [missing for *_, missing in checks] == [
        "".join(i.message for i in validation.check_field(fd, None, territory)) for fd in CASE_FIELDS]
    assert validation.territory_checks(territory) == checks
    assert (territory in validation._TERRITORY_CHECKS) == (territory in ("cerebral", "limb",
                                                                         "coronary"))


def test_a_field_of_another_territory_is_flagged_on_each_territory():
    cerebral_only = next(fd for fd in CASE_FIELDS if fd.territories == ("cerebral",)
                         or set(fd.territories) == {"cerebral"})
    for make in (limb, coronary):
        case = make(**{cerebral_only.code: _some_value(cerebral_only)})
        assert any(i.field == cerebral_only.code and "does not apply" in i.message
                   for i in validate_case(case, today=TODAY))


def _some_value(fd):
    return fd.codes[0] if fd.kind == "choice" else {"int": 1, "float": 1.0, "yesno": True}.get(
        fd.kind, "x")
