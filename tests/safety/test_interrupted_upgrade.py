"""An upgrade killed or failing midway leaves the old schema whole; the next open upgrades it."""
import signal
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from registry_app.services.maintenance.backups import open_with_backup
from registry_app.services.registry import open_registry
from registry_app.storage.engine import make_engine
from registry_app.storage.integrity import check_sqlite_file
from registry_app.storage.migrate import UpgradeFailed, head_revision, upgrade

from ..conftest import built_once, copy_registry_file

OLD = "0002"
ADDED_LATER = "recanalized"  # a column revision 0003 adds with ALTER TABLE

KILLED_MIDWAY = '''
import time
from sqlalchemy import Engine, event
from registry_app.services.registry import open_registry


def pause_after_alter(conn, cursor, statement, *args):
    if statement.lstrip().upper().startswith("ALTER TABLE"):
        print("altered", flush=True)
        time.sleep(120)


def upgrade_killed_midway(path):
    event.listen(Engine, "after_cursor_execute", pause_after_alter)
    open_registry(path, user="upgrader")
'''


def old_registry(path: Path) -> None:
    """A registry at revision 0002 holding one case."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, OLD)
    engine.dispose()
    connection = sqlite3.connect(path)
    connection.execute("INSERT INTO cases (version, created_at, created_by, updated_at, updated_by,"
                       " completeness, case_number, territory) VALUES (1, '2025-01-01 00:00:00',"
                       " 'a', '2025-01-01 00:00:00', 'a', 0.5, 'OLD-1', 'cerebral')")
    connection.commit()
    connection.close()


@pytest.fixture(scope="module")
def old_registry_made_once(tmp_path_factory) -> Path:
    """The registry at revision 0002 with one case, made once; tests upgrade their own copy."""
    return built_once(tmp_path_factory, "revision-0002-one-case", old_registry)


def schema_of(path: Path) -> tuple[str, set[str], list]:
    connection = sqlite3.connect(path)
    try:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        columns = {row[1] for row in connection.execute("PRAGMA table_info(cases)")}
        check = connection.execute("PRAGMA integrity_check").fetchall()
    finally:
        connection.close()
    return version, columns, check


def assert_old_and_upgradable(path: Path) -> None:
    version, columns, check = schema_of(path)
    assert (version, ADDED_LATER in columns, check) == (OLD, False, [("ok",)])
    registry = open_registry(str(path), user="tester")
    with registry.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT case_number FROM cases").all() == [("OLD-1",)]
    registry.close()
    assert schema_of(path)[0] == head_revision() and ADDED_LATER in schema_of(path)[1]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_an_upgrade_killed_after_its_first_alter_table_leaves_the_old_schema(
        tmp_path, old_registry_made_once, forks):
    path = copy_registry_file(old_registry_made_once, tmp_path / "old.sqlite3")
    forks.define(KILLED_MIDWAY)  # a process forked from one that imported the app
    child = forks.stream("upgrade_killed_midway", str(path))
    line = child.readline()
    assert line == "altered\n", forks.errors.read_text()
    child.kill_and_read_rest(signal.SIGKILL)
    assert child.returncode == -signal.SIGKILL
    assert_old_and_upgradable(path)


def test_a_failing_upgrade_is_rolled_back_and_names_the_backup(tmp_path, isolated_user_data,
                                                               old_registry_made_once):
    path = copy_registry_file(old_registry_made_once, tmp_path / "old.sqlite3")
    seen = []

    def fail_on_second_alter(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("ALTER TABLE"):
            seen.append(statement)
            if len(seen) == 2:
                raise OSError(28, "No space left on device")

    event.listen(Engine, "after_cursor_execute", fail_on_second_alter)
    try:
        with pytest.raises(UpgradeFailed) as caught:
            open_with_backup(str(path), backup_on_start=False)
    finally:
        event.remove(Engine, "after_cursor_execute", fail_on_second_alter)
    message = str(caught.value)
    assert "No space left on device" in message and "keeps its old schema" in message
    assert f'registry-app restore "{caught.value.backup}"' in message
    assert check_sqlite_file(caught.value.backup).revision == OLD
    assert_old_and_upgradable(path)
