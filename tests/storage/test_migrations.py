"""Schema migrations: every earlier schema upgrades with its data intact; a newer one is refused."""
import copy
import hashlib
import os
import secrets
import sqlite3
import subprocess
import sys
from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import make_url

from registry_app.services.cases import editing as cases
from registry_app.services.maintenance.backups import open_with_backup
from registry_app.services.registry import open_registry
from registry_app.storage.engine import make_engine
from registry_app.storage.integrity import known_revisions
from registry_app.storage.migrate import (NewerRegistry, current_revision, head_revision,
                                          is_current, shipped_head, upgrade)
from registry_app.storage import stats_summary
from registry_app.storage.tables import Base  # the whole schema, summary tables included

from ..conftest import case_factory, copy_registry_file

EARLIER = known_revisions()[:-1]
TABLES = ("cases", "case_identity", "passes", "contact_attempts", "audit_log", "registry_meta",
          "month_signoffs", "import_layouts")


def test_known_revisions_end_at_head():
    assert known_revisions()[-1] == head_revision() and known_revisions()[0] == "0001"


def _rows(connection, table: str, columns: list[str] | None = None) -> list[dict]:
    names = ", ".join(f'"{c}"' for c in columns) if columns else "*"
    key = "case_id" if table == "case_identity" else ("key" if table == "registry_meta" else
                                                      "month" if table == "month_signoffs" else
                                                      "layout_key" if table == "import_layouts" else "id")
    result = connection.execute(text(f'SELECT {names} FROM {table} ORDER BY "{key}"'))
    return [dict(r) for r in result.mappings()]


