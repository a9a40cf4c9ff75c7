"""Registry statistics a quality meeting can trust: rates with CIs, arms, benchmarks, trends."""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Sequence

from ...domain.benchmarks import Benchmark
from ...domain.derived import INTERVALS
from ...domain.errors import ValueProblem
from ...domain.settings import RegistrySettings
from ...stats import SMALL_N
from ...storage.mapping import derived_columns_current
from ..benchmarks.library import get_benchmark, library
from ..cases.queries import CaseFilter
from ..registry import Registry
from . import aggregated as agg
from . import summary as stats_from_summary
from . import scan as stats_sql
from .benchmarks import (BENCHMARK_TEST_WORDS, FactCounts, adjust_holm, benchmark_section,
                         cusum_section, registry_definition_codes)
from .cases import load_stat_cases, stats_filter
from .measures import BY_KEY
from .metrics import (BENCHMARK_ARMS, COUNTED_METRICS, FOLLOWUP_COMPLETE, CaseFacts,
                      all_facts, maturity_section, members, sich_definitions_section,
                      which_ids)
from .sections import (NOT_RANDOMISED, arms_section, comparisons_section,
                       followup_section, passes_section, period_section,
                       procedure_section, times_section, trend_section)

PERIODS = ("month", "quarter")
DEFINED_MEASURES = ("mt_failure", "recanalization", "good_outcome_90d", "sich", "mortality_90d")
"""Measures whose definitions head the definitions section."""
WHICH = ("events", "known", "unknown", "all", "not_yet_due", "provisional")


def definitions(settings: RegistrySettings) -> dict:
    """The registry's definitions, in words, that travel with every number (the measures'
    own definitions from the measure table, then the rules of counting)."""
    days, slack = settings.followup_days, settings.followup_window_days
    measure = {key: BY_KEY[key].describe(settings) for key in DEFINED_MEASURES}
    return {
        "mt_failure": measure["mt_failure"],
        "arms": ("Among failed MT: 'rescue_stent' = rescue stent recorded as placed; 'no_stent' ="
                 " no stent recorded; 'stent_not_recorded' = the stent decision left blank."
                 " 'all_mt' = every thrombectomy in the selection."),
        "recanalization": measure["recanalization"],
        "good_outcome_90d": measure["good_outcome_90d"],
        "sich": measure["sich"],
        "mortality_90d": measure["mortality_90d"],
        "first_pass_effect": "eTICI/mTICI 2c-3 after a single pass (modified: 2b-3)",
        "mature_cohort": (f"A {days}-day outcome counts once the procedure date + {days} + {slack}"
                          " days has passed on the as-of date; younger cases are not yet due"
                          " (left out of every rate, test, trend point and the CUSUM)"),
        "followup_window": f"{days} ± {slack} days after the procedure",
        "followup_complete": ("Follow-up is due once its window has opened; it is complete when"
                              " the 90-day mRS or the death is known"),
        "rates": ("Rates are events / cases with known outcome; cases with unknown outcome are"
                  " counted beside them and bound the rate (best/worst case)"),
        "ci95": ("95% confidence interval: Wilson score; Clopper-Pearson exact when fewer than"
                 " 10 outcomes are known or the rate is 0% or 100%"),
        "small_numbers": f"Flagged when fewer than {SMALL_N} cases have a known outcome",
        "comparison": ("Rescue stent vs no stent: Fisher's exact test when any expected count is"
                       " below 5, otherwise Pearson chi-square (two-sided). " + NOT_RANDOMISED),
        "benchmark_test": BENCHMARK_TEST_WORDS,
        "cusum": ("Bernoulli CUSUM in procedure order against the benchmark rate, tuned to a"
                  " doubling of the odds; threshold for about a 5% false-alarm risk"),
        "codes": registry_definition_codes(settings),
    }


def _benchmarks_in_use(settings: RegistrySettings, ids: Sequence[str]):
    """(benchmarks to compare with, benchmarks for the CUSUM, warnings).

    The library is read only when a benchmark is asked for or named as the default.
    """
    if not ids and not settings.default_benchmark:
        return [], [], []
    loaded = library()
    chosen = [get_benchmark(i, loaded=loaded) for i in dict.fromkeys(ids)]
    warnings = [f"Benchmark library: {error}" for error in loaded.errors]
    default = loaded.get(settings.default_benchmark) if settings.default_benchmark else None
    if settings.default_benchmark and default is None:
        warnings.append(f"The default benchmark '{settings.default_benchmark}' named in the"
                        " registry settings is not in the library.")
    if not chosen and default is not None:
        chosen = [default]
    extra = default is not None and default.id not in {b.id for b in chosen}
    monitor = chosen + [default] if extra else chosen
    return chosen, monitor, warnings


def small_number_warnings(arms: dict) -> list[str]:
    warnings = []
    for arm, entry in arms.items():
        if entry["n"] == 0 and arm == "stent_not_recorded":
            continue  # an empty data-quality group is good news, not a warning
        if entry["n"] == 0:
            warnings.append(f"{entry['label']}: no cases in this selection.")
        elif entry["n"] < SMALL_N:
            cases = "1 case" if entry["n"] == 1 else f"{entry['n']} cases"
            warnings.append(f"{entry['label']}: only {cases}; the rates are imprecise"
                            " (wide confidence intervals).")
    return warnings


def _facts(registry: Registry, flt: CaseFilter, settings: RegistrySettings,
           as_of: date) -> list[CaseFacts]:
    return all_facts(load_stat_cases(registry, flt), settings, as_of)


