"""Statistics summary kept by the database itself: per-day tallies and per-month value counts.

The cerebral cases' stored derived values are summed, by SQLite triggers on the cases table,
into two small tables, so the whole-registry statistics read a few thousand rows instead of
scanning every case:

- ``stats_days``: per procedure date and stored MT-failure / rescue-stent value, the number
  of cases, the count of each digit (no, yes, not known) of every counted metric, and the
  count of each recanalization digit x follow-up digit;
- ``stats_values``: per procedure month and measure (the intervals and the pass count), how
  many cases have each value (for exact medians).

Triggers run inside the writing transaction, so the summary can never disagree with the
cases after a crash. On PostgreSQL, statement-level PL/pgSQL triggers keep the same counts
(storage.summary_postgres); a registry without the code's triggers is read by scanning the
cases (``summary_kept``).
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from functools import cache
from typing import Callable, Iterable, Iterator

from sqlalchemy import text
from sqlalchemy.dialects import sqlite
from sqlalchemy.sql.util import ClauseAdapter

from . import summary_postgres
from .schema import cases_table
from .summary_tables import (COUNT_COLUMNS, DIGITS, MEASURE_SQL, MEASURES, METRICS, NOT_RECORDED,
                             PENDING, TRIGGER_HASH_KEY, TRIGGERS, UNDATED, WATCHED, counted,
                             followup_digit, metric_digit, sql_hash, stats_days, stats_values)


def _sql(expression, row: str) -> str:
    """SQLite text of an expression over the cases table, read from trigger row new/old."""
    adapted = ClauseAdapter(cases_table.alias(row)).traverse(expression)
    return str(adapted.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def _day_counts(row: str, sign: str) -> list[str]:
    digits = {m: _sql(metric_digit(m), row) for m in METRICS}
    recan, follow = digits["recanalization"], _sql(followup_digit(), row)
    return [sign, *(f"{sign} * ({digits[m]} = {d})" for m in METRICS for d in range(DIGITS)),
            *(f"{sign} * ({recan} = {r} AND {follow} = {f})"
              for r in range(DIGITS) for f in range(PENDING + 1))]


def _add_day(row: str, sign: str) -> str:
    names = ", ".join(COUNT_COLUMNS)
    sums = ", ".join(f"{c} = {c} + excluded.{c}" for c in COUNT_COLUMNS)
    return (f"INSERT INTO stats_days (day, failed, stent, {names}) "
            f"SELECT coalesce({row}.procedure_date, '{UNDATED}'), "
            f"coalesce({row}.mt_failed, {NOT_RECORDED}), "
            f"coalesce({row}.rescue_stent, {NOT_RECORDED}), {', '.join(_day_counts(row, sign))} "
            f"WHERE {_sql(counted(), row)} "
            f"ON CONFLICT (day, failed, stent) DO UPDATE SET {sums}")


def _add_values(row: str, sign: str) -> str:
    picks = " UNION ALL ".join(f"SELECT '{m}' AS measure, {_sql(MEASURE_SQL[m], row)} AS value"
                               for m in MEASURES)
    return (f"INSERT INTO stats_values (month, measure, value, n) "
            f"SELECT substr(coalesce({row}.procedure_date, '{UNDATED}'), 1, 7), measure, value, "
            f"{sign} FROM ({picks}) WHERE value IS NOT NULL AND {_sql(counted(), row)} "
            f"ON CONFLICT (measure, value, month) DO UPDATE SET n = n + excluded.n")


def trigger_statements() -> list[str]:
    """CREATE TRIGGER statements keeping the summary in step with every write to cases."""
    return list(_trigger_statements())


@cache
def _trigger_statements() -> tuple[str, ...]:
    """(Generated once per process: compiling the expressions takes about 0.1 s.)"""
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in WATCHED)
    body = {"new": f"{_add_day('new', '1')}; {_add_values('new', '1')};",
            "old": f"{_add_day('old', '-1')}; {_add_values('old', '-1')};"}
    return (
        f"CREATE TRIGGER stats_case_added AFTER INSERT ON cases BEGIN {body['new']} END",
        f"CREATE TRIGGER stats_case_removed AFTER DELETE ON cases BEGIN {body['old']} END",
        f"CREATE TRIGGER stats_case_changed AFTER UPDATE ON cases WHEN {changed} "
        f"BEGIN {body['old']} {body['new']} END",
    )



def _postgres(connection) -> bool:
    return connection.dialect.name == "postgresql"


def install(connection) -> None:
    """Create the code's triggers and fill the summary from the cases."""
    if _postgres(connection):
        summary_postgres.install(connection)
        return
    install_sql(connection, trigger_statements(), _all_days(), _all_values())


