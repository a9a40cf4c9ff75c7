"""Opening a registry database: URL resolution, SQLite pragmas, private file permissions."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import RegistryError


def to_url(db: str | os.PathLike) -> str:
    """A SQLAlchemy URL from a file path or an URL."""
    text = str(db)
    for bare in ("postgresql://", "postgres://"):  # the driver this application ships with
        if text.startswith(bare):
            return "postgresql+psycopg://" + text[len(bare):]
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def create_private_file(path: Path) -> None:
    """Create the registry file readable and writable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


NO_FSYNC_ENV = "REGISTRY_TEST_NO_FSYNC"
"""Set to 1 by the test suite only: SQLite then never waits for the disk (synchronous=OFF).
A killed process still loses nothing, a power cut could; the application never sets it."""


def fsync_wanted() -> bool:
    """False only in the test suite (NO_FSYNC_ENV): registries and backups reach the disk."""
    return os.environ.get(NO_FSYNC_ENV) != "1"


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL" if fsync_wanted() else "PRAGMA synchronous=OFF")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine with foreign keys, WAL and a busy timeout on SQLite; pre-ping on a server."""
    path = sqlite_path(url)
    if path is not None:
        create_private_file(path)
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    try:
        engine = create_engine(url, future=True, hide_parameters=True, **({} if is_sqlite else {"pool_pre_ping": True}))
    except ImportError as exc:
        raise RegistryError(f"The database driver for {make_url(url).drivername} is not"
                            f" installed ({exc.name}); install registry-app[postgres].") from exc
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
