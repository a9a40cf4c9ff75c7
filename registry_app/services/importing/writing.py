"""Writing a checked import: new cases inserted and changed ones updated in bulk, in one
transaction, with the audit rows single saves would write (a created case's values in one
audit row, which its history shows value by value)."""
from __future__ import annotations

from dataclasses import dataclass

from ...storage import bulk_rows, data_queries, digest_marks, stats_summary
from .rows import Candidate
from ..progress import CancelToken, Progress, check_cancel, no_progress
from ..registry import Registry

BATCH = 500
"""Cases per statement batch and progress step (new cases: ~25,000 audit rows at most)."""


def write(registry: Registry, good: list[Candidate], progress: Progress = no_progress,
          cancel: CancelToken | None = None, source: str = "the file") -> None:
    """Create the new cases and update the changed ones, all in one transaction (a cancel or
    a crash before the commit writes nothing); every value is audited (a new case's in one
    row, audit.values_row), and a row that breaks a consistency rule gets an open query for it."""
    with registry.transaction() as session:
        write_into(session, registry, good, Steps(progress, 0, _to_write(good)), cancel, source)
        check_cancel(cancel)  # the last chance: cancelling now still writes nothing


@dataclass(frozen=True)
class Steps:
    """Progress of the writing: cases written before these, and of how many in all."""

    progress: Progress
    done: int
    total: int


def _to_write(good: list[Candidate]) -> int:
    return sum(c.current is None or bool(c.changes) for c in good)


def write_into(session, registry: Registry, good: list[Candidate], steps: Steps,
               cancel: CancelToken | None = None, source: str = "the file") -> int:
    """`write`'s work in the caller's transaction (an import written part by part); returns
    the number of cases written."""
    settings, user = registry.settings(), registry.user
    new = [c.case for c in good if c.current is None]
    changed = [(c.case, c.changes) for c in good if c.changes]
    ids: dict[str, int] = {}
    connection = session.connection()
    with (stats_summary.added_as_a_set(connection) as summed,
          digest_marks.added_as_a_set(connection) as marked):
        for first in range(0, len(new), BATCH):
            check_cancel(cancel)
            batch = new[first:first + BATCH]
            ids.update(bulk_rows.insert_new_cases(session, batch, settings, user,
                                                  action="import", values_in_one_row=True))
            steps.progress("Importing cases", steps.done + first + len(batch), steps.total)
        summed(ids.values())  # one upsert per summary table: the days repeat across batches
        marked(ids.values())  # one upsert of the new cases' marks (theirs, not the changed')
    for first in range(0, len(changed), BATCH):
        check_cancel(cancel)
        edited = changed[first:first + BATCH]
        bulk_rows.update_changed_cases(session, edited, settings, user, reason="import")
        steps.progress("Importing cases", steps.done + len(new) + first + len(edited), steps.total)
    ids.update({c.key: c.existing_id for c in good if c.key and c.existing_id})
    _sync_queries(session, registry, good, ids, source)
    return len(new) + len(changed)


def _sync_queries(session, registry: Registry, good: list[Candidate], ids: dict[str, int],
                  source: str) -> None:
    """Open a query for each rule a written row breaks; resolve a changed case's queries whose
    rule passes now (as a single save does)."""
    held = data_queries.open_counts(session)
    for cand in good:
        written = cand.current is None or bool(cand.changes)
        case_id = ids.get(cand.case.values["case_number"])
        if case_id is not None and written and (cand.queries or case_id in held):
            data_queries.sync(session, case_id=case_id, case_number=cand.key,
                              broken=cand.queries, comment=f"Imported from {source},"
                              f" {cand.sheet} row {cand.row}.", user=registry.user,
                              at=registry.now())
