"""A restore leaves a trace: an audit row in the restored registry, and the replaced
registry's audit rows kept in a file beside the backups."""
import csv
import sqlite3

from registry_app.cli.main import main
from registry_app.services.cases import editing as cases
from registry_app.services.maintenance.backups import backup_folder, backup_to, restore_backup
from registry_app.services.maintenance.restore_audit import ACTION


def audit_rows(path):
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT action, user, at, reason, case_number FROM audit_log"
                                  " ORDER BY id").fetchall()
    finally:
        connection.close()


def test_a_restore_in_the_app_is_recorded_and_the_replaced_trail_kept(registry, make_case,
                                                                       tmp_path):
    cases.create_case(registry, make_case("R-1"))
    made = backup_to(registry, tmp_path / "copies")
    cases.create_case(registry, make_case("R-2"))
    replaced = audit_rows(registry.path)
    result = restore_backup(registry, made)
    rows = audit_rows(registry.path)
    assert all(row[4] != "R-2" for row in rows)
    action, user, at, reason, _ = rows[-1]
    assert (action, user, at) == (ACTION, "tester", "2025-06-30 14:30:00.000000")
    assert reason.startswith(f"restored from {made} by tester; the {len(replaced)} audit rows")
    assert str(result.audit_archive) in reason
    assert result.audit_archive.parent == backup_folder(registry.path)
    assert result.audit_archive.stat().st_mode & 0o077 == 0
    with result.audit_archive.open(newline="", encoding="utf-8") as handle:
        archived = list(csv.DictReader(handle))
    assert len(archived) == len(replaced) and archived[-1]["case_number"] == "R-2"


def test_a_restore_from_the_command_line_is_recorded(tmp_path, capsys):
    db = str(tmp_path / "reg.sqlite3")
    assert main(["--db", db, "demo", "--cases", "5"]) == 0
    assert main(["--db", db, "backup", "--to", str(tmp_path / "usb")]) == 0
    [made] = (tmp_path / "usb").glob("*.sqlite3")
    assert main(["--db", db, "--user", "dana", "restore", str(made)]) == 0
    out = capsys.readouterr().out
    assert "audit rows are kept in" in out and "audit-replaced-" in out
    action, user, _, reason, _ = audit_rows(db)[-1]
    assert (action, user) == (ACTION, "dana") and reason.startswith(f"restored from {made} by dana")
