"""Reading dates from text without guessing: 03/04/2025 needs a declared order of day and month."""
from __future__ import annotations

import re
from datetime import date, datetime, time

DATE_ORDERS = ("dmy", "mdy", "ymd")
ORDER_NAMES = {"dmy": "day/month/year", "mdy": "month/day/year", "ymd": "year/month/day"}
NUMERIC = re.compile(r"^(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})$")
WORDED = ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%d-%b-%Y", "%Y%m%d")
TIME_PART = re.compile(r"^(.+?)(?:\s+|T)(\d{1,2}:\d{2}(?::\d{2})?)$")


class DateProblem(ValueError):
    """Why a text is not a date, in words that follow "'<text>' "."""


def read_date(text: str, order: str | None = None) -> date:
    """The date a text names: ISO, year first, month names, or day and month in `order`;
    DateProblem when it is not a date or day and month could be either way round."""
    text = text.strip()
    numeric = NUMERIC.match(text)
    if numeric:
        first, _, second, third = numeric.groups()
        return _numeric(first, second, third, order)
    for fmt in WORDED:
        try:
            return datetime.strptime(text.replace(",", ""), fmt).date()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise DateProblem("is not a date (use YYYY-MM-DD)") from None


def read_datetime(text: str, order: str | None = None) -> datetime:
    """A date (as read_date) followed by a time of day HH:MM[:SS], seconds dropped."""
    found = TIME_PART.match(text.strip())
    if not found:
        try:
            return datetime.fromisoformat(text.strip()).replace(second=0, microsecond=0,
                                                                tzinfo=None)
        except ValueError:
            raise DateProblem("is not a date and time (use YYYY-MM-DD HH:MM)") from None
    day, clock = read_date(found.group(1), order), found.group(2)
    try:
        moment = datetime.strptime(clock, "%H:%M:%S" if clock.count(":") == 2 else "%H:%M")
    except ValueError:
        raise DateProblem("has a time of day that does not exist (use HH:MM)") from None
    return datetime.combine(day, time(moment.hour, moment.minute))


def _numeric(first: str, second: str, third: str, order: str | None) -> date:
    if len(first) == 4:  # 2025-04-03, 2025/04/03: the year first is never day first
        return _make(int(first), int(second), int(third))
    if len(first) > 2 or len(third) not in (2, 4):
        raise DateProblem("is not a date (use YYYY-MM-DD)")
    if len(third) == 2:
        return _two_digit_year(first, second, third, order)
    a, b, year = int(first), int(second), int(third)
    if a > 12 and b > 12:
        raise DateProblem("is not a date (use YYYY-MM-DD)")
    if order == "dmy" or (order != "mdy" and a > 12 >= b):
        return _make(year, b, a, order)
    if order == "mdy" or (b > 12 >= a):
        return _make(year, a, b, order)
    if a == b:
        return _make(year, a, b)
    raise DateProblem(f"could be {_words(year, b, a)} or {_words(year, a, b)}; write it as"
                      " YYYY-MM-DD (an import can instead declare its order of day and month)")


def _two_digit_year(first: str, second: str, third: str, order: str | None) -> date:
    if order is None:
        raise DateProblem("has a two-digit year and no declared order of day, month and year;"
                          " write it as YYYY-MM-DD or choose the date order for the import")
    fmt = {"dmy": "%d/%m/%y", "mdy": "%m/%d/%y", "ymd": "%y/%m/%d"}[order]
    try:
        return datetime.strptime(f"{first}/{second}/{third}", fmt).date()
    except ValueError:
        raise DateProblem(f"is not a date in the order {ORDER_NAMES[order]}") from None


def _make(year: int, month: int, day: int, order: str | None = None) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        where = f" in the order {ORDER_NAMES[order]}" if order else ""
        raise DateProblem(f"is not a date{where} (use YYYY-MM-DD)") from None


def _words(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).strftime("%-d %B %Y")
    except ValueError:  # pragma: no cover - both readings exist when this is asked
        return f"{year}-{month:02d}-{day:02d}"
