"""Keeping a registry safe: backups on start and before risky steps, rotation, listing, restore."""
from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from ...domain.errors import RegistryError
from ...paths import backup_dir
from ...storage import backup as files
from ...storage import registry_lock
from ...storage.engine import sqlite_path, to_url
from ...storage.migrate import ensure_current
from ...storage.schema import AuditRow, MetaRow, cases_table
from ...storage.file_health import DamagedRegistry
from ..changes import EVERYTHING, Changes
from ..registry import SETTINGS_KEY, Registry, checked_user, open_registry
from .restore_audit import archive_audit, record_restore

if TYPE_CHECKING:
    from ...storage.integrity import FileCheck

FINGERPRINT_KEY = "last_backup_fingerprint"


@dataclass(frozen=True)
class BackupInfo:
    """One backup file, for the restore list: where, when, why and how big."""

    path: Path
    made_at: datetime
    reason: str
    size: int


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the file restored, the copy of the replaced registry, what it holds."""

    restored_from: Path
    safety_backup: Path | None
    cases: int
    upgraded: bool
    audit_archive: Path | None = None
    """The file keeping the audit rows of the replaced registry (restore_audit)."""
    archived_rows: int = 0

    @property
    def changes(self) -> Changes:
        """A restored registry is another registry: every screen reloads."""
        return EVERYTHING


def backup_folder(registry_file: Path) -> Path:
    """The backup folder of one registry file: its own subfolder of the user's backup folder."""
    resolved = Path(registry_file).resolve()
    tag = hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()[:8]
    return backup_dir() / f"{resolved.stem}-{tag}"


def registry_backup_folder(registry: Registry) -> Path | None:
    """Where this registry's backups go; None for a server database."""
    return backup_folder(registry.path) if registry.path is not None else None


class BackupFailed(RegistryError):
    """The registry could not be backed up."""


def _copy(path: Path, folder: Path, reason: str, when: datetime | None = None) -> Path:
    """A verified backup, with damage and disk problems (full, not writable) in plain words."""
    try:
        return files.backup_sqlite(path, folder, reason, when)
    except files.CopyDamaged as exc:
        good = newest_good_backup(folder)
        kept = f"the newest good one is {good}" if good else "there is no good one yet"
        raise BackupFailed(f"Backup refused: the registry is damaged (SQLite's check reports:"
                           f" {exc}), so its copy would be useless; the existing backups were"
                           f" kept ({kept}) and can be restored with 'registry-app restore"
                           f" FILE'.") from exc
    except (OSError, sqlite3.Error) as exc:
        raise BackupFailed(f"Backup: the registry could not be copied to {folder} ({exc})."
                           " Check that the folder is writable and the disk is not full;"
                           " nothing was changed.") from exc


def newest_good_backup(folder: Path) -> Path | None:
    """The newest backup that was verified when it was made (None when there is none)."""
    return next((path for path, _ in files.list_backup_files(folder) if files.is_verified(path)),
                None)


def staged_restore(target: Path) -> Path:
    """Where a restore puts the checked copy before it replaces the registry."""
    return target.with_name(f".{target.name}.restoring")


def clear_restore_leftover(target: Path, user: str) -> None:
    """Delete the staged copy of a restore that died, unless a restore is running now."""
    staged = staged_restore(target)
    if not staged.exists():
        return
    try:
        with registry_lock.hold(target, registry_lock.RESTORE, user, "Cleaning up"):
            staged.unlink(missing_ok=True)
    except registry_lock.RegistryInUse:
        pass  # the holder's own file, or it will clean up when it next opens


def backup_before(registry: Registry, reason: str) -> Path | None:
    """Back up a SQLite registry now (then rotate its backups); None for server databases."""
    path = registry.path
    if path is None or not path.exists():
        return None
    clear_restore_leftover(path, registry.user)
    stamp = data_fingerprint(registry)
    now = registry.now()
    made = _copy(path, backup_folder(path), reason, now)
    _remember(registry, stamp)
    files.rotate_backups(backup_folder(path), now)
    return made


def backup_before_import(registry: Registry) -> Path | None:
    return backup_before(registry, "import")


def backup_to(registry: Registry, folder: Path) -> Path:
    """A backup in a folder of the user's choice (not rotated); RegistryError on a server."""
    if registry.path is None:
        raise RegistryError("Backup: this registry is on a database server; back it up with the"
                            " server's own tools (pg_dump).")
    return _copy(registry.path, Path(folder).expanduser(), "manual", registry.now())


def data_fingerprint(registry: Registry) -> str:
    """Changes whenever a case, the audit trail or the registry's settings change."""
    with registry.reading() as session:
        audit_id = session.scalar(select(func.max(AuditRow.id))) or 0
        cases = session.scalar(select(func.count()).select_from(cases_table)) or 0
        settings = session.scalar(select(MetaRow.value).where(MetaRow.key == SETTINGS_KEY)) or ""
    digest = hashlib.sha256(settings.encode("utf-8")).hexdigest()[:16]
    return f"audit:{audit_id}|cases:{cases}|settings:{digest}"


def _remember(registry: Registry, stamp: str) -> None:
    with registry.transaction() as session:
        row = session.get(MetaRow, FINGERPRINT_KEY)
        if row is None:
            session.add(MetaRow(key=FINGERPRINT_KEY, value=stamp))
        else:
            row.value = stamp


