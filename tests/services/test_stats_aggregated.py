"""The SQL aggregate path of the statistics gives exactly what the per-case path gives, and
migration 0003 fills the stored derived columns of an existing registry."""
from dataclasses import replace

import pytest
from sqlalchemy import text

from registry_app.services import statistics
from registry_app.services.cases import recompute_derived
from registry_app.services.demo import fill_demo
from registry_app.services.queries import CaseFilter
from registry_app.services.registry import open_registry, save_settings
from registry_app.services.statistics import compute_stats
from registry_app.storage.engine import make_engine
from registry_app.storage.migrate import current_revision, upgrade


def per_case_stats(registry, flt=CaseFilter(), **kwargs):
    """compute_stats forced onto the per-case path (loading every case)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(statistics, "derived_columns_current", lambda *a: False)
        return compute_stats(registry, flt, **kwargs)


@pytest.fixture
def demo_registry(registry):
    fill_demo(registry, 600, seed=5)
    return registry


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
    assert current_revision(upgraded.engine) == "0003"
    with upgraded.engine.connect() as conn:
        filled = conn.execute(text("SELECT COUNT(*) FROM cases WHERE pass_count IS NOT NULL"
                                   " OR followup_settled IS NOT NULL")).scalar()
    assert filled > 500
    assert compute_stats(upgraded) == compute_stats(demo_registry) == per_case_stats(upgraded)
