"""Bare times follow the procedure date and cross midnight only where their order says so."""
from __future__ import annotations

from datetime import date, datetime, time

from registry_app.domain.clock_times import place_times, read_clock

DAY = date(2025, 3, 12)


def test_bare_times_go_on_the_procedure_date():
    placed = place_times(DAY, [("door_time", time(9, 0)), ("puncture_time", time(10, 5))])
    assert placed == {"door_time": datetime(2025, 3, 12, 9, 0),
                      "puncture_time": datetime(2025, 3, 12, 10, 5)}


def test_midnight_is_crossed_only_where_the_order_says_so():
    placed = place_times(DAY, [("onset_time", time(22, 0)), ("puncture_time", time(23, 50)),
                               ("reperfusion_time", time(0, 20)), ("end_time", time(0, 45))])
    assert placed["onset_time"] == datetime(2025, 3, 12, 22, 0)
    assert placed["reperfusion_time"] == datetime(2025, 3, 13, 0, 20)
    assert placed["end_time"] == datetime(2025, 3, 13, 0, 45)
    before = place_times(DAY, [("onset_time", time(23, 0)), ("puncture_time", time(1, 30))])
    assert before["onset_time"] == datetime(2025, 3, 11, 23, 0)


def test_a_long_step_back_is_left_out_of_order_not_moved_a_day():
    placed = place_times(DAY, [("puncture_time", time(10, 0)), ("reperfusion_time", time(9, 0))])
    assert placed["reperfusion_time"] == datetime(2025, 3, 12, 9, 0)  # shown as a problem


def test_full_date_times_stay_as_typed():
    full = datetime(2025, 3, 11, 8, 0)
    placed = place_times(DAY, [("door_time", full), ("puncture_time", time(9, 0))])
    assert placed["door_time"] == full
    assert read_clock("9:05") == time(9, 5) and read_clock("2025-03-12") is None
