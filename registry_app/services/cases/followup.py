"""The follow-up worklist: assessments that are due, in window, overdue or lost, and contact logging."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Sequence

from sqlalchemy import case, func, or_, select

from ...domain.errors import ValidationFailed
from ...domain.fields import CONTACT_FIELDS, field_def
from ...domain.issues import ERROR, Issue
from ...domain.validation import check_field
from ...domain.vocab import LOST_REASON, codes
from ...storage import data_queries
from ...storage.schema import CaseIdentityRow, ContactRow, cases_table
from .editing import SaveResult, get_case, update_case
from .queries import CaseFilter, _conditions, _followup_condition
from ..registry import Registry

C = cases_table.c
K = ContactRow.__table__.c

WORKLIST_VIEWS: dict[str, str] = {
    "today": "To do today (in window, overdue, lost)",
    "due": "Due now (in window or overdue)",
    "in_window": "In window",
    "overdue": "Overdue (window closed)",
    "lost": "Lost to follow-up",
    "not_yet_due": "Not yet due",
}
"""The worklist's views, in the order offered; 'today' is the default."""


@dataclass(frozen=True)
class WorklistItem:
    """One case on the worklist, with its window, contact attempts and reason for loss."""

    case_id: int
    case_number: str
    registry_id: str | None
    territory: str
    procedure_date: date | None
    operator: str | None
    mrn: str | None
    patient_name: str | None
    due: date | None
    opens: date | None
    closes: date | None
    status: str
    days_from_due: int | None
    days_overdue: int
    attempts: int
    last_attempt: datetime | None
    last_method: str | None
    last_reached: bool | None
    lost_reason: str | None
    contact_phone: str | None = None
    open_queries: int = 0
    """Data queries of the case still open (consistency rules saved with a comment)."""


def _view_condition(view: str, today: date, window_days: int):
    if view not in WORKLIST_VIEWS:
        known = ", ".join(WORKLIST_VIEWS)
        raise ValueError(f"Worklist view: '{view}' is not a view; use one of {known}.")
    if view == "today":
        return or_(_followup_condition("due", today, window_days),
                   _followup_condition("lost", today, window_days))
    return _followup_condition(view, today, window_days)


def _urgency(today: date, window_days: int):
    """0 in window, 1 overdue, 2 lost, 3 the rest: the order of a day's work."""
    slack = timedelta(days=window_days)
    return case((C.lost_to_followup.is_not(None), 2), (C.followup_due < today - slack, 1),
                (C.followup_due <= today + slack, 0), else_=3)


def _select_ids(view: str, flt: CaseFilter, today: date, window_days: int):
    conds = _conditions(flt, today, window_days) + [_view_condition(view, today, window_days)]
    return (select(C.id).where(*conds)
            .order_by(_urgency(today, window_days), C.followup_due.asc().nulls_last(),
                      C.id.asc()))


def worklist_ids(registry: Registry, view: str = "today",
                 flt: CaseFilter = CaseFilter()) -> list[int]:
    """Ids of the cases in a worklist view in the order of a day's work: in window (the window
    ending soonest first), then overdue (longest waiting first), then lost."""
    window = registry.settings().followup_window_days
    with registry.reading() as session:
        return list(session.scalars(_select_ids(view, flt, registry.today(), window)))


def count_worklist(registry: Registry, view: str = "today", flt: CaseFilter = CaseFilter()) -> int:
    stmt = select(func.count()).select_from(
        _select_ids(view, flt, registry.today(), registry.settings().followup_window_days)
        .order_by(None).subquery())
    with registry.reading() as session:
        return session.scalar(stmt) or 0


def worklist_counts(registry: Registry, flt: CaseFilter = CaseFilter()) -> dict[str, int]:
    """How many cases each view holds (for the view picker)."""
    return {view: count_worklist(registry, view, flt) for view in WORKLIST_VIEWS}


_ROW_COLUMNS = (C.id, C.case_number, C.registry_id, C.territory, C.procedure_date, C.operator,
                C.followup_due, C.lost_to_followup, CaseIdentityRow.mrn,
                CaseIdentityRow.patient_name, CaseIdentityRow.contact_phone)


def _case_rows(session, ids: Sequence[int]) -> dict[int, object]:
    stmt = (select(*_ROW_COLUMNS)
            .outerjoin(CaseIdentityRow, CaseIdentityRow.case_id == C.id)
            .where(C.id.in_(list(ids))))
    return {row.id: row for row in session.execute(stmt)}


def _contacts(session, ids: Sequence[int]) -> dict[int, list]:
    """Contact attempts per case, oldest first."""
    stmt = (select(K.case_id, K.attempted_at, K.method, K.reached).where(K.case_id.in_(list(ids)))
            .order_by(K.case_id, K.attempted_at))
    grouped: dict[int, list] = {}
    for row in session.execute(stmt):
        grouped.setdefault(row.case_id, []).append(row)
    return grouped


def status_of(due: date | None, lost: str | None, today: date, window_days: int) -> str:
    """The pending case's follow-up status from its due date (as domain.derived.followup_status)."""
    if lost is not None:
        return "lost"
    if due is None:
        return "unknown"
    slack = timedelta(days=window_days)
    if today < due - slack:
        return "not_yet_due"
    return "in_window" if today <= due + slack else "overdue"


