"""Published benchmarks that a centre's thrombectomy rates are compared with.

Each benchmark is one study, stored as a human-readable TOML file (schema in
``resources/benchmarks/README.md``); reading and writing the files is
``services/benchmark_files.py``.  Everything here is pure Python: the vocabularies,
validating a benchmark given as a table of fields, deriving counts from printed
percentages, confidence intervals, and plain-words warnings when a study's
definitions differ from the registry's.
"""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any, Iterable, Mapping

from .vocab import TERRITORY

# ---------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricInfo:
    """Plain label and definition of a metric code; `arms` limits the allowed arms."""

    label: str
    definition: str
    arms: tuple[str, ...] = ("rescue_stent", "no_stent", "failed_mt", "all_mt")
    adverse: bool = False
    """A lower rate is better (decides 'better' or 'worse' in a comparison)."""


_WHOLE_COHORT = ("all_mt",)

METRICS: dict[str, MetricInfo] = {
    "recanalization": MetricInfo(
        "Successful recanalization", "Final reperfusion eTICI/mTICI ≥ 2b (\"successful recanalization\")"),
    "good_outcome_90d": MetricInfo(
        "Good outcome at 90 days", "Good functional outcome as the study defines it (usually mRS 0-2 at 90 days)"),
    "excellent_outcome_90d": MetricInfo("Excellent outcome at 90 days", "mRS 0-1 at 90 days"),
    "favourable_outcome_90d": MetricInfo("Favourable outcome at 90 days", "mRS 0-3 at 90 days"),
    "sich": MetricInfo("Symptomatic intracranial haemorrhage", "Symptomatic ICH as the study defines it",
                       adverse=True),
    "mortality_90d": MetricInfo("Mortality at 90 days", "Death from any cause within 90 days",
                                adverse=True),
    "mt_failure": MetricInfo(
        "Thrombectomy failure", "Share of thrombectomies that did not reach successful reperfusion", _WHOLE_COHORT,
        adverse=True),
    "first_pass_effect": MetricInfo(
        "First-pass effect", "eTICI/mTICI 2c-3 after a single pass", _WHOLE_COHORT),
    "modified_first_pass_effect": MetricInfo(
        "Modified first-pass effect", "eTICI/mTICI 2b-3 after a single pass", _WHOLE_COHORT),
    "reocclusion": MetricInfo("Re-occlusion", "Re-occlusion of the treated artery on follow-up imaging",
                              adverse=True),
    "rescue_stent_share": MetricInfo(
        "Rescue stent after failed thrombectomy", "Share of failed thrombectomies that received a rescue stent",
        _WHOLE_COHORT),
    "technical_success": MetricInfo("Technical success", "Technical success as the study defines it"),
    "technical_success_assisted": MetricInfo(
        "Technical success with adjunctive treatment",
        "Technical success after adjunctive or additional devices, as the study defines it"),
    "procedural_success": MetricInfo(
        "Procedural success", "Technical success without in-hospital major adverse events"),
    "limb_salvage_30d": MetricInfo("Limb salvage at 30 days", "Target limb free of major amputation at 30 days"),
    "limb_salvage_365d": MetricInfo("Limb salvage at 1 year", "Target limb free of major amputation at 365 days"),
    "mortality_30d": MetricInfo("Mortality at 30 days", "Death from any cause within 30 days",
                                adverse=True),
    "mortality_365d": MetricInfo("Mortality at 1 year", "Death from any cause within 365 days",
                                 adverse=True),
    "major_complications": MetricInfo("Major complications", "Major complications as the study defines them",
                                      adverse=True),
}

ARMS: dict[str, str] = {
    "rescue_stent": "Rescue stent after failed thrombectomy",
    "no_stent": "Failed thrombectomy without rescue stent",
    "failed_mt": "Failed thrombectomy, with or without rescue stent",
    "all_mt": "All patients treated (whole study cohort)",
}

TERRITORIES: dict[str, str] = {c.code: c.label for c in TERRITORY}
"""A benchmark's territory: the registry's own territory vocabulary."""

