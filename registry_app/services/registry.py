"""An open registry: engine, sessions, the current user and the registry's settings."""
from __future__ import annotations

import getpass
import json
import os
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import RegistryError, ValueProblem
from ..domain.settings import RegistrySettings
from ..storage import audit, registry_lock
from ..storage.engine import make_engine, make_sessionmaker, sqlite_path, to_url
from ..storage.file_health import check_file_health, check_writable
from ..storage.mapping import note_settings_change
from ..storage.migrate import ensure_current
from ..storage.schema import MetaRow
from .changes import NOTHING, Changes

SETTINGS_KEY = "settings"
_STORED_SETTINGS = select(MetaRow.value).where(MetaRow.key == SETTINGS_KEY)


class RegistryReplaced(RegistryError):
    """The registry file was replaced or removed by another program since it was opened."""


def file_identity(path) -> tuple[int, int] | None:
    """(device, inode) of a file, None when it does not exist."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


def current_user() -> str:
    """The operating-system user, or REGISTRY_USER when given."""
    try:
        return os.environ.get("REGISTRY_USER") or getpass.getuser()
    except Exception:  # getpass raises various errors when no user name is available
        return "unknown"


@dataclass
class Registry:
    """The services' handle on one registry database."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    user: str = field(default_factory=current_user)
    today: Callable[[], date] = date.today
    now: Callable[[], datetime] = datetime.now
    """The clock of backups and their rotation (tests inject a fixed one)."""
    lock_key: Path | None = None
    """This registry's hold on the file's lock (the desktop application's session)."""
    opened_file: tuple[int, int] | None = None
    """(device, inode) of the file when opened: writes stop when it changes."""

    def __post_init__(self) -> None:
        self.note_file()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One session and one transaction per user action; rolled back on any error.

        RegistryReplaced, before anything is written, when the file was replaced (e.g.
        restored by another program) since it was opened: writing on would go to the
        deleted file and be lost.
        """
        self.check_file()
        with self.sessions.begin() as session:
            yield session

    def note_file(self) -> None:
        """Remember which file is the registry now (at open and after a restore)."""
        self.opened_file = file_identity(self.path) if self.path is not None else None

    def check_file(self) -> None:
        if self.opened_file is None or file_identity(self.path) == self.opened_file:
            return
        raise RegistryReplaced(f"The registry file {self.path} was replaced or removed by"
                               " another program after this window opened it, so this change"
                               " was not saved and nothing more will be; close the application"
                               " and open the registry again.")

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A short read-only session."""
        with self.sessions() as session:
            yield session

    @property
    def path(self):
        return sqlite_path(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def settings(self) -> RegistrySettings:
        """The registry's settings as stored now (read by one plain query: every save and
        statistics run asks for them)."""
        with self.engine.connect() as connection:
            text = connection.execute(_STORED_SETTINGS).scalar()
        return RegistrySettings.from_dict(json.loads(text)) if text else RegistrySettings()

    def close(self) -> None:
        self.engine.dispose()
        if self.lock_key is not None:
            registry_lock.release(self.lock_key)
            self.lock_key = None


MAX_USER_LENGTH = 64
"""Longest user name the audit trail and sign-offs can record."""


def checked_user(user: str | None) -> str:
    """The user name to record, or ValueProblem when it is empty or too long."""
    name = (user if user is not None else current_user()).strip()
    if not name:
        raise ValueProblem("User name: is empty; give a name (--user) or set REGISTRY_USER.")
    if len(name) > MAX_USER_LENGTH:
        raise ValueProblem(f"User name: is {len(name)} characters long; at most"
                           f" {MAX_USER_LENGTH} are allowed.")
    return name


def open_registry(db: str, *, user: str | None = None, before_upgrade=None,
                  hold: str | None = None) -> Registry:
    """Open (creating or upgrading as needed) the registry at a path or URL.

    `hold` (registry_lock.DESKTOP) keeps the file's lock for the whole session, so that
    restores, upgrades and other desktop applications are refused while it is open.
    """
    user = checked_user(user)
    url = to_url(db)
    path = sqlite_path(url)
    check_writable(path)
    key = registry_lock.acquire(path, hold, user, "Opening") if path and hold else None
    try:
        check_file_health(path)
        engine = make_engine(url)
    except Exception:
        _release(key)
        raise
    try:
        ensure_current(engine, before_upgrade, _exclusive(path, user))
    except DatabaseError as exc:  # locked, unreadable or not a database at all
        engine.dispose()
        _release(key)
        raise RegistryError(f"The registry at {db} could not be opened: {exc.orig}."
                            " Check the path and that no other program locks it.") from exc
    except BaseException:
        engine.dispose()
        _release(key)
        raise
    return Registry(url, engine, make_sessionmaker(engine), user=user, lock_key=key)


def _release(key) -> None:
    if key is not None:
        registry_lock.release(key)


def _exclusive(path, user: str):
    """The lock held around a schema upgrade of a registry file (nothing for a server)."""
    if path is None:
        return nullcontext
    return lambda: registry_lock.hold(path, registry_lock.UPGRADE, user, "Upgrading the schema")


def save_settings(registry: Registry, settings: RegistrySettings) -> Changes:
    """Store the registry's definitions (centre name, MT failure, follow-up window...), with
    one audit row per changed setting (who, when, old and new value) in the same transaction."""
    with registry.transaction() as session:
        row = session.get(MetaRow, SETTINGS_KEY)
        text = json.dumps(settings.to_dict(), sort_keys=True)
        old = RegistrySettings.from_dict(json.loads(row.value)) if row else RegistrySettings()
        note_settings_change(session, old, settings)
        changes = settings_changes(old, settings)
        if changes:
            audit.record(session, user=registry.user, action=audit.SETTINGS_ACTION,
                         case_id=None, case_number=None, changes=changes, at=registry.now())
        if row is None:
            session.add(MetaRow(key=SETTINGS_KEY, value=text))
        else:
            row.value = text
    return Changes(settings=True) if old != settings else NOTHING


def settings_changes(old: RegistrySettings, new: RegistrySettings) -> list[audit.Change]:
    """(setting, old text, new text) for every setting that differs."""
    before, after = old.to_dict(), new.to_dict()
    return [(name, str(before[name]), str(after[name])) for name in after
            if before.get(name) != after[name]]


def meta_value(registry: Registry, key: str) -> str | None:
    with registry.reading() as session:
        return session.scalar(select(MetaRow.value).where(MetaRow.key == key))
