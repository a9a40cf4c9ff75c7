"""Reading and writing cases inside a session, with optimistic versioning and the audit trail."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain.case import Case
from ..domain.errors import DuplicateCase, NotFound, StaleRecord
from ..domain.settings import RegistrySettings
from . import audit
from .mapping import case_columns, contact_rows, identity_row, pass_rows, row_to_case
from .schema import CaseMergeRow, CaseRow

_LOAD = (selectinload(CaseRow.passes), selectinload(CaseRow.contacts),
         selectinload(CaseRow.identity))


def load_row(session: Session, case_id: int | None, include_deleted: bool = False) -> CaseRow:
    """The stored row of a case; NotFound for a deleted case or one never saved (no id)."""
    row = None if case_id is None else session.get(CaseRow, case_id, options=_LOAD)
    if row is None or (row.deleted_at is not None and not include_deleted):
        raise NotFound(f"Case {case_id} was not found; it may have been deleted.")
    return row


def get_case(session: Session, case_id: int, with_identity: bool = True) -> Case:
    return row_to_case(load_row(session, case_id), with_identity)


def id_by_number(session: Session, case_number: str) -> int | None:
    """The id of the case with this number, deleted cases included."""
    return session.scalar(select(CaseRow.id).where(CaseRow.case_number == case_number))


def _check_unique(session: Session, case: Case) -> None:
    other = id_by_number(session, case.values["case_number"])
    if other is not None and other != case.id:
        row = session.get(CaseRow, other)
        where = " (a deleted case: restore it instead)" if row is not None and row.deleted_at else ""
        raise DuplicateCase(f"Case number: '{case.values['case_number']}' is already used by"
                            f" another case{where}.")


def _fill(row: CaseRow, case: Case, settings: RegistrySettings) -> None:
    for key, value in case_columns(case, settings).items():
        setattr(row, key, value)
    _sync_children(row.passes, pass_rows(case))
    _sync_children(row.contacts, contact_rows(case))
    _sync_identity(row, identity_row(case))


def _copy_columns(target, source) -> None:
    for column in source.__table__.columns:
        if not column.primary_key and column.name != "case_id":
            setattr(target, column.name, getattr(source, column.name))


def _sync_children(current: list, wanted: list) -> None:
    """Update child rows in place (unique pass numbers forbid delete-then-insert ordering)."""
    for existing, new in zip(current, wanted):
        _copy_columns(existing, new)
    del current[len(wanted):]
    current.extend(wanted[len(current):])


def _sync_identity(row: CaseRow, wanted) -> None:
    if wanted is None or row.identity is None:
        row.identity = wanted
    else:
        _copy_columns(row.identity, wanted)


def add_case(session: Session, case: Case, settings: RegistrySettings, user: str,
             action: str = "create", reason: str | None = None) -> int:
    """Insert a new case and audit it; returns its id."""
    _check_unique(session, case)
    now = datetime.now()
    row = CaseRow(created_at=now, created_by=user, updated_at=now, updated_by=user)
    _fill(row, case, settings)
    session.add(row)
    session.flush()
    audit.record(session, user=user, action=action, case_id=row.id,
                 case_number=row.case_number, changes=audit.field_changes(None, case),
                 reason=reason, at=now)
    return row.id


def update_case(session: Session, case: Case, settings: RegistrySettings, user: str,
                reason: str | None = None, action: str = "update") -> list[audit.Change]:
    """Save an edited case opened at `case.version`; StaleRecord when it changed meanwhile."""
    row = load_row(session, case.id)
    if row.version != case.version:
        raise StaleRecord(f"Case {row.case_number} was changed by {row.updated_by} at"
                          f" {row.updated_at:%Y-%m-%d %H:%M} since you opened it. Reload it"
                          " and enter your changes again; nothing was overwritten.")
    _check_unique(session, case)
    changes = audit.field_changes(row_to_case(row), case)
    if not changes:
        return []
    _fill(row, case, settings)
    row.updated_at, row.updated_by = datetime.now(), user
    session.flush()
    audit.record(session, user=user, action=action, case_id=row.id,
                 case_number=row.case_number, changes=changes, reason=reason)
    return changes


def update_case_preview(session: Session, case: Case) -> list[audit.Change]:
    """The changes saving this case would record, without saving it."""
    return audit.field_changes(row_to_case(load_row(session, case.id)), case)


def delete_case(session: Session, case_id: int, user: str, reason: str) -> None:
    """Mark a case deleted (recoverable) with its reason."""
    row = load_row(session, case_id)
    row.deleted_at, row.deleted_reason = datetime.now(), reason
    row.updated_at, row.updated_by = row.deleted_at, user
    audit.record(session, user=user, action="delete", case_id=row.id,
                 case_number=row.case_number, reason=reason)


def restore_case(session: Session, case_id: int, user: str, reason: str | None = None) -> None:
    """Bring a deleted case back."""
    row = load_row(session, case_id, include_deleted=True)
    row.deleted_at, row.deleted_reason = None, None
    row.updated_at, row.updated_by = datetime.now(), user
    audit.record(session, user=user, action="restore", case_id=row.id,
                 case_number=row.case_number, reason=reason)


def deleted_cases(session: Session) -> list[dict]:
    """Deleted cases (not those merged into another: the merge is undone, not the deletion)."""
    merged_away = select(CaseMergeRow.merged_case_id).where(CaseMergeRow.undone_at.is_(None))
    rows = session.execute(select(CaseRow.id, CaseRow.case_number, CaseRow.deleted_at,
                                  CaseRow.deleted_reason).where(CaseRow.deleted_at.is_not(None),
                                                                CaseRow.id.not_in(merged_away)))
    return [dict(r._mapping) for r in rows]
