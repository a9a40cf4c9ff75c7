"""Calendar periods (month or quarter) for trend tables without gaps."""

from __future__ import annotations

import datetime
from typing import Literal

Period = Literal["month", "quarter"]
PERIODS: tuple[Period, ...] = ("month", "quarter")
"""Both trend granularities, month first."""


def period_index(d: datetime.date, by: Period) -> tuple[int, int]:
    """(year, month 1-12) or (year, quarter 1-4) containing d."""
    if by == "month":
        return d.year, d.month
    if by == "quarter":
        return d.year, (d.month - 1) // 3 + 1
    raise ValueError(f"by must be 'month' or 'quarter' (got {by!r})")


def format_period(year: int, part: int, by: Period) -> str:
    """'2024-03' for months, '2024-Q1' for quarters."""
    return f"{year:04d}-{part:02d}" if by == "month" else f"{year:04d}-Q{part}"


def period_key(d: datetime.date, by: Period) -> str:
    """Label of the month ('2024-03') or quarter ('2024-Q1') containing d."""
    return format_period(*period_index(d, by), by)


def periods_between(start: datetime.date, end: datetime.date, by: Period) -> list[str]:
    """Every period label from start's period to end's period inclusive, empty ones too."""
    if start > end:
        raise ValueError(f"start ({start}) is after end ({end})")
    per_year = 12 if by == "month" else 4
    (y0, p0), (y1, p1) = period_index(start, by), period_index(end, by)
    first, last = y0 * per_year + p0 - 1, y1 * per_year + p1 - 1
    return [format_period(i // per_year, i % per_year + 1, by) for i in range(first, last + 1)]
