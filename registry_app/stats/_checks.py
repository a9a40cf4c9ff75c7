"""Input validation shared by the statistics modules (plain-language errors)."""

from __future__ import annotations

import math
import operator


def count(value: object, name: str) -> int:
    """Return value as a non-negative int or raise with a plain message."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a whole number, not {value!r}")
    try:
        number = operator.index(value)  # type: ignore[arg-type]  # TypeError says why
    except TypeError:
        raise TypeError(f"{name} must be a whole number, not {value!r}") from None
    if number < 0:
        raise ValueError(f"{name} cannot be negative (got {number})")
    return number


def counts(events: object, known: object, unknown: object = 0) -> tuple[int, int, int]:
    """Validate an (events, known, unknown) triple; events may not exceed known."""
    e, k, u = count(events, "events"), count(known, "known"), count(unknown, "unknown")
    if e > k:
        raise ValueError(f"events ({e}) cannot exceed cases with known outcome ({k})")
    return e, k, u


def probability(value: object, name: str, *, open_interval: bool) -> float:
    """Validate a probability in [0, 1] (or (0, 1) when open_interval)."""
    p = float(value)  # type: ignore[arg-type]
    if math.isnan(p) or not 0.0 <= p <= 1.0:
        raise ValueError(f"{name} must be a proportion between 0 and 1 (got {value!r})")
    if open_interval and p in (0.0, 1.0):
        raise ValueError(f"{name} must be strictly between 0 and 1 (got {value!r})")
    return p
