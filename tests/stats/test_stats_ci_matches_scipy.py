"""The fast interval computation equals SciPy's binomtest(...).proportion_ci everywhere."""
import pytest
from scipy.stats import binomtest

from registry_app.stats.proportions import proportion_ci


@pytest.mark.parametrize("method", ["wilson", "exact"])
@pytest.mark.parametrize("known", [1, 2, 7, 18, 29, 148, 263,
                                   pytest.param(1000, marks=pytest.mark.slow)])
def test_interval_equals_scipy(method, known):
    for events in range(known + 1):
        ci = binomtest(events, known).proportion_ci(confidence_level=0.95, method=method)
        low, high = proportion_ci(events, known, method)
        assert low == pytest.approx(ci.low, abs=1e-12) and high == pytest.approx(ci.high, abs=1e-12)
