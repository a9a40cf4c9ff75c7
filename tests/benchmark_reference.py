"""The p-value SciPy gives for a benchmark comparison entry, computed independently."""
from scipy.stats import binomtest, chi2_contingency, fisher_exact


def reference_p(entry: dict) -> float:
    """SciPy's p-value for the test the entry names (counts: 2x2; otherwise one-sided)."""
    e, k = entry["center"]["events"], entry["center"]["known"]
    if entry["test"] in ("fisher_exact", "chi_square"):
        be, bt = entry["benchmark_events"], entry["benchmark_total"]
        table = [[e, k - e], [be, bt - be]]
        if entry["test"] == "fisher_exact":
            return float(fisher_exact(table).pvalue)
        return float(chi2_contingency(table, correction=False).pvalue)
    assert entry["test"] == "exact_binomial_one_sided"
    rate = entry["benchmark_rate"]
    if e / k == rate:
        return 1.0
    side = "greater" if e / k > rate else "less"
    return float(binomtest(e, k, rate, alternative=side).pvalue)


def expected_test(entry: dict) -> str:
    """Counted benchmark arms get a two-sample test; rates and thresholds the one-sided one."""
    counted = entry["benchmark_events"] is not None and not entry.get("benchmark_threshold")
    return "two_sample" if counted else "exact_binomial_one_sided"