DESIGNS: dict[str, str] = {
    "rct": "Randomised controlled trial",
    "prospective_registry": "Prospective registry",
    "multicenter_retrospective": "Multicentre retrospective study",
    "single_center_retrospective": "Single-centre retrospective study",
    "meta_analysis": "Meta-analysis",
    "population_registry": "Population-based or nationwide registry",
    "single_arm_prospective": "Single-arm prospective study",
    "not_reported": "Design not stated in the sources read",
}

VERIFICATIONS: dict[str, str] = {
    "V": "Figures read verbatim in a source",
    "V-part": "Partly verified; only the verified figures are entered",
    "R": "Recalled, not checked against a source",
}

CIRCULATIONS: dict[str, str] = {
    "anterior": "Anterior circulation",
    "posterior": "Posterior circulation",
    "both": "Anterior and posterior circulation",
    "not_reported": "Not reported",
}

RECANALIZATION_THRESHOLDS: dict[str, str] = {
    "2a": "eTICI/mTICI ≥ 2a",
    "2b": "eTICI/mTICI ≥ 2b",
    "2c": "eTICI/mTICI ≥ 2c",
    "3": "eTICI/mTICI 3",
    "not_reported": "not reported by the study",
}

GOOD_OUTCOME_DEFINITIONS: dict[str, str] = {
    "mrs_0_2_90d": "mRS 0-2 at 90 days",
    "mrs_0_1_90d": "mRS 0-1 at 90 days",
    "mrs_0_3_90d": "mRS 0-3 at 90 days",
    "mrs_0_2": "mRS 0-2 (time point not stated)",
    "mrs_0_1": "mRS 0-1 (time point not stated)",
    "mrs_0_3": "mRS 0-3 (time point not stated)",
    "other": "another definition (see the study notes)",
    "not_reported": "not reported by the study",
}

SICH_DEFINITIONS: dict[str, str] = {
    "heidelberg": "the Heidelberg Bleeding Classification",
    "ecass2": "the ECASS II definition",
    "ecass3": "the ECASS III definition",
    "sits_most": "the SITS-MOST definition",
    "ninds": "the NINDS definition",
    "cstk05": ("the Joint Commission CSTK-05 definition (NIHSS rise of 4 or more with parenchymal"
               " haematoma, SAH or IVH within 36 hours)"),
    "not_reported": "not reported by the study",
}

MORTALITY_TIME_FRAMES: dict[str, str] = {
    "90d": "90 days",
    "30d": "30 days",
    "365d": "1 year",
    "in_hospital": "in hospital",
    "not_reported": "not reported by the study",
}

SOURCES = ("shipped", "user")
RATE_TOLERANCE = 0.0051
NOT_REPORTED = "not_reported"
_ID_PATTERN = re.compile(r"^[a-z0-9_]{1,64}$")
_PERCENT_PATTERN = re.compile(r"^\s*(\d+)(?:[.,](\d+))?\s*%?\s*$")


class BenchmarkError(ValueError):
    """A benchmark file or entry is not valid; the message says where and why."""


# ---------------------------------------------------------------------------
# Data classes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    authors: str
    journal: str
    year: int | None = None
    volume_pages: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""


@dataclass(frozen=True)
class Population:
    country: str = ""
    region: str = ""
    circulation: str = NOT_REPORTED
    occlusion_sites: tuple[str, ...] = ()
    period: str = ""
    description: str = ""


@dataclass(frozen=True)
class Definitions:
    mt_failure: str = "not reported"
    recanalization_threshold: str = NOT_REPORTED
    good_outcome: str = NOT_REPORTED
    sich: str = NOT_REPORTED
    mortality_time_frame: str = NOT_REPORTED
    technical_success: str = "not reported"


