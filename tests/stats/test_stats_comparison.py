"""Tests for registry_app.stats.comparison: Fisher vs chi-square choice and p-values."""

import pytest
from scipy.stats import chi2_contingency, fisher_exact

from registry_app.stats.comparison import compare_arms


def test_chen_2019_uses_fisher():
    result = compare_arms(16, 18, 4, 11)
    assert result.test == "fisher_exact"
    assert result.p_value == pytest.approx(fisher_exact([[16, 2], [4, 7]])[1], rel=1e-12)
    assert result.p_value == pytest.approx(0.0102, abs=1e-4)
    assert result.min_expected == pytest.approx(11 * 9 / 29)
    assert "below 5" in result.reason and "Fisher" in result.reason


def test_large_table_uses_uncorrected_chi_square():
    result = compare_arms(300, 600, 250, 600)
    table = [[300, 300], [250, 350]]
    uncorrected = chi2_contingency(table, correction=False).pvalue
    corrected = chi2_contingency(table, correction=True).pvalue
    assert result.test == "chi_square"
    assert result.p_value == pytest.approx(uncorrected, rel=1e-12)
    assert result.p_value != pytest.approx(corrected, rel=1e-3)
    assert result.min_expected == pytest.approx(275.0)
    assert "without continuity correction" in result.reason


@pytest.mark.parametrize("args, test", [
    ((5, 10, 5, 10), "chi_square"),    # every expected count exactly 5
    ((4, 10, 5, 10), "fisher_exact"),  # smallest expected count 4.5
    ((1, 100, 9, 100), "chi_square"),  # expected 5, 5, 95, 95
    ((1, 100, 8, 100), "fisher_exact"),
])
def test_threshold_of_five_expected(args, test):
    assert compare_arms(*args).test == test


@pytest.mark.parametrize("args", [(16, 18, 4, 11), (300, 600, 250, 600), (3, 40, 9, 35)])
def test_p_value_symmetric_in_arms(args):
    a, b = compare_arms(*args), compare_arms(*args[2:], *args[:2])
    assert a.test == b.test and a.p_value == pytest.approx(b.p_value, rel=1e-9)


@pytest.mark.parametrize("args, fragment", [
    ((0, 0, 3, 10), "arm A has no cases"),
    ((3, 10, 0, 0), "arm B has no cases"),
    ((0, 0, 0, 0), "arm A has no cases"),
    ((0, 10, 0, 12), "neither arm had any event"),
    ((10, 10, 12, 12), "every case in both arms"),
])
def test_undefined_tables_give_none(args, fragment):
    result = compare_arms(*args)
    assert (result.test, result.p_value, result.min_expected) == ("none", None, None)
    assert fragment in result.reason


def test_invalid_counts_rejected():
    with pytest.raises(ValueError, match="cannot exceed"):
        compare_arms(5, 4, 1, 10)
    with pytest.raises(ValueError, match="negative"):
        compare_arms(1, 10, -1, 10)


def test_to_dict_and_types():
    d = compare_arms(16, 18, 4, 11).to_dict()
    assert set(d) == {"test", "p_value", "min_expected", "reason"}
    assert type(d["p_value"]) is float and type(d["min_expected"]) is float
