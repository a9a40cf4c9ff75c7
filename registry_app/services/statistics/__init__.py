"""The statistics engine: every rate the registry reports, with its denominator and interval.

One job: turn a selection of cases and an as-of date into the figures every output shows (CLI,
dashboard, PDF, workbook), so a number can never differ between two of them.

Public functions:
- compute_stats(registry, flt, benchmark_ids, by=, as_of=): all figures of a selection (cerebral
  cases, or limb / coronary when the filter names that territory); see README "What
  `stats --json` prints";
- metric_case_ids(registry, flt, arm, metric, which, as_of=): the cases behind one number;
- definitions(settings): the definitions, in words, that travel with every number.

Inside: measures (the one definition of each cerebral measure), metrics (per-case values,
maturity, tallies), cases / scan / summary / aggregated (the per-case path, the SQL scan and
the trigger-kept summary, which give identical results), sections, benchmarks (comparisons and
CUSUM), text (plain-text rendering) and territory/ (limb and coronary measures).
"""
from .engine import PERIODS, WHICH, compute_stats, definitions, metric_case_ids

__all__ = ["PERIODS", "WHICH", "compute_stats", "definitions", "metric_case_ids"]
