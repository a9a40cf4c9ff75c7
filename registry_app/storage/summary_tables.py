"""The statistics summary's two tables and the SQL of what they count, shared by the SQLite
triggers (storage.stats_summary) and the PostgreSQL ones (storage.summary_postgres)."""
from __future__ import annotations

import hashlib

from sqlalchemy import (Column, Integer, PrimaryKeyConstraint, String, Table, and_, case,
                        cast, func, literal_column)

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


WATCHED = ("territory", "deleted_at", "procedure_date", "mt_failed", "rescue_stent", "mrs_90d",
           "recanalized", "good_outcome_90d", "sich", "mortality_90d", "reocclusion",
           "first_pass_effect", "modified_first_pass_effect", "followup_settled",
           *INTERVAL_CODES, "pass_count", "sich_definition")
"""Case columns the summary depends on: an update touching none of them skips the triggers."""

TRIGGERS = ("stats_case_added", "stats_case_removed", "stats_case_changed")


TRIGGER_HASH_KEY = "stats_triggers_sha256"
"""registry_meta key: the SHA-256 of the trigger SQL this registry was given."""


def sql_hash(statements) -> str:
    """SHA-256 of trigger statements (whitespace as generated)."""
    return hashlib.sha256("\n".join(statements).encode("utf-8")).hexdigest()
