"""Saving and deleting from the case editor, off the GUI thread, never overwriting silently.

* Errors left on the case: refused, with the list, and the cursor goes to the first one.
* StaleRecord (saved elsewhere since opened): said plainly, with an offer to reload while the
  coordinator's own values stay visible (editor_conflict).
* LockedCase (signed-off month): asks for a reason and saves again with it.
* CommentNeeded (a consistency rule broken, e.g. times out of order copied from paper): lists
  the rules in plain words and asks for a comment; saved with an open query per rule, or,
  cancelled, the editor stays as it was.
* A likely duplicate patient (same MRN, or same birth and procedure dates as another case):
  a warning naming the other cases; the coordinator may save all the same.
"""
from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QWidget

from registry_app.domain.case import Case
from registry_app.domain.errors import CommentNeeded, DuplicateCase, LockedCase, NotFound, StaleRecord
from registry_app.services.cases.editing import delete_case, get_case, save_case
from registry_app.services.cases.duplicates import duplicates_sentence, possible_duplicates, worth_checking
from ... import prompts, query_comment
from ...context import GuiContext
from ...errors import show_error
from .drafts import DraftStore


class SavingWindow(Protocol):
    """What saving and deleting use of the editor window (CaseEditor has all of it); dialogs
    are parented to its window()."""

    ctx: GuiContext
    drafts: DraftStore
    original: Case
    draft_key: str
    saving: bool
    errors: list
    merge_after_save: int | None

    @property
    def case_id(self) -> int | None: ...
    def window(self) -> QWidget: ...
    def working(self) -> Case: ...
    def revalidate(self) -> None: ...
    def write_draft(self) -> None: ...
    def after_save(self, fresh: Case, warnings: int, old_key: str) -> None: ...
    def close_now(self) -> None: ...
    def set_status(self, text: str, error: bool = False, sticky: bool = False) -> None: ...
    def focus_field(self, code: str) -> None: ...
    def reload_after_conflict(self, message: str) -> None: ...

RELOAD = "Reload the saved version"
SAVE_ANYWAY, GO_BACK = "Save anyway", "Go back to the case"
SAVE_AND_MERGE = "Save, then merge…"


def save(editor: SavingWindow, reason: str | None = None, close_after: bool = False,
         duplicates_seen: bool = False, comment: str | None = None) -> None:
    """Save the case as the form shows it (see the module docstring for what can happen)."""
    if editor.saving:
        return
    editor.revalidate()
    if editor.errors:
        refuse(editor)
        return
    case, registry, old_key = editor.working(), editor.ctx.registry, editor.draft_key
    editor.write_draft()

    check = not duplicates_seen and worth_checking(case, editor.original if case.id else None)

    def op():
        if check:
            found = possible_duplicates(registry, case)
            if found:
                return found, None
        result = save_case(registry, case, reason, comment)
        return result, get_case(registry, result.case_id)

    def done(outcome) -> None:
        result, fresh = outcome
        if fresh is None:
            duplicate_warning(editor, result, reason, close_after)
            return
        editor.after_save(fresh, len(result.warnings), old_key)
        if close_after:
            editor.close_now()

    editor.saving = True
    editor.revalidate()
    editor.ctx.tasks.run(op, success=done,
                         failure=lambda exc: failed(editor, exc, close_after, reason, comment),
                         parent=editor.window())


def duplicate_warning(editor: SavingWindow, found, reason: str | None,
                      close_after: bool) -> None:
    """Another case may be the same patient: say which, and let the coordinator decide."""
    editor.saving = False
    editor.revalidate()
    numbers = ", ".join(d.case_number for d in found)
    answer = prompts.ask(editor.window(), "Possible duplicate patient",
                         f"This may be a patient already in the registry:\n\n"
                         f"{duplicates_sentence(found)}\n\nCheck case {numbers} before saving."
                         " Save this case anyway?", (SAVE_ANYWAY, SAVE_AND_MERGE, GO_BACK),
                         SAVE_ANYWAY, prompts.Icon.Warning)
    if answer in (SAVE_ANYWAY, SAVE_AND_MERGE):
        editor.merge_after_save = found[0].case_id if answer == SAVE_AND_MERGE else None
        save(editor, reason=reason, close_after=close_after, duplicates_seen=True)
    else:
        editor.set_status(f"Not saved: possible duplicate of case {numbers}.", error=True,
                          sticky=True)


def refuse(editor: SavingWindow) -> None:
    lines = "\n".join(f"• {issue.message}" for issue in editor.errors)
    prompts.warn(editor.window(), "The case cannot be saved yet",
                 f"Correct these first (they are marked in red at the fields):\n\n{lines}")
    editor.focus_field(editor.errors[0].field)


def failed(editor: SavingWindow, exc: BaseException, close_after: bool,
           reason: str | None = None, comment: str | None = None) -> None:
    editor.saving = False
    editor.revalidate()
    if isinstance(exc, StaleRecord):
        conflict(editor, exc)
    elif isinstance(exc, CommentNeeded):
        ask_query_comment(editor, exc, reason, close_after)
    elif isinstance(exc, LockedCase):
        reason = prompts.ask_reason(editor.window(), "Signed-off month", f"{exc.message}\n\nThe reason"
                                    " is recorded in the audit trail.", "Save with this reason")
        if reason:
            save(editor, reason=reason, close_after=close_after, duplicates_seen=True,
                 comment=comment)
    elif isinstance(exc, DuplicateCase):
        show_error(editor.window(), exc)
        editor.focus_field("case_number")
    else:
        show_error(editor.window(), exc)


def ask_query_comment(editor: SavingWindow, exc: CommentNeeded, reason: str | None,
                      close_after: bool) -> None:
    """The case breaks consistency rules: save it as entered, with a comment, as open queries."""
    comment = query_comment.ask_query_comment(editor.window(), exc.issues)
    if comment:
        save(editor, reason=reason, close_after=close_after, duplicates_seen=True,
             comment=comment)
    else:
        editor.set_status("Not saved: correct the case or save it with a comment.",
                          error=True, sticky=True)


def conflict(editor: SavingWindow, exc: StaleRecord) -> None:
    """Someone saved this case since it was opened: nothing was overwritten; offer a reload."""
    answer = prompts.ask(editor.window(), "The case was changed elsewhere",
                         f"{exc.message}\n\nReload the saved version? Your own values stay"
                         " visible above the form so you can take them back.",
                         (RELOAD, "Cancel"), RELOAD, prompts.Icon.Warning)
    if answer != RELOAD:
        editor.set_status("Not saved: the case was changed elsewhere.", error=True, sticky=True)
        return
    try:
        editor.reload_after_conflict(exc.message)
    except NotFound as gone:
        show_error(editor.window(), gone)


def delete(editor: SavingWindow) -> None:
    """Delete the case (recoverable) after asking for the reason."""
    if editor.case_id is None:
        return
    number = editor.original.values.get("case_number")
    reason = prompts.ask_reason(editor.window(), "Delete case", f"Delete case {number}? It can be"
                                " restored later. Give the reason (recorded in the audit trail).",
                                "Delete case")
    if not reason:
        return
    case_id, registry = editor.case_id, editor.ctx.opened_registry

    def done(_) -> None:
        editor.drafts.remove(editor.draft_key)
        editor.close_now()

    editor.ctx.tasks.run(lambda: delete_case(registry, case_id, reason), success=done,
                         parent=editor.window())
