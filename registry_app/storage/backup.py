"""Consistent copies of a SQLite registry (online backup API), their rotation and atomic restore."""
from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from .engine import fsync_wanted

BACKUP_PREFIX = "registry-backup-"
BACKUP_SUFFIX = ".sqlite3"
STAMP = "%Y-%m-%d-%H%M%S"
STAMP_LENGTH = 17


def backup_name(when: datetime, reason: str) -> str:
    safe = "".join(ch for ch in reason if ch.isalnum() or ch in "-_")[:20] or "manual"
    return f"{BACKUP_PREFIX}{when:{STAMP}}-{safe}{BACKUP_SUFFIX}"


def parse_backup_time(path: Path) -> datetime | None:
    """The time encoded in a backup file name, or None for other files."""
    name = path.name
    if not (name.startswith(BACKUP_PREFIX) and name.endswith(BACKUP_SUFFIX)):
        return None
    try:
        return datetime.strptime(name[len(BACKUP_PREFIX):len(BACKUP_PREFIX) + STAMP_LENGTH], STAMP)
    except ValueError:
        return None


def parse_backup_reason(path: Path) -> str:
    """Why the backup was made ('start', 'import', 'manual'...), from its file name."""
    middle = path.name[len(BACKUP_PREFIX) + STAMP_LENGTH + 1:-len(BACKUP_SUFFIX)]
    return middle.rsplit("~", 1)[0] or "manual"


def list_backup_files(folder: Path) -> list[tuple[Path, datetime]]:
    """The backups in a folder with their times, newest first."""
    if not folder.is_dir():
        return []
    found = [(p, parse_backup_time(p)) for p in folder.iterdir() if p.is_file()]
    return sorted(((p, t) for p, t in found if t is not None), key=lambda f: f[1], reverse=True)


def _unique_target(folder: Path, when: datetime, reason: str) -> Path:
    target = folder / backup_name(when, reason)
    number = 1
    while target.exists():
        number += 1
        target = folder / backup_name(when, reason).replace(BACKUP_SUFFIX, f"~{number}{BACKUP_SUFFIX}")
    return target


def create_private(path: Path) -> None:
    """An empty file readable and writable by its owner only."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)


class CopyDamaged(sqlite3.DatabaseError):
    """SQLite's quick check found damage in a copy (so in the registry it was copied from)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:3]))
        self.problems = problems


