"""Statistics of acute limb ischaemia and coronary cases: rates with CIs, benchmarks and trend.

compute_territory_stats(registry, flt, benchmark_ids=(), by="month") returns a JSON-ready dict
(rates are fractions 0-1):

    territory, territory_label   "limb" or "coronary", and its name in words
    cases                        number of cases in the selection
    period                       {from, to, first_case, last_case, filter: {territory, operator}}
    rates                        {measure key: RATE}, every measure of the territory (below)
    groups                       [{title, metrics: [measure keys]}] display order
    breakdowns                   {key: {key, title, field, population, population_words,
                                  recorded, not_recorded, multiple, items: [{code, label,
                                  count, share: RATE-like dict}]}}
                                  limb: rutherford_class, adjunctive_after_failure,
                                  adjunctive_therapy, complications, limb_segment;
                                  coronary: stent_failure_reason, reattempt_equipment,
                                  complications, target_vessel
    benchmarks                   [SECTION] one per benchmark compared (default: every
                                  benchmark of the territory in the library)
    benchmark                    the first SECTION, or None
    comparisons                  [{measure, cohort ("all"/"cto"), label, centre: RATE,
                                  entries: [ENTRY + benchmark_id, benchmark_label]}]
    trend                        {by, metrics: [technical_success, main outcome], labels,
                                  undated_cases, month: [{period, cases, <metric>: RATE}],
                                  quarter: [...]}
    definitions                  {measure key or topic: definition in words}
    warnings                     [plain sentences]

RATE = registry_app.stats.rate(...).to_dict() (events, known, unknown, rate, ci95, ci_method,
small_numbers) plus key, label, definition, adverse, n (cases in the measure's population =
known + unknown), not_yet_due (cases whose 30/90-day point has not come) and bounds (None, or
{low, high, best_case, worst_case, denominator} if every unknown outcome went one way).

SECTION has the shape of stats_benchmarks.benchmark_section (id, label, title, territory,
citation, design, design_label, verification, source, definitions, metrics: {benchmark metric
code: ENTRY}, by_arm, not_compared: [{metric, metric_label, arm, reason}], warnings). ENTRY is
stats_benchmarks.metric_comparison's dict plus registry_measure, registry_label,
registry_definition, study_definition, cohort, cohort_words and notes (definition differences).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Sequence

from sqlalchemy import func, select

from ....domain.benchmarks import LibraryLoad
from ....domain.errors import ValueProblem
from ....stats import SMALL_N
from ....storage.schema import cases_table
from ...benchmarks.library import get_benchmark, library, territory_benchmarks
from ...cases.queries import CaseFilter
from ...registry import Registry
from ...cases.loading import load_partial_cases, load_selected_cases
from ..benchmarks import BENCHMARK_TEST_WORDS, adjust_holm, registry_definition_codes
from .benchmarks import (comparisons_by_measure, cto_cases,
                         territory_benchmark_section)
from .counts import (WHICH, Facts, all_facts, breakdowns_section, case_facts,
                     rates_section, trend_section, which_ids)
from ..territories import OTHER_TERRITORIES, TERRITORIES

PERIODS = ("month", "quarter")


def _territory(flt: CaseFilter) -> str:
    """The filter's territory: limb or coronary (ValueProblem for any other)."""
    if flt.territory is None or flt.territory not in OTHER_TERRITORIES:
        raise ValueProblem(f"Territory: '{flt.territory}' has no territory statistics; use limb"
                           " or coronary.")
    return flt.territory


def _check(flt: CaseFilter, by: str) -> str:
    """The filter's territory, once the territory and the trend period are checked."""
    territory = _territory(flt)
    if by not in PERIODS:
        raise ValueProblem(f"Trend period: '{by}' is not allowed; use month or quarter.")
    return territory


def load_facts(registry: Registry, flt: CaseFilter, as_of: date | None = None) -> list[Facts]:
    """The territory's cases in the selection, oldest procedure first, with their measures
    on the as-of date (default the registry's today)."""
    return all_facts(load_selected_cases(registry, flt), _territory(flt),
                     as_of or registry.today(), registry.settings().followup_window_days)


def load_trend_facts(registry: Registry, flt: CaseFilter) -> list[Facts]:
    """The selection's cases as light rows (TREND_FIELDS only) with only the TREND measures:
    enough for trend_section over many months."""
    territory = TERRITORIES[_territory(flt)]
    codes, pass_codes = territory.trend_fields
    measures = [m for m in territory.measures if m.key in territory.trend]
    today, margin = registry.today(), registry.settings().followup_window_days
    return [case_facts(case, measures, today, margin)
            for case in load_partial_cases(registry, flt, codes, pass_codes)]


def chosen_benchmarks(territory: str, ids: Sequence[str], loaded: LibraryLoad | None = None):
    """(benchmarks, warnings): the ids asked for (NotFound if unknown), else the territory's;
    from the library as `loaded` already (read now when None)."""
    loaded = library() if loaded is None else loaded
    warnings = [f"Benchmark library: {error}" for error in loaded.errors]
    if ids:
        return [get_benchmark(i, loaded=loaded) for i in dict.fromkeys(ids)], warnings
    return territory_benchmarks(territory, loaded=loaded), warnings


HORIZONS = {"limb": "30 and 90 days", "coronary": "30 days"}