def install_sql(connection, triggers, all_days: str, all_values: str) -> None:
    """Create these triggers, fill the summary with these SELECTs and record the triggers'
    hash (migrations pass their frozen SQL; see storage.summary_sql). SQLite only."""
    if connection.dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    for statement in triggers:
        connection.execute(text(statement))
    _refill(connection, all_days, all_values)
    connection.execute(text("DELETE FROM registry_meta WHERE key = :key"),
                       {"key": TRIGGER_HASH_KEY})
    connection.execute(text("INSERT INTO registry_meta (key, value) VALUES (:key, :value)"),
                       {"key": TRIGGER_HASH_KEY, "value": sql_hash(triggers)})


def rebuild(connection) -> None:
    """Refill both summary tables from the cases (in the caller's transaction)."""
    if _postgres(connection):
        summary_postgres.refill(connection)
        return
    _refill(connection, _all_days(), _all_values())


def _refill(connection, all_days: str, all_values: str) -> None:
    connection.execute(stats_days.delete())
    connection.execute(stats_values.delete())
    if connection.dialect.name != "sqlite":
        return
    connection.execute(text(f"INSERT INTO stats_days (day, failed, stent, "
                            f"{', '.join(COUNT_COLUMNS)}) {all_days}"))
    connection.execute(text(f"INSERT INTO stats_values (month, measure, value, n) {all_values}"))


@cache
def _all_days() -> str:
    """SELECT of every stats_days row, counted from the cases (generated once per process)."""
    sums = ", ".join(f"sum({expr})" for expr in _day_counts("cases", "1"))
    return (f"SELECT coalesce(procedure_date, '{UNDATED}'), coalesce(mt_failed, {NOT_RECORDED}), "
            f"coalesce(rescue_stent, {NOT_RECORDED}), {sums} FROM cases "
            f"WHERE {_sql(counted(), 'cases')} GROUP BY 1, 2, 3")


@cache
def _all_values() -> str:
    """SELECT of every stats_values row, counted from the cases (generated once per process)."""
    picks = " UNION ALL ".join(
        f"SELECT substr(coalesce(procedure_date, '{UNDATED}'), 1, 7) AS month, '{m}' AS measure,"
        f" {_sql(MEASURE_SQL[m], 'cases')} AS value FROM cases"
        f" WHERE {_sql(MEASURE_SQL[m], 'cases')} IS NOT NULL AND {_sql(counted(), 'cases')}"
        for m in MEASURES)
    return f"SELECT month, measure, value, count(*) FROM ({picks}) GROUP BY 1, 2, 3"


# Many new cases at once (imports) ##############################################

ADDED = TRIGGERS[0]
"""The trigger that counts each inserted case (stats_case_added)."""


