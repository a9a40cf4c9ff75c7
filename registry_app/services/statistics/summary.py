"""The statistics' day groups read from the summary the database keeps (no scan of the cases)."""
from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta

import numpy as np
from sqlalchemy import func, select

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


def day_groups(session, flt: CaseFilter) -> DayGroups | None:
    """The day groups of compute_stats from the summary; None when it cannot answer."""
    if not answers(flt) or not summary_kept(session):
        return None
    rows = _day_rows(session, flt)
    counts = np.array([r[3:] for r in rows], dtype=np.int64).reshape(
        len(rows), len(summary.COUNT_COLUMNS))  # column 0 is n, the cases of the group
    digits, followup = _digit_counts(counts)
    days = [date.fromisoformat(r[0]) if r[0] != summary.UNDATED else None for r in rows]
    failed = [RECORDED[r[1]] for r in rows]
    arms = [arm_of(f, RECORDED[r[2]]) for f, r in zip(failed, rows)]
    return DayGroups(days, failed, arms, counts[:, 0].copy(), digits, followup,
                     _values(session, flt))


def _day_rows(session, flt: CaseFilter) -> list:
    """Rows with cases, by date (undated last): day, failed, stent, then COUNT_COLUMNS."""
    table = summary.stats_days
    stmt = select(table.c.day, table.c.failed, table.c.stent,
                  *(table.c[name] for name in summary.COUNT_COLUMNS)).where(table.c.n != 0)
    if flt.date_from or flt.date_to:
        stmt = stmt.where(table.c.day != summary.UNDATED)
    if flt.date_from:
        stmt = stmt.where(table.c.day >= flt.date_from.isoformat())
    if flt.date_to:
        stmt = stmt.where(table.c.day <= flt.date_to.isoformat())
    rows = session.execute(stmt.order_by(table.c.day, table.c.failed, table.c.stent)).all()
    return [r for r in rows if r[0] != summary.UNDATED] + \
        [r for r in rows if r[0] == summary.UNDATED]


def _digit_counts(counts: np.ndarray) -> tuple[dict, np.ndarray]:
    """Split the COUNT_COLUMNS block: per-metric digit counts and the follow-up counts."""
    width = len(summary.METRICS) * summary.DIGITS
    digits = counts[:, 1:1 + width].reshape(len(counts), len(summary.METRICS), summary.DIGITS)
    followup = counts[:, 1 + width:].reshape(len(counts), summary.DIGITS, summary.PENDING + 1)
    return {m: digits[:, i, :] for i, m in enumerate(summary.METRICS)}, followup


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
