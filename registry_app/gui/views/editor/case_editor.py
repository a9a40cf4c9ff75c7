"""The case editor window: the form in procedure order, live checks, drafts and a safe save.

Open one with ``open_editor(ctx, case_id)`` (offers to recover a draft) or
``CaseEditor(ctx, case_id=None)`` for a new case. Saving runs on the task runner; see
``editor_saving`` for conflicts (StaleRecord) and signed-off months (LockedCase).
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from registry_app.domain import derived
from registry_app.domain.applicability import condition_text
from registry_app.domain.values import format_value
from registry_app.domain.case import Case, new_case, saved_id
from registry_app.domain.issues import Issue
from registry_app.domain.validation import issues_by_field, validate_case
from registry_app.services.cases.editing import get_case
from registry_app.services.cases.data_queries import DataQuery, list_queries
from ... import prompts
from ...context import GuiContext
from ...widgets.field_widgets import ComboFieldEditor, FieldEditor, TextFieldEditor
from . import browse as editor_browse, saving as editor_saving
from .browse import CaseBrowser, recovered_draft
from .conflict import differences
from .drafts import Draft, DraftStore, key_for, new_key
from .form import EditorForm
from .layout import EditorLayout


class CaseEditor(EditorLayout, QWidget):
    """One case in its own window."""

    saved = Signal(int)
    closed = Signal(object)
    switched = Signal(int)
    """Another case of the list is shown in this window (Previous/Next case)."""

    def __init__(self, ctx: GuiContext, case_id: int | None = None, *, draft: Draft | None = None,
                 drafts: DraftStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx, self.drafts = ctx, drafts or DraftStore()
        self.original = get_case(ctx.opened_registry, case_id) if case_id else self._blank_case()
        self.draft_key = key_for(case_id) or (draft.key if draft else new_key())
        self.saving, self.close_allowed = False, False
        self.errors: list[Issue] = []
        self.inconsistencies: list = []
        self._queries_key: tuple[int | None, int] | None = None
        self._open_queries: list[DataQuery] = []
        self.asking = False
        self.mine: Case | None = None
        self.browser: CaseBrowser | None = None  # set by the main window: Previous/Next case
        self.merge_after_save: int | None = None
        """A possible duplicate to merge with once saved ('Save, then merge…')."""
        self.form = EditorForm(self.procedure_day)
        self._build()
        self.form.set_case(self.original)
        if draft is not None:
            self.apply_draft(draft)
        self.form.changed.connect(self.on_changed)
        self.revalidate()
        self.resize(*self.initial_size())
        self.form.rows["case_number"].editor.focus_input()  # typing starts at the top

    def _blank_case(self) -> Case:
        return new_case(procedure_date=self.ctx.today())

    def initial_size(self) -> tuple[int, int]:
        screen = self.screen().availableGeometry()
        return min(1280, screen.width()), min(900, screen.height() - 40)

    # State #######################################################################

    @property
    def case_id(self) -> int | None:
        return self.original.id

    @property
    def open_queries(self) -> list:
        """The open queries of the case shown (read again when another case or version is)."""
        key = (self.original.id, self.original.version)
        if key != self._queries_key:
            self._queries_key = key
            self._open_queries = list_queries(self.ctx.opened_registry, key[0]) if key[0] else []
        return self._open_queries

    def procedure_day(self) -> date | None:
        row = self.form.rows.get("procedure_date") if hasattr(self, "form") else None
        return row.editor.value() if row else None

    def working(self) -> Case:
        """The case as the form shows it now (id and version of the case opened)."""
        return self.form.read_into(self.original)

    def is_dirty(self) -> bool:
        return self._dirty(self.working())

    def _dirty(self, case: Case) -> bool:
        return not case.clinically_equal(self.original) or bool(self.form.problems())

    def on_changed(self) -> None:
        self.status.setProperty("sticky", False)
        self.revalidate()
        self._draft_timer.start()

    def revalidate(self) -> None:
        """Checks, derived values, completeness and title, from the form as it is now."""
        case = self.working()
        pending = self.form.apply_rules(case)
        if pending and not self.asking:
            QTimer.singleShot(0, self.confirm_hidden)
        issues = self.form.problems() + validate_case(case, self.ctx.settings, self.ctx.today())
        self.errors = [issue for issue in issues if issue.blocks_saving]
        self.inconsistencies = [issue for issue in issues if issue.is_soft]
        dirty = self._dirty(case)
        if self.case_id is None and not dirty:  # a blank new case does not open in red
            issues = [issue for issue in issues if not issue.message.endswith("is required.")]
        self.form.show_issues(issues_by_field(issues))
        self.summary.show_issues(issues)
        self.derived.show_case(case, self.ctx.settings, self.ctx.today())
        self.badge.set_share(derived.completeness(case))
        self._update_title(case, dirty)
        self._update_buttons(dirty)

    def confirm_hidden(self) -> None:
        """Fields the branching rules now hide still hold values: clear them only if the
        coordinator agrees; kept ones stay shown (and checked)."""
        pending = self.form.apply_rules(self.working())
        if not pending or self.asking:
            return
        self.asking = True
        try:
            clear = prompts.ask(self, "Clear fields that no longer apply?", hidden_question(pending),
                                (CLEAR, KEEP), CLEAR) == CLEAR
        finally:
            self.asking = False
        for row in pending:
            if clear:
                row.editor.set_value(None)
            else:
                self.form.kept.add(row.fd.code)
        self.on_changed()

    def _update_title(self, case: Case, dirty: bool) -> None:
        number = case.values.get("case_number") or "(no case number yet)"
        kind = "New case" if self.case_id is None else "Case"
        self.title_label.setText(f"<b style='font-size:14pt'>{kind} {number}</b>"
                                 f" &nbsp; {case.territory.capitalize()}")
        self.setWindowTitle(f"{kind} {number}[*] — Thrombectomy registry")
        self.setWindowModified(dirty)

    def _update_buttons(self, dirty: bool) -> None:
        self.save_button.setEnabled(not self.saving and not self.errors)
        self.delete_button.setEnabled(self.case_id is not None and not self.saving)
        for button in (self.previous_button, self.next_button):
            button.setVisible(self.browser is not None and self.case_id is not None)
            button.setEnabled(not self.saving)
        self.history_button.setEnabled(self.case_id is not None)
        if self.saving:
            self.set_status("Saving…")
        elif self.errors and (dirty or self.case_id is not None):
            count = len(self.errors)
            self.set_status(f"{count} error{'s' if count > 1 else ''} must be corrected before"
                            " saving.", error=True)
        elif self.new_inconsistencies() and dirty and not self.status.property("sticky"):
            count = len(self.new_inconsistencies())
            self.set_status(f"{count} inconsistenc{'ies' if count > 1 else 'y'}: correct, or save"
                            " with a comment (an open query).", error=True)
        elif self.inconsistencies and not self.status.property("sticky"):
            count = len(self.inconsistencies)
            self.set_status(f"{count} open quer{'ies' if count > 1 else 'y'} on this case (saved"
                            " with a comment); correcting the case resolves it.")
        elif not self.status.property("sticky"):
            self.set_status("Unsaved changes." if dirty else "")

    def new_inconsistencies(self) -> list:
        """Broken consistency rules no open query of the case holds yet (saving asks why)."""
        held = {(q.rule, q.fields) for q in self.open_queries}
        return [i for i in self.inconsistencies if (i.rule, i.field) not in held]

    def set_status(self, text: str, error: bool = False, sticky: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b3261e;" if error else "")
        self.status.setProperty("sticky", sticky)

    # Navigation ##################################################################

    def open_section(self, key: str) -> None:
        """Scroll to a section (e.g. 'outcome') and put the cursor in its first empty field."""
        row = self.form.first_field_of(key)
        if row is not None:
            row.editor.focus_input()
        self._scroll_to(key)
        QTimer.singleShot(0, lambda: self._scroll_to(key))

    def _scroll_to(self, key: str) -> None:
        widget = self.form.section_widget(key)
        if widget is not None and self.form_scroll.widget() is self.form:
            self.form_scroll.verticalScrollBar().setValue(widget.y())

    def focus_field(self, code: str) -> None:
        widget = self.form.field_widget(code)
        if widget is None or not widget.isVisibleTo(self.form):
            return
        self.form_scroll.ensureWidgetVisible(widget, 40, 80)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # Drafts and conflicts ########################################################

    def apply_draft(self, draft: Draft) -> None:
        """Show a recovered draft over the case as loaded (keeping the draft's version)."""
        recovered = draft.case
        recovered.id = self.original.id
        recovered.contacts = self.original.contacts
        self.form.set_case(recovered)
        for code, text in draft.unreadable.items():
            row = self.form.rows.get(code)
            if row is not None and hasattr(row.editor, "set_text"):
                row.editor.set_text(text)
        if self.case_id is not None and draft.case.version:
            self.original.version = draft.case.version
        self.set_status(f"Recovered unsaved changes typed {draft.saved_at:%Y-%m-%d %H:%M}.",
                        sticky=True)

    def write_draft(self) -> None:
        case = self.working()
        if self._dirty(case):
            unreadable = {i.field: typed_text(self.form.rows[i.field].editor)
                          for i in self.form.problems()}
            self.drafts.save(self.draft_key, case, unreadable)
        elif self.mine is None:
            self.drafts.remove(self.draft_key)

    def reload(self, message: str) -> None:
        """Show the case as stored now (changed elsewhere); unsaved values stay listed beside it."""
        if self.is_dirty():
            self.reload_after_conflict(message)
            return
        self.original = get_case(self.ctx.opened_registry, saved_id(self.original))
        self.form.set_case(self.original)
        self.set_status(message, sticky=True)
        self.revalidate()

    def reload_after_conflict(self, message: str) -> None:
        """Show the saved case; keep the coordinator's values visible beside it."""
        base, self.mine = self.original, self.working()
        fresh = get_case(self.ctx.opened_registry, saved_id(self.original))
        self.original = fresh
        self.form.set_case(fresh)
        self.conflict.show_differences(differences(self.mine, fresh, base), message)
        self.revalidate()

    def apply_mine(self, codes: list[str]) -> None:
        if self.mine is None:
            return
        for code in codes:
            if code == "passes":
                self.form.passes.model.set_passes(self.mine.passes)
            elif code in self.form.rows:
                self.form.rows[code].editor.set_value(self.mine.get(code))
        self.on_changed()

    # Actions #####################################################################

    def save(self, reason: str | None = None, close_after: bool = False) -> None:
        editor_saving.save(self, reason=reason if isinstance(reason, str) else None,
                           close_after=close_after)

    def after_save(self, fresh: Case, warnings: int, old_key: str) -> None:
        """The save went through: show the case as stored and drop the draft."""
        self.saving, self.mine = False, None
        self.drafts.remove(old_key)
        self.draft_key = key_for(saved_id(fresh))
        self.drafts.remove(self.draft_key)
        self.original = fresh
        self.form.set_case(fresh)
        self.conflict.setVisible(False)
        note = f" {warnings} warning{'s' if warnings != 1 else ''} to check." if warnings else ""
        if self.open_queries:
            count = len(self.open_queries)
            note += f" {count} open quer{'ies' if count != 1 else 'y'}."
        self.set_status(f"Saved (version {fresh.version}).{note}", sticky=True)
        self.revalidate()
        self.saved.emit(fresh.id)
        other, self.merge_after_save = self.merge_after_save, None
        if other is not None:
            QTimer.singleShot(0, self, lambda: self.offer_merge(other))

    def set_browser(self, browser: CaseBrowser) -> None:
        """Offer Previous/Next case in the order of the given list."""
        self.browser = browser
        self._update_buttons(self.is_dirty())

    def next_case(self) -> None:
        editor_browse.step(self, editor_browse.NEXT)

    def previous_case(self) -> None:
        editor_browse.step(self, editor_browse.PREVIOUS)

    def offer_merge(self, other_id: int) -> None:
        """The merge dialog for this case and its possible duplicate (the older one kept by
        default); the editor closes when this case was merged away, else shows the result."""
        from ...dialogs.merge_dialog import MergeDialog
        dialog = MergeDialog(self.ctx, other_id, saved_id(self.original), self)
        if dialog.exec() and dialog.merge_id is not None:
            if dialog.shown_plan().other.id == self.case_id:
                self.close_now()
            else:
                self.reload(f"Merged (merge {dialog.merge_id}).")

    def show_history(self) -> None:
        from ...dialogs.history_dialog import HistoryDialog
        if self.case_id is not None:
            HistoryDialog(self.ctx, self.case_id, self.original.values.get("case_number"),
                          self).exec()

    def delete_case(self) -> None:
        editor_saving.delete(self)

    def close_now(self) -> None:
        """Close without asking (after delete, or once saved)."""
        self.close_allowed = True
        self.close()

    def closeEvent(self, event) -> None:
        if self.close_allowed or self._may_close():
            self._draft_timer.stop()
            self.closed.emit(self)
            event.accept()
        else:
            event.ignore()

    def _may_close(self) -> bool:
        if self.saving:
            self.set_status("Wait until saving has finished.", sticky=True)
            return False
        if not self.is_dirty():
            self.drafts.remove(self.draft_key)
            return True
        answer = prompts.ask_save_discard_cancel(
            self, "Unsaved changes", f"{self.windowTitle().replace('[*]', '')} has unsaved"
            " changes. Save them before closing?")
        if answer == "save":
            self.save(close_after=True)
            return False
        if answer == "discard":
            self.drafts.remove(self.draft_key)
            return True
        return False


CLEAR, KEEP = "Clear them", "Keep them"


def hidden_question(rows) -> str:
    lines = "\n".join(f"• {row.fd.label}: {format_value(row.fd, row.editor.value())}"
                      f" (asked {condition_text(row.fd)})" for row in rows)
    return (f"These fields no longer apply but hold a value:\n\n{lines}\n\nClear them?"
            " Keep them to leave the values as they are (they stay shown).")


def open_editor(ctx: GuiContext, case_id: int | None, parent: QWidget | None = None,
                drafts: DraftStore | None = None) -> CaseEditor:
    """An editor for a saved case, offering to recover a draft left by a previous session."""
    store = drafts or DraftStore()
    draft = recovered_draft(store, case_id, parent) if case_id is not None else None
    return CaseEditor(ctx, case_id, draft=draft, drafts=store)


def typed_text(editor: FieldEditor) -> str:
    """The text typed in an input that reads typing (the inputs whose text can be unreadable)."""
    return editor.text() if isinstance(editor, (TextFieldEditor, ComboFieldEditor)) else ""
