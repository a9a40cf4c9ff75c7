"""One SQL pass over the stored derived columns: per-day tallies and the values for medians."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Sequence
from functools import reduce
from operator import add

import numpy as np
from sqlalchemy import (ColumnElement, Integer, String, and_, case, cast, func, literal_column,
                        select, true)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from ...storage.mapping import SETTLED
from ...storage.summary_tables import MEASURE_SQL, MEASURES, METRIC_VALUES, METRICS, PENDING
from ...storage.schema import cases_table
from ..cases.queries import CaseFilter, _conditions

C = cases_table.c

VALUE_OF = METRIC_VALUES
"""SQL of each metric of stats_metrics.METRIC_VALUES (same definitions, stored values)."""
CODED = METRICS
"""The metrics packed into each case's code, one base-3 digit each (see case_code)."""
FALSE, TRUE, UNKNOWN = 0, 1, 2
"""The digit of a metric: no event, event, outcome not known."""
HISTOGRAMS = MEASURES
"""Columns whose every value is read, for medians and the pass-count distribution."""
STENT = C.rescue_stent.is_(True)


class as_int(FunctionElement):
    """A yes/no value or comparison as 0/1 (NULL stays NULL); SQLite stores them so already."""

    type = Integer()
    inherit_cache = True


@compiles(as_int)
def _as_int(element, compiler, **kw):
    return compiler.process(cast(element.clauses.clauses[0], Integer), **kw)


@compiles(as_int, "sqlite")
def _as_int_sqlite(element, compiler, **kw):
    return f"({compiler.process(element.clauses.clauses[0], **kw)})"


class number_list(FunctionElement):
    """Aggregate: the group's non-missing integers as text 'v1,v2,...' (any order)."""

    type = String()
    inherit_cache = True


@compiles(number_list)
def _number_list(element, compiler, **kw):
    value = compiler.process(cast(element.clauses.clauses[0], String), **kw)
    return f"string_agg({value}, ',')"


@compiles(number_list, "sqlite")
def _number_list_sqlite(element, compiler, **kw):
    return f"group_concat({compiler.process(element.clauses.clauses[0], **kw)})"


def _number(value: int):
    return literal_column(str(int(value)), Integer)


def case_code():
    """Per case: sum of digit(metric) * 3**i over CODED, plus the follow-up digit * 3**len."""
    digits = [func.coalesce(as_int(VALUE_OF[m]), _number(UNKNOWN)) * _number(3 ** i)
              for i, m in enumerate(CODED)]
    settled = case({status: _number(i) for i, status in enumerate(SETTLED)},
                   value=C.followup_settled, else_=_number(PENDING))
    return reduce(add, digits) + settled * _number(3 ** len(CODED))


def day_statement(where: list, by: Sequence = ()):
    """Cases per procedure date and stored MT-failure / stent value, with codes and values;
    `by`: columns grouped by too (each row then starts with their values). The groups are
    listed day first, as ix_cases_stats orders them (the operator follows the day's arm):
    the database reads them in order instead of sorting the cases."""
    days = (C.procedure_date, C.mt_failed, C.rescue_stent)
    lists = [number_list(MEASURE_SQL[name]) for name in HISTOGRAMS]
    return (select(*by, *days, func.count(), number_list(case_code()), *lists)
            .where(*where).group_by(*days, *by))


def arm_of(failed, stent) -> str | None:
    """As stats_metrics.arm_of: failed MT splits by the stent decision (blank: not recorded)."""
    if failed is not True and failed != 1:
        return None
    if stent is None:
        return "stent_not_recorded"
    return "rescue_stent" if stent else "no_stent"


@dataclass
class ValueCounts:
    """The distinct values of one measure among the selected cases and how often each occurs
    (counts above 0; any order): medians and distributions without one entry per case."""

    values: np.ndarray
    counts: np.ndarray

    @classmethod
    def of(cls, every: np.ndarray) -> ValueCounts:
        """From one array entry per case."""
        values, counts = np.unique(every, return_counts=True)
        return cls(values, counts)

    @classmethod
    def of_pairs(cls, pairs: list[tuple[int, int]]) -> ValueCounts:
        counts = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        return cls(counts[:, 0].copy(), counts[:, 1].copy())


