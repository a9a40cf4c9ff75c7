"""Backup copies, file checks and atomic replacement at the file level."""
import os
import sqlite3
import stat
from datetime import datetime

import pytest

from registry_app.services.cases import editing as cases
from registry_app.storage import backup as files
from registry_app.storage.integrity import BadRegistryFile, check_sqlite_file, known_revisions

POSIX = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX-only")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backup_includes_uncheckpointed_wal_data(registry, make_case, tmp_path):
    cases.create_case(registry, make_case("W-1"))  # committed to the -wal, not yet folded in
    assert files.wal_files(registry.path)[0].stat().st_size > 0
    made = files.backup_sqlite(registry.path, tmp_path / "b", "manual")
    copy = sqlite3.connect(made)
    assert copy.execute("SELECT case_number FROM cases").fetchall() == [("W-1",)]
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy.close()


def test_backup_names_are_unique_and_parse_back(registry, tmp_path):
    when = datetime(2025, 3, 4, 5, 6, 7)
    first = files.backup_sqlite(registry.path, tmp_path, "import", when)
    second = files.backup_sqlite(registry.path, tmp_path, "import", when)
    assert first != second and first.exists() and second.exists()
    assert files.parse_backup_time(second) == when
    assert [files.parse_backup_reason(p) for p in (first, second)] == ["import", "import"]
    assert [p for p, _ in files.list_backup_files(tmp_path)] and not list(tmp_path.glob("*.partial"))


@POSIX
def test_backups_and_their_folder_are_private(registry, tmp_path):
    made = files.backup_sqlite(registry.path, tmp_path / "private", "manual")
    assert mode(made) == 0o600 and mode(made.parent) == 0o700


def test_file_check_accepts_a_registry_and_reports_its_content(registry, make_case, tmp_path):
    cases.create_case(registry, make_case("F-1"))
    made = files.backup_sqlite(registry.path, tmp_path, "manual")
    found = check_sqlite_file(made)
    assert (found.cases, found.revision, found.older) == (1, known_revisions()[-1], False)


@pytest.mark.parametrize("content, message", [
    (b"", "not a case registry"),
    (b"hello, this is plain text and certainly not SQLite" * 20, "not a registry file"),
    (b"PK\x03\x04" + os.urandom(3000), "not a registry file"),
])
def test_file_check_refuses_non_registries(tmp_path, content, message):
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(content)
    with pytest.raises(BadRegistryFile) as caught:
        check_sqlite_file(path)
    assert message in str(caught.value)


def test_file_check_refuses_an_sqlite_file_of_another_program(tmp_path):
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(BadRegistryFile, match="not a case registry"):
        check_sqlite_file(path)


def test_file_check_refuses_a_newer_schema(registry, tmp_path):
    made = files.backup_sqlite(registry.path, tmp_path, "manual")
    connection = sqlite3.connect(made)
    connection.execute("UPDATE alembic_version SET version_num = '9999_next'")
    connection.commit()
    connection.close()
    with pytest.raises(BadRegistryFile, match="newer version of the application"):
        check_sqlite_file(made)


def corrupt(path, page: int = 3) -> None:
    """Overwrite one page of a database file with garbage (as a failing disk would)."""
    size = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    with open(path, "r+b") as handle:
        handle.seek(size * (page - 1))
        handle.write(b"\xde\xad\xbe\xef" * (size // 4))


def test_file_check_refuses_a_damaged_file(registry, make_case, tmp_path):
    for number in range(30):
        cases.create_case(registry, make_case(f"D-{number}", notes="x" * 500))
    made = files.backup_sqlite(registry.path, tmp_path, "manual")
    corrupt(made, page=5)
    with pytest.raises(BadRegistryFile) as caught:
        check_sqlite_file(made)
    assert "damaged" in str(caught.value) or "not a registry" in str(caught.value)


def test_replace_database_swaps_atomically_and_drops_stale_wal(tmp_path):
    target, staged = tmp_path / "reg.sqlite3", tmp_path / ".staged"
    for path, value in ((target, "old"), (staged, "new")):
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE t (v TEXT)")
        connection.execute("INSERT INTO t VALUES (?)", (value,))
        connection.commit()
        connection.close()
    for extra in files.wal_files(target):
        extra.write_bytes(b"")
    files.replace_database(staged, target)
    assert not staged.exists() and not any(p.exists() for p in files.wal_files(target))
    assert sqlite3.connect(target).execute("SELECT v FROM t").fetchall() == [("new",)]


def test_checkpoint_reports_a_busy_registry(registry, make_case):
    cases.create_case(registry, make_case("C-9"))
    reader = sqlite3.connect(registry.path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM cases").fetchall()
    try:
        assert files.checkpoint(registry.path) is False
    finally:
        reader.close()
    registry.engine.dispose()
    assert files.checkpoint(registry.path) is True


def test_raw_copy_keeps_a_damaged_file_byte_for_byte(tmp_path):
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"\x00garbage" * 100)
    files.wal_files(damaged)[0].write_bytes(b"wal bytes")
    copy = files.copy_raw(damaged, tmp_path / "aside", "damaged")
    assert copy.read_bytes() == damaged.read_bytes()
    assert files.wal_files(copy)[0].read_bytes() == b"wal bytes"