@contextmanager
def added_as_a_set(connection) -> Iterator[Callable[[Iterable[int]], None]]:
    """For inserting many cases in the caller's transaction: on SQLite, with the summary kept
    as the code counts it, the insert trigger is dropped and the function yielded adds the
    given new cases to the summary in one statement per table (what the trigger would add row
    by row); on leaving, the trigger is created again from its own stored SQL. An exception
    leaves it dropped until the caller's transaction rolls back, which puts it back.
    Otherwise the triggers count as usual and the function does nothing."""
    if connection.dialect.name != "sqlite" or _sqlite_state(connection) != "kept":
        yield lambda ids: None
        return
    trigger = connection.execute(text("SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                                      " AND name = :name"), {"name": ADDED}).scalar_one()
    if not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN")  # sqlite3 opens none for DDL: the drop would commit
    connection.exec_driver_sql(f"DROP TRIGGER {ADDED}")
    yield lambda ids: _add_cases(connection, ids)
    connection.exec_driver_sql(trigger)


def _add_cases(connection, ids: Iterable[int]) -> None:
    """Add these (new) cases to both summary tables, as many times as the insert trigger would."""
    chosen = json.dumps([int(i) for i in ids])
    if chosen != "[]":
        for statement in _adding_statements():
            connection.execute(text(statement), {"ids": chosen})


@cache
def _adding_statements() -> tuple[str, str]:
    """The upserts adding the cases whose ids are in the JSON array :ids to the summary: the
    frozen count-from-scratch SELECTs of the code's triggers (summary_sql, equal to _all_days
    and _all_values) over a `cases` that holds those cases alone, each read by its id."""
    from .summary_sql import v0005
    only = ("WITH cases AS (SELECT * FROM main.cases NOT INDEXED"
            " WHERE id IN (SELECT value FROM json_each(:ids))) ")
    names = ", ".join(COUNT_COLUMNS)
    sums = ", ".join(f"{c} = {c} + excluded.{c}" for c in COUNT_COLUMNS)
    return (f"{only}INSERT INTO stats_days (day, failed, stent, {names}) "
            f"SELECT * FROM ({v0005.ALL_DAYS}) WHERE true "  # an upsert's SELECT needs a WHERE
            f"ON CONFLICT (day, failed, stent) DO UPDATE SET {sums}",
            f"{only}INSERT INTO stats_values (month, measure, value, n) "
            f"SELECT * FROM ({v0005.ALL_VALUES}) WHERE true "
            "ON CONFLICT (measure, value, month) DO UPDATE SET n = n + excluded.n")


def mismatches(connection) -> int:
    """Summary rows that differ from a count from scratch (read only; 0 = in step)."""
    if _postgres(connection):
        return summary_postgres.mismatches(connection)
    days = f"SELECT day, failed, stent, {', '.join(COUNT_COLUMNS)} FROM stats_days WHERE n != 0"
    values = "SELECT month, measure, value, n FROM stats_values WHERE n != 0"
    found = 0
    for kept, fresh in ((days, _all_days()), (values, _all_values())):
        for first, second in ((kept, fresh), (fresh, kept)):
            found += connection.execute(
                text(f"SELECT count(*) FROM ({first} EXCEPT {second})")).scalar()
    return found


def summary_kept(session) -> bool:
    """Whether this registry keeps the summary as this code counts it: the triggers
    installed, and their recorded hash equal to the code's (otherwise the statistics scan the
    cases, which is slower but never wrong; `check` says so)."""
    return summary_state(session) == "kept"


def summary_state(session) -> str:
    """'kept', 'server' (neither SQLite nor PostgreSQL), 'missing' (no triggers) or
    'different' (triggers from another version of the code: see `check --rebuild-summary`)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        found, expected = summary_postgres.installed(session), summary_postgres.code_hash()
    elif dialect == "sqlite":
        return _sqlite_state(session)
    else:
        return "server"
    return _state(session, found, expected)


def _sqlite_state(executor) -> str:
    """summary_state of an SQLite session or connection."""
    found = executor.execute(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                                  " AND name LIKE 'stats_case_%'")).scalar()
    return _state(executor, found, code_hash())


def _state(executor, found: int, expected: str) -> str:
    if found != len(TRIGGERS):
        return "missing"
    stored = executor.execute(text("SELECT value FROM registry_meta WHERE key = :key"),
                              {"key": TRIGGER_HASH_KEY}).scalar()
    return "kept" if stored == expected else "different"


@cache
def code_hash() -> str:
    """The hash of the trigger SQL this code generates: the newest frozen SQL's, which
    tests/storage/test_summary_triggers proves equal (generating it costs about 0.5 s, paid
    by every process's first statistics otherwise)."""
    from .summary_sql import v0005
    return sql_hash(v0005.TRIGGERS)
