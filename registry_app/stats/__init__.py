"""Pure statistics for the thrombectomy registry (no Qt, no database, no I/O)."""

from registry_app.stats.benchmark_test import BenchmarkVerdict, compare_with_benchmark
from registry_app.stats.comparison import ArmComparison, compare_arms
from registry_app.stats.cusum import CusumResult, cusum_path, cusum_threshold
from registry_app.stats.descriptive import (Spread, distribution, median_iqr,
                                           median_iqr_of_counts, median_iqr_of_integers)
from registry_app.stats.proportions import SMALL_N, Rate, missing_bounds, rate
from registry_app.stats.trend import period_key, periods_between

__all__ = [
    "SMALL_N",
    "ArmComparison",
    "BenchmarkVerdict",
    "CusumResult",
    "Rate",
    "Spread",
    "compare_arms",
    "compare_with_benchmark",
    "cusum_path",
    "cusum_threshold",
    "distribution",
    "median_iqr",
    "median_iqr_of_counts",
    "median_iqr_of_integers",
    "missing_bounds",
    "period_key",
    "periods_between",
    "rate",
]
