"""The summary triggers check themselves: the code's SQL equals the newest migration's frozen SQL
and what a registry holds; a registry with other triggers is read by scanning, and says so."""
from sqlalchemy import text

from registry_app.services.registry_check import check_registry, rebuild_summary
from registry_app.services.statistics import compute_stats
from registry_app.storage import stats_summary
from registry_app.storage.summary_sql import v0005

from ..services.test_stats_aggregated import scan_stats


def test_the_code_generates_the_newest_frozen_sql():
    """Changing the trigger SQL needs a migration with newly frozen SQL (summary_sql)."""
    assert stats_summary.trigger_statements() == v0005.TRIGGERS
    assert stats_summary._all_days() == v0005.ALL_DAYS
    assert stats_summary._all_values() == v0005.ALL_VALUES
    assert stats_summary.COUNT_COLUMNS == v0005.COUNT_COLUMNS


def test_a_migrated_registry_holds_exactly_the_code_triggers(registry):
    with registry.reading() as session:
        held = session.execute(text("SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                                    " AND name LIKE 'stats_case_%' ORDER BY name")).scalars().all()
        assert stats_summary.summary_state(session) == "kept"
    assert sorted(held) == sorted(stats_summary.trigger_statements())


def test_other_triggers_fall_back_to_the_scan_and_check_says_so(registry, make_case):
    from registry_app.services.cases import create_case
    for i in range(3):
        create_case(registry, make_case(f"T-{i}"))
    with registry.transaction() as session:  # as if an older program had made them
        session.execute(text("UPDATE registry_meta SET value = 'older' WHERE key = :k"),
                        {"k": stats_summary.TRIGGER_HASH_KEY})
    with registry.reading() as session:
        assert stats_summary.summary_state(session) == "different"
        assert not stats_summary.summary_kept(session)
    assert compute_stats(registry) == scan_stats(registry)
    report = check_registry(registry)
    assert any("made by another version of the program" in p for p in report.database)
    assert report.exit_code == 5
    rebuild_summary(registry)
    with registry.reading() as session:
        assert stats_summary.summary_state(session) == "kept"
        assert stats_summary.mismatches(session.connection()) == 0
