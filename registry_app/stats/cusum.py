"""Bernoulli CUSUM chart for adverse outcomes (e.g. sICH, death) against a benchmark rate."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from registry_app.stats import _checks

GRID_STEP = 0.05
"""Thresholds are searched on multiples of this step."""


@dataclass(frozen=True)
class CusumResult:
    """CUSUM statistic after each case, the threshold h and the indices of signalling cases."""

    values: tuple[float, ...]
    threshold: float
    signals: tuple[int, ...]
    p0: float
    p1: float
    odds_ratio: float

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "values": list(self.values),
            "threshold": self.threshold,
            "signals": list(self.signals),
            "p0": self.p0,
            "p1": self.p1,
            "odds_ratio": self.odds_ratio,
        }


def check_design(p0: float, odds_ratio: float) -> float:
    """Validate p0 in (0, 1) and odds_ratio > 1; return p0 as float."""
    p0 = _checks.probability(p0, "p0", open_interval=True)
    if not float(odds_ratio) > 1.0:
        raise ValueError(f"odds_ratio must be greater than 1 (got {odds_ratio!r})")
    return p0


def alternative_rate(p0: float, odds_ratio: float) -> float:
    """Out-of-control rate p1 whose odds are odds_ratio times the odds of p0."""
    return odds_ratio * p0 / (1 - p0 + odds_ratio * p0)


def weights(p0: float, odds_ratio: float) -> tuple[float, float]:
    """(weight for an adverse case, weight for a case without the adverse outcome)."""
    p1 = alternative_rate(p0, odds_ratio)
    return math.log(p1 / p0), math.log((1 - p1) / (1 - p0))


def as_outcomes(outcomes: Sequence[bool]) -> list[bool]:
    """Outcomes as bools; unknown (None) outcomes must be removed by the caller."""
    if any(o is None for o in outcomes):
        raise ValueError("outcomes contain None: drop cases with unknown outcome first")
    return [bool(o) for o in outcomes]


def cusum_path(outcomes: Sequence[bool], p0: float, odds_ratio: float = 2.0,
               h: float | None = None) -> CusumResult:
    """Run the chart over outcomes in case order (True = adverse outcome).

    S_t = max(0, S_{t-1} + w_t). A signal is raised at case t when S_t >= h;
    values[t] keeps that crossing value and the chart then resets, so case t+1
    starts again from 0. When h is None it is cusum_threshold(p0, len(outcomes),
    odds_ratio), i.e. about a 5% chance of any false alarm over this many cases.
    """
    p0 = check_design(p0, odds_ratio)
    cases = as_outcomes(outcomes)
    threshold = cusum_threshold(p0, max(len(cases), 1), odds_ratio) if h is None else float(h)
    if not threshold > 0:
        raise ValueError(f"threshold h must be positive (got {h!r})")
    up, down = weights(p0, odds_ratio)
    values, signals, s = [], [], 0.0
    for index, adverse in enumerate(cases):
        s = max(0.0, s + (up if adverse else down))
        values.append(s)
        if s >= threshold:
            signals.append(index)
            s = 0.0
    p1 = alternative_rate(p0, odds_ratio)
    return CusumResult(tuple(values), threshold, tuple(signals), p0, p1, float(odds_ratio))


def simulated_maxima(p0: float, n_cases: int, odds_ratio: float, sims: int,
                     seed: int) -> np.ndarray:
    """Largest CUSUM value reached in each of `sims` in-control runs of n_cases."""
    up, down = weights(p0, odds_ratio)
    rng = np.random.default_rng(seed)
    s, peak = np.zeros(sims), np.zeros(sims)
    for _ in range(n_cases):
        step = np.where(rng.random(sims) < p0, up, down)
        np.maximum(s + step, 0.0, out=s)
        np.maximum(peak, s, out=peak)
    return peak


def cusum_threshold(p0: float, n_cases: int, odds_ratio: float = 2.0,
                    false_alarm: float = 0.05, sims: int = 4000, seed: int = 12345) -> float:
    """Smallest h on a 0.05 grid with simulated P(any signal within n_cases) <= false_alarm.

    In-control cases are drawn with rate p0 (NumPy, fixed seed, so the result
    is deterministic). A run signals iff its running maximum reaches h, so the
    reset after a signal does not affect the first-signal probability.
    """
    p0 = check_design(p0, odds_ratio)
    n_cases, sims = _checks.count(n_cases, "n_cases"), _checks.count(sims, "sims")
    if n_cases == 0 or sims == 0:
        raise ValueError("n_cases and sims must be at least 1")
    alpha = _checks.probability(false_alarm, "false_alarm", open_interval=True)
    peaks = np.sort(simulated_maxima(p0, n_cases, odds_ratio, sims, seed))
    steps = np.arange(1, math.ceil(peaks[-1] / GRID_STEP) + 2)
    grid = np.round(steps * GRID_STEP, 10)
    alarm = 1.0 - np.searchsorted(peaks, grid, side="left") / sims
    return float(grid[np.argmax(alarm <= alpha)])
