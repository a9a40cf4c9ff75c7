"""A registry open in a desktop application (another process) cannot be restored, upgraded or
opened by a second application; readers keep working; a dead holder's lock is taken over;
a window whose file was replaced stops saving."""
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from registry_app.cli.main import main
from registry_app.services.cases import editing as cases
from registry_app.services.maintenance.backups import backup_to, restore_backup
from registry_app.services.registry import RegistryReplaced, open_registry
from registry_app.storage import registry_lock
from registry_app.storage.engine import make_engine
from registry_app.storage.migrate import head_revision, upgrade

from ..conftest import copy_registry_file
from .forked import Streamed

JOBS = '''
import time
from pathlib import Path
from registry_app.services.maintenance.backups import open_with_backup
from registry_app.storage import registry_lock


def desktop_app(path):
    registry = open_with_backup(path, user="alice", backup_on_start=False, hold="desktop")
    print("open", flush=True)
    time.sleep(120)


def lock_only(path):
    registry_lock.acquire(Path(path), "desktop", "alice", "Opening")
    print("open", flush=True)
    time.sleep(120)
'''


@pytest.fixture
def jobs(forks):
    """The other application is a process forked from one that imported the app."""
    forks.define(JOBS)
    return forks


def start(jobs, job: str, path: Path) -> Streamed:
    child = jobs.stream(job, str(path))
    line = child.readline()
    assert line == "open\n", jobs.errors.read_text()
    return child


def stop(child: Streamed) -> None:
    child.kill_and_read_rest(signal.SIGKILL)


def case_numbers(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [r[0] for r in connection.execute("SELECT case_number FROM cases ORDER BY 1")]
    finally:
        connection.close()


@pytest.fixture
def with_backup(tmp_path, make_case, registry_template):
    """A registry file with one case and a backup of it, then a second case."""
    path = copy_registry_file(registry_template, tmp_path / "reg.sqlite3")
    registry = open_registry(str(path), user="tester")
    cases.create_case(registry, make_case("L-1"))
    made = backup_to(registry, tmp_path / "copies")
    cases.create_case(registry, make_case("L-2"))
    registry.close()
    return path, made


def test_restore_and_a_second_app_are_refused_while_another_process_has_it_open(
        with_backup, tmp_path, capsys, jobs):
    path, made = with_backup
    app = start(jobs, "desktop_app", path)
    try:
        assert main(["--db", str(path), "restore", str(made)]) == 1
        err = capsys.readouterr().err
        assert "Restore refused: alice has it open in the desktop application on" in err
        assert f"(process {app.pid}, since " in err and "Traceback" not in err
        with pytest.raises(registry_lock.RegistryInUse, match="Opening refused: alice has it open"):
            open_registry(str(path), user="bob", hold="desktop")
        assert main(["--db", str(path), "stats", "--json"]) == 0  # readers keep working
        assert main(["--db", str(path), "export", str(tmp_path / "out.csv")]) == 0
        assert case_numbers(path) == ["L-1", "L-2"]
    finally:
        stop(app)
    assert main(["--db", str(path), "restore", str(made)]) == 0  # the dead app's lock is free
    assert case_numbers(path) == ["L-1"]


def test_a_schema_upgrade_is_refused_while_the_registry_is_held(tmp_path, jobs):
    path = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0002")
    engine.dispose()
    holder = start(jobs, "lock_only", path)
    try:
        with pytest.raises(registry_lock.RegistryInUse,
                           match="Upgrading the schema refused: alice has it open"):
            open_registry(str(path), user="bob")
    finally:
        stop(holder)
    registry = open_registry(str(path), user="bob")
    with registry.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() \
            == head_revision()
    registry.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_the_lock_of_a_killed_app_is_taken_over(with_backup, jobs):
    path, _ = with_backup
    app = start(jobs, "desktop_app", path)
    app.kill_and_read_rest(signal.SIGKILL)
    assert registry_lock.read_holder(path).pid == app.pid  # its record is left behind
    registry = open_registry(str(path), user="bob", hold="desktop")
    assert registry_lock.read_holder(path).user == "bob"
    registry.close()
    assert registry_lock.read_holder(path) is None


def test_a_recorded_holder_whose_process_is_gone_does_not_block(with_backup, monkeypatch):
    path, _ = with_backup
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead = registry_lock.Holder("carol", registry_lock.socket.gethostname(),
                                int(gone.stdout), "desktop", "2025-06-30 09:00")
    assert dead.is_dead_here()
    monkeypatch.setattr(registry_lock, "_os_lock", lambda fd: (_ for _ in ()).throw(
        OSError("locking not supported on this file system")))
    registry_lock.lock_path(path).write_text(registry_lock.json.dumps(dead.__dict__))
    registry = open_registry(str(path), user="bob", hold="desktop")
    assert registry_lock.read_holder(path).user == "bob"
    registry.close()


def test_a_restore_inside_the_app_runs_under_its_own_lock(with_backup):
    path, made = with_backup
    registry = open_registry(str(path), user="tester", hold="desktop")
    result = restore_backup(registry, made)
    assert result.cases == 1 and case_numbers(path) == ["L-1"]
    assert registry_lock.read_holder(path).purpose == "desktop"
    registry.close()


def test_a_window_whose_file_was_replaced_stops_saving(with_backup, tmp_path, make_case):
    path, made = with_backup
    registry = open_registry(str(path), user="tester")
    registry.today = lambda: __import__("datetime").date(2025, 6, 30)
    swapped = tmp_path / "swap.sqlite3"
    swapped.write_bytes(made.read_bytes())
    os.replace(swapped, path)  # what a restore that ignored the lock would do
    with pytest.raises(RegistryReplaced, match="was replaced or removed by another program"):
        cases.create_case(registry, make_case("L-3"))
    registry.close()
    assert case_numbers(path) == ["L-1"]
