"""Published cohorts entered as cases reproduce the papers' percentages and SciPy's p-values."""
import json

import pytest
from scipy.stats import chi2_contingency, fisher_exact

from registry_app.domain.errors import NotFound, ValueProblem
from registry_app.services.statistics import compute_stats

from ..benchmark_reference import reference_p

OUTCOMES = ("recanalization", "good_outcome_90d", "sich", "mortality_90d")
CONTRACT_KEYS = {"cases", "mt_failed", "arms", "comparisons", "benchmark", "definitions",
                 "period", "followup", "times", "passes", "trend", "cusum"}


def pct(entry: dict) -> float:
    """A rate as the paper prints it: percent with one decimal."""
    return round(100 * entry["rate"], 1)


def table(arms: dict, metric: str) -> list[list[int]]:
    a, b = arms["rescue_stent"][metric], arms["no_stent"][metric]
    return [[a["events"], a["known"] - a["events"]], [b["events"], b["known"] - b["events"]]]


CHEN_PERCENT = {"recanalization": (88.9, 36.4), "good_outcome_90d": (55.6, 18.2),
                "sich": (11.1, 18.2), "mortality_90d": (22.2, 45.5)}


def test_chen_2019_percentages_reproduced_exactly(chen_registry):
    stats = compute_stats(chen_registry)
    assert stats["cases"] == 29 and stats["mt_failed"] == 29
    arms = stats["arms"]
    assert arms["rescue_stent"]["n"] == 18 and arms["no_stent"]["n"] == 11
    for metric, (stent, no_stent) in CHEN_PERCENT.items():
        assert (pct(arms["rescue_stent"][metric]), pct(arms["no_stent"][metric])) == (stent, no_stent)
    assert [arms["rescue_stent"][m]["events"] for m in OUTCOMES] == [16, 10, 2, 4]
    assert [arms["no_stent"][m]["events"] for m in OUTCOMES] == [4, 2, 2, 5]
    assert all(arms[a][m]["unknown"] == 0 and arms[a][m]["bounds"] is None
               for a in ("rescue_stent", "no_stent") for m in OUTCOMES)


def test_chen_2019_p_values_are_scipy_fisher(chen_registry):
    stats = compute_stats(chen_registry)
    comparisons, arms = stats["comparisons"], stats["arms"]
    for metric in OUTCOMES:
        result = comparisons[metric]
        assert result["test"] == "fisher_exact"  # expected counts below 5 in every table
        assert result["p_value"] == pytest.approx(fisher_exact(table(arms, metric)).pvalue,
                                                  rel=1e-12)
    assert comparisons["recanalization"]["p_value"] == pytest.approx(0.010198, abs=1e-6)
    assert comparisons["recanalization"]["significant"] is True


def test_chen_good_outcome_significance_depends_on_the_test_and_is_shown_plainly(chen_registry):
    """Chen 2019 reports P<0.05 for good outcome; Fisher's exact test gives 0.064."""
    good = compute_stats(chen_registry)["comparisons"]["good_outcome_90d"]
    assert good["p_value"] == pytest.approx(0.064105, abs=1e-6)
    assert good["significant"] is False
    assert "Fisher's exact test, p = 0.064 — not statistically significant" in good["text"]
    assert "rescue stent 10/18 (55.6%) vs no stent 2/11 (18.2%)" in good["text"]
    assert "below 5" in good["reason"]
    # the uncorrected chi-square (wrong here: expected counts < 5) would have said p < 0.05
    assert chi2_contingency([[10, 8], [2, 9]], correction=False).pvalue < 0.05


def test_chen_cohort_matches_chen_benchmark(chen_registry):
    bench = compute_stats(chen_registry, benchmark_ids=["chen2019"])["benchmark"]
    assert bench["id"] == "chen2019" and "Chinese Journal of Neuromedicine" in bench["citation"]
    assert set(bench["by_arm"]) == {"rescue_stent", "no_stent"}
    for arm, metrics in bench["by_arm"].items():
        for metric, entry in metrics.items():
            assert entry["test"] in ("fisher_exact", "chi_square")  # the study's own counts
            assert entry["p_value"] == pytest.approx(reference_p(entry), rel=1e-12)
            assert entry["p_value"] == pytest.approx(1.0) and entry["difference"] == 0
            assert round(entry["center_rate"], 3) == entry["benchmark_rate"]
            assert entry["too_small"] is True  # fewer than 20 cases per arm
            assert entry["verdict"] == "not_assessable"
    assert bench["metrics"]["good_outcome_90d"]["arm"] == "rescue_stent"  # single primary arm


def test_chen_benchmark_says_its_definitions_are_not_reported(chen_registry):
    sich = compute_stats(chen_registry, benchmark_ids=["chen2019"])["benchmark"]["metrics"]["sich"]
    assert sich["definitions_match"] is False
    [warning] = sich["definition_warnings"]
    assert "Chen 2019 does not report" in warning and "Heidelberg" in warning
    assert warning in sich["text"]



