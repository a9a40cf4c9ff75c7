"""Descriptive summaries: median with interquartile range, and value counts."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

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
    kept = (float(v) for v in values if v is not None)
    return [v for v in kept if not math.isnan(v)]


def median_iqr(values: Iterable[float | None]) -> Spread:
    """Median and quartiles, ignoring missing values (None or NaN).

    Quartiles use NumPy's default percentile method (linear interpolation
    between order statistics, as R type 7 / Excel QUARTILE.INC).
    """
    data = present(values)
    if not data:
        return Spread(0, None, None, None)
    q1, med, q3 = np.percentile(data, [25, 50, 75], method="linear")
    return Spread(len(data), float(med), float(q1), float(q3))


def distribution(values: Iterable[K | None]) -> dict[K, int]:
    """Count of each distinct value, sorted by value; None (missing) is not counted."""
    counts = Counter(v for v in values if v is not None)
    return dict(sorted(counts.items()))  # type: ignore[type-var]
