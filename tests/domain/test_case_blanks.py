"""A case starts with every field blank, from blanks made once: no case shares them with another."""
from registry_app.domain.case import Case
from registry_app.domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS


def test_a_new_case_has_every_field_blank_and_keeps_what_it_was_given():
    case = Case(values={"age": 70}, passes=[{"pass_number": 1}], identity={"mrn": "X1"},
                contacts=[{"method": "phone"}])
    assert set(case.values) == {f.code for f in CASE_FIELDS}
    assert case.values["age"] == 70 and case.values["nihss_admission"] is None
    assert set(case.identity) == {f.code for f in IDENTITY_FIELDS} and case.identity["mrn"] == "X1"
    assert set(case.passes[0]) == {f.code for f in PASS_FIELDS}
    assert case.passes[0]["pass_number"] == 1
    assert set(case.contacts[0]) == {f.code for f in CONTACT_FIELDS}
    assert case.contacts[0]["method"] == "phone"


def test_writing_into_one_case_leaves_every_other_case_blank():
    first = Case(passes=[{}], contacts=[{}])
    first.values["age"] = 81
    first.identity["mrn"] = "M-9"
    first.passes[0]["device"] = "aspiration"
    first.contacts[0]["reached"] = True
    second = Case(passes=[{}], contacts=[{}])
    assert second.values["age"] is None and second.identity["mrn"] is None
    assert second.passes[0]["device"] is None and second.contacts[0]["reached"] is None
    assert first.values is not second.values and first.passes[0] is not second.passes[0]
