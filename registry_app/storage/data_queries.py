"""Open data queries inside a session: opened, resolved and counted, each change audited."""
from __future__ import annotations

from typing import Sequence

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.issues import Issue
from . import audit
from .schema import DataQueryRow, cases_table

C = cases_table.c

OPENED, RESOLVED = "query opened", "query resolved"
"""Audit actions of a query's life (the field is the rule's field, the reason the comment)."""
BY_EDIT = "resolved by edit"
"""The resolution note of a query an edit made pass."""


def open_rows(session: Session, case_id: int) -> list[DataQueryRow]:
    """The case's open queries, oldest first."""
    return list(session.scalars(select(DataQueryRow).where(
        DataQueryRow.case_id == case_id, DataQueryRow.resolved_at.is_(None))
        .order_by(DataQueryRow.id)))


def key(rule: str | None, fields: str) -> tuple[str | None, str]:
    return rule, fields


def uncovered(session: Session, case_id: int | None, broken: list[Issue]) -> list[Issue]:
    """The broken rules that no open query of the case holds yet."""
    held = {key(r.rule, r.fields) for r in open_rows(session, case_id)} if case_id else set()
    return [i for i in broken if key(i.rule, i.field) not in held]


def open_query(session: Session, *, case_id: int, case_number: str | None, issue: Issue,
               comment: str | None, user: str, at: datetime) -> DataQueryRow:
    """Record one broken rule as an open query, audited."""
    row = DataQueryRow(case_id=case_id, rule=issue.rule, fields=issue.field,
                       message=issue.message, comment=comment, opened_at=at, opened_by=user)
    session.add(row)
    audit.record(session, user=user, action=OPENED, case_id=case_id, case_number=case_number,
                 changes=[(issue.field, None, issue.message)], reason=comment, at=at)
    return row


def resolve(session: Session, row: DataQueryRow, *, note: str, user: str, at: datetime,
            case_number: str | None = None) -> None:
    """Close a query with a note, audited."""
    row.resolved_at, row.resolved_by, row.resolution = at, user, note
    number = case_number or session.scalar(select(C.case_number).where(C.id == row.case_id))
    audit.record(session, user=user, action=RESOLVED, case_id=row.case_id, case_number=number,
                 changes=[(row.fields, row.message, None)], reason=note, at=at)


def sync(session: Session, *, case_id: int, case_number: str | None, broken: list[Issue],
         comment: str | None, user: str, at: datetime) -> None:
    """After a save: resolve the open queries whose rule now passes ('resolved by edit') and
    open one for each broken rule not yet held."""
    still = {key(i.rule, i.field) for i in broken}
    for row in open_rows(session, case_id):
        if key(row.rule, row.fields) not in still:
            resolve(session, row, note=BY_EDIT, user=user, at=at, case_number=case_number)
    for issue in uncovered(session, case_id, broken):
        open_query(session, case_id=case_id, case_number=case_number, issue=issue,
                   comment=comment, user=user, at=at)


def open_counts(session: Session, case_ids: Sequence[int] | None = None) -> dict[int, int]:
    """Open queries per case id (of all cases, or of these); cases without any are left out."""
    query = (select(DataQueryRow.case_id, func.count()).where(DataQueryRow.resolved_at.is_(None))
             .group_by(DataQueryRow.case_id))
    if case_ids is not None:
        query = query.where(DataQueryRow.case_id.in_(list(case_ids)))
    return {case_id: count for case_id, count in session.execute(query)}


def listing(session: Session, include_resolved: bool = False, case_id: int | None = None
            ) -> list[tuple[DataQueryRow, str, str | None, bool]]:
    """(query, case number, registry id, case deleted) of every open query (or all; of every
    case or one), by case number."""
    query = (select(DataQueryRow, C.case_number, C.registry_id, C.deleted_at.is_not(None))
             .join(cases_table, C.id == DataQueryRow.case_id)
             .order_by(C.case_number, DataQueryRow.id))
    if not include_resolved:
        query = query.where(DataQueryRow.resolved_at.is_(None))
    if case_id is not None:
        query = query.where(DataQueryRow.case_id == case_id)
    return [tuple(r) for r in session.execute(query)]
