"""Text limits from the field definitions: a too-long case number is a plain validation error."""

import pytest

from registry_app.domain.errors import ValueProblem
from registry_app.domain.fields import field_def
from registry_app.domain.validation import check_field
from registry_app.services.registry import MAX_USER_LENGTH, checked_user, open_registry


def test_case_number_longer_than_its_column_is_an_error_naming_the_field():
    fd = field_def("case_number")
    issues = check_field(fd, "X" * 65)
    assert [i.field for i in issues] == ["case_number"]
    assert "Case number: is 65 characters long; at most 64" in issues[0].message


def test_case_number_of_exactly_the_limit_is_accepted():
    assert check_field(field_def("case_number"), "X" * 64) == []


def test_long_user_name_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(ValueProblem, match="User name: is 65 characters long"):
        open_registry(str(tmp_path / "r.sqlite3"), user="u" * (MAX_USER_LENGTH + 1))
    assert not (tmp_path / "r.sqlite3").exists()


def test_blank_user_name_is_refused_and_names_are_trimmed():
    with pytest.raises(ValueProblem, match="User name: is empty"):
        checked_user("   ")
    assert checked_user("  dr who ") == "dr who"


# Every free-text field has a documented maximum #################################

from registry_app.domain.case import Case  # noqa: E402
from registry_app.domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS  # noqa: E402
from registry_app.domain.validation import validate_case  # noqa: E402
from registry_app.services.interchange.dictionary import dictionary_entries  # noqa: E402

EXCEL_CELL_LIMIT = 32_767


def test_every_text_field_has_a_limit_below_the_excel_cell_limit():
    texts = [f for f in CASE_FIELDS + IDENTITY_FIELDS + PASS_FIELDS + CONTACT_FIELDS
             if f.kind == "text"]
    assert texts and all(f.max_length and f.max_length < EXCEL_CELL_LIMIT for f in texts)
    assert field_def("notes").max_length == 10_000
    assert field_def("operator").max_length == 200


def test_the_dictionary_shows_the_limit():
    notes = next(e for e in dictionary_entries() if e["code"] == "notes")
    assert notes["allowed"] == "text, at most 10,000 characters"


def test_over_long_notes_are_an_error_naming_the_field_and_the_limit():
    case = Case(values={"case_number": "T-1", "notes": "x" * 10_001},
                identity={"patient_name": "n" * 201},
                contacts=[{"note": "c" * 2_001}])
    messages = {i.message for i in validate_case(case) if i.is_error}
    assert "Notes: is 10,001 characters long; at most 10,000 are allowed." in messages
    assert "Patient name: is 201 characters long; at most 200 are allowed." in messages
    assert "Contact 1: Note: is 2,001 characters long; at most 2,000 are allowed." in messages
