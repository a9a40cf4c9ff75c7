"""The SQL aggregate paths of the statistics (the kept summary and the scan of the cases) give
exactly what the per-case path gives, and migration 0003 fills the stored derived columns of an existing registry."""
import itertools
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from ..conftest import copy_registry_file, filled_with, open_on_test_clock
from registry_app.services.statistics import engine as statistics
from registry_app.services.statistics import summary as stats_from_summary
from registry_app.services.benchmarks.library import library
from registry_app.domain.case import Case
from registry_app.services.cases.editing import create_case, delete_case, recompute_derived
from registry_app.services.demo.generator import fill_demo
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.registry import open_registry, save_settings
from registry_app.services.statistics import compute_stats
from registry_app.storage.engine import make_engine
from registry_app.storage import repository
from registry_app.storage.migrate import current_revision, head_revision, upgrade

from ..conftest import two_passes, valid_case_values


def per_case_stats(registry, flt=CaseFilter(), **kwargs):
    """compute_stats forced onto the per-case path (loading every case)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(statistics, "derived_columns_current", lambda *a: False)
        return compute_stats(registry, flt, **kwargs)


def scan_stats(registry, flt=CaseFilter(), **kwargs):
    """compute_stats forced to scan the cases instead of reading the kept summary."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stats_from_summary, "day_groups", lambda *a: None)
        return compute_stats(registry, flt, **kwargs)


@pytest.fixture
def demo_registry(filled_template, tmp_path):
    """This test's copy of a 600-case demo registry (filled once per worker)."""
    source = filled_template("demo-600-5", filled_with(lambda reg: fill_demo(reg, 600, seed=5)))
    registry = open_on_test_clock(copy_registry_file(source, tmp_path / "demo.sqlite3"))
    yield registry
    registry.close()


@pytest.mark.parametrize("flt", [CaseFilter(), CaseFilter(circulation="posterior"),
                                 CaseFilter(operator="OP2")])
def test_aggregates_equal_per_case_statistics(demo_registry, flt):
    fast = compute_stats(demo_registry, flt)
    assert fast["cases"] > 0
    assert fast == per_case_stats(demo_registry, flt)


def test_aggregates_equal_for_one_month_and_with_a_benchmark(demo_registry):
    month = compute_stats(demo_registry)["trend"]["month"][-2]["period"]
    flt = CaseFilter().with_month(month)
    assert compute_stats(demo_registry, flt) == per_case_stats(demo_registry, flt)
    ids = ["chen2019"]
    fast = compute_stats(demo_registry, benchmark_ids=ids)
    assert fast["cusum"]["mortality_90d"]["available"]
    assert fast == per_case_stats(demo_registry, benchmark_ids=ids)


def test_changed_definitions_use_the_per_case_path_until_recomputed(demo_registry):
    before = compute_stats(demo_registry)
    save_settings(demo_registry, replace(demo_registry.settings(), good_outcome_max_mrs=3,
                                         mt_failure_threshold="2c"))
    changed = compute_stats(demo_registry)
    assert changed == per_case_stats(demo_registry) and changed["arms"] != before["arms"]
    recompute_derived(demo_registry)
    assert compute_stats(demo_registry) == changed


def test_upgrade_from_0002_fills_the_derived_columns(tmp_path, demo_registry):
    with demo_registry.engine.connect() as conn:
        cases = [dict(r) for r in conn.execute(text("SELECT * FROM cases")).mappings()]
        passes = [dict(r) for r in conn.execute(text("SELECT * FROM passes")).mappings()]
        meta = [dict(r) for r in conn.execute(text("SELECT * FROM registry_meta")).mappings()]
    old = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(old, "0002")
    with old.begin() as conn:
        columns = {c[1] for c in conn.execute(text("PRAGMA table_info(cases)"))}
        for table, rows, keep in (("cases", cases, columns), ("passes", passes, None),
                                  ("registry_meta", meta, None)):
            for row in rows:
                row = {k: v for k, v in row.items() if keep is None or k in keep}
                conn.execute(text(f"INSERT INTO {table} ({', '.join(row)}) VALUES "
                                  f"({', '.join(':' + k for k in row)})"), row)
    old.dispose()
    upgraded = open_registry(str(tmp_path / "old.sqlite3"))
    upgraded.today = demo_registry.today
    assert current_revision(upgraded.engine) == head_revision()  # 0003 and any later one
    with upgraded.engine.connect() as conn:
        filled = conn.execute(text("SELECT COUNT(*) FROM cases WHERE pass_count IS NOT NULL"
                                   " OR followup_settled IS NOT NULL")).scalar()
    assert filled > 500
    assert compute_stats(upgraded) == compute_stats(demo_registry) == per_case_stats(upgraded)


def _shifted(values: dict, passes: list[dict], day: date) -> tuple[dict, list[dict]]:
    """The valid case's dates and times moved so that its procedure is on `day`."""
    delta = timedelta(days=(day - date(2025, 1, 10)).days)
    def move(v):
        return v + delta if isinstance(v, (date, datetime)) else v
    return ({k: move(v) for k, v in values.items()},
            [{k: move(v) for k, v in p.items()} for p in passes])


