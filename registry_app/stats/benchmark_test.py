"""Compare one centre's proportion with a published benchmark rate (exact binomial test)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scipy.stats import binomtest

from registry_app.stats import _checks
from registry_app.stats.proportions import SMALL_N, Rate, rate

MAX_CI_WIDTH = 0.4
"""A 95% interval wider than this (40 percentage points) is too imprecise to judge."""

CAUTION = "Too few cases to tell a real difference: interpret with caution."


@dataclass(frozen=True)
class BenchmarkVerdict:
    """Centre rate against a benchmark: verdict from the 95% CI plus the binomial p-value."""

    center: Rate
    benchmark_rate: float
    p_value: float | None
    verdict: str
    too_small: bool
    text: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (centre as a nested Rate dict)."""
        return {
            "center": self.center.to_dict(),
            "benchmark_rate": self.benchmark_rate,
            "p_value": self.p_value,
            "verdict": self.verdict,
            "too_small": self.too_small,
            "text": self.text,
        }


def pct(fraction: float) -> str:
    """Fraction as a percentage with one decimal, e.g. 0.3963 -> '39.6%'."""
    return f"{100 * fraction:.1f}%"


def format_p(p: float) -> str:
    """p-value for text: '< 0.001', three decimals below 0.1, else two decimals."""
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.3f}" if p < 0.1 else f"p = {p:.2f}"


def verdict_for(ci95: tuple[float, float], benchmark_rate: float) -> str:
    """'consistent' if the benchmark lies inside the CI (inclusive), else 'below'/'above'."""
    low, high = ci95
    if benchmark_rate > high:
        return "below"
    if benchmark_rate < low:
        return "above"
    return "consistent"


def is_too_small(center: Rate) -> bool:
    """True when fewer than SMALL_N known outcomes or the 95% CI is wider than MAX_CI_WIDTH."""
    if center.ci95 is None:
        return True
    return center.known < SMALL_N or center.ci95[1] - center.ci95[0] > MAX_CI_WIDTH


def sentence(center: Rate, ci95: tuple[float, float], benchmark_rate: float,
             verdict: str, p: float) -> str:
    """Clinician-readable summary sentence for a centre with data."""
    relation = "is consistent with" if verdict == "consistent" else f"is {verdict}"
    return (f"Centre {center.events}/{center.known} ({pct(center.events / center.known)}, "
            f"95% CI {100 * ci95[0]:.1f}–{pct(ci95[1])}) {relation} the benchmark "
            f"{pct(benchmark_rate)}; {format_p(p)} (exact binomial).")


def unknown_note(unknown: int) -> str:
    """Sentence saying how many cases were left out for unknown outcome ('' if none)."""
    if unknown == 0:
        return ""
    return f" {unknown} case{'s' if unknown != 1 else ''} with unknown outcome not counted."


def no_data(center: Rate, benchmark_rate: float) -> BenchmarkVerdict:
    """Verdict for a centre with no known outcomes."""
    text = (f"Centre has no cases with known outcome; no comparison with the benchmark "
            f"{pct(benchmark_rate)} is possible.{unknown_note(center.unknown)}")
    return BenchmarkVerdict(center, benchmark_rate, None, "no_data", True, text)


def compare_with_benchmark(events: int, known: int, benchmark_rate: float, *,
                           unknown: int = 0) -> BenchmarkVerdict:
    """Compare events/known with benchmark_rate (a fraction 0-1).

    The verdict comes from the centre's 95% CI (see proportions.rate): benchmark
    inside -> "consistent", above the upper bound -> centre "below", under the
    lower bound -> centre "above". The p-value is the exact two-sided binomial
    test (scipy.stats.binomtest); near p = 0.05 the two can rarely disagree.
    too_small when known < 20 or the CI is wider than 0.4; 0 known -> "no_data".
    """
    benchmark_rate = _checks.probability(benchmark_rate, "benchmark_rate", open_interval=False)
    center = rate(events, known, unknown)
    if center.ci95 is None:
        return no_data(center, benchmark_rate)
    p = float(binomtest(center.events, center.known, p=benchmark_rate).pvalue)
    verdict = verdict_for(center.ci95, benchmark_rate)
    small = is_too_small(center)
    text = sentence(center, center.ci95, benchmark_rate, verdict, p) + unknown_note(center.unknown)
    text += f" {CAUTION}" if small else ""
    return BenchmarkVerdict(center, benchmark_rate, p, verdict, small, text)
