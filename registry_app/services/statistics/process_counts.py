"""The process measures of a period and of its last part counted by one SQL aggregate of the stored derived columns."""
from __future__ import annotations

from datetime import date

from sqlalchemy import case as sql_case, func

from ...storage.mapping import derived_columns_current
from ...storage.schema import cases_table
from ..cases.queries import CaseFilter, select_ids
from ..registry import Registry
from .cases import stats_filter
from .process import CSTK12_SITES, PROCESS_MEASURES, measure_entry_of_counts

C = cases_table.c
Counts = tuple[int, int, int]
"""(events, known, unknown) of one measure, as process._tally counts them."""


def _counted(condition):
    return func.coalesce(func.sum(sql_case((condition, 1), else_=0)), 0)


def _tallies() -> dict[str, tuple]:
    """Per measure: SQL counts of (events, known, cases counted) from the stored minutes
    (domain.derived.minutes_between at save time) and the stored `recanalized` flag."""
    door = C.door_to_puncture
    cstk = C.occlusion_site.in_(sorted(CSTK12_SITES))
    within = C.puncture_to_reperfusion
    reached, missed = C.recanalized.is_(True), C.recanalized.is_(False)
    return {"door_to_device_90": (_counted(door <= 90), func.count(door), func.count()),
            "reperfusion_60": (_counted(cstk & reached & (within <= 60)),
                               _counted(cstk & (missed | (reached & within.is_not(None)))),
                               _counted(cstk))}


def process_counts(registry: Registry, flt: CaseFilter,
                   split: date) -> dict[bool, dict[str, Counts]] | None:
    """{True: counts of the cases operated on or after `split`, False: of those before} for
    the filtered cerebral cases, or None when the stored derived columns cannot be used
    (stale definitions, another territory): then count from the cases."""
    flt = stats_filter(flt)
    if flt.territory != "cerebral":
        return None
    settings = registry.settings()
    tallies = _tallies()
    late = (C.procedure_date >= split).label("late")
    columns = [late, *(part for key in tallies for part in tallies[key])]
    stmt = (select_ids(flt, registry.today(), settings.followup_window_days).order_by(None)
            .with_only_columns(*columns).group_by(late))
    with registry.reading() as session:
        if not derived_columns_current(session, settings):
            return None
        rows = session.execute(stmt).all()
    found: dict[bool, dict[str, Counts]] = {True: _none(), False: _none()}
    for row in rows:
        values = [int(v) for v in row[1:]]
        found[bool(row[0])] = {key: (values[3 * i], values[3 * i + 1],
                                     values[3 * i + 2] - values[3 * i + 1])
                               for i, key in enumerate(tallies)}
    return found


def _none() -> dict[str, Counts]:
    return {m.key: (0, 0, 0) for m in PROCESS_MEASURES}


def _added(a: dict[str, Counts], b: dict[str, Counts]) -> dict[str, Counts]:
    return {key: (a[key][0] + b[key][0], a[key][1] + b[key][1], a[key][2] + b[key][2])
            for key in a}


def month_and_rolling_counts(registry: Registry, rolling: CaseFilter,
                             month_from: date) -> dict[str, dict] | None:
    """process_section of the month (cases from `month_from`) and of the rolling period,
    from one aggregate; None when it cannot be used (see process_counts)."""
    counts = process_counts(registry, rolling, month_from)
    if counts is None:
        return None
    both = {"month": counts[True], "rolling": _added(counts[True], counts[False])}
    return {period: {m.key: measure_entry_of_counts(m, *tally[m.key]) for m in PROCESS_MEASURES}
            for period, tally in both.items()}
