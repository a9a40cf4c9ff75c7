"""Schema migrations with Alembic: upgrade an older registry, refuse one from a newer app.

Opening a registry that is already at the newest schema costs one query and no Alembic:
the stored revision is compared with the head read from the shipped migration files
(``shipped_head``). Alembic is loaded only to create, upgrade or refuse a registry.
"""
from __future__ import annotations

import re
from contextlib import nullcontext
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from ..domain.errors import RegistryError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


class NewerRegistry(RegistryError):
    """This registry was made by a newer version of the application; install that version."""


class UpgradeFailed(RegistryError):
    """The schema upgrade failed; the registry was left at its old schema."""

    def __init__(self, exc: BaseException, backup=None) -> None:
        advice = (f", and the copy made just before it can be put back with: registry-app"
                  f" restore \"{backup}\"" if backup else "")
        super().__init__(f"The registry could not be upgraded to this version's schema ({exc}),"
                         f" so the upgrade was rolled back and it keeps its old schema{advice}.")
        self.backup = backup


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic configuration pointing at the shipped migrations."""
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        url = engine.url.render_as_string(hide_password=False)
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # ConfigParser escaping
    return cfg


@lru_cache(maxsize=1)
def migration_scripts():
    """The shipped migration scripts, read once per process (Alembic's own commands read
    every revision file again on each call)."""
    from alembic.script import ScriptDirectory
    return ScriptDirectory.from_config(alembic_config())


def _run_upgrade(cfg: Config, revision: str) -> None:
    """Alembic's ``upgrade`` command on the scripts read once; the command itself where this
    Alembic lacks the step planner it uses."""
    from alembic import command
    from alembic.runtime.environment import EnvironmentContext
    script = migration_scripts()
    plan = getattr(script, "_upgrade_revs", None)
    if plan is None:
        command.upgrade(cfg, revision)
        return
    with EnvironmentContext(cfg, script, fn=lambda rev, _context: plan(revision, rev),
                            destination_rev=revision):
        script.run_env()


def head_revision() -> str:
    return migration_scripts().get_current_head()


def _literal(value: str) -> str | None:
    """A quoted revision id ('0003'), None for None; anything else (a merge tuple) raises."""
    if value == "None":
        return None
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    raise ValueError(value)


@lru_cache(maxsize=1)
def shipped_head() -> str | None:
    """The newest revision among the shipped migration files, read without Alembic.

    None when the files do not form one simple chain (then Alembic decides).
    """
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        try:
            revisions.add(_literal(found["revision"]))
            parents.add(_literal(found.get("down_revision", "None")))
        except (KeyError, ValueError):
            return None
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and len(parents) == len(revisions) else None


def stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the registry, or None when there is no version table."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except (OperationalError, ProgrammingError):  # no such table (or locked: Alembic retries)
        return None
    return rows[0][0] if len(rows) == 1 else None


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_empty(engine: Engine) -> bool:
    return not inspect(engine).get_table_names()


def is_current(engine: Engine) -> bool:
    """True when the registry is at the newest schema (one query, no Alembic)."""
    head = shipped_head()
    return head is not None and stored_revision(engine) == head


def check_not_newer(engine: Engine) -> None:
    """Refuse, without touching it, a registry whose schema this app does not know."""
    revision = current_revision(engine)
    known = {rev.revision for rev in migration_scripts().walk_revisions()}
    if revision is not None and revision not in known:
        raise NewerRegistry(
            f"This registry uses schema version '{revision}', which is newer than this"
            " application knows. Install the newer version of the application to open it;"
            " the file has not been changed.")
    if revision is None and not is_empty(engine):
        raise RegistryError("This file is not a case registry (it has tables but no schema"
                            " version). It has not been changed.")


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()


def _sqlite_autocommit_off(dbapi_connection, _record) -> None:
    """The pysqlite recipe: the driver sends no BEGIN of its own (so none is missing before DDL).

    Foreign keys are off while tables are rebuilt (SQLite's documented procedure for schema
    changes); `upgrade` runs PRAGMA foreign_key_check before it commits.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("foreign_keys=OFF", "journal_mode=WAL", "synchronous=FULL",
                   "busy_timeout=10000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def migration_engine(engine: Engine) -> Engine:
    """An engine whose transactions include DDL: on SQLite, SQLAlchemy's pysqlite recipe
    (isolation_level None, BEGIN emitted in the `begin` event); elsewhere the engine itself."""
    if engine.dialect.name != "sqlite":
        return engine
    migrating = create_engine(engine.url, future=True, hide_parameters=True)
    event.listen(migrating, "connect", _sqlite_autocommit_off)
    event.listen(migrating, "begin", _sqlite_begin)
    return migrating


def _foreign_keys_hold(connection) -> None:
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"the upgrade left {len(broken)} rows pointing at missing rows")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to the given revision in one transaction, DDL included: an upgrade
    that fails or is killed midway leaves the old schema and version as they were."""
    cfg = alembic_config(engine)
    migrating = migration_engine(engine)
    try:
        with migrating.begin() as connection:
            cfg.attributes["connection"] = connection
            _run_upgrade(cfg, revision)
            _foreign_keys_hold(connection)
    finally:
        if migrating is not engine:
            migrating.dispose()


def ensure_current(engine: Engine, before_upgrade=None, exclusive=nullcontext) -> bool:
    """Check the schema and upgrade it when older; returns True when an upgrade ran.

    `before_upgrade(engine)` runs first when an existing registry is about to be migrated
    (the caller's backup step); it is not called for a new, empty registry. `exclusive()`
    is a context manager held around the backup and the upgrade (the registry's lock).
    """
    if is_current(engine):
        return False
    check_not_newer(engine)
    if not needs_upgrade(engine):
        return False
    with exclusive():
        return _upgrade_checked(engine, before_upgrade)


def _upgrade_checked(engine: Engine, before_upgrade) -> bool:
    if not needs_upgrade(engine):  # upgraded by another process while we waited
        return False
    backup = None
    if before_upgrade is not None and not is_empty(engine):
        backup = before_upgrade(engine)
    try:
        upgrade(engine)
    except Exception as exc:
        raise UpgradeFailed(exc, backup) from exc
    return True
