"""Finding cases: filters, sorting, list pages and bulk loading without ORM objects."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Iterator, Sequence

from sqlalchemy import ColumnElement, Select, and_, case, false, func, or_, select, true, union

from ...domain.case import Case
from ...domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
from ...domain.vocab import POSTERIOR_SITES
from ...storage.schema import TEXT_SEARCHED, CaseIdentityRow, ContactRow, DataQueryRow, PassRow, cases_table
from .case_filter import CaseFilter  # noqa: F401 - apart, so the GUI builds one without SQL
from ..registry import Registry

C = cases_table.c
Q = DataQueryRow.__table__.c


def open_queries_count():
    """The case's number of open data queries, as a column of the case list."""
    return (select(func.count()).where(Q.case_id == C.id, Q.resolved_at.is_(None))
            .correlate(cases_table).scalar_subquery())


COMPUTED = {"open_queries": open_queries_count}
"""List columns worked out in SQL rather than stored on the case row."""


def _column(name: str):
    return COMPUTED[name]().label(name) if name in COMPUTED else getattr(C, name)


def _conditions(flt: CaseFilter, today: date, window_days: int) -> list:
    conds: list[ColumnElement[bool]] = [] if flt.include_deleted else [C.deleted_at.is_(None)]
    if flt.date_from:
        conds.append(C.procedure_date >= flt.date_from)
    if flt.date_to:
        conds.append(C.procedure_date <= flt.date_to)
    if flt.occlusion_sites:
        conds.append(C.occlusion_site.in_(flt.occlusion_sites))
    if flt.circulation:
        posterior = C.occlusion_site.in_(sorted(POSTERIOR_SITES))
        conds.append(posterior if flt.circulation == "posterior"
                     else and_(C.occlusion_site.is_not(None), ~posterior))
    conds += _simple_conditions(flt)
    if flt.followup_status:
        conds.append(_followup_condition(flt.followup_status, today, window_days))
    if flt.text.strip():
        conds.append(_text_condition(flt.text.strip()))
    return conds


def _simple_conditions(flt: CaseFilter) -> list:
    conds = []
    if flt.operator:
        conds.append(C.operator == flt.operator)
    if flt.territory:
        conds.append(C.territory == flt.territory)
    if flt.mt_failed is not None:
        conds.append(C.mt_failed.is_(True) if flt.mt_failed else
                     or_(C.mt_failed.is_(False), C.mt_failed.is_(None)))
    if flt.rescue_stent is not None:
        conds.append(C.rescue_stent.is_(True) if flt.rescue_stent else
                     or_(C.rescue_stent.is_(False), C.rescue_stent.is_(None)))
    if flt.incomplete is not None:
        conds.append(C.completeness < 1.0 if flt.incomplete else C.completeness >= 1.0)
    if flt.case_ids is not None:
        conds.append(C.id.in_(flt.case_ids) if flt.case_ids else false())
    return conds


def _followup_condition(status: str, today: date, window_days: int):
    """SQL for a follow-up status (same rules as domain.derived.followup_status)."""
    done = outcome_known_condition()
    pending = and_(~done, C.lost_to_followup.is_(None), C.death_date.is_(None),
                   or_(C.discharge_destination.is_(None), C.discharge_destination != "died"))
    slack = timedelta(days=window_days)
    return {
        "done": done,
        "lost": and_(~done, C.lost_to_followup.is_not(None)),
        "not_yet_due": and_(pending, C.followup_due > today + slack),
        "in_window": and_(pending, C.followup_due <= today + slack, C.followup_due >= today - slack),
        "overdue": and_(pending, C.followup_due < today - slack),
        "due": and_(pending, C.followup_due <= today + slack),
        "pending": pending,
    }.get(status, true())


def outcome_known_condition():
    """SQL for domain.derived.outcome_known: the territory's follow-up outcome is recorded."""
    return case((C.territory == "limb", C.limb_salvage_90d.is_not(None)),
                (C.territory == "coronary", C.mi_30d.is_not(None)),
                else_=C.mrs_90d.is_not(None))


def _text_condition(text: str):
    """Cases with the text in a searched column, or whose MRN is it or patient name holds it:
    one set of ids, so that PostgreSQL reads each half from its trigram index (schema
    TEXT_SEARCHED) instead of testing every case."""
    like = f"%{text.lower()}%"
    searched = cases_table.alias("searched")
    in_cases = select(searched.c.id).where(
        or_(*(func.lower(searched.c[code]).like(like) for code in TEXT_SEARCHED)))
    in_identity = select(CaseIdentityRow.case_id).where(
        or_(func.lower(CaseIdentityRow.mrn) == text.lower(),
            func.lower(CaseIdentityRow.patient_name).like(like)))
    return C.id.in_(union(in_cases, in_identity))


SORTABLE = {f.code for f in CASE_FIELDS} | {"id", "completeness", "mt_failed", "followup_due",
                                            "updated_at"}


def select_ids(flt: CaseFilter, today: date, window_days: int, sort: str = "procedure_date",
               descending: bool = True) -> Select:
    column = (COMPUTED[sort]() if sort in COMPUTED
              else getattr(C, sort if sort in SORTABLE else "procedure_date"))
    order = column.desc() if descending else column.asc()
    tiebreak = C.id.desc() if descending else C.id.asc()
    return (select(C.id).where(*_conditions(flt, today, window_days))
            .order_by(order.nulls_last(), tiebreak))


