"""Schema migrations with Alembic: upgrade an older registry, refuse one from a newer app."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from ..domain.errors import RegistryError

MIGRATIONS = Path(__file__).with_name("migrations")


class NewerRegistry(RegistryError):
    """This registry was made by a newer version of the application; install that version."""


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic configuration pointing at the shipped migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        url = engine.url.render_as_string(hide_password=False)
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # ConfigParser escaping
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_empty(engine: Engine) -> bool:
    return not inspect(engine).get_table_names()


def check_not_newer(engine: Engine) -> None:
    """Refuse, without touching it, a registry whose schema this app does not know."""
    revision = current_revision(engine)
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
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


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to the given revision inside Alembic's transaction."""
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def ensure_current(engine: Engine, before_upgrade=None) -> bool:
    """Check the schema and upgrade it when older; returns True when an upgrade ran.

    `before_upgrade(engine)` runs first when an existing registry is about to be migrated
    (the caller's backup step); it is not called for a new, empty registry.
    """
    check_not_newer(engine)
    if not needs_upgrade(engine):
        return False
    if before_upgrade is not None and not is_empty(engine):
        before_upgrade(engine)
    upgrade(engine)
    return True
