"""Process measures with a published threshold or definition, counted per case by one small query."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ...domain import derived
from ...stats import rate
from ...stats.benchmark_test import compare_with_benchmark
from ..cases.queries import CaseFilter
from ..registry import Registry
from .cases import load_stat_cases, stats_filter

CSTK12_SITES = frozenset({"ICA", "ICA-T", "M1", "M2", "BA"})
"""Occlusions in the Joint Commission CSTK-12 population (ICA, M1, M2, basilar)."""


@dataclass(frozen=True)
class ProcessMeasure:
    """A share of cases meeting a time target: key, label, definition, source, threshold."""

    key: str
    label: str
    definition: str
    source: str
    value: Callable[[Any], bool | None]
    threshold: float | None = None
    """The share a centre should reach (None: a definition without a target)."""


def door_to_device_90(case) -> bool | None:
    """Arrival to groin puncture within 90 minutes (None: either time unknown)."""
    minutes = derived.minutes_between(case.get("door_time"), case.get("puncture_time"))
    return None if minutes is None else minutes <= 90


def reperfusion_within_60(case) -> bool | None:
    """TICI >= 2b within 60 min of puncture; NA-like None outside ICA/M1/M2/basilar is handled
    by the caller (see in_cstk12)."""
    recanalized = derived.recanalized(case)
    if recanalized is False:
        return False
    minutes = derived.minutes_between(case.get("puncture_time"), case.get("reperfusion_time"))
    if recanalized is None or minutes is None:
        return None
    return minutes <= 60


def in_cstk12(case) -> bool:
    return case.get("occlusion_site") in CSTK12_SITES


PROCESS_MEASURES: tuple[ProcessMeasure, ...] = (
    ProcessMeasure(
        "door_to_device_90", "door-to-device ≤ 90 min",
        "Arrival (door) to groin puncture within 90 minutes, among thrombectomies with both"
        " times recorded; target: at least 50% of patients (direct arrivals; the registry does"
        " not record transfers separately, so the 90-minute target is applied to all)",
        "AHA Target: Stroke Phase III (2019)", door_to_device_90, threshold=0.5),
    ProcessMeasure(
        "reperfusion_60", "TICI ≥ 2b within 60 min of puncture",
        "Final eTICI/mTICI 2b-3 reached within 60 minutes of groin puncture, among ICA, M1, M2"
        " and basilar occlusions; a case without reperfusion to 2b counts as not meeting it,"
        " a missing reperfusion time as unknown",
        "Joint Commission CSTK-12 (rapid effective reperfusion)", reperfusion_within_60),
)
BY_KEY = {m.key: m for m in PROCESS_MEASURES}


def _tally(cases, measure: ProcessMeasure) -> tuple[int, int, int]:
    values = [measure.value(c) for c in cases
              if measure.key != "reperfusion_60" or in_cstk12(c)]
    return (sum(v is True for v in values), sum(v is not None for v in values),
            sum(v is None for v in values))


def measure_entry(cases, measure: ProcessMeasure) -> dict:
    """{key, label, definition, source, threshold, rate: RATE, comparison} of these cases."""
    events, known, unknown = _tally(cases, measure)
    comparison = None
    if measure.threshold is not None and known:
        comparison = compare_with_benchmark(events, known, measure.threshold, unknown=unknown,
                                            threshold=True).to_dict()
    return {"key": measure.key, "label": measure.label, "definition": measure.definition,
            "source": measure.source, "threshold": measure.threshold,
            "rate": rate(events, known, unknown).to_dict(), "comparison": comparison}


def process_section(cases) -> dict[str, dict]:
    """Every process measure of these cases (light StatCases or domain Cases)."""
    return {m.key: measure_entry(cases, m) for m in PROCESS_MEASURES}


def compute_process(registry: Registry, flt: CaseFilter) -> dict[str, dict]:
    """The process measures of the filtered cerebral cases (one query of the time columns)."""
    return process_section(load_stat_cases(registry, stats_filter(flt)))