def case_ids(registry: Registry, flt: CaseFilter = CaseFilter(), sort: str = "procedure_date",
             descending: bool = True) -> list[int]:
    """Ids of the matching cases in display order."""
    window = registry.settings().followup_window_days
    with registry.reading() as session:
        return list(session.scalars(select_ids(flt, registry.today(), window, sort, descending)))


def distinct_values(registry: Registry, flt: CaseFilter, column: str) -> list:
    """The different values one case column holds among the matching cases, as stored (None
    too), in no particular order: one query instead of a row per case."""
    window = registry.settings().followup_window_days
    stmt = (select_ids(flt, registry.today(), window).order_by(None)
            .with_only_columns(getattr(C, column)).distinct())
    with registry.reading() as session:
        return list(session.scalars(stmt))


def count_cases(registry: Registry, flt: CaseFilter = CaseFilter()) -> int:
    window = registry.settings().followup_window_days
    with registry.reading() as session:
        return session.scalar(_count_stmt(flt, registry.today(), window))


def count_child_rows(registry: Registry, flt: CaseFilter, table) -> int:
    """How many rows of a case's child table (passes, contact attempts) the matching cases
    have together."""
    window = registry.settings().followup_window_days
    matching = select(C.id).where(*_conditions(flt, registry.today(), window))
    stmt = select(func.count()).select_from(table).where(table.c.case_id.in_(matching))
    with registry.reading() as session:
        return session.scalar(stmt) or 0


def _count_stmt(flt: CaseFilter, today: date, window_days: int) -> Select:
    return select(func.count()).select_from(cases_table).where(
        *_conditions(flt, today, window_days))


def first_ids(registry: Registry, flt: CaseFilter, sort: str = "procedure_date",
              descending: bool = True, size: int = 200, total: int | None = None,
              count: bool = True) -> tuple[list[int], int | None]:
    """The ids of the list's first `size` cases in display order, and how many cases match.

    One read: the count is skipped when the page is not full (then it is the page's length)
    or when the caller already knows it (`total`, e.g. after a change of sort order only).
    `count=False`: a full page comes without its count (None: more than `size` cases match),
    for a caller that learns it later (the case list, from every id on its reader thread).
    """
    window, today = registry.settings().followup_window_days, registry.today()
    with registry.reading() as session:
        ids = list(session.scalars(select_ids(flt, today, window, sort, descending)
                                   .limit(size + 1)))
        if len(ids) <= size:
            return ids, len(ids)
        if total is None and not count:
            return ids[:size], None
        if total is None:
            total = session.scalar(_count_stmt(flt, today, window))
    return ids[:size], max(total, size + 1)


def list_rows(registry: Registry, ids: Sequence[int], columns: Sequence[str]) -> dict[int, dict]:
    """Column values for a page of the case list, keyed by id."""
    cols = [C.id] + [_column(name) for name in columns if name != "id"]
    with registry.reading() as session:
        rows = session.execute(select(*cols).where(C.id.in_(list(ids))))
        return {row.id: dict(row._mapping) for row in rows}


def _cases_from_rows(session, rows, with_identity: bool) -> list[Case]:
    ids = [row.id for row in rows]
    passes = _children(session, PassRow, PASS_FIELDS, ids, PassRow.pass_number)
    contacts = _children(session, ContactRow, CONTACT_FIELDS, ids, ContactRow.attempted_at)
    identities = _identities(session, ids) if with_identity else {}
    return [_row_case(row, passes, contacts, identities) for row in rows]


def _row_case(row, passes, contacts, identities) -> Case:
    values = {}
    for fd in CASE_FIELDS:
        value = getattr(row, fd.code)
        if fd.kind == "multichoice" and value is not None:
            value = tuple(part for part in value.split(";") if part)
        values[fd.code] = value
    return Case(values=values, passes=passes.get(row.id, []), contacts=contacts.get(row.id, []),
                identity=identities.get(row.id, {}), id=row.id, version=row.version)


def _children(session, model, fields, ids, order) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = {}
    stmt = select(model).where(model.case_id.in_(ids)).order_by(model.case_id, order)
    for child in session.scalars(stmt):
        grouped.setdefault(child.case_id, []).append({f.code: getattr(child, f.code)
                                                      for f in fields})
    return grouped


def _identities(session, ids) -> dict[int, dict]:
    stmt = select(CaseIdentityRow).where(CaseIdentityRow.case_id.in_(ids))
    return {row.case_id: {f.code: getattr(row, f.code) for f in IDENTITY_FIELDS}
            for row in session.scalars(stmt)}


def iter_cases(registry: Registry, flt: CaseFilter = CaseFilter(), *, with_identity: bool = False,
               batch: int = 1000, sort: str = "procedure_date",
               descending: bool = False) -> Iterator[Case]:
    """Matching cases as domain objects, loaded in batches so memory stays flat."""
    ids = case_ids(registry, flt, sort, descending)
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        with registry.reading() as session:
            order = {case_id: i for i, case_id in enumerate(chunk)}
            rows = sorted(session.execute(select(cases_table).where(C.id.in_(chunk))).all(),
                          key=lambda r: order[r.id])
            yield from _cases_from_rows(session, rows, with_identity)


def load_cases(registry: Registry, flt: CaseFilter = CaseFilter(), **kwargs) -> list[Case]:
    return list(iter_cases(registry, flt, **kwargs))