def definitions(territory: str) -> dict:
    """Every measure's definition and the general rules, in words."""
    words = {m.key: m.definition for m in TERRITORIES[territory].measures}
    words.update({
        "flow": ("TIMI or TIPI flow grade as recorded per case (0 no flow, 1 penetration without"
                 " perfusion, 2 partial, 3 complete perfusion)"),
        "followup": (f"Outcomes at {HORIZONS[territory]}; a case counts for an outcome once"
                     " that many days plus the follow-up window's late margin have passed since"
                     " the procedure on the as-of date ('not yet due' before)"),
        "rates": ("Rates are events / cases with known value; cases with unknown value are"
                  " counted beside them and bound the rate (best/worst case)"),
        "ci95": ("95% confidence interval: Wilson score; Clopper-Pearson exact when fewer than"
                 " 10 values are known or the rate is 0% or 100%"),
        "small_numbers": f"Flagged when fewer than {SMALL_N} cases have a known value",
        "benchmark_test": (BENCHMARK_TEST_WORDS + " Only figures measuring the same thing are"
                           " compared, each with the study's own definition shown."),
    })
    return words


def _period(facts: list[Facts], flt: CaseFilter) -> dict:
    dated = [f.date for f in facts if f.date is not None]
    return {"from": flt.date_from.isoformat() if flt.date_from else None,
            "to": flt.date_to.isoformat() if flt.date_to else None,
            "first_case": min(dated).isoformat() if dated else None,
            "last_case": max(dated).isoformat() if dated else None,
            "filter": {"territory": flt.territory, "operator": flt.operator}}


def _warnings(facts: list[Facts], territory: str, flt: CaseFilter) -> list[str]:
    noun, warnings = TERRITORIES[territory].noun, []
    if flt.occlusion_sites or flt.circulation:
        warnings.append("Occlusion site and circulation describe cerebral cases; they select no"
                        f" {noun} case.")
    if not facts:
        warnings.append(f"No {noun} cases in this selection.")
    elif len(facts) < SMALL_N:
        warnings.append(f"Only {len(facts)} {noun} case{'' if len(facts) == 1 else 's'}: the rates are imprecise (wide"
                        " confidence intervals).")
    return warnings


def compute_territory_stats(registry: Registry, flt: CaseFilter,
                            benchmark_ids: Sequence[str] = (), by: str = "month",
                            facts: list[Facts] | None = None,
                            loaded: LibraryLoad | None = None,
                            as_of: date | None = None) -> dict:
    """All statistics of the filtered limb or coronary cases (see the module docstring).

    `facts` and `loaded`: the selection's facts (as load_facts gives them) and the benchmark
    library, when the caller has them already."""
    territory = _check(flt, by)
    chosen, warnings = chosen_benchmarks(territory, benchmark_ids, loaded)
    as_of = as_of or registry.today()
    facts = load_facts(registry, flt, as_of) if facts is None else facts
    settings = registry.settings()
    codes = registry_definition_codes(settings)
    sections = [territory_benchmark_section(b, facts, territory, flt, codes) for b in chosen]
    adjust_holm(sections)
    return {
        "as_of": as_of.isoformat(),
        "territory": territory, "territory_label": TERRITORIES[territory].label,
        "cases": len(facts), "period": _period(facts, flt),
        "rates": rates_section(facts, territory),
        "groups": [{"title": title, "metrics": list(keys)}
                   for title, keys in TERRITORIES[territory].groups],
        "breakdowns": breakdowns_section(facts, territory),
        "benchmarks": sections, "benchmark": sections[0] if sections else None,
        "comparisons": comparisons_by_measure(sections, facts, territory),
        "trend": trend_section(facts, territory, flt, by),
        "definitions": definitions(territory),
        "warnings": warnings + _warnings(facts, territory, flt),
    }


def territory_case_ids(registry: Registry, flt: CaseFilter, measure: str,
                       which: str = "events", cohort: str = "all") -> list[int]:
    """The case ids behind one rate of compute_territory_stats (same filter and measure)."""
    territory = _check(flt, "month")
    keys = [m.key for m in TERRITORIES[territory].measures]
    if measure not in keys:
        raise ValueProblem(f"Measure: '{measure}' is not a {flt.territory} statistic; use one of"
                           f" {', '.join(keys)}.")
    if which not in WHICH:
        raise ValueProblem(f"Which: '{which}' is not allowed; use {', '.join(WHICH)}.")
    facts = load_facts(registry, flt)
    if cohort == "cto":
        facts = cto_cases(facts)
    return which_ids(facts, measure, which)


def territories_in_use(registry: Registry) -> dict[str, int]:
    """Number of (not deleted) cases per territory, e.g. {'cerebral': 1707, 'limb': 180}."""
    territory = func.coalesce(cases_table.c.territory, "cerebral")
    stmt = (select(territory, func.count()).where(cases_table.c.deleted_at.is_(None))
            .group_by(territory))
    with registry.reading() as session:
        return {name: count for name, count in session.execute(stmt)}


def territory_filter(flt: CaseFilter, territory: str) -> CaseFilter:
    """The filter limited to a territory, without the cerebral-only site and circulation."""
    return replace(flt, territory=territory, occlusion_sites=(), circulation=None)
