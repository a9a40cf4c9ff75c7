"""Loading a report month's cases in four Core queries (the same cases, in the same order and
with the same values as `signoff.month_cases`, which loads them case by case as ORM rows)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..domain.case import Case
from ..domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
from ..storage.schema import CaseIdentityRow, ContactRow, PassRow, cases_table
from .queries import CaseFilter, select_ids
from .registry import Registry

C = cases_table.c
CODES = tuple(f.code for f in CASE_FIELDS)
MULTICHOICE = tuple(i for i, f in enumerate(CASE_FIELDS) if f.kind == "multichoice")


def load_month_cases(registry: Registry, first: date, last: date, territory: str | None,
                     with_identity: bool = True) -> list[Case]:
    """The (non-deleted) cases with a procedure date from `first` to `last`, procedure order."""
    flt = CaseFilter(date_from=first, date_to=last, territory=territory)
    chosen = select_ids(flt, registry.today(), registry.settings().followup_window_days,
                        descending=False)
    ids = chosen.order_by(None).scalar_subquery()
    with registry.reading() as session:
        rows = session.execute(chosen.with_only_columns(
            C.id, C.version, *(C[code] for code in CODES))).all()
        passes = _children(session, PassRow, PASS_FIELDS, ids, ("pass_number",))
        contacts = _children(session, ContactRow, CONTACT_FIELDS, ids, ("attempted_at", "id"))
        identities = _identities(session, ids) if with_identity else {}
    return [Case(values=_values(row[2:]), passes=passes.get(row[0], []),
                 contacts=contacts.get(row[0], []), identity=identities.get(row[0], {}),
                 id=row[0], version=row[1]) for row in rows]


def _values(stored) -> dict:
    values = dict(zip(CODES, stored))
    for index in MULTICHOICE:
        if stored[index] is not None:
            values[CODES[index]] = tuple(part for part in stored[index].split(";") if part)
    return values


def _children(session, model, fields, ids, order: tuple[str, ...]) -> dict[int, list[dict]]:
    """Child rows (passes, contact attempts) as dicts by case id, in the case editor's order."""
    table = model.__table__
    codes = tuple(f.code for f in fields)
    stmt = (select(table.c.case_id, *(table.c[code] for code in codes))
            .where(table.c.case_id.in_(ids))
            .order_by(table.c.case_id, *(table.c[name] for name in order)))
    grouped: dict[int, list[dict]] = {}
    for row in session.execute(stmt):
        grouped.setdefault(row[0], []).append(dict(zip(codes, row[1:])))
    return grouped


def _identities(session, ids) -> dict[int, dict]:
    table = CaseIdentityRow.__table__
    codes = tuple(f.code for f in IDENTITY_FIELDS)
    stmt = select(table.c.case_id, *(table.c[code] for code in codes)).where(
        table.c.case_id.in_(ids))
    return {row[0]: dict(zip(codes, row[1:])) for row in session.execute(stmt)}
