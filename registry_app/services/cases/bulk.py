"""Fast bulk insertion of many cases (demo data, benchmarks) with Core statements."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select

from ...domain.case import Case
from ...domain.fields import CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
from ...storage import audit
from ...storage.mapping import case_columns
from ...storage.schema import AuditRow, CaseIdentityRow, ContactRow, PassRow, cases_table
from .editing import prepare
from ..registry import Registry


def next_demo_number(registry: Registry) -> int:
    """The next free DEMO-nnnnnn number."""
    with registry.reading() as session:
        last = session.scalar(select(func.max(cases_table.c.case_number))
                              .where(cases_table.c.case_number.like("DEMO-%")))
    return int(last.split("-")[1]) + 1 if last else 1


def bulk_add_cases(registry: Registry, cases: list[Case], action: str = "create", *,
                   field_audit: bool = False, session=None) -> None:
    """Insert valid, new cases with Core statements (one transaction unless a session is given).

    With field_audit, every initial value gets its own audit row (as a single create does);
    otherwise one audit row per case records the action (used for demo data).
    """
    if session is None:
        with registry.transaction() as own:
            return bulk_add_cases(registry, cases, action, field_audit=field_audit, session=own)
    settings, user, now = registry.settings(), registry.user, datetime.now()
    ready = [prepare(case) for case in cases]
    rows = [{**case_columns(c, settings), "version": 1, "created_at": now, "created_by": user,
             "updated_at": now, "updated_by": user} for c in ready]
    session.execute(insert(cases_table), rows)
    numbers = [c.values["case_number"] for c in ready]
    ids = dict(session.execute(select(cases_table.c.case_number, cases_table.c.id)
                               .where(cases_table.c.case_number.in_(numbers))).all())
    _children(session, ready, ids)
    session.execute(insert(AuditRow), _audit_rows(ready, ids, action, user, now, field_audit))


def _audit_rows(cases: list[Case], ids, action, user, now, field_audit) -> list[dict]:
    rows = []
    for case in cases:
        number = case.values["case_number"]
        base = {"at": now, "user": user, "action": action, "case_id": ids[number],
                "case_number": number}
        changes = audit.field_changes(None, case) if field_audit else [(None, None, None)]
        rows += [{**base, "field": f, "old_value": o, "new_value": n} for f, o, n in changes]
    return rows


def _children(session, cases: list[Case], ids: dict[str, int]) -> None:
    passes, contacts, identities = [], [], []
    for case in cases:
        case_id = ids[case.values["case_number"]]
        passes += [{"case_id": case_id, **{f.code: p.get(f.code) for f in PASS_FIELDS}}
                   for p in case.passes]
        contacts += [{"case_id": case_id, **{f.code: c.get(f.code) for f in CONTACT_FIELDS}}
                     for c in case.contacts]
        if any(case.identity.values()):
            identities.append({"case_id": case_id,
                               **{f.code: case.identity.get(f.code) for f in IDENTITY_FIELDS}})
    for model, rows in ((PassRow, passes), (ContactRow, contacts), (CaseIdentityRow, identities)):
        if rows:
            session.execute(insert(model), rows)
