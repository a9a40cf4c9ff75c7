"""What each statistic counts: per-case metric values, arms and tallies (one place)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from datetime import date, timedelta
from typing import Any, Callable, Iterable

from ...domain import derived
from ...domain.settings import RegistrySettings
from ...domain.vocab import SICH_DEFINITION
from ...storage.summary_tables import SICH_DEFINITION_CODES
from ...stats import missing_bounds, rate
from .cases import StatCase, as_case
from .measures import BY_KEY, CEREBRAL_MEASURES

NA = "n/a"
"""Metric value of a case outside the metric's population (not counted at all)."""

OUTCOME_METRICS = tuple(m.key for m in CEREBRAL_MEASURES if m.per_arm)
"""The metrics reported per arm, with bounds for missing outcomes (from the measure table)."""

ADVERSE_METRICS = frozenset(m.key for m in CEREBRAL_MEASURES if m.adverse)
"""Metrics where a lower rate is better (decides which bound is the best case)."""

ARM_NAMES = ("rescue_stent", "no_stent", "stent_not_recorded", "all_mt")
"""The arms shown: failed MT split by the stent decision (blank is its own group), and all MT."""
ARM_LABELS = {"rescue_stent": "Rescue stent after failed MT",
              "no_stent": "Failed MT without rescue stent",
              "stent_not_recorded": "Failed MT, stent decision not recorded",
              "failed_mt": "Failed MT (all, with or without stent)",
              "all_mt": "All thrombectomies"}
BENCHMARK_ARMS = (*ARM_NAMES, "failed_mt")
"""Arms a benchmark figure can be compared with (a study's failed-MT cohort as a whole too)."""

TREND_METRICS = ("mt_failure", *(m.key for m in CEREBRAL_MEASURES
                                 if m.in_trend and m.key != "mt_failure"))
FOLLOWUP_COMPLETE = "followup_complete"

NOT_DUE = "not yet due"
"""Metric value of a case whose cohort is not mature yet (no event recorded so far)."""
NOT_DUE_EVENT = "not yet due, event recorded"
"""Not mature yet, but the event is already recorded (e.g. an early death): provisional."""
PENDING = (NOT_DUE, NOT_DUE_EVENT)

FOLLOWUP_METRICS = frozenset(m.key for m in CEREBRAL_MEASURES if m.horizon is not None)
"""Metrics known only at a later point (the registry's follow-up days): they wait for maturity."""

Value = Any  # True, False, None (unknown), NA, NOT_DUE or NOT_DUE_EVENT
MetricFn = Callable[[StatCase, RegistrySettings], Value]


def horizon(metric: str, settings: RegistrySettings) -> int:
    """Days after the procedure until the metric's outcome can be known (0: at the procedure)."""
    return BY_KEY[metric].horizon_days(settings) or 0


def maturity_days(metric: str, settings: RegistrySettings) -> int | None:
    """Days from the procedure until a case counts for the metric: the horizon plus the
    follow-up window's late margin; None for procedural metrics (always mature)."""
    days = BY_KEY[metric].horizon_days(settings) if metric in BY_KEY else None
    return None if days is None else days + settings.followup_window_days


def mature(day: date | None, metric: str, settings: RegistrySettings, as_of: date) -> bool:
    """Whether a case operated on `day` counts for the metric on the as-of date.

    An undated case never matures for a follow-up metric: when it is due cannot be known.
    """
    wait = maturity_days(metric, settings)
    if wait is None:
        return True
    return day is not None and day + timedelta(days=wait) <= as_of


METRIC_VALUES: dict[str, MetricFn] = {m.key: m.value for m in CEREBRAL_MEASURES
                                      if m.value is not None}
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
    sich_definition: str | None = None
    """The case's sICH definition when its sICH is known ('' if not recorded), else None."""

    def in_arm(self, arm: str) -> bool:
        return arm == "all_mt" or self.arm == arm or (arm == "failed_mt" and self.arm is not None)


