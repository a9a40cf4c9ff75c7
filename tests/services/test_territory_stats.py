"""Limb and coronary statistics on hand-built cases: counts, denominators, CIs (SciPy), unknown and
not-yet-due outcomes, breakdowns, trend and the comparison with each territory's benchmarks."""
from datetime import date, timedelta

import pytest
from scipy.stats import binomtest

from ..benchmark_reference import reference_p
from ..conftest import case_factory, copy_registry_file, open_on_test_clock

from registry_app.domain.case import Case
from registry_app.domain.errors import NotFound, ValueProblem
from registry_app.services.cases.editing import create_case
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.statistics import compute_stats
from registry_app.services.statistics.territory.engine import (compute_territory_stats, territories_in_use,
                                                               territory_case_ids)

PROC = date(2025, 1, 10)   # today in the tests is 2025-06-30
LIMB = CaseFilter(territory="limb")
CORONARY = CaseFilter(territory="coronary")


def limb(number, proc=PROC, **values):
    base = dict(case_number=number, territory="limb", procedure_date=proc, flow_scale="TIMI")
    return Case(values={**base, **values})


def coronary(number, proc=PROC, **values):
    base = dict(case_number=number, territory="coronary", procedure_date=proc,
                target_vessel="LAD")
    return Case(values={**base, **values})


LIMB_CASES = [
    limb("L1", rutherford_class="IIa", flow_after_mt="3", flow_final="3", adjunctive_therapy=("none",),
         fasciotomy=False, limb_complications=("none",), limb_salvage_30d=True,
         major_amputation_30d=False, reintervention_30d=False, limb_salvage_90d=True,
         reintervention_90d=False),
    limb("L2", rutherford_class="IIb", flow_after_mt="2", flow_final="3",
         adjunctive_therapy=("angioplasty",), fasciotomy=True,
         limb_complications=("distal_embolisation",), limb_salvage_30d=True,
         reintervention_30d=True, limb_salvage_90d=True),
    limb("L3", rutherford_class="IIb", flow_after_mt="0", flow_final="3",
         adjunctive_therapy=("cdt", "angioplasty"), limb_salvage_30d=True, reintervention_90d=False,
         lost_to_followup="unreachable"),
    limb("L4", rutherford_class="III", flow_after_mt="1", flow_final="1",
         adjunctive_therapy=("surgical_conversion",), major_amputation_30d=True,
         limb_salvage_30d=False, major_amputation_90d=True, amputation_date=PROC + timedelta(3)),
    limb("L5", rutherford_class="I", flow_after_mt="0", flow_final="2", adjunctive_therapy=("stent",),
         limb_salvage_30d=True, death_date=PROC + timedelta(days=40)),
    limb("L6"),
    limb("L7", proc=date(2025, 6, 20), rutherford_class="IIa", flow_after_mt="3", flow_final="3"),
    limb("L8", proc=date(2025, 4, 15), rutherford_class="IIb", flow_after_mt="3", flow_final="3",
         adjunctive_therapy=("none",), limb_salvage_30d=True),
]

CORONARY_CASES = [
    coronary("K1", stent_delivered=True, timi_final="3", chronic_total_occlusion=True,
             coronary_complications=("none",), mi_30d=False, repeat_revasc_30d=False),
    coronary("K2", stent_delivered=False, stent_failure_reason="calcification", reattempt=True,
             reattempt_success=True, reattempt_equipment=("ivl",), timi_final="3",
             chronic_total_occlusion=True, coronary_complications=("none",), mi_30d=True,
             repeat_revasc_30d=False),
    coronary("K3", stent_delivered=False, stent_failure_reason="cto_not_crossed", reattempt=False,
             timi_final="1", chronic_total_occlusion=True),
    coronary("K4", stent_delivered=False, stent_failure_reason="tortuosity", reattempt=True,
             reattempt_success=False, reattempt_equipment=("guide_extension", "microcatheter"),
             chronic_total_occlusion=False),
    coronary("K5", stent_delivered=True, timi_final="2", chronic_total_occlusion=False,
             coronary_complications=("dissection", "emergency_surgery"), mi_30d=False,
             repeat_revasc_30d=False),
    coronary("K6", proc=date(2025, 6, 20), stent_delivered=True, timi_final="3"),
]


@pytest.fixture(scope="module")
def stored(tmp_path_factory, registry_template):
    """One registry for the module (the tests only read it): the hand-built limb and coronary
    cases plus one cerebral case, stored through the case service; ids by number."""
    target = tmp_path_factory.mktemp("territory") / "registry.sqlite3"
    shared = open_on_test_clock(copy_registry_file(registry_template, target))
    cases = [*LIMB_CASES, *CORONARY_CASES, case_factory()("C-1")]
    ids = {case.values["case_number"]: create_case(shared, case.copy()).case_id for case in cases}
    yield shared, ids
    shared.close()


