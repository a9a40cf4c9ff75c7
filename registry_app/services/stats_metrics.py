"""What each statistic counts: per-case metric values, arms and tallies (one place)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from datetime import date
from typing import Any, Callable, Iterable

from ..domain import derived
from ..domain.settings import RegistrySettings
from ..stats import missing_bounds, rate
from .stats_cases import StatCase

NA = "n/a"
"""Metric value of a case outside the metric's population (not counted at all)."""

OUTCOME_METRICS = ("recanalization", "good_outcome_90d", "sich", "mortality_90d")
"""The metrics reported per arm, with bounds for missing outcomes."""

ADVERSE_METRICS = frozenset({"sich", "mortality_90d", "mt_failure", "reocclusion"})
"""Metrics where a lower rate is better (decides which bound is the best case)."""

ARM_NAMES = ("rescue_stent", "no_stent", "all_mt")
ARM_LABELS = {"rescue_stent": "Rescue stent after failed MT",
              "no_stent": "Failed MT without rescue stent",
              "all_mt": "All thrombectomies"}

TREND_METRICS = ("mt_failure", "recanalization", "good_outcome_90d", "sich", "mortality_90d")
FOLLOWUP_COMPLETE = "followup_complete"

Value = Any  # True, False, None (unknown) or NA
MetricFn = Callable[[StatCase, RegistrySettings], Value]


def _mrs_at_most(limit: int) -> MetricFn:
    def value(case: StatCase, settings: RegistrySettings) -> bool | None:
        mrs = case.get("mrs_90d")
        return None if mrs is None else mrs <= limit
    return value


METRIC_VALUES: dict[str, MetricFn] = {
    "recanalization": lambda c, s: derived.recanalized(c),
    "good_outcome_90d": derived.good_outcome,
    "excellent_outcome_90d": _mrs_at_most(1),
    "favourable_outcome_90d": _mrs_at_most(3),
    "sich": lambda c, s: c.get("sich"),
    "mortality_90d": derived.mortality_90d,
    "reocclusion": lambda c, s: c.get("reocclusion"),
    "first_pass_effect": lambda c, s: derived.first_pass_effect(c),
    "modified_first_pass_effect": lambda c, s: derived.first_pass_effect(c, "2b"),
}
"""Per-case value of the metrics that need no MT-failure status (see failure_values)."""

FAILURE_METRICS = ("mt_failure", "rescue_stent_share")
COUNTED_METRICS = (*METRIC_VALUES, *FAILURE_METRICS)
"""Every metric the registry can count (codes as in the benchmark files)."""


@dataclass(slots=True)
class CaseFacts:
    """Everything the statistics need to know about one case, computed once."""

    id: int
    date: date | None
    arm: str | None
    values: dict[str, Value]
    passes: int | None
    times: dict[str, int | None]
    followup: str
    followup_due: bool

    def in_arm(self, arm: str) -> bool:
        return arm == "all_mt" or self.arm == arm


def failure_values(case: StatCase, failed: bool | None) -> dict[str, Value]:
    """MT failure, and among failed MT whether a rescue stent was placed (else not counted)."""
    share = NA if failed is not True else case.get("rescue_stent") is True
    return {"mt_failure": failed, "rescue_stent_share": share}


def arm_of(case: StatCase, failed: bool | None) -> str | None:
    """'rescue_stent' or 'no_stent' for failed MT (stent not recorded = no stent), else None."""
    if failed is not True:
        return None
    return "rescue_stent" if case.get("rescue_stent") is True else "no_stent"


def _followup(case: StatCase, settings: RegistrySettings, today: date) -> tuple[str, bool]:
    """Follow-up status and whether it is due: its window has opened, or the outcome is known."""
    status = derived.followup_status(case, today, settings)
    window = derived.followup_window(case, settings)
    opened = window is not None and window.opens <= today
    return status, opened or status in ("done", "deceased")


def case_facts(case: StatCase, settings: RegistrySettings, today: date) -> CaseFacts:
    failed = derived.mt_failed(case, settings)
    values = {code: fn(case, settings) for code, fn in METRIC_VALUES.items()}
    values.update(failure_values(case, failed))
    status, due = _followup(case, settings, today)
    values[FOLLOWUP_COMPLETE] = (status in ("done", "deceased")) if due else None
    return CaseFacts(case.id, case.get("procedure_date"), arm_of(case, failed), values,
                     derived.pass_count(case), derived.intervals(case), status, due)


def all_facts(cases: Iterable[StatCase], settings: RegistrySettings, today: date) -> list[CaseFacts]:
    return [case_facts(case, settings, today) for case in cases]


def members(facts: Iterable[CaseFacts], arm: str) -> list[CaseFacts]:
    if arm not in ARM_NAMES:
        raise ValueError(f"arm must be one of {', '.join(ARM_NAMES)}, not {arm!r}")
    return [f for f in facts if f.in_arm(arm)]


def tally(facts: Iterable[CaseFacts], metric: str) -> tuple[int, int, int]:
    """(events, known, unknown) of a metric; cases outside its population are skipped."""
    counts = Counter(map(itemgetter(metric), map(attrgetter("values"), facts)))
    events, unknown = counts[True], counts[None]
    return events, events + counts[False], unknown


def which_ids(facts: Iterable[CaseFacts], metric: str, which: str) -> list[int]:
    """Case ids behind a tally: 'events', 'known', 'unknown' or 'all' (the whole population)."""
    tests = {"events": lambda v: v is True, "known": lambda v: v is not None and v is not NA,
             "unknown": lambda v: v is None, "all": lambda v: v is not NA}
    if which not in tests:
        raise ValueError(f"which must be one of {', '.join(tests)}, not {which!r}")
    return [f.id for f in facts if tests[which](f.values[metric])]


def bounds(metric: str, events: int, known: int, unknown: int) -> dict | None:
    """Best/worst-case rates if every unknown outcome went one way; None when none is unknown."""
    if unknown == 0:
        return None
    low, high = missing_bounds(events, known, unknown)
    best, worst = (low, high) if metric in ADVERSE_METRICS else (high, low)
    return {"low": low, "high": high, "best_case": best, "worst_case": worst,
            "denominator": known + unknown}


def rate_dict(facts: list[CaseFacts], metric: str, with_bounds: bool = False) -> dict:
    """Rate dict (events, known, unknown, rate, ci95, ...) of a metric over these cases."""
    return rate_from_tally(metric, *tally(facts, metric), with_bounds=with_bounds)


def rate_from_tally(metric: str, events: int, known: int, unknown: int,
                    with_bounds: bool = False) -> dict:
    """Rate dict of counted events, known and unknown outcomes (see rate_dict)."""
    result = rate(events, known, unknown).to_dict()
    if with_bounds:
        result["bounds"] = bounds(metric, events, known, unknown)
    return result
