"""Pure chart geometry: linear scales from values to pixels and readable tick positions."""
from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class LinearScale:
    """Maps the data interval [lo, hi] onto the pixel interval [start, end] (end may be < start)."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.hi - self.lo
        if span == 0:
            return (self.start + self.end) / 2
        return self.start + (value - self.lo) / span * (self.end - self.start)

    def clamped(self, value: float) -> float:
        """The pixel of a value, kept inside the scale's range."""
        return self(min(max(value, self.lo), self.hi))

    def invert(self, pixel: float) -> float:
        if self.end == self.start:
            return self.lo
        return self.lo + (pixel - self.start) / (self.end - self.start) * (self.hi - self.lo)


def nice_step(span: float, target_ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about target_ticks ticks."""
    if span <= 0:
        return 1.0
    raw = span / max(target_ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def nice_ticks(lo: float, hi: float, target_ticks: int = 5) -> list[float]:
    """Round tick values covering [lo, hi]."""
    step = nice_step(hi - lo, target_ticks)
    first = math.floor(lo / step + 1e-9) * step
    ticks, value = [], first
    while value <= hi + step * 1e-6:
        if value >= lo - step * 1e-6:
            ticks.append(round(value, 10))
        value += step
    return ticks


def nice_upper(value: float, step: float) -> float:
    """The smallest multiple of step at or above value (at least one step)."""
    return max(step, math.ceil(value / step - 1e-9) * step)


def rate_axis_max(highest: float, minimum: float = 0.1) -> float:
    """Upper end of a 0-based rate axis: a round value at or above the highest value (<= 100%)."""
    if highest >= 0.8:
        return 1.0
    value = max(highest, minimum)
    return min(1.0, nice_upper(value, nice_step(value, 5)))


def label_every(count: int, available_px: float, label_px: float) -> int:
    """Show every n-th category label so that labels do not overlap."""
    if count <= 0 or label_px <= 0:
        return 1
    fitting = max(1, int(available_px // label_px))
    return max(1, math.ceil(count / fitting))


def pct_text(value: float | None, decimals: int = 1) -> str:
    """'33.3%' from a fraction; '–' when unknown."""
    return "–" if value is None else f"{100 * value:.{decimals}f}%"


def ci_text(ci) -> str:
    """'23.7–44.6%' from a (low, high) pair of fractions; '' when unknown."""
    if not ci:
        return ""
    return f"{100 * ci[0]:.1f}–{100 * ci[1]:.1f}%"
