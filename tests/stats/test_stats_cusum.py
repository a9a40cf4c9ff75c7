"""Tests for registry_app.stats.cusum: Bernoulli CUSUM path, resets and simulated thresholds."""

import math
import time

import numpy as np
import pytest

from registry_app.stats.cusum import cusum_path, cusum_threshold, simulated_maxima

# p0 = 0.1, OR = 2: p1 = 0.2 / 1.1, so w(adverse) = ln 2 - ln 1.1, w(other) = -ln 1.1.
UP = math.log(2) - math.log(1.1)
DOWN = -math.log(1.1)


def test_hand_computed_path_with_signal_and_reset():
    result = cusum_path([True, False, True, True, True, False, True], p0=0.1, h=2.0)
    s1 = UP
    s2 = s1 + DOWN
    s3, s4, s5 = s2 + UP, s2 + 2 * UP, s2 + 3 * UP  # s5 = 2.296 >= 2 -> signal, reset
    expected = [s1, s2, s3, s4, s5, 0.0, UP]
    assert result.values == pytest.approx(expected, abs=1e-12)
    assert result.signals == (4,)
    assert result.p1 == pytest.approx(0.2 / 1.1)
    assert (result.p0, result.odds_ratio, result.threshold) == (0.1, 2.0, 2.0)


def test_path_floors_at_zero():
    result = cusum_path([False, False, True, False], p0=0.1, h=5.0)
    assert result.values == pytest.approx([0.0, 0.0, UP, UP + DOWN])
    assert result.signals == ()


def test_repeated_signals_restart_from_zero():
    result = cusum_path([True] * 4, p0=0.1, h=1.0)
    assert result.values == pytest.approx([UP, 2 * UP, UP, 2 * UP])
    assert result.signals == (1, 3)


def test_signal_when_exactly_at_threshold():
    result = cusum_path([True, True], p0=0.1, h=2 * UP)
    assert result.signals == (1,)


@pytest.mark.parametrize("p0, odds_ratio, p1", [(0.2, 3.0, 0.6 / 1.4), (0.05, 2.0, 0.1 / 1.05)])
def test_alternative_rate_doubles_odds(p0, odds_ratio, p1):
    result = cusum_path([True], p0=p0, odds_ratio=odds_ratio, h=10)
    assert result.p1 == pytest.approx(p1)
    odds = lambda p: p / (1 - p)  # noqa: E731
    assert odds(result.p1) / odds(p0) == pytest.approx(odds_ratio)
    assert result.values[0] == pytest.approx(math.log(p1 / p0))


def test_default_threshold_is_simulated_for_series_length():
    outcomes = [False] * 150 + [True] * 3
    result = cusum_path(outcomes, p0=0.1)
    assert result.threshold == cusum_threshold(0.1, len(outcomes))


def test_empty_series():
    result = cusum_path([], p0=0.1, h=3.0)
    assert result.values == () and result.signals == ()


@pytest.mark.parametrize("p0", [0.0, 1.0, -0.1, 1.2])
def test_p0_must_be_strictly_between_zero_and_one(p0):
    with pytest.raises(ValueError, match="p0"):
        cusum_path([True], p0=p0, h=1.0)
    with pytest.raises(ValueError, match="p0"):
        cusum_threshold(p0, 50)


@pytest.mark.parametrize("kwargs, match", [
    ({"odds_ratio": 1.0, "h": 1.0}, "odds_ratio"),
    ({"odds_ratio": 0.5, "h": 1.0}, "odds_ratio"),
    ({"h": 0.0}, "threshold"),
])
def test_invalid_design_rejected(kwargs, match):
    with pytest.raises(ValueError, match=match):
        cusum_path([True], p0=0.1, **kwargs)


def test_unknown_outcomes_rejected():
    with pytest.raises(ValueError, match="unknown outcome"):
        cusum_path([True, None, False], p0=0.1, h=1.0)  # type: ignore[list-item]


@pytest.mark.parametrize("kwargs", [{"n_cases": 0}, {"false_alarm": 0.0}, {"false_alarm": 1.0}])
def test_threshold_arguments_validated(kwargs):
    with pytest.raises(ValueError):
        cusum_threshold(**{"p0": 0.1, "n_cases": 50, **kwargs})


def test_threshold_on_grid_and_deterministic():
    h = cusum_threshold(0.1, 200)
    assert h == cusum_threshold(0.1, 200)
    assert round(h / 0.05) * 0.05 == pytest.approx(h, abs=1e-9)
    assert 1.0 < h < 10.0


def test_threshold_grows_with_number_of_cases():
    hs = [cusum_threshold(0.1, n) for n in (50, 200, 800)]
    assert hs[0] <= hs[1] <= hs[2] and hs[0] < hs[2]


def test_threshold_shrinks_as_more_false_alarms_allowed():
    hs = [cusum_threshold(0.1, 300, false_alarm=a) for a in (0.01, 0.05, 0.2)]
    assert hs[0] >= hs[1] >= hs[2] and hs[0] > hs[2]


def independent_false_alarm(p0, n, h, odds_ratio=2.0, sims=4000, seed=20240601):
    """Fraction of in-control runs reaching h, simulated independently of the module."""
    p1 = odds_ratio * p0 / (1 - p0 + odds_ratio * p0)
    up, down = math.log(p1 / p0), math.log((1 - p1) / (1 - p0))
    adverse = np.random.default_rng(seed).binomial(1, p0, size=(sims, n)).astype(bool)
    s, hit = np.zeros(sims), np.zeros(sims, dtype=bool)
    for t in range(n):
        s = np.clip(s + np.where(adverse[:, t], up, down), 0, None)
        hit |= s >= h
    return hit.mean()


@pytest.mark.parametrize("p0, n", [(0.1, 200), (0.05, 300), (0.3, 100)])
def test_false_alarm_rate_roughly_honoured(p0, n):
    h = cusum_threshold(p0, n)
    rate = independent_false_alarm(p0, n, h)
    assert 0.03 <= rate <= 0.07


def test_threshold_is_fast():
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        cusum_threshold(0.1, 500)
        best = min(best, time.perf_counter() - start)
    assert best < 0.3


def test_to_dict():
    d = cusum_path([True, False], p0=0.1, h=2.0).to_dict()
    assert d["values"] == pytest.approx([UP, UP + DOWN]) and d["signals"] == []
    assert set(d) == {"values", "threshold", "signals", "p0", "p1", "odds_ratio"}


@pytest.mark.parametrize("p0, n, alpha", [(0.1, 200, 0.05), (0.05, 400, 0.01), (0.3, 60, 0.1)])
def test_threshold_is_smallest_grid_value_meeting_target(p0, n, alpha):
    h = cusum_threshold(p0, n, false_alarm=alpha, sims=2000, seed=7)
    peaks = simulated_maxima(p0, n, 2.0, 2000, 7)
    assert np.mean(peaks >= h) <= alpha
    assert np.mean(peaks >= h - 0.05) > alpha
