"""The light loading path of the statistics derives exactly what the full domain cases derive."""
from datetime import datetime

import pytest

from registry_app.services.cases.editing import create_case
from registry_app.services.demo.generator import fill_demo
from registry_app.services.cases.queries import CaseFilter, count_cases, load_cases
from registry_app.services.statistics import compute_stats
from registry_app.services.statistics.cases import load_stat_cases
from registry_app.services.statistics.metrics import case_facts

from ..conftest import case_factory, filled_with


def _pass(number, grade):
    return {"pass_number": number, "technique": "aspiration", "device": "React 71",
            "reperfusion_grade": grade, "pass_time": datetime(2025, 1, 10, 10, 30 + number)}


def _fill_mixed(registry) -> None:
    make_case = case_factory()
    fill_demo(registry, 400, seed=3)
    for case in [
        # last pass ungraded: the grade after MT comes from the earlier pass
        make_case("P-1", passes=[_pass(1, "2a"), _pass(2, None)], reperfusion_after_mt=None),
        # no pass table: pass count and first-pass grade come from the summary fields
        make_case("P-2", passes=[], mt_passes=1, reperfusion_after_mt="2c", rescue_stent=False,
                  rescue_reason=None, stent_device=None, antiplatelet_regimen=None,
                  final_reperfusion="2c"),
        # one pass whose grade differs from the summary (a warning, not an error)
        make_case("P-3", passes=[_pass(1, "2b67")], reperfusion_after_mt="1"),
    ]:
        create_case(registry, case)


@pytest.fixture
def mixed_registry(filled_copy):
    """Demo cases of all territories plus pass-table corner cases (this test's copy of a
    registry filled once per run; the tests only read it)."""
    return filled_copy("sqlite", "mixed-400-3", filled_with(_fill_mixed))


def test_light_cases_give_the_same_facts_as_full_cases(mixed_registry):
    settings, today = mixed_registry.settings(), mixed_registry.today()
    light = load_stat_cases(mixed_registry, CaseFilter())
    full = load_cases(mixed_registry, CaseFilter(territory="cerebral"), sort="procedure_date",
                      descending=False)
    assert [c.id for c in light] == [c.id for c in full] and len(light) > 250
    for small, whole in zip(light, full):
        assert case_facts(small, settings, today) == case_facts(whole, settings, today), whole.id


def test_corner_cases_are_derived_from_the_pass_table(mixed_registry):
    facts = {c.values.get("case_number"): c for c in load_cases(mixed_registry, CaseFilter(text="P-"))}
    by_id = {c.id: case_facts(c, mixed_registry.settings(), mixed_registry.today())
             for c in load_stat_cases(mixed_registry, CaseFilter(text="P-"))}
    first, second, third = (by_id[facts[n].id] for n in ("P-1", "P-2", "P-3"))
    assert first.values["mt_failure"] is True and first.passes == 2
    assert second.values["first_pass_effect"] is True and second.passes == 1
    assert third.values["modified_first_pass_effect"] is True  # pass 1 reached 2b67
    assert third.values["mt_failure"] is True  # the summary after MT says 1


def test_only_cerebral_cases_unless_the_filter_says_otherwise(mixed_registry):
    cerebral = count_cases(mixed_registry, CaseFilter(territory="cerebral"))
    limb = count_cases(mixed_registry, CaseFilter(territory="limb"))
    assert cerebral < count_cases(mixed_registry) and limb > 0
    assert compute_stats(mixed_registry)["cases"] == cerebral
    limb_stats = compute_stats(mixed_registry, CaseFilter(territory="limb"))
    assert limb_stats["cases"] == limb and limb_stats["period"]["filter"]["territory"] == "limb"
