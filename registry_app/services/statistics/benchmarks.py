"""The centre against published benchmarks: per-metric verdicts, definition checks and CUSUM."""
from __future__ import annotations

from dataclasses import asdict
import math
from functools import lru_cache

import numpy as np

from ...domain.benchmarks import (ARMS, CIRCULATIONS, DESIGNS, METRICS, Benchmark,
                                  BenchmarkResult, definition_mismatches, study_metric_label)
from ...domain.settings import RegistrySettings
from ...stats import compare_with_benchmark, cusum_path, cusum_threshold
from ...stats.cusum import GRID_STEP, simulated_maxima
from ...stats.difference import holm
from ...stats.benchmark_test import pct
from ..benchmarks.library import citation_text
from ..cases.queries import CaseFilter
from .metrics import (COUNTED_METRICS, FOLLOWUP_METRICS, PENDING, CaseFacts, full_tally,
                      members, tally)

BENCHMARK_TEST_WORDS = (
    "A benchmark arm given as counts is compared on the 2x2 table (Fisher's exact test when"
    " an expected count is below 5, else Pearson chi-square, two-sided) with the difference"
    " and its Newcombe 95% interval; a rate without counts or a quality threshold by a"
    " one-sided exact binomial test. Verdicts (better / worse / consistent) come from that"
    " test at 5% and the measure's direction; not assessable below 20 known outcomes. Holm-"
    "adjusted p-values (p_holm) correct for the several comparisons shown together.")

PRIMARY_ARMS = ("rescue_stent", "all_mt", "no_stent")
"""Which arm's comparison is shown under `metrics` when a study reports several arms."""

CUSUM_METRICS = ("sich", "mortality_90d")
CUSUM_ARMS = ("all_mt", "rescue_stent", "no_stent", "failed_mt")
"""The arm monitored: the whole MT population if the study reports it, else the matching arm."""


def registry_definition_codes(settings: RegistrySettings) -> dict[str, str]:
    """The registry's definitions in the benchmark files' codes."""
    return {"sich": settings.sich_definition, "good_outcome": settings.good_outcome_code(),
            "recanalization_threshold": "2b",
            "mortality_time_frame": f"{settings.followup_days}d"}


class FactCounts:
    """Tallies and CUSUM series of a list of CaseFacts (the slow, general path)."""

    def __init__(self, facts: list[CaseFacts]) -> None:
        self.facts = facts

    def tally(self, arm: str, metric: str) -> tuple[int, int, int]:
        return tally(members(self.facts, arm), metric)

    def full_tally(self, arm: str, metric: str) -> tuple[int, int, int, int, int]:
        return full_tally(members(self.facts, arm), metric)

    def series(self, arm: str, metric: str) -> list[tuple]:
        """(id, date, outcome) of the arm's dated, mature cases in procedure order."""
        return [(f.id, f.date, f.values[metric]) for f in members(self.facts, arm)
                if f.date is not None and f.values[metric] not in PENDING]


def metric_comparison(benchmark: Benchmark, result: BenchmarkResult, counts,
                      codes: dict[str, str]) -> dict:
    """The centre's arm against one benchmark figure, with any definition warnings."""
    events, known, unknown, waiting, provisional = counts.full_tally(result.arm, result.metric)
    verdict = compare_with_benchmark(events, known, result.rate, unknown=unknown,
                                     benchmark_events=result.events,
                                     benchmark_total=result.total,
                                     adverse=METRICS[result.metric].adverse,
                                     threshold=result.threshold)
    warnings = definition_mismatches(benchmark, result.metric, codes)
    ci = result.ci95()
    text = " ".join([verdict.text, *warnings])
    word = verdict.verdict
    if word == "no_data" and waiting and not unknown:
        word = "not_yet_due"  # a cohort still in follow-up, not a missing outcome
        text = " ".join([f"All {waiting} cases are not yet due (their follow-up has not"
                         " matured); no comparison yet.", *warnings])
    center = {**verdict.center.to_dict(), "not_yet_due": waiting,
              "provisional_events": provisional}
    return {"metric": result.metric, "metric_label": study_metric_label(benchmark, result.metric),
            "arm": result.arm, "arm_label": ARMS[result.arm],
            "benchmark_rate": result.rate, "benchmark_events": result.events,
            "benchmark_total": result.total, "benchmark_ci95": list(ci) if ci else None,
            "benchmark_derived": result.derived, "benchmark_source_text": result.source_text,
            "benchmark_threshold": result.threshold,
            "center_rate": verdict.center.rate, "center": center,
            "p_value": verdict.p_value, "p_holm": verdict.p_value, "test": verdict.test,
            "difference": verdict.difference,
            "difference_ci95": list(verdict.difference_ci95) if verdict.difference_ci95 else None,
            "direction": verdict.direction, "adverse": METRICS[result.metric].adverse,
            "verdict": word, "too_small": verdict.too_small, "text": text,
            "definition_warnings": warnings, "definitions_match": not warnings}


