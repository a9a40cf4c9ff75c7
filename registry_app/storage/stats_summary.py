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

import hashlib
from functools import cache

from sqlalchemy import (Column, Integer, PrimaryKeyConstraint, String, Table, and_, case,
                        cast, func, literal_column, text)
from sqlalchemy.dialects import sqlite
from sqlalchemy.sql.util import ClauseAdapter

from .schema import INTERVAL_CODES, SETTLED, Base, cases_table

C = cases_table.c
def as_number(expression):
    """A yes/no value or comparison as 0/1 (NULL stays NULL)."""
    return cast(expression, Integer)


PENDING = len(SETTLED)
"""Follow-up digit of a case whose status depends on today's date (stored as NULL)."""
def _mrs_at_most(limit: int):
    """mRS 0..limit at 90 days, a death within the period counting as mRS 6 (domain.derived)."""
    return case((C.mortality_90d.is_(True), literal_column("0", Integer)),
                else_=as_number(C.mrs_90d <= limit))


METRIC_VALUES = {
    "recanalization": C.recanalized, "good_outcome_90d": C.good_outcome_90d,
    "excellent_outcome_90d": _mrs_at_most(1), "favourable_outcome_90d": _mrs_at_most(3),
    "sich": C.sich, "mortality_90d": C.mortality_90d, "reocclusion": C.reocclusion,
    "first_pass_effect": C.first_pass_effect,
    "modified_first_pass_effect": C.modified_first_pass_effect,
}
"""SQL of each counted metric over the stored columns (stats_metrics.METRIC_VALUES' meaning)."""
METRICS = tuple(METRIC_VALUES)
DIGITS = 3
"""A metric's digit: 0 no event, 1 event, 2 outcome not known."""
SICH_DEFINITION_CODES = ("heidelberg", "ecass2", "ecass3", "sits_most", "ninds", "cstk05")
"""sICH definitions by their number in the summary: the order is stored, so only append."""
NO_SICH_DEFINITION = -1
"""Summary value of a case with a known sICH but no definition recorded."""


def sich_definition_number():
    """Per case with a known sICH value: the number of its sICH definition (else NULL)."""
    number = case({code: literal_column(str(i), Integer)
                   for i, code in enumerate(SICH_DEFINITION_CODES)},
                  value=C.sich_definition,
                  else_=literal_column(str(NO_SICH_DEFINITION), Integer))
    return case((C.sich.is_(None), None), else_=number)


MEASURE_SQL = {**{code: C[code] for code in (*INTERVAL_CODES, "pass_count")},
               "sich_definition": sich_definition_number()}
"""Values whose every occurrence counts: the intervals and pass count (medians, distribution)
and the sICH definition of cases with a known sICH (the mix of definitions in a selection)."""
MEASURES = tuple(MEASURE_SQL)
UNDATED = ""
"""The day (and month) of cases without a procedure date."""
NOT_RECORDED = 2
"""stats_days.failed / .stent of a case whose value is not recorded."""


def digit_column(metric: str, digit: int) -> str:
    return f"{metric}_{digit}"


def followup_column(recanalization: int, followup: int) -> str:
    return f"followup_{recanalization}_{followup}"


DIGIT_COLUMNS = [digit_column(m, d) for m in METRICS for d in range(DIGITS)]
FOLLOWUP_COLUMNS = [followup_column(r, f) for r in range(DIGITS) for f in range(PENDING + 1)]
COUNT_COLUMNS = ["n", *DIGIT_COLUMNS, *FOLLOWUP_COLUMNS]

stats_days = Table(
    "stats_days", Base.metadata,
    Column("day", String(10), nullable=False),
    Column("failed", Integer, nullable=False),
    Column("stent", Integer, nullable=False),
    *(Column(name, Integer, nullable=False, default=0) for name in COUNT_COLUMNS),
    PrimaryKeyConstraint("day", "failed", "stent"),
    sqlite_with_rowid=False,
)
stats_values = Table(
    "stats_values", Base.metadata,
    Column("month", String(7), nullable=False),
    Column("measure", String(32), nullable=False),
    Column("value", Integer, nullable=False),
    Column("n", Integer, nullable=False),
    PrimaryKeyConstraint("measure", "value", "month"),
    sqlite_with_rowid=False,
)


def metric_digit(metric: str):
    return func.coalesce(as_number(METRIC_VALUES[metric]), literal_column("2", Integer))


