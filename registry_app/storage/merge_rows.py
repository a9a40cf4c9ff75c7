"""A case's stored rows (case, identifiers, passes, contacts) as JSON, and written back exactly."""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from .schema import CaseIdentityRow, CaseMergeRow, ContactRow, PassRow, cases_table

CHILD_TABLES: dict[str, Table] = {"identity": CaseIdentityRow.__table__,
                                  "passes": PassRow.__table__, "contacts": ContactRow.__table__}


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _decode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    decoded = dict(row)
    for column in table.columns:
        value = row.get(column.name)
        if isinstance(value, str) and isinstance(column.type, DateTime):
            decoded[column.name] = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(column.type, Date):
            decoded[column.name] = date.fromisoformat(value)
    return decoded


def _rows(session: Session, table: Table, where) -> list[dict[str, Any]]:
    found = session.execute(select(table).where(where).order_by(*table.primary_key.columns))
    return [{k: _encode(v) for k, v in row.items()} for row in found.mappings()]


def snapshot(session: Session, case_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every stored row of one case, JSON-ready (dates as ISO text)."""
    session.flush()
    rows = {"case": _rows(session, cases_table, cases_table.c.id == case_id)}
    for name, table in CHILD_TABLES.items():
        rows[name] = _rows(session, table, table.c.case_id == case_id)
    return rows


def snapshot_json(session: Session, case_ids: list[int]) -> str:
    return json.dumps({str(case_id): snapshot(session, case_id) for case_id in case_ids})


def restore(session: Session, saved: str) -> None:
    """Write the cases of a `snapshot_json` back exactly: every column (their version too, so
    an editor opened since is told the case changed, and an earlier merge of the same case can
    be undone next) and exactly their identifier, pass and contact rows, ids included."""
    cases = json.loads(saved)
    session.flush()
    for case_id in cases:
        for table in CHILD_TABLES.values():
            session.execute(delete(table).where(table.c.case_id == int(case_id)))
    for case_id, rows in cases.items():
        _restore_case(session, int(case_id), rows)
    session.expire_all()


def _restore_case(session: Session, case_id: int, rows: dict[str, list[dict]]) -> None:
    values = _decode(cases_table, rows["case"][0])
    values.pop("id")
    session.execute(update(cases_table).where(cases_table.c.id == case_id).values(**values))
    for name, table in CHILD_TABLES.items():
        if rows[name]:
            session.execute(insert(table), [_decode(table, row) for row in rows[name]])


def merged_into(session: Session, case_id: int) -> CaseMergeRow | None:
    """The merge (not undone) that merged this case away, if any."""
    return session.scalar(select(CaseMergeRow).where(CaseMergeRow.merged_case_id == case_id,
                                                     CaseMergeRow.undone_at.is_(None)))