@pytest.fixture
def registry(stored):
    """The module's registry of hand-built cases (read only)."""
    return stored[0]


@pytest.fixture
def ids(stored):
    """Ids of the module's cases by case number."""
    return stored[1]


def counts(rate):
    return rate["events"], rate["known"], rate["unknown"]


def scipy_ci(rate):
    ci = binomtest(rate["events"], rate["known"]).proportion_ci(method=rate["ci_method"])
    return pytest.approx([ci.low, ci.high], abs=1e-9)


def test_limb_procedure_counts_and_denominators(registry, ids):
    stats = compute_territory_stats(registry, LIMB)
    assert stats["territory"] == "limb" and stats["cases"] == 8
    rates = stats["rates"]
    assert counts(rates["technical_success"]) == (6, 7, 1)          # L6 has no flow recorded
    assert counts(rates["mt_flow_restored"]) == (4, 7, 1)
    assert counts(rates["mt_failure"]) == (3, 7, 1)
    assert counts(rates["rescued_after_failure"]) == (2, 3, 0)      # L3, L5 of L3-L5
    assert rates["rescued_after_failure"]["n"] == 3                 # L6 is not known to have failed
    assert counts(rates["adjunctive_any"]) == (4, 6, 2)
    assert counts(rates["fasciotomy"]) == (1, 2, 6)
    assert counts(rates["any_complication"]) == (1, 2, 6)


def test_limb_outcomes_leave_out_cases_not_yet_due_and_count_unknown(registry, ids):
    rates = compute_territory_stats(registry, LIMB)["rates"]
    salvage30 = rates["limb_salvage_30d"]
    assert counts(salvage30) == (5, 6, 1) and salvage30["not_yet_due"] == 1   # L7 is 10 days old
    assert counts(rates["major_amputation_30d"]) == (1, 6, 1)
    assert counts(rates["death_30d"]) == (0, 6, 1)                  # L5 died on day 40
    assert counts(rates["reintervention_30d"]) == (1, 3, 4)         # L3: none by 90 -> none by 30
    salvage90 = rates["limb_salvage_90d"]
    assert counts(salvage90) == (2, 3, 3) and salvage90["not_yet_due"] == 2   # L7, L8
    assert counts(rates["death_90d"]) == (1, 5, 1)                  # L3: assessed at 90 days
    assert counts(rates["reintervention_90d"]) == (1, 3, 3)         # L2: one by 30 -> by 90


def test_cis_match_scipy_and_small_numbers_are_flagged(registry, ids):
    rates = compute_territory_stats(registry, LIMB)["rates"]
    for key in ("technical_success", "mt_failure", "limb_salvage_30d", "death_90d"):
        rate = rates[key]
        assert rate["ci_method"] == "exact" and rate["small_numbers"] is True
        assert rate["ci95"] == scipy_ci(rate)
        assert rate["rate"] == pytest.approx(rate["events"] / rate["known"])


def test_unknown_outcomes_bound_the_rate_in_the_right_direction(registry, ids):
    rates = compute_territory_stats(registry, LIMB)["rates"]
    salvage = rates["limb_salvage_90d"]["bounds"]      # 2 salvaged of 3 known, 3 unknown
    assert (salvage["low"], salvage["high"]) == (pytest.approx(2 / 6), pytest.approx(5 / 6))
    assert (salvage["best_case"], salvage["worst_case"]) == (salvage["high"], salvage["low"])
    death = rates["death_90d"]["bounds"]               # adverse: best case is the low bound
    assert (death["best_case"], death["worst_case"]) == (pytest.approx(1 / 6), pytest.approx(2 / 6))
    assert rates["mt_failure"]["bounds"]["best_case"] == pytest.approx(3 / 8)
    assert rates["rescued_after_failure"]["bounds"] is None


def test_limb_breakdowns_rutherford_and_what_followed_failure(registry, ids):
    breakdowns = compute_territory_stats(registry, LIMB)["breakdowns"]
    rutherford = breakdowns["rutherford_class"]
    assert (rutherford["population"], rutherford["recorded"], rutherford["not_recorded"]) == (8, 7, 1)
    assert {i["code"]: i["count"] for i in rutherford["items"]} == {"I": 1, "IIa": 2, "IIb": 3, "III": 1}
    iib = next(i for i in rutherford["items"] if i["code"] == "IIb")["share"]
    assert (iib["events"], iib["known"]) == (3, 7) and iib["ci95"] == scipy_ci(iib)
    after = breakdowns["adjunctive_after_failure"]
    assert (after["population"], after["recorded"], after["multiple"]) == (3, 3, True)
    assert {i["code"]: i["count"] for i in after["items"] if i["count"]} == {
        "cdt": 1, "angioplasty": 1, "stent": 1, "surgical_conversion": 1}


