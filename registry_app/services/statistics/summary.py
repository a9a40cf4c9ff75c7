"""The statistics' day groups read from the summary the database keeps (no scan of the cases)."""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import fields
from datetime import date, timedelta
from functools import cache

import numpy as np
from sqlalchemy import Engine, func, or_, select

from ...storage import summary_tables as summary
from ...storage.stats_summary import summary_kept
from ..cases.case_filter import CaseFilter
from .scan import DayGroups, ValueCounts, arm_of

RECORDED = {0: False, 1: True, summary.NOT_RECORDED: None}
"""stats_days.failed / .stent back to the stored yes/no value (None = not recorded)."""
DATES_ONLY = {"date_from", "date_to", "territory"}
"""The filter fields the summary can answer (the territory must be cerebral)."""


def _last_of_month(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def answers(flt: CaseFilter) -> bool:
    """Whether the summary holds this selection: cerebral cases, whole months (or all time)."""
    others = [f.name for f in fields(flt) if f.name not in DATES_ONLY
              and getattr(flt, f.name) != f.default]
    return (flt.territory == "cerebral" and not others
            and (flt.date_from is None or flt.date_from.day == 1)
            and (flt.date_to is None or _last_of_month(flt.date_to)))


def day_groups(session, flt: CaseFilter, months_before: date | None = None) -> DayGroups | None:
    """The day groups of compute_stats from the summary; None when it cannot answer.

    Days before `months_before` are summed by month (one group per month and arm); the
    caller vouches that every case operated then counts the same way on any of its days."""
    if not answers(flt) or not summary_kept(session):
        return None
    months_before = _months_summed_before(flt, months_before)
    values = _values_meanwhile(session, flt) if months_before else _done(_values(session, flt))
    rows = _day_rows(session, flt, months_before)
    counts = np.array([r[4:] for r in rows], dtype=np.int64).reshape(
        len(rows), len(summary.COUNT_COLUMNS))  # column 0 is n, the cases of the group
    digits, followup = _digit_counts(counts)
    failed = [RECORDED[r[2]] for r in rows]
    arms = [arm_of(f, RECORDED[r[3]]) for f, r in zip(failed, rows)]
    return DayGroups([_day(r[0]) for r in rows], failed, arms, counts[:, 0].copy(), digits,
                     followup, values.result(), [_day(r[1]) for r in rows])


def _day(text: str) -> date | None:
    return None if text == summary.UNDATED else date.fromisoformat(text)


def _months_summed_before(flt: CaseFilter, months_before: date | None) -> date | None:
    """months_before, or None when the selection starts after it (nothing to sum)."""
    if months_before is not None and flt.date_from is not None and flt.date_from >= months_before:
        return None
    return months_before


def _day_rows(session, flt: CaseFilter, months_before: date | None) -> list[tuple]:
    """Rows with cases, by date (undated last): first day, last day, failed, stent, then
    COUNT_COLUMNS; one row per day from `months_before` on, one per month before it."""
    rows: list[tuple] = []
    if months_before is None or flt.date_to is None or flt.date_to >= months_before:
        rows += [(r[0], *r) for r in session.execute(_daily(flt, months_before))]
    if months_before is not None:
        rows += [tuple(r) for r in session.execute(_monthly(flt, months_before))]
    return sorted(rows, key=lambda r: (r[0] == summary.UNDATED, r[0], r[2], r[3]))


KEYS = (summary.stats_days.c.failed, summary.stats_days.c.stent)
COUNTS = [summary.stats_days.c[name] for name in summary.COUNT_COLUMNS]


def _daily(flt: CaseFilter, months_before: date | None):
    """SELECT of the summary rows of each day (from `months_before` on, and undated)."""
    day = summary.stats_days.c.day
    stmt = select(day, *KEYS, *COUNTS).where(*_conditions(flt))
    if months_before is not None:
        stmt = stmt.where(or_(day >= months_before.isoformat(), day == summary.UNDATED))
    return stmt


def _monthly(flt: CaseFilter, months_before: date):
    """SELECT of the summary rows summed by month before `months_before`."""
    day = summary.stats_days.c.day
    return (select(func.min(day), func.max(day), *KEYS, *(func.sum(c) for c in COUNTS))
            .where(*_conditions(flt), day != summary.UNDATED, day < months_before.isoformat())
            .group_by(func.substr(day, 1, 7), *KEYS))


def _conditions(flt: CaseFilter) -> list:
    return [summary.stats_days.c.n != 0, *_date_conditions(flt)]


def _date_conditions(flt: CaseFilter) -> list:
    table, found = summary.stats_days, []
    if flt.date_from or flt.date_to:
        found.append(table.c.day != summary.UNDATED)
    if flt.date_from:
        found.append(table.c.day >= flt.date_from.isoformat())
    if flt.date_to:
        found.append(table.c.day <= flt.date_to.isoformat())
    return found


def _digit_counts(counts: np.ndarray) -> tuple[dict, np.ndarray]:
    """Split the COUNT_COLUMNS block: per-metric digit counts and the follow-up counts."""
    width = len(summary.METRICS) * summary.DIGITS
    digits = counts[:, 1:1 + width].reshape(len(counts), len(summary.METRICS), summary.DIGITS)
    followup = counts[:, 1 + width:].reshape(len(counts), summary.DIGITS, summary.PENDING + 1)
    return {m: digits[:, i, :] for i, m in enumerate(summary.METRICS)}, followup


def _values_meanwhile(session, flt: CaseFilter) -> Future:
    """_values, read on a second connection while the caller reads the days (PostgreSQL,
    where each statement sees its own snapshot anyway; for long selections, whose value
    counts take longer than opening a connection); read at once on other databases."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql" or not isinstance(bind, Engine):
        return _done(_values(session, flt))
    return _reader().submit(_values_on, bind, flt)


def _done(values: dict[str, ValueCounts]) -> Future:
    done: Future = Future()
    done.set_result(values)
    return done


@cache
def _reader() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="registry-stats-values")


def _values_on(engine: Engine, flt: CaseFilter) -> dict[str, ValueCounts]:
    with engine.connect() as connection:
        return _values(connection, flt)


def _values(session, flt: CaseFilter) -> dict[str, ValueCounts]:
    """measure -> the values among the selected cases with how many cases have each."""
    table = summary.stats_values
    total = func.sum(table.c.n)
    stmt = select(table.c.measure, table.c.value, total)
    if flt.date_from or flt.date_to:
        stmt = stmt.where(table.c.month != summary.UNDATED)
    if flt.date_from:
        stmt = stmt.where(table.c.month >= flt.date_from.isoformat()[:7])
    if flt.date_to:
        stmt = stmt.where(table.c.month <= flt.date_to.isoformat()[:7])
    rows = session.execute(stmt.group_by(table.c.measure, table.c.value).having(total != 0)).all()
    found: dict[str, list] = {m: [] for m in summary.MEASURES}
    for measure, value, n in rows:
        found[measure].append((value, n))
    return {m: ValueCounts.of_pairs(pairs) for m, pairs in found.items()}
