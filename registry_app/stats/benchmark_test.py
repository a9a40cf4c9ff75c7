"""A centre's proportion against a benchmark: two-sample test for counts, one-sided binomial else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scipy.stats import binomtest

from registry_app.stats import _checks
from registry_app.stats.comparison import compare_arms
from registry_app.stats.difference import difference_ci
from registry_app.stats.proportions import SMALL_N, Rate, rate

ALPHA = 0.05
Interval = tuple[float, float] | None
TestResult = tuple[str, float | None, float, Interval]
"""(test, p value, difference, interval of the difference) of one comparison."""
TESTS = {"fisher_exact": "Fisher's exact test, two-sided",
         "chi_square": "Pearson chi-square test, two-sided",
         "exact_binomial_one_sided": "exact binomial test, one-sided",
         "none": "no test"}
VERDICT_LABELS = {"better": "better", "worse": "worse", "consistent": "consistent",
                  "not_assessable": "not assessable: too few to judge",
                  "no_data": "no known outcome", "not_yet_due": "not yet due"}
"""A verdict in a word or two, for tables and charts (the measure's direction is applied)."""
VERDICT_WORDS = {"better": "better than", "worse": "worse than",
                 "consistent": "consistent with", "not_assessable": "not assessable against",
                 "no_data": "no known outcome for", "not_yet_due": "not yet due for"}


@dataclass(frozen=True)
class BenchmarkVerdict:
    """Centre rate against a benchmark: the test, its p-value, the difference with its 95%
    interval and a verdict that comes from that same test (so the two never disagree)."""

    center: Rate
    benchmark_rate: float
    p_value: float | None
    verdict: str
    too_small: bool
    text: str
    test: str = "none"
    difference: float | None = None
    difference_ci95: tuple[float, float] | None = None
    direction: str = "same"
    """Where the centre's rate lies: 'above', 'below' or 'same' as the benchmark's."""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (centre as a nested Rate dict)."""
        return {
            "center": self.center.to_dict(), "benchmark_rate": self.benchmark_rate,
            "p_value": self.p_value, "verdict": self.verdict, "too_small": self.too_small,
            "text": self.text, "test": self.test, "difference": self.difference,
            "difference_ci95": list(self.difference_ci95) if self.difference_ci95 else None,
            "direction": self.direction,
        }


def pct(fraction: float) -> str:
    """Fraction as a percentage with one decimal, e.g. 0.3963 -> '39.6%'."""
    return f"{100 * fraction:.1f}%"


def format_p(p: float) -> str:
    """p-value for text: '< 0.001', three decimals below 0.1, else two decimals."""
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.3f}" if p < 0.1 else f"p = {p:.2f}"


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


def _direction(difference: float) -> str:
    return "above" if difference > 0 else "below" if difference < 0 else "same"


def _verdict(p: float | None, direction: str, adverse: bool, known: int) -> str:
    """better / worse / consistent from the test's p-value and the measure's direction;
    not_assessable with fewer than SMALL_N known outcomes."""
    if known < SMALL_N:
        return "not_assessable"
    if p is None or p >= ALPHA or direction == "same":
        return "consistent"
    return "worse" if (direction == "above") == adverse else "better"


def _two_sample(events: int, known: int, b_events: int, b_total: int) -> TestResult:
    """(test, p, difference, interval) of the centre against a counted benchmark arm."""
    result = compare_arms(events, known, b_events, b_total)
    found = difference_ci(events, known, b_events, b_total)
    difference, interval = found if found else (events / known - b_events / b_total, None)
    return result.test, result.p_value, difference, interval


def _one_sided(events: int, known: int, center: Rate, benchmark_rate: float) -> TestResult:
    """(test, p, difference, interval): exact binomial in the direction of the observed
    difference; the interval is the centre's own 95% interval minus the fixed rate."""
    difference = events / known - benchmark_rate
    side = "greater" if difference > 0 else "less"
    p = 1.0 if difference == 0 else float(
        binomtest(events, known, p=benchmark_rate, alternative=side).pvalue)
    assert center.ci95 is not None  # a centre with known outcomes (see no_data)
    low, high = center.ci95
    return "exact_binomial_one_sided", p, difference, (low - benchmark_rate,
                                                      high - benchmark_rate)


def _sentence(center: Rate, benchmark_text: str, verdict: str, test: str, p: float | None,
              difference: float, interval: Interval) -> str:
    assert center.ci95 is not None and center.rate is not None
    low, high = center.ci95
    head = (f"Centre {center.events}/{center.known} ({pct(center.rate)}, 95% CI "
            f"{100 * low:.1f}–{pct(high)}) is {VERDICT_WORDS[verdict]} {benchmark_text}")
    diff = f"difference {100 * difference:+.1f} points"
    if interval:
        diff += f" (95% CI {100 * interval[0]:+.1f} to {100 * interval[1]:+.1f})"
    p_text = f"{format_p(p)}, {TESTS[test]}" if p is not None else TESTS[test]
    tail = (f" Fewer than {SMALL_N} known outcomes: too few to judge."
            if verdict == "not_assessable" else "")
    return f"{head}: {diff}; {p_text}.{tail}"


def compare_with_benchmark(events: int, known: int, benchmark_rate: float, *,
                           unknown: int = 0, benchmark_events: int | None = None,
                           benchmark_total: int | None = None, adverse: bool = False,
                           threshold: bool = False) -> BenchmarkVerdict:
    """Compare events/known with a benchmark (rate as a fraction 0-1).

    A benchmark given as counts (benchmark_events/benchmark_total) has sampling error of its
    own: the two are compared on the 2x2 table (Fisher's exact test when an expected count is
    below 5, else Pearson chi-square, as for the arms) with Newcombe's interval for the
    difference. A rate without counts, or a quality threshold, is a fixed value: one-sided
    exact binomial test in the direction of the observed difference. The verdict ('better',
    'worse', 'consistent'; 'not_assessable' below SMALL_N known outcomes; 'no_data') uses the
    same p-value at 5% and the measure's direction (`adverse`: a lower rate is better).
    """
    benchmark_rate = _checks.probability(benchmark_rate, "benchmark_rate", open_interval=False)
    center = rate(events, known, unknown)
    if center.ci95 is None:
        return no_data(center, benchmark_rate)
    if benchmark_events is not None and benchmark_total and not threshold:
        test, p, difference, interval = _two_sample(center.events, center.known,
                                                    benchmark_events, benchmark_total)
        what = f"the benchmark {benchmark_events}/{benchmark_total} ({pct(benchmark_rate)})"
    else:
        test, p, difference, interval = _one_sided(center.events, center.known, center,
                                                   benchmark_rate)
        kind = "threshold" if threshold else "benchmark rate"
        what = f"the {kind} {pct(benchmark_rate)}"
    direction = _direction(difference)
    verdict = _verdict(p, direction, adverse, center.known)
    text = _sentence(center, what, verdict, test, p, difference, interval)
    return BenchmarkVerdict(center, benchmark_rate, p, verdict, center.known < SMALL_N,
                            text + unknown_note(center.unknown), test, difference, interval,
                            direction)
