"""Tests for registry_app.stats.descriptive: median/IQR and value counts."""

import math
from decimal import Decimal

import numpy as np
import pytest

from registry_app.stats.descriptive import (Spread, distribution, median_iqr, median_iqr_of_counts,
                                           median_iqr_of_integers)


@pytest.mark.parametrize("values", [
    [1, 2, 3, 4],
    [35, 12, 80, 47, 22, 61, 29],
    [5.5],
    [90, 45, 120, 30, 60, 75, 240, 15, 33, 50, 66],
])
def test_median_iqr_matches_numpy(values):
    spread = median_iqr(values)
    q1, med, q3 = np.percentile(values, [25, 50, 75])
    assert spread == Spread(len(values), pytest.approx(med), pytest.approx(q1), pytest.approx(q3))


@pytest.mark.parametrize("values", [
    [3, None, 1.5, True, np.int64(4), np.float64(2.5), 2 ** 60 + 1],
    ["3", 4.0, None, " 7 "],
    [Decimal("1.5"), 2, math.nan, None, 10 ** 30],
])
def test_median_iqr_of_mixed_values_is_that_of_their_floats(values):
    """Plain numbers take NumPy's one-step conversion, text and Decimal float() each: the same."""
    floats = [float(v) for v in values if v is not None and float(v) == float(v)]
    q1, med, q3 = np.percentile(floats, [25, 50, 75])
    assert median_iqr(values) == Spread(len(floats), med, q1, q3)
    assert median_iqr(iter(values)) == median_iqr(tuple(values)) == median_iqr(values)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.uint8, bool])
def test_median_iqr_of_an_array_is_that_of_its_list(dtype):
    values = np.array([7, 0, 3, 250, 1, 1, 9], dtype=dtype)
    if values.dtype.kind == "f":
        values[2] = np.nan
    assert median_iqr(values) == median_iqr(values.tolist()) == median_iqr(iter(values))
    assert median_iqr(values[:0]) == Spread(0, None, None, None)


@pytest.mark.parametrize("values", [[(1, 2), (3, 4)], [[1, 2], [3]], ["x"], [2 ** 1100]])
def test_median_iqr_refuses_what_is_not_a_number(values):
    with pytest.raises((TypeError, ValueError, OverflowError)):
        median_iqr(values)


def test_linear_interpolation_hand_values():
    assert median_iqr([1, 2, 3, 4]) == Spread(4, 2.5, 1.75, 3.25)


def test_missing_values_ignored():
    spread = median_iqr([10, None, 20, math.nan, 30, None])
    assert spread == Spread(3, 20.0, 15.0, 25.0)


@pytest.mark.parametrize("values", [[], [None, None], [math.nan]])
def test_no_values(values):
    assert median_iqr(values) == Spread(0, None, None, None)


def test_accepts_generator_and_returns_floats():
    spread = median_iqr(v for v in (3, 1, 2))
    assert spread.n == 3 and type(spread.median) is float and spread.median == 2.0


def test_spread_to_dict():
    assert median_iqr([1, 2, 3, 4]).to_dict() == {"n": 4, "median": 2.5, "q1": 1.75, "q3": 3.25}


def test_distribution_counts_sorted_without_missing():
    passes = [1, 2, 2, None, 3, 1, 1, 5]
    result = distribution(passes)
    assert result == {1: 3, 2: 2, 3: 1, 5: 1}
    assert list(result) == [1, 2, 3, 5]


def test_distribution_of_categories_and_empty():
    assert distribution(["2b", "3", "2b", "0"]) == {"0": 1, "2b": 2, "3": 1}
    assert distribution([]) == {} and distribution([None]) == {}


@pytest.mark.parametrize("seed", range(6))
def test_median_iqr_of_integers_equals_median_iqr_exactly(seed):
    """The counting shortcut gives bit-for-bit NumPy's percentiles, for any size and spread."""
    rng = np.random.default_rng(seed)
    for _ in range(400):
        n = int(rng.integers(1, 40)) if rng.random() < 0.7 else int(rng.integers(40, 5000))
        high = int(rng.choice([3, 50, 700, 10 ** 6]))
        values = rng.integers(-20, high, n)
        fast = median_iqr_of_integers(values)
        assert fast == median_iqr(values.astype(float).tolist())  # the same floats, made in C
        assert all(type(v) is float for v in (fast.median, fast.q1, fast.q3))


def test_median_iqr_of_integers_of_nothing():
    assert median_iqr_of_integers(np.zeros(0, dtype=np.int64)) == Spread(0, None, None, None)


@pytest.mark.parametrize("seed", range(4))
def test_median_iqr_of_counts_equals_median_iqr_exactly(seed):
    """Values given as (value, count) pairs in any order: NumPy's percentiles of the expanded
    values, bit for bit (the summary's value counts are never expanded)."""
    rng = np.random.default_rng(seed)
    for _ in range(300):
        distinct = int(rng.integers(1, 60))
        high = int(rng.choice([3, 50, 700, 10 ** 6]))
        values = rng.choice(np.arange(-20, high), size=min(distinct, high + 20), replace=False)
        counts = rng.integers(1, int(rng.choice([2, 30, 4000])), len(values))
        expanded = np.repeat(values, counts).astype(float)  # as its list: see the array test above
        assert median_iqr_of_counts(values, counts) == median_iqr(expanded)


def test_median_iqr_of_counts_of_nothing():
    empty = np.zeros(0, dtype=np.int64)
    assert median_iqr_of_counts(empty, empty) == Spread(0, None, None, None)