CHANG_PERCENT = {"good_outcome_90d": (39.6, 22.0), "sich": (16.7, 20.0), "mortality_90d": (12.5, 19.0)}
CHANG_PAPER_P = {"good_outcome_90d": 0.031, "sich": 0.823, "mortality_90d": 0.360}


def test_chang_2018_percentages_and_chi_square(chang_registry):
    stats = compute_stats(chang_registry)
    arms = stats["arms"]
    assert stats["cases"] == 591 and stats["mt_failed"] == 148
    assert pct(stats["procedure"]["mt_failure"]) == 25.0
    assert pct(arms["rescue_stent"]["recanalization"]) == 64.6
    for metric, (stent, no_stent) in CHANG_PERCENT.items():
        assert (pct(arms["rescue_stent"][metric]), pct(arms["no_stent"][metric])) == (stent, no_stent)
        result = stats["comparisons"][metric]
        assert result["test"] == "chi_square"  # every expected count is at least 5
        expected = chi2_contingency(table(arms, metric), correction=False).pvalue
        assert result["p_value"] == pytest.approx(expected, rel=1e-12)
        assert "Pearson chi-square test" in result["text"]


def test_chang_2018_printed_p_values_are_fisher_not_our_chi_square(chang_registry):
    """The paper's P values equal Fisher's exact test; the app shows its own choice plainly."""
    stats = compute_stats(chang_registry)
    for metric, paper_p in CHANG_PAPER_P.items():
        fisher = fisher_exact(table(stats["arms"], metric)).pvalue
        assert round(fisher, 3) == paper_p
        assert stats["comparisons"][metric]["p_value"] != pytest.approx(fisher, abs=1e-3)
    good = stats["comparisons"]["good_outcome_90d"]
    assert good["p_value"] == pytest.approx(0.025252, abs=1e-6) and good["significant"] is True


def test_chang_cohort_matches_chang_benchmark_including_all_mt_failure(chang_registry):
    bench = compute_stats(chang_registry, benchmark_ids=["chang2018"])["benchmark"]
    failure = bench["by_arm"]["all_mt"]["mt_failure"]
    assert (failure["center"]["events"], failure["center"]["known"]) == (148, 591)
    assert failure["verdict"] == "consistent" and failure["too_small"] is False
    assert failure["test"] == "chi_square" and failure["p_value"] == pytest.approx(1.0)
    assert failure["p_value"] == pytest.approx(reference_p(failure), rel=1e-12)
    good = bench["metrics"]["good_outcome_90d"]
    assert good["benchmark_derived"] is True and good["verdict"] == "consistent"
    # Chang used mRS 0-2 without a stated time point; the registry uses mRS 0-2 at 90 days
    assert "mRS 0-2 (time point not stated)" in good["definition_warnings"][0]


def test_output_is_json_ready_with_the_contract_keys(chen_registry):
    stats = compute_stats(chen_registry, benchmark_ids=["chen2019", "chang2018"])
    parsed = json.loads(json.dumps(stats))
    assert CONTRACT_KEYS <= set(parsed)
    assert [b["id"] for b in parsed["benchmarks"]] == ["chen2019", "chang2018"]
    assert parsed["benchmark"]["id"] == "chen2019"
    recan = parsed["arms"]["rescue_stent"]["recanalization"]
    assert {"events", "known", "unknown", "rate", "ci95"} <= set(recan)
    assert 0 <= recan["ci95"][0] <= recan["rate"] <= recan["ci95"][1] <= 1
    assert {"test", "p_value", "reason"} <= set(parsed["comparisons"]["sich"])
    entry = parsed["benchmark"]["metrics"]["good_outcome_90d"]
    assert {"arm", "benchmark_rate", "center_rate", "p_value", "verdict", "text", "too_small",
            "definition_warnings"} <= set(entry)


def test_definitions_travel_with_the_numbers(chen_registry):
    definitions = compute_stats(chen_registry)["definitions"]
    assert definitions["good_outcome_90d"] == "mRS 0-2 at 90 days; a death within the period counts as mRS 6"
    assert "Heidelberg" in definitions["sich"]
    assert definitions["followup_window"] == "90 ± 14 days after the procedure"
    assert definitions["codes"] == {"sich": "heidelberg", "good_outcome": "mrs_0_2_90d",
                                    "recanalization_threshold": "2b", "mortality_time_frame": "90d"}
    assert "below 2b" in definitions["mt_failure"]


def test_unknown_benchmark_id_is_a_plain_error(chen_registry):
    with pytest.raises(NotFound, match="'nope' is not in the library.*chen2019"):
        compute_stats(chen_registry, benchmark_ids=["nope"])


def test_unknown_trend_period_is_a_plain_error(chen_registry):
    with pytest.raises(ValueProblem, match="'week' is not allowed"):
        compute_stats(chen_registry, by="week")
