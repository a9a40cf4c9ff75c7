"""Limb and coronary statistics: the territories' own breakdowns, benchmarks and trend.

Public functions: compute_territory_stats(registry, flt, benchmark_ids, by=, as_of=) (the
output shape is in engine.py's docstring), territory_case_ids (the cases behind one rate),
territories_in_use (cases per territory) and territory_filter. The measures they compute are
defined in statistics/territory_measures, which statistics/territories.py reads too.
"""
from .engine import compute_territory_stats, territories_in_use, territory_case_ids, territory_filter

__all__ = ["compute_territory_stats", "territories_in_use", "territory_case_ids",
           "territory_filter"]
