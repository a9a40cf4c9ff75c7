"""Reading values from text and cells: coded values, dates in several formats, clear errors."""
from datetime import date, datetime

import pytest

from registry_app.domain.errors import ValueProblem
from registry_app.domain.fields import field_def
from registry_app.domain.values import format_value, parse_value


@pytest.mark.parametrize("raw,expected", [
    ("Yes", True), ("Y", True), ("1", True), (1, True), ("no", False), ("N", False), (0, False),
    ("", None), ("unknown", None), (None, None),
])
def test_yes_no(raw, expected):
    assert parse_value(field_def("ivt"), raw) is expected


@pytest.mark.parametrize("raw", ["2024-03-05", "2024/03/05", "20240305", datetime(2024, 3, 5, 10, 0),
                                 "5 Mar 2024", "5 March 2024", "March 5, 2024"])
def test_dates_in_several_formats(raw):
    assert parse_value(field_def("procedure_date"), raw) == date(2024, 3, 5)


@pytest.mark.parametrize("raw,order,expected", [
    ("05/03/2024", "dmy", date(2024, 3, 5)), ("05.03.2024", "dmy", date(2024, 3, 5)),
    ("05/03/2024", "mdy", date(2024, 5, 3)), ("05-03-24", "dmy", date(2024, 3, 5)),
    ("24/03/05", "ymd", date(2024, 3, 5)), ("13/04/2025", None, date(2025, 4, 13)),
    ("04/13/2025", None, date(2025, 4, 13)), ("03/03/2025", None, date(2025, 3, 3)),
])
def test_day_and_month_are_read_in_the_declared_order_or_when_only_one_reading_exists(
        raw, order, expected):
    assert parse_value(field_def("procedure_date"), raw, order) == expected


def test_an_ambiguous_date_without_a_declared_order_is_a_problem_not_a_guess():
    with pytest.raises(ValueProblem, match="Procedure date: '03/04/2025' could be 3 April 2025 or"
                                           " 4 March 2025; write it as YYYY-MM-DD \\(an import can"):
        parse_value(field_def("procedure_date"), "03/04/2025")
    with pytest.raises(ValueProblem, match="two-digit year"):
        parse_value(field_def("procedure_date"), "13/04/25")
    with pytest.raises(ValueProblem, match="not a date in the order day/month/year"):
        parse_value(field_def("procedure_date"), "04/13/2025", "dmy")
    with pytest.raises(ValueProblem, match="could be"):
        parse_value(field_def("door_time"), "03/04/2025 10:30")
    assert parse_value(field_def("door_time"), "03/04/2025 10:30", "mdy") == datetime(2025, 3, 4, 10, 30)


@pytest.mark.parametrize("raw", [45293, 45293.5, 12])
def test_a_number_is_never_read_as_a_count_of_days_since_1900(raw):
    with pytest.raises(ValueProblem, match="Procedure date: '.*' is a number, not a date"):
        parse_value(field_def("procedure_date"), raw)


def test_datetime_needs_time():
    fd = field_def("door_time")
    assert parse_value(fd, "2024-03-05 10:07") == datetime(2024, 3, 5, 10, 7)
    with pytest.raises(ValueProblem, match="Arrival \\(door\\): .* has no time of day"):
        parse_value(fd, date(2024, 3, 5))


@pytest.mark.parametrize("raw,expected", [("M1", "M1"), ("m1", "M1"), ("Basilar artery", "BA")])
def test_choice_by_code_or_label(raw, expected):
    assert parse_value(field_def("occlusion_site"), raw) == expected


@pytest.mark.parametrize("raw,expected", [("TICI 2b67", "2b67"), ("eTICI 3", "3"), (3, "3"), (0.0, "0")])
def test_grade_spellings(raw, expected):
    assert parse_value(field_def("final_reperfusion"), raw) == expected


def test_none_is_a_code_not_missing_for_complications():
    assert parse_value(field_def("procedural_complications"), "none") == ("none",)
    assert parse_value(field_def("procedural_complications"), "sah; dissection") == ("dissection", "sah")


@pytest.mark.parametrize("raw", ["twelve", "12.5", True])
def test_text_in_number_column(raw):
    with pytest.raises(ValueProblem) as err:
        parse_value(field_def("nihss_admission"), raw)
    assert err.value.message.startswith("NIHSS on admission:") and "whole number" in err.value.message


def test_unknown_code_names_allowed_values():
    with pytest.raises(ValueProblem, match="Sex: 'X' is not one of the allowed values \\(M, F\\)"):
        parse_value(field_def("sex"), "X")


@pytest.mark.parametrize("code,value", [
    ("ivt", True), ("procedure_date", date(2024, 1, 2)), ("door_time", datetime(2024, 1, 2, 3, 4)),
    ("procedural_complications", ("dissection", "sah")), ("nihss_admission", 7), ("notes", "a, b"),
])
def test_format_then_parse_round_trip(code, value):
    fd = field_def(code)
    assert parse_value(fd, format_value(fd, value)) == value
