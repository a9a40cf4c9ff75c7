"""Periods the dashboard offers (month, quarter, year, custom, all) and their first and last days."""
from __future__ import annotations

from datetime import date, timedelta

from registry_app.stats import periods_between
from registry_app.stats.trend import Period

PERIOD_KINDS: tuple[tuple[str, str], ...] = (
    ("all", "All dates"), ("month", "Month"), ("quarter", "Quarter"), ("year", "Year"),
    ("custom", "Custom range"),
)


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def period_bounds(key: str) -> tuple[date, date]:
    """First and last day of '2025-03', '2025-Q1' or '2025'."""
    if "-Q" in key:
        year, quarter = int(key[:4]), int(key[-1])
        return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
    if "-" in key:
        year, month = int(key[:4]), int(key[5:7])
        return date(year, month, 1), _month_end(year, month)
    year = int(key)
    return date(year, 1, 1), date(year, 12, 31)


def period_keys(kind: str, first: date | None, last: date | None) -> list[str]:
    """The months, quarters or years from first to last, newest first."""
    if first is None or last is None or kind not in ("month", "quarter", "year"):
        return []
    if kind == "year":
        return [str(y) for y in range(last.year, first.year - 1, -1)]
    by: Period = "month" if kind == "month" else "quarter"
    return list(reversed(periods_between(first, last, by)))


def default_key(keys: list[str], today: date) -> str | None:
    """The most recent period that has ended (the one an audit looks at), else the newest."""
    for key in keys:
        if period_bounds(key)[1] < today:
            return key
    return keys[0] if keys else None


def period_label(key: str) -> str:
    """'March 2025', 'Q1 2025' or '2025'."""
    if "-Q" in key:
        return f"Q{key[-1]} {key[:4]}"
    if "-" in key:
        return period_bounds(key)[0].strftime("%B %Y")
    return key
