"""Facts about a registry's file for the CLI and the GUI (which reach storage only through here)."""
from __future__ import annotations

from pathlib import Path

from ..storage import network_share
from ..storage.backup import age_text
from ..storage.engine import sqlite_path, to_url
from ..storage.file_health import DamagedRegistry, EmptyRegistryFile
from ..storage.registry_lock import DESKTOP

__all__ = ["DESKTOP", "DamagedRegistry", "EmptyRegistryFile", "age_text", "registry_file",
           "share_warning"]


def registry_file(db: str) -> Path | None:
    """The registry file a --db value (path or URL) names; None for a database server."""
    return sqlite_path(to_url(db))


def share_warning(path: Path | None) -> str | None:
    """A plain warning when the registry file lies on a network share, else None."""
    return network_share.network_share_warning(path) if path else None
