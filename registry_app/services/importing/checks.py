"""Checking import candidates against the registry: stored cases, deleted ones, signed-off months.

A value that cannot be stored rejects its row; a broken consistency rule does not: the row is
imported with an open query naming the rule (Candidate.queries)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...domain.validation import blocking, inconsistencies, validate_case
from ...storage import audit
from ...storage.mapping import row_to_case, sync_summary
from ...storage.schema import CaseRow, SignoffRow, cases_table
from ..cases.editing import prepare
from .report import ImportReport
from .rows import Candidate, Problem, RejectedRow
from ..interchange.rows import KEY
from ..progress import CancelToken, Progress, check_cancel, no_progress
from ..registry import Registry

CHUNK = 500
"""Rows per progress step and case numbers per look-up query."""


def check_candidates(registry: Registry, candidates: list[Candidate], report: ImportReport,
                     progress: Progress = no_progress, cancel: CancelToken | None = None,
                     blanks_clear: bool = True) -> list[Candidate]:
    """Validate every candidate against the registry; rejected ones go to the report.

    An empty cell of a stored case clears its value only when `blanks_clear`."""
    settings, today = registry.settings(), registry.today()
    deleted, locked = _match_existing(registry, candidates), _signed_off_months(registry)
    inverse = {code: column for column, code in report.mapping.items()}
    good = []
    for index, cand in enumerate(candidates, start=1):
        check_cancel(cancel)
        _check_one(cand, settings, today, deleted, locked, inverse, blanks_clear)
        if cand.problems:
            report.rejected.append(_rejected(cand))
        else:
            good.append(cand)
        if index % CHUNK == 0 or index == len(candidates):
            progress("Checking rows", index, len(candidates))
    return good


def _check_one(cand: Candidate, settings, today, deleted: set[int], locked: set[str],
               inverse: dict[str, str], blanks_clear: bool = True) -> None:
    if cand.existing_id in deleted:
        cand.problems.append(_problem(cand, inverse, f"case number '{cand.key}' belongs to a"
                                      " deleted case; restore that case first, then import again."))
        return
    if cand.current is not None:
        cand.case = _overlay(cand.current, cand, blanks_clear)
    cand.case.passes.sort(key=lambda p: p.get("pass_number") or 0)
    sync_summary(cand.case)
    columns = {p.column for p in cand.problems}  # once per row, not once per mapped column
    unreadable = {code for code, column in inverse.items() if column in columns} \
        if columns else set()
    issues = [i for i in validate_case(cand.case, settings, today) if i.field not in unreadable]
    cand.problems += [Problem(cand.sheet, cand.row, inverse.get(i.field), i.message)
                      for i in blocking(issues)]
    cand.queries = inconsistencies(issues)
    if not cand.problems:
        cand.case = prepare(cand.case, in_place=True)  # the candidate's own case
        cand.changes = audit.field_changes(cand.current, cand.case) if cand.current else []
        _check_signed_off(cand, locked, inverse)


def _problem(cand: Candidate, inverse: dict[str, str], reason: str) -> Problem:
    return Problem(cand.sheet, cand.row, inverse.get(KEY), reason)


def _check_signed_off(cand: Candidate, locked: set[str], inverse: dict[str, str]) -> None:
    if cand.current is None:
        month = _month(cand.case)
        if month in locked:
            cand.problems.append(Problem(cand.sheet, cand.row, inverse.get("procedure_date"),
                                         f"the procedure date falls in {month}, which was signed"
                                         " off; an import cannot add a case to a signed-off month."
                                         " Enter it in the case editor with a reason."))
        return
    months = sorted(locked & {_month(cand.current), _month(cand.case)})
    if cand.changes and months:
        cand.problems.append(_problem(cand, inverse, f"case {cand.key} belongs to {months[0]},"
                                      " which was signed off; an import cannot change it. Change"
                                      " it in the case editor and give a reason."))


def _month(case) -> str | None:
    proc = case.values.get("procedure_date")
    return proc.strftime("%Y-%m") if proc else None


def _signed_off_months(registry: Registry) -> set[str]:
    with registry.reading() as session:
        return set(session.scalars(select(SignoffRow.month)))


def _match_existing(registry: Registry, candidates: list[Candidate]) -> set[int]:
    """Set each candidate's stored case (if any); returns the ids of deleted cases."""
    by_key = {c.key: c for c in candidates if c.key}
    keys, deleted = list(by_key), set()
    with registry.reading() as session:
        for first in range(0, len(keys), CHUNK):
            chunk = keys[first:first + CHUNK]
            rows = session.execute(select(cases_table.c.case_number, cases_table.c.id,
                                          cases_table.c.deleted_at)
                                   .where(cases_table.c.case_number.in_(chunk)))
            for number, case_id, deleted_at in rows:
                by_key[number].existing_id = case_id
                if deleted_at is not None:
                    deleted.add(case_id)
        _load_current(session, [c for c in candidates
                                if c.existing_id and c.existing_id not in deleted])
    return deleted


def _load_current(session, candidates: list[Candidate]) -> None:
    for first in range(0, len(candidates), CHUNK):
        chunk = {c.existing_id: c for c in candidates[first:first + CHUNK]}
        rows = session.scalars(select(CaseRow).where(CaseRow.id.in_(list(chunk))).options(
            selectinload(CaseRow.passes), selectinload(CaseRow.contacts),
            selectinload(CaseRow.identity)))
        for row in rows:
            chunk[row.id].current = row_to_case(row)


def _overlay(current, cand: Candidate, blanks_clear: bool = True):
    """The stored case with the file's columns laid over it (absent columns are kept; empty
    cells clear a value only when `blanks_clear`)."""
    merged = current.copy()
    for code in cand.present & set(merged.values):
        value = cand.case.values[code]
        if value is not None or (blanks_clear and code != "registry_id"):
            merged.values[code] = value
    for code in cand.present & set(merged.identity):
        if cand.case.identity[code] is not None or blanks_clear:
            merged.identity[code] = cand.case.identity[code]
    for child in ("passes", "contacts"):
        if child in cand.present:
            setattr(merged, child, getattr(cand.case, child))
    return merged


def _rejected(cand: Candidate) -> RejectedRow:
    reasons = [p.text if (p.sheet, p.row) == (cand.sheet, cand.row)
               else f"{p.sheet} row {p.row}: {p.text}" for p in cand.problems]
    return RejectedRow(cand.sheet, cand.row, cand.key, reasons, cand.raw, list(cand.problems),
                       cand.child_records())
