"""Proportions with 95% confidence intervals and missing-outcome bounds."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from math import sqrt

from scipy.stats import beta, norm

from registry_app.stats import _checks

SMALL_N = 20
"""Fewer cases with known outcome than this are flagged as small numbers."""

EXACT_BELOW_N = 10
"""Below this many known cases the Clopper-Pearson exact interval is used."""


@dataclass(frozen=True)
class Rate:
    """A proportion events/known with its 95% CI; unknown outcomes are carried, not counted."""

    events: int
    known: int
    unknown: int
    rate: float | None
    ci95: tuple[float, float] | None
    ci_method: str
    small_numbers: bool

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict; rate and CI are fractions between 0 and 1."""
        return {
            "events": self.events,
            "known": self.known,
            "unknown": self.unknown,
            "rate": self.rate,
            "ci95": list(self.ci95) if self.ci95 is not None else None,
            "ci_method": self.ci_method,
            "small_numbers": self.small_numbers,
        }


def ci_method_for(events: int, known: int) -> str:
    """Name the interval method rate() uses for these counts ("wilson", "exact" or "none")."""
    if known == 0:
        return "none"
    if known < EXACT_BELOW_N or events in (0, known):
        return "exact"
    return "wilson"


Z95 = float(norm.ppf(0.975))


@lru_cache(maxsize=4096)
def proportion_ci(events: int, known: int, method: str) -> tuple[float, float]:
    """95% CI, the same as scipy.stats.binomtest(...).proportion_ci(method=...).

    Computed from SciPy's normal and beta quantiles directly, because binomtest also
    works out a p-value that is not needed here and dominates the time of a stats run.
    Remembered per counts: a report asks for the same small exact intervals (0/n, n/n,
    counts under 10) hundreds of times, and each costs two beta quantiles.
    """
    if method == "exact":
        low = float(beta.ppf(0.025, events, known - events + 1)) if events > 0 else 0.0
        high = float(beta.ppf(0.975, events + 1, known - events)) if events < known else 1.0
        return low, high
    p, z2 = events / known, Z95 * Z95
    denominator = 1 + z2 / known
    centre = (p + z2 / (2 * known)) / denominator
    half = Z95 * sqrt(p * (1 - p) / known + z2 / (4 * known * known)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def rate(events: int, known: int, unknown: int = 0) -> Rate:
    """Proportion events/known with a 95% CI; cases with unknown outcome are excluded.

    Interval choice: Wilson score interval by default (good coverage, never
    outside 0-1). The Clopper-Pearson exact interval is used instead when fewer
    than 10 outcomes are known, or when the count is at a boundary (0 events or
    every case an event), where Wilson's coverage is least reliable and the
    conservative exact interval is the customary report. 0/0 gives rate None,
    no interval and method "none". small_numbers is True when known < SMALL_N.
    """
    events, known, unknown = _checks.counts(events, known, unknown)
    method = ci_method_for(events, known)
    value = events / known if known else None
    ci = proportion_ci(events, known, method) if known else None
    return Rate(events, known, unknown, value, ci, method, known < SMALL_N)


def missing_bounds(events: int, known: int, unknown: int) -> tuple[float, float] | None:
    """Rate range if every unknown outcome were a non-event (low) or an event (high).

    Denominator is known + unknown; returns None when there are no cases at all.
    """
    events, known, unknown = _checks.counts(events, known, unknown)
    total = known + unknown
    if total == 0:
        return None
    return events / total, (events + unknown) / total