@lru_cache(maxsize=1024)
def _wilson_interval(events: int, total: int) -> tuple[float, float]:
    """SciPy's Wilson 95% interval of events/total, remembered: the library's few hundred
    counted arms are shown again by every benchmark list, comparison and report."""
    from scipy.stats import binomtest  # imported lazily: only needed here

    interval = binomtest(events, total).proportion_ci(method="wilson")
    return float(interval.low), float(interval.high)


@dataclass(frozen=True)
class BenchmarkResult:
    metric: str
    arm: str
    rate: float
    events: int | None = None
    total: int | None = None
    derived: bool = False
    source_text: str = ""
    note: str = ""
    threshold: bool = False
    """A quality target (e.g. 'at least 50% of patients'), not a study's observed rate."""

    def ci95(self) -> tuple[float, float] | None:
        """Wilson 95% interval, or None when the count or denominator is unknown."""
        if self.events is None or self.total is None:
            return None
        return _wilson_interval(self.events, self.total)


@dataclass(frozen=True)
class Benchmark:
    id: str
    title: str
    territory: str
    design: str
    verification: str
    notes: str
    citation: Citation
    population: Population
    definitions: Definitions
    results: tuple[BenchmarkResult, ...]
    source: str = "shipped"
    short_name: str = ""

    def result(self, metric: str, arm: str) -> BenchmarkResult | None:
        """The result for one metric and arm, or None if the study does not give it."""
        return next((r for r in self.results if r.metric == metric and r.arm == arm), None)

    @property
    def label(self) -> str:
        """Short name for lists and warnings, e.g. "Chen 2019"."""
        return self.short_name or self.id

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary in the file schema, plus `source`."""
        data = asdict(self)
        data["population"]["occlusion_sites"] = list(self.population.occlusion_sites)
        data["results"] = [asdict(r) for r in self.results]
        return data


@dataclass(frozen=True)
class LibraryLoad:
    """Benchmarks that loaded, and one plain-words message per file that did not."""

    benchmarks: list[Benchmark] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def get(self, benchmark_id: str) -> Benchmark | None:
        return next((b for b in self.benchmarks if b.id == benchmark_id), None)


# ---------------------------------------------------------------------------
# Deriving counts from percentages
# ---------------------------------------------------------------------------


def derive_count(percent_text: str, total: int) -> int | None:
    """The one whole count k in 0..total that rounds to the printed percentage.

    Precision is the number of digits after the decimal point in `percent_text`
    ("39.6%" → one decimal).  A count matches when k/total lies within half a unit
    of the last printed digit (ties count as matches, so rounding conventions
    cannot create false certainty).  Returns None when no count or several counts
    match.
    """
    match = _PERCENT_PATTERN.match(percent_text)
    if not match:
        raise BenchmarkError(f"'{percent_text}' is not a percentage such as '39.6%'.")
    if isinstance(total, bool) or not isinstance(total, int) or total < 1:
        raise BenchmarkError(f"the denominator must be a whole number of at least 1, not {total!r}.")
    whole, decimals = match.group(1), match.group(2) or ""
    printed = Fraction(f"{whole}.{decimals}" if decimals else whole)
    half_unit = Fraction(1, 2 * 10 ** len(decimals))
    low = math.ceil((printed - half_unit) * total / 100)
    high = math.floor((printed + half_unit) * total / 100)
    candidates = range(max(low, 0), min(high, total) + 1)
    return candidates[0] if len(candidates) == 1 else None


# ---------------------------------------------------------------------------
# Parsing and validation
# ---------------------------------------------------------------------------

_TOP_KEYS = {"id", "title", "short_name", "territory", "design", "verification", "notes",
             "citation", "population", "definitions", "results", "source"}
_RESULT_KEYS = {"metric", "arm", "rate", "events", "total", "derived", "source_text", "note",
                "threshold"}


def _fail(where: str, problem: str) -> BenchmarkError:
    return BenchmarkError(f"{where}: {problem}")


def _check_keys(data: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
    allowed = sorted(allowed)
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise _fail(where, f"unknown field '{key}'{hint}.")


def _text(data: Mapping[str, Any], key: str, where: str, required: bool = False, default: str = "") -> str:
    value = data.get(key, default)
    if value is None:
        value = default
    if not isinstance(value, str):
        raise _fail(f"{where}.{key}", f"must be text, not {value!r}.")
    if required and not value.strip():
        raise _fail(f"{where}.{key}", "is missing or empty.")
    return value.strip()


def _code(data: Mapping[str, Any], key: str, vocabulary: Mapping[str, object], where: str,
          default: str | None = None) -> str:
    value = data.get(key, default)
    if value is None:
        raise _fail(f"{where}.{key}", "is missing.")
    if not isinstance(value, str) or value not in vocabulary:
        raise _fail(f"{where}.{key}", f"unknown code '{value}'. Allowed: {', '.join(vocabulary)}.")
    return value


def _table(data: Mapping[str, Any], key: str, where: str, required: bool) -> Mapping[str, Any]:
    value = data.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping):
        raise _fail(f"{where}.{key}", "is missing (it must be a [" + key + "] table).")
    return value


def _parse_citation(data: Mapping[str, Any], where: str) -> Citation:
    where = f"{where}.citation"
    _check_keys(data, Citation.__dataclass_fields__, where)
    year = data.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100):
        raise _fail(f"{where}.year", f"must be a four-digit year, not {year!r}.")
    citation = Citation(
        authors=_text(data, "authors", where, required=True),
        journal=_text(data, "journal", where, required=True),
        year=year,
        volume_pages=_text(data, "volume_pages", where),
        doi=_text(data, "doi", where),
        pmid=_text(data, "pmid", where),
        url=_text(data, "url", where),
    )
    _check_identifiers(citation, where)
    return citation


def _check_identifiers(citation: Citation, where: str) -> None:
    if citation.pmid and not citation.pmid.isdigit():
        raise _fail(f"{where}.pmid", f"must contain digits only, not '{citation.pmid}'.")
    if citation.doi and not citation.doi.startswith("10."):
        raise _fail(f"{where}.doi", f"must start with '10.', not '{citation.doi}'.")


def _parse_population(data: Mapping[str, Any], where: str) -> Population:
    where = f"{where}.population"
    _check_keys(data, Population.__dataclass_fields__, where)
    sites = data.get("occlusion_sites", [])
    if not isinstance(sites, list) or not all(isinstance(s, str) and s.strip() for s in sites):
        raise _fail(f"{where}.occlusion_sites", "must be a list of site names such as [\"ICA\", \"M1\"].")
    return Population(
        country=_text(data, "country", where),
        region=_text(data, "region", where),
        circulation=_code(data, "circulation", CIRCULATIONS, where, NOT_REPORTED),
        occlusion_sites=tuple(s.strip() for s in sites),
        period=_text(data, "period", where),
        description=_text(data, "description", where),
    )


def _parse_definitions(data: Mapping[str, Any], where: str) -> Definitions:
    where = f"{where}.definitions"
    _check_keys(data, Definitions.__dataclass_fields__, where)
    return Definitions(
        mt_failure=_text(data, "mt_failure", where, default="not reported"),
        recanalization_threshold=_code(data, "recanalization_threshold", RECANALIZATION_THRESHOLDS, where,
                                       NOT_REPORTED),
        good_outcome=_code(data, "good_outcome", GOOD_OUTCOME_DEFINITIONS, where, NOT_REPORTED),
        sich=_code(data, "sich", SICH_DEFINITIONS, where, NOT_REPORTED),
        mortality_time_frame=_code(data, "mortality_time_frame", MORTALITY_TIME_FRAMES, where, NOT_REPORTED),
        technical_success=_text(data, "technical_success", where, default="not reported"),
    )


def _count(data: Mapping[str, Any], key: str, where: str, minimum: int) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(f"{where}.{key}", f"must be a whole number of at least {minimum}, not {value!r}.")
    return value


def _rate(data: Mapping[str, Any], where: str) -> float:
    value = data.get("rate")
    if value is None:
        raise _fail(f"{where}.rate", "is missing (give the reported rate as a fraction, e.g. 0.889).")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise _fail(f"{where}.rate", f"must be a fraction between 0 and 1 (88.9% is 0.889), not {value!r}.")
    return float(value)


def _parse_result(data: Any, where: str) -> BenchmarkResult:
    if not isinstance(data, Mapping):
        raise _fail(where, "must be a [[results]] table.")
    _check_keys(data, _RESULT_KEYS, where)
    metric = _code(data, "metric", METRICS, where)
    where = f"{where} ({metric})"
    arm = _code(data, "arm", ARMS, where)
    if arm not in METRICS[metric].arms:
        raise _fail(f"{where}.arm", f"'{metric}' is only given for the arm(s) {', '.join(METRICS[metric].arms)}.")
    derived, threshold = data.get("derived", False), data.get("threshold", False)
    for key, flag in (("derived", derived), ("threshold", threshold)):
        if not isinstance(flag, bool):
            raise _fail(f"{where}.{key}", f"must be true or false, not {flag!r}.")
    result = BenchmarkResult(
        metric=metric, arm=arm, rate=_rate(data, where),
        events=_count(data, "events", where, 0), total=_count(data, "total", where, 1),
        derived=derived, source_text=_text(data, "source_text", where, required=True),
        note=_text(data, "note", where), threshold=threshold,
    )
    _check_counts(result, where)
    return result


def _check_counts(result: BenchmarkResult, where: str) -> None:
    events, total = result.events, result.total
    if events is not None and total is None:
        raise _fail(where, "gives events but no total; a count needs its denominator.")
    if result.derived and events is None:
        raise _fail(f"{where}.derived", "is true but no events are given.")
    if events is None or total is None:
        return
    if events > total:
        raise _fail(where, f"events ({events}) are more than the total ({total}).")
    if abs(result.rate - events / total) > RATE_TOLERANCE:
        raise _fail(f"{where}.rate",
                    f"{result.rate} does not match {events}/{total} = {events / total:.3f}.")


def _parse_results(data: Mapping[str, Any], where: str) -> tuple[BenchmarkResult, ...]:
    raw = data.get("results", [])
    if not isinstance(raw, list):
        raise _fail(f"{where}.results", "must be a list of [[results]] tables.")
    results: list[BenchmarkResult] = []
    seen: set[tuple[str, str]] = set()
    for number, item in enumerate(raw, start=1):
        result = _parse_result(item, f"{where}.results[{number}]")
        if (result.metric, result.arm) in seen:
            raise _fail(f"{where}.results[{number}]",
                        f"metric '{result.metric}' for arm '{result.arm}' is given twice.")
        seen.add((result.metric, result.arm))
        results.append(result)
    return tuple(results)


def _parse_id(data: Mapping[str, Any], where: str) -> str:
    value = data.get("id")
    if not isinstance(value, str) or not _ID_PATTERN.match(value):
        raise _fail(f"{where}.id", f"{value!r} is not a valid id: use 1-64 lowercase letters, digits or '_'.")
    return value


def parse_benchmark(data: Mapping[str, Any], source: str, origin: str = "") -> Benchmark:
    """Validate one benchmark (a dict in the file schema) and build it.

    `origin` names the file or form in error messages; `source` is "shipped" or "user".
    Raises BenchmarkError naming the field and the problem.
    """
    if not isinstance(data, Mapping):
        raise BenchmarkError(f"{origin or 'benchmark'}: a benchmark must be a table of fields.")
    where = origin or f"benchmark {data.get('id', '(no id)')!r}"
    if source not in SOURCES:
        raise _fail(where, f"source must be one of {', '.join(SOURCES)}, not {source!r}.")
    _check_keys(data, _TOP_KEYS, where)
    return Benchmark(
        id=_parse_id(data, where),
        title=_text(data, "title", where, required=True),
        territory=_code(data, "territory", TERRITORIES, where),
        design=_code(data, "design", DESIGNS, where),
        verification=_code(data, "verification", VERIFICATIONS, where),
        notes=_text(data, "notes", where),
        citation=_parse_citation(_table(data, "citation", where, required=True), where),
        population=_parse_population(_table(data, "population", where, required=False), where),
        definitions=_parse_definitions(_table(data, "definitions", where, required=False), where),
        results=_parse_results(data, where),
        source=source,
        short_name=_text(data, "short_name", where),
    )


# ---------------------------------------------------------------------------
# Definition mismatches
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _DefinitionCheck:
    key: str             # field of Definitions and key of the registry's definitions
    topic: str           # "For <topic>, the study uses ..."
    unreported: str      # "<study> does not report <unreported>"
    vocabulary: Mapping[str, str]


_DEFINITION_FOR_METRIC: dict[str, _DefinitionCheck] = {
    "sich": _DefinitionCheck("sich", "symptomatic intracranial haemorrhage",
                             "its definition of symptomatic intracranial haemorrhage", SICH_DEFINITIONS),
    "good_outcome_90d": _DefinitionCheck("good_outcome", "good outcome", "its definition of good outcome",
                                         GOOD_OUTCOME_DEFINITIONS),
    "recanalization": _DefinitionCheck("recanalization_threshold", "successful recanalization",
                                       "which reperfusion grade it counted as successful",
                                       RECANALIZATION_THRESHOLDS),
    "mortality_90d": _DefinitionCheck("mortality_time_frame", "the time of mortality",
                                      "when it counted mortality", MORTALITY_TIME_FRAMES),
}
_REGISTRY_DEFAULTS = {"mortality_time_frame": "90d"}


def definition_mismatches(benchmark: Benchmark, metric: str,
                          registry_definitions: Mapping[str, str]) -> list[str]:
    """Plain-words warnings when the study defines `metric` differently from the registry.

    `registry_definitions` uses the same codes as the files, e.g.
    {"sich": "heidelberg", "good_outcome": "mrs_0_2_90d", "recanalization_threshold": "2b"}
    (mortality is assumed to be counted at 90 days unless "mortality_time_frame" is given).
    A definition the study does not report is also a warning.
    """
    check = _DEFINITION_FOR_METRIC.get(metric)
    if check is None:
        return []
    theirs = getattr(benchmark.definitions, check.key)
    ours = registry_definitions.get(check.key) or _REGISTRY_DEFAULTS.get(check.key, NOT_REPORTED)
    ours_text = check.vocabulary.get(ours, ours)
    if theirs == NOT_REPORTED:
        return [f"{benchmark.label} does not report {check.unreported}; your registry uses {ours_text}. "
                "Compare with care."]
    if ours == NOT_REPORTED:
        return [f"Your registry has no definition set for {check.topic}; {benchmark.label} uses "
                f"{check.vocabulary[theirs]}."]
    if theirs != ours:
        return [f"For {check.topic}, {benchmark.label} uses {check.vocabulary[theirs]}; your registry uses "
                f"{ours_text}. The rates may not be directly comparable."]
    return []


_TIME_FRAME_WORDS = {"90d": "at 90 days", "30d": "at 30 days", "365d": "at 1 year",
                     "in_hospital": "in hospital", NOT_REPORTED: "(time frame not stated)"}


def study_metric_label(benchmark: Benchmark, metric: str) -> str:
    """The metric's label in the study's own horizon and definition ('Mortality (time frame
    not stated)', 'mRS 0-3 at 90 days'), never a horizon the study did not give."""
    defs = benchmark.definitions
    if metric == "mortality_90d":
        return f"Mortality {_TIME_FRAME_WORDS.get(defs.mortality_time_frame, '')}".strip()
    if metric == "good_outcome_90d" and defs.good_outcome not in (NOT_REPORTED, "other"):
        return f"Good outcome, {GOOD_OUTCOME_DEFINITIONS[defs.good_outcome]}"
    if metric == "good_outcome_90d":
        return "Good outcome (definition and time point not stated)"
    return METRICS[metric].label
