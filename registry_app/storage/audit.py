"""The audit trail: one row per changed field, written in the same transaction as the change."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.case import Case
from ..domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
from ..domain.values import format_value
from .schema import AuditRow

Change = tuple[str, str | None, str | None]


def _text(fd, value) -> str | None:
    return None if value is None else format_value(fd, value)


def field_changes(old: Case | None, new: Case) -> list[Change]:
    """(field, old text, new text) for every clinical, identity and pass value that differs."""
    changes: list[Change] = []
    for fd in CASE_FIELDS + IDENTITY_FIELDS:
        before = _text(fd, old.get(fd.code)) if old else None
        after = _text(fd, new.get(fd.code))
        if before != after:
            changes.append((fd.code, before, after))
    return (changes + pass_changes(old.passes if old else [], new.passes)
            + contact_changes(old.contacts if old else [], new.contacts))


def _row_changes(name: str, fields, old: list[dict], new: list[dict]) -> list[Change]:
    """Changes of repeated rows (passes, contact attempts), named like 'pass 2 technique'."""
    changes: list[Change] = []
    for index in range(max(len(old), len(new))):
        before = old[index] if index < len(old) else {}
        after = new[index] if index < len(new) else {}
        for fd in fields:
            b, a = _text(fd, before.get(fd.code)), _text(fd, after.get(fd.code))
            if b != a:
                changes.append((f"{name} {index + 1} {fd.code}", b, a))
    return changes


def pass_changes(old: list[dict], new: list[dict]) -> list[Change]:
    return _row_changes("pass", PASS_FIELDS[1:], old, new)


def contact_changes(old: list[dict], new: list[dict]) -> list[Change]:
    return _row_changes("contact", CONTACT_FIELDS, old, new)


def rows_of(changes: list[Change] | None) -> list[tuple[str | None, str | None, str | None]]:
    """The audit rows of a change: one per field, or one without field when there is none."""
    return [*changes] if changes else [(None, None, None)]


def record(session: Session, *, user: str, action: str, case_id: int | None,
           case_number: str | None, changes: list[Change] | None = None,
           reason: str | None = None, at: datetime | None = None) -> None:
    """Add audit rows for a change (one row without field for whole-case actions)."""
    when = at or datetime.now()
    for field, old, new in rows_of(changes):
        session.add(AuditRow(at=when, user=user, action=action, case_id=case_id,
                             case_number=case_number, field=field, old_value=old,
                             new_value=new, reason=reason))


def history(session: Session, case_id: int) -> list[dict]:
    """A case's recorded changes, oldest first."""
    rows = session.scalars(select(AuditRow).where(AuditRow.case_id == case_id)
                           .order_by(AuditRow.at, AuditRow.id))
    return [{"id": r.id, "at": r.at, "user": r.user, "action": r.action, "field": r.field,
             "old_value": r.old_value, "new_value": r.new_value, "reason": r.reason}
            for r in rows]


SETTINGS_ACTION = "settings"
"""The action of audit rows that record a changed registry setting (no case)."""


def settings_history(session: Session) -> list[dict]:
    """The recorded changes of the registry's settings, oldest first."""
    rows = session.scalars(select(AuditRow).where(AuditRow.action == SETTINGS_ACTION)
                           .order_by(AuditRow.at, AuditRow.id))
    return [{"at": r.at, "user": r.user, "field": r.field, "old_value": r.old_value,
             "new_value": r.new_value} for r in rows]
