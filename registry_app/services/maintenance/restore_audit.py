"""The trace a restore leaves: the replaced registry's audit rows kept in a file beside its
backups, and one audit row in the restored registry saying from which file, by whom, when."""
from __future__ import annotations

import csv
import sqlite3
from datetime import datetime
from pathlib import Path

from ...storage import audit
from ...storage import backup as files
from ..registry import Registry

ARCHIVE_PREFIX = "audit-replaced-"
ACTION = "restore-backup"
COLUMNS = ("id", "at", "user", "action", "case_id", "case_number", "field", "old_value",
           "new_value", "reason")


def _audit_rows(registry_file: Path) -> list[tuple]:
    connection = sqlite3.connect(f"file:{registry_file}?mode=ro", uri=True)
    try:
        return connection.execute(f"SELECT {', '.join(COLUMNS)} FROM audit_log"
                                  " ORDER BY id").fetchall()
    finally:
        connection.close()


def _archive_name(folder: Path, when: datetime) -> Path:
    target, number = folder / f"{ARCHIVE_PREFIX}{when:%Y-%m-%d-%H%M%S}.csv", 1
    while target.exists():
        number += 1
        target = folder / f"{ARCHIVE_PREFIX}{when:%Y-%m-%d-%H%M%S}~{number}.csv"
    return target


def archive_audit(registry_file: Path, folder: Path, when: datetime) -> tuple[Path | None, int]:
    """Write the audit rows of a registry about to be replaced to an owner-only CSV file in
    its backup folder (not rotated); returns the file and the number of rows.

    (None, 0) when the file has no audit rows or SQLite cannot read it (a damaged registry is
    then kept byte for byte by the restore's safety copy).
    """
    if not registry_file.exists():
        return None, 0
    try:
        rows = _audit_rows(registry_file)
    except sqlite3.Error:
        return None, 0
    if not rows:
        return None, 0
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = _archive_name(folder, when)
    files.create_private(target)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    files.fsync_file(target)
    return target, len(rows)


def record_restore(registry: Registry, source: Path, archive: Path | None, archived: int) -> None:
    """One audit row in the restored registry: restored from which file, by whom, when."""
    kept = (f"; the {archived} audit rows of the replaced registry are kept in {archive}"
            if archive else "")
    with registry.transaction() as session:
        audit.record(session, user=registry.user, action=ACTION, case_id=None, case_number=None,
                     reason=f"restored from {source} by {registry.user}{kept}", at=registry.now())
