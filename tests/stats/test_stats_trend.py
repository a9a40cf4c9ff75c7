"""Tests for registry_app.stats.trend: period labels and gap-free period lists."""

import datetime as dt

import pytest

from registry_app.stats.trend import period_key, periods_between


@pytest.mark.parametrize("day, by, key", [
    (dt.date(2024, 3, 15), "month", "2024-03"),
    (dt.date(2024, 3, 15), "quarter", "2024-Q1"),
    (dt.date(2024, 4, 1), "quarter", "2024-Q2"),
    (dt.date(2024, 9, 30), "quarter", "2024-Q3"),
    (dt.date(2024, 12, 31), "quarter", "2024-Q4"),
    (dt.date(2024, 12, 31), "month", "2024-12"),
    (dt.datetime(2023, 1, 1, 23, 59), "month", "2023-01"),
])
def test_period_key(day, by, key):
    assert period_key(day, by) == key


def test_months_across_new_year_include_empty_months():
    assert periods_between(dt.date(2023, 11, 20), dt.date(2024, 2, 3), "month") == [
        "2023-11", "2023-12", "2024-01", "2024-02"]


def test_quarters_across_years():
    assert periods_between(dt.date(2023, 8, 1), dt.date(2024, 5, 1), "quarter") == [
        "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2"]


def test_same_period_and_full_years():
    assert periods_between(dt.date(2024, 5, 2), dt.date(2024, 5, 30), "month") == ["2024-05"]
    two_years = periods_between(dt.date(2022, 1, 1), dt.date(2023, 12, 31), "month")
    assert len(two_years) == 24 and len(set(two_years)) == 24


def test_every_date_lands_in_listed_period():
    start, end = dt.date(2023, 2, 14), dt.date(2024, 7, 9)
    for by in ("month", "quarter"):
        listed = periods_between(start, end, by)
        keys = {period_key(start + dt.timedelta(days=i), by) for i in range((end - start).days + 1)}
        assert keys == set(listed) and listed == sorted(listed)


def test_bad_arguments():
    with pytest.raises(ValueError, match="month"):
        period_key(dt.date(2024, 1, 1), "week")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="after"):
        periods_between(dt.date(2024, 2, 1), dt.date(2024, 1, 1), "month")
