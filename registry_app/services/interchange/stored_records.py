"""The full export's rows read straight from the stored columns, a batch at a time, without Case objects."""
from __future__ import annotations

from typing import Any, Iterator, Sequence

from sqlalchemy import select

from ...domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
from ...storage.schema import CaseIdentityRow, ContactRow, PassRow, cases_table
from ..cases.queries import CaseFilter, case_ids
from ..registry import Registry

BATCH = 1000
"""Cases read per query: memory stays flat in the number of cases, as iter_cases's batches."""
C = cases_table.c
CASE_COLUMNS = tuple(C[fd.code] for fd in CASE_FIELDS)
MULTICHOICE_AT = tuple(i for i, fd in enumerate(CASE_FIELDS) if fd.kind == "multichoice")


def export_case_ids(registry: Registry, flt: CaseFilter) -> list[int]:
    """The filter's case ids in the export's order: iter_cases's (procedure date, undated last)."""
    return case_ids(registry, flt, "procedure_date", descending=False)


def batches(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def case_records(registry: Registry, ids: Sequence[int], identified: bool) -> list[list[Any]]:
    """Each case's values in case_fields order, in the order of `ids`: what rows.case_record
    gives of the loaded case (multiple choices as tuples of their non-empty parts)."""
    with registry.reading() as session:
        rows = session.execute(select(C.id, *CASE_COLUMNS).where(C.id.in_(ids))).all()
        identities = _identities(session, ids) if identified else {}
    by_id = {row[0]: row for row in rows}
    records = []
    for case_id in ids:
        record = list(by_id[case_id][1:])
        for index in MULTICHOICE_AT:
            stored = record[index]
            if stored is not None:
                record[index] = tuple(part for part in stored.split(";") if part)
        if identified:
            record += identities.get(case_id, BLANK_IDENTITY)
        records.append(record)
    return records


BLANK_IDENTITY = [None] * len(IDENTITY_FIELDS)


def _identities(session, ids: Sequence[int]) -> dict[int, list]:
    table = CaseIdentityRow.__table__
    columns = (table.c[fd.code] for fd in IDENTITY_FIELDS)
    stmt = select(table.c.case_id, *columns).where(table.c.case_id.in_(ids))
    return {row[0]: list(row[1:]) for row in session.execute(stmt).all()}


def attempt_records(registry: Registry, ids: Sequence[int]) -> list[list[Any]]:
    """The passes of these cases, case number first, in case order then pass order: what
    rows.attempt_records gives of each loaded case."""
    return _child_records(registry, ids, PassRow, PASS_FIELDS, ("pass_number",))


def contact_records(registry: Registry, ids: Sequence[int]) -> list[list[Any]]:
    """The contact attempts of these cases, case number first, in the case editor's order."""
    return _child_records(registry, ids, ContactRow, CONTACT_FIELDS, ("attempted_at", "id"))


def _child_records(registry: Registry, ids: Sequence[int], model, fields,
                   order: tuple[str, ...]) -> list[list[Any]]:
    table = model.__table__
    stmt = (select(table.c.case_id, C.case_number, *(table.c[fd.code] for fd in fields))
            .join(cases_table, C.id == table.c.case_id)
            .where(table.c.case_id.in_(ids))
            .order_by(table.c.case_id, *(table.c[name] for name in order)))
    grouped: dict[int, list[list[Any]]] = {}
    with registry.reading() as session:
        for row in session.execute(stmt).all():
            grouped.setdefault(row[0], []).append(list(row[1:]))
    return [record for case_id in ids for record in grouped.get(case_id, ())]
