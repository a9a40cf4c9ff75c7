"""Cases reduced to the columns the statistics read, loaded with one Core query."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

from sqlalchemy import and_, case, func, select

from ...domain.case import Case
from ...domain.derived import INTERVALS
from ...storage.schema import PassRow, cases_table
from ..cases.queries import CaseFilter, load_cases, select_ids
from ..registry import Registry

C = cases_table.c
P = PassRow.__table__.c

TIME_COLUMNS = tuple(sorted({code for _, _, a, b in INTERVALS for code in (a, b)}))
STAT_COLUMNS: tuple[str, ...] = (
    "procedure_date", "territory", "occlusion_site", "operator", "rescue_stent", "sich",
    "sich_definition",
    "reocclusion", "mt_passes", "reperfusion_after_mt", "final_reperfusion", "mrs_90d",
    "death_date", "discharge_destination", "lost_to_followup", *TIME_COLUMNS,
)
"""Every case column that domain.derived reads for the statistics."""


class StatCase:
    """A light stand-in for domain Case: only STAT_COLUMNS, and passes reduced to what
    domain.derived needs (pass count, first-pass grade, last graded grade)."""

    __slots__ = ("id", "values", "passes")

    def __init__(self, case_id: int, values: dict[str, Any], passes: list[dict]) -> None:
        self.id, self.values, self.passes = case_id, values, passes

    def get(self, code: str) -> Any:
        return self.values.get(code)

    @property
    def territory(self) -> str:
        return self.values.get("territory") or "cerebral"


def as_case(stat: StatCase) -> Case:
    """A StatCase where domain.derived expects a Case: it has every attribute derived reads
    (values, passes, get, territory), which is what it is for."""
    return cast(Case, stat)


def stats_filter(flt: CaseFilter) -> CaseFilter:
    """The filter the statistics use: cerebral cases unless the filter names a territory."""
    return flt if flt.territory else replace(flt, territory="cerebral")


def _pass_summary():
    """Per case: number of passes, first pass number, last pass number with a grade."""
    graded = case((P.reperfusion_grade.is_not(None), P.pass_number))
    return (select(P.case_id, func.count().label("n_passes"),
                   func.min(P.pass_number).label("first_no"),
                   func.max(graded).label("last_graded_no"))
            .group_by(P.case_id).subquery("pass_summary"))


def stat_query(flt: CaseFilter, today, window_days: int):
    """One SELECT of the needed case columns plus the pass summary, in procedure order."""
    summary = _pass_summary()
    first, last = PassRow.__table__.alias("first_pass"), PassRow.__table__.alias("last_pass")
    joined = (cases_table.outerjoin(summary, summary.c.case_id == C.id)
              .outerjoin(first, and_(first.c.case_id == C.id,
                                     first.c.pass_number == summary.c.first_no))
              .outerjoin(last, and_(last.c.case_id == C.id,
                                    last.c.pass_number == summary.c.last_graded_no)))
    ids = select_ids(flt, today, window_days).order_by(None)
    return (select(C.id, *(getattr(C, name) for name in STAT_COLUMNS), summary.c.n_passes,
                   first.c.reperfusion_grade.label("first_grade"),
                   last.c.reperfusion_grade.label("last_grade"))
            .select_from(joined).where(C.id.in_(ids))
            .order_by(C.procedure_date.asc().nulls_last(), C.id.asc()))


def light_case(row) -> StatCase:
    """A StatCase whose derived values equal those of the full domain Case."""
    values = dict(zip(STAT_COLUMNS, row[1:1 + len(STAT_COLUMNS)]))
    n_passes, first_grade, last_grade = row[-3:]
    passes: list[dict] = []
    if n_passes:
        values["mt_passes"] = n_passes
        if values["reperfusion_after_mt"] is None:
            values["reperfusion_after_mt"] = last_grade
        if n_passes == 1:
            passes = [{"reperfusion_grade": first_grade}]
    return StatCase(row[0], values, passes)


def load_stat_cases(registry: Registry, flt: CaseFilter) -> list:
    """The filtered cases (see stats_filter), oldest procedure first.

    Cerebral cases come as light StatCases; other territories, whose derived values read
    other columns, as full domain Cases (correct, slower; their populations are small).
    """
    flt = stats_filter(flt)
    if flt.territory != "cerebral":
        return load_cases(registry, flt, sort="procedure_date", descending=False)
    stmt = stat_query(flt, registry.today(), registry.settings().followup_window_days)
    with registry.reading() as session:
        return [light_case(row) for row in session.execute(stmt)]
