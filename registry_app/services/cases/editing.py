"""Case use cases: create, update, delete, restore, history; each is one audited transaction."""
from __future__ import annotations

from dataclasses import dataclass, field
import secrets

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from ...domain.case import Case, saved_id
from ...domain.errors import CommentNeeded, LockedCase, RegistryError, StaleRecord, ValidationFailed
from ...domain.fields import CASE_FIELDS, IDENTITY_FIELDS
from ...domain.validation import Issue, blocking, inconsistencies, validate_case
from ...domain.values import clean_code, clean_codes
from ...storage import audit, data_queries, merge_rows, repository, stats_summary
from ...storage.mapping import (DERIVED_SETTINGS_KEY, derived_fingerprint, derived_values, row_to_case, set_meta,
                                sync_summary)
from ...storage.schema import CaseRow, SignoffRow
from ..changes import NOTHING, Changes
from ..registry import Registry


@dataclass(frozen=True)
class SaveResult:
    """What a save did: the case id, its new version, and the warnings left on it."""

    case_id: int
    version: int
    warnings: list[Issue] = field(default_factory=list)
    changed_fields: tuple[str, ...] = ()
    created: bool = False

    @property
    def changes(self) -> Changes:
        """This case, when the save created it or changed a value; nothing otherwise."""
        return Changes.of_cases([self.case_id]) if self.created or self.changed_fields \
            else NOTHING


def prepare(case: Case, *, in_place: bool = False) -> Case:
    """A copy (or with `in_place` the case itself) with codes cleaned (one spelling per case
    number), summary values synced from the passes and a registry ID when missing."""
    ready = case if in_place else case.copy()
    clean_codes(ready.values, CASE_FIELDS)
    clean_codes(ready.identity, IDENTITY_FIELDS)
    sync_summary(ready)
    if not ready.values.get("registry_id"):
        ready.values["registry_id"] = new_registry_id()
    return ready


def new_registry_id() -> str:
    """A random pseudonymous ID that reveals nothing about the patient or the date."""
    return "R-" + secrets.token_hex(4).upper()


def check(registry: Registry, case: Case) -> list[Issue]:
    """Validate with the registry's own definitions; ValidationFailed when a value cannot be
    stored. Returns every issue (broken consistency rules included: see _sync_queries)."""
    issues = validate_case(case, registry.settings(), registry.today())
    if blocking(issues):
        raise ValidationFailed(blocking(issues))
    return issues


def _sync_queries(registry: Registry, session, case: Case, case_id: int, issues: list[Issue],
                  comment: str | None) -> None:
    """Broken consistency rules become open queries (CommentNeeded when a new one has no
    comment); open queries whose rule passes now are resolved by the edit."""
    broken = inconsistencies(issues)
    comment = (comment or "").strip() or None
    new = data_queries.uncovered(session, case.id, broken)
    if new and comment is None:
        raise CommentNeeded(new)
    data_queries.sync(session, case_id=case_id, case_number=case.values.get("case_number"),
                      broken=broken, comment=comment, user=registry.user, at=registry.now())


def _warnings(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if not i.is_error]


def create_case(registry: Registry, case: Case, query_comment: str | None = None) -> SaveResult:
    """Save a new case; a broken consistency rule needs `query_comment` (CommentNeeded)."""
    ready = prepare(case)
    issues = check(registry, ready)
    with registry.transaction() as session:
        _check_unlocked(session, ready, reason=None)
        if inconsistencies(issues) and not (query_comment or "").strip():
            raise CommentNeeded(inconsistencies(issues))
        case_id = repository.add_case(session, ready, registry.settings(), registry.user)
        _sync_queries(registry, session, ready, case_id, issues, query_comment)
    return SaveResult(case_id, 1, _warnings(issues), created=True)


