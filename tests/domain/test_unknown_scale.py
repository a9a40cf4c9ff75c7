"""A reperfusion scale outside the vocabulary (an old registry, a value written by hand in the
database) is reported as a wrong value; it no longer stops validation with a KeyError."""
from datetime import date

from registry_app.domain.case import new_case
from registry_app.domain.validation import validate_case


def test_an_unknown_scale_is_one_error_and_its_grades_are_still_compared():
    case = new_case(case_number="X1", procedure_date=date(2026, 1, 1), reperfusion_scale="TICI",
                    reperfusion_after_mt="3", final_reperfusion="2b")
    case.passes = [{"pass_number": 1, "reperfusion_grade": "3"}]
    issues = validate_case(case, today=date(2026, 12, 6))
    texts = [(i.field, i.message) for i in issues]
    assert ("reperfusion_scale", "Reperfusion scale: 'TICI' is not an allowed value (eTICI,"
            " mTICI).") in texts
    assert not any("does not exist on the" in message for _, message in texts)
    assert ("final_reperfusion", "Final reperfusion: (2b) is worse than after the last pass"
            " (3).") in texts


def test_a_known_scale_still_checks_each_grade_against_it():
    case = new_case(case_number="X2", procedure_date=date(2026, 1, 1), reperfusion_scale="mTICI",
                    final_reperfusion="2b67")
    case.passes = [{"pass_number": 1, "reperfusion_grade": "2b50"}]
    texts = [i.message for i in validate_case(case, today=date(2026, 12, 6))]
    assert "Final reperfusion: grade 2b67 does not exist on the mTICI scale (allowed: 0, 1, 2a," \
           " 2b, 2c, 3)." in texts
    assert "Pass 1: grade 2b50 does not exist on the mTICI scale (allowed: 0, 1, 2a, 2b, 2c," \
           " 3)." in texts
