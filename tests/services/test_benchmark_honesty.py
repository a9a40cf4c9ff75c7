"""Benchmarks compared honestly: populations, horizons, two-sample tests and Holm's adjustment."""
from datetime import date

import pytest
from scipy.stats import chi2_contingency

from registry_app.services.benchmarks.library import library
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.statistics import compute_stats
from registry_app.stats.difference import holm

from ..benchmark_reference import reference_p


def test_attention_bao_mortality_belongs_to_failed_basilar_mt_without_a_horizon():
    bao = library().get("attention_bao")
    [death] = [r for r in bao.results if r.metric == "mortality_90d"]
    assert death.arm == "failed_mt" and (death.events, death.total) == (172, 477)
    assert bao.population.circulation == "posterior"


def test_study_labels_use_the_study_horizon(chen_registry):
    stats = compute_stats(chen_registry, benchmark_ids=["attention_bao"])
    entry = stats["benchmark"]["by_arm"]["failed_mt"]["mortality_90d"]
    assert entry["metric_label"] == "Mortality (time frame not stated)"
    assert "90 days" not in entry["metric_label"]
    centre = entry["center"]
    assert (centre["events"], centre["known"]) == (9, 29)  # Chen's 4 + 5 deaths, both arms


def test_cusum_refuses_a_reference_from_another_population(chen_registry):
    """ATTENTION studied basilar occlusions: not a reference for all sites together."""
    stats = compute_stats(chen_registry, benchmark_ids=["attention_bao"])
    cusum = stats["cusum"]["mortality_90d"]
    assert cusum["available"] is False
    assert "ATTENTION BAO registry was not used as the reference" in cusum["reason"]
    assert "posterior circulation occlusions only" in cusum["reason"]


def test_cusum_takes_a_matching_population(chen_registry):
    posterior = CaseFilter(circulation="posterior")
    stats = compute_stats(chen_registry, posterior, benchmark_ids=["attention_bao"])
    cusum = stats["cusum"]["mortality_90d"]
    assert cusum.get("reason") != ("ATTENTION BAO registry was not used as the reference")
    if cusum["available"]:  # Chen's cases are anterior: none may be selected at all
        assert cusum["arm"] == "failed_mt"
    else:
        assert "No cases with known outcome" in cusum["reason"]


def test_new_verified_counts_are_compared_two_sample(chang_registry):
    stats = compute_stats(chang_registry, benchmark_ids=["kniep2024", "lambrou2025",
                                                              "nasa2015"])
    kniep = stats["benchmarks"][0]["by_arm"]["all_mt"]["mt_failure"]
    assert (kniep["benchmark_events"], kniep["benchmark_total"]) == (622, 2977)
    assert kniep["test"] == "chi_square"
    table = [[kniep["center"]["events"], kniep["center"]["known"] - kniep["center"]["events"]],
             [622, 2977 - 622]]
    assert kniep["p_value"] == pytest.approx(chi2_contingency(table, correction=False).pvalue)
    low, high = kniep["difference_ci95"]
    assert low < kniep["difference"] < high
    assert (kniep["p_value"] < 0.05) == (kniep["verdict"] in ("better", "worse"))
    nasa = stats["benchmarks"][2]["by_arm"]["all_mt"]["first_pass_effect"]
    assert nasa["p_value"] == pytest.approx(reference_p(nasa), rel=1e-12)


def test_holm_adjusts_across_every_comparison_shown(chang_registry):
    stats = compute_stats(chang_registry, benchmark_ids=["chen2019", "chang2018"])
    entries = [e for s in stats["benchmarks"] for arm in s["by_arm"].values()
               for e in arm.values()]
    assert len(entries) > 3
    assert [e["p_holm"] for e in entries] == pytest.approx(holm([e["p_value"] for e in entries]))
    assert all(e["p_holm"] >= e["p_value"] for e in entries if e["p_value"] is not None)
    assert "Holm" in stats["definitions"]["benchmark_test"]


def test_maturity_applies_before_any_benchmark_test(chen_registry):
    early = compute_stats(chen_registry, benchmark_ids=["chen2019"], as_of=date(2025, 2, 1))
    death = early["benchmark"]["by_arm"]["rescue_stent"]["mortality_90d"]
    assert death["center"]["known"] == 0 and death["center"]["not_yet_due"] == 18
    assert death["verdict"] == "not_yet_due" and death["p_value"] is None
    assert "All 18 cases are not yet due" in death["text"]
