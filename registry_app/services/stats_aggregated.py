"""The statistics' sections from SQL aggregates of the stored derived columns (registry scale)."""
from __future__ import annotations

from collections import Counter
from datetime import date

from ..domain.settings import RegistrySettings
from ..stats import period_key, periods_between, rate
from . import stats_sql
from .queries import CaseFilter
from .stats_metrics import (ARM_LABELS, ARM_NAMES, OUTCOME_METRICS, TREND_METRICS,
                            rate_from_tally)
from .stats_sections import _iso

ALL = "all_mt"


class SqlCounts:
    """Tallies per arm and CUSUM series, answered by SQL (same interface as FactCounts)."""

    def __init__(self, session, where: list, days) -> None:
        self.session, self.where = session, where
        self.groups = stats_sql.arm_groups(days)
        self.total = stats_sql.Group()
        for group in self.groups.values():
            self.total.add(group)

    def group(self, arm: str) -> stats_sql.Group:
        return self.total if arm == ALL else self.groups.get(arm, stats_sql.Group())

    def tally(self, arm: str, metric: str) -> tuple[int, int, int]:
        events, false, unknown = self.group(arm).counts.get(metric, [0, 0, 0])
        return events, events + false, unknown

    def series(self, arm: str, metric: str) -> list[tuple]:
        return stats_sql.ordered_outcomes(self.session, self.where, arm, metric)


def _rates(counts, arm: str, metrics, with_bounds: bool = False) -> dict:
    return {m: rate_from_tally(m, *counts.tally(arm, m), with_bounds=with_bounds) for m in metrics}


def arms_section(counts: SqlCounts) -> dict:
    """As stats_sections.arms_section."""
    return {arm: {"n": counts.group(arm).n, "label": ARM_LABELS[arm],
                  **_rates(counts, arm, OUTCOME_METRICS, with_bounds=True)}
            for arm in ARM_NAMES}


def procedure_section(counts: SqlCounts) -> dict:
    codes = ("mt_failure", "first_pass_effect", "modified_first_pass_effect", "rescue_stent_share")
    return _rates(counts, ALL, codes)


def times_section(hists: dict, total: int, intervals) -> dict:
    out = {}
    for code, label, _, _ in intervals:
        spread = stats_sql.spread(hists[code]).to_dict()
        out[code] = {"label": label, "unit": "minutes", **spread, "missing": total - spread["n"]}
    return out


def passes_section(counts: dict, total: int) -> dict:
    spread = stats_sql.spread(counts).to_dict()
    shares = {str(k): n for k, n in sorted((k, n) for k, n in counts.items() if k is not None)}
    return {**spread, "unknown": total - spread["n"], "distribution": shares}


def _followup_group(rows: list[tuple]) -> dict:
    cases = sum(r[-1] for r in rows)
    due = [r for r in rows if r[3]]
    complete = sum(r[-1] for r in due if r[2] in ("done", "deceased"))
    missing = Counter()
    for row in due:
        if row[2] not in ("done", "deceased"):
            missing[row[2]] += row[-1]
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


def _trend_rows(days, start: date, end: date, by: str) -> list[dict]:
    groups: dict[str, stats_sql.Group] = {}
    for day, by_arm in days:
        period = groups.setdefault(period_key(day, by), stats_sql.Group())
        for group in by_arm.values():
            period.add(group)
    rows = []
    for key in periods_between(start, end, by):
        group = groups.get(key, stats_sql.Group())
        tallies = {m: group.counts.get(m, [0, 0, 0]) for m in TREND_METRICS}
        rows.append({"period": key, "cases": group.n,
                     **{m: rate_from_tally(m, e, e + f, u) for m, (e, f, u) in tallies.items()}})
    return rows


def trend_section(days, total: int, flt: CaseFilter, by: str) -> dict:
    dated = [(day, group) for day, group in days if day is not None]
    start = flt.date_from or (dated[0][0] if dated else None)
    end = flt.date_to or (dated[-1][0] if dated else None)
    undated = total - sum(g.n for _, by_arm in dated for g in by_arm.values())
    result = {"by": by, "undated_cases": undated, "month": [], "quarter": []}
    if start is None or end is None or start > end:
        return result
    inside = [(day, group) for day, group in dated if start <= day <= end]
    for granularity in ("month", "quarter"):
        result[granularity] = _trend_rows(inside, start, end, granularity)
    return result


def period_section(days, flt: CaseFilter) -> dict:
    dated = [day for day, _ in days if day is not None]
    return {
        "from": _iso(flt.date_from), "to": _iso(flt.date_to),
        "first_case": _iso(min(dated)) if dated else None,
        "last_case": _iso(max(dated)) if dated else None,
        "filter": {"occlusion_sites": list(flt.occlusion_sites), "circulation": flt.circulation,
                   "operator": flt.operator, "territory": flt.territory or "cerebral"},
    }