def update_case(registry: Registry, case: Case, reason: str | None = None,
                query_comment: str | None = None) -> SaveResult:
    """Save an edited case; StaleRecord when someone saved it since it was opened, and
    CommentNeeded when it breaks a consistency rule no open query holds yet."""
    ready = prepare(case)
    issues = check(registry, ready)
    try:
        with registry.transaction() as session:
            _check_unlocked(session, ready, reason)
            _sync_queries(registry, session, ready, saved_id(ready), issues, query_comment)
            changes = repository.update_case(session, ready, registry.settings(),
                                             registry.user, reason)
            version = repository.load_row(session, ready.id).version  # in the session already
    except StaleDataError as exc:
        raise StaleRecord() from exc
    return SaveResult(saved_id(ready), version, _warnings(issues), tuple(c[0] for c in changes))


def save_case(registry: Registry, case: Case, reason: str | None = None,
              query_comment: str | None = None) -> SaveResult:
    """Create or update depending on whether the case has an id."""
    if case.id:
        return update_case(registry, case, reason, query_comment)
    return create_case(registry, case, query_comment)


def get_case(registry: Registry, case_id: int, with_identity: bool = True) -> Case:
    with registry.reading() as session:
        return repository.get_case(session, case_id, with_identity)


def find_case_id(registry: Registry, case_number: str) -> int | None:
    """The case with this number, however it is spelt (see clean_code)."""
    with registry.reading() as session:
        return repository.id_by_number(session, clean_code(case_number))


def delete_case(registry: Registry, case_id: int, reason: str) -> Changes:
    """Delete a case (recoverable); a reason is required."""
    if not reason or not reason.strip():
        raise RegistryError("Deleting a case needs a reason.")
    with registry.transaction() as session:
        _check_unlocked(session, repository.get_case(session, case_id), reason)
        repository.delete_case(session, case_id, registry.user, reason.strip())
    return Changes.of_cases([case_id])


def restore_case(registry: Registry, case_id: int, reason: str | None = None) -> Changes:
    with registry.transaction() as session:
        merge = merge_rows.merged_into(session, case_id)
        if merge is not None:
            raise RegistryError(f"This case was merged into another (merge {merge.id}); undo"
                                " the merge instead, so both cases come back as they were.")
        repository.restore_case(session, case_id, registry.user, reason)
    return Changes.of_cases([case_id])


def deleted_cases(registry: Registry) -> list[dict]:
    with registry.reading() as session:
        return repository.deleted_cases(session)


def case_history(registry: Registry, case_id: int) -> list[dict]:
    with registry.reading() as session:
        return audit.history(session, case_id)


def signed_off_month(session, case: Case) -> str | None:
    """The signed-off month the case belongs to, if any."""
    proc = case.values.get("procedure_date")
    if proc is None:
        return None
    month = proc.strftime("%Y-%m")
    return month if session.get(SignoffRow, month) is not None else None


def _check_unlocked(session, case: Case, reason: str | None) -> None:
    months = {signed_off_month(session, case)}
    if case.id is not None:  # the month it is stored in (only its date is needed)
        stored = repository.load_row(session, case.id).procedure_date
        months.add(signed_off_month(session, Case(values={"procedure_date": stored})))
    locked = sorted(m for m in months if m)
    if locked and not (reason and reason.strip()):
        raise LockedCase(f"Case {case.values.get('case_number')} belongs to {locked[0]}, which"
                         " was signed off. Give a reason for the change.")


def recompute_derived(registry: Registry) -> int:
    """Refresh the stored derived columns (after the registry's definitions changed)."""
    settings = registry.settings()
    count = 0
    with registry.transaction() as session:
        every_case = select(CaseRow).options(selectinload(CaseRow.passes),
                                             selectinload(CaseRow.contacts))
        for row in session.scalars(every_case):  # passes and contacts in two queries, not 2 per case
            case = row_to_case(row, with_identity=False)
            for name, value in derived_values(case, settings).items():
                setattr(row, name, value)
            count += 1
        set_meta(session, DERIVED_SETTINGS_KEY, derived_fingerprint(settings))
        session.flush()
        stats_summary.rebuild(session.connection())  # the triggers kept it; also mends it
    return count
