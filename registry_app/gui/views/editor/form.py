"""The case form, built from the field definitions, in the order the procedure happens.

One FieldDef drives each input (pick list, yes/no, number, date, time, text); only the fields
that apply to the case's territory are shown; identifiers sit in their own marked group.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from registry_app.domain.applicability import with_pass_summary
from registry_app.domain.case import Case
from registry_app.domain.field_types import SECTIONS
from registry_app.domain.fields import CASE_FIELDS, IDENTITY_FIELDS
from registry_app.domain.issues import ERROR, Issue
from ...widgets.issue_label import IssueLabel
from . import rules
from .passes import PassesEditor
from .rules import passes_title, set_tab_order
from .sections import FieldRow, Section
from .times import place_form_times, show_times_as_clocks

IDENTITY_TITLE = "Identifiers (kept apart, never exported by default)"
IDENTITY_STYLE = ("QGroupBox#identity_group { border: 2px dashed #7b5ea7; border-radius: 6px;"
                  " margin-top: 1.4em; background: #f6f2fb; }"
                  " QGroupBox#identity_group::title { color: #4f3a74; subcontrol-origin: margin;"
                  " left: 8px; padding: 0 4px; }")
MAIN_FIELDS = ("mrs_90d", "limb_salvage_30d", "limb_salvage_90d", "mi_30d")


class EditorForm(QWidget):
    """All sections of a case; reads and writes a domain Case and shows issues at fields."""

    changed = Signal()

    def __init__(self, default_day: Callable[[], date | None], parent=None) -> None:
        super().__init__(parent)
        self.rows: dict[str, FieldRow] = {}
        self.default_day = default_day
        self.passes = PassesEditor(default_day)
        self.passes_issue = IssueLabel()
        self.passes_issue.setObjectName("issue_passes")
        self.sections = self._sections(default_day)
        self.identity = self._identity_group(default_day)
        self._loading = False
        self.territory = "cerebral"
        self.shown: set[str] | None = None
        self.kept: set[str] = set()
        layout = QVBoxLayout(self)
        for key, section in self.sections.items():
            layout.addWidget(section)
            if key == "patient":
                layout.addWidget(self.identity)
        layout.addStretch(1)
        for row in self.rows.values():
            row.editor.changed.connect(self._edited)
        self.passes.changed.connect(self._edited)
        self.passes.model.first_pass = lambda: {
            "technique": self.rows["first_line_technique"].editor.value()}
        self.set_territory("cerebral")

    def _make_rows(self, fields, default_day) -> list[FieldRow]:
        made = [FieldRow(fd, default_day) for fd in fields]
        self.rows.update({row.fd.code: row for row in made})
        return made

    def _sections(self, default_day) -> dict[str, Section]:
        sections = {}
        for key, title in SECTIONS:
            fields = sorted((f for f in CASE_FIELDS if f.section == key),
                            key=lambda f: f.code == "notes")  # notes close the section
            rows = self._make_rows(fields, default_day)
            extra = self._passes_box() if key == "thrombectomy" else None
            sections[key] = Section(key, title, rows, extra)
        return sections

    def _passes_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 6, 0, 0)
        self.passes_title = QLabel(passes_title("cerebral"))
        layout.addWidget(self.passes_title)
        layout.addWidget(self.passes)
        layout.addWidget(self.passes_issue)
        return box

    def _identity_group(self, default_day) -> Section:
        group = Section("identity", IDENTITY_TITLE, self._make_rows(IDENTITY_FIELDS, default_day))
        group.setObjectName("identity_group")
        group.setStyleSheet(IDENTITY_STYLE)
        group.setToolTip("Used only to find the patient locally. Exports and reports leave"
                         " these out unless identifiers are explicitly included.")
        return group

    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()

    # Territory and layout ########################################################

    def set_territory(self, territory: str, shown: set[str] | None = None) -> None:
        """Show only the fields (and pass columns) that apply to the territory and, when
        given, only the fields in `shown` (what the branching rules ask for)."""
        self.territory, self.shown = territory, shown
        for section in self.sections.values():
            section.lay_out(territory, shown, extra_shown=territory != "coronary")
        self.identity.lay_out(territory)
        self.passes.model.set_territory(territory)
        self.passes_title.setText(passes_title(territory))
        set_tab_order(self)

    def apply_rules(self, case: Case) -> list[FieldRow]:
        """Show the fields the branching rules ask for, with pass-derived values read-only;
        returns the rows about to be hidden that still hold a value (to ask before clearing)."""
        shown, pending = rules.shown_codes(self, case)
        if case.territory != self.territory or shown != self.shown:
            self.set_territory(case.territory, shown)
        self._loading, was = True, self._loading
        try:
            rules.show_pass_summary(self, case)
        finally:
            self._loading = was
        return pending

    # Values ######################################################################

    def set_case(self, case: Case) -> None:
        """Show a case's values (no changed signal)."""
        self._loading = True
        try:
            for code, row in self.rows.items():
                row.editor.set_value(case.get(code))
            self.passes.model.set_passes(case.passes)
            show_times_as_clocks(self)
            self.passes.clear_problem()
            self.kept = rules.held_against_rules(self, case)
            self.apply_rules(case)
        finally:
            self._loading = False

    def read_into(self, case: Case) -> Case:
        """A copy of the case with the form's values, identifiers and passes."""
        result = case.copy()
        place_form_times(self)
        for code, row in self.rows.items():
            target = result.identity if row.fd.identifying else result.values
            target[code] = row.editor.value()
        result.passes = self.passes.model.numbered()
        return with_pass_summary(result)

    def problems(self) -> list[Issue]:
        """Typed input that cannot be read (e.g. '25/13/2024'): errors that block saving."""
        return [Issue(code, problem, ERROR) for code, row in self.rows.items()
                if (problem := row.editor.problem())]

    def show_issues(self, by_field: dict[str, list[Issue]]) -> None:
        for code, row in self.rows.items():
            row.issue.set_issues(by_field.get(code, []))
            row.issue.setVisible(row.editor.isVisibleTo(self) and bool(row.issue.issues))
        self.passes_issue.set_issues(by_field.get("passes", []))

    def issue_label(self, code: str) -> IssueLabel | None:
        if code == "passes":
            return self.passes_issue
        row = self.rows.get(code)
        return row.issue if row else None

    def field_widget(self, code: str) -> QWidget | None:
        if code == "passes":
            return self.passes.table
        row = self.rows.get(code)
        return row.editor if row else None

    def section_widget(self, key: str) -> QWidget | None:
        return self.identity if key == "identity" else self.sections.get(key)

    def first_field_of(self, key: str) -> FieldRow | None:
        """Where the cursor goes in a section: its main field if still empty (the follow-up
        outcome in 'outcome'), else the first empty shown field, else the first shown one."""
        section = self.sections.get(key) or (self.identity if key == "identity" else None)
        if section is None:
            return None
        shown = [row for row in section.rows if row.editor.isVisibleTo(self)
                 and row.editor.isEnabled()]
        empty = [row for row in shown if row.editor.value() is None]
        main = [row for row in empty if row.fd.code in MAIN_FIELDS]
        candidates = main or empty or shown
        return candidates[0] if candidates else None
