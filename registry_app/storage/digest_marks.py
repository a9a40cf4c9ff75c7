"""Per-case change marks kept by database triggers, and report digests stored against them.

Every write to a case row or to one of its passes (any statement: the ORM, bulk imports, merges,
restores, raw SQL) makes triggers raise that case's mark in ``case_marks``. A report digest
stored in ``report_digests`` with the mark its case had when its rows were read is therefore
still the digest of the case's rows only while the mark is the same: a changed case never
matches its old digest, whatever wrote the change. Marks only grow (a deleted case's mark row
stays), so a case id used again never meets the digest of the case it replaced.
"""
from __future__ import annotations

import json

from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Sequence

from sqlalchemy import Column, Integer, String, Table, text
from sqlalchemy.dialects import postgresql, sqlite

from .schema import Base

case_marks = Table(
    "case_marks", Base.metadata,
    Column("case_id", Integer, primary_key=True, autoincrement=False),
    Column("mark", Integer, nullable=False),
)
"""The case's change mark (a case without a row has mark 0: unchanged since migration 0011)."""

report_digests = Table(
    "report_digests", Base.metadata,
    Column("case_id", Integer, primary_key=True, autoincrement=False),
    Column("mark", Integer, nullable=False),
    Column("layout", String(16), nullable=False),
    Column("digest", String(16), nullable=False),
)
"""A case's report digest, computed from its rows when its mark was `mark`, in the digest
layout `layout` (the fields written and the schema revision: another layout never matches)."""

_BUMP = ("INSERT INTO case_marks (case_id, mark) VALUES ({row}, 1) "
         "ON CONFLICT (case_id) DO UPDATE SET mark = case_marks.mark + 1;")
_WATCHED = (("case", "cases", "id"), ("pass", "passes", "case_id"))

SQLITE_TRIGGERS = tuple(
    f"CREATE TRIGGER digest_mark_{name}_{event} AFTER {verb} ON {table} BEGIN "
    + " ".join(_BUMP.format(row=f"{row}.{column}") for row in rows) + " END"
    for name, table, column in _WATCHED
    for event, verb, rows in (("added", "INSERT", ("new",)), ("changed", "UPDATE", ("old", "new")),
                              ("removed", "DELETE", ("old",))))
"""The SQLite triggers (one per table and event), exactly as migration 0011 creates them."""


def _postgres_function(table: str, column: str) -> str:
    """A statement-level PL/pgSQL function raising the marks of every case the statement
    touched (each case once, in id order so concurrent writers wait instead of deadlocking)."""
    picks = {"INSERT": f"SELECT {column} FROM new_rows",
             "DELETE": f"SELECT {column} FROM old_rows",
             "UPDATE": f"SELECT {column} FROM old_rows UNION SELECT {column} FROM new_rows"}
    branches = " ".join(
        f"{'IF' if i == 0 else 'ELSIF'} TG_OP = '{op}' THEN "
        f"INSERT INTO case_marks (case_id, mark) SELECT DISTINCT id, 1 FROM ({sql}) AS t(id) "
        "ORDER BY id ON CONFLICT (case_id) DO UPDATE SET mark = case_marks.mark + 1;"
        for i, (op, sql) in enumerate(picks.items()))
    return (f"CREATE FUNCTION digest_marks_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {branches} END IF; RETURN NULL; END $$")


