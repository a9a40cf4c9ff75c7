"""Backups on start, before risky steps and on request; rotation; checked, atomic restore."""
import sqlite3
from datetime import timedelta

import pytest

from registry_app.domain.errors import RegistryError
from registry_app.domain.settings import RegistrySettings
from registry_app.services.cases import editing as cases
from registry_app.services.maintenance.backups import (backup_before, backup_folder, backup_to, check_backup,
                                                       list_backups, open_with_backup, registry_backup_folder,
                                                       restore_backup, restore_file)
from registry_app.services.cases.queries import load_cases
from registry_app.services.registry import open_registry, save_settings
from registry_app.storage import backup as files
from registry_app.storage.engine import make_engine
from registry_app.storage.integrity import BadRegistryFile, check_sqlite_file
from registry_app.storage.migrate import current_revision, head_revision, upgrade


def numbers(registry) -> list[str]:
    return sorted(c.values["case_number"] for c in load_cases(registry))


def reasons(registry) -> list[str]:
    return [b.reason for b in list_backups(registry)]


def reopen(registry):
    registry.close()
    again = open_with_backup(str(registry.path), user="tester")
    again.today = registry.today
    return again


def test_start_backup_only_when_the_registry_changed(registry, make_case):
    assert reasons(reopen(registry)) == []  # a new, empty registry has nothing to protect
    cases.create_case(registry, make_case("S-1"))
    registry = reopen(registry)
    assert reasons(registry) == ["start"]
    registry = reopen(registry)
    assert reasons(registry) == ["start"]  # unchanged: no second copy
    cases.create_case(registry, make_case("S-2"))
    registry = reopen(registry)
    assert reasons(registry) == ["start", "start"]
    save_settings(registry, RegistrySettings(center_name="Changed centre"))
    assert reasons(reopen(registry)) == ["start"] * 3


def test_start_backup_holds_the_data_of_that_moment(registry, make_case):
    cases.create_case(registry, make_case("S-1"))
    registry = reopen(registry)
    copy = sqlite3.connect(list_backups(registry)[0].path)
    assert copy.execute("SELECT case_number FROM cases").fetchall() == [("S-1",)]
    copy.close()


def test_each_registry_has_its_own_backup_folder(tmp_path, new_registry_file):
    one, two = (open_registry(new_registry_file(f"{n}.sqlite3")) for n in ("one", "two"))
    assert registry_backup_folder(one) != registry_backup_folder(two)
    backup_before(one, "manual")
    assert reasons(one) == ["manual"] and reasons(two) == []
    assert backup_folder(tmp_path / "one.sqlite3") == registry_backup_folder(one)


def test_rotation_runs_after_each_backup(registry):
    folder = registry_backup_folder(registry)
    folder.mkdir(parents=True)
    now = registry.now()
    for days in range(2, 100):  # daily copies over three calendar months and more
        old = folder / files.backup_name(now - timedelta(days=days), "start")
        old.write_bytes(b"old copy")
    backup_before(registry, "manual")
    left = list_backups(registry)
    assert left[0].reason == "manual"
    assert len(left) <= 1 + 7 + 4 + 12 and len(left) < 98
    assert left[-1].made_at < now - timedelta(days=45)  # monthly copies reach back


def test_migration_is_preceded_by_a_backup_of_the_old_schema(tmp_path, isolated_user_data):
    path = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    engine.dispose()
    registry = open_with_backup(str(path))
    assert current_revision(registry.engine) == head_revision()
    [made] = list_backups(registry)
    assert made.reason == "migration" and check_sqlite_file(made.path).revision == "0001"


def test_backup_to_a_chosen_folder(registry, make_case, tmp_path):
    cases.create_case(registry, make_case("T-1"))
    made = backup_to(registry, tmp_path / "usb")
    assert made.parent == tmp_path / "usb" and check_sqlite_file(made).cases == 1


# Restore ######################################################################

@pytest.fixture
def with_backup(registry, make_case):
    """A registry with case A-1 backed up, then case A-2 added after the backup."""
    cases.create_case(registry, make_case("A-1"))
    made = backup_before(registry, "manual")
    cases.create_case(registry, make_case("A-2"))
    return registry, made


