"""Saving and deleting from the case editor, off the GUI thread, never overwriting silently.

* Errors left on the case: refused, with the list, and the cursor goes to the first one.
* StaleRecord (saved elsewhere since opened): said plainly, with an offer to reload while the
  coordinator's own values stay visible (editor_conflict).
* LockedCase (signed-off month): asks for a reason and saves again with it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.errors import DuplicateCase, LockedCase, NotFound, StaleRecord
from ...services.cases import delete_case, get_case, save_case
from .. import prompts
from ..errors import show_error

if TYPE_CHECKING:
    from .case_editor import CaseEditor

RELOAD = "Reload the saved version"


def save(editor: "CaseEditor", reason: str | None = None, close_after: bool = False) -> None:
    """Save the case as the form shows it (see the module docstring for what can happen)."""
    if editor.saving:
        return
    editor.revalidate()
    if editor.errors:
        refuse(editor)
        return
    case, registry, old_key = editor.working(), editor.ctx.registry, editor.draft_key
    editor.write_draft()

    def op():
        result = save_case(registry, case, reason)
        return result, get_case(registry, result.case_id)

    def done(outcome) -> None:
        result, fresh = outcome
        editor.after_save(fresh, len(result.warnings), old_key)
        if close_after:
            editor.close_now()

    editor.saving = True
    editor.revalidate()
    editor.ctx.tasks.run(op, success=done, failure=lambda exc: failed(editor, exc, close_after),
                         parent=editor)


def refuse(editor: "CaseEditor") -> None:
    lines = "\n".join(f"• {issue.message}" for issue in editor.errors)
    prompts.warn(editor, "The case cannot be saved yet",
                 f"Correct these first (they are marked in red at the fields):\n\n{lines}")
    editor.focus_field(editor.errors[0].field)


def failed(editor: "CaseEditor", exc: BaseException, close_after: bool) -> None:
    editor.saving = False
    editor.revalidate()
    if isinstance(exc, StaleRecord):
        conflict(editor, exc)
    elif isinstance(exc, LockedCase):
        reason = prompts.ask_reason(editor, "Signed-off month", f"{exc.message}\n\nThe reason"
                                    " is recorded in the audit trail.", "Save with this reason")
        if reason:
            save(editor, reason=reason, close_after=close_after)
    elif isinstance(exc, DuplicateCase):
        show_error(editor, exc)
        editor.focus_field("case_number")
    else:
        show_error(editor, exc)


def conflict(editor: "CaseEditor", exc: StaleRecord) -> None:
    """Someone saved this case since it was opened: nothing was overwritten; offer a reload."""
    answer = prompts.ask(editor, "The case was changed elsewhere",
                         f"{exc.message}\n\nReload the saved version? Your own values stay"
                         " visible above the form so you can take them back.",
                         (RELOAD, "Cancel"), RELOAD, prompts.Icon.Warning)
    if answer != RELOAD:
        editor.set_status("Not saved: the case was changed elsewhere.", error=True, sticky=True)
        return
    try:
        editor.reload_after_conflict(exc.message)
    except NotFound as gone:
        show_error(editor, gone)


def delete(editor: "CaseEditor") -> None:
    """Delete the case (recoverable) after asking for the reason."""
    if editor.case_id is None:
        return
    number = editor.original.values.get("case_number")
    reason = prompts.ask_reason(editor, "Delete case", f"Delete case {number}? It can be"
                                " restored later. Give the reason (recorded in the audit trail).",
                                "Delete case")
    if not reason:
        return
    case_id, registry = editor.case_id, editor.ctx.registry

    def done(_) -> None:
        editor.drafts.remove(editor.draft_key)
        editor.ctx.notify_cases_changed([case_id])
        editor.close_now()

    editor.ctx.tasks.run(lambda: delete_case(registry, case_id, reason), success=done,
                         parent=editor)
