"""A spare editor window built while the coordinator is idle, so opening a case only fills it.

Building the form (about a hundred fields) costs far more than showing a case in it. After the
first case is opened, the pool builds one hidden editor a moment later; the next open takes it
and loads the case (as Previous/Next do), then another spare is built when the GUI is idle.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from . import browse as editor_browse

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ...context import GuiContext
    from .case_editor import CaseEditor
    from .drafts import DraftStore

SPARE_DELAY_MS = 1000


class EditorPool(QObject):
    """Hands out case editors, keeping one built ahead once editing has started."""

    def __init__(self, ctx: GuiContext, drafts: DraftStore, parent: QObject | None = None,
                 delay_ms: int = SPARE_DELAY_MS) -> None:
        super().__init__(parent)
        self.ctx, self.drafts = ctx, drafts
        self.spare: CaseEditor | None = None
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self.build_spare)

    def open(self, case_id: int, parent: QWidget | None = None) -> CaseEditor:
        """An editor showing the saved case (offering its unsaved draft first, if any)."""
        editor, self.spare = self.spare, None
        if editor is None:
            from .case_editor import open_editor
            editor = open_editor(self.ctx, case_id, parent, self.drafts)
        else:
            try:
                editor_browse.show_case(editor, case_id)
            except Exception:  # e.g. the case was deleted meanwhile: the spare stays spare
                self.spare = editor
                raise
            editor.form.rows["case_number"].editor.focus_input()  # as in a new window
        self._timer.start()
        return editor

    def build_spare(self) -> None:
        """Build the hidden spare now (the timer calls this once the GUI is idle)."""
        if self.spare is None and self.ctx.is_open and not self.ctx.tasks.closed:
            from .case_editor import CaseEditor
            self.spare = CaseEditor(self.ctx, None, drafts=self.drafts)

    def shutdown(self) -> None:
        self._timer.stop()
        if self.spare is not None:
            self.spare.close_now()
            self.spare = None
