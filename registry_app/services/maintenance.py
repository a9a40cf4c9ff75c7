"""Opening a registry safely and backing it up before anything risky."""
from __future__ import annotations

from pathlib import Path

from ..paths import backup_dir
from ..storage.backup import backup_sqlite
from ..storage.engine import sqlite_path, to_url
from .registry import Registry, open_registry


def backup_before(registry: Registry, reason: str) -> Path | None:
    """Back up a SQLite registry before a risky step; None for server databases."""
    path = registry.path
    if path is None or not path.exists():
        return None
    return backup_sqlite(path, backup_dir(), reason)


def _backup_engine(engine) -> None:
    path = sqlite_path(str(engine.url))
    if path is not None and path.exists() and path.stat().st_size > 0:
        backup_sqlite(path, backup_dir(), "migration")


def open_with_backup(db: str, *, user: str | None = None) -> Registry:
    """Open a registry, backing it up first when its schema is about to be upgraded."""
    return open_registry(to_url(db), user=user, before_upgrade=_backup_engine)
