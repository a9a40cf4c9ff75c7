"""Limb and coronary figures against the territory's published benchmarks (matching measures only).

The comparison itself is stats_benchmarks.metric_comparison (exact binomial test and verdict);
this module decides which of the centre's measures a study's figure matches, on which cases
(all, or chronic total occlusions only for a CTO study), and says in words how the study's
definition differs from the registry's.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Sequence

from ....domain.benchmarks import DESIGNS, METRICS, Benchmark
from ...benchmarks.library import citation_text
from ...cases.queries import CaseFilter
from ..benchmarks import metric_comparison, population_warnings
from .counts import Facts, rate_entry, tally
from ..territories import TERRITORIES

MATCH: dict[str, dict[str, str]] = {
    "limb": {"technical_success": "mt_flow_restored",
             "technical_success_assisted": "technical_success",
             "limb_salvage_30d": "limb_salvage_30d", "mortality_30d": "death_30d"},
    "coronary": {"technical_success": "technical_success",
                 "procedural_success": "procedural_success",
                 "major_complications": "major_complications", "mortality_30d": "death_30d"},
}
"""Benchmark metric code -> the centre's measure it is compared with, per territory."""

OWN_DEFINITION_CODES = ("technical_success", "technical_success_assisted", "procedural_success")
ONE_YEAR = ("limb_salvage_365d", "mortality_365d")

LIMB_NOTES = {
    "technical_success": ("{study} reports technical success after thrombectomy alone; it is"
                          " compared with your flow after thrombectomy alone (before adjunctive"
                          " therapy), not with your final flow."),
    "technical_success_assisted": ("{study} reports technical success after adjunctive"
                                   " treatment; it is compared with your final flow 2-3 after"
                                   " any adjunctive therapy."),
}
CORONARY_NOTES = {
    "technical_success": ("Definitions differ: {study} defines technical success by its own"
                          " criteria (residual stenosis); your registry counts a stent"
                          " delivered (first attempt or re-attempt) with final TIMI 3."
                          " Compare with care."),
    "procedural_success": ("Definitions differ: {study} counts in-hospital events; your"
                           " registry counts death, MI and repeat revascularisation within 30"
                           " days, tamponade and emergency surgery. Compare with care."),
    "major_complications": ("Definitions differ: {study} counts in-hospital death, MI,"
                            " tamponade, stroke and emergency CABG; your registry counts death"
                            " and MI within 30 days, tamponade and emergency surgery (stroke is"
                            " not recorded for coronary cases). Compare with care."),
}
NOTES = {"limb": LIMB_NOTES, "coronary": CORONARY_NOTES}


def studied_cto_only(benchmark: Benchmark) -> bool:
    """A coronary study of chronic total occlusions (from its own title and population)."""
    words = f"{benchmark.title} {benchmark.population.description}".lower()
    return benchmark.territory == "coronary" and "chronic total occlusion" in words


def study_definition(benchmark: Benchmark, code: str) -> str:
    own = benchmark.definitions.technical_success
    if code in OWN_DEFINITION_CODES and own and own != "not reported":
        return own
    return METRICS[code].definition


class TerritoryCounts:
    """Tallies of one cohort of facts, in the form stats_benchmarks.metric_comparison reads."""

    def __init__(self, facts: list[Facts], territory: str) -> None:
        self.facts, self.match = facts, MATCH[territory]

    def tally(self, arm: str, metric: str) -> tuple[int, int, int]:
        return self.full_tally(arm, metric)[:3]

    def full_tally(self, arm: str, metric: str) -> tuple[int, int, int, int, int]:
        """(events, known, unknown, not yet due, provisional events: not counted here)."""
        events, known, unknown, waiting = tally(self.facts, self.match[metric])
        return events, known, unknown, waiting, 0


def cohort_of(benchmark: Benchmark, facts: list[Facts]) -> tuple[str, list[Facts]]:
    """("cto", the CTO cases) for a study of chronic total occlusions, else ("all", facts)."""
    if studied_cto_only(benchmark):
        return "cto", cto_cases(facts)
    return "all", facts


def cto_cases(facts: list[Facts]) -> list[Facts]:
    return [f for f in facts if f.case.get("chronic_total_occlusion") is True]


COHORT_WORDS = {"all": "all cases in the selection", "cto": "chronic total occlusions only"}


def _not_compared(result, territory: str) -> dict | None:
    """Why a study figure is not compared, or None when the registry counts it."""
    noun = TERRITORIES[territory].noun
    if result.arm != "all_mt":
        reason = f"the study's arm '{result.arm}' has no counterpart among {noun} cases"
    elif result.metric in ONE_YEAR and territory == "limb":
        reason = "the registry follows limb cases to 90 days, not to 1 year"
    elif result.metric not in MATCH[territory]:
        reason = f"the registry does not record this measure for {noun} cases"
    else:
        return None
    return {"metric": result.metric, "metric_label": METRICS[result.metric].label,
            "arm": result.arm, "reason": reason}


