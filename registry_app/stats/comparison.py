"""Two-arm comparison of proportions: Fisher's exact or Pearson chi-square on a 2x2 table."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from scipy.stats import chi2_contingency, fisher_exact
from scipy.stats.contingency import expected_freq

from registry_app.stats import _checks

MIN_EXPECTED = 5.0
"""Chi-square is used only when every expected cell count is at least this."""


@dataclass(frozen=True)
class ArmComparison:
    """Which test compared the two arms, its two-sided p-value and why it was chosen."""

    test: str
    p_value: float | None
    min_expected: float | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return asdict(self)


Table = list[list[int]]


def two_by_two(a_events: int, a_known: int, b_events: int, b_known: int) -> Table:
    """Rows = arms A and B; columns = event, no event."""
    a_events, a_known, _ = _checks.counts(a_events, a_known)
    b_events, b_known, _ = _checks.counts(b_events, b_known)
    return [[a_events, a_known - a_events], [b_events, b_known - b_events]]


def undefined_reason(table: Table) -> str | None:
    """Plain reason the 2x2 test is undefined, or None when it can be computed."""
    for arm, row in zip("AB", table):
        if sum(row) == 0:
            return f"No test: arm {arm} has no cases with known outcome."
    if table[0][0] + table[1][0] == 0:
        return "No test: neither arm had any event, so there is nothing to compare."
    if table[0][1] + table[1][1] == 0:
        return "No test: every case in both arms had the event, so there is nothing to compare."
    return None


def compare_arms(a_events: int, a_known: int, b_events: int, b_known: int) -> ArmComparison:
    """Compare A (a_events/a_known) with B (b_events/b_known), two-sided.

    Fisher's exact test when any expected cell count is below 5, otherwise
    Pearson's chi-square without Yates continuity correction. Returns test
    "none" (p None) when an arm is empty or a whole column is zero.
    """
    table = two_by_two(a_events, a_known, b_events, b_known)
    why_not = undefined_reason(table)
    if why_not is not None:
        return ArmComparison("none", None, None, why_not)
    smallest = float(expected_freq(table).min())
    if smallest < MIN_EXPECTED:
        p = float(fisher_exact(table, alternative="two-sided").pvalue)
        reason = (f"Fisher's exact test (two-sided): smallest expected count "
                  f"{smallest:.2f} is below 5.")
        return ArmComparison("fisher_exact", p, smallest, reason)
    p = float(chi2_contingency(table, correction=False).pvalue)
    reason = (f"Pearson chi-square without continuity correction: all expected counts "
              f"are at least 5 (smallest {smallest:.2f}).")
    return ArmComparison("chi_square", p, smallest, reason)
