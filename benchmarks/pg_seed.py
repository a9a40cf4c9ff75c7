"""Throwaway PostgreSQL benchmark databases: created, seeded with demo cases by COPY, dropped.

Up to 100,000 cases are demo cases (services.demo) copied in with COPY; larger sizes repeat
those cases in SQL, each copy two years further back (new ids and case numbers, every date
and time shifted), so a 1,000,000-case registry spans twenty years with the same cases per
month as the 100,000-case one. No audit rows are written (no scenario reads them).
"""
from __future__ import annotations

import time
from datetime import date, datetime

from sqlalchemy import Date, DateTime, create_engine, text
from sqlalchemy.engine import make_url

GENERATED = 100_000
"""Cases made by the demo generator; beyond that the registry repeats them."""
SHIFT_DAYS = 730
"""Each repeat lies this many days before the previous one."""
BATCH = 5_000


def create_database(admin_url: str, name: str) -> str:
    """A new, empty database on the server of admin_url; returns its URL."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, name: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def holds(url: str, size: int) -> bool:
    """Whether the database at url exists and holds exactly `size` cases (a kept database)."""
    from sqlalchemy.exc import SQLAlchemyError
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM cases")).scalar() == size
    except SQLAlchemyError:
        return False
    finally:
        engine.dispose()


def seed(url: str, size: int, today: date | None = None) -> dict:
    """Migrate the empty database at url and fill it with `size` cases; returns timings."""
    from registry_app.services.registry import open_registry
    registry = open_registry(url, user="bench")
    timings = {}
    indexes = _drop_indexes(registry.engine)
    start = time.perf_counter()
    _copy_demo(registry, min(size, GENERATED), today or registry.today())
    timings["copy_s"] = time.perf_counter() - start
    start = time.perf_counter()
    for repeat in range(1, -(-size // GENERATED)):
        _repeat(registry.engine, repeat, min(GENERATED, size - repeat * GENERATED))
    timings["repeat_s"] = time.perf_counter() - start
    start = time.perf_counter()
    with registry.engine.begin() as connection:
        for statement in indexes:
            connection.execute(text(statement))
    timings["index_s"] = time.perf_counter() - start
    with registry.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    registry.close()
    return timings


TABLES = ("cases", "passes", "contact_attempts", "case_identity")


def _drop_indexes(engine) -> list[str]:
    """Drop the secondary indexes of the case tables (built again in one pass after the
    seeding: keeping trigram GIN indexes up to date row by row is slow); returns their DDL."""
    with engine.begin() as connection:
        found = connection.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(:tables)"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)"),
            {"tables": list(TABLES)}).all()
        for name, _ in found:
            connection.execute(text(f'DROP INDEX "{name}"'))
    return [definition for _, definition in found]


def _copy_demo(registry, count: int, today: date) -> None:
    from itertools import islice

    from registry_app.services.demo.generator import iter_demo_cases
    cases, settings, next_id = iter_demo_cases(count, 1, today), registry.settings(), 1
    raw = registry.engine.raw_connection()
    try:
        while batch := list(islice(cases, BATCH)):
            _copy_batch(raw.driver_connection, batch, settings, next_id)
            next_id += len(batch)
        with raw.driver_connection.cursor() as cursor:
            cursor.execute("SELECT setval('cases_id_seq', %s)", (next_id,))
        raw.commit()
    finally:
        raw.close()


def _copy_batch(connection, batch, settings, first_id: int) -> None:
    from registry_app.domain.fields import CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
    from registry_app.storage.mapping import case_columns
    now = datetime.now()
    book = {"version": 1, "created_at": now, "created_by": "bench", "updated_at": now,
            "updated_by": "bench"}
    rows = {"cases": [], "passes": [], "contact_attempts": [], "case_identity": []}
    for case_id, case in enumerate(batch, start=first_id):
        rows["cases"].append({"id": case_id, **book, **case_columns(case, settings)})
        rows["passes"] += [_child(case_id, PASS_FIELDS, p) for p in case.passes]
        rows["contact_attempts"] += [_child(case_id, CONTACT_FIELDS, c) for c in case.contacts]
        if any(v not in (None, "") for v in case.identity.values()):
            rows["case_identity"].append(_child(case_id, IDENTITY_FIELDS, case.identity))
    for table, table_rows in rows.items():
        _copy_rows(connection, table, table_rows)


def _child(case_id: int, fields, values: dict) -> dict:
    row = {"case_id": case_id}
    for fd in fields:
        value = values.get(fd.code)
        row[fd.code] = ";".join(value) if fd.kind == "multichoice" and value is not None else value
    return row


def _copy_rows(connection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    names = list(rows[0])
    columns = ", ".join(f'"{n}"' for n in names)
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[n] for n in names])


def _shifted(table, days: int, offset: int, repeat: int) -> tuple[list[str], list[str]]:
    """Column names and the SELECT expressions of one repeat of a table's rows."""
    names, picks = [], []
    for column in table.c:
        name = column.name
        if name == "id" and table.name != "cases":
            continue
        names.append(f'"{name}"')
        if name in ("id", "case_id"):
            picks.append(f'"{name}" + {offset}')
        elif name == "case_number":
            picks.append(f"case_number || '-R{repeat}'")
        elif isinstance(column.type, DateTime):
            picks.append(f"\"{name}\" - interval '{days} days'")
        elif isinstance(column.type, Date):
            picks.append(f'"{name}" - {days}')
        else:
            picks.append(f'"{name}"')
    return names, picks


def _repeat(engine, repeat: int, count: int) -> None:
    """Copy the first `count` generated cases (and their rows) once more, `repeat` times
    SHIFT_DAYS earlier."""
    from registry_app.storage.schema import Base
    offset, days = repeat * GENERATED, repeat * SHIFT_DAYS
    with engine.begin() as connection:
        for name in TABLES:
            table = Base.metadata.tables[name]
            names, picks = _shifted(table, days, offset, repeat)
            key = "id" if name == "cases" else "case_id"
            connection.execute(text(
                f"INSERT INTO {name} ({', '.join(names)}) SELECT {', '.join(picks)} "
                f"FROM {name} WHERE {key} <= {count}"))
        connection.execute(text("SELECT setval('cases_id_seq', (SELECT max(id) FROM cases))"))
