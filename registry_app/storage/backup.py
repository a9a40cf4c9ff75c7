"""Consistent copies of a SQLite registry with the online backup API."""
from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

BACKUP_PREFIX = "registry-backup-"
BACKUP_SUFFIX = ".sqlite3"


def backup_name(when: datetime, reason: str) -> str:
    safe = "".join(ch for ch in reason if ch.isalnum() or ch in "-_")[:20] or "manual"
    return f"{BACKUP_PREFIX}{when:%Y-%m-%d-%H%M%S}-{safe}{BACKUP_SUFFIX}"


def parse_backup_time(path: Path) -> datetime | None:
    """The time encoded in a backup file name, or None for other files."""
    name = path.name
    if not (name.startswith(BACKUP_PREFIX) and name.endswith(BACKUP_SUFFIX)):
        return None
    try:
        return datetime.strptime(name[len(BACKUP_PREFIX):len(BACKUP_PREFIX) + 17], "%Y-%m-%d-%H%M%S")
    except ValueError:
        return None


def backup_sqlite(source: Path, folder: Path, reason: str, when: datetime | None = None) -> Path:
    """Copy a live registry into the backup folder (owner-only permissions); returns the copy."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / backup_name(when or datetime.now(), reason)
    partial = target.with_suffix(".partial")
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    os.replace(partial, target)
    return target