def failure_values(case: StatCase, failed: bool | None) -> dict[str, Value]:
    """MT failure, and among failed MT whether a rescue stent was placed (else not counted)."""
    share = NA if failed is not True else case.get("rescue_stent")
    return {"mt_failure": failed, "rescue_stent_share": share}


def arm_of(case: StatCase, failed: bool | None) -> str | None:
    """The failed-MT arm by the stent decision ('stent_not_recorded' when blank), else None."""
    if failed is not True:
        return None
    return {True: "rescue_stent", False: "no_stent"}.get(case.get("rescue_stent"),
                                                          "stent_not_recorded")


def pending_value(value: Value) -> Value:
    """The value of a case whose cohort is not mature: NOT_DUE, or NOT_DUE_EVENT when the
    event is already recorded; NA stays NA (the case is outside the metric anyway)."""
    if value is NA:
        return NA
    return NOT_DUE_EVENT if value is True else NOT_DUE


def _followup(case: StatCase, settings: RegistrySettings, today: date) -> tuple[str, bool]:
    """Follow-up status and whether it is due: its window has opened, or the outcome is known."""
    status = derived.followup_status(as_case(case), today, settings)
    window = derived.followup_window(as_case(case), settings)
    opened = window is not None and window.opens <= today
    return status, opened or status in ("done", "deceased")


def case_facts(case: StatCase, settings: RegistrySettings, today: date) -> CaseFacts:
    """The case's metric values on the as-of date `today` (immature follow-up metrics pending)."""
    failed = derived.mt_failed(as_case(case), settings)
    day = case.get("procedure_date")
    values = {code: fn(case, settings) if mature(day, code, settings, today)
              else pending_value(fn(case, settings)) for code, fn in METRIC_VALUES.items()}
    values.update(failure_values(case, failed))
    status, due = _followup(case, settings, today)
    values[FOLLOWUP_COMPLETE] = (status in ("done", "deceased")) if due else None
    return CaseFacts(case.id, case.get("procedure_date"), arm_of(case, failed), values,
                     derived.pass_count(as_case(case)), derived.intervals(as_case(case)), status, due,
                     _sich_definition(case))


def _sich_definition(case: StatCase) -> str | None:
    """As the summary counts it: a definition it knows, '' for none (or one it does not know)."""
    if case.get("sich") is None:
        return None
    code = case.get("sich_definition")
    return code if code in SICH_DEFINITION_CODES else ""


def sich_definitions_section(counts: dict[str, int], settings: RegistrySettings) -> dict:
    """The sICH definitions the selection's cases were recorded under ('' = not recorded),
    and whether they are mixed (rates then pool different definitions)."""
    labels = dict((c.code, c.label) for c in SICH_DEFINITION)
    recorded = {code: n for code, n in sorted(counts.items()) if code and n}
    missing = counts.get("", 0)
    mixed = len(recorded) > 1
    listed = ", ".join(f"{labels.get(code, code)} {n}" for code, n in recorded.items())
    text = ""
    if mixed:
        text = (f"sICH was recorded under different definitions in this selection ({listed}"
                f"{f', not recorded {missing}' if missing else ''}): the sICH rates pool them.")
    return {"registry": settings.sich_definition, "counts": recorded, "not_recorded": missing,
            "mixed": mixed, "text": text}


def all_facts(cases: Iterable[StatCase], settings: RegistrySettings, today: date) -> list[CaseFacts]:
    return [case_facts(case, settings, today) for case in cases]


def members(facts: Iterable[CaseFacts], arm: str) -> list[CaseFacts]:
    if arm not in BENCHMARK_ARMS:
        raise ValueError(f"arm must be one of {', '.join(BENCHMARK_ARMS)}, not {arm!r}")
    return [f for f in facts if f.in_arm(arm)]


def tally(facts: Iterable[CaseFacts], metric: str) -> tuple[int, int, int]:
    """(events, known, unknown) of a metric among mature cases; others are skipped."""
    return full_tally(facts, metric)[:3]


