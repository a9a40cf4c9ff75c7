"""The summary triggers check themselves (SQLite and PostgreSQL): the code's SQL equals the newest
migration's frozen SQL and what a registry holds; a registry with other triggers is read by scanning, and says so."""
import pytest
from sqlalchemy import text

from registry_app.services.registry import open_registry
from registry_app.services.maintenance.registry_check import check_registry, rebuild_summary
from registry_app.services.statistics import compute_stats
from registry_app.storage import stats_summary, summary_postgres
from registry_app.storage.summary_sql import v0005, v0010_postgresql

from ..conftest import TODAY

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
    from registry_app.services.cases.editing import create_case
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


def test_the_postgresql_code_generates_the_newest_frozen_sql():
    """Changing the PostgreSQL trigger SQL needs a migration with newly frozen SQL too."""
    assert summary_postgres.trigger_statements() == v0010_postgresql.STATEMENTS
    assert summary_postgres.all_days() == v0010_postgresql.ALL_DAYS
    assert summary_postgres.all_values() == v0010_postgresql.ALL_VALUES
    assert stats_summary.COUNT_COLUMNS == v0010_postgresql.COUNT_COLUMNS


@pytest.fixture
def pg_registry(pg_database):
    registry = open_registry(pg_database, user="tester")
    registry.today = lambda: TODAY
    yield registry
    registry.close()


@pytest.mark.postgres
def test_a_migrated_postgresql_registry_holds_exactly_the_code_triggers(pg_registry):
    with pg_registry.reading() as session:
        held = session.execute(text(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = CAST('cases' AS regclass)"
            " AND NOT tgisinternal AND tgname LIKE 'stats_case_%' ORDER BY tgname")).scalars().all()
        assert stats_summary.summary_state(session) == "kept"
    assert held == sorted(stats_summary.TRIGGERS)


@pytest.mark.postgres
def test_other_postgresql_triggers_fall_back_to_the_scan_and_check_says_so(pg_registry,
                                                                         make_case):
    from registry_app.services.cases.editing import create_case
    for i in range(3):
        create_case(pg_registry, make_case(f"T-{i}"))
    with pg_registry.transaction() as session:
        session.execute(text("UPDATE registry_meta SET value = 'older' WHERE key = :k"),
                        {"k": stats_summary.TRIGGER_HASH_KEY})
    with pg_registry.reading() as session:
        assert stats_summary.summary_state(session) == "different"
    assert compute_stats(pg_registry) == scan_stats(pg_registry)
    report = check_registry(pg_registry)
    assert any("made by another version of the program" in p for p in report.database)
    rebuild_summary(pg_registry)
    with pg_registry.reading() as session:
        assert stats_summary.summary_state(session) == "kept"
        assert stats_summary.mismatches(session.connection()) == 0


@pytest.mark.postgres
def test_missing_postgresql_triggers_are_made_again_by_rebuild(pg_registry, make_case):
    from registry_app.services.cases.editing import create_case
    with pg_registry.transaction() as session:
        summary_postgres.drop(session.connection())
    create_case(pg_registry, make_case("M-1"))  # not counted: no triggers
    with pg_registry.reading() as session:
        assert stats_summary.summary_state(session) == "missing"
    assert compute_stats(pg_registry)["cases"] == 1  # read by scanning the cases
    rebuild_summary(pg_registry)
    with pg_registry.reading() as session:
        assert stats_summary.summary_state(session) == "kept"
        assert stats_summary.mismatches(session.connection()) == 0
