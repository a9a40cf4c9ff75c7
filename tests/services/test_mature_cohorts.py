"""Mature cohorts: a 90-day outcome counts only once procedure + 90 + 14 days have passed.

The cohort is counted by hand (the issue's "done when"): rescue stents after failed MT,
- 20 operated 7-10 months before the as-of date, outcomes known: 5 deaths, 8 mRS 0-2,
  7 mRS 3-5;
- 2 operated 7 months before, discharged dead without a date of death and without an mRS;
- 10 operated 2-3 weeks before, 3 of them already dead (provisional).
So 90-day mortality is 7/22 and good outcome 8/22; the 10 recent cases are not yet due.
"""
import json
from datetime import date, timedelta

import pytest

from registry_app.cli.main import main
from registry_app.services.cases.editing import create_case
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.statistics import compute_stats, metric_case_ids

from ..conftest import case_factory, copy_registry_file, filled_with, open_on_test_clock
from .test_stats_aggregated import per_case_stats, scan_stats

AS_OF = date(2026, 12, 6)


def _dated(make_case, number: str, days_before: int, **values):
    """A failed MT with a rescue stent, operated `days_before` the as-of date."""
    proc = AS_OF - timedelta(days=days_before)
    case = make_case(number, **values)
    shift = (proc - case.get("procedure_date")).days
    for row in [case.values, *case.passes]:
        for code, value in list(row.items()):
            if hasattr(value, "year") and value is not None:
                row[code] = value + timedelta(days=shift)
    return case


BASE = date(2025, 1, 10)
"""Procedure date of make_case; _dated moves every date of the case by the same amount."""


def _dead(days_after: int) -> dict:
    died = BASE + timedelta(days=days_after)
    return dict(mrs_90d=6, death_date=died, discharge_destination="died", discharge_mrs=6,
                discharge_date=died, followup_date=None, followup_method=None)


def hand_counted_cases(make_case) -> list:
    cases = []
    for i in range(20):
        before = 210 + 4 * i  # 7 to 10 months ago
        outcome = (_dead(30) if i < 5 else dict(mrs_90d=1 + i % 2) if i < 13
                   else dict(mrs_90d=3 + i % 3))
        cases.append(_dated(make_case, f"OLD-{i:02d}", before, **outcome))
    for i in range(2):
        cases.append(_dated(make_case, f"UNDATED-{i}", 212, mrs_90d=None, followup_date=None,
                            followup_method=None, discharge_destination="died",
                            discharge_mrs=6, death_date=None))
    for i in range(10):
        before = 14 + i  # 2-3 weeks ago
        outcome = (_dead(5) if i < 3 else
                   dict(mrs_90d=None, followup_date=None, followup_method=None))
        cases.append(_dated(make_case, f"NEW-{i:02d}", before, **outcome))
    return cases


def _enter_cohort(registry) -> None:
    registry.today = lambda: AS_OF
    for case in hand_counted_cases(case_factory()):
        create_case(registry, case)


@pytest.fixture
def cohort(filled_template, tmp_path):
    """This test's copy of the hand-counted cohort (entered once per worker), as of AS_OF."""
    source = filled_template("mature-cohort", filled_with(_enter_cohort))
    registry = open_on_test_clock(copy_registry_file(source, tmp_path / "cohort.sqlite3"))
    registry.today = lambda: AS_OF
    yield registry
    registry.close()


def test_hand_counted_cohort_gives_7_of_22_deaths_and_8_of_22_good(cohort):
    stats = compute_stats(cohort)
    arm = stats["arms"]["rescue_stent"]
    dead, good = arm["mortality_90d"], arm["good_outcome_90d"]
    assert (dead["events"], dead["known"], dead["unknown"]) == (7, 22, 0)
    assert (good["events"], good["known"], good["unknown"]) == (8, 22, 0)
    assert (dead["not_yet_due"], dead["provisional_events"]) == (10, 3)
    assert (good["not_yet_due"], good["provisional_events"]) == (10, 0)
    assert stats["maturity"]["not_yet_due"] == 10
    assert stats["maturity"]["provisional_deaths"] == 3
    assert stats["as_of"] == "2026-12-06"
    assert "3 deaths so far among 10 cases not yet due" in stats["maturity"]["text"]


def test_procedural_rates_count_every_case(cohort):
    recan = compute_stats(cohort)["arms"]["rescue_stent"]["recanalization"]
    assert recan["known"] + recan["unknown"] == 32 and recan["not_yet_due"] == 0


def test_all_three_paths_agree_on_the_mature_cohort(cohort):
    fast = compute_stats(cohort)
    assert fast == per_case_stats(cohort) == scan_stats(cohort)
    one_month = CaseFilter().with_month((AS_OF - timedelta(days=20)).strftime("%Y-%m"))
    assert compute_stats(cohort, one_month) == per_case_stats(cohort, one_month)


def test_recent_deaths_stay_out_of_the_trend_and_the_cusum(cohort):
    stats = compute_stats(cohort, benchmark_ids=["chen2019"])
    last = stats["trend"]["month"][-1]
    assert last["mortality_90d"]["known"] == 0
    assert last["mortality_90d"]["provisional_events"] >= 1
    cusum = stats["cusum"]["mortality_90d"]
    assert cusum["available"] and cusum["n"] <= 22
    recent = set(metric_case_ids(cohort, CaseFilter(), "rescue_stent", "mortality_90d",
                                 "not_yet_due"))
    assert len(recent) == 10 and not recent & set(cusum["case_ids"])


def test_the_same_cohort_a_year_later_counts_everyone(cohort):
    later = compute_stats(cohort, as_of=AS_OF + timedelta(days=365))
    dead = later["arms"]["rescue_stent"]["mortality_90d"]
    assert (dead["events"], dead["known"], dead["unknown"], dead["not_yet_due"]) == (10, 25, 7, 0)


def test_stats_json_lists_the_not_yet_due_cases(cohort, capsys):
    code = main(["--db", str(cohort.path), "stats", "--json", "--as-of", "2026-12-06"])
    stats = json.loads(capsys.readouterr().out)
    assert code == 0 and stats["as_of"] == "2026-12-06"
    dead = stats["arms"]["rescue_stent"]["mortality_90d"]
    assert (dead["events"], dead["known"], dead["not_yet_due"]) == (7, 22, 10)
    assert stats["arms"]["rescue_stent"]["good_outcome_90d"]["events"] == 8
    assert stats["maturity"]["provisional_deaths"] == 3


def test_stats_text_names_the_provisional_deaths(cohort, capsys):
    main(["--db", str(cohort.path), "stats", "--as-of", "2026-12-06"])
    out = capsys.readouterr().out
    assert "as of 2026-12-06" in out
    assert "Not yet due: 3 deaths so far among 10 cases not yet due" in out
