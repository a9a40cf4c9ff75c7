"""The safety commands: check, backup, backups, restore — exit codes and plain messages."""
import sqlite3

import pytest

from registry_app.cli.main import main
from registry_app.storage import network_share

from ..conftest import copy_registry_file


def run(*args):
    return main(list(args))


def _cli_demo(path: str) -> None:
    assert run("--db", path, "demo", "--cases", "40", "--seed", "2") == 0


@pytest.fixture
def db(filled_template, tmp_path):
    """This test's copy of a 40-case demo registry made by the command line (once per worker)."""
    return str(copy_registry_file(filled_template("cli-demo-40", _cli_demo), tmp_path / "reg.sqlite3"))


def test_check_clean_registry_exits_0(db, capsys):
    assert run("--db", db, "check") == 0
    assert "40 cases: no database problems; 0 errors in 0 cases" in capsys.readouterr().out


def test_check_lists_problems_per_case_and_exits_5(db, capsys):
    connection = sqlite3.connect(db)
    connection.execute("UPDATE cases SET age = 130 WHERE case_number = 'DEMO-000007'")
    connection.commit()
    connection.close()
    assert run("--db", db, "check") == 5
    out = capsys.readouterr().out
    assert "Case DEMO-000007: Age: 130 is outside the allowed range 0-120. [age]" in out
    assert "1 error in 1 case" in out


def test_backup_backups_and_backup_to(db, tmp_path, capsys):
    assert run("--db", db, "backup") == 0
    assert run("--db", db, "backup", "--to", str(tmp_path / "usb")) == 0
    assert len(list((tmp_path / "usb").glob("registry-backup-*.sqlite3"))) == 1
    assert run("--db", db, "backups") == 0
    out = capsys.readouterr().out
    assert "Backed up the registry to" in out and "manual" in out and "today" in out


def test_restore_round_trip(db, tmp_path, capsys):
    run("--db", db, "backup", "--to", str(tmp_path / "copy"))
    [made] = (tmp_path / "copy").glob("*.sqlite3")
    assert run("--db", db, "demo", "--cases", "5") == 0
    assert run("--db", db, "restore", str(made)) == 0
    out = capsys.readouterr().out
    assert "Restored 40 cases" in out and "The replaced registry was saved as" in out
    assert sqlite3.connect(db).execute("SELECT count(*) FROM cases").fetchone() == (40,)


def test_restore_refuses_a_bad_file_with_a_plain_message(db, tmp_path, capsys):
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("definitely not a registry " * 100)
    assert run("--db", db, "restore", str(bad)) == 1
    assert "Error: Restore: 'bad.sqlite3' could not be read" in capsys.readouterr().err
    assert sqlite3.connect(db).execute("SELECT count(*) FROM cases").fetchone() == (40,)


def test_restore_on_a_server_database_says_what_to_use(capsys):
    assert run("--db", "postgresql://app@127.0.0.1:1/none", "restore", "x.sqlite3") == 1
    assert "pg_restore" in capsys.readouterr().err


def test_network_share_warning_is_printed(db, monkeypatch, capsys):
    monkeypatch.setattr(network_share, "network_share_warning",
                        lambda path: f"The registry file {path} lies on a network share.")
    assert run("--db", db, "backups") == 0
    assert "Warning: The registry file" in capsys.readouterr().err


@pytest.mark.parametrize("content, code, message", [
    ("case_number,procedure_date\nA,2025-01-10\n", 0, "1 new cases"),
    ("case_number,procedure_date\nA,2025-01-10\nB,someday\n", 3, "1 rows rejected"),
    ("", 4, "is empty"),
    ("case_number,procedure_date\n", 4, "header row but no cases"),
])
def test_import_exit_codes(tmp_path, capsys, content, code, message):
    path = tmp_path / "in.csv"
    path.write_text(content)
    assert run("--db", str(tmp_path / "r.sqlite3"), "import", str(path)) == code
    captured = capsys.readouterr()
    assert message in captured.out + captured.err


def test_restore_onto_a_new_computer(db, tmp_path, capsys):
    run("--db", db, "backup", "--to", str(tmp_path / "usb"))
    [made] = (tmp_path / "usb").glob("*.sqlite3")
    fresh = tmp_path / "new-pc" / "data" / "registry.sqlite3"
    assert run("--db", str(fresh), "restore", str(made)) == 0
    assert "Restored 40 cases" in capsys.readouterr().out
    assert run("--db", str(fresh), "check") == 0
