"""The statistics' sections from one SQL pass over the stored derived columns (registry scale)."""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from ...domain.derived import followup_status, followup_window
from ...domain.settings import RegistrySettings
from ...storage.summary_tables import SICH_DEFINITION_CODES
from ...stats import period_key, periods_between, rate
from ...stats.descriptive import median_iqr_of_counts
from ...stats.trend import PERIODS, Period
from . import scan as stats_sql
from ..cases.queries import CaseFilter
from .cases import StatCase, as_case
from .metrics import (ARM_LABELS, ARM_NAMES, OUTCOME_METRICS,
                      TREND_METRICS, maturity_days, rate_from_tally)
from .sections import period_of_days
from .scan import FALSE, PENDING, TRUE, UNKNOWN, DayGroups, ValueCounts

ALL = "all_mt"
ARM_ROWS = ("rescue_stent", "no_stent", "stent_not_recorded", None)
"""Arm of a group: one of the two failed-MT arms, or None (MT not failed or not known)."""
RECANALIZED = (False, True, None)
"""Recanalization of each digit (FALSE, TRUE, UNKNOWN)."""
DUE_STATUSES = ("done", "deceased")
"""Follow-up statuses that count as complete (and as due, whatever the date)."""
STATUSES = (*stats_sql.SETTLED, "not_yet_due", "in_window", "overdue")
"""Follow-up statuses: the stored ones (date-independent), then those that depend on today."""
COMPLETE = [STATUSES.index(s) for s in DUE_STATUSES]


WIDTH = 5
"""Columns of a metric's per-group counts: events, non-events, unknown (mature cases), then
not yet due and provisional events (cases whose cohort is not mature on the as-of date)."""


def _immature(groups: DayGroups, wait: int | None, as_of: date) -> np.ndarray:
    """Per group: whether its cases wait for a later as-of date (cohort not mature): a day
    counts once day + wait has passed; undated groups never mature; wait None = always."""
    if wait is None:
        return np.zeros(len(groups.days), dtype=bool)
    last = as_of - timedelta(days=wait)
    return np.array([day is None or day > last for day in groups.days], dtype=bool)


def per_day_from(settings: RegistrySettings, as_of: date) -> date:
    """The first day of the month from which the summary is read day by day: every case
    operated before it is mature on the as-of date for every metric, and its follow-up, if
    still open, is overdue on that date, so those days may be summed by month."""
    waits = [w for m in stats_sql.CODED if (w := maturity_days(m, settings)) is not None]
    mature_until = as_of - timedelta(days=max(waits, default=0))
    return min(mature_until, _last_overdue_day(settings, as_of)).replace(day=1)


def _last_overdue_day(settings: RegistrySettings, as_of: date) -> date:
    """The latest procedure date whose open follow-up window has closed by the as-of date."""
    case = as_case(StatCase(0, {"procedure_date": as_of, "territory": "cerebral"}, []))
    window = followup_window(case, settings)
    assert window is not None  # a dated case always has its window
    return as_of - (window.closes - as_of) - timedelta(days=1)


def _with_maturity(counts: np.ndarray, waiting: np.ndarray) -> np.ndarray:
    """[events, false, unknown] per group -> WIDTH columns, immature groups moved to pending."""
    out = np.zeros((len(counts), WIDTH), dtype=np.int64)
    out[:, :3] = np.where(waiting[:, None], 0, counts)
    out[:, 3] = np.where(waiting, counts.sum(axis=1), 0)
    out[:, 4] = np.where(waiting, counts[:, 0], 0)
    return out


def tallies(groups: DayGroups, settings: RegistrySettings, as_of: date) -> dict[str, np.ndarray]:
    """metric -> (groups, WIDTH) counts of every counted metric on the as-of date."""
    waiting: dict[int | None, np.ndarray] = {}  # one mask per maturity wait, not per metric
    for metric in groups.digits:
        wait = maturity_days(metric, settings)
        if wait not in waiting:
            waiting[wait] = _immature(groups, wait, as_of)
    none = waiting.get(None, np.zeros(len(groups.n), dtype=bool))
    out = {m: _with_maturity(d[:, [TRUE, FALSE, UNKNOWN]], waiting[maturity_days(m, settings)])
           for m, d in groups.digits.items()}
    arm, n = np.array(groups.arms, dtype=object), groups.n
    failed = np.array([f is not None for f in groups.failed], dtype=bool)
    with_arm = arm != None  # noqa: E711 (element-wise)
    out["mt_failure"] = _with_maturity(np.stack([np.where(with_arm, n, 0),
                                                 np.where(~with_arm & failed, n, 0),
                                                 np.where(~with_arm & ~failed, n, 0)], axis=1),
                                       none)
    out["rescue_stent_share"] = _with_maturity(
        np.stack([np.where(arm == "rescue_stent", n, 0), np.where(arm == "no_stent", n, 0),
                  np.where(arm == "stent_not_recorded", n, 0)], axis=1), none)
    return out


