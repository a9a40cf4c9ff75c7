"""Process measures with a published threshold or definition, counted per case by one small query."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import case as sql_case, select

from ...domain import derived
from ...stats import rate
from ...stats.benchmark_test import compare_with_benchmark
from ...storage.schema import PassRow, cases_table
from ..cases.queries import CaseFilter, select_ids
from ..registry import Registry
from .cases import StatCase, load_stat_cases, stats_filter

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
    return measure_entry_of_counts(measure, *_tally(cases, measure))


def measure_entry_of_counts(measure: ProcessMeasure, events: int, known: int,
                            unknown: int) -> dict:
    """measure_entry of cases already counted: (met, known, unknown)."""
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


PROCESS_COLUMNS = ("procedure_date", "occlusion_site", "rescue_stent", "final_reperfusion",
                   "door_time", "puncture_time", "reperfusion_time")
"""The case columns the process measures read (besides the grade after MT, below)."""


def _grade_after_mt():
    """The stored grade after MT, else the grade of the case's last graded pass (as
    derived.grade_after_mt reads a case's passes)."""
    P, C = PassRow.__table__.c, cases_table.c
    last_graded = (select(P.reperfusion_grade)
                   .where(P.case_id == C.id, P.reperfusion_grade.is_not(None))
                   .order_by(P.pass_number.desc()).limit(1).scalar_subquery())
    return C.reperfusion_after_mt.is_(None), last_graded, C.reperfusion_after_mt


def process_query(flt: CaseFilter, today, window_days: int):
    """One SELECT of the process columns of the filtered cases, in procedure order."""
    C = cases_table.c
    missing, last_graded, stored = _grade_after_mt()
    grade = sql_case((missing, last_graded), else_=stored).label("reperfusion_after_mt")
    ids = select_ids(flt, today, window_days).order_by(None)
    return (select(C.id, *(getattr(C, name) for name in PROCESS_COLUMNS), grade)
            .where(C.id.in_(ids))
            .order_by(C.procedure_date.asc().nulls_last(), C.id.asc()))


def load_process_cases(registry: Registry, flt: CaseFilter) -> list:
    """The filtered cases (see stats_filter) with only what the process measures read,
    oldest procedure first: cerebral cases as StatCases of PROCESS_COLUMNS and the grade
    after MT; other territories as load_stat_cases gives them."""
    flt = stats_filter(flt)
    if flt.territory != "cerebral":
        return load_stat_cases(registry, flt)
    stmt = process_query(flt, registry.today(), registry.settings().followup_window_days)
    names = (*PROCESS_COLUMNS, "reperfusion_after_mt")
    with registry.reading() as session:
        return [StatCase(row[0], dict(zip(names, row[1:])), []) for row in session.execute(stmt)]


def compute_process(registry: Registry, flt: CaseFilter) -> dict[str, dict]:
    """The process measures of the filtered cerebral cases (one query of their columns)."""
    return process_section(load_process_cases(registry, flt))
