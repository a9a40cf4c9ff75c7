"""Tests for registry_app.stats.benchmark_test: verdicts, p-values and the clinician text."""

import math

import pytest
from scipy.stats import binomtest

from registry_app.stats.benchmark_test import compare_with_benchmark, format_p
from registry_app.stats.proportions import rate


def test_example_sentence_small_centre():
    v = compare_with_benchmark(8, 18, 0.396)
    assert v.verdict == "consistent" and v.too_small
    assert v.p_value == pytest.approx(binomtest(8, 18, p=0.396).pvalue, rel=1e-12)
    assert v.text == ("Centre 8/18 (44.4%, 95% CI 24.6–66.3%) is consistent with the "
                      "benchmark 39.6%; p = 0.81 (exact binomial). Too few cases to tell a "
                      "real difference: interpret with caution.")


@pytest.mark.parametrize("events, known, benchmark, verdict", [
    (20, 200, 0.30, "below"),
    (120, 200, 0.30, "above"),
    (60, 200, 0.30, "consistent"),
    (0, 30, 0.20, "below"),     # exact CI 0-11.6%
    (30, 30, 0.80, "above"),    # exact CI 88.4-100%
])
def test_verdicts(events, known, benchmark, verdict):
    v = compare_with_benchmark(events, known, benchmark)
    assert v.verdict == verdict
    assert v.p_value == pytest.approx(binomtest(events, known, p=benchmark).pvalue, rel=1e-12)
    assert f"is {verdict}" in v.text if verdict != "consistent" else "consistent with" in v.text


def test_large_centre_below_has_no_caution_and_small_p():
    v = compare_with_benchmark(20, 200, 0.30)
    assert not v.too_small and "caution" not in v.text
    assert v.text == ("Centre 20/200 (10.0%, 95% CI 6.6–14.9%) is below the benchmark "
                      "30.0%; p < 0.001 (exact binomial).")


def test_verdict_follows_interval_edges_inclusively():
    low, high = rate(60, 200).ci95
    assert compare_with_benchmark(60, 200, high).verdict == "consistent"
    assert compare_with_benchmark(60, 200, low).verdict == "consistent"
    assert compare_with_benchmark(60, 200, min(1.0, high + 1e-6)).verdict == "below"
    assert compare_with_benchmark(60, 200, low - 1e-6).verdict == "above"


@pytest.mark.parametrize("events, known, too_small", [
    (10, 19, True),   # fewer than 20 known
    (10, 20, True),   # 20 known but Wilson CI width 0.401 > 0.4
    (11, 24, False),  # CI width 0.370
    (60, 200, False),
])
def test_too_small_flag(events, known, too_small):
    v = compare_with_benchmark(events, known, 0.5)
    assert v.too_small is too_small
    assert ("interpret with caution" in v.text) is too_small


def test_no_known_outcomes_is_no_data():
    v = compare_with_benchmark(0, 0, 0.396, unknown=3)
    assert (v.verdict, v.p_value, v.too_small) == ("no_data", None, True)
    assert v.center.unknown == 3 and v.center.rate is None
    assert "no cases with known outcome" in v.text and "39.6%" in v.text
    assert "3 cases with unknown outcome" in v.text


def test_unknown_outcomes_reported_but_not_counted():
    v = compare_with_benchmark(60, 200, 0.30, unknown=1)
    assert v.center.unknown == 1 and v.center.known == 200
    assert v.p_value == pytest.approx(binomtest(60, 200, p=0.30).pvalue)
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


def test_to_dict_nests_centre():
    d = compare_with_benchmark(8, 18, 0.396).to_dict()
    assert d["center"]["events"] == 8 and d["center"]["ci95"][0] == pytest.approx(0.2456, abs=1e-4)
    assert d["verdict"] == "consistent" and d["benchmark_rate"] == 0.396
    assert type(d["p_value"]) is float
