"""Difference of two proportions with Newcombe's hybrid score interval, and Holm's adjustment."""

from __future__ import annotations

from math import sqrt

from registry_app.stats import _checks
from registry_app.stats.proportions import proportion_ci


def difference_ci(a_events: int, a_known: int, b_events: int,
                  b_known: int) -> tuple[float, tuple[float, float]] | None:
    """A - B and its 95% interval by Newcombe's hybrid score method (method 10 of Newcombe,
    Stat Med 1998;17:873-90), built from each arm's Wilson interval; None if an arm is empty."""
    a_events, a_known, _ = _checks.counts(a_events, a_known)
    b_events, b_known, _ = _checks.counts(b_events, b_known)
    if not a_known or not b_known:
        return None
    p1, p2 = a_events / a_known, b_events / b_known
    low1, high1 = proportion_ci(a_events, a_known, "wilson")
    low2, high2 = proportion_ci(b_events, b_known, "wilson")
    d = p1 - p2
    low = d - sqrt((p1 - low1) ** 2 + (high2 - p2) ** 2)
    high = d + sqrt((high1 - p1) ** 2 + (p2 - low2) ** 2)
    return d, (max(-1.0, low), min(1.0, high))


def holm(p_values: list[float | None]) -> list[float | None]:
    """Holm's step-down adjusted p-values (None stays None), in the order given.

    Sorted ascending, the i-th smallest of m p-values becomes max over j <= i of
    min(1, (m - j) * p_(j)) (zero-based j): it controls the family-wise error rate.
    """
    present = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    m, running = len(present), 0.0
    adjusted: list[float | None] = [None] * len(p_values)
    for rank, (p, index) in enumerate(present):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[index] = running
    return adjusted
