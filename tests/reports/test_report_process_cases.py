"""The process measures read from their own columns equal those of the statistics' light cases."""
from datetime import date

import pytest

from sqlalchemy import func, select, update

from registry_app.services.cases.editing import create_case as save, find_case_id
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.statistics.cases import load_stat_cases
from registry_app.services.statistics.process import (
    PROCESS_MEASURES, in_cstk12, load_process_cases, process_section)
from registry_app.storage.schema import PassRow, cases_table

from ..services.test_stats_aggregated import pg_registry  # noqa: F401

FILTERS = [
    CaseFilter(),
    CaseFilter(date_from=date(2024, 6, 1), date_to=date(2025, 5, 31)),
    CaseFilter(date_from=date(2025, 5, 1), date_to=date(2025, 5, 31), territory="cerebral"),
    CaseFilter(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), territory="limb"),
]


def _per_case(cases):
    return [(c.id, c.get("procedure_date"), in_cstk12(c),
             *(m.value(c) for m in PROCESS_MEASURES)) for c in cases]


@pytest.mark.parametrize("flt", FILTERS)
def test_process_cases_give_each_case_the_values_of_the_light_cases(demo, flt):
    lean, light = load_process_cases(demo, flt), load_stat_cases(demo, flt)
    assert lean and _per_case(lean) == _per_case(light)
    assert process_section(lean) == process_section(light)


def test_the_grade_after_mt_comes_from_the_last_graded_pass_when_not_stored(registry, make_case):
    _grades_from_passes(registry, make_case)


@pytest.mark.postgres
def test_the_grade_after_mt_comes_from_the_last_graded_pass_on_postgresql(
        pg_registry, make_case):  # noqa: F811
    _grades_from_passes(pg_registry, make_case)


def _grades_from_passes(registry, make_case):
    """Cases without a stored grade after MT: the last pass ungraded, every pass ungraded,
    a rescue stent without final grade; each read as the light cases read it."""
    for number in ("C-1", "C-2", "C-3", "C-4"):
        save(registry, make_case(number, procedure_date=date(2025, 2, 1), occlusion_site="M1"),
             query_comment="made by the process test")
    ids = {n: find_case_id(registry, n) for n in ("C-1", "C-2", "C-3", "C-4")}
    with registry.transaction() as session:
        session.execute(update(cases_table).where(cases_table.c.id.in_(ids.values()))
                        .values(reperfusion_after_mt=None, final_reperfusion=None))
        session.execute(update(cases_table).where(cases_table.c.id == ids["C-3"])
                        .values(rescue_stent=True))
        P = PassRow.__table__.c
        last = select(func.max(P.pass_number)).where(P.case_id == ids["C-1"]).scalar_subquery()
        session.execute(update(PassRow.__table__).where(P.case_id == ids["C-1"],
                        P.pass_number == last).values(reperfusion_grade=None))
        session.execute(update(PassRow.__table__).where(P.case_id == ids["C-2"])
                        .values(reperfusion_grade=None))
    flt = CaseFilter(territory="cerebral")
    lean, light = load_process_cases(registry, flt), load_stat_cases(registry, flt)
    assert _per_case(lean) == _per_case(light)
    grades = {c.id: c.get("reperfusion_after_mt") for c in lean}
    assert grades[ids["C-1"]] is not None and grades[ids["C-2"]] is None
    assert grades[ids["C-4"]] is not None
