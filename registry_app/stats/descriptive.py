"""Descriptive summaries: median with interquartile range, and value counts."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass
from typing import Any, Callable, TypeVar

import numpy as np

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Spread:
    """Number of non-missing values with their median and quartiles (None when n = 0)."""

    n: int
    median: float | None
    q1: float | None
    q3: float | None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return asdict(self)


def present(values: Iterable[float | None]) -> list[float]:
    """Values with None and NaN (missing) removed, as floats."""
    floats = [float(v) for v in values if v is not None]
    return [v for v in floats if v == v]  # NaN is the one float unequal to itself


def median_iqr(values: Iterable[float | None]) -> Spread:
    """Median and quartiles, ignoring missing values (None or NaN).

    Quartiles use NumPy's default percentile method (linear interpolation
    between order statistics, as R type 7 / Excel QUARTILE.INC).
    """
    data = present_array(values)
    if not data.size:
        return Spread(0, None, None, None)
    q1, med, q3 = np.percentile(data, [25, 50, 75], method="linear")
    return Spread(int(data.size), float(med), float(q1), float(q3))


def present_array(values: Iterable[float | None]) -> np.ndarray:
    """present(values) as a float array: a list of plain numbers (Python or NumPy floats,
    integers, booleans) becomes floats in one NumPy step, and so do such numbers once the
    missing ones (None) are left out, and a 1-D NumPy array of numbers is used as it is;
    anything else goes through float() one by one."""
    if isinstance(values, np.ndarray) and values.ndim == 1 and values.dtype.kind in "fiub":
        floats: np.ndarray = values.astype(float, copy=False)
        numbers_only: np.ndarray = floats[floats == floats]
        return numbers_only
    data = values if isinstance(values, list) else list(values)
    if None in data:
        data = [v for v in data if v is not None]
    numbers = _plain_numbers(data)
    if numbers is None:  # text, Decimal, very large integers ...
        numbers = np.array(present(data), dtype=float)
    kept: np.ndarray = numbers[numbers == numbers]  # NaN is the one float unequal to itself
    return kept


def _plain_numbers(data: list[Any]) -> np.ndarray | None:
    """The numbers as floats, or None unless all are plain numbers."""
    if not data:
        return np.zeros(0)
    try:
        numbers = np.array(data)
    except (TypeError, ValueError):  # sequences of unequal length ...
        return None
    if numbers.ndim != 1 or numbers.dtype.kind not in "fiub":
        return None
    return numbers.astype(float, copy=False)


def median_iqr_of_integers(values: np.ndarray) -> Spread:
    """median_iqr of whole numbers (a NumPy integer array, nothing missing): the same result,
    from the count of each value instead of a partial sort (registry-scale intervals)."""
    n = len(values)
    if n == 0:
        return Spread(0, None, None, None)
    low, high = int(values.min()), int(values.max())
    if high - low > 4 * n:  # widely spread values: counting would waste memory
        return median_iqr(values)
    ends = np.cumsum(np.bincount(values - low))

    def at(k: int) -> int:
        return low + int(np.searchsorted(ends, k, side="right"))

    q1, med, q3 = (_linear(at, n, q) for q in (0.25, 0.5, 0.75))
    return Spread(n, med, q1, q3)


def median_iqr_of_counts(values: np.ndarray, counts: np.ndarray) -> Spread:
    """median_iqr of whole numbers given as distinct values and how often each occurs (any
    order, counts above 0): the same result without one array entry per value."""
    n = int(counts.sum())
    if n == 0:
        return Spread(0, None, None, None)
    order = np.argsort(values, kind="stable")
    ordered, ends = values[order], np.cumsum(counts[order])

    def at(k: int) -> int:
        return int(ordered[int(np.searchsorted(ends, k, side="right"))])

    q1, med, q3 = (_linear(at, n, q) for q in (0.25, 0.5, 0.75))
    return Spread(n, med, q1, q3)


def _linear(at: Callable[[int], Any], n: int, q: float) -> float:
    """NumPy's 'linear' percentile: between the values at floor and floor + 1 of (n - 1) q,
    with the same floating-point steps (a + d t below t = 0.5, b - d (1 - t) from it)."""
    index = (n - 1) * q
    below = min(math.floor(index), n - 1)
    a, b = at(below), at(min(below + 1, n - 1))
    t, d = index - below, b - a
    return float(b - d * (1 - t)) if t >= 0.5 else float(a + d * t)


def distribution(values: Iterable[K | None]) -> dict[K, int]:
    """Count of each distinct value, sorted by value; None (missing) is not counted."""
    counts = Counter(v for v in values if v is not None)
    return dict(sorted(counts.items()))