def test_coronary_counts_reasons_reattempts_and_cto(registry, ids):
    stats = compute_territory_stats(registry, CORONARY)
    rates = stats["rates"]
    assert stats["cases"] == 6
    assert counts(rates["technical_success"]) == (3, 6, 0)    # K3, K4: never delivered; K5: TIMI 2
    assert counts(rates["stent_delivery_failure"]) == (3, 6, 0)
    assert counts(rates["reattempt_share"]) == (2, 3, 0)
    assert counts(rates["reattempt_success"]) == (1, 2, 0)
    assert counts(rates["rescued_after_failure"]) == (1, 3, 0)
    assert counts(rates["cto_share"]) == (3, 5, 1)
    assert counts(rates["technical_success_cto"]) == (2, 3, 0)
    assert counts(rates["mace_30d"]) == (1, 3, 2) and rates["mace_30d"]["not_yet_due"] == 1
    assert counts(rates["mi_30d"]) == (1, 3, 2)
    assert counts(rates["major_complications"]) == (2, 3, 2)  # K2 MI, K5 emergency surgery
    assert counts(rates["procedural_success"]) == (1, 5, 0)   # only K1
    reasons = stats["breakdowns"]["stent_failure_reason"]
    assert {i["code"]: i["count"] for i in reasons["items"] if i["count"]} == {
        "calcification": 1, "cto_not_crossed": 1, "tortuosity": 1}
    equipment = stats["breakdowns"]["reattempt_equipment"]
    assert (equipment["population"], equipment["multiple"]) == (2, True)


def test_limb_default_benchmarks_compare_matching_measures_only(registry, ids):
    stats = compute_territory_stats(registry, LIMB)
    sections = {s["id"]: s for s in stats["benchmarks"]}
    assert set(sections) == {"stride", "prism2018", "indian_up2023"}
    prism = sections["prism2018"]["metrics"]
    unassisted, assisted = prism["technical_success"], prism["technical_success_assisted"]
    assert unassisted["registry_measure"] == "mt_flow_restored"
    assert (unassisted["center"]["events"], unassisted["center"]["known"]) == (4, 7)
    assert unassisted["p_value"] == pytest.approx(reference_p(unassisted), rel=1e-12)
    assert assisted["registry_measure"] == "technical_success"
    assert (assisted["center"]["events"], assisted["center"]["known"]) == (6, 7)
    assert "TIMI 2/3 flow after aspiration" in assisted["study_definition"]
    assert unassisted["too_small"] is True and "too few to judge" in unassisted["text"]
    assert unassisted["verdict"] == "not_assessable"
    stride = sections["stride"]
    assert list(stride["metrics"]) == ["limb_salvage_30d"]
    assert stride["metrics"]["limb_salvage_30d"]["center"]["events"] == 5
    assert {n["metric"]: n["reason"] for n in stride["not_compared"]} == {
        "limb_salvage_365d": "the registry follows limb cases to 90 days, not to 1 year",
        "mortality_365d": "the registry follows limb cases to 90 days, not to 1 year"}
    death = sections["indian_up2023"]["metrics"]["mortality_30d"]
    assert (death["center"]["events"], death["center"]["known"]) == (0, 6)
    assert stride["warnings"] == [] and stats["benchmark"]["id"] in sections


def test_comparisons_group_the_centre_with_every_study_figure(registry, ids):
    stats = compute_territory_stats(registry, LIMB)
    groups = {g["measure"]: g for g in stats["comparisons"]}
    assert list(groups) == ["technical_success", "mt_flow_restored", "limb_salvage_30d", "death_30d"]
    assert {e["benchmark_id"] for e in groups["technical_success"]["entries"]} == {
        "prism2018", "indian_up2023"}
    assert groups["limb_salvage_30d"]["centre"]["events"] == 5
    assert groups["limb_salvage_30d"]["centre"] == stats["rates"]["limb_salvage_30d"]


def test_coronary_cto_study_is_compared_with_cto_cases_and_definitions_differ(registry, ids):
    stats = compute_territory_stats(registry, CORONARY)
    assert {s["id"] for s in stats["benchmarks"]} == {"progress_cto", "progress_cto_2012_2022"}
    entry = next(s for s in stats["benchmarks"] if s["id"] == "progress_cto")["metrics"][
        "technical_success"]
    assert entry["cohort"] == "cto" and (entry["center"]["events"], entry["center"]["known"]) == (2, 3)
    assert entry["definitions_match"] is False
    assert "residual stenosis" in entry["study_definition"]
    assert "compared with your CTO cases (3)" in entry["text"]
    assert entry["p_value"] == pytest.approx(reference_p(entry), rel=1e-12)