def quick_check(connection: sqlite3.Connection) -> list[str]:
    """SQLite's PRAGMA quick_check: its problems, empty for a sound database."""
    try:
        rows = [row[0] for row in connection.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def quick_check_file(path: Path) -> list[str]:
    """quick_check of a database file, opened read-only."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        return quick_check(connection)
    finally:
        connection.close()


def copy_database(source: Path, target: Path) -> None:
    """Copy a live SQLite database (its WAL included) into a new owner-only file, synced to disk.

    The copy is verified with quick_check (CopyDamaged when it fails): the backup API copies
    the pages as they are, so a damaged registry gives a damaged copy, found here before the
    copy counts as a backup.
    """
    create_private(target)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
        problems = quick_check(dst)
    finally:
        dst.close()
        src.close()
    if problems:
        raise CopyDamaged(problems)
    fsync_file(target)


PARTIAL_SUFFIX = ".partial"


def partial_name(folder: Path) -> Path:
    """A temporary name no other process uses: its pid and a random part are in it."""
    return folder / f".{BACKUP_PREFIX}copy.{os.getpid()}-{secrets.token_hex(4)}{PARTIAL_SUFFIX}"


def _publish(partial: Path, folder: Path, when: datetime, reason: str) -> Path:
    """Give a finished copy its backup name, never taking one another process just took."""
    while True:
        target = _unique_target(folder, when, reason)
        try:
            os.link(partial, target)
        except FileExistsError:
            continue
        except OSError:  # no hard links on this file system: a plain rename
            os.replace(partial, target)
            return target
        partial.unlink()
        return target


def backup_sqlite(source: Path, folder: Path, reason: str, when: datetime | None = None) -> Path:
    """Copy a live registry into the backup folder (owner-only permissions); returns the copy.

    Several processes may back up at once: each copies to its own temporary file.
    """
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    clear_partials(folder)
    partial = partial_name(folder)
    try:
        copy_database(source, partial)
        target = _publish(partial, folder, when or datetime.now(), reason)
    finally:
        partial.unlink(missing_ok=True)
    fsync_dir(folder)
    return target


def _partial_owner(path: Path) -> int | None:
    """The process id in a temporary copy's name (None for names without one)."""
    try:
        return int(path.name[:-len(PARTIAL_SUFFIX)].rsplit(".", 1)[1].split("-")[0])
    except (IndexError, ValueError):
        return None


def clear_partials(folder: Path) -> list[Path]:
    """Delete temporary copies left by backups that died (their process is gone)."""
    from .registry_lock import pid_alive
    removed = []
    for path in folder.glob(f"*{PARTIAL_SUFFIX}"):
        owner = _partial_owner(path)
        if owner is not None and (owner == os.getpid() or pid_alive(owner)):
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def copy_raw(source: Path, folder: Path, reason: str) -> Path:
    """Byte copies of a (possibly damaged) database and its -wal, for when SQLite cannot read it."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = _unique_target(folder, datetime.now(), reason)
    for original, copy in ((source, target), (wal_files(source)[0], wal_files(target)[0])):
        if original.exists():
            create_private(copy)
            shutil.copyfile(original, copy)
            fsync_file(copy)
    fsync_dir(folder)
    return target


# Rotation #####################################################################

def _week(when: datetime) -> tuple[int, int]:
    year, week, _ = when.isocalendar()
    return year, week


PERIODS = (("daily", lambda when: when.date()), ("weekly", _week),
           ("monthly", lambda when: (when.year, when.month)))


def obsolete_backups(files: list[tuple[Path, datetime]], now: datetime, keep_daily: int = 7,
                     keep_weekly: int = 4, keep_monthly: int = 12,
                     keep_recent: timedelta = timedelta(hours=24)) -> list[Path]:
    """The backups rotation may delete, oldest first.

    Kept: the newest backup overall and the newest verified one (is_verified); every backup
    younger than `keep_recent` or dated after `now` (so the copy made before an import survives
    the next start of the same day); the newest of each of the `keep_daily` most recent days
    that have a backup, likewise of
    the `keep_weekly` most recent ISO weeks and the `keep_monthly` most recent months.
    Counting days with backups, not calendar days, means a registry left unused for months
    still keeps its older copies.
    """
    ordered = sorted(files, key=lambda f: f[1], reverse=True)
    keep = {path for path, when in ordered[:1]}
    keep |= set([path for path, _ in ordered if is_verified(path)][:1])
    keep |= {path for path, when in ordered if when > now - keep_recent}
    limits = {"daily": keep_daily, "weekly": keep_weekly, "monthly": keep_monthly}
    for name, period in PERIODS:
        keep |= _newest_per_period(ordered, period, limits[name])
    return [path for path, _ in reversed(ordered) if path not in keep]


RAW_REASON = "damaged"
"""Reason of byte copies of a registry SQLite could not read (copy_raw): never verified."""


def is_verified(path: Path) -> bool:
    """A backup checked by quick_check when it was made (not a raw copy of a damaged file)."""
    return not parse_backup_reason(path).startswith(RAW_REASON)


def _newest_per_period(ordered, period, limit: int) -> set[Path]:
    seen: set[object] = set()
    kept: set[Path] = set()
    for path, when in ordered:
        key = period(when)
        if key not in seen and len(seen) < limit:
            seen.add(key)
            kept.add(path)
    return kept


def rotate_backups(folder: Path, now: datetime | None = None, **limits) -> list[Path]:
    """Delete the backups the policy no longer keeps; returns the deleted files."""
    doomed = obsolete_backups(list_backup_files(folder), now or datetime.now(), **limits)
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


# Atomic replacement ###########################################################

def fsync_file(path: Path) -> None:
    if not fsync_wanted():  # the test suite only
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where directories cannot be opened."""
    if os.name != "posix" or not fsync_wanted():
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def wal_files(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def checkpoint(path: Path, wait: float = 2.0) -> bool:
    """Fold the WAL into the database file; False when another connection prevents it."""
    if not path.exists():
        return True
    connection = sqlite3.connect(path, timeout=wait)
    try:
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        connection.close()
    return not busy


def replace_database(staged: Path, target: Path) -> None:
    """Put a checked, synced copy in place of the registry in one atomic rename.

    The caller has checkpointed the old registry, so its -wal is empty; the stale -wal and
    -shm files are removed after the rename so SQLite never applies them to the new file.
    """
    fsync_file(staged)
    os.replace(staged, target)
    for extra in wal_files(target):
        extra.unlink(missing_ok=True)
    fsync_dir(target.parent)


def age_text(when: datetime, now: datetime) -> str:
    """'today', 'yesterday' or 'n days ago', for listing backups."""
    days = (now.date() - when.date()).days
    return {0: "today", 1: "yesterday"}.get(days, f"{days} days ago" if days > 0 else "in the future")