def backup_if_changed(registry: Registry, reason: str = "start") -> Path | None:
    """Back up when the registry changed since its last backup (or has no backup at all)."""
    path = registry.path
    if path is None or not path.exists():
        return None
    with registry.reading() as session:
        last = session.scalar(select(MetaRow.value).where(MetaRow.key == FINGERPRINT_KEY))
        empty = not session.scalar(select(func.max(AuditRow.id)))
    if empty:  # a new registry: nothing to protect yet
        return None
    if last == data_fingerprint(registry) and files.list_backup_files(backup_folder(path)):
        return None
    return backup_before(registry, reason)


def _backup_engine(engine) -> Path | None:
    path = sqlite_path(str(engine.url))
    if path is not None and path.exists() and path.stat().st_size > 0:
        return _copy(path, backup_folder(path), "migration")
    return None


def open_with_backup(db: str, *, user: str | None = None, backup_on_start: bool = True,
                     hold: str | None = None) -> Registry:
    """Open a registry: back it up before a schema upgrade, and on start when it changed.

    `hold`: keep the registry's lock while it is open (the desktop application).
    """
    path = sqlite_path(to_url(db))
    if path is not None:
        clear_restore_leftover(path, checked_user(user))
    try:
        registry = open_registry(to_url(db), user=user, before_upgrade=_backup_engine, hold=hold)
    except DamagedRegistry as exc:
        folder = backup_folder(exc.path)
        raise DamagedRegistry(exc.path, exc.problems, newest_good_backup(folder),
                              folder) from None
    if backup_on_start:
        backup_if_changed(registry, "start")
    return registry


def location_warning(registry: Registry) -> str | None:
    """A warning to show when the registry file lies on a network share (None otherwise)."""
    from ...storage.network_share import network_share_warning
    return network_share_warning(registry.path) if registry.path is not None else None


def list_backups(registry: Registry) -> list[BackupInfo]:
    """This registry's backups, newest first (empty for a server database)."""
    folder = registry_backup_folder(registry)
    if folder is None:
        return []
    return [BackupInfo(path, when, files.parse_backup_reason(path), path.stat().st_size)
            for path, when in files.list_backup_files(folder)]


def check_backup(path: str | Path) -> FileCheck:
    """Check a file before restoring it; BadRegistryFile with a plain message when unusable."""
    from ...storage.integrity import check_sqlite_file  # Alembic: only when restoring
    source = Path(path).expanduser()
    if not source.is_file():
        raise RegistryError(f"Restore: '{source}' does not exist.")
    return check_sqlite_file(source)


def restore_backup(registry: Registry, path: str | Path) -> RestoreResult:
    """Replace the open registry by a checked backup, after backing up the current registry.

    The registry's connections are closed; afterwards the same Registry object reads the
    restored data (upgraded to the current schema when the backup is older).
    """
    if registry.path is None:
        raise RegistryError("Restore: this registry is on a database server; restore it with"
                            " the server's own tools (pg_restore).")
    with registry_lock.hold(registry.path, registry_lock.RESTORE, registry.user, "Restore"):
        registry.engine.dispose()
        result = restore_file(registry.path, path, registry.user, registry.now())
        upgraded = ensure_current(registry.engine, before_upgrade=_backup_engine)
        registry.note_file()
        record_restore(registry, result.restored_from, result.audit_archive, result.archived_rows)
    return replace(result, upgraded=upgraded)


def restore_file(target: Path, path: str | Path, user: str = "unknown",
                 when: datetime | None = None) -> RestoreResult:
    """Replace a registry file by a checked backup; the old file is backed up first and its
    audit rows are kept in a file beside the backups (restore_audit.archive_audit).

    The caller opens the restored registry and records the restore (record_restore).

    Refused (RegistryInUse, naming who) while a desktop application has the registry open
    in another process. Works even when the current file is damaged: it is then copied
    aside byte for byte.
    """
    from ...storage.integrity import check_sqlite_file  # Alembic: only when restoring
    source = Path(path).expanduser().resolve()
    if not source.is_file():
        raise RegistryError(f"Restore: '{source}' does not exist.")
    if target.exists() and source == target.resolve():
        raise RegistryError("Restore: that file is the registry itself; choose a backup.")
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = staged_restore(target)
    with registry_lock.hold(target, registry_lock.RESTORE, user, "Restore"):
        try:
            _stage(source, staged)
            found = check_sqlite_file(staged)
            safety = _safety_copy(target)
            archive, archived = archive_audit(target, backup_folder(target), when or datetime.now())
            files.replace_database(staged, target)
        finally:
            staged.unlink(missing_ok=True)
    return RestoreResult(source, safety, found.cases, False, archive, archived)


def _stage(source: Path, staged: Path) -> None:
    try:
        files.copy_database(source, staged)
    except sqlite3.Error as exc:
        raise RegistryError(f"Restore: '{source.name}' could not be read ({exc}).") from exc


def _safety_copy(target: Path) -> Path | None:
    """Back up the registry about to be replaced, after folding in its WAL.

    A file SQLite cannot read any more is copied aside byte for byte instead.
    """
    if not target.exists():
        return None
    try:
        if not files.checkpoint(target):
            raise RegistryError("Restore: the registry is in use by another window or program;"
                                " close it and try again. Nothing was changed.")
        return files.backup_sqlite(target, backup_folder(target), "before-restore")
    except sqlite3.DatabaseError:
        return files.copy_raw(target, backup_folder(target), "damaged")
    except OSError as exc:
        raise BackupFailed(f"Restore: the current registry could not be backed up ({exc});"
                           " nothing was changed.") from exc
