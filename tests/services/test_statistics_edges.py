"""Statistics at the edges: zero counts, missing outcomes, mismatched definitions, filters."""
import json
from dataclasses import replace
from datetime import date

import pytest
from scipy.stats import binomtest

from registry_app.domain.errors import ValueProblem
from registry_app.services.benchmarks.library import save_benchmark
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.registry import save_settings
from registry_app.services.statistics import compute_stats, metric_case_ids

from .conftest import CHEN_2019, ArmSpec

OUTCOMES = ("recanalization", "good_outcome_90d", "sich", "mortality_90d")


def test_empty_registry_gives_no_rates_and_no_tests(registry):
    stats = compute_stats(registry)
    json.dumps(stats)
    assert stats["cases"] == 0 and stats["mt_failed"] == 0
    for arm in ("rescue_stent", "no_stent", "all_mt"):
        for metric in OUTCOMES:
            entry = stats["arms"][arm][metric]
            assert (entry["known"], entry["rate"], entry["ci95"], entry["ci_method"]) == (0, None, None, "none")
    assert stats["comparisons"]["sich"]["test"] == "none"
    assert stats["comparisons"]["sich"]["p_value"] is None
    assert "no cases with known outcome" in stats["comparisons"]["sich"]["reason"]
    assert stats["trend"]["month"] == [] and stats["passes"]["distribution"] == {}
    assert stats["cusum"]["sich"]["available"] is False
    assert "No benchmark was chosen" in stats["cusum"]["sich"]["reason"]
    assert any("no cases in this selection" in w for w in stats["warnings"])


def test_zero_and_all_events_use_exact_intervals(registry, cohort_cases, add_cases):
    add_cases(cohort_cases({"rescue_stent": ArmSpec(5, 5, 0, 0, 0),
                            "no_stent": ArmSpec(4, 4, 0, 0, 0)}))
    stats = compute_stats(registry)
    recan, sich = stats["arms"]["rescue_stent"]["recanalization"], stats["arms"]["rescue_stent"]["sich"]
    assert (recan["events"], recan["known"], recan["rate"]) == (5, 5, 1.0)
    assert recan["ci_method"] == "exact" and recan["ci95"][1] == 1.0
    assert recan["ci95"][0] == pytest.approx(binomtest(5, 5).proportion_ci(method="exact").low)
    assert (sich["events"], sich["known"], sich["rate"], sich["ci95"][0]) == (0, 5, 0.0, 0.0)
    assert sich["ci95"][1] == pytest.approx(1 - 0.025 ** (1 / 5))
    assert sich["small_numbers"] is True
    assert stats["comparisons"]["recanalization"]["test"] == "none"
    assert "every case in both arms had the event" in stats["comparisons"]["recanalization"]["reason"]
    assert "neither arm had any event" in stats["comparisons"]["sich"]["reason"]
    assert any("only 5 cases" in w for w in stats["warnings"])


def test_an_empty_arm_is_0_of_0_and_not_tested(registry, cohort_cases, add_cases):
    add_cases(cohort_cases({"rescue_stent": ArmSpec(6, 5, 3, 1, 1)}))
    stats = compute_stats(registry)
    empty = stats["arms"]["no_stent"]
    assert empty["n"] == 0 and empty["good_outcome_90d"]["rate"] is None
    assert stats["comparisons"]["good_outcome_90d"]["reason"] == (
        "No test: the no-stent arm has no cases with known outcome.")
    assert stats["comparisons"]["good_outcome_90d"]["text"].endswith(
        "vs no stent no known outcome. No test: the no-stent arm has no cases with known outcome.")


@pytest.fixture
def lossy_registry(registry, cohort_cases, add_cases):
    """10 stented (3 lost to follow-up) and 10 not stented (5 lost) failed thrombectomies."""
    ids = add_cases(cohort_cases({"rescue_stent": ArmSpec(10, 10, 4, 0, 2, unknown=3),
                                  "no_stent": ArmSpec(10, 2, 1, 0, 3, unknown=5)}))
    registry.ids = ids
    return registry


def test_missing_outcomes_are_counted_beside_the_rate_with_bounds(lossy_registry):
    stent = compute_stats(lossy_registry)["arms"]["rescue_stent"]
    good, dead = stent["good_outcome_90d"], stent["mortality_90d"]
    assert (good["events"], good["known"], good["unknown"]) == (4, 7, 3)
    assert good["rate"] == pytest.approx(4 / 7)
    assert good["bounds"] == pytest.approx({"low": 0.4, "high": 0.7, "best_case": 0.7,
                                            "worst_case": 0.4, "denominator": 10})
    assert (dead["events"], dead["known"], dead["unknown"]) == (2, 7, 3)
    assert (dead["bounds"]["best_case"], dead["bounds"]["worst_case"]) == (0.2, 0.5)
    assert stent["sich"]["bounds"] is None  # sICH is recorded for every case