@dataclass
class DayGroups:
    """The selected cases grouped by procedure date and arm, oldest first (undated last).

    A group may hold a whole month (the summary's mature months): its day is then the
    month's first procedure date among its cases, and `last_days` its last one."""

    days: list[date | None]
    failed: list[bool | None]
    arms: list[str | None]
    n: np.ndarray
    digits: dict[str, np.ndarray]
    """metric -> (groups, 3) counts of the digits FALSE, TRUE, UNKNOWN."""
    followup: np.ndarray
    """(groups, 3 recanalization digits, PENDING + 1 follow-up digits) case counts."""
    values: dict[str, ValueCounts]
    """column of HISTOGRAMS -> the non-missing values among the selected cases."""
    last_days: list[date | None] | None = None
    """Each group's last procedure date when groups may span several days (else `days`)."""


def _numbers(texts: list) -> np.ndarray:
    """The integers of the groups' number lists (None = no value in that group), as one array."""
    joined = ",".join(filter(None, texts))
    if not joined:
        return np.zeros(0, dtype=np.int64)
    numbers = np.fromstring(joined, dtype=np.int64, sep=",")
    if len(numbers) != joined.count(",") + 1:
        raise RuntimeError(f"statistics: unreadable number list from the database: {joined[:80]}")
    return numbers


def _counts(index: np.ndarray, size: int, shape: tuple) -> np.ndarray:
    return np.bincount(index, minlength=size).reshape(shape)


def decode(codes: np.ndarray, n: np.ndarray) -> tuple[dict, np.ndarray]:
    """Per-group digit counts of each metric, and the recanalization x follow-up counts."""
    groups = len(n)
    base = np.repeat(np.arange(groups, dtype=np.int32) * 3, n)
    digits, of_case, rest = {}, {}, codes.astype(np.int32)
    for metric in CODED:
        rest, of_case[metric] = np.divmod(rest, 3)
        digits[metric] = _counts(base + of_case[metric], groups * 3, (groups, 3))
    joint = (base + of_case["recanalization"]) * (PENDING + 1) + rest  # rest: follow-up digit
    return digits, _counts(joint, groups * 3 * (PENDING + 1), (groups, 3, PENDING + 1))


def day_groups(session, where: list) -> DayGroups:
    """The one pass over the selected cases (see day_statement), decoded."""
    return _decoded(session.execute(day_statement(where)).all())


def day_groups_by(session, where: list, column) -> dict[Any, DayGroups]:
    """day_groups of the selected cases of each value of `column` (a case column), from one
    pass grouped by it first: {value: its cases' day groups} for the values that have cases."""
    split: dict[Any, list] = {}
    for row in session.execute(day_statement(where, (column,))).all():
        split.setdefault(row[0], []).append(row[1:])
    return {value: _decoded(rows) for value, rows in split.items()}


def _decoded(rows: Sequence) -> DayGroups:
    """DayGroups of day_statement's rows (any order)."""
    rows = sorted(rows, key=lambda r: (r[0] is None, r[0] or date.min))
    n = np.array([r[3] for r in rows], dtype=np.int64)
    codes = _numbers([r[4] for r in rows])
    if len(codes) != n.sum():
        raise RuntimeError("statistics: a case without its code in the aggregate")
    digits, followup = decode(codes, n)
    values = {name: ValueCounts.of(_numbers([r[5 + i] for r in rows]))
              for i, name in enumerate(HISTOGRAMS)}
    return DayGroups([r[0] for r in rows], [r[1] for r in rows],
                     [arm_of(r[1], r[2]) for r in rows], n, digits, followup, values)


def ordered_outcomes(session, where: list, arm: str, metric: str,
                     last_day: date | None = None) -> list[tuple]:
    """(id, date, outcome) of one arm's dated cases in procedure order, for the CUSUM;
    only cases operated on or before `last_day` when given (the mature cohort)."""
    failed = C.mt_failed.is_(True)
    arm_cond = {"all_mt": true(), "failed_mt": failed, "rescue_stent": and_(failed, STENT),
                "no_stent": and_(failed, C.rescue_stent.is_(False)),
                "stent_not_recorded": and_(failed, C.rescue_stent.is_(None))}[arm]
    value = VALUE_OF[metric]
    dated: list[ColumnElement[bool]] = [C.procedure_date.is_not(None)]
    if last_day is not None:
        dated.append(C.procedure_date <= last_day)
    stmt = (select(C.id, C.procedure_date, value).where(*where, arm_cond, *dated)
            .order_by(C.procedure_date.asc(), C.id.asc()))
    return [(i, day, None if v is None else bool(v)) for i, day, v in session.execute(stmt)]


def where_clause(flt: CaseFilter, today: date, window_days: int) -> list:
    return _conditions(flt, today, window_days)
