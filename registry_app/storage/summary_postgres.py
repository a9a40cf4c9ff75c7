"""The statistics summary on PostgreSQL: statement-level PL/pgSQL triggers over transition tables.

The same two tables and the same counts as the SQLite triggers (stats_summary), but each
INSERT, UPDATE or DELETE statement on cases is summed once, grouped by day (and by month and
measure), from the rows it changed: an import of thousands of rows costs one aggregate per
statement, not one per row. Summary rows are written in key order so that two workstations
saving at once wait for each other instead of deadlocking.
"""
from __future__ import annotations

from functools import cache

from sqlalchemy import text
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.util import ClauseAdapter

from .schema import cases_table
from .summary_tables import (COUNT_COLUMNS, DIGITS, MEASURE_SQL, MEASURES, METRICS, NOT_RECORDED,
                             PENDING, TRIGGER_HASH_KEY, TRIGGERS, UNDATED, WATCHED, counted,
                             followup_digit, metric_digit, sql_hash)

ROW = "c"
"""Alias of the case rows every generated statement reads (with their sign, +1 or -1)."""


def _sql(expression) -> str:
    """PostgreSQL text of an expression over the cases table, read from the rows aliased c."""
    adapted = ClauseAdapter(cases_table.alias(ROW)).traverse(expression)
    return str(adapted.compile(dialect=postgresql.dialect(),
                               compile_kwargs={"literal_binds": True}))


def _flag(expression: str) -> str:
    """A comparison as 0/1 (PostgreSQL does not multiply booleans)."""
    return f"CAST(({expression}) AS INTEGER)"


def _keys() -> str:
    """day, failed, stent of a case row (as the SQLite triggers store them)."""
    return (f"coalesce(to_char({ROW}.procedure_date, 'YYYY-MM-DD'), '{UNDATED}'), "
            f"coalesce(CAST({ROW}.mt_failed AS INTEGER), {NOT_RECORDED}), "
            f"coalesce(CAST({ROW}.rescue_stent AS INTEGER), {NOT_RECORDED})")


@cache
def _sums() -> tuple[str, ...]:
    """Per COUNT_COLUMNS: the signed sum over the rows of a group."""
    digits = {m: _sql(metric_digit(m)) for m in METRICS}
    recan, follow = digits["recanalization"], _sql(followup_digit())
    return (f"sum({ROW}.sign)",
            *(f"sum({ROW}.sign * {_flag(f'{digits[m]} = {d}')})"
              for m in METRICS for d in range(DIGITS)),
            *(f"sum({ROW}.sign * {_flag(f'{recan} = {r} AND {follow} = {f}')})"
              for r in range(DIGITS) for f in range(PENDING + 1)))


def days_select(source: str) -> str:
    """SELECT of stats_days rows (day, failed, stent, COUNT_COLUMNS) summed over `source`,
    a FROM item of case rows with a `sign` column, aliased c."""
    return (f"SELECT {_keys()}, {', '.join(_sums())} FROM {source} "
            f"WHERE {_sql(counted())} GROUP BY 1, 2, 3")


@cache
def _picks() -> str:
    """The VALUES list of (measure, value) of a case row."""
    return ", ".join(f"('{m}', {_sql(MEASURE_SQL[m])})" for m in MEASURES)


def values_select(source: str) -> str:
    """SELECT of stats_values rows (month, measure, value, n) summed over `source`."""
    picks = _picks()
    return (f"SELECT coalesce(to_char({ROW}.procedure_date, 'YYYY-MM'), '{UNDATED}'), "
            f"m.measure, m.value, sum({ROW}.sign) FROM {source} "
            f"CROSS JOIN LATERAL (VALUES {picks}) AS m (measure, value) "
            f"WHERE m.value IS NOT NULL AND {_sql(counted())} GROUP BY 1, 2, 3")


def _add_days(source: str) -> str:
    sums = ", ".join(f"{c} = stats_days.{c} + excluded.{c}" for c in COUNT_COLUMNS)
    return (f"INSERT INTO stats_days (day, failed, stent, {', '.join(COUNT_COLUMNS)}) "
            f"{days_select(source)} ORDER BY 1, 2, 3 "
            f"ON CONFLICT (day, failed, stent) DO UPDATE SET {sums}")


def _add_values(source: str) -> str:
    return (f"INSERT INTO stats_values (month, measure, value, n) {values_select(source)} "
            f"ORDER BY 2, 3, 1 ON CONFLICT (measure, value, month) "
            f"DO UPDATE SET n = stats_values.n + excluded.n")


