"""Times typed as HH:MM belong to the procedure date; they cross midnight only where their
order says so (a puncture at 23:50 and reperfusion at 00:20 is the next day)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

CHAIN = ("onset_time", "door_time", "imaging_time", "puncture_time", "first_pass_time",
         "reperfusion_time", "end_time")
"""The order times follow in a procedure; pass times stand in for the first pass when recorded."""
ANCHOR = "puncture_time"
"""The procedure date is the day of the groin puncture."""
MAX_GAP = timedelta(hours=12)
"""A step across midnight longer than this is not assumed: it is shown as times out of order."""
LONGER_GAPS = {"onset_time": timedelta(hours=24)}

Typed = datetime | time | None


def place_times(day: date, chain: list[tuple[str, Typed]]) -> dict[str, datetime]:
    """The date-time of every entry of `chain` (in procedure order): full date-times stay as
    typed; a bare time goes on the puncture's day (the procedure date), or on the day after
    (or before) when it comes after (or before) its neighbour across midnight."""
    known = [(key, value) for key, value in chain if value is not None]
    if not known:
        return {}
    at = next((i for i, (key, _) in enumerate(known) if key == ANCHOR), 0)
    key, value = known[at]
    placed = {key: value if isinstance(value, datetime) else datetime.combine(day, value)}
    previous = placed[key]
    for key, value in known[at + 1:]:
        placed[key] = previous = _after(previous, value) if isinstance(value, time) else value
    following = placed[known[at][0]]
    for key, value in reversed(known[:at]):
        limit = LONGER_GAPS.get(key, MAX_GAP)
        placed[key] = following = (_before(following, value, limit) if isinstance(value, time)
                                   else value)
    return placed


def clocks_in_place(day: date, chain: list[tuple[str, datetime | None]]) -> set[str]:
    """The keys of `chain` whose stored date-time is exactly where its time of day alone would
    be placed on `day` (see ``place_times``): those can be shown as HH:MM and follow the
    procedure date when it changes; the others keep their full date."""
    stored = {key: value for key, value in chain if value is not None}
    order = list(stored)
    clocks = {key for key, value in stored.items() if _whole_minute(value)}
    anchor = order.index(ANCHOR) if ANCHOR in order else 0
    while clocks:
        placed = place_times(day, [(key, value.time() if key in clocks else value)
                                   for key, value in stored.items()])
        misplaced = [key for key in clocks if placed[key] != stored[key]]
        if not misplaced:
            break  # times are placed outwards from the puncture: the nearest is the cause
        clocks.discard(min(misplaced, key=lambda key: abs(order.index(key) - anchor)))
    return clocks


def _whole_minute(value: datetime) -> bool:
    return value.second == 0 and value.microsecond == 0 and value.tzinfo is None


def _after(previous: datetime, clock: time) -> datetime:
    same = datetime.combine(previous.date(), clock)
    next_day = same + timedelta(days=1)
    return next_day if same < previous and next_day - previous <= MAX_GAP else same


def _before(following: datetime, clock: time, limit: timedelta) -> datetime:
    same = datetime.combine(following.date(), clock)
    day_before = same - timedelta(days=1)
    return day_before if same > following and following - day_before <= limit else same


def read_clock(text: str) -> time | None:
    """'9:05', '09:05' or '0905' as a time of day; None for anything else."""
    text = text.strip()
    if len(text) == 4 and text.isdigit():
        text = f"{text[:2]}:{text[2:]}"
    parts = text.split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[1]) != 2:
        return None
    hour, minute = int(parts[0]), int(parts[1])
    return time(hour, minute) if 0 <= hour < 24 and 0 <= minute < 60 else None
