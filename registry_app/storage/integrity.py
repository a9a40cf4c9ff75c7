"""Low-level checks of a registry database: SQLite integrity, foreign keys, schema version."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from ..domain.errors import RegistryError
from .migrate import current_revision, head_revision, migration_scripts

CHILD_TABLES = ("passes", "contact_attempts", "case_identity")


class BadRegistryFile(RegistryError):
    """The file is not a usable registry backup."""


@dataclass(frozen=True)
class FileCheck:
    """What a sound registry file holds: its schema revision and number of cases."""

    path: Path
    revision: str
    cases: int
    older: bool


def known_revisions() -> list[str]:
    """The schema revisions this application knows, oldest first."""
    return [rev.revision for rev in reversed(list(migration_scripts().walk_revisions()))]


def check_sqlite_file(path: Path) -> FileCheck:
    """Open a file read-only and check it is a sound registry this app can use; else BadRegistryFile."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BadRegistryFile(f"'{path.name}' cannot be opened ({exc}).") from exc
    try:
        return _check_open_file(path, connection)
    except sqlite3.DatabaseError as exc:
        raise BadRegistryFile(f"'{path.name}' is not a registry file ({exc}).") from exc
    finally:
        connection.close()


def _check_open_file(path: Path, connection: sqlite3.Connection) -> FileCheck:
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise BadRegistryFile(f"'{path.name}' is damaged: SQLite's integrity check reports "
                              + "; ".join(problems[:5]) + ".")
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"alembic_version", "cases"} <= tables:
        raise BadRegistryFile(f"'{path.name}' is an SQLite file but not a case registry.")
    revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    known = known_revisions()
    if revision is None or revision[0] not in known:
        raise BadRegistryFile(f"'{path.name}' was made by a newer version of the application"
                              f" (schema '{revision[0] if revision else '?'}'); install that"
                              " version to use it.")
    cases = connection.execute("SELECT count(*) FROM cases").fetchone()[0]
    return FileCheck(path, revision[0], cases, revision[0] != known[-1])


def integrity_problems(engine: Engine) -> list[str]:
    """SQLite's own integrity check ('ok' gives no problem); nothing to report on a server."""
    if engine.dialect.name != "sqlite":
        return []
    with engine.connect() as connection:
        rows = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
    return [] if rows == ["ok"] else [f"Database integrity: {row}" for row in rows]


def foreign_key_problems(engine: Engine) -> list[str]:
    """Rows that point at a case that does not exist."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            rows = connection.execute(text("PRAGMA foreign_key_check")).all()
        return [f"Table {table}: row {rowid} refers to a missing row of {parent}."
                for table, rowid, parent, _ in rows]
    return _orphans(engine)


def _orphans(engine: Engine) -> list[str]:
    problems = []
    with engine.connect() as connection:
        for table in CHILD_TABLES:
            count = connection.execute(text(
                f"SELECT count(*) FROM {table} t WHERE NOT EXISTS"
                " (SELECT 1 FROM cases c WHERE c.id = t.case_id)")).scalar_one()
            if count:
                problems.append(f"Table {table}: {count} rows refer to a missing case.")
    return problems


def schema_problems(engine: Engine) -> list[str]:
    """A schema that is not the current one (it is upgraded when the registry is opened)."""
    revision, head = current_revision(engine), head_revision()
    if revision == head:
        return []
    return [f"Schema version: the registry is at '{revision}', this application expects '{head}'."]