def comparison_entry(benchmark: Benchmark, result, facts: list[Facts], territory: str,
                     codes: dict) -> dict:
    """metric_comparison of one figure, plus the centre's measure, cohort and both definitions."""
    cohort, members = cohort_of(benchmark, facts)
    entry = metric_comparison(benchmark, result, TerritoryCounts(members, territory), codes)
    key = MATCH[territory][result.metric]
    measure = next(m for m in TERRITORIES[territory].measures if m.key == key)
    theirs = study_definition(benchmark, result.metric)
    notes = [NOTES[territory][result.metric].format(study=benchmark.label, theirs=theirs)
             ] if result.metric in NOTES[territory] else []
    if cohort == "cto":
        notes.append(f"{benchmark.label} studied chronic total occlusions only; compared with"
                     f" your CTO cases ({len(members)}).")
    entry.update(registry_measure=key, registry_label=measure.label,
                 registry_definition=measure.definition, study_definition=theirs,
                 cohort=cohort, cohort_words=COHORT_WORDS[cohort], notes=notes,
                 text=" ".join([entry["text"], *notes]),
                 definitions_match=entry["definitions_match"] and not notes)
    return entry


def territory_benchmark_section(benchmark: Benchmark, facts: list[Facts], territory: str,
                                flt: CaseFilter, codes: dict) -> dict:
    """Every figure of the study that matches a centre measure, compared; the rest with reasons.

    Same shape as stats_benchmarks.benchmark_section (metrics, by_arm, not_compared, warnings).
    """
    metrics, not_compared = {}, []
    for result in benchmark.results:
        skipped = _not_compared(result, territory)
        if skipped:
            not_compared.append(skipped)
        else:
            metrics[result.metric] = comparison_entry(benchmark, result, facts, territory, codes)
    return {"id": benchmark.id, "label": benchmark.label, "title": benchmark.title,
            "territory": benchmark.territory, "citation": citation_text(benchmark),
            "design": benchmark.design, "design_label": DESIGNS[benchmark.design],
            "verification": benchmark.verification, "source": benchmark.source,
            "definitions": asdict(benchmark.definitions), "metrics": metrics,
            "by_arm": {"all_mt": metrics} if metrics else {}, "not_compared": not_compared,
            "warnings": population_warnings(benchmark, flt)}


def comparisons_by_measure(sections: Sequence[dict], facts: list[Facts],
                           territory: str) -> list[dict]:
    """Per centre measure and cohort: the centre's rate and every benchmark figure beside it."""
    groups: dict[tuple[str, str], dict] = {}
    measures = {m.key: m for m in TERRITORIES[territory].measures}
    for section in sections:
        for entry in section["metrics"].values():
            key = (entry["registry_measure"], entry["cohort"])
            if key not in groups:
                groups[key] = _centre_group(measures[key[0]], key[1], facts)
            groups[key]["entries"].append({"benchmark_id": section["id"],
                                           "benchmark_label": section["label"], **entry})
    order = list(measures)
    return sorted(groups.values(), key=lambda g: (order.index(g["measure"]), g["cohort"]))


def _centre_group(measure, cohort: str, facts: list[Facts]) -> dict:
    members = cto_cases(facts) if cohort == "cto" else facts
    label = measure.label + (" — CTO cases" if cohort == "cto" else "")
    return {"measure": measure.key, "cohort": cohort, "label": label,
            "centre": rate_entry(measure, members), "entries": []}


def registry_counterpart(territory: str, metric: str, arm: str) -> str:
    """In words: which of the registry's measures a study figure is compared with, or why none."""
    if territory == "cerebral":
        from ..metrics import ARM_LABELS, COUNTED_METRICS
        if metric in COUNTED_METRICS:
            return f"Compared with your cases: {ARM_LABELS[arm]}"
        return "Not compared: the registry does not record this measure"
    if territory not in MATCH:
        return "Not compared"
    skipped = _not_compared(_Figure(metric, arm), territory)
    if skipped:
        return f"Not compared: {skipped['reason']}"
    key = MATCH[territory][metric]
    label = next(m.label for m in TERRITORIES[territory].measures if m.key == key)
    return f"Compared with your {label[:1].lower() + label[1:]}"


class _Figure:
    """The two attributes of a benchmark result that _not_compared reads."""

    def __init__(self, metric: str, arm: str) -> None:
        self.metric, self.arm = metric, arm
