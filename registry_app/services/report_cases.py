"""Loading cases in a few Core queries: a report month's cases (the same cases, in the same order
and with the same values as `signoff.month_cases`, which loads them in ORM batches), any
selection's cases (as `queries.load_cases` in procedure order), and light rows of a few fields."""
from __future__ import annotations

from datetime import date
from typing import Sequence

from sqlalchemy import select

from ..domain.case import Case
from ..domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
from ..storage.schema import CaseIdentityRow, ContactRow, PassRow, cases_table
from .queries import CaseFilter, select_ids
from .registry import Registry

C = cases_table.c
CODES = tuple(f.code for f in CASE_FIELDS)
MULTICHOICE_CODES = frozenset(f.code for f in CASE_FIELDS if f.kind == "multichoice")
PASS_CODES = tuple(f.code for f in PASS_FIELDS)
CONTACT_CODES = tuple(f.code for f in CONTACT_FIELDS)


class PartialCase(Case):
    """A case holding only the fields loaded (the others read as None through get), without
    contacts or identifiers: a light row for counting a few measures over many cases."""

    def __post_init__(self) -> None:
        """Nothing to fill in: a partial case keeps only what was loaded."""


def load_month_cases(registry: Registry, first: date, last: date, territory: str | None,
                     with_identity: bool = True) -> list[Case]:
    """The (non-deleted) cases with a procedure date from `first` to `last`, procedure order."""
    flt = CaseFilter(date_from=first, date_to=last, territory=territory)
    return load_selected_cases(registry, flt, with_identity)


def load_selected_cases(registry: Registry, flt: CaseFilter,
                        with_identity: bool = False) -> list[Case]:
    """The filter's cases, oldest procedure first (undated last, then by id): the cases, order
    and values of queries.load_cases(flt, sort="procedure_date", descending=False)."""
    return load_case_rows(registry, flt, CODES, PASS_CODES, CONTACT_CODES, with_identity)


def load_partial_cases(registry: Registry, flt: CaseFilter, codes: Sequence[str],
                       pass_codes: Sequence[str] = ()) -> list[PartialCase]:
    """The filter's cases in procedure order holding only these fields (and these fields of
    their passes): light rows for counting a few measures over many cases."""
    rows, passes, _, _ = _read(registry, flt, codes, pass_codes, (), False)
    split = tuple(i for i, code in enumerate(codes) if code in MULTICHOICE_CODES)
    return [PartialCase(_values(codes, split, row[2:]), passes.get(row[0], []), {}, [], row[0],
                        row[1]) for row in rows]


def load_case_rows(registry: Registry, flt: CaseFilter, codes: Sequence[str],
                   pass_codes: Sequence[str] = (), contact_codes: Sequence[str] = (),
                   with_identity: bool = False) -> list[Case]:
    """The filter's cases in procedure order, from these columns (the other fields None)."""
    rows, passes, contacts, identities = _read(registry, flt, codes, pass_codes, contact_codes,
                                               with_identity)
    split = tuple(i for i, code in enumerate(codes) if code in MULTICHOICE_CODES)
    return [Case(values=_values(codes, split, row[2:]), passes=passes.get(row[0], []),
                 contacts=contacts.get(row[0], []), identity=identities.get(row[0], {}),
                 id=row[0], version=row[1]) for row in rows]


def _read(registry: Registry, flt: CaseFilter, codes, pass_codes, contact_codes,
          with_identity: bool) -> tuple:
    """(case rows: id, version, *codes; passes, contacts and identifiers by case id), one
    query each (none for children without codes)."""
    chosen = select_ids(flt, registry.today(), registry.settings().followup_window_days,
                        descending=False)
    ids = chosen.order_by(None).scalar_subquery()
    with registry.reading() as session:
        rows = session.execute(chosen.with_only_columns(
            C.id, C.version, *(C[code] for code in codes))).all()
        passes = _children(session, PassRow, pass_codes, ids, ("pass_number",))
        contacts = _children(session, ContactRow, contact_codes, ids, ("attempted_at", "id"))
        identities = _identities(session, ids) if with_identity else {}
    return rows, passes, contacts, identities


def _values(codes: Sequence[str], multichoice: tuple[int, ...], stored) -> dict:
    values = dict(zip(codes, stored))
    for index in multichoice:
        if stored[index] is not None:
            values[codes[index]] = tuple(part for part in stored[index].split(";") if part)
    return values


def _children(session, model, codes, ids, order: tuple[str, ...]) -> dict[int, list[dict]]:
    """Child rows (passes, contact attempts) as dicts by case id, in the case editor's order."""
    if not codes:
        return {}
    table = model.__table__
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
