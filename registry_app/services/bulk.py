"""Fast bulk insertion of many cases (demo data, benchmarks) with Core statements."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select

from ..domain.case import Case
from ..domain.fields import CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
from ..storage.mapping import case_columns
from ..storage.schema import AuditRow, CaseIdentityRow, ContactRow, PassRow, cases_table
from .cases import prepare
from .registry import Registry


def next_demo_number(registry: Registry) -> int:
    """The next free DEMO-nnnnnn number."""
    with registry.reading() as session:
        last = session.scalar(select(func.max(cases_table.c.case_number))
                              .where(cases_table.c.case_number.like("DEMO-%")))
    return int(last.split("-")[1]) + 1 if last else 1


def bulk_add_cases(registry: Registry, cases: list[Case], action: str = "create") -> None:
    """Insert valid, new cases in one transaction; one audit row per case."""
    settings, user, now = registry.settings(), registry.user, datetime.now()
    ready = [prepare(case) for case in cases]
    rows = [{**case_columns(c, settings), "version": 1, "created_at": now, "created_by": user,
             "updated_at": now, "updated_by": user} for c in ready]
    with registry.transaction() as session:
        session.execute(insert(cases_table), rows)
        numbers = [c.values["case_number"] for c in ready]
        ids = dict(session.execute(select(cases_table.c.case_number, cases_table.c.id)
                                   .where(cases_table.c.case_number.in_(numbers))).all())
        _children(session, ready, ids)
        session.execute(insert(AuditRow), [
            {"at": now, "user": user, "action": action, "case_id": ids[n], "case_number": n}
            for n in numbers])


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
