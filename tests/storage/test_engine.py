"""Opening databases: URLs for PostgreSQL, missing drivers, pre-ping, special characters."""
import pytest

from registry_app.domain.errors import RegistryError
from registry_app.storage.engine import make_engine, to_url
from registry_app.storage.migrate import alembic_config


@pytest.mark.parametrize("given", ["postgresql://app@db/registry", "postgres://app@db/registry"])
def test_plain_postgres_urls_use_the_shipped_driver(given):
    assert to_url(given) == "postgresql+psycopg://app@db/registry"


def test_a_file_path_becomes_an_absolute_sqlite_url(tmp_path):
    assert to_url(tmp_path / "r.sqlite3") == f"sqlite:///{tmp_path / 'r.sqlite3'}"


def test_server_engines_check_connections_before_use_sqlite_engines_get_pragmas(tmp_path):
    server = make_engine("postgresql+psycopg://app:secret@127.0.0.1:1/none")  # not connected
    assert server.pool._pre_ping is True
    local = make_engine(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    with local.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    local.dispose()


def test_a_missing_driver_is_a_plain_error():
    with pytest.raises(RegistryError, match="driver for postgresql\\+psycopg2 is not installed"):
        make_engine("postgresql+psycopg2://app@db/registry")


def test_a_password_with_percent_signs_survives_the_alembic_configuration():
    engine = make_engine("postgresql+psycopg://app:p%40ss%25w0rd@127.0.0.1:1/none")
    url = alembic_config(engine).get_main_option("sqlalchemy.url")
    assert url == "postgresql+psycopg://app:p%40ss%25w0rd@127.0.0.1:1/none"


def _synchronous(tmp_path, name):
    engine = make_engine(f"sqlite:///{tmp_path / name}")
    with engine.connect() as connection:
        level = connection.exec_driver_sql("PRAGMA synchronous").scalar()
    engine.dispose()
    return level


def test_registries_wait_for_the_disk_unless_the_test_suite_says_otherwise(tmp_path, monkeypatch):
    from registry_app.storage.engine import NO_FSYNC_ENV
    monkeypatch.delenv(NO_FSYNC_ENV, raising=False)
    assert _synchronous(tmp_path, "app.sqlite3") == 2  # FULL: what the application runs with
    monkeypatch.setenv(NO_FSYNC_ENV, "1")
    assert _synchronous(tmp_path, "tests.sqlite3") == 0  # OFF: the test suite only


def test_the_test_suite_runs_without_fsync_unless_told_otherwise():
    import os

    from registry_app.storage.engine import NO_FSYNC_ENV
    assert os.environ.get(NO_FSYNC_ENV) in ("1", "0"), "tests/conftest.py should set it"
