"""Tests for registry_app.stats.proportions: rates, Wilson/exact intervals, missing bounds."""

import math
from statistics import NormalDist

import pytest
from scipy.stats import beta

from registry_app.stats.proportions import SMALL_N, Rate, missing_bounds, proportion_ci, rate

Z = NormalDist().inv_cdf(0.975)


def wilson_by_hand(x: int, n: int) -> tuple[float, float]:
    """Wilson score interval written out from the formula (independent of SciPy)."""
    centre = (x + Z**2 / 2) / (n + Z**2)
    half = Z / (n + Z**2) * math.sqrt(x * (n - x) / n + Z**2 / 4)
    return max(0.0, centre - half), min(1.0, centre + half)


def clopper_pearson_by_hand(x: int, n: int) -> tuple[float, float]:
    """Clopper-Pearson interval from beta quantiles (independent of binomtest)."""
    low = 0.0 if x == 0 else beta.ppf(0.025, x, n - x + 1)
    high = 1.0 if x == n else beta.ppf(0.975, x + 1, n - x)
    return low, high


@pytest.mark.parametrize("x, n", [(16, 18), (4, 11), (81, 263), (15, 148), (1, 29), (10, 20)])
def test_wilson_matches_formula(x, n):
    r = rate(x, n)
    assert r.ci_method == "wilson"
    assert r.ci95 == pytest.approx(wilson_by_hand(x, n), abs=1e-10)


@pytest.mark.parametrize("x, n", [(0, 20), (20, 20), (3, 7), (0, 1), (9, 9), (5, 9)])
def test_exact_matches_beta_quantiles(x, n):
    r = rate(x, n)
    assert r.ci_method == "exact"
    assert r.ci95 == pytest.approx(clopper_pearson_by_hand(x, n), abs=1e-9)


# Newcombe RG. Stat Med 1998;17:857-872, Table I (Wilson "method 3"; Clopper-Pearson "method 5").
@pytest.mark.parametrize("x, n, low, high", [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_published_newcombe(x, n, low, high):
    r = rate(x, n)
    assert r.ci_method == "wilson"
    assert r.ci95 == pytest.approx((low, high), abs=6e-5)


def test_zero_of_twenty_uses_exact_and_matches_newcombe():
    r = rate(0, 20)
    assert r.ci_method == "exact"
    assert r.ci95 == pytest.approx((0.0, 0.1684), abs=6e-5)
    assert proportion_ci(0, 20, "wilson") == pytest.approx((0.0, 0.1611), abs=6e-5)


def test_one_of_twentynine_exact_value_matches_newcombe():
    assert proportion_ci(1, 29, "exact") == pytest.approx((0.0009, 0.1776), abs=6e-5)


@pytest.mark.parametrize("x, n, method", [
    (3, 9, "exact"), (3, 10, "wilson"), (0, 10, "exact"), (10, 10, "exact"),
    (1, 10, "wilson"), (9, 10, "wilson"), (0, 0, "none"),
])
def test_method_switch_rule(x, n, method):
    assert rate(x, n).ci_method == method


def test_chen_recanalization_rates():
    thrombectomy, medical = rate(16, 18), rate(4, 11)
    assert thrombectomy.rate == pytest.approx(16 / 18)
    assert medical.rate == pytest.approx(4 / 11)
    assert thrombectomy.ci95 == pytest.approx((0.6720, 0.9690), abs=1e-4)
    assert medical.ci95 == pytest.approx((0.1517, 0.6462), abs=1e-4)


def test_zero_over_zero_has_no_rate_or_interval():
    r = rate(0, 0, unknown=4)
    assert (r.rate, r.ci95, r.ci_method) == (None, None, "none")
    assert r.unknown == 4 and r.small_numbers


@pytest.mark.parametrize("n", [1, 12, 50])
def test_zero_events_interval_starts_at_zero(n):
    r = rate(0, n)
    assert r.rate == 0.0 and r.ci95[0] == 0.0 and 0 < r.ci95[1] < 1


@pytest.mark.parametrize("n", [1, 12, 50])
def test_all_events_interval_ends_at_one(n):
    r = rate(n, n)
    assert r.rate == 1.0 and r.ci95[1] == 1.0 and 0 < r.ci95[0] < 1


def test_unknown_is_carried_but_not_in_denominator():
    r = rate(5, 10, unknown=7)
    assert (r.events, r.known, r.unknown, r.rate) == (5, 10, 7, 0.5)
    assert r.ci95 == rate(5, 10).ci95


@pytest.mark.parametrize("known, small", [(SMALL_N - 1, True), (SMALL_N, False), (0, True)])
def test_small_numbers_flag(known, small):
    assert SMALL_N == 20
    assert rate(0, known).small_numbers is small


@pytest.mark.parametrize("args, message", [
    ((-1, 5), "events cannot be negative"),
    ((1, -5), "known cannot be negative"),
    ((1, 5, -2), "unknown cannot be negative"),
    ((6, 5), "cannot exceed"),
])
def test_bad_counts_raise_value_error(args, message):
    with pytest.raises(ValueError, match=message):
        rate(*args)


@pytest.mark.parametrize("args", [(1.5, 5), ("3", 5), (True, 5), (1, None)])
def test_non_integer_counts_raise_type_error(args):
    with pytest.raises(TypeError, match="whole number"):
        rate(*args)


def test_to_dict_shape():
    d = rate(4, 11, unknown=2).to_dict()
    assert set(d) == {"events", "known", "unknown", "rate", "ci95", "ci_method", "small_numbers"}
    assert isinstance(d["ci95"], list) and len(d["ci95"]) == 2
    assert all(type(v) is float for v in d["ci95"])
    assert d["unknown"] == 2 and d["ci_method"] == "wilson" and d["small_numbers"] is True
    assert rate(0, 0).to_dict()["ci95"] is None


def test_rate_is_frozen():
    with pytest.raises(AttributeError):
        rate(1, 2).rate = 0.9  # type: ignore[misc]
    assert isinstance(rate(1, 2), Rate)


@pytest.mark.parametrize("events, known, unknown, expected", [
    (3, 10, 5, (3 / 15, 8 / 15)),
    (0, 0, 4, (0.0, 1.0)),
    (5, 5, 0, (1.0, 1.0)),
    (2, 8, 0, (0.25, 0.25)),
])
def test_missing_bounds(events, known, unknown, expected):
    assert missing_bounds(events, known, unknown) == pytest.approx(expected)


def test_missing_bounds_empty_and_invalid():
    assert missing_bounds(0, 0, 0) is None
    with pytest.raises(ValueError):
        missing_bounds(4, 3, 1)
