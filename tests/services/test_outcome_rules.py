"""Rules 3-5 of the measure engine on hand-built cases, identical on all three paths:
the 'stent not recorded' arm, recanalization after a stent, and a mix of sICH definitions."""
from registry_app.services.cases.editing import create_case
from registry_app.services.statistics import compute_stats

from .test_stats_aggregated import per_case_stats, scan_stats

NO_STENT = dict(rescue_stent=False, rescue_reason=None, stent_device=None,
                antiplatelet_regimen=None, no_stent_reason="futility")
BLANK = dict(rescue_stent=None, rescue_reason=None, stent_device=None, antiplatelet_regimen=None)


def _all_paths(registry):
    fast = compute_stats(registry)
    assert fast == per_case_stats(registry) == scan_stats(registry)
    return fast


def test_failed_mt_with_the_stent_blank_is_its_own_arm(registry, make_case):
    for i in range(3):
        create_case(registry, make_case(f"S-{i}"))
    for i in range(2):
        create_case(registry, make_case(f"N-{i}", **NO_STENT))
    create_case(registry, make_case("BLANK-1", **BLANK))
    stats = _all_paths(registry)
    arms = stats["arms"]
    assert [arms[a]["n"] for a in ("rescue_stent", "no_stent", "stent_not_recorded",
                                   "all_mt")] == [3, 2, 1, 6]
    assert stats["mt_failed"] == 6
    share = stats["procedure"]["rescue_stent_share"]
    assert (share["events"], share["known"], share["unknown"]) == (3, 5, 1)


def test_missing_final_grade_after_a_stent_is_unknown_not_a_failure(registry, make_case):
    create_case(registry, make_case("S-1", final_reperfusion=None))
    create_case(registry, make_case("S-2"))
    recan = _all_paths(registry)["arms"]["rescue_stent"]["recanalization"]
    assert (recan["events"], recan["known"], recan["unknown"]) == (1, 1, 1)


def test_a_mix_of_sich_definitions_is_named(registry, make_case):
    create_case(registry, make_case("H-1", sich=True, heidelberg_class="2"))
    create_case(registry, make_case("H-2"))
    create_case(registry, make_case("E-1", sich=False, sich_definition="ecass3"))
    create_case(registry, make_case("X-1", sich=None, sich_definition="ninds"))  # not counted
    stats = _all_paths(registry)
    mix = stats["sich_definitions"]
    assert mix["counts"] == {"ecass3": 1, "heidelberg": 2} and mix["mixed"] is True
    assert "Heidelberg Bleeding Classification 2" in mix["text"] and "ECASS III 1" in mix["text"]
    assert mix["text"] in stats["warnings"]


def test_one_definition_is_not_a_mix(registry, make_case):
    create_case(registry, make_case("H-1"))
    mix = _all_paths(registry)["sich_definitions"]
    assert mix["mixed"] is False and mix["text"] == "" and mix["counts"] == {"heidelberg": 1}
