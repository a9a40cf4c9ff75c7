"""Alembic environment: runs migrations on the application's connection (batch mode for SQLite)."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from registry_app.storage.tables import METADATA

config = context.config
target_metadata = METADATA


def run_with(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("No database to migrate: alembic.ini names no sqlalchemy.url.")
    engine = create_engine(url)
    with engine.begin() as own_connection:
        run_with(own_connection)


run_migrations_online()
