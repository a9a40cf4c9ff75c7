"""Statistics from the summary summed by month (the mature months) equal the scan of the cases
and the per-case path on a cohort of several years, with as-of dates that cut a month."""
from datetime import date

import pytest

from registry_app.services.cases.queries import CaseFilter
from registry_app.services.demo.generator import fill_demo
from registry_app.services.statistics import aggregated, compute_stats
from registry_app.services.statistics import engine as statistics
from registry_app.services.statistics import scan as stats_sql
from registry_app.services.statistics import summary as stats_from_summary

from ..conftest import open_on_test_clock

YEARS = (2019, 2021, 2023, 2025)
"""Demo cases are made over the two years before each of these years' 30 June: eight years."""
SCAN = stats_sql.day_groups


def _fill_years(location: str) -> None:
    """150 demo cases in the two years before 30 June of each of YEARS."""
    registry = open_on_test_clock(location)
    for year in YEARS:
        registry.today = lambda year=year: date(year, 6, 30)
        fill_demo(registry, 150, seed=year)
    registry.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def years(request, filled_copy):
    """This test's copy of the eight-year registry on each backend."""
    return filled_copy(request.param, "eight-years", _fill_years)


def scan_stats(registry, flt, **kwargs):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stats_from_summary, "day_groups", lambda *a: None)
        patch.setattr(stats_sql, "day_groups", SCAN)
        return compute_stats(registry, flt, **kwargs)


def per_case_stats(registry, flt, **kwargs):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(statistics, "derived_columns_current", lambda *a: False)
        return compute_stats(registry, flt, **kwargs)


@pytest.fixture
def summed(monkeypatch):
    """The groups each summary read gave (to see that months were summed)."""
    found = []
    real = stats_from_summary.day_groups

    def recording(*args):
        groups = real(*args)
        found.append(groups)
        return groups
    monkeypatch.setattr(stats_from_summary, "day_groups", recording)
    monkeypatch.setattr(stats_sql, "day_groups", _no_scan)
    return found


def _no_scan(*args):
    raise AssertionError("the statistics scanned the cases")


AS_OF = (None, date(2025, 2, 17), date(2022, 11, 3), date(2030, 1, 1))
SELECTIONS = (CaseFilter(), CaseFilter(date_from=date(2018, 3, 1), date_to=date(2022, 8, 31)),
              CaseFilter(date_from=date(2024, 10, 1)))


@pytest.mark.parametrize("as_of", AS_OF)
def test_months_summed_in_sql_give_the_scans_statistics(years, summed, as_of):
    for flt in SELECTIONS:
        for by in ("month", "quarter"):
            fast = compute_stats(years, flt, by=by, as_of=as_of)
            groups = summed[-1]
            if flt == CaseFilter():  # the whole registry: six years before any boundary
                assert any(f != last for f, last in zip(groups.days, groups.last_days))
            assert fast["cases"] > 0 and fast == scan_stats(years, flt, by=by, as_of=as_of)
    assert fast == per_case_stats(years, SELECTIONS[-1], by="quarter", as_of=as_of)


def test_the_months_before_the_boundary_are_mature_and_overdue(years):
    """Every procedure date before the boundary counts the same way on any of its days."""
    from registry_app.services.statistics.metrics import maturity_days
    settings, as_of = years.settings(), date(2025, 2, 17)
    start = aggregated.per_day_from(settings, as_of)
    assert start.day == 1 and start < as_of
    last = start.toordinal() - 1
    waits = [maturity_days(m, settings) or 0 for m in stats_sql.CODED]
    assert date.fromordinal(last + max(waits)) <= as_of
    window_closes = last + settings.followup_days + settings.followup_window_days
    assert date.fromordinal(window_closes) < as_of
