"""registry_app.stats.benchmark_test: the test chosen, p-values against SciPy, the difference
with Newcombe's interval, verdicts from the same test, and the clinician text."""

import math

import pytest
from scipy.stats import binomtest, chi2_contingency, fisher_exact

from registry_app.stats.benchmark_test import compare_with_benchmark, format_p
from registry_app.stats.difference import difference_ci, holm


def test_counted_arm_uses_fisher_when_an_expected_count_is_small():
    """A benchmark arm of 9/10 recanalized, centre 20/40 (expected count 4.2 < 5)."""
    v = compare_with_benchmark(20, 40, 0.9, benchmark_events=9, benchmark_total=10)
    assert v.test == "fisher_exact"
    assert v.p_value == pytest.approx(fisher_exact([[20, 20], [9, 1]]).pvalue, rel=1e-12)
    assert v.verdict == "worse" and v.direction == "below"  # higher recanalization is better
    assert v.difference == pytest.approx(20 / 40 - 9 / 10)
    low, high = v.difference_ci95
    assert low < v.difference < high < 0  # interval excludes 0, as the p-value says
    assert "Fisher's exact test, two-sided" in v.text and "worse than the benchmark 9/10" in v.text


def test_counted_arm_uses_chi_square_when_every_expected_count_is_at_least_5():
    v = compare_with_benchmark(60, 200, 0.25, benchmark_events=100, benchmark_total=400,
                               adverse=True)
    table = [[60, 140], [100, 300]]
    assert v.test == "chi_square"
    assert v.p_value == pytest.approx(chi2_contingency(table, correction=False).pvalue, rel=1e-12)
    assert v.verdict == "consistent" and v.p_value > 0.05


def test_a_small_benchmark_arm_is_not_treated_as_exact():
    """25/40 against Chen 2019's 16/18: the one-sample test treats 88.9% as exact; the
    two-sample test accounts for the benchmark's own 18 patients (expected counts >= 5)."""
    two_sample = compare_with_benchmark(25, 40, 16 / 18, benchmark_events=16, benchmark_total=18)
    one_sample = compare_with_benchmark(25, 40, 16 / 18)
    assert two_sample.p_value > one_sample.p_value
    assert two_sample.test == "chi_square"
    assert two_sample.p_value == pytest.approx(
        chi2_contingency([[25, 15], [16, 2]], correction=False).pvalue, rel=1e-12)


@pytest.mark.parametrize("events, known, rate, adverse, verdict", [
    (20, 200, 0.30, True, "better"),     # fewer deaths than the rate
    (20, 200, 0.30, False, "worse"),     # less recanalization than the rate
    (120, 200, 0.30, True, "worse"),
    (64, 200, 0.30, False, "consistent"),
])
def test_rate_without_counts_is_one_sided_exact_binomial(events, known, rate, adverse, verdict):
    v = compare_with_benchmark(events, known, rate, adverse=adverse)
    side = "greater" if events / known > rate else "less"
    assert v.test == "exact_binomial_one_sided"
    assert v.p_value == pytest.approx(binomtest(events, known, rate, alternative=side).pvalue,
                                      rel=1e-12)
    assert v.verdict == verdict
    assert (v.p_value < 0.05) == (verdict != "consistent")


def test_quality_threshold_is_tested_one_sided_even_with_counts():
    v = compare_with_benchmark(40, 100, 0.5, benchmark_events=50, benchmark_total=100,
                               threshold=True)
    assert v.test == "exact_binomial_one_sided"
    assert v.p_value == pytest.approx(binomtest(40, 100, 0.5, alternative="less").pvalue)
    assert v.verdict == "worse" and "the threshold 50.0%" in v.text


def test_fewer_than_20_known_is_not_assessable_whatever_the_p_value():
    v = compare_with_benchmark(0, 15, 0.6)
    assert v.p_value < 0.001 and v.verdict == "not_assessable" and v.too_small
    assert "too few to judge" in v.text and "not assessable against" in v.text


@pytest.mark.parametrize("a, n1, b, n2, low, high", [
    (56, 70, 48, 80, 0.0524, 0.3339), (9, 10, 3, 10, 0.1705, 0.8090),
    (6, 7, 2, 7, 0.0582, 0.8062), (5, 56, 0, 29, -0.0381, 0.1926),
    (0, 10, 0, 20, -0.1611, 0.2775), (10, 10, 0, 20, 0.6791, 1.0),
])
def test_newcombe_interval_matches_the_published_examples(a, n1, b, n2, low, high):
    """Newcombe, Stat Med 1998;17:873-90, Table II, method 10."""
    d, (lo, hi) = difference_ci(a, n1, b, n2)
    assert d == pytest.approx(a / n1 - b / n2)
    assert (round(lo, 4), round(hi, 4)) == (low, high)


def test_holm_adjustment():
    """Holm 1979: sorted p (0.01, 0.02, 0.04) x (3, 2, 1), kept monotone; None stays None."""
    assert holm([0.04, None, 0.01, 0.02]) == pytest.approx([0.04, None, 0.03, 0.04])
    assert holm([0.5, 0.6]) == [1.0, 1.0]


def test_no_known_outcomes_is_no_data():
    v = compare_with_benchmark(0, 0, 0.396, unknown=3)
    assert (v.verdict, v.p_value, v.too_small) == ("no_data", None, True)
    assert v.center.unknown == 3 and v.center.rate is None
    assert "no cases with known outcome" in v.text and "39.6%" in v.text
    assert "3 cases with unknown outcome" in v.text


def test_unknown_outcomes_reported_but_not_counted():
    v = compare_with_benchmark(60, 200, 0.30, unknown=1)
    assert v.center.unknown == 1 and v.center.known == 200
    assert "1 case with unknown outcome not counted." in v.text


@pytest.mark.parametrize("bad", [-0.1, 1.5, math.nan])
def test_bad_benchmark_rejected(bad):
    with pytest.raises(ValueError, match="benchmark_rate"):
        compare_with_benchmark(5, 20, bad)


def test_bad_counts_rejected():
    with pytest.raises(ValueError, match="cannot exceed"):
        compare_with_benchmark(21, 20, 0.5)


@pytest.mark.parametrize("p, text", [
    (0.81031, "p = 0.81"), (0.0496, "p = 0.050"), (0.0123, "p = 0.012"),
    (0.0004, "p < 0.001"), (1.0, "p = 1.00"), (0.1, "p = 0.10"),
])
def test_format_p(p, text):
    assert format_p(p) == text


def test_to_dict_has_the_test_and_the_difference():
    d = compare_with_benchmark(8, 18, 0.396).to_dict()
    assert d["center"]["events"] == 8 and d["center"]["ci95"][0] == pytest.approx(0.2456, abs=1e-4)
    assert d["verdict"] == "not_assessable" and d["benchmark_rate"] == 0.396
    assert d["test"] == "exact_binomial_one_sided" and type(d["p_value"]) is float
    assert d["difference"] == pytest.approx(8 / 18 - 0.396)
    assert len(d["difference_ci95"]) == 2