def test_chosen_benchmark_of_another_territory_is_named_not_compared(registry, ids):
    stats = compute_territory_stats(registry, LIMB, ["chen2019"])
    section = stats["benchmarks"][0]
    assert section["metrics"] == {} and stats["comparisons"] == []
    assert "Chen 2019 studied cerebral cases; these statistics cover limb cases." in section["warnings"]
    assert all("counterpart" in n["reason"] or "does not record" in n["reason"]
               for n in section["not_compared"])
    with pytest.raises(NotFound, match="not in the library"):
        compute_territory_stats(registry, LIMB, ["no_such_study"])


def test_trend_has_every_month_with_technical_success_and_main_outcome(registry, ids):
    trend = compute_territory_stats(registry, LIMB, by="quarter")["trend"]
    assert trend["by"] == "quarter" and trend["metrics"] == ["technical_success", "limb_salvage_30d"]
    months = {row["period"]: row for row in trend["month"]}
    assert list(months) == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    assert months["2025-02"]["cases"] == 0 and months["2025-02"]["technical_success"]["rate"] is None
    january = months["2025-01"]
    assert january["cases"] == 6 and counts(january["technical_success"]) == (4, 5, 1)
    assert counts(january["limb_salvage_30d"]) == (4, 5, 1)
    assert months["2025-06"]["limb_salvage_30d"]["not_yet_due"] == 1
    assert [row["cases"] for row in trend["quarter"]] == [6, 2]


def test_case_ids_behind_a_rate(registry, ids):
    events = territory_case_ids(registry, LIMB, "technical_success", "events")
    assert sorted(events) == sorted(ids[n] for n in ("L1", "L2", "L3", "L5", "L7", "L8"))
    assert territory_case_ids(registry, LIMB, "technical_success", "unknown") == [ids["L6"]]
    assert sorted(territory_case_ids(registry, LIMB, "limb_salvage_90d", "all")) == sorted(
        ids[n] for n in ("L1", "L2", "L3", "L4", "L5", "L6"))
    cto = territory_case_ids(registry, CORONARY, "technical_success", "known", cohort="cto")
    assert sorted(cto) == sorted(ids[n] for n in ("K1", "K2", "K3"))
    with pytest.raises(ValueProblem, match="Measure: 'sich' is not a limb statistic"):
        territory_case_ids(registry, LIMB, "sich")


def test_compute_stats_dispatches_and_cerebral_is_untouched(registry, ids):
    assert compute_stats(registry, LIMB) == compute_territory_stats(registry, LIMB)
    cerebral = compute_stats(registry, CaseFilter())
    assert "territory" not in cerebral and cerebral["cases"] == 1
    assert territories_in_use(registry) == {"cerebral": 1, "limb": 8, "coronary": 6}


def test_definitions_travel_with_the_numbers(registry, ids):
    stats = compute_territory_stats(registry, LIMB)
    for key, rate in stats["rates"].items():
        assert rate["definition"] == stats["definitions"][key] and rate["label"]
    assert "TIMI/TIPI flow 2-3" in stats["definitions"]["technical_success"]
    assert "95% confidence interval" in stats["definitions"]["ci95"]
    assert [g["title"] for g in stats["groups"]] == ["Procedure", "30 days", "90 days"]
    assert stats["definitions"]["followup"].startswith("Outcomes at 30 and 90 days;")
    heart = compute_territory_stats(registry, CORONARY)["definitions"]
    assert heart["followup"].startswith("Outcomes at 30 days;")
    assert "final TIMI flow 3" in heart["technical_success"]


def test_empty_selection_and_bad_arguments(registry, ids):
    stats = compute_territory_stats(registry, CaseFilter(territory="limb", operator="nobody"))
    assert stats["cases"] == 0 and "No limb cases in this selection." in stats["warnings"]
    assert stats["rates"]["technical_success"]["rate"] is None
    assert stats["trend"]["month"] == []
    small = compute_territory_stats(registry, LIMB)
    assert "Only 8 limb cases: the rates are imprecise (wide confidence intervals)." in small["warnings"]
    with pytest.raises(ValueProblem, match="Trend period: 'week'"):
        compute_territory_stats(registry, LIMB, by="week")
    with pytest.raises(ValueProblem, match="Territory: 'cerebral'"):
        compute_territory_stats(registry, CaseFilter(territory="cerebral"))
