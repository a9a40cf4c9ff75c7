"""check_registry: SQLite integrity, foreign keys, schema version and validation of every case."""
import sqlite3

import pytest

from registry_app.domain.errors import Cancelled
from registry_app.services.cases.editing import create_case
from registry_app.services.progress import CancelToken
from registry_app.services.maintenance.registry_check import EXIT_CLEAN, EXIT_PROBLEMS, check_registry


def raw_sql(registry, *statements, foreign_keys: bool = True):
    """Change the file behind the application's back (as another tool or a bug could)."""
    registry.engine.dispose()
    connection = sqlite3.connect(registry.path)
    connection.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def test_clean_registry(registry, make_case):
    for number in range(3):
        create_case(registry, make_case(f"K-{number}"))
    steps = []
    report = check_registry(registry, progress=lambda label, done, total: steps.append(done))
    assert report.clean and report.exit_code == EXIT_CLEAN
    assert (report.cases_checked, report.database, report.case_problems) == (3, [], [])
    assert steps[-1] == 3
    assert "3 cases: no database problems; 0 errors in 0 cases" in report.summary()


def test_invalid_values_written_outside_the_app_are_reported_per_case(registry, make_case):
    create_case(registry, make_case("K-1"))
    create_case(registry, make_case("K-2"))
    raw_sql(registry, "UPDATE cases SET nihss_admission = 99, aspects = 14 WHERE case_number = 'K-2'")
    report = check_registry(registry)
    assert report.exit_code == EXIT_PROBLEMS and report.database == []
    found = {(p.case_number, p.field) for p in report.case_problems}
    assert found == {("K-2", "nihss_admission"), ("K-2", "aspects")}
    assert any("NIHSS on admission: 99 is outside the allowed range 0-42" in p.message
               for p in report.case_problems)
    assert "2 errors in 1 case;" in report.summary()


def test_rows_pointing_at_missing_cases_are_database_problems(registry, make_case):
    create_case(registry, make_case("K-1"))
    raw_sql(registry, "INSERT INTO passes (case_id, pass_number, technique) VALUES (999, 1,"
                      " 'aspiration')", foreign_keys=False)
    report = check_registry(registry)
    assert report.exit_code == EXIT_PROBLEMS
    assert report.database == ["Table passes: row 3 refers to a missing row of cases."]


def test_an_unexpected_schema_version_is_reported(registry):
    raw_sql(registry, "UPDATE alembic_version SET version_num = '0001'")
    report = check_registry(registry)
    assert [p for p in report.database if p.startswith("Schema version")]


def test_damaged_file_is_reported(registry, make_case):
    for number in range(5):
        create_case(registry, make_case(f"K-{number}", operator=f"OP{number}"))
    raw_sql(registry, "PRAGMA writable_schema=ON",  # the index now claims another column
            "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_cases_operator ON cases (sex)'"
            " WHERE name = 'ix_cases_operator'")
    report = check_registry(registry)
    assert any(p.startswith("Database integrity") and "ix_cases_operator" in p
               for p in report.database)
    assert report.exit_code == EXIT_PROBLEMS


def test_check_can_be_cancelled(registry, make_case):
    create_case(registry, make_case("K-1"))
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        check_registry(registry, cancel=token)


def test_a_broken_rule_held_by_an_open_query_is_not_an_error(registry, make_case):
    from datetime import datetime
    bad = make_case("K-Q", puncture_time=datetime(2025, 1, 10, 9, 0), imaging_time=None)
    create_case(registry, bad, query_comment="as on the paper form")
    report = check_registry(registry)
    assert report.clean and report.open_queries == 1
    assert "0 errors in 0 cases" in report.summary()
    assert "1 broken rule held by open queries" in report.summary()
