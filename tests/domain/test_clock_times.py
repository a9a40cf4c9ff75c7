"""Bare times follow the procedure date and cross midnight only where their order says so."""
from __future__ import annotations

from datetime import date, datetime, time

from registry_app.domain.clock_times import clocks_in_place, place_times, read_clock

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


def test_stored_times_where_the_rule_puts_them_can_follow_the_date():
    chain = [("door_time", datetime(2025, 3, 11, 23, 40)),
             ("puncture_time", datetime(2025, 3, 12, 0, 15)),
             ("reperfusion_time", datetime(2025, 3, 12, 0, 50)), ("end_time", None)]
    assert clocks_in_place(DAY, chain) == {"door_time", "puncture_time", "reperfusion_time"}


def test_stored_times_away_from_the_rule_keep_their_date():
    chain = [("onset_time", datetime(2025, 3, 9, 7, 0)),  # three days before: typed in full
             ("puncture_time", datetime(2025, 3, 13, 1, 0)),  # not on the procedure date
             ("reperfusion_time", datetime(2025, 3, 13, 1, 30)),
             ("end_time", datetime(2025, 3, 13, 1, 45, 30))]  # seconds would be lost
    assert clocks_in_place(DAY, chain) == {"reperfusion_time"}
