"""How the case editor window is laid out: header, section links, form beside the checks,
and the button bar kept outside the scroll area so Save is always reachable."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QScrollArea, QSplitter,
                               QToolButton, QVBoxLayout, QWidget)

from registry_app.domain.field_types import SECTIONS
from ...widgets.completeness_badge import CompletenessBadge
from .conflict import ConflictPanel
from .side import DerivedPanel, IssueSummary

if TYPE_CHECKING:
    from .form import EditorForm

DRAFT_DELAY_MS = 500
SHORT_TITLES = {"patient": "Patient", "presentation": "Presentation", "times": "Times",
                "thrombectomy": "Passes", "rescue": "Rescue", "complications": "Complications",
                "outcome": "Outcome"}


class EditorLayout(QWidget):
    """Base of CaseEditor: builds its widgets (expects self.form and the editor's slots)."""

    if TYPE_CHECKING:  # what CaseEditor provides
        form: EditorForm

        def focus_field(self, code: str) -> None: ...
        def apply_mine(self, codes: list[str]) -> None: ...
        def write_draft(self) -> None: ...
        def save(self, reason: str | None = None, close_after: bool = False) -> None: ...
        def next_case(self) -> None: ...
        def previous_case(self) -> None: ...
        def open_section(self, key: str) -> None: ...
        def show_history(self) -> None: ...
        def delete_case(self) -> None: ...

    def _build(self) -> None:
        self.badge, self.title_label = CompletenessBadge(), QLabel()
        self.title_label.setObjectName("editor_title")
        self.derived, self.summary = DerivedPanel(), IssueSummary()
        self.summary.field_requested.connect(self.focus_field)
        self.conflict = ConflictPanel()
        self.conflict.apply_requested.connect(self.apply_mine)
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        layout.addLayout(self._section_links())
        layout.addWidget(self.conflict)
        layout.addWidget(self._splitter(), 1)
        layout.addLayout(self._button_bar())
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.write_draft)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, self.next_case)
        QShortcut(QKeySequence("Ctrl+PgUp"), self, self.previous_case)

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.title_label, 1)
        row.addWidget(self.badge)
        return row

    def _section_links(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Go to:"))
        for number, (key, _) in enumerate(SECTIONS, start=1):
            button = QToolButton()
            button.setText(SHORT_TITLES.get(key, key))
            button.setToolTip(f"Alt+{number}")
            button.setAutoRaise(True)
            button.clicked.connect(lambda _=False, k=key: self.open_section(k))
            QShortcut(QKeySequence(f"Alt+{number}"), self, lambda k=key: self.open_section(k))
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _splitter(self) -> QSplitter:
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.derived)
        column.addWidget(self.summary, 1)
        side_scroll = QScrollArea()  # on a short screen the side scrolls instead of squashing
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_scroll.setWidget(side)
        side_scroll.setMinimumWidth(side.sizeHint().width()
                                    + side_scroll.verticalScrollBar().sizeHint().width())
        splitter = QSplitter()
        splitter.addWidget(self.form_scroll)
        splitter.addWidget(side_scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 330])
        self.splitter = splitter
        return splitter

    def _button_bar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.history_button = QPushButton("History…")
        self.delete_button = QPushButton("Delete case…")
        self.previous_button, self.next_button = QPushButton("◀ Previous"), QPushButton("Next ▶")
        self.previous_button.setToolTip("Previous case in the list (Ctrl+PgUp)")
        self.next_button.setToolTip("Next case in the list (Ctrl+PgDown)")
        self.previous_button.clicked.connect(self.previous_case)
        self.next_button.clicked.connect(self.next_case)
        for button in (self.previous_button, self.next_button):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.status = QLabel()
        self.status.setObjectName("editor_status")
        self.close_button = QPushButton("Close")
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.setToolTip(QKeySequence(QKeySequence.StandardKey.Save).toString())
        self.history_button.clicked.connect(self.show_history)
        self.delete_button.clicked.connect(self.delete_case)
        self.close_button.clicked.connect(self.close)
        self.save_button.clicked.connect(self.save)
        for widget in (self.history_button, self.delete_button, self.previous_button,
                       self.next_button):
            row.addWidget(widget)
        row.addWidget(self.status, 1)
        row.addWidget(self.close_button)
        row.addWidget(self.save_button)
        return row