class AggregateCounts:
    """Tallies per arm and CUSUM series from one SQL pass (same interface as FactCounts)."""

    def __init__(self, session, where: list, groups: DayGroups, settings: RegistrySettings,
                 as_of: date) -> None:
        self.session, self.where, self.groups = session, where, groups
        self.settings, self.as_of = settings, as_of
        self.per_group = tallies(groups, settings, as_of)
        arms = np.array(groups.arms, dtype=object)
        self.masks = {ALL: np.ones(len(arms), dtype=bool), "failed_mt": arms != None,  # noqa: E711
                      **{a: arms == a for a in ARM_NAMES if a != ALL}}
        self.sums: dict[tuple, list[int]] = {}

    def n(self, arm: str) -> int:
        return int(self.groups.n[self.masks[arm]].sum())

    def _sum(self, arm: str, metric: str) -> list[int]:
        key = (arm, metric)
        if key not in self.sums:
            self.sums[key] = self.per_group[metric][self.masks[arm]].sum(axis=0).tolist()
        return self.sums[key]

    def tally(self, arm: str, metric: str) -> tuple[int, int, int]:
        events, false, unknown = self._sum(arm, metric)[:3]
        return events, events + false, unknown

    def full_tally(self, arm: str, metric: str) -> tuple[int, int, int, int, int]:
        """(events, known, unknown, not yet due, provisional events)."""
        events, false, unknown, waiting, provisional = self._sum(arm, metric)
        return events, events + false, unknown, waiting, provisional

    def series(self, arm: str, metric: str) -> list[tuple]:
        return stats_sql.ordered_outcomes(self.session, self.where, arm, metric,
                                          _last_mature_day(metric, self.settings, self.as_of))


def _last_mature_day(metric: str, settings: RegistrySettings, as_of: date) -> date | None:
    """The latest procedure date whose cases count for the metric (None: every date)."""
    wait = maturity_days(metric, settings)
    return None if wait is None else as_of - timedelta(days=wait)


def _rates(counts: AggregateCounts, arm: str, metrics, with_bounds: bool = False) -> dict:
    return {m: rate_from_tally(m, *counts.full_tally(arm, m), with_bounds=with_bounds)
            for m in metrics}


def arms_section(counts: AggregateCounts) -> dict:
    """As stats_sections.arms_section."""
    return {arm: {"n": counts.n(arm), "label": ARM_LABELS[arm],
                  **_rates(counts, arm, OUTCOME_METRICS, with_bounds=True)}
            for arm in ARM_NAMES}


def procedure_section(counts: AggregateCounts) -> dict:
    codes = ("mt_failure", "first_pass_effect", "modified_first_pass_effect", "rescue_stent_share")
    return _rates(counts, ALL, codes)


def _spread(found: ValueCounts) -> dict:
    return median_iqr_of_counts(found.values, found.counts).to_dict()


def times_section(groups: DayGroups, total: int, intervals) -> dict:
    out = {}
    for code, label, _, _ in intervals:
        spread = _spread(groups.values[code])
        out[code] = {"label": label, "unit": "minutes", **spread, "missing": total - spread["n"]}
    return out


def passes_section(groups: DayGroups, total: int) -> dict:
    found = groups.values["pass_count"]
    spread = _spread(found)
    order = np.argsort(found.values)
    shares = {str(int(k)): int(n) for k, n in zip(found.values[order], found.counts[order])}
    return {**spread, "unknown": total - spread["n"], "distribution": shares}


def _open_followup(groups: DayGroups, settings: RegistrySettings, as_of: date):
    """Per group: status of a follow-up still open (domain.derived, from the procedure date
    alone for cerebral cases) and whether its window has opened."""
    by_day = {}
    for day in set(groups.days):
        case = StatCase(0, {"procedure_date": day, "territory": "cerebral"}, [])
        window = followup_window(as_case(case), settings)
        by_day[day] = (STATUSES.index(followup_status(as_case(case), as_of, settings)),
                       window is not None and window.opens <= as_of)
    pending = np.array([by_day[day][0] for day in groups.days], dtype=np.int64)
    opened = np.array([by_day[day][1] for day in groups.days], dtype=bool)
    return pending, opened


def followup_rows(groups: DayGroups, settings: RegistrySettings, as_of: date) -> list[tuple]:
    """(arm, recanalized, status, due, cases) rows on the as-of date; due = window opened or
    outcome known."""
    pending, opened = _open_followup(groups, settings, as_of)
    status = np.tile(np.arange(PENDING + 1), (len(pending), 1))  # group x follow-up digit
    status[:, PENDING] = pending
    due = opened[:, None] | np.isin(status, COMPLETE)
    arm = np.array([ARM_ROWS.index(a) for a in groups.arms], dtype=np.int64)
    recan = np.arange(3)[None, :, None]
    key = ((arm[:, None, None] * 3 + recan) * len(STATUSES) + status[:, None, :]) * 2 \
        + due[:, None, :]
    shape = (len(ARM_ROWS), 3, len(STATUSES), 2)
    counts = np.bincount(key.ravel(), weights=groups.followup.ravel(), minlength=np.prod(shape))
    return [(ARM_ROWS[a], RECANALIZED[r], STATUSES[s], bool(d), int(counts[i]))
            for i in np.flatnonzero(counts) for a, r, s, d in [np.unravel_index(i, shape)]]


