"""Counting limb and coronary measures: per-case facts, rates with CIs and bounds, breakdowns, trend."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from ....domain.case import Case
from ....domain.settings import DEFAULT_SETTINGS
from ....domain.case import saved_id
from ....stats import period_key, periods_between, rate
from ....stats.trend import PERIODS, Period
from ...cases.queries import CaseFilter
from ..measures import Measure
from ..metrics import bounds
from ..territories import TERRITORIES
from ..territory_measures.measures import Breakdown
from ..territory_measures.values import NA, window_open

NOT_DUE = "not yet due"
"""The measure's time point (30 or 90 days) has not been reached: outside its population."""


@dataclass(slots=True)
class Facts:
    """One case with the value of every measure of its territory, computed once."""

    id: int
    date: date | None
    case: Case
    values: dict[str, Any]


LATE_MARGIN = DEFAULT_SETTINGS.followup_window_days
"""Days after a measure's horizon before its cohort is mature (the follow-up window's late
margin, as for cerebral outcomes); callers pass the registry's own setting."""


def case_facts(case: Case, measures: Iterable[Measure], today: date,
               margin: int = LATE_MARGIN) -> Facts:
    """The case's measure values on the as-of date `today`: a measure with a horizon counts
    once the procedure date + horizon + margin has passed (NOT_DUE before)."""
    values = {}
    for measure in measures:
        horizon = _horizon_days(measure)
        due = horizon is None or window_open(case, horizon + margin, today)
        values[measure.key] = _value(measure, case) if due else NOT_DUE
    return Facts(saved_id(case), case.get("procedure_date"), case, values)


def _horizon_days(measure: Measure) -> int | None:
    """A territory measure's horizon: whole days (the registry's follow-up point is cerebral)."""
    if isinstance(measure.horizon, str):
        raise ValueError(f"Measure {measure.key}: a territory measure needs its horizon in days.")
    return measure.horizon


def _value(measure: Measure, case: Case) -> Any:
    if measure.value is None:
        raise ValueError(f"Measure {measure.key}: a territory measure needs a per-case value.")
    return measure.value(case)


def all_facts(cases: Iterable[Case], territory: str, today: date,
              margin: int = LATE_MARGIN) -> list[Facts]:
    return [case_facts(case, TERRITORIES[territory].measures, today, margin) for case in cases]


def tally(facts: Iterable[Facts], key: str) -> tuple[int, int, int, int]:
    """(events, known, unknown, not yet due) of a measure; cases outside it are skipped."""
    counts = Counter(f.values[key] for f in facts)
    events = counts[True]
    return events, events + counts[False], counts[None], counts[NOT_DUE]


def rate_entry(measure: Measure, facts: list[Facts]) -> dict:
    """The measure's rate (events/known, 95% CI), unknown count, bounds and definition."""
    events, known, unknown, not_due = tally(facts, measure.key)
    entry = rate(events, known, unknown).to_dict()
    entry.update(key=measure.key, label=measure.label, definition=measure.definition,
                 adverse=measure.adverse, n=known + unknown, not_yet_due=not_due,
                 bounds=bounds(measure.adverse, events, known, unknown))
    return entry


def rates_section(facts: list[Facts], territory: str) -> dict:
    return {m.key: rate_entry(m, facts) for m in TERRITORIES[territory].measures}


def _recorded(value) -> tuple:
    """A field's value as a tuple of codes (multichoice or single), () when empty."""
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def breakdown_entry(spec: Breakdown, facts: list[Facts]) -> dict:
    """How often each code was recorded, with its share of the cases where the field is filled."""
    members = [f for f in facts if spec.population is None or spec.population(f.case) is True]
    recorded = [_recorded(f.case.get(spec.code)) for f in members]
    recorded = [codes for codes in recorded if codes]
    counts = Counter(code for codes in recorded for code in set(codes))
    items = [{"code": c.code, "label": c.label, "count": counts[c.code],
              "share": rate(counts[c.code], len(recorded)).to_dict()} for c in spec.choices]
    return {"key": spec.key, "title": spec.title, "field": spec.code,
            "population": len(members), "population_words": spec.population_words,
            "recorded": len(recorded), "not_recorded": len(members) - len(recorded),
            "multiple": any(len(codes) > 1 for codes in recorded), "items": items}


def breakdowns_section(facts: list[Facts], territory: str) -> dict:
    return {spec.key: breakdown_entry(spec, facts) for spec in TERRITORIES[territory].breakdowns}


def _trend_rows(dated: list[Facts], start: date, end: date, by: Period,
                measures: list[Measure]) -> list[dict]:
    groups: dict[str, list[Facts]] = {}
    keys: dict[date, str] = {}  # a period's label by day: days repeat
    for fact in dated:
        if fact.date is None:
            continue
        key = keys.get(fact.date) or keys.setdefault(fact.date, period_key(fact.date, by))
        groups.setdefault(key, []).append(fact)
    rows = []
    for key in periods_between(start, end, by):
        group = groups.get(key, [])
        rows.append({"period": key, "cases": len(group),
                     **{m.key: rate_entry(m, group) for m in measures}})
    return rows


def trend_section(facts: list[Facts], territory: str, flt: CaseFilter, by: str) -> dict:
    """Cases, technical success and the main outcome per month and quarter (empty ones too)."""
    measures = [m for m in TERRITORIES[territory].measures if m.key in TERRITORIES[territory].trend]
    dated = sorted((f for f in facts if f.date is not None), key=lambda f: f.date or date.min)
    start = flt.date_from or (dated[0].date if dated else None)
    end = flt.date_to or (dated[-1].date if dated else None)
    result = {"by": by, "metrics": list(TERRITORIES[territory].trend),
              "labels": {m.key: m.label for m in measures},
              "undated_cases": len(facts) - len(dated), "month": [], "quarter": []}
    if start is None or end is None or start > end:
        return result
    inside = [f for f in dated if f.date is not None and start <= f.date <= end]
    for granularity in PERIODS:
        result[granularity] = _trend_rows(inside, start, end, granularity, measures)
    return result


WHICH = ("events", "known", "unknown", "all")


def which_ids(facts: Iterable[Facts], key: str, which: str) -> list[int]:
    """Case ids behind a rate: 'events', 'known', 'unknown' or 'all' (its whole population)."""
    tests = {"events": lambda x: x is True, "known": lambda x: x is True or x is False,
             "unknown": lambda x: x is None, "all": lambda x: x not in (NA, NOT_DUE)}
    return [f.id for f in facts if tests[which](f.values[key])]
