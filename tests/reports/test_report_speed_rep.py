"""The month's report's speed tricks give what the plain way gives (round seven)."""
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from registry_app.services.cases.editing import create_case as save
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.reports.data import month_and_rolling_process
from registry_app.services.statistics.process import load_process_cases, process_section
from registry_app.services.statistics.process_counts import month_and_rolling_counts
from registry_app.storage.mapping import DERIVED_SETTINGS_KEY, STALE, set_meta

ROLLING = [
    (CaseFilter(date_from=date(2024, 7, 1), date_to=date(2025, 6, 30), territory="cerebral"),
     date(2025, 6, 1)),
    (CaseFilter(date_from=date(2024, 3, 1), date_to=date(2025, 2, 28), territory="cerebral"),
     date(2025, 2, 1)),
    (CaseFilter(date_from=date(2024, 3, 1), date_to=date(2025, 2, 28), operator="OP1"),
     date(2025, 2, 1)),
]


def _from_the_cases(registry, rolling: CaseFilter, month_from: date) -> dict:
    """The plain way: every case's values, counted in Python."""
    cases = load_process_cases(registry, rolling)
    month = [c for c in cases if c.get("procedure_date") >= month_from]
    return {"month": process_section(month), "rolling": process_section(cases)}


@pytest.mark.parametrize("rolling, month_from", ROLLING)
def test_the_counted_process_measures_equal_those_counted_case_by_case(demo, rolling,
                                                                       month_from):
    counted = month_and_rolling_counts(demo, rolling, month_from)
    assert counted is not None
    assert counted == _from_the_cases(demo, rolling, month_from)
    assert counted["rolling"]["door_to_device_90"]["rate"]["known"] > 50


def _shapes(nine: datetime) -> list[dict]:
    """Intervals one second either side of the 90- and 60-minute limits, times out of order,
    no reperfusion to 2b, no final grade after a rescue stent, sites outside CSTK-12, missing
    times (every other time on the case's own day)."""
    def at(minutes: float) -> datetime:
        return nine + timedelta(minutes=minutes)
    return [
        dict(door_time=nine, puncture_time=at(90 + 59 / 60)),
        dict(door_time=nine, puncture_time=at(91)),
        dict(door_time=nine, puncture_time=at(90)),
        dict(door_time=nine, puncture_time=at(-5)),
        dict(door_time=None),
        dict(puncture_time=nine, reperfusion_time=at(60 + 59 / 60)),
        dict(puncture_time=nine, reperfusion_time=at(61)),
        dict(puncture_time=nine, reperfusion_time=None),
        dict(final_reperfusion="1", reperfusion_time=None),
        dict(final_reperfusion=None, rescue_stent=True),
        dict(occlusion_site="M3", puncture_time=nine, reperfusion_time=at(30)),
        dict(occlusion_site="BA", final_reperfusion="3"),
        dict(occlusion_site="ICA-T", final_reperfusion="2a"),
    ]


def _edge_cases(registry, make_case) -> None:
    """Each shape once in the month (June 2025) and once before it (May)."""
    for label, day in (("J", date(2025, 6, 4)), ("M", date(2025, 5, 20))):
        shift = day - date(2025, 1, 10)  # the made case's times are on 2025-01-10
        base = {k: v + shift for k, v in make_case().values.items() if isinstance(v, datetime)}
        for number, shape in enumerate(_shapes(datetime(day.year, day.month, day.day, 9))):
            values = {**base, **shape}
            save(registry, make_case(f"E-{label}{number}", procedure_date=day, passes=[],
                                     **values),
                 query_comment="made by the process speed test")


def test_the_counts_keep_the_whole_minute_limits_and_the_unknowns(any_registry, make_case):
    _edge_cases(any_registry, make_case)
    rolling = CaseFilter(date_from=date(2025, 5, 1), date_to=date(2025, 6, 30))
    counted = month_and_rolling_counts(any_registry, rolling, date(2025, 6, 1))
    assert counted == _from_the_cases(any_registry, rolling, date(2025, 6, 1))
    door = counted["month"]["door_to_device_90"]["rate"]
    assert (door["events"], door["known"], door["unknown"]) == (11, 12, 1)
    reperfusion = counted["month"]["reperfusion_60"]["rate"]  # the M3 case is not counted
    assert (reperfusion["events"], reperfusion["known"], reperfusion["unknown"]) == (4, 10, 2)
    assert counted["rolling"]["reperfusion_60"]["rate"]["known"] == 20


def test_stale_derived_columns_are_counted_from_the_cases(demo):
    rolling, month_from = ROLLING[0]
    expected = _from_the_cases(demo, rolling, month_from)
    with demo.transaction() as session:
        set_meta(session, DERIVED_SETTINGS_KEY, STALE)
    assert month_and_rolling_counts(demo, rolling, month_from) is None
    month = replace(rolling, date_from=month_from)
    assert month_and_rolling_process(demo, month, rolling) == expected


def test_another_territory_is_counted_from_the_cases(demo):
    rolling = CaseFilter(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), territory="limb")
    assert month_and_rolling_counts(demo, rolling, date(2024, 12, 1)) is None
    month = replace(rolling, date_from=date(2024, 12, 1))
    assert (month_and_rolling_process(demo, month, rolling)
            == _from_the_cases(demo, rolling, date(2024, 12, 1)))
