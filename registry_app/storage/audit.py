"""The audit trail: one row per changed field, written in the same transaction as the change."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Mapping

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from ..domain.case import Case
from ..domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
from ..domain.values import format_value, formatter
from .schema import AuditRow

Change = tuple[str, str | None, str | None]
RECORDED_FIELDS = CASE_FIELDS + IDENTITY_FIELDS


def _text(fd, value) -> str | None:
    return None if value is None else format_value(fd, value)


def field_changes(old: Case | None, new: Case) -> list[Change]:
    """(field, old text, new text) for every clinical, identity and pass value that differs."""
    if old is None:
        return initial_values(new)
    changes: list[Change] = []
    for fd in RECORDED_FIELDS:
        before, after = _text(fd, old.get(fd.code)), _text(fd, new.get(fd.code))
        if before != after:
            changes.append((fd.code, before, after))
    return (changes + pass_changes(old.passes, new.passes)
            + contact_changes(old.contacts, new.contacts))


def initial_values(new: Case) -> list[Change]:
    """field_changes of a case that did not exist: (field, None, text) of every recorded value."""
    return [(name, None, text) for name, text in initial_texts(new).items()]


def initial_texts(new: Case) -> dict[str, str]:
    """The text of every recorded value of a new case by field name ('pass 2 technique' for a
    pass's), in the order of field_changes."""
    values, identity = new.values, new.identity
    texts = {code: text(value) for code, text in _CASE_CODES
             if (value := values.get(code)) is not None}
    texts.update({code: text(value) for code, text in _IDENTITY_CODES
                  if (value := values[code] if code in values else identity.get(code)) is not None})
    for name, fields, rows in (("pass", _PASS_CODES, new.passes),
                               ("contact", _CONTACT_CODES, new.contacts)):
        for index, row in enumerate(rows, start=1):
            prefix = f"{name} {index} "
            texts.update({prefix + code: text(value) for code, text in fields
                          if (value := row.get(code)) is not None})
    return texts


_CASE_CODES = tuple((fd.code, formatter(fd)) for fd in CASE_FIELDS)
_IDENTITY_CODES = tuple((fd.code, formatter(fd)) for fd in IDENTITY_FIELDS)
_PASS_CODES = tuple((fd.code, formatter(fd)) for fd in PASS_FIELDS[1:])
_CONTACT_CODES = tuple((fd.code, formatter(fd)) for fd in CONTACT_FIELDS)
"""(code, formatter) of each recorded field: format_value without a test of the kind per value."""


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


VALUES_FIELD = "(every value)"
"""Field of the one audit row an import writes for a case it created, instead of one row per
value: its new_value holds every initial value as a JSON object (field name → text, in the
order of field_changes). `expanded` turns it back into one change per value."""


def values_row(changes: list[Change]) -> Change:
    """The one audit row holding the initial values of a created case (all old values empty)."""
    return (VALUES_FIELD, None, _json({name: new for name, _, new in changes}))


def initial_row(new: Case) -> list[Change]:
    """values_row(initial_values(new)), or no row when the case has no value."""
    texts = initial_texts(new)
    return [(VALUES_FIELD, None, _json(texts))] if texts else []


def _json(texts: Mapping[str, str | None]) -> str:
    return json.dumps(texts, ensure_ascii=False, separators=(",", ":"))


def expanded(field: str | None, old: str | None, new: str | None
             ) -> list[tuple[str | None, str | None, str | None]]:
    """An audit row as the changes it records: a values row gives one (field, None, text)
    per value, any other row itself."""
    if field != VALUES_FIELD or not new:
        return [(field, old, new)]
    return [(name, None, text) for name, text in json.loads(new).items()]


AUDIT_TABLE: Table = AuditRow.__table__  # type: ignore[assignment]  # a declarative class's table
"""The audit_log table, for writing rows without building ORM objects."""


def record(session: Session, *, user: str, action: str, case_id: int | None,
           case_number: str | None, changes: list[Change] | None = None,
           reason: str | None = None, at: datetime | None = None) -> None:
    """Write audit rows for a change (one row without field for whole-case actions) in the
    session's transaction, all in one statement: as ORM objects, the thirty-odd rows of a new
    case cost more than saving the case itself."""
    when = at or datetime.now()
    session.execute(insert(AUDIT_TABLE), [
        {"at": when, "user": user, "action": action, "case_id": case_id,
         "case_number": case_number, "field": field, "old_value": old, "new_value": new,
         "reason": reason} for field, old, new in rows_of(changes)])


def history(session: Session, case_id: int) -> list[dict]:
    """A case's recorded changes, oldest first, one per field (a values row expanded: its
    entries share the row's id)."""
    rows = session.scalars(select(AuditRow).where(AuditRow.case_id == case_id)
                           .order_by(AuditRow.at, AuditRow.id))
    return [{"id": r.id, "at": r.at, "user": r.user, "action": r.action, "field": field,
             "old_value": old, "new_value": new, "reason": r.reason}
            for r in rows for field, old, new in expanded(r.field, r.old_value, r.new_value)]


SETTINGS_ACTION = "settings"
"""The action of audit rows that record a changed registry setting (no case)."""


def settings_history(session: Session) -> list[dict]:
    """The recorded changes of the registry's settings, oldest first."""
    rows = session.scalars(select(AuditRow).where(AuditRow.action == SETTINGS_ACTION)
                           .order_by(AuditRow.at, AuditRow.id))
    return [{"at": r.at, "user": r.user, "field": r.field, "old_value": r.old_value,
             "new_value": r.new_value} for r in rows]
