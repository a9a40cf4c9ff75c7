"""The fast interval computation equals SciPy's binomtest(...).proportion_ci everywhere."""
from functools import lru_cache

import pytest
from scipy.stats import binomtest

from registry_app.stats.proportions import proportion_ci


@lru_cache(maxsize=None)
def scipy_test(events: int, known: int):
    """SciPy's binomtest of events/known, made once for both interval methods (its p-value
    search costs more than the Wilson interval read from it)."""
    return binomtest(events, known)


@pytest.mark.parametrize("method", ["wilson", "exact"])
@pytest.mark.parametrize("known", [1, 2, 7, 18, 29, 148, 263,
                                   pytest.param(1000, marks=pytest.mark.slow)])
def test_interval_equals_scipy(method, known):
    for events in range(known + 1):
        ci = scipy_test(events, known).proportion_ci(confidence_level=0.95, method=method)
        low, high = proportion_ci(events, known, method)
        assert low == pytest.approx(ci.low, abs=1e-12) and high == pytest.approx(ci.high, abs=1e-12)