def followup_digit():
    return case({status: literal_column(str(i), Integer) for i, status in enumerate(SETTLED)},
                value=C.followup_settled, else_=literal_column(str(PENDING), Integer))


def counted():
    """The cases the summary covers: cerebral and not deleted."""
    return and_(C.territory == "cerebral", C.deleted_at.is_(None))


# The triggers ################################################################

WATCHED = ("territory", "deleted_at", "procedure_date", "mt_failed", "rescue_stent", "mrs_90d",
           "recanalized", "good_outcome_90d", "sich", "mortality_90d", "reocclusion",
           "first_pass_effect", "modified_first_pass_effect", "followup_settled",
           *INTERVAL_CODES, "pass_count", "sich_definition")
"""Case columns the summary depends on: an update touching none of them skips the triggers."""


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
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in WATCHED)
    body = {"new": f"{_add_day('new', '1')}; {_add_values('new', '1')};",
            "old": f"{_add_day('old', '-1')}; {_add_values('old', '-1')};"}
    return [
        f"CREATE TRIGGER stats_case_added AFTER INSERT ON cases BEGIN {body['new']} END",
        f"CREATE TRIGGER stats_case_removed AFTER DELETE ON cases BEGIN {body['old']} END",
        f"CREATE TRIGGER stats_case_changed AFTER UPDATE ON cases WHEN {changed} "
        f"BEGIN {body['old']} {body['new']} END",
    ]


TRIGGERS = ("stats_case_added", "stats_case_removed", "stats_case_changed")


TRIGGER_HASH_KEY = "stats_triggers_sha256"
"""registry_meta key: the SHA-256 of the trigger SQL this registry was given."""


def sql_hash(statements) -> str:
    """SHA-256 of trigger statements (whitespace as generated)."""
    return hashlib.sha256("\n".join(statements).encode("utf-8")).hexdigest()


def _postgres(connection) -> bool:
    return connection.dialect.name == "postgresql"


def install(connection) -> None:
    """Create the code's triggers and fill the summary from the cases."""
    if _postgres(connection):
        from . import summary_postgres
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
        from . import summary_postgres
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


def _all_days() -> str:
    """SELECT of every stats_days row, counted from the cases."""
    sums = ", ".join(f"sum({expr})" for expr in _day_counts("cases", "1"))
    return (f"SELECT coalesce(procedure_date, '{UNDATED}'), coalesce(mt_failed, {NOT_RECORDED}), "
            f"coalesce(rescue_stent, {NOT_RECORDED}), {sums} FROM cases "
            f"WHERE {_sql(counted(), 'cases')} GROUP BY 1, 2, 3")


def _all_values() -> str:
    """SELECT of every stats_values row, counted from the cases."""
    picks = " UNION ALL ".join(
        f"SELECT substr(coalesce(procedure_date, '{UNDATED}'), 1, 7) AS month, '{m}' AS measure,"
        f" {_sql(MEASURE_SQL[m], 'cases')} AS value FROM cases"
        f" WHERE {_sql(MEASURE_SQL[m], 'cases')} IS NOT NULL AND {_sql(counted(), 'cases')}"
        for m in MEASURES)
    return f"SELECT month, measure, value, count(*) FROM ({picks}) GROUP BY 1, 2, 3"


def mismatches(connection) -> int:
    """Summary rows that differ from a count from scratch (read only; 0 = in step)."""
    if _postgres(connection):
        from . import summary_postgres
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
        from . import summary_postgres
        found, expected = summary_postgres.installed(session), summary_postgres.code_hash()
    elif dialect == "sqlite":
        found = session.execute(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                                     " AND name LIKE 'stats_case_%'")).scalar()
        expected = code_hash()
    else:
        return "server"
    if found != len(TRIGGERS):
        return "missing"
    stored = session.execute(text("SELECT value FROM registry_meta WHERE key = :key"),
                             {"key": TRIGGER_HASH_KEY}).scalar()
    return "kept" if stored == expected else "different"


@cache
def code_hash() -> str:
    """The hash of the trigger SQL this code generates: the newest frozen SQL's, which
    tests/storage/test_summary_triggers proves equal (generating it costs about 0.5 s, paid
    by every process's first statistics otherwise)."""
    from .summary_sql import v0005
    return sql_hash(v0005.TRIGGERS)