def test_followup_completeness_per_arm_shows_the_higher_loss(lossy_registry):
    follow = compute_stats(lossy_registry)["followup"]
    stent, no_stent = follow["arms"]["rescue_stent"], follow["arms"]["no_stent"]
    assert (stent["due"], stent["complete"], stent["missing"]) == (10, 7, 3)
    assert (no_stent["due"], no_stent["complete"], no_stent["missing"]) == (10, 5, 5)
    assert no_stent["missing_by_status"] == {"lost": 5}
    assert follow["overall"]["completeness"]["rate"] == pytest.approx(12 / 20)
    # the no-stent cases 0-7 were not recanalized; 4-8 were lost (8 was recanalized)
    assert follow["by_recanalization"]["not_recanalized"]["missing"] == 4
    assert follow["by_recanalization"]["recanalized"]["missing"] == 4


def test_case_ids_behind_every_number(lossy_registry):
    ids = lossy_registry.ids
    flt = CaseFilter()
    unknown = metric_case_ids(lossy_registry, flt, "rescue_stent", "good_outcome_90d", "unknown")
    assert unknown == ids[6:9]  # after 2 deaths and 4 good outcomes come the 3 lost
    events = metric_case_ids(lossy_registry, flt, "rescue_stent", "mortality_90d", "events")
    assert events == ids[0:2]
    known = metric_case_ids(lossy_registry, flt, "no_stent", "good_outcome_90d", "known")
    assert len(known) == 5 and set(known) <= set(ids[10:])
    assert metric_case_ids(lossy_registry, flt, "all_mt", "followup_complete", "events") == [
        i for i in ids if i not in ids[6:9] + ids[14:19]]


def test_metric_case_ids_rejects_unknown_names(lossy_registry):
    with pytest.raises(ValueProblem, match="Arm: 'stent'"):
        metric_case_ids(lossy_registry, CaseFilter(), "stent", "sich")
    with pytest.raises(ValueProblem, match="Metric: 'bleeding'"):
        metric_case_ids(lossy_registry, CaseFilter(), "all_mt", "bleeding")
    with pytest.raises(ValueProblem, match="Which: 'some'"):
        metric_case_ids(lossy_registry, CaseFilter(), "all_mt", "sich", "some")


ECASS_STUDY = {
    "id": "ecass_study", "title": "A study using ECASS III", "territory": "cerebral",
    "design": "prospective_registry", "verification": "V",
    "citation": {"authors": "Doe J", "journal": "Test Journal", "year": 2024},
    "definitions": {"sich": "ecass3", "good_outcome": "mrs_0_2_90d", "recanalization_threshold": "2b",
                    "mortality_time_frame": "90d"},
    "results": [
        {"metric": "sich", "arm": "rescue_stent", "rate": 0.1, "events": 2, "total": 20,
         "source_text": "10% (2/20)"},
        {"metric": "good_outcome_90d", "arm": "rescue_stent", "rate": 0.5, "events": 10,
         "total": 20, "source_text": "50% (10/20)"},
        {"metric": "sich", "arm": "all_mt", "rate": 0.01, "events": 1, "total": 100,
         "source_text": "1% (1/100)"},
    ],
}


def test_benchmark_with_another_sich_definition_is_flagged(chen_registry):
    save_benchmark(ECASS_STUDY)
    metrics = compute_stats(chen_registry, benchmark_ids=["ecass_study"])["benchmark"]["metrics"]
    sich, good = metrics["sich"], metrics["good_outcome_90d"]
    assert sich["definitions_match"] is False
    [warning] = sich["definition_warnings"]
    assert "ECASS III" in warning and "Heidelberg" in warning and "directly comparable" in warning
    assert warning in sich["text"]
    assert good["definitions_match"] is True and good["definition_warnings"] == []


def test_matching_registry_definition_removes_the_warning(chen_registry):
    save_benchmark(ECASS_STUDY)
    save_settings(chen_registry, replace(chen_registry.settings(), sich_definition="ecass3"))
    stats = compute_stats(chen_registry, benchmark_ids=["ecass_study"])
    assert stats["benchmark"]["metrics"]["sich"]["definition_warnings"] == []
    assert "ECASS III" in stats["definitions"]["sich"]