def _assemble(facts: list[CaseFacts], flt: CaseFilter, settings: RegistrySettings,
              chosen: list[Benchmark], monitor: list[Benchmark], by: str, as_of: date) -> dict:
    arms = arms_section(facts)
    counts = FactCounts(facts)
    sich = sich_definitions_section(
        Counter(f.sich_definition for f in facts if f.sich_definition is not None), settings)
    sections = [benchmark_section(b, counts, settings, flt) for b in chosen]
    adjust_holm(sections)
    return {
        "as_of": as_of.isoformat(), "maturity": maturity_section(counts, settings, as_of),
        "cases": len(facts), "mt_failed": sum(f.arm is not None for f in facts),
        "arms": arms, "comparisons": comparisons_section(arms),
        "procedure": procedure_section(facts),
        "benchmark": sections[0] if sections else None, "benchmarks": sections,
        "definitions": definitions(settings), "period": period_section(facts, flt),
        "followup": followup_section(facts, settings), "times": times_section(facts),
        "passes": passes_section(facts), "trend": trend_section(facts, flt, by),
        "cusum": cusum_section(counts, monitor, settings, flt),
        "sich_definitions": sich,
        "warnings": small_number_warnings(arms) + ([sich["text"]] if sich["mixed"] else []),
    }


def compute_stats(registry: Registry, flt: CaseFilter = CaseFilter(),
                  benchmark_ids: Sequence[str] = (), *, by: str = "month",
                  as_of: date | None = None) -> dict:
    """All statistics of the filtered cases as a JSON-ready dict (rates are fractions 0-1).

    Only cerebral cases unless `flt.territory` says otherwise. Without benchmark ids the
    registry's default benchmark (settings) is used; an unknown id raises NotFound.
    `as_of` (default: the registry's today) decides which cohorts are mature: a follow-up
    outcome counts only once the procedure date + follow-up days + the window's late margin
    has passed; younger cases are reported as not yet due (their events as provisional).
    """
    as_of = as_of or registry.today()
    if flt.territory in ("limb", "coronary"):  # their own measures: see territory_stats
        from .territory.engine import compute_territory_stats
        return compute_territory_stats(registry, flt, benchmark_ids, by=by, as_of=as_of)
    if by not in PERIODS:
        raise ValueProblem(f"Trend period: '{by}' is not allowed; use month or quarter.")
    settings = registry.settings()
    chosen, monitor, warnings = _benchmarks_in_use(settings, benchmark_ids)
    flt = stats_filter(flt)
    with registry.reading() as session:
        if flt.territory == "cerebral" and derived_columns_current(session, settings):
            result = _aggregated(session, registry.today(), flt, settings, chosen, monitor, by,
                                 as_of)
        else:
            result = None
    if result is None:
        result = _assemble(_facts(registry, flt, settings, as_of), flt, settings, chosen,
                           monitor, by, as_of)
    result["warnings"] = warnings + result["warnings"]
    return result


def _aggregated(session, today, flt: CaseFilter, settings: RegistrySettings,
                chosen: list[Benchmark], monitor: list[Benchmark], by: str,
                as_of: date) -> dict:
    """compute_stats from one SQL pass over the stored derived columns (same result). `today`
    serves the filter only (as in the per-case path); maturity and follow-up statuses are
    judged on the as-of date."""
    where = stats_sql.where_clause(flt, today, settings.followup_window_days)
    groups = stats_from_summary.day_groups(session, flt, agg.per_day_from(settings, as_of))
    if groups is None:  # a selection the summary does not hold: scan the cases
        groups = stats_sql.day_groups(session, where)
    counts = agg.AggregateCounts(session, where, groups, settings, as_of)
    arms, total = agg.arms_section(counts), int(groups.n.sum())
    sich = sich_definitions_section(agg.sich_definition_counts(groups), settings)
    sections = [benchmark_section(b, counts, settings, flt) for b in chosen]
    adjust_holm(sections)
    return {
        "as_of": as_of.isoformat(), "maturity": maturity_section(counts, settings, as_of),
        "cases": total, "mt_failed": counts.n("failed_mt"),
        "arms": arms, "comparisons": comparisons_section(arms),
        "procedure": agg.procedure_section(counts),
        "benchmark": sections[0] if sections else None, "benchmarks": sections,
        "definitions": definitions(settings), "period": agg.period_section(groups, flt),
        "followup": agg.followup_section(agg.followup_rows(groups, settings, as_of), settings),
        "times": agg.times_section(groups, total, INTERVALS),
        "passes": agg.passes_section(groups, total),
        "trend": agg.trend_section(counts, total, flt, by),
        "cusum": cusum_section(counts, monitor, settings, flt),
        "sich_definitions": sich,
        "warnings": small_number_warnings(arms) + ([sich["text"]] if sich["mixed"] else []),
    }


def metric_case_ids(registry: Registry, flt: CaseFilter, arm: str, metric: str,
                    which: str = "events", as_of: date | None = None) -> list[int]:
    """The case ids behind one number of compute_stats (same filter, arm and metric).

    which: 'events' (numerator), 'known' (denominator), 'unknown' (outcome missing) or
    'all' (every case in the metric's population). metric 'followup_complete' counts
    complete follow-ups among those due ('unknown' = not yet due).
    """
    if arm not in BENCHMARK_ARMS:
        raise ValueProblem(f"Arm: '{arm}' is not an arm; use {', '.join(BENCHMARK_ARMS)}.")
    if metric not in COUNTED_METRICS and metric != FOLLOWUP_COMPLETE:
        known = ", ".join([*COUNTED_METRICS, FOLLOWUP_COMPLETE])
        raise ValueProblem(f"Metric: '{metric}' is not a registry statistic; use one of {known}.")
    if which not in WHICH:
        raise ValueProblem(f"Which: '{which}' is not allowed; use {', '.join(WHICH)}.")
    facts = _facts(registry, stats_filter(flt), registry.settings(), as_of or registry.today())
    return which_ids(members(facts, arm), metric, which)
