"""Previous and next case from the editor window, in the case list's order, without reopening.

The main window gives each editor a ``CaseBrowser`` (the case list's order and the other open
editors). Moving on from unsaved changes asks first: save (then move on), discard, or stay.
"""
from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from registry_app.domain.case import Case
from registry_app.services.cases.editing import get_case
from ... import prompts
from ...context import GuiContext
from .conflict import ConflictPanel
from .drafts import Draft, DraftStore, key_for
from .form import EditorForm

NEXT, PREVIOUS = 1, -1


class CaseBrowser(Protocol):
    """What the editor needs from the window that lists the cases."""

    def neighbour(self, case_id: int, offset: int) -> int | None:
        """The case `offset` rows away from `case_id` in the list as shown, or None."""

    def editor_for(self, case_id: int) -> QWidget | None:
        """Another editor window already showing that case, if any."""


class BrowsingWindow(Protocol):
    """What moving to another case uses of the editor window (CaseEditor has all of it);
    questions are parented to its window()."""

    ctx: GuiContext
    drafts: DraftStore
    original: Case
    mine: Case | None
    draft_key: str
    saving: bool
    browser: CaseBrowser | None
    form: EditorForm
    conflict: ConflictPanel

    @property
    def case_id(self) -> int | None: ...
    @property
    def saved(self) -> SignalInstance: ...
    @property
    def switched(self) -> SignalInstance: ...
    def window(self) -> QWidget: ...
    def windowTitle(self) -> str: ...
    def is_dirty(self) -> bool: ...
    def save(self) -> None: ...
    def revalidate(self) -> None: ...
    def apply_draft(self, draft: Draft) -> None: ...
    def set_status(self, text: str, error: bool = False, sticky: bool = False) -> None: ...


def step(editor: BrowsingWindow, offset: int) -> None:
    """Show the next (offset 1) or previous (-1) case of the list in this same window."""
    browser = editor.browser
    if browser is None or editor.case_id is None or editor.saving:
        return
    target = browser.neighbour(editor.case_id, offset)
    if target is None:
        where = "last" if offset > 0 else "first"
        editor.set_status(f"This is the {where} case in the list.", sticky=True)
        return
    other = browser.editor_for(target)
    if other is not None and other is not editor:
        other.show()
        other.raise_()
        other.activateWindow()
        return
    leave_then(editor, lambda: show_case(editor, target))


def leave_then(editor: BrowsingWindow, move_on) -> None:
    """Run move_on once the case shown may be left: at once, after a save, or never (stay)."""
    if not editor.is_dirty():
        editor.drafts.remove(editor.draft_key)
        move_on()
        return
    answer = prompts.ask_save_discard_cancel(
        editor.window(), "Unsaved changes", f"{editor.windowTitle().replace('[*]', '')} has unsaved"
        " changes. Save them before moving on?")
    if answer == "discard":
        editor.drafts.remove(editor.draft_key)
        move_on()
    elif answer == "save":
        def after(_case_id: int) -> None:
            editor.saved.disconnect(after)
            move_on()
        editor.saved.connect(after)
        editor.save()
        if not editor.saving:  # refused (errors) or asked something and stayed: do not move
            editor.saved.disconnect(after)


def show_case(editor: BrowsingWindow, case_id: int) -> None:
    """Load another saved case into the editor (offering its unsaved draft, if any)."""
    draft = recovered_draft(editor.drafts, case_id, editor.window())
    editor.original = get_case(editor.ctx.opened_registry, case_id)
    editor.draft_key, editor.mine = key_for(case_id), None
    editor.form.kept.clear()
    editor.form.set_case(editor.original)
    editor.conflict.setVisible(False)
    editor.set_status("")
    if draft is not None:
        editor.apply_draft(draft)
    editor.revalidate()
    editor.switched.emit(case_id)


def recovered_draft(store: DraftStore, case_id: int, parent: QWidget | None) -> Draft | None:
    """The case's draft left by a crashed session, if the coordinator wants it back."""
    draft = store.load(key_for(case_id))
    if draft is None:
        return None
    answer = prompts.ask(parent, "Unsaved changes found",
                         f"Changes to case {draft.describe()} were not saved (the"
                         " application was closed unexpectedly). Recover them?",
                         ("Recover my changes", "Discard them"), "Recover my changes")
    if answer == "Discard them":  # Escape keeps the draft: nothing is lost by accident
        store.remove(draft.key)
        return None
    return draft
