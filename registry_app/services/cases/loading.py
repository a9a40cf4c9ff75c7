"""Loading cases in a few Core queries: a report month's cases (the same cases, in the same order
and with the same values as `signoff.month_cases`, which loads them in ORM batches), any
selection's cases (as `queries.load_cases` in procedure order), and light rows of a few fields."""
from __future__ import annotations

from datetime import date
from operator import itemgetter
from typing import Callable, Sequence

from sqlalchemy import select

from ...domain.case import Case
from ...domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
from ...storage.schema import CaseIdentityRow, ContactRow, PassRow, cases_table
from .queries import CaseFilter, select_ids
from ..registry import Registry

C = cases_table.c
CODES = tuple(f.code for f in CASE_FIELDS)
MULTICHOICE_CODES = frozenset(f.code for f in CASE_FIELDS if f.kind == "multichoice")
PASS_CODES = tuple(f.code for f in PASS_FIELDS)
CONTACT_CODES = tuple(f.code for f in CONTACT_FIELDS)
IDENTITY_CODES = tuple(f.code for f in IDENTITY_FIELDS)


class PartialCase(Case):
    """A case holding only the fields loaded (the others read as None through get), without
    contacts or identifiers: a light row for counting a few measures over many cases."""

    def __post_init__(self) -> None:
        """Nothing to fill in: a partial case keeps only what was loaded."""


def of_territory(cases: list[Case], territory: str) -> list[Case]:
    """The cases of one territory among loaded ones, as load_month_cases's SQL '=' picks them."""
    return [c for c in cases if c.values.get("territory") == territory]


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


def read_stored_rows(registry: Registry, flt: CaseFilter, codes: Sequence[str],
                     pass_codes: Sequence[str] = ()) -> tuple[list, dict[int, list]]:
    """The filter's rows (id, version, *codes as stored: multichoice not split) in procedure
    order, and their passes' rows (pass_codes' values) by case id, in pass order: what
    load_case_rows builds cases of."""
    rows, passes, _, _ = _read(registry, flt, codes, pass_codes, (), False, pass_rows=True)
    return list(rows), passes


def split_choices(stored: str | None) -> tuple | None:
    """A stored multichoice value as a case holds it: its non-empty parts ('a;b' -> ('a', 'b'))."""
    return None if stored is None else tuple(part for part in stored.split(";") if part)


def load_case_rows(registry: Registry, flt: CaseFilter, codes: Sequence[str],
                   pass_codes: Sequence[str] = (), contact_codes: Sequence[str] = (),
                   with_identity: bool = False) -> list[Case]:
    """The filter's cases in procedure order, from these columns (the other fields None)."""
    rows, passes, contacts, identities = _read(registry, flt, codes, pass_codes, contact_codes,
                                               with_identity)
    split = tuple(i for i, code in enumerate(codes) if code in MULTICHOICE_CODES)
    make = _loaded_case if _complete(codes, pass_codes, contact_codes) else _case
    return [make(_values(codes, split, row[2:]), passes.get(row[0], []),
                 contacts.get(row[0], []), identities.get(row[0]), row[0], row[1])
            for row in rows]


def _complete(codes, pass_codes, contact_codes) -> bool:
    """Whether these columns hold every field of a case, its passes and contact attempts."""
    return ((set(codes), set(pass_codes), set(contact_codes))
            == (set(CODES), set(PASS_CODES), set(CONTACT_CODES)))


def _case(values: dict, passes: list, contacts: list, identity: dict | None, id: int,
          version: int) -> Case:
    return Case(values=values, passes=passes, contacts=contacts, identity=identity or {},
                id=id, version=version)


BLANK_IDENTITY = {code: None for code in IDENTITY_CODES}
CASE_DEFAULTS = {name: value for name, value in vars(Case()).items()
                 if not isinstance(value, (dict, list))}
"""Case's attributes that are not field dicts or lists (id, version, locked...) as a new case
has them."""


def _loaded_case(values: dict, passes: list, contacts: list, identity: dict | None, id: int,
                 version: int) -> Case:
    """The Case that Case(...) makes of complete rows, without copying every dict of it again
    to fill in fields that are all there (a month's thousands of cases)."""
    case = Case.__new__(Case)
    vars(case).update(CASE_DEFAULTS, values=values, passes=passes, contacts=contacts,
                      identity=identity if identity is not None else dict(BLANK_IDENTITY),
                      id=id, version=version)
    return case


def _read(registry: Registry, flt: CaseFilter, codes, pass_codes, contact_codes,
          with_identity: bool, pass_rows: bool = False) -> tuple:
    """(case rows: id, version, *codes; passes, contacts and identifiers by case id), one
    query each (none for children without codes); `pass_rows`: passes as rows, not dicts."""
    chosen = select_ids(flt, registry.today(), registry.settings().followup_window_days,
                        descending=False)
    ids = chosen.order_by(None).scalar_subquery()
    with registry.reading() as session:
        rows = session.execute(chosen.with_only_columns(
            C.id, C.version, *(C[code] for code in codes))).all()
        passes = _children(session, PassRow, pass_codes, ids, ("pass_number",), as_rows=pass_rows)
        contacts = _children(session, ContactRow, contact_codes, ids, ("attempted_at", "id"))
        identities = _identities(session, ids) if with_identity else {}
    return rows, passes, contacts, identities


def value_reader(codes: Sequence[str]) -> Callable[[dict], tuple]:
    """A function reading these codes' values from a dict at once (KeyError if one is not there)."""
    pick = itemgetter(*codes)
    return pick if len(codes) > 1 else lambda values: (pick(values),)


def values_of(values: dict, codes: Sequence[str], read: Callable[[dict], tuple],
              more: dict | None = None) -> list:
    """The values of these codes, as case.get gives them (from `more`, the identifiers, when not
    in `values`): read at once with `read` (value_reader(codes)) when they are all there."""
    try:
        return list(read(values))
    except KeyError:
        more = more or {}
        return [values[c] if c in values else more.get(c) for c in codes]


def _values(codes: Sequence[str], multichoice: tuple[int, ...], stored) -> dict:
    values = dict(zip(codes, stored))
    for index in multichoice:
        if stored[index] is not None:
            values[codes[index]] = tuple(part for part in stored[index].split(";") if part)
    return values


def _children(session, model, codes, ids, order: tuple[str, ...],
              as_rows: bool = False) -> dict[int, list]:
    """Child rows (passes, contact attempts) as dicts (or, `as_rows`, as the rows of the codes'
    values) by case id, in the case editor's order."""
    if not codes:
        return {}
    table = model.__table__
    stmt = (select(table.c.case_id, *(table.c[code] for code in codes))
            .where(table.c.case_id.in_(ids))
            .order_by(table.c.case_id, *(table.c[name] for name in order)))
    grouped: dict[int, list[dict]] = {}
    for row in session.execute(stmt).all():  # fetched at once: faster than row by row
        grouped.setdefault(row[0], []).append(row[1:] if as_rows else dict(zip(codes, row[1:])))
    return grouped


def _identities(session, ids) -> dict[int, dict]:
    table = CaseIdentityRow.__table__
    stmt = select(table.c.case_id, *(table.c[code] for code in IDENTITY_CODES)).where(
        table.c.case_id.in_(ids))
    return {row[0]: dict(zip(IDENTITY_CODES, row[1:])) for row in session.execute(stmt).all()}