def _postgres_triggers(table: str) -> list[str]:
    transition = {"INSERT": "NEW TABLE AS new_rows", "DELETE": "OLD TABLE AS old_rows",
                  "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}
    return [f"CREATE TRIGGER digest_mark_{table}_{op.lower()} AFTER {op} ON {table} "
            f"REFERENCING {names} FOR EACH STATEMENT EXECUTE FUNCTION digest_marks_{table}()"
            for op, names in transition.items()]


POSTGRES_STATEMENTS = (
    *(statement for _, table, column in _WATCHED
      for statement in (_postgres_function(table, column), *_postgres_triggers(table))),
    "CREATE FUNCTION digest_marks_forget() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN DELETE FROM report_digests; RETURN NULL; END $$",
    *(f"CREATE TRIGGER digest_mark_{table}_truncate AFTER TRUNCATE ON {table} "
      "FOR EACH STATEMENT EXECUTE FUNCTION digest_marks_forget()" for _, table, _ in _WATCHED),
)
"""The PostgreSQL functions and triggers, exactly as migration 0011 creates them (a TRUNCATE,
which fires no row events, forgets every stored digest)."""


def trigger_tables(dialect: str) -> dict[str, str]:
    """{trigger name: its table} of the triggers this backend is given."""
    statements = SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRES_STATEMENTS
    words = [s.split() for s in statements if s.startswith("CREATE TRIGGER")]
    return {w[2]: w[w.index("ON") + 1] for w in words}


def install(connection) -> None:
    """Create the triggers on this connection's backend (migration 0011)."""
    statements = SQLITE_TRIGGERS if connection.dialect.name == "sqlite" else POSTGRES_STATEMENTS
    for statement in statements:
        connection.execute(text(statement))


def uninstall(connection) -> None:
    """Drop the triggers and their functions (migration 0011's downgrade)."""
    postgres = connection.dialect.name == "postgresql"
    for name, table in sorted(trigger_tables(connection.dialect.name).items()):
        connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"
                                + (f" ON {table}" if postgres else "")))
    if postgres:
        for function in ("digest_marks_cases", "digest_marks_passes", "digest_marks_forget"):
            connection.execute(text(f"DROP FUNCTION IF EXISTS {function}()"))


def marks_kept(connection) -> bool:
    """Whether this registry has every trigger that keeps the marks (as the code made them on
    SQLite, whose trigger text is stored; by name on PostgreSQL): digests stored against marks
    are trusted only then."""
    if connection.dialect.name == "sqlite":
        found = connection.execute(text(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'digest_mark_%'"))
        return set(found.scalars()) == set(SQLITE_TRIGGERS)
    found = connection.execute(text(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'digest_mark_%'"
        " AND tgenabled <> 'D'"))
    return set(found.scalars()) == set(trigger_tables("postgresql"))


def store(connection, entries: Sequence[dict]) -> None:
    """Insert or replace report digests: dicts of case_id, mark, layout and digest."""
    if not entries:
        return
    insert = (sqlite.insert if connection.dialect.name == "sqlite" else postgresql.insert)(
        report_digests)
    fresh = insert.excluded
    connection.execute(insert.on_conflict_do_update(
        index_elements=["case_id"],
        set_={"mark": fresh.mark, "layout": fresh.layout, "digest": fresh.digest}), entries)


# Many new cases at once (imports) ##############################################

ADDED = ("digest_mark_case_added", "digest_mark_pass_added")
"""The SQLite triggers marking each inserted case and, once more, the case of each inserted pass."""

_MARK_NEW = ("INSERT INTO case_marks (case_id, mark) "
             "SELECT chosen.value, 1 + (SELECT count(*) FROM passes WHERE case_id = chosen.value)"
             " FROM json_each(:ids) AS chosen WHERE true "  # an upsert's SELECT needs a WHERE
             "ON CONFLICT (case_id) DO UPDATE SET mark = case_marks.mark + excluded.mark")
"""Raises the marks of the new cases in the JSON array :ids as the insert triggers would have:
one for the case and one for each of its passes, on top of a mark the id kept from before."""


@contextmanager
def added_as_a_set(connection) -> Iterator[Callable[[Iterable[int]], None]]:
    """For inserting many new cases with their passes in the caller's transaction: on SQLite,
    with the marks kept, the two insert triggers are dropped and the function yielded marks the
    given new cases in one statement, as those triggers would have row by row; on leaving, the
    triggers are created again from their own stored SQL. An exception leaves them dropped
    until the caller's transaction rolls back, which puts them back. Otherwise (PostgreSQL's
    triggers mark once per statement) the triggers mark as usual and the function does nothing."""
    if connection.dialect.name != "sqlite" or not marks_kept(connection):
        yield lambda ids: None
        return
    stored = connection.execute(text(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (:case, :pass)"),
        {"case": ADDED[0], "pass": ADDED[1]}).scalars().all()
    if not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN")  # sqlite3 opens none for DDL: the drop would commit
    for name in ADDED:
        connection.exec_driver_sql(f"DROP TRIGGER {name}")
    yield lambda ids: _mark_new_cases(connection, ids)
    for statement in stored:
        connection.exec_driver_sql(statement)


def _mark_new_cases(connection, ids: Iterable[int]) -> None:
    chosen = json.dumps([int(i) for i in ids])
    if chosen != "[]":
        connection.execute(text(_MARK_NEW), {"ids": chosen})
