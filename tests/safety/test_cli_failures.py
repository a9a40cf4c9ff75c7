"""Attacks from the surroundings: a locked, full or read-only registry, two writers at once and
a closed pipe each give one plain sentence on stderr and their own exit status."""
import os
import sqlite3
import subprocess
import sys

import pytest

from registry_app.cli.main import main
from registry_app.services import failures
from registry_app.storage import engine

from .forked import output_of

CLI_JOB = """
from registry_app.cli.main import main


def command_line(*args):
    return main(list(args))
"""
TRACEBACK_WORDS = ("Traceback", "sqlite3.", "sqlalchemy", "[SQL")


def run(*args):
    return main(list(args))


def count(db: str) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM cases").fetchone()[0]


def one_plain_sentence(err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert all(w in lines[0] for w in words), err
    assert not any(w in err for w in TRACEBACK_WORDS), err


@pytest.fixture
def db(demo_10_db):
    """This test's copy of a registry given 10 demo cases by the command line (made once)."""
    return demo_10_db


def extra_pragmas(monkeypatch, *statements):
    """Every new connection of the application also runs these statements."""
    usual = engine._sqlite_pragmas

    def pragmas(connection, record):
        usual(connection, record)
        for statement in statements:
            connection.execute(statement)
    monkeypatch.setattr(engine, "_sqlite_pragmas", pragmas)


def test_a_registry_locked_by_another_writer_exits_6_after_waiting(db, monkeypatch, capsys):
    extra_pragmas(monkeypatch, "PRAGMA busy_timeout=200")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing and not finishing
    try:
        capsys.readouterr()
        assert run("--db", db, "demo", "--cases", "5") == failures.EXIT_BUSY == 6
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    one_plain_sentence(capsys.readouterr().err, "Error: The registry is busy", "try again")
    assert count(db) == 10


def test_a_read_only_registry_exits_7(db, monkeypatch, capsys):
    """Works as root too: SQLite itself refuses the write (query_only), as for a read-only file."""
    extra_pragmas(monkeypatch, "PRAGMA query_only=ON")
    capsys.readouterr()
    assert run("--db", db, "demo", "--cases", "5") == failures.EXIT_UNWRITABLE == 7
    one_plain_sentence(capsys.readouterr().err, "cannot be written", "read-only")
    monkeypatch.undo()
    assert count(db) == 10


def test_a_read_only_registry_file_exits_7(db, capsys):
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("running as root (or not on POSIX): a 0400 file stays writable for root;"
                    " test_a_read_only_registry_exits_7 covers the same failure")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.chmod(db + suffix, 0o400)
    capsys.readouterr()
    assert run("--db", db, "demo", "--cases", "5") == 7
    one_plain_sentence(capsys.readouterr().err, "cannot be written")


def test_a_full_disk_under_the_registry_exits_7(db, monkeypatch, capsys):
    """SQLite's own 'database or disk is full': the file may not grow by one page."""
    with sqlite3.connect(db) as connection:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    extra_pragmas(monkeypatch, f"PRAGMA max_page_count={pages}")
    capsys.readouterr()
    assert run("--db", db, "demo", "--cases", "200") == 7
    one_plain_sentence(capsys.readouterr().err, "The disk is full", "free some space")
    monkeypatch.undo()
    assert count(db) == 10


def test_output_onto_a_full_disk_exits_7(tmp_path):
    """A real ENOSPC: the output goes to /dev/full."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system to produce a real 'no space left on device'")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "registry_app", "dictionary", "--csv"],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.returncode == 7
    one_plain_sentence(proc.stderr, "The disk is full")


def test_backups_piped_into_head_exits_quietly(db, tmp_path):
    from pathlib import Path

    from registry_app.services.maintenance.backups import backup_folder
    assert run("--db", db, "backup") == 0  # no start backup (nor rotation) in the listing run
    folder = backup_folder(Path(db))
    for minute in range(900):  # more listing than a pipe buffers, so head really closes it
        name = f"registry-backup-2025-06-{1 + minute // 60:02d}-10{minute % 60:02d}00-manual.sqlite3"
        (folder / name).write_bytes(b"")
    script = (f'"{sys.executable}" -m registry_app --db "{db}" backups 2>"{tmp_path / "err"}"'
              ' | head -1; echo "${PIPESTATUS[0]}"')
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)
    first, status = proc.stdout.splitlines()
    assert first.startswith("Backups in") and status == str(failures.EXIT_BROKEN_PIPE)
    assert (tmp_path / "err").read_text() == "" and proc.stderr == ""


def test_two_demo_processes_at_once_both_add_their_cases(db, tmp_path, forks):
    # Backed up now, so neither process makes a start backup: two of those in the same second
    # collide on one file name (storage/backup.py, reported separately).
    assert run("--db", db, "backup") == 0
    forks.define(CLI_JOB)  # two processes forked from one that imported the application
    both = [forks.start(tmp_path / f"demo-{seed}", "command_line", "--db", db, "demo", "--cases",
                        "300", "--seed", str(seed)) for seed in (1, 2)]
    results = [(forks.reap(pid)[0], output_of(tmp_path / f"demo-{seed}")[1])
               for pid, seed in zip(both, (1, 2))]
    assert results == [(0, ""), (0, "")]
    with sqlite3.connect(db) as connection:
        numbers = [n for (n,) in connection.execute("SELECT case_number FROM cases")]
    assert len(numbers) == len(set(numbers)) == 610


def test_a_demo_whose_numbers_were_taken_meanwhile_renumbers_and_retries(registry, monkeypatch):
    """The losing writer of two at once: its insert hits the unique case numbers."""
    from registry_app.services.cases import bulk
    from registry_app.services.demo.generator import fill_demo
    from registry_app.services.cases.queries import count_cases
    from registry_app.services.registry import open_registry
    real, raced = bulk.bulk_add_cases, []

    def other_program_first(reg, cases, *args, **kwargs):
        if not raced:
            raced.append(True)
            other = open_registry(registry.url, user="other")
            real(other, [c.copy() for c in cases[:3]], action="demo")
            other.close()
        return real(reg, cases, *args, **kwargs)
    monkeypatch.setattr(bulk, "bulk_add_cases", other_program_first)
    assert fill_demo(registry, 20, seed=4).added == 20
    assert count_cases(registry) == 23
