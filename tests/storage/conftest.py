"""Storage-test fixtures: the same registry on SQLite and, when a server is configured, PostgreSQL.

Each PostgreSQL test gets its own database, dropped afterwards: an empty one (`pg_database`,
for tests of migrations and of opening), or a copy of one migrated once (`backend_registry`).
"""
import itertools
import os
import secrets

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

_numbers = itertools.count(1)


@pytest.fixture
def pg_database(pg_url, pg_admin):
    """URL of a new, empty PostgreSQL database for this test (skips without a server)."""
    name = f"registry_test_{os.getpid()}_{next(_numbers)}_{secrets.token_hex(3)}"
    with pg_admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    with pg_admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_db(request, tmp_path):
    """A registry location on each backend: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "registry.sqlite3")
    return request.getfixturevalue("pg_database")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_registry(request, tmp_path, registry_template):
    """A fresh registry on each backend whose 'today' is fixed at 2025-06-30: a copy of the
    migrated template file, or a copy of a PostgreSQL database migrated once per worker."""
    import shutil
    from datetime import date

    from registry_app.services.registry import open_registry
    if request.param == "sqlite":
        location = str(tmp_path / "registry.sqlite3")
        shutil.copy2(registry_template, location)
    else:
        location = request.getfixturevalue("pg_registry_url")
    reg = open_registry(location, user="tester")
    reg.today = lambda: date(2025, 6, 30)
    yield reg
    reg.close()