def test_restore_replaces_the_registry_and_keeps_a_copy_of_it(with_backup, make_case):
    registry, made = with_backup
    result = restore_backup(registry, made)
    assert numbers(registry) == ["A-1"] and result.cases == 1
    assert check_sqlite_file(result.safety_backup).cases == 2
    assert "before-restore" in reasons(registry)
    cases.create_case(registry, make_case("A-3"))  # the same Registry keeps working
    assert numbers(registry) == ["A-1", "A-3"]
    assert not list(registry.path.parent.glob(".*restoring"))


def test_restore_of_an_older_schema_upgrades_it(registry, tmp_path):
    old = tmp_path / "old-backup.sqlite3"
    engine = make_engine(f"sqlite:///{old}")
    upgrade(engine, "0001")
    engine.dispose()
    assert check_backup(old).older
    result = restore_backup(registry, old)
    assert result.upgraded and current_revision(registry.engine) == head_revision()


@pytest.mark.parametrize("content, message", [
    (b"not a database at all, just text" * 50, "could not be read"),
    (b"", "not a case registry"),
])
def test_restore_refuses_bad_files_and_changes_nothing(with_backup, tmp_path, content, message):
    registry, _ = with_backup
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    with pytest.raises(RegistryError, match=message):
        restore_backup(registry, bad)
    assert numbers(registry) == ["A-1", "A-2"] and "before-restore" not in reasons(registry)


def test_restore_refuses_a_backup_from_a_newer_version(with_backup):
    registry, made = with_backup
    connection = sqlite3.connect(made)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    with pytest.raises(BadRegistryFile, match="newer version of the application"):
        restore_backup(registry, made)
    assert numbers(registry) == ["A-1", "A-2"]


def test_restore_refuses_the_registry_itself_and_missing_files(with_backup, tmp_path):
    registry, _ = with_backup
    with pytest.raises(RegistryError, match="the registry itself"):
        restore_backup(registry, registry.path)
    with pytest.raises(RegistryError, match="does not exist"):
        restore_backup(registry, tmp_path / "nowhere.sqlite3")


def test_restore_refuses_while_another_program_reads_the_registry(with_backup, monkeypatch):
    registry, made = with_backup
    real, waits = files.checkpoint, []

    def impatient(path, wait=2.0):
        """The restore's checkpoint with 0.05 s instead of the wait it asks for: the reader
        below holds its snapshot however long one waits (2 s of wall time saved)."""
        waits.append(wait)
        return real(path, wait=0.05)
    monkeypatch.setattr(files, "checkpoint", impatient)
    other = sqlite3.connect(registry.path)
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM cases").fetchall()
    try:
        with pytest.raises(RegistryError, match="in use by another window or program"):
            restore_backup(registry, made)
    finally:
        other.close()
    assert waits == [2.0]  # the restore itself gives the other program 2 s to let go
    assert numbers(registry) == ["A-1", "A-2"]


def test_a_damaged_registry_can_be_restored_and_is_kept_aside(with_backup):
    registry, made = with_backup
    registry.close()
    damaged = registry.path
    for extra in files.wal_files(damaged):
        extra.unlink(missing_ok=True)
    damaged.write_bytes(b"\x00" * 100 + b"disk failure")
    result = restore_file(damaged, made)
    assert result.safety_backup.read_bytes() == b"\x00" * 100 + b"disk failure"
    assert "damaged" in result.safety_backup.name
    assert check_sqlite_file(damaged).cases == 1


def test_an_unwritable_backup_folder_gives_a_plain_message(registry, make_case, tmp_path):
    from registry_app.services.maintenance.backups import BackupFailed
    cases.create_case(registry, make_case("W-1"))
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("a file where the backup folder should be")
    with pytest.raises(BackupFailed, match="could not be copied to .*nothing was changed"):
        backup_to(registry, blocker / "sub")
    assert numbers(registry) == ["W-1"]
