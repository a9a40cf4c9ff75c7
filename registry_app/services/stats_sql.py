"""SQL aggregates of the stored derived columns: the statistics without loading cases."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from sqlalchemy import Integer, and_, case, cast, func, literal, or_, select

from ..stats.descriptive import Spread
from ..storage.schema import INTERVAL_CODES, cases_table
from .queries import CaseFilter, _conditions

C = cases_table.c
Tally = tuple[int, int, int]
"""(events, known, unknown) of one metric."""


def _flag(column):
    """(events, known) aggregates of a stored yes/no column; unknown = cases - known."""
    return func.sum(cast(column, Integer)), func.count(column)


def _mrs_at_most(limit: int):
    return func.sum(cast(C.mrs_90d <= limit, Integer)), func.count(C.mrs_90d)


OUTCOMES = {
    "recanalization": _flag(C.recanalized), "good_outcome_90d": _flag(C.good_outcome_90d),
    "excellent_outcome_90d": _mrs_at_most(1), "favourable_outcome_90d": _mrs_at_most(3),
    "sich": _flag(C.sich), "mortality_90d": _flag(C.mortality_90d),
    "reocclusion": _flag(C.reocclusion), "first_pass_effect": _flag(C.first_pass_effect),
    "modified_first_pass_effect": _flag(C.modified_first_pass_effect),
}
"""SQL of each metric of stats_metrics.METRIC_VALUES (same definitions, stored values)."""
VALUE_OF = {
    "recanalization": C.recanalized, "good_outcome_90d": C.good_outcome_90d,
    "excellent_outcome_90d": C.mrs_90d <= 1, "favourable_outcome_90d": C.mrs_90d <= 3,
    "sich": C.sich, "mortality_90d": C.mortality_90d, "reocclusion": C.reocclusion,
    "first_pass_effect": C.first_pass_effect,
    "modified_first_pass_effect": C.modified_first_pass_effect,
}
STENT = C.rescue_stent.is_(True)


def _sums(metrics) -> list:
    return [agg for m in metrics for agg in OUTCOMES[m]]


def _tallies(row, metrics, start: int, n: int) -> dict[str, list[int]]:
    """{metric: [events, non-events, unknown]} from (events, known) pairs of a row."""
    found = {}
    for i, metric in enumerate(metrics):
        events, known = row[start + 2 * i] or 0, row[start + 2 * i + 1]
        found[metric] = [events, known - events, n - known]
    return found


@dataclass
class Group:
    """Cases of one MT-failure status and stent decision: count and per-metric counts."""

    n: int = 0
    counts: dict[str, list[int]] = field(default_factory=dict)

    def add(self, other: "Group") -> None:
        self.n += other.n
        for metric, values in other.counts.items():
            mine = self.counts.setdefault(metric, [0, 0, 0])
            for i, value in enumerate(values):
                mine[i] += value


def arm_of(failed, stent) -> str | None:
    """As stats_metrics.arm_of: failed MT splits by rescue stent (not recorded = no stent)."""
    if failed is not True and failed != 1:
        return None
    return "rescue_stent" if stent else "no_stent"


def with_failure(group: Group, failed, arm: str | None) -> Group:
    """Add the MT-failure and rescue-stent-share counts (as stats_metrics.failure_values)."""
    failure = [group.n, 0, 0] if arm else ([0, group.n, 0] if failed is not None else [0, 0, group.n])
    share = [0, 0, 0] if arm is None else ([group.n, 0, 0] if arm == "rescue_stent" else [0, group.n, 0])
    group.counts.update(mt_failure=failure, rescue_stent_share=share)
    return group


def arm_groups(days) -> dict[str | None, Group]:
    """Counts of every metric per arm (None = MT not failed or unknown)."""
    groups: dict[str | None, Group] = {}
    for _, by_arm in days:
        for arm, group in by_arm.items():
            groups.setdefault(arm, Group()).add(group)
    return groups


def day_groups(session, where: list) -> list[tuple[date | None, dict]]:
    """Counts of every metric per procedure date and arm, oldest first (undated last)."""
    stmt = (select(C.procedure_date, C.mt_failed, STENT, func.count(), *_sums(OUTCOMES))
            .where(*where).group_by(C.procedure_date, C.mt_failed, STENT))
    days: dict = {}
    for row in session.execute(stmt):
        arm = arm_of(row[1], row[2])
        group = with_failure(Group(row[3], _tallies(row, OUTCOMES, 4, row[3])), row[1], arm)
        days.setdefault(row[0], {}).setdefault(arm, Group()).add(group)
    return sorted(days.items(), key=lambda item: (item[0] is None, item[0] or date.min))


def status_sql(today: date):
    """Follow-up status (domain.derived.followup_status) from the stored window and state."""
    return case((C.followup_settled.is_not(None), C.followup_settled),
                (literal(today) < C.followup_opens, "not_yet_due"),
                (literal(today) <= C.followup_closes, "in_window"), else_="overdue")


def followup_groups(session, where: list, today: date) -> list[tuple]:
    """(arm, recanalized, status, due, count) rows; due = window opened or outcome known."""
    status = status_sql(today)
    due = or_(and_(C.followup_opens.is_not(None), C.followup_opens <= today),
              C.followup_settled.in_(("done", "deceased")))
    stmt = (select(C.mt_failed, STENT, C.recanalized, status, due, func.count())
            .where(*where).group_by(C.mt_failed, STENT, C.recanalized, status, due))
    return [(arm_of(r[0], r[1]), r[2], r[3], bool(r[4]), r[5]) for r in session.execute(stmt)]


HISTOGRAMS = (*INTERVAL_CODES, "pass_count")


def histograms(session, where: list) -> dict[str, dict]:
    """{column: {value: count}} of the intervals and the pass count (None = missing)."""
    columns = [getattr(C, name) for name in HISTOGRAMS]
    rows = session.execute(select(*columns).where(*where)).all()
    return {name: Counter(values) for name, values in zip(HISTOGRAMS, zip(*rows))} if rows \
        else {name: {} for name in HISTOGRAMS}


def spread(counts: dict) -> Spread:
    """stats.median_iqr of the values these counts stand for (same NumPy percentiles)."""
    known = sorted((v, n) for v, n in counts.items() if v is not None)
    if not known:
        return Spread(0, None, None, None)
    data = np.repeat(np.array([float(v) for v, _ in known]), [n for _, n in known])
    q1, med, q3 = np.percentile(data, [25, 50, 75], method="linear")
    return Spread(len(data), float(med), float(q1), float(q3))


def ordered_outcomes(session, where: list, arm: str, metric: str) -> list[tuple]:
    """(id, date, outcome) of one arm's dated cases in procedure order, for the CUSUM."""
    failed = C.mt_failed.is_(True)
    arm_cond = {"all_mt": True, "rescue_stent": and_(failed, STENT),
                "no_stent": and_(failed, ~STENT)}[arm]
    value = VALUE_OF[metric]
    stmt = (select(C.id, C.procedure_date, value).where(*where, arm_cond,
                                                        C.procedure_date.is_not(None))
            .order_by(C.procedure_date.asc(), C.id.asc()))
    return [(i, day, None if v is None else bool(v)) for i, day, v in session.execute(stmt)]


def where_clause(flt: CaseFilter, today: date, window_days: int) -> list:
    return _conditions(flt, today, window_days)