def _followup_group(rows: list[tuple]) -> dict:
    cases = sum(r[-1] for r in rows)
    due = [r for r in rows if r[3]]
    complete = sum(r[-1] for r in due if r[2] in DUE_STATUSES)
    missing: dict[str, int] = {}
    for row in due:
        if row[2] not in DUE_STATUSES:
            missing[row[2]] = missing.get(row[2], 0) + row[-1]
    n_due = sum(r[-1] for r in due)
    return {"cases": cases, "due": n_due, "complete": complete, "missing": n_due - complete,
            "not_yet_due": cases - n_due, "completeness": rate(complete, n_due).to_dict(),
            "missing_by_status": dict(sorted(missing.items()))}


def followup_section(rows: list[tuple], settings: RegistrySettings) -> dict:
    """As stats_sections.followup_section; rows are (arm, recanalized, status, due, n)."""
    by_recan = {name: [r for r in rows if r[1] is value]
                for name, value in (("recanalized", True), ("not_recanalized", False),
                                    ("unknown", None))}
    return {
        "window": {"days": settings.followup_days, "plus_minus": settings.followup_window_days},
        "overall": _followup_group(rows),
        "arms": {arm: _followup_group([r for r in rows if arm == ALL or r[0] == arm])
                 for arm in ARM_NAMES},
        "by_recanalization": {k: _followup_group(v) for k, v in by_recan.items()},
        "note": ("Loss to follow-up is usually higher after failed recanalization, which biases"
                 " outcome rates; see the best/worst-case bounds beside each outcome rate."),
    }


def _trend_rows(counts: AggregateCounts, inside: list[int], start: date, end: date,
                by: Period) -> list[dict]:
    keys = periods_between(start, end, by)
    index = {key: i for i, key in enumerate(keys)}
    days = counts.groups.days
    of_day = {day: index[period_key(day, by)] for day in {days[g] for g in inside} if day is not None}
    period = np.array([of_day[day] for g in inside if (day := days[g]) is not None], dtype=np.int64)
    per_group = np.column_stack([counts.groups.n[inside],
                                 *(counts.per_group[m][inside] for m in TREND_METRICS)])
    sums = np.zeros((len(keys), per_group.shape[1]), dtype=np.int64)
    np.add.at(sums, period, per_group)
    cases, tallies = sums[:, 0].tolist(), sums[:, 1:].reshape(len(keys), -1, WIDTH).tolist()
    rows = []
    for key, n, metric_tallies in zip(keys, cases, tallies):
        rates = {m: rate_from_tally(m, e, e + f, u, w, p)
                 for m, (e, f, u, w, p) in zip(TREND_METRICS, metric_tallies)}
        rows.append({"period": key, "cases": n, **rates})
    return rows


def trend_section(counts: AggregateCounts, total: int, flt: CaseFilter, by: str) -> dict:
    """As stats_sections.trend_section, from the per-day groups."""
    days = counts.groups.days
    dated = [g for g, day in enumerate(days) if day is not None]
    start = flt.date_from or (days[dated[0]] if dated else None)
    end = flt.date_to or (days[dated[-1]] if dated else None)
    undated = total - int(counts.groups.n[dated].sum())
    result = {"by": by, "undated_cases": undated, "month": [], "quarter": []}
    if start is None or end is None or start > end:
        return result
    inside = [g for g in dated if (day := days[g]) is not None and start <= day <= end]
    for granularity in PERIODS:
        result[granularity] = _trend_rows(counts, inside, start, end, granularity)
    return result


def period_section(groups: DayGroups, flt: CaseFilter) -> dict:
    """As sections.period_section, from the per-day groups."""
    return period_of_days(groups.days + (groups.last_days or []), flt)


def sich_definition_counts(groups: DayGroups) -> dict[str, int]:
    """sICH definition code ('' = not recorded) -> cases with a known sICH, from the summary
    or scan values (see storage.summary_tables.sich_definition_number)."""
    known = groups.values["sich_definition"]
    numbers, counts = known.values, known.counts
    codes = {i: code for i, code in enumerate(SICH_DEFINITION_CODES)}
    found: dict[str, int] = {}
    for number, n in zip(numbers.tolist(), counts.tolist()):
        code = codes.get(number, "")
        found[code] = found.get(code, 0) + n
    return found