def test_cusum_signals_against_a_low_benchmark_rate(chen_registry):
    from registry_app.stats import cusum_path
    save_benchmark(ECASS_STUDY)
    cusum = compute_stats(chen_registry, benchmark_ids=["ecass_study"])["cusum"]
    sich = cusum["sich"]
    assert sich["available"] and sich["arm"] == "all_mt" and sich["p0"] == 0.01
    assert sich["n"] == 29 and len(sich["values"]) == 29
    outcomes = [i in (0, 1, 18, 19) for i in range(29)]  # the sICH cases, in procedure order
    expected = cusum_path(outcomes, 0.01)
    assert sich["threshold"] == expected.threshold
    assert sich["signal_case_ids"] == [sich["case_ids"][i] for i in expected.signals]
    assert sich["signal_case_ids"] and "SIGNAL" in sich["text"]
    assert cusum["mortality_90d"]["available"] is False
    assert "reports a mortality at 90 days rate" in cusum["mortality_90d"]["reason"]


def test_default_benchmark_from_settings_is_used(chen_registry):
    save_settings(chen_registry, replace(chen_registry.settings(), default_benchmark="chen2019"))
    stats = compute_stats(chen_registry)
    assert stats["benchmark"]["id"] == "chen2019"
    assert stats["cusum"]["mortality_90d"]["arm"] == "rescue_stent"  # Chen has no all-MT rate
    assert stats["cusum"]["mortality_90d"]["p0"] == 0.222


def test_missing_default_benchmark_is_a_warning(chen_registry):
    save_settings(chen_registry, replace(chen_registry.settings(), default_benchmark="gone"))
    stats = compute_stats(chen_registry)
    assert stats["benchmark"] is None
    assert any("'gone'" in w for w in stats["warnings"])


def test_trend_lists_empty_months_and_quarters(registry, cohort_cases, add_cases):
    add_cases(cohort_cases({"rescue_stent": ArmSpec(2, 2, 1, 0, 0)}, "A", date(2025, 1, 10))
              + cohort_cases({"no_stent": ArmSpec(3, 0, 0, 1, 1)}, "B", date(2025, 3, 5)))
    trend = compute_stats(registry, CaseFilter(date_from=date(2024, 12, 1)))["trend"]
    assert [(r["period"], r["cases"]) for r in trend["month"]] == [
        ("2024-12", 0), ("2025-01", 2), ("2025-02", 0), ("2025-03", 3)]
    assert [(r["period"], r["cases"]) for r in trend["quarter"]] == [("2024-Q4", 0), ("2025-Q1", 5)]
    march = trend["month"][3]
    assert (march["mt_failure"]["events"], march["sich"]["events"]) == (3, 1)
    assert trend["month"][1]["recanalization"]["rate"] == 1.0


def test_times_and_passes(chen_registry):
    stats = compute_stats(chen_registry)
    door = stats["times"]["door_to_puncture"]
    assert (door["n"], door["median"], door["q1"], door["q3"], door["missing"]) == (29, 65, 65, 65, 0)
    assert stats["times"]["onset_to_reperfusion"]["median"] == 210
    assert stats["passes"]["distribution"] == {"2": 29} and stats["passes"]["median"] == 2
    assert stats["procedure"]["mt_failure"]["rate"] == 1.0
    assert stats["procedure"]["first_pass_effect"]["events"] == 0
    assert stats["procedure"]["rescue_stent_share"]["events"] == 18


def test_filters_by_site_circulation_operator_and_date(registry, cohort_cases, add_cases):
    basilar = cohort_cases({"rescue_stent": ArmSpec(3, 3, 1, 0, 0)}, "BA")
    for case in basilar:
        case.values.update(occlusion_site="BA", occlusion_side="midline", operator="OP2")
    add_cases(basilar + cohort_cases(CHEN_2019, "M1", date(2025, 2, 3)))
    assert compute_stats(registry, CaseFilter(circulation="posterior"))["cases"] == 3
    assert compute_stats(registry, CaseFilter(circulation="anterior"))["cases"] == 29
    assert compute_stats(registry, CaseFilter(occlusion_sites=("M1", "BA")))["cases"] == 32
    assert compute_stats(registry, CaseFilter(operator="OP2"))["cases"] == 3
    stats = compute_stats(registry, CaseFilter().with_month("2025-02"))
    assert stats["cases"] == 29 and stats["period"]["from"] == "2025-02-01"
