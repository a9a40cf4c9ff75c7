"""The fast interval computation equals SciPy's binomtest(...).proportion_ci everywhere."""
import pytest
from scipy.stats import binomtest
from scipy.stats._result_classes import BinomTestResult

from registry_app.stats.proportions import proportion_ci


def scipy_result(events: int, known: int) -> BinomTestResult:
    """The result binomtest(events, known) returns, without the two-sided p-value it searches
    for first (the intervals never read it; at n = 1000 the search costs more than the Wilson
    intervals): proportion_ci is SciPy's own method on it."""
    return BinomTestResult(k=events, n=known, alternative="two-sided", statistic=events / known,
                           pvalue=float("nan"))


@pytest.mark.parametrize("method", ["wilson", "exact"])
def test_the_result_without_p_value_gives_binomtests_intervals(method):
    for events, known in [(0, 1), (1, 2), (3, 7), (18, 18), (1, 263), (500, 1000), (999, 1000)]:
        ours = scipy_result(events, known).proportion_ci(confidence_level=0.95, method=method)
        full = binomtest(events, known).proportion_ci(confidence_level=0.95, method=method)
        assert (ours.low, ours.high) == (full.low, full.high)


@pytest.mark.parametrize("method", ["wilson", "exact"])
@pytest.mark.parametrize("known", [1, 2, 7, 18, 29, 148, 263,
                                   pytest.param(1000, marks=pytest.mark.slow)])
def test_interval_equals_scipy(method, known):
    for events in range(known + 1):
        ci = scipy_result(events, known).proportion_ci(confidence_level=0.95, method=method)
        low, high = proportion_ci(events, known, method)
        assert low == pytest.approx(ci.low, abs=1e-12) and high == pytest.approx(ci.high, abs=1e-12)