def _item(row, contacts: list, today: date, window_days: int,
          open_queries: int = 0) -> WorklistItem:
    due, slack = row.followup_due, timedelta(days=window_days)
    last = contacts[-1] if contacts else None
    closes = due + slack if due else None
    return WorklistItem(
        case_id=row.id, case_number=row.case_number, registry_id=row.registry_id,
        territory=row.territory or "cerebral", procedure_date=row.procedure_date,
        operator=row.operator, mrn=row.mrn, patient_name=row.patient_name,
        due=due, opens=due - slack if due else None, closes=closes,
        status=status_of(due, row.lost_to_followup, today, window_days),
        days_from_due=(today - due).days if due else None,
        days_overdue=max(0, (today - closes).days) if closes else 0,
        attempts=len(contacts), last_attempt=last.attempted_at if last else None,
        last_method=last.method if last else None, last_reached=last.reached if last else None,
        lost_reason=row.lost_to_followup, contact_phone=row.contact_phone,
        open_queries=open_queries)


def worklist_rows(registry: Registry, ids: Sequence[int]) -> dict[int, WorklistItem]:
    """Worklist rows for a page of ids (missing ids are left out), keyed by id."""
    window, today = registry.settings().followup_window_days, registry.today()
    with registry.reading() as session:
        rows, contacts = _case_rows(session, ids), _contacts(session, ids)
        queries = data_queries.open_counts(session, ids)
    return {case_id: _item(row, contacts.get(case_id, []), today, window,
                           queries.get(case_id, 0))
            for case_id, row in rows.items()}


def worklist(registry: Registry, view: str = "today", flt: CaseFilter = CaseFilter(),
             offset: int = 0, limit: int | None = None) -> list[WorklistItem]:
    """One page of a worklist view, in worklist order."""
    ids = worklist_ids(registry, view, flt)
    page = ids[offset:offset + limit if limit is not None else None]
    rows = worklist_rows(registry, page)
    return [rows[i] for i in page if i in rows]


# Contacts and loss ##########################################################

def _contact_issues(contact: dict, procedure_date: date | None, today: date) -> list[Issue]:
    issues = [issue for fd in CONTACT_FIELDS for issue in check_field(fd, contact.get(fd.code))]
    when = contact.get("attempted_at")
    if when is not None and when.date() > today:
        issues.append(Issue("attempted_at", "Attempted at: is in the future; enter when the"
                                            " call or visit happened.", ERROR))
    if when is not None and procedure_date is not None and when.date() < procedure_date:
        issues.append(Issue("attempted_at", f"Attempted at: is before the procedure date"
                                            f" ({procedure_date.isoformat()}).", ERROR))
    return issues


def log_contact_attempt(registry: Registry, case_id: int, when: datetime, method: str | None,
                        reached: bool | None, note: str | None = None,
                        reason: str | None = None, query_comment: str | None = None) -> SaveResult:
    """Append one attempt to reach the patient; validated and audited like any case change.

    `reason` is needed when the case belongs to a signed-off month.
    """
    case = get_case(registry, case_id, with_identity=True)
    contact = {"attempted_at": when, "method": method, "reached": reached,
               "note": (note or "").strip() or None}
    issues = _contact_issues(contact, case.get("procedure_date"), registry.today())
    if issues:
        raise ValidationFailed(issues)
    case.contacts = sorted(case.contacts + [contact], key=lambda c: c["attempted_at"])
    return update_case(registry, case, reason, query_comment)


def record_outcome(registry: Registry, case_id: int, mrs_90d: int, followup_date: date,
                   followup_method: str | None, death_date: date | None = None,
                   reason: str | None = None, query_comment: str | None = None) -> SaveResult:
    """Store the 90-day outcome learned on a call (validated and audited like any case change).

    A date of death is stored only when given (one already recorded is kept otherwise). An
    outcome that breaks a consistency rule is saved only with `query_comment` (open queries)."""
    case = get_case(registry, case_id, with_identity=True)
    case.values.update(mrs_90d=mrs_90d, followup_date=followup_date,
                       followup_method=followup_method)
    if death_date is not None:
        case.values["death_date"] = death_date
    return update_case(registry, case, reason, query_comment)


def mark_lost(registry: Registry, case_id: int, reason: str,
              change_reason: str | None = None, query_comment: str | None = None) -> SaveResult:
    """Record that the follow-up assessment could not be obtained, and why (a LOST_REASON code)."""
    fd = field_def("lost_to_followup")
    if reason not in codes(LOST_REASON):
        allowed = ", ".join(f"{c.code} ({c.label})" for c in LOST_REASON)
        raise ValidationFailed([Issue(fd.code, f"{fd.label}: '{reason}' is not an allowed reason;"
                                               f" use {allowed}.", ERROR)])
    case = get_case(registry, case_id, with_identity=True)
    case.values["lost_to_followup"] = reason
    return update_case(registry, case, change_reason, query_comment)


def clear_lost(registry: Registry, case_id: int, change_reason: str | None = None,
               query_comment: str | None = None) -> SaveResult:
    """Undo 'lost to follow-up' (the patient was reached after all)."""
    case = get_case(registry, case_id, with_identity=True)
    case.values["lost_to_followup"] = None
    return update_case(registry, case, change_reason, query_comment)


def contact_history(registry: Registry, case_id: int) -> list[dict]:
    """A case's contact attempts, oldest first, as field-code dicts."""
    return [dict(c) for c in get_case(registry, case_id, with_identity=False).contacts]

