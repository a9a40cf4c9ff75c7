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
