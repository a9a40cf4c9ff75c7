"""Writing a checked import: new cases inserted and changed ones updated in bulk, in one
transaction, with the audit rows single saves would write."""
from __future__ import annotations

from ..storage import bulk_rows
from .import_rows import Candidate
from .progress import CancelToken, Progress, check_cancel, no_progress
from .registry import Registry

BATCH = 500
"""Cases per statement batch and progress step (new cases: ~25,000 audit rows at most)."""


def write(registry: Registry, good: list[Candidate], progress: Progress = no_progress,
          cancel: CancelToken | None = None) -> None:
    """Create the new cases and update the changed ones, all in one transaction (a cancel or
    a crash before the commit writes nothing); every value is audited as a single save would."""
    settings, user = registry.settings(), registry.user
    new = [c.case for c in good if c.current is None]
    changed = [(c.case, c.changes) for c in good if c.changes]
    total = len(new) + len(changed)
    with registry.transaction() as session:
        for first in range(0, len(new), BATCH):
            check_cancel(cancel)
            batch = new[first:first + BATCH]
            bulk_rows.insert_new_cases(session, batch, settings, user, action="import")
            progress("Importing cases", first + len(batch), total)
        for first in range(0, len(changed), BATCH):
            check_cancel(cancel)
            edited = changed[first:first + BATCH]
            bulk_rows.update_changed_cases(session, edited, settings, user, reason="import")
            progress("Importing cases", len(new) + first + len(edited), total)
        check_cancel(cancel)  # the last chance: cancelling now still writes nothing