def _user_rows(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The rows without the summary-trigger hash, which each upgrade writes for its backend
    (the copied rows come from a SQLite registry; PostgreSQL's triggers have another hash)."""
    meta = [r for r in rows["registry_meta"] if r["key"] != stats_summary.TRIGGER_HASH_KEY]
    return {**rows, "registry_meta": meta}


def _fill_head_registry(db, make_case) -> dict[str, list[dict]]:
    """A current registry holding one of everything; returns its rows per table."""
    reg = open_registry(db, user="tester")
    reg.today = lambda: datetime(2025, 6, 30).date()
    case = make_case("M-1", identity={"mrn": "MRN-1", "patient_name": "Grace Hopper"})
    case.contacts = [{"attempted_at": datetime(2025, 4, 9, 10, 0), "method": "phone",
                      "reached": True, "note": "spoke to daughter"}]
    case_id = cases.create_case(reg, case).case_id
    edited = cases.get_case(reg, case_id)
    edited.values["aspects"] = 7
    cases.update_case(reg, edited)
    cases.create_case(reg, make_case("M-2", passes=[]))
    with reg.engine.begin() as connection:
        connection.execute(text("INSERT INTO registry_meta (key, value) VALUES ('centre', 'X')"))
        connection.execute(text("INSERT INTO month_signoffs (month, signed_at, signed_by,"
                                " fingerprint) VALUES ('2024-12', :at, 'lead', 'abc')"),
                           {"at": datetime(2025, 1, 5, 9, 0)})
        rows = {t: [dict(r) for r in connection.execute(select(Base.metadata.tables[t])).mappings()]
                for t in TABLES}
    reg.close()
    return rows


def _insert(connection, table: str, rows: list[dict], columns: set[str]) -> None:
    """Typed inserts of the columns that exist at the old revision only."""
    if rows:
        connection.execute(Base.metadata.tables[table].insert(),
                           [{k: v for k, v in row.items() if k in columns} for row in rows])


def _old_registry(db: str, revision: str, rows: dict[str, list[dict]]) -> dict[str, list[str]]:
    """Make db a registry at the old revision holding the rows its columns can hold."""
    engine = make_engine(db if "://" in db else f"sqlite:///{db}")
    upgrade(engine, revision)
    engine.dispose()
    return _fill_old_registry(db, rows)


def _fill_old_registry(db: str, rows: dict[str, list[dict]]) -> dict[str, list[str]]:
    """Fill db, an empty registry at an old revision, with the rows its columns can hold."""
    engine = make_engine(db if "://" in db else f"sqlite:///{db}")
    inspector = inspect(engine)
    columns = {t: [c["name"] for c in inspector.get_columns(t)] for t in TABLES}
    hash_key = stats_summary.TRIGGER_HASH_KEY
    with engine.begin() as connection:  # 0003 on: what upgrading wrote, but the trigger hash
        connection.execute(text("DELETE FROM registry_meta WHERE key <> :k"), {"k": hash_key})
        for table in TABLES:  # (this backend's, written by this revision's upgrade) stays
            kept = [r for r in rows[table] if table != "registry_meta" or r["key"] != hash_key]
            _insert(connection, table, kept, set(columns[table]))
    engine.dispose()
    return columns


@pytest.fixture(scope="module")
def head_rows(tmp_path_factory):
    """The rows of a current registry holding one of everything (made once per module)."""
    return _fill_head_registry(str(tmp_path_factory.mktemp("head") / "head.sqlite3"),
                               case_factory())


class OldSchemas:
    """Empty registries at each earlier revision, built step by step once per module: the one
    at revision N is a copy of the one at N-1 upgraded by one step (the same migration
    scripts, so the same schema as a registry upgraded straight to N), instead of a new
    registry migrated from nothing for every revision. Tests get their own copy."""

    def __init__(self, folder, pg_admin):
        self.folder, self.pg_admin, self.built = folder, pg_admin, {}

    def copy_at(self, backend: str, revision: str, target: str) -> str:
        """A new database at `target` (a file path, or a PostgreSQL URL) at the revision."""
        if backend == "sqlite":
            copy_registry_file(make_url(self._built(backend, revision)).database, target)
        else:
            self._clone(self._built(backend, revision), make_url(target).database)
        return target

    def _built(self, backend: str, revision: str) -> str:
        if (backend, revision) not in self.built:
            earlier = EARLIER[:EARLIER.index(revision)]
            made = self._new(backend, revision, self._built(backend, earlier[-1]) if earlier else None)
            engine = make_engine(made)
            upgrade(engine, revision)
            engine.dispose()
            self.built[backend, revision] = made
        return self.built[backend, revision]

    def _new(self, backend: str, revision: str, source: str | None) -> str:
        if backend == "sqlite":
            path = self.folder / f"at-{revision}.sqlite3"
            if source:
                copy_registry_file(make_url(source).database, path)
            return f"sqlite:///{path}"
        name = f"registry_schema_{os.getpid()}_{revision}_{secrets.token_hex(3)}"
        if source:
            self._clone(source, name)
        else:
            self._run(f'CREATE DATABASE "{name}"')
        return make_url(os.environ["REGISTRY_TEST_PG_URL"]).set(database=name).render_as_string(
            hide_password=False)

    def _clone(self, source_url: str, name: str) -> None:
        """Make database `name` (dropped first if the test's fixture made it) a copy of the source."""
        self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._run(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(source_url).database}"')

    def _run(self, statement: str) -> None:
        with self.pg_admin.connect() as connection:
            connection.execute(text(statement))

    def drop(self) -> None:
        for (backend, _), url in self.built.items():
            if backend != "sqlite":
                self._run(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


@pytest.fixture(scope="module")
def old_schemas(tmp_path_factory, pg_admin):
    schemas = OldSchemas(tmp_path_factory.mktemp("old-schemas"), pg_admin)
    yield schemas
    schemas.drop()


@pytest.mark.parametrize("revision", EARLIER)
def test_earlier_schema_upgrades_with_data_intact(revision, backend_db, head_rows, old_schemas):
    backend = "sqlite" if "://" not in backend_db else "postgresql"
    old_schemas.copy_at(backend, revision, backend_db)
    old_columns = _fill_old_registry(backend_db, copy.deepcopy(head_rows))
    engine = make_engine(backend_db if "://" in backend_db else f"sqlite:///{backend_db}")
    with engine.connect() as connection:
        before = {t: _rows(connection, t, old_columns[t]) for t in TABLES}
    engine.dispose()
    upgraded = open_registry(backend_db, user="tester")
    assert current_revision(upgraded.engine) == head_revision()
    with upgraded.engine.connect() as connection:
        after = {t: _rows(connection, t, old_columns[t]) for t in TABLES}
    assert _user_rows(after) == _user_rows(before)
    assert all(before[t] for t in ("cases", "passes", "audit_log"))
    case = cases.get_case(upgraded, cases.find_case_id(upgraded, "M-1"))
    assert case.values["aspects"] == 7 and case.identity["mrn"] == "MRN-1"
    assert case.contacts[0]["note"] == "spoke to daughter" and len(case.passes) == 2
    with upgraded.reading() as session:  # the summary is kept and counts the old cases
        assert stats_summary.summary_state(session) == "kept"
        assert stats_summary.mismatches(session.connection()) == 0
        assert session.execute(text("SELECT sum(n) FROM stats_days")).scalar() == 2
    upgraded.close()


def _stamp(path, revision: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.commit()
    connection.close()


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("opener", [open_registry, open_with_backup])
def test_newer_registry_is_refused_and_left_untouched(opener, tmp_path, make_case,
                                                      isolated_user_data, registry_template):
    path = copy_registry_file(registry_template, tmp_path / "newer.sqlite3")
    reg = open_registry(str(path), user="tester")
    reg.today = lambda: datetime(2025, 6, 30).date()
    cases.create_case(reg, make_case("N-1"))
    reg.close()
    _stamp(path, "9999_from_the_future")
    before = _digest(path)
    with pytest.raises(NewerRegistry) as caught:
        opener(str(path))
    assert "newer than this application knows" in str(caught.value)
    assert "has not been changed" in str(caught.value)
    assert _digest(path) == before
    assert not list((isolated_user_data / "backups").rglob("*.sqlite3"))


def _on_this_backend(dialect: str):
    """Alembic's include_object: leaves out what the schema declares for another backend."""
    return lambda obj, name, kind, reflected, compare_to: (
        getattr(obj, "info", {}).get("backend", dialect) == dialect)


def test_migrations_produce_exactly_the_orm_schema(backend_db):
    reg = open_registry(backend_db)
    with reg.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": _on_this_backend(connection.dialect.name)})
        differences = compare_metadata(context, Base.metadata)
    reg.close()
    assert differences == []


def test_the_head_is_read_from_the_migration_files_as_alembic_reads_it():
    assert shipped_head() == head_revision()


def test_a_current_registry_opens_without_loading_alembic(tmp_path, registry_template):
    """The cheap check: one query against the stored revision (Alembic costs ~0.3 s to load)."""
    path = copy_registry_file(registry_template, tmp_path / "current.sqlite3")
    code = ("import sys; from registry_app.services.registry import open_registry;"
            " reg = open_registry(sys.argv[1]); assert reg.settings() is not None;"
            " print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_an_older_registry_is_still_backed_up_and_upgraded(tmp_path, isolated_user_data,
                                                           old_schemas):
    path = tmp_path / "older.sqlite3"
    old_schemas.copy_at("sqlite", EARLIER[-1], str(path))
    engine = make_engine(f"sqlite:///{path}")
    assert not is_current(engine)
    engine.dispose()
    reg = open_with_backup(str(path), backup_on_start=False)
    assert current_revision(reg.engine) == head_revision() and is_current(reg.engine)
    reg.close()
    backups = list((isolated_user_data / "backups").rglob("*-migration.sqlite3"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (EARLIER[-1],)