def adjust_holm(sections: list[dict]) -> None:
    """Holm-adjusted p-values (`p_holm`) across every comparison shown together."""
    entries = [e for section in sections for arm in section["by_arm"].values()
               for e in arm.values()]
    for entry, adjusted in zip(entries, holm([e["p_value"] for e in entries])):
        entry["p_holm"] = adjusted


def population_warnings(benchmark: Benchmark, flt: CaseFilter) -> list[str]:
    """Plain warnings when the study's population differs from the cases being compared."""
    territory = flt.territory or "cerebral"
    warnings = []
    if benchmark.territory != territory:
        warnings.append(f"{benchmark.label} studied {benchmark.territory} cases; these statistics"
                        f" cover {territory} cases.")
    theirs, ours = benchmark.population.circulation, flt.circulation
    if theirs in ("anterior", "posterior") and ours != theirs:
        scope = f"{ours} circulation" if ours else "all occlusion sites"
        warnings.append(f"{benchmark.label} studied {CIRCULATIONS[theirs].lower()} occlusions only;"
                        f" your figures cover {scope}.")
    return warnings


def _primary(by_arm: dict[str, dict]) -> dict:
    metrics: dict = {}
    for arm in PRIMARY_ARMS:
        for metric, entry in by_arm.get(arm, {}).items():
            metrics.setdefault(metric, entry)
    return metrics


def benchmark_section(benchmark: Benchmark, counts, settings: RegistrySettings,
                      flt: CaseFilter) -> dict:
    """Every figure of the study that the registry can count, compared with the centre."""
    codes = registry_definition_codes(settings)
    by_arm: dict[str, dict] = {}
    not_compared = []
    for result in benchmark.results:
        if result.metric not in COUNTED_METRICS:
            not_compared.append({"metric": result.metric, "arm": result.arm,
                                 "reason": "the registry does not record this measure"})
            continue
        entry = metric_comparison(benchmark, result, counts, codes)
        by_arm.setdefault(result.arm, {})[result.metric] = entry
    return {"id": benchmark.id, "label": benchmark.label, "title": benchmark.title,
            "citation": citation_text(benchmark), "design": benchmark.design,
            "design_label": DESIGNS[benchmark.design], "verification": benchmark.verification,
            "source": benchmark.source, "definitions": asdict(benchmark.definitions),
            "metrics": _primary(by_arm), "by_arm": by_arm, "not_compared": not_compared,
            "warnings": population_warnings(benchmark, flt)}


def _reference(metric: str, candidates: list[Benchmark], flt: CaseFilter):
    """(benchmark, result, refusals): the first figure giving a usable rate (strictly between
    0 and 1) from a study whose population matches the selection; refusals say why others
    were passed over (a population that differs from the cases monitored)."""
    refusals = []
    for benchmark in candidates:
        for arm in CUSUM_ARMS:
            result = benchmark.result(metric, arm)
            if result is None or not 0.0 < result.rate < 1.0:
                continue
            mismatch = population_warnings(benchmark, flt)
            if mismatch:
                refusals.append(f"{benchmark.label} was not used as the reference: "
                                + " ".join(mismatch))
                break
            return benchmark, result, refusals
    return None, None, refusals


EXACT_CUSUM_CASES = 2000
"""Up to this many cases the threshold is simulated over the whole series; beyond, over blocks
of this length, so its cost stays bounded at registry scale."""


@lru_cache(maxsize=256)
def threshold(p0: float, n_cases: int) -> float:
    """The CUSUM signal threshold (a deterministic simulation, so it is remembered)."""
    if n_cases <= EXACT_CUSUM_CASES:
        return cusum_threshold(p0, n_cases)
    return block_threshold(p0, n_cases)


