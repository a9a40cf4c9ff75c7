"""Loading a report's cases in a few column queries gives what loading them case by case gave:
the same cases, values and order (report_cases), the same territory trend from light rows, and
the same limb/coronary section as when every case of the 12-month window was loaded in full."""
from datetime import date, timedelta

import pytest

from registry_app.domain.case import Case
from registry_app.services.cases.editing import create_case
from registry_app.services.demo.generator import fill_demo
from registry_app.services.cases.queries import CaseFilter, load_cases
from registry_app.services.cases.loading import PartialCase, load_partial_cases, load_selected_cases
from registry_app.services.reports.data import months_before
from registry_app.services.reports.territory import build_section, case_rows
from registry_app.services.statistics.territory.engine import (compute_territory_stats, load_facts,
                                                               load_trend_facts)
from registry_app.services.statistics.territory.counts import all_facts, case_facts, trend_section
from registry_app.services.statistics.territories import TERRITORIES

from ..conftest import copy_registry_file, filled_with, open_on_test_clock

FIRST, LAST = date(2025, 3, 1), date(2025, 3, 31)          # today in the tests: 2025-06-30
TREND_FROM = months_before(FIRST, 12)


def limb(number, proc, passes=(), **values):
    base = dict(case_number=number, territory="limb", procedure_date=proc, flow_scale="TIMI",
                operator="OP1")
    return Case(values={**base, **values}, passes=[dict(p) for p in passes],
                identity={"mrn": f"MRN-{number}", "birth_date": date(1950, 1, 2)})


def coronary(number, proc, **values):
    base = dict(case_number=number, territory="coronary", procedure_date=proc,
                target_vessel="LAD", operator="OP2")
    return Case(values={**base, **values}, identity={"mrn": f"MRN-{number}"})


def attempts(*flows):
    return [{"pass_number": n, "limb_technique": "aspiration", "flow_grade": flow}
            for n, flow in enumerate(flows, start=1)]


def varied_cases(proc: date, tag: str) -> list[Case]:
    """Limb and coronary cases reaching every branch of the trend measures."""
    def later(days):  # never after today (2025-06-30)
        return min(proc + timedelta(days=days), date(2025, 6, 30))
    return [
        limb(f"L{tag}1", proc, rutherford_class="IIa", flow_after_mt="3", flow_final="3",
             limb_salvage_30d=True, major_amputation_30d=False),
        limb(f"L{tag}2", proc, attempts("0", "2")),                        # flow from the passes
        limb(f"L{tag}3", proc, attempts("1"), flow_final="1", major_amputation_30d=True,
             amputation_date=later(days=4), adjunctive_therapy=("cdt", "angioplasty")),
        limb(f"L{tag}4", proc, limb_salvage_30d=False, limb_complications=("none",)),
        limb(f"L{tag}5", proc),
        coronary(f"K{tag}1", proc, stent_delivered=True, timi_final="3", mi_30d=False,
                 repeat_revasc_30d=False, chronic_total_occlusion=True),
        coronary(f"K{tag}2", proc, stent_delivered=False, stent_failure_reason="calcification",
                 reattempt=True, reattempt_success=True, timi_final="3", mi_30d=True),
        coronary(f"K{tag}3", proc, stent_delivered=False, stent_failure_reason="calcification",
                 reattempt=False, death_date=later(days=12)),
        coronary(f"K{tag}4", proc, stent_delivered=True, timi_final="2",
                 discharge_destination="died", discharge_date=later(days=3)),
        coronary(f"K{tag}5", proc, stent_delivered=True, followup_date=later(days=35)),
        coronary(f"K{tag}6", proc, discharge_destination="died"),
    ]


def _fill_territories(registry) -> None:
    for proc, tag in ((date(2025, 3, 5), "a"), (date(2025, 3, 28), "b"), (date(2024, 7, 9), "c"),
                      (date(2025, 2, 27), "d"), (date(2024, 3, 1), "e"), (date(2024, 2, 29), "f"),
                      (date(2025, 6, 20), "g")):
        for case in varied_cases(proc, tag):
            create_case(registry, case)
    fill_demo(registry, 600, seed=11)


@pytest.fixture(scope="module")
def territories(filled_template, tmp_path_factory):
    """Varied limb and coronary cases in the report month, the trend window and before it, and
    600 demo cases (filled once per run; read only: shared by the tests of this module)."""
    source = filled_template("loading-territories", filled_with(_fill_territories))
    registry = open_on_test_clock(copy_registry_file(
        source, tmp_path_factory.mktemp("loading") / "r.sqlite3"))
    yield registry
    registry.close()


FILTERS = [CaseFilter(territory="limb"), CaseFilter(territory="coronary", operator="OP2"),
           CaseFilter(date_from=FIRST, date_to=LAST), CaseFilter(text="La"), CaseFilter()]


