"""Each operator's statistics arms from one pass over the cases grouped by operator (funnel plots)."""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from ...storage.mapping import derived_columns_current
from ...storage.schema import cases_table
from ..cases.queries import CaseFilter
from ..registry import Registry
from . import aggregated as agg
from . import scan
from .cases import stats_filter
from .engine import compute_stats


def arms_by_operator(registry: Registry, flt: CaseFilter,
                     operators: Sequence[str]) -> dict[str, dict]:
    """{operator: compute_stats(registry, flt with that operator)["arms"]} for each of these
    operators with at least one case in the selection (the others are left out).

    Cerebral selections whose stored derived columns are current (where compute_stats scans
    them) are read in one pass grouped by operator; any other selection operator by operator."""
    flt = stats_filter(flt)
    settings, today = registry.settings(), registry.today()
    if flt.territory == "cerebral" and not flt.operator:
        with registry.reading() as session:
            if derived_columns_current(session, settings):
                where = scan.where_clause(flt, today, settings.followup_window_days)
                found = scan.day_groups_by(session, where, cases_table.c.operator)
                return {name: agg.arms_section(agg.AggregateCounts(
                            session, where + [cases_table.c.operator == name], found[name],
                            settings, today))
                        for name in operators if name in found}
    return _one_by_one(registry, flt, operators)


def _one_by_one(registry: Registry, flt: CaseFilter, operators: Sequence[str]) -> dict[str, dict]:
    result = {}
    for name in operators:
        stats = compute_stats(registry, replace(flt, operator=name))
        if stats["cases"]:
            result[name] = stats["arms"]
    return result