@lru_cache(maxsize=32)
def _block_peaks(p0: float) -> np.ndarray:
    return np.sort(simulated_maxima(p0, EXACT_CUSUM_CASES, 2.0, SIMS, SEED))


SIMS, SEED, ALPHA = 4000, 12345, 0.05


def block_threshold(p0: float, n_cases: int) -> float:
    """Smallest 0.05-grid h whose simulated false-alarm risk over n_cases is at most 5%.

    The series is treated as n_cases / block independent blocks (the chart returns to 0
    often), so P(no alarm) = P(no alarm in one block) ** (n_cases / block).
    """
    peaks = _block_peaks(p0)
    grid = np.round(np.arange(1, math.ceil(peaks[-1] / GRID_STEP) + 2) * GRID_STEP, 10)
    quiet = np.searchsorted(peaks, grid, side="left") / len(peaks)
    alarm = 1.0 - quiet ** (n_cases / EXACT_CUSUM_CASES)
    return float(grid[np.argmax(alarm <= ALPHA)])


def _unavailable(metric: str, reason: str) -> dict:
    return {"metric": metric, "available": False, "reason": reason}


def _cusum_text(metric: str, ref, arm_n: int, run, signal_ids: list[int]) -> str:
    benchmark, result = ref
    head = (f"{METRICS[metric].label} CUSUM over {arm_n} cases ({ARMS[result.arm].lower()})"
            f" against {benchmark.label} {pct(result.rate)}; threshold h = {run.threshold:.2f},"
            f" set to detect a {run.odds_ratio:g}-fold rise in the odds")
    if not signal_ids:
        return head + ": no signal."
    listed = ", ".join(str(i) for i in signal_ids)
    return head + f": SIGNAL at case id(s) {listed} — review these cases."


def cusum_for(metric: str, counts, candidates: list[Benchmark],
              codes: dict[str, str], flt: CaseFilter = CaseFilter()) -> dict:
    """Bernoulli CUSUM of one adverse outcome, in procedure order, against a benchmark rate."""
    benchmark, result, refusals = _reference(metric, candidates, flt)
    if benchmark is None:
        names = ", ".join(b.label for b in candidates)
        reason = " ".join(refusals) or (f"None of the benchmarks in use ({names}) reports a"
                                        f" {METRICS[metric].label.lower()} rate to monitor"
                                        " against.")
        return _unavailable(metric, reason)
    ref = benchmark, result
    group = counts.series(result.arm, metric)
    known = [entry for entry in group if entry[2] is not None]
    if not known:
        return _unavailable(metric, "No cases with known outcome to monitor.")
    outcomes = [value is True for _, _, value in known]
    run = cusum_path(outcomes, result.rate, h=threshold(result.rate, len(outcomes)))
    signal_ids = [known[i][0] for i in run.signals]
    return {"metric": metric, "available": True, "benchmark_id": benchmark.id,
            "benchmark_label": benchmark.label, "arm": result.arm, **run.to_dict(),
            "n": len(known), "unknown_excluded": len(group) - len(known),
            "case_ids": [entry[0] for entry in known], "signal_case_ids": signal_ids,
            "dates": [entry[1].isoformat() for entry in known], "outcomes": outcomes,
            "signal_dates": [known[i][1].isoformat() for i in run.signals],
            "definition_warnings": definition_mismatches(benchmark, metric, codes),
            "passed_over": refusals, "only_mature": metric in FOLLOWUP_METRICS,
            "text": _cusum_text(metric, ref, len(known), run, signal_ids)}


def cusum_section(counts, candidates: list[Benchmark],
                  settings: RegistrySettings, flt: CaseFilter = CaseFilter()) -> dict:
    """CUSUM for sICH and 90-day mortality; omitted with a reason when no benchmark is set."""
    if not candidates:
        reason = ("No benchmark was chosen and the registry settings name no default benchmark;"
                  " the CUSUM needs a published rate to monitor against.")
        return {metric: _unavailable(metric, reason) for metric in CUSUM_METRICS}
    codes = registry_definition_codes(settings)
    return {metric: cusum_for(metric, counts, candidates, codes, flt) for metric in CUSUM_METRICS}