@pytest.mark.parametrize("flt", FILTERS)
@pytest.mark.parametrize("with_identity", [False, True])
def test_selected_cases_are_the_cases_loaded_one_by_one(territories, flt, with_identity):
    expected = load_cases(territories, flt, with_identity=with_identity, sort="procedure_date",
                          descending=False)
    assert load_selected_cases(territories, flt, with_identity) == expected and expected


def test_partial_cases_hold_only_the_fields_asked_for(territories):
    flt = CaseFilter(territory="limb")
    full = {c.id: c for c in load_selected_cases(territories, flt)}
    partial = load_partial_cases(territories, flt, ("procedure_date", "adjunctive_therapy"),
                                 ("flow_grade",))
    assert [c.id for c in partial] == list(full) and all(type(c) is PartialCase for c in partial)
    for case in partial:
        assert set(case.values) == {"procedure_date", "adjunctive_therapy"}
        assert case.get("adjunctive_therapy") == full[case.id].get("adjunctive_therapy")
        assert case.get("flow_final") is None and case.identity == {} and case.contacts == []
        assert case.passes == [{"flow_grade": p["flow_grade"]} for p in full[case.id].passes]
    assert any(isinstance(c.get("adjunctive_therapy"), tuple) for c in partial)


class Reading(dict):
    """A dict noting each key read (Case.get reads `in` and [key], territory .get)."""

    def __init__(self, data, seen: set):
        super().__init__(data)
        self.seen = seen

    def __getitem__(self, key):
        self.seen.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.seen.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.seen.add(key)
        return super().get(key, default)


@pytest.mark.parametrize("territory", ["limb", "coronary"])
def test_the_trend_measures_read_only_the_trend_fields(territories, territory):
    seen, seen_in_passes = set(), set()
    measures = [m for m in TERRITORIES[territory].measures if m.key in TERRITORIES[territory].trend]
    cases = load_selected_cases(territories, CaseFilter(territory=territory), True)
    for case in cases:
        case.values, case.identity = Reading(case.values, seen), Reading(case.identity, seen)
        case.passes = [Reading(p, seen_in_passes) for p in case.passes]
        case_facts(case, measures, territories.today())
    codes, pass_codes = TERRITORIES[territory].trend_fields
    assert seen <= set(codes) and seen_in_passes <= set(pass_codes)
    assert len(cases) > 40 and "procedure_date" in seen


@pytest.mark.parametrize("territory", ["limb", "coronary"])
def test_trend_facts_from_light_rows_equal_those_of_full_cases(territories, territory):
    flt = CaseFilter(territory=territory, date_from=TREND_FROM, date_to=LAST)
    full, light = load_facts(territories, flt), load_trend_facts(territories, flt)
    assert [(f.id, f.date) for f in light] == [(f.id, f.date) for f in full]
    assert [f.values for f in light] == [{k: f.values[k] for k in TERRITORIES[territory].trend} for f in full]
    assert {v for f in light for v in f.values.values()} >= {True, False, None}
    assert trend_section(light, territory, flt, "month") == trend_section(full, territory, flt,
                                                                           "month")


def section_from_full_cases(registry, territory, identified):
    """What build_section computed when it loaded every case of the window in full."""
    window = CaseFilter(date_from=TREND_FROM, date_to=LAST, territory=territory)
    loaded = load_cases(registry, window, with_identity=identified, sort="procedure_date",
                        descending=False)
    facts = all_facts(loaded, territory, registry.today())
    month_facts = [f for f in facts if FIRST <= f.date <= LAST]
    month = CaseFilter(date_from=FIRST, date_to=LAST, territory=territory)
    return (compute_territory_stats(registry, month), trend_section(facts, territory, window,
                                                                     "month"),
            case_rows(month_facts, territory, identified))


@pytest.mark.parametrize("territory", ["limb", "coronary"])
@pytest.mark.parametrize("identified", [False, True])
def test_a_section_is_the_one_computed_from_full_cases(territories, territory, identified):
    section = build_section(territories, territory, FIRST, LAST, TREND_FROM, identified)
    stats, trend, rows = section_from_full_cases(territories, territory, identified)
    assert section.stats == stats and section.trend == trend and section.cases == rows
    assert stats["cases"] == len(rows) >= 12 and sum(r["cases"] for r in trend["month"]) > 30
    assert any(row.get("mrn") for row in rows) == identified


def test_statistics_of_a_selection_are_those_of_full_cases(territories):
    flt = CaseFilter(territory="limb", date_from=date(2024, 6, 1), operator="OP1")
    loaded = load_cases(territories, flt, sort="procedure_date", descending=False)
    facts = all_facts(loaded, "limb", territories.today())
    assert compute_territory_stats(territories, flt) == compute_territory_stats(
        territories, flt, facts=facts)
    assert len(facts) > 10
