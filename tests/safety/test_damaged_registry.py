"""A registry with garbage written over pages in its middle: check reports it, opening and
backing up refuse it (pointing at the newest good backup), restore replaces it."""
import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from registry_app.cli.main import main
from registry_app.services.maintenance import backups as maintenance
from registry_app.services.maintenance.backups import BackupFailed, backup_before, backup_folder
from registry_app.services.registry import open_registry
from registry_app.storage import backup as files
from registry_app.storage.file_health import DamagedRegistry, EmptyRegistryFile

from ..conftest import copy_registry_file

PAGE = 4096


def run(*args):
    return main(list(args))


def corrupt_middle(path: Path, pages: int = 3, seed: int = 9) -> None:
    """Overwrite whole pages in the middle of a (checkpointed) database file with garbage."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    size = path.stat().st_size
    start = (size // 2 // PAGE) * PAGE
    garbage = random.Random(seed).randbytes(pages * PAGE)
    with path.open("r+b") as handle:
        handle.seek(start)
        handle.write(garbage)


def _cli_demo_300(path: str) -> None:
    assert run("--db", path, "demo", "--cases", "300", "--seed", "4") == 0


@pytest.fixture
def damaged(filled_template, tmp_path, capsys):
    """A registry of 300 demo cases with a good backup, then damaged; returns (path, backup)."""
    path = copy_registry_file(filled_template("cli-demo-300", _cli_demo_300), tmp_path / "reg.sqlite3")
    assert run("--db", str(path), "backup") == 0
    good = files.list_backup_files(backup_folder(path))[0][0]
    corrupt_middle(path)
    capsys.readouterr()
    return path, good


def test_check_reports_the_damage_in_a_plain_sentence(damaged, capsys):
    path, good = damaged
    assert run("--db", str(path), "check") == 5
    captured = capsys.readouterr()
    assert f"Database: The registry file {path} is damaged (SQLite's check reports:" in captured.out
    assert f'registry-app restore "{good}"' in captured.out
    assert "Traceback" not in captured.out + captured.err


@pytest.mark.parametrize("command", [["stats"], ["export", "out.csv"], ["backup"]])
def test_opening_refuses_and_names_the_newest_good_backup(damaged, capsys, command):
    path, good = damaged
    before = files.list_backup_files(backup_folder(path))
    assert run("--db", str(path), *command) == 1
    err = capsys.readouterr().err
    assert "is damaged" in err and "so it was not opened and nothing was changed" in err
    assert f'restore the newest good backup with: registry-app restore "{good}"' in err
    assert files.list_backup_files(backup_folder(path)) == before


def test_a_backup_of_a_registry_damaged_while_open_is_refused_and_rotation_spares_the_good(
        tmp_path, make_case, registry_template):
    path = copy_registry_file(registry_template, tmp_path / "open.sqlite3")
    registry = open_registry(str(path), user="tester")
    registry.now = lambda: datetime(2025, 6, 30, 14, 30)
    from registry_app.services.cases.bulk import bulk_add_cases
    # Entered in one go: the test is about the damage, not about entering cases one by one.
    bulk_add_cases(registry, [make_case(f"D-{n:03d}", notes="x" * 400) for n in range(150)],
                   field_audit=True)
    good = backup_before(registry, "manual")
    corrupt_middle(registry.path)
    with pytest.raises(BackupFailed, match="Backup refused: the registry is damaged"):
        backup_before(registry, "manual")
    folder = backup_folder(registry.path)
    assert [p for p, _ in files.list_backup_files(folder)] == [good]
    assert not list(folder.glob("*.partial")) and not list(folder.glob(".*"))
    registry.close()


def test_restore_replaces_a_damaged_registry_and_keeps_it_aside(damaged, capsys):
    path, good = damaged
    assert run("--db", str(path), "restore", str(good)) == 0
    out = capsys.readouterr().out
    assert "Restored 300 cases" in out and "-damaged" in out
    assert run("--db", str(path), "check") == 0


def test_rotation_never_deletes_the_newest_verified_backup(tmp_path):
    now = datetime(2025, 6, 30, 12, 0)
    raw = tmp_path / files.backup_name(now, "damaged")
    verified = tmp_path / files.backup_name(now - timedelta(hours=1), "start")
    older = tmp_path / files.backup_name(now - timedelta(hours=2), "start")
    backups = [(raw, now), (verified, now - timedelta(hours=1)), (older, now - timedelta(hours=2))]
    doomed = files.obsolete_backups(backups, now, keep_daily=1, keep_weekly=0, keep_monthly=0,
                                    keep_recent=timedelta(0))
    assert doomed == [older]


def test_an_empty_file_is_reported_not_taken_for_a_new_registry(tmp_path, capsys):
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with pytest.raises(EmptyRegistryFile, match=r"is empty \(0 bytes\)"):
        open_registry(str(path))
    assert run("--db", str(path), "stats") == 1
    assert "is empty (0 bytes), so it holds no registry" in capsys.readouterr().err
    assert run("--db", str(path), "check") == 5
    assert path.stat().st_size == 0


def test_damage_found_at_open_in_the_service_layer(damaged):
    path, good = damaged
    with pytest.raises(DamagedRegistry) as caught:
        maintenance.open_with_backup(str(path))
    assert caught.value.backup == good