def _changed(side: str, sign: str) -> str:
    """One side of an UPDATE statement's rows whose summarised columns changed."""
    before = ", ".join(f"o.{c}" for c in WATCHED)
    after = ", ".join(f"n.{c}" for c in WATCHED)
    return (f"SELECT {side}.*, {sign} AS sign FROM old_cases AS o JOIN new_cases AS n "
            f"ON n.id = o.id WHERE ROW({before}) IS DISTINCT FROM ROW({after})")


SOURCES = {
    "stats_case_added": ("NEW TABLE AS new_cases", "INSERT",
                         f"(SELECT *, 1 AS sign FROM new_cases) AS {ROW}"),
    "stats_case_removed": ("OLD TABLE AS old_cases", "DELETE",
                           f"(SELECT *, -1 AS sign FROM old_cases) AS {ROW}"),
    "stats_case_changed": ("OLD TABLE AS old_cases NEW TABLE AS new_cases", "UPDATE",
                           f"({_changed('o', '-1')} UNION ALL {_changed('n', '1')}) AS {ROW}"),
}
"""Per trigger (named as on SQLite): its transition tables, its event and the signed rows."""
assert tuple(SOURCES) == TRIGGERS


def trigger_statements() -> list[str]:
    """CREATE FUNCTION and CREATE TRIGGER statements keeping the summary in step."""
    statements = []
    for name, (tables, event, source) in SOURCES.items():
        statements.append(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN "
            f"{_add_days(source)}; {_add_values(source)}; RETURN NULL; END $body$")
        statements.append(f"CREATE TRIGGER {name} AFTER {event} ON cases REFERENCING {tables} "
                          f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()")
    return statements


ALL_CASES = f"(SELECT *, 1 AS sign FROM cases) AS {ROW}"


def all_days() -> str:
    """SELECT of every stats_days row, counted from the cases."""
    return days_select(ALL_CASES)


def all_values() -> str:
    """SELECT of every stats_values row, counted from the cases."""
    return values_select(ALL_CASES)


def install(connection) -> None:
    """Create the code's triggers and fill the summary from the cases."""
    install_sql(connection, trigger_statements(), all_days(), all_values())


def install_sql(connection, statements, days: str, values: str) -> None:
    """Create these functions and triggers, fill the summary with these SELECTs and record
    the statements' hash (migrations pass their frozen SQL; see storage.summary_sql)."""
    drop(connection)
    for statement in statements:
        connection.execute(text(statement))
    refill(connection, days, values)
    connection.execute(text("DELETE FROM registry_meta WHERE key = :key"),
                       {"key": TRIGGER_HASH_KEY})
    connection.execute(text("INSERT INTO registry_meta (key, value) VALUES (:key, :value)"),
                       {"key": TRIGGER_HASH_KEY, "value": sql_hash(statements)})


def drop(connection) -> None:
    """Remove the summary triggers and their functions (the tables stay)."""
    for name in TRIGGERS:
        connection.execute(text(f"DROP TRIGGER IF EXISTS {name} ON cases"))
        connection.execute(text(f"DROP FUNCTION IF EXISTS {name}()"))


def refill(connection, days: str = "", values: str = "") -> None:
    """Empty both summary tables and count them again from the cases."""
    connection.execute(text("DELETE FROM stats_days"))
    connection.execute(text("DELETE FROM stats_values"))
    connection.execute(text(f"INSERT INTO stats_days (day, failed, stent, "
                            f"{', '.join(COUNT_COLUMNS)}) {days or all_days()}"))
    connection.execute(text(f"INSERT INTO stats_values (month, measure, value, n) "
                            f"{values or all_values()}"))


def mismatches(connection) -> int:
    """Summary rows that differ from a count from scratch (read only; 0 = in step)."""
    days = f"SELECT day, failed, stent, {', '.join(COUNT_COLUMNS)} FROM stats_days WHERE n != 0"
    values = "SELECT month, measure, value, n FROM stats_values WHERE n != 0"
    found = 0
    for kept, fresh in ((days, all_days()), (values, all_values())):
        for first, second in ((kept, fresh), (fresh, kept)):
            found += connection.execute(
                text(f"SELECT count(*) FROM ({first} EXCEPT {second}) AS differing")).scalar()
    return found


def installed(session) -> int:
    """How many of the summary triggers the cases table has."""
    return session.execute(text(
        "SELECT count(*) FROM pg_trigger WHERE tgrelid = CAST('cases' AS regclass) "
        "AND tgname LIKE 'stats_case_%' AND NOT tgisinternal")).scalar()


@cache
def code_hash() -> str:
    """The hash of the trigger SQL this code generates: the newest frozen SQL's, which
    tests/storage/test_summary_triggers proves equal (generating it costs about 0.2 s, paid
    by every process's first statistics otherwise)."""
    from .summary_sql import v0010_postgresql
    return sql_hash(v0010_postgresql.STATEMENTS)