def full_tally(facts: Iterable[CaseFacts], metric: str) -> tuple[int, int, int, int, int]:
    """(events, known, unknown, not yet due, provisional events) of a metric."""
    counts = Counter(map(itemgetter(metric), map(attrgetter("values"), facts)))
    events, unknown = counts[True], counts[None]
    pending_events = counts[NOT_DUE_EVENT]
    return (events, events + counts[False], unknown, counts[NOT_DUE] + pending_events,
            pending_events)


def which_ids(facts: Iterable[CaseFacts], metric: str, which: str) -> list[int]:
    """Case ids behind a tally: 'events', 'known', 'unknown', 'all' (the mature population),
    'not_yet_due' (cohort not mature) or 'provisional' (not mature, event already recorded)."""
    tests = {"events": lambda v: v is True, "known": lambda v: v is True or v is False,
             "unknown": lambda v: v is None,
             "all": lambda v: v is True or v is False or v is None,
             "not_yet_due": lambda v: v in PENDING, "provisional": lambda v: v == NOT_DUE_EVENT}
    if which not in tests:
        raise ValueError(f"which must be one of {', '.join(tests)}, not {which!r}")
    return [f.id for f in facts if tests[which](f.values[metric])]


def bounds(adverse: bool, events: int, known: int, unknown: int) -> dict | None:
    """Best/worst-case rates if every unknown outcome went one way; None when none is unknown.
    `adverse`: a higher rate is worse (deaths), so the best case is the low bound."""
    if unknown == 0:
        return None
    found = missing_bounds(events, known, unknown)
    if found is None:
        return None
    low, high = found
    best, worst = (low, high) if adverse else (high, low)
    return {"low": low, "high": high, "best_case": best, "worst_case": worst,
            "denominator": known + unknown}


def rate_dict(facts: list[CaseFacts], metric: str, with_bounds: bool = False) -> dict:
    """Rate dict (events, known, unknown, rate, ci95, ...) of a metric over these cases."""
    return rate_from_tally(metric, *full_tally(facts, metric), with_bounds=with_bounds)


def rate_from_tally(metric: str, events: int, known: int, unknown: int,
                    not_yet_due: int = 0, provisional: int = 0,
                    with_bounds: bool = False) -> dict:
    """Rate dict of counted events, known and unknown outcomes (see rate_dict), with the cases
    left out because their cohort is not mature and the events already recorded among them."""
    result = rate(events, known, unknown).to_dict()
    result.update(not_yet_due=not_yet_due, provisional_events=provisional)
    if with_bounds:
        result["bounds"] = bounds(metric in ADVERSE_METRICS, events, known, unknown)
    return result


def maturity_section(counts, settings: RegistrySettings, as_of: date) -> dict:
    """The as-of date, the latest procedure date whose follow-up outcomes count, and the
    cases left out as not yet due with the deaths already recorded among them."""
    wait = maturity_days("mortality_90d", settings)
    _, _, _, waiting, deaths = counts.full_tally("all_mt", "mortality_90d")
    return {"as_of": as_of.isoformat(), "horizon_days": settings.followup_days,
            "late_margin_days": settings.followup_window_days,
            "mature_until": (as_of - timedelta(days=wait or 0)).isoformat(),
            "not_yet_due": waiting, "provisional_deaths": deaths,
            "text": maturity_text(waiting, deaths, settings)}


def maturity_text(waiting: int, deaths: int, settings: RegistrySettings) -> str:
    """'3 deaths so far among 10 cases not yet due' in a sentence ('' when none is waiting)."""
    if not waiting:
        return ""
    wait = maturity_days("mortality_90d", settings)
    cases = f"{waiting} case{'s' if waiting != 1 else ''}"
    so_far = f"{deaths} death{'s' if deaths != 1 else ''} so far among " if deaths else ""
    return (f"{so_far}{cases} not yet due: operated less than {wait} days before the as-of"
            f" date, so their {settings.followup_days}-day outcomes are left out of every rate,"
            " test and chart (provisional).")