OPEN = dict(mrs_90d=None, followup_date=None, followup_method=None)
UNUSUAL = {
    "overdue": (200, OPEN),
    "in-window": (92, OPEN),
    "not-yet-due": (20, OPEN),
    "opens-tomorrow": (90 - 14 - 1, OPEN),  # default window: 90 +/- 14 days
    "opens-today": (90 - 14, OPEN),
    "closes-today": (90 + 14, OPEN),
    "closed-yesterday": (90 + 14 + 1, OPEN),
    "lost-early": (20, dict(mrs_90d=None, followup_date=None, followup_method=None,
                            lost_to_followup="unreachable")),
    "died": (150, dict(mrs_90d=None, followup_date=None, followup_method=None,
                       discharge_destination="died")),
    "stent-unknown": (140, dict(rescue_stent=None, rescue_reason=None, stent_device=None,
                               antiplatelet_regimen=None, mrs_90d=0)),
    "no-grades": (160, dict(final_reperfusion=None, reperfusion_after_mt=None, mrs_90d=5,
                            rescue_stent=None, rescue_reason=None, stent_device=None,
                            antiplatelet_regimen=None)),
    "no-times": (170, dict(onset_time=None, door_time=None, imaging_time=None,
                          puncture_time=None, first_pass_time=None, reperfusion_time=None,
                          end_time=None, mrs_90d=3)),
}
"""Cases the demo data lacks: (days before today, field values)."""


def add_unusual_cases(registry) -> None:
    """Every follow-up status, unknown stent / recanalization / MT failure, missing times and
    passes, an undated case (as old data may hold) and a deleted one."""
    today = registry.today()
    for name, (days_ago, overrides) in UNUSUAL.items():
        values, passes = _shifted(valid_case_values(f"U-{name}", **overrides),
                                  two_passes(), today - timedelta(days=days_ago))
        if name == "no-grades":
            passes = [{**p, "reperfusion_grade": None} for p in passes]
        create_case(registry, Case(values=values, passes=[] if name == "no-times" else passes))
    doomed = create_case(registry, Case(values=valid_case_values("U-deleted"), passes=two_passes()))
    delete_case(registry, doomed.case_id, "entered twice")
    undated = Case(values=valid_case_values("U-undated", procedure_date=None, mrs_90d=None,
                                            followup_date=None, followup_method=None),
                   passes=two_passes())
    with registry.transaction() as session:  # validation would refuse it; imported data may not
        repository.add_case(session, undated, registry.settings(), registry.user)


def assert_both_paths_agree(registry) -> None:
    month = compute_stats(registry)["trend"]["month"][-4]["period"]
    today = registry.today()
    filters = [CaseFilter(), CaseFilter().with_month(month),
               CaseFilter(date_from=today - timedelta(days=100), date_to=today)]
    for flt, by in itertools.product(filters, ("month", "quarter")):
        fast = compute_stats(registry, flt, by=by)
        assert fast == per_case_stats(registry, flt, by=by) == scan_stats(registry, flt, by=by)
    every = [b.id for b in library().benchmarks]  # every metric some study reports
    assert compute_stats(registry, benchmark_ids=every) == per_case_stats(registry,
                                                                          benchmark_ids=every)


def test_aggregates_equal_per_case_statistics_for_unusual_cases(demo_registry):
    add_unusual_cases(demo_registry)
    stats = compute_stats(demo_registry)
    statuses = {s for group in stats["followup"]["arms"].values()
                for s in group["missing_by_status"]}
    assert {"overdue", "in_window", "lost"} <= statuses
    assert stats["trend"]["undated_cases"] == 1 and stats["procedure"]["mt_failure"]["unknown"] > 0
    assert stats["followup"]["by_recanalization"]["unknown"]["cases"] > 0
    assert stats["times"]["door_to_imaging"]["missing"] > 0 and stats["passes"]["unknown"] > 0
    assert_both_paths_agree(demo_registry)


def test_aggregates_of_an_empty_selection_equal_per_case(demo_registry):
    for flt in (CaseFilter(operator="nobody"), CaseFilter(date_from=date(1990, 1, 1),
                                                          date_to=date(1990, 12, 31))):
        fast = compute_stats(demo_registry, flt)
        assert fast["cases"] == 0 and fast == per_case_stats(demo_registry, flt)


@pytest.fixture
def pg_registry(pg_registry_url):
    """A fresh registry in its own PostgreSQL database (skips without a server)."""
    registry = open_registry(pg_registry_url, user="tester")
    registry.today = lambda: date(2025, 6, 30)
    yield registry
    registry.close()


@pytest.mark.postgres
def test_aggregates_equal_per_case_statistics_on_postgresql(pg_registry):
    fill_demo(pg_registry, 300, seed=5)
    add_unusual_cases(pg_registry)
    assert_both_paths_agree(pg_registry)
    ids = ["chen2019"]
    assert compute_stats(pg_registry, benchmark_ids=ids) == per_case_stats(pg_registry,
                                                                           benchmark_ids=ids)
