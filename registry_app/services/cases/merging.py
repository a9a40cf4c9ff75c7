"""Merge two cases of one patient, and undo the merge exactly; each is one audited transaction.

The kept case takes the chosen values (see domain.case_merge); the case merged away is not
removed: it is hidden as deleted cases are (so lists, exports, duplicate checks and every
statistics path leave it out), its reason naming the case it was merged into and the merge.
Every audit row of a merge or its undo names the merge ("Merge 3: ...").
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ...domain.case import Case, saved_id
from ...domain.case_merge import FieldChoice, MergeChoices, default_choices, field_choices, merged
from ...domain.errors import LockedCase, NotFound, RegistryError, StaleRecord
from ...domain.validation import Issue, inconsistencies, validate_case
from ...storage import audit, data_queries, merge_rows, repository
from ...storage.mapping import row_to_case
from ...storage.schema import CaseMergeRow, CaseRow
from .editing import check, prepare, signed_off_month
from ..changes import Changes
from ..registry import Registry


@dataclass(frozen=True)
class MergePlan:
    """Both cases side by side, each field with its default pick."""

    kept: Case
    other: Case
    fields: list[FieldChoice]
    defaults: MergeChoices

    @property
    def differing(self) -> list[FieldChoice]:
        return [choice for choice in self.fields if choice.differs]


@dataclass(frozen=True)
class MergeRecord:
    """One merge as listed: who merged which case into which, and whether it was undone."""

    merge_id: int
    merged_at: datetime
    merged_by: str
    kept_case_id: int
    kept_number: str
    merged_case_id: int
    merged_number: str
    undone_at: datetime | None

    @property
    def changes(self) -> Changes:
        """Both cases changed (the task runner broadcasts it)."""
        return Changes.of_cases([self.kept_case_id, self.merged_case_id])

    def text(self) -> str:
        undone = f", undone {self.undone_at:%Y-%m-%d %H:%M}" if self.undone_at else ""
        return (f"Merge {self.merge_id}: case {self.merged_number} merged into case"
                f" {self.kept_number} on {self.merged_at:%Y-%m-%d %H:%M} by"
                f" {self.merged_by}{undone}")


def plan_merge(registry: Registry, kept_id: int, other_id: int) -> MergePlan:
    """The two cases (neither deleted nor merged away) and the default picks."""
    if kept_id == other_id:
        raise RegistryError("A case cannot be merged with itself; choose two different cases.")
    with registry.reading() as session:
        kept = repository.get_case(session, kept_id)
        other = repository.get_case(session, other_id)
    return MergePlan(kept, other, field_choices(kept, other), default_choices(kept, other))


def merge_cases(registry: Registry, kept_id: int, other_id: int,
                choices: MergeChoices | None = None, reason: str | None = None,
                versions: tuple[int, int] | None = None) -> MergeRecord:
    """Merge case `other_id` into case `kept_id` (choices default as in ``default_choices``);
    `versions`, when given, are the versions the choices were made on (StaleRecord when either
    case changed since). Returns the merge as listed (its id, both cases, what changed)."""
    plan = plan_merge(registry, kept_id, other_id)
    if versions is not None and versions != (plan.kept.version, plan.other.version):
        raise StaleRecord("One of the two cases was changed since the merge was prepared;"
                          " open the merge again to see the current values.")
    survivor, leftover = merged(plan.kept, plan.other, choices or plan.defaults)
    survivor = prepare(survivor)
    broken = inconsistencies(check(registry, survivor))
    with registry.transaction() as session:
        _check_unlocked(session, [plan.kept, plan.other, survivor], reason)
        return _merge(session, registry, survivor, leftover, reason, broken)


def _merge(session, registry: Registry, survivor: Case, leftover: Case,
           reason: str | None, broken: list[Issue]) -> MergeRecord:
    """Both cases' rows kept for the undo, then the survivor saved, the other hidden; a
    consistency rule the merged values break opens a query whose comment names the merge."""
    now = registry.now()
    record = CaseMergeRow(merged_at=now, merged_by=registry.user, kept_case_id=survivor.id,
                          merged_case_id=leftover.id, kept_version=0, reason=reason,
                          before=merge_rows.snapshot_json(session, [saved_id(survivor), saved_id(leftover)]))
    session.add(record)
    session.flush()
    kept_number, other_number = survivor.values["case_number"], leftover.values["case_number"]
    text = _text(record.id, f"case {other_number} merged into case {kept_number}", reason)
    settings, user = registry.settings(), registry.user
    repository.update_case(session, survivor, settings, user, text, action="merge")
    repository.update_case(session, leftover, settings, user, text, action="merge")
    row = repository.load_row(session, leftover.id)
    row.deleted_at, row.updated_at, row.updated_by = now, now, user
    row.deleted_reason = f"Merged into case {kept_number} (merge {record.id})"
    audit.record(session, user=user, action="merge", case_id=leftover.id,
                 case_number=other_number, reason=text, at=now)
    data_queries.sync(session, case_id=saved_id(survivor), case_number=kept_number,
                      broken=broken, comment=text, user=user, at=now)
    session.flush()
    record.kept_version = session.get(CaseRow, survivor.id).version
    return _listed(session, record)


def undo_merge(registry: Registry, merge_id: int, reason: str | None = None) -> MergeRecord:
    """Put both cases back exactly as they were before the merge (values, identifiers, passes
    and contacts); refused when the kept case was changed after the merge."""
    with registry.transaction() as session:
        record = _active_merge(session, merge_id)
        _check_unchanged(session, record)
        before = {case_id: _case(session, case_id) for case_id in _ids(record)}
        _check_unlocked(session, list(before.values()), reason)
        now = registry.now()
        merge_rows.restore(session, record.before)
        text = _text(merge_id, "undone", reason)
        for case_id, old in before.items():
            restored = _case(session, case_id)
            audit.record(session, user=registry.user, action="unmerge", case_id=case_id,
                         case_number=old.values["case_number"], reason=text, at=now,
                         changes=audit.field_changes(old, restored))
            _queries_after_undo(session, registry, restored, text)
        record.undone_at, record.undone_by = now, registry.user
        return _listed(session, record)


def _queries_after_undo(session, registry: Registry, case: Case, text: str) -> None:
    """Queries follow the values put back: one whose rule passes again is resolved (as by an
    edit); a rule the restored values break is held open, its comment naming the undo."""
    issues = validate_case(case, registry.settings(), registry.today())
    data_queries.sync(session, case_id=saved_id(case), case_number=case.values["case_number"],
                      broken=inconsistencies(issues), comment=text, user=registry.user,
                      at=registry.now())


def _check_unchanged(session, record: CaseMergeRow) -> None:
    """StaleRecord when the kept case changed after the merge (a later merge into it is
    named: undo that one first)."""
    kept = repository.load_row(session, record.kept_case_id)
    if kept.version == record.kept_version:
        return
    later = session.scalar(select(CaseMergeRow.id).where(
        CaseMergeRow.kept_case_id == record.kept_case_id, CaseMergeRow.id > record.id,
        CaseMergeRow.undone_at.is_(None)).order_by(CaseMergeRow.id.desc()))
    hint = f" Undo merge {later} first." if later else ""
    raise StaleRecord(f"Case {kept.case_number} was changed after merge {record.id} (by"
                      f" {kept.updated_by} at {kept.updated_at:%Y-%m-%d %H:%M}); undoing the"
                      f" merge would lose that change, so nothing was undone.{hint}")


def merges(registry: Registry) -> list[MergeRecord]:
    """Every merge, newest first."""
    with registry.reading() as session:
        rows = session.scalars(select(CaseMergeRow).order_by(CaseMergeRow.id.desc())).all()
        return [_listed(session, row) for row in rows]


def _active_merge(session, merge_id: int) -> CaseMergeRow:
    record = session.get(CaseMergeRow, merge_id)
    if record is None:
        raise NotFound(f"Merge {merge_id} was not found; `registry-app merges` lists them.")
    if record.undone_at is not None:
        raise RegistryError(f"Merge {merge_id} was already undone on"
                            f" {record.undone_at:%Y-%m-%d %H:%M} by {record.undone_by}.")
    return record


def _ids(record: CaseMergeRow) -> tuple[int, int]:
    return record.kept_case_id, record.merged_case_id


def _case(session, case_id: int) -> Case:
    return row_to_case(repository.load_row(session, case_id, include_deleted=True))


def _listed(session, record: CaseMergeRow) -> MergeRecord:
    numbers = {case_id: session.get(CaseRow, case_id).case_number for case_id in _ids(record)}
    return MergeRecord(record.id, record.merged_at, record.merged_by, record.kept_case_id,
                       numbers[record.kept_case_id], record.merged_case_id,
                       numbers[record.merged_case_id], record.undone_at)


def _text(merge_id: int, what: str, reason: str | None) -> str:
    return f"Merge {merge_id}: {what}" + (f" ({reason.strip()})" if reason and reason.strip()
                                          else "")


def _check_unlocked(session, cases: list[Case], reason: str | None) -> None:
    locked = sorted({m for case in cases if (m := signed_off_month(session, case))})
    if locked and not (reason and reason.strip()):
        raise LockedCase(f"The merge changes a case of {locked[0]}, which was signed off."
                         " Give a reason for the change.")
