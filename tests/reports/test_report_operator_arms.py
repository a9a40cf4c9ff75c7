"""The funnel plots' operator arms, read in one pass grouped by operator, equal compute_stats
run operator by operator."""
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import update

from registry_app.services.cases.queries import CaseFilter, distinct_values
from registry_app.services.demo.generator import fill_demo
from registry_app.services.statistics import compute_stats, operators as by_operator
from registry_app.storage.schema import cases_table

from ..conftest import open_on_test_clock

FILTERS = [
    CaseFilter(date_from=date(2024, 7, 1), date_to=date(2025, 6, 30)),  # the report's 12 months
    CaseFilter(date_from=date(2024, 12, 10), date_to=date(2025, 3, 20), territory="cerebral"),
    CaseFilter(),
    CaseFilter(date_from=date(2024, 7, 1), date_to=date(2025, 6, 30), occlusion_sites=("M1",)),
]


def _fill(location: str) -> None:
    """300 demo cases (seed 11), one of them without an operator, one deleted."""
    registry = open_on_test_clock(location)
    fill_demo(registry, 300, seed=11)
    C = cases_table.c
    with registry.transaction() as session:
        first, second = session.scalars(cases_table.select().with_only_columns(C.id)
                                        .order_by(C.id).limit(2)).all()
        session.execute(update(cases_table).where(C.id == first).values(operator=None))
        session.execute(update(cases_table).where(C.id == second)
                        .values(operator="OP-deleted", deleted_at=registry.now()))
    registry.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def demo(request, filled_copy):
    return filled_copy(request.param, "operator-arms-300-11", _fill)


def _one_by_one(registry, flt, names):
    found = {name: compute_stats(registry, replace(flt, operator=name)) for name in names}
    return {name: stats["arms"] for name, stats in found.items() if stats["cases"]}


@pytest.mark.parametrize("flt", FILTERS)
def test_operator_arms_from_one_pass_equal_compute_stats_per_operator(demo, flt):
    names = [n for n in distinct_values(demo, CaseFilter(include_deleted=True), "operator") if n]
    names += ["nobody"]  # an operator without cases is left out, as the funnel leaves it out
    assert "OP-deleted" in names and len(names) > 3
    grouped = by_operator.arms_by_operator(demo, flt, names)
    assert grouped == _one_by_one(demo, flt, names)
    assert "nobody" not in grouped and "OP-deleted" not in grouped
    assert len(grouped) >= 3


def test_the_grouped_pass_is_used_where_compute_stats_scans(demo, monkeypatch):
    flt = FILTERS[0]
    names = [n for n in distinct_values(demo, flt, "operator") if n]
    calls = []
    monkeypatch.setattr(by_operator, "compute_stats",
                        lambda *args, **kw: calls.append(args) or compute_stats(*args, **kw))
    assert by_operator.arms_by_operator(demo, flt, names)
    assert calls == []  # one grouped pass
    named = by_operator.arms_by_operator(demo, replace(flt, operator=names[0]), names)
    assert len(calls) == len(names)  # a selection of one operator already: one by one
    assert named == _one_by_one(demo, flt, names)


def test_stale_derived_columns_are_counted_case_by_case(demo, monkeypatch):
    """Definitions changed since the derived columns were stored: compute_stats counts the
    cases themselves, and so does every operator here."""
    flt, stale = FILTERS[0], lambda *args: False
    names = [n for n in distinct_values(demo, flt, "operator") if n]
    monkeypatch.setattr(by_operator, "derived_columns_current", stale)
    from registry_app.services.statistics import engine
    monkeypatch.setattr(engine, "derived_columns_current", stale)
    assert by_operator.arms_by_operator(demo, flt, names) == _one_by_one(demo, flt, names)
