"""The case form, built from the field definitions, in the order the procedure happens.

One FieldDef drives each input (pick list, yes/no, number, date, time, text); only the fields
that apply to the case's territory are shown; identifiers sit in their own marked group.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from registry_app.domain.applicability import with_pass_summary
from registry_app.domain.case import Case
from registry_app.domain.field_types import SECTIONS, FieldDef, section_title
from registry_app.domain.fields import CASE_FIELDS, IDENTITY_FIELDS
from registry_app.domain.issues import ERROR, Issue
from ...widgets.field_input import make_editor
from ...widgets.field_widgets import FieldEditor
from ...widgets.issue_label import IssueLabel
from . import rules
from .passes import PassesEditor
from .rules import passes_title, set_tab_order
from .times import place_form_times, show_times_as_clocks

IDENTITY_TITLE = "Identifiers (kept apart, never exported by default)"
IDENTITY_STYLE = ("QGroupBox#identity_group { border: 2px dashed #7b5ea7; border-radius: 6px;"
                  " margin-top: 1.4em; background: #f6f2fb; }"
                  " QGroupBox#identity_group::title { color: #4f3a74; subcontrol-origin: margin;"
                  " left: 8px; padding: 0 4px; }")
LABEL_WIDTH = 150
MAIN_FIELDS = ("mrs_90d", "limb_salvage_30d", "limb_salvage_90d", "mi_30d")
TERRITORY_TITLED = ("thrombectomy", "rescue")


def label_text(fd: FieldDef, territory: str | None) -> str:
    unit = f" ({fd.unit})" if fd.unit else ""
    return f"{fd.label_for(territory)}{unit}{' *' if fd.required else ''}"


class FieldRow:
    """A field's label, its input and the issue label shown under the input."""

    def __init__(self, fd: FieldDef, default_day: Callable[[], date | None]) -> None:
        self.fd = fd
        self.label = QLabel(label_text(fd, None))
        self.label.setWordWrap(True)
        self.label.setToolTip(fd.help)
        self.editor: FieldEditor = make_editor(fd, default_day=default_day)
        self.issue = IssueLabel()
        self.issue.setObjectName(f"issue_{fd.code}")

    @property
    def wide(self) -> bool:
        return self.fd.kind == "multichoice" or self.fd.code == "notes"

    def set_territory(self, territory: str) -> None:
        self.label.setText(label_text(self.fd, territory))

    def set_visible(self, shown: bool) -> None:
        for widget in (self.label, self.editor):
            widget.setVisible(shown)
        self.issue.setVisible(shown and bool(self.issue.issues))


class Section(QGroupBox):
    """One step of the procedure: its fields in two columns, plus an optional extra widget."""

    def __init__(self, key: str, title: str, rows: list[FieldRow],
                 extra: QWidget | None = None) -> None:
        super().__init__(title)
        self.key, self.rows, self.extra = key, rows, extra
        self._placed: tuple | None = None  # what lay_out last placed: redone only on change
        self.setObjectName(f"section_{key}")
        self.grid = QGridLayout(self)
        self.grid.setColumnMinimumWidth(0, LABEL_WIDTH)
        self.grid.setColumnMinimumWidth(2, LABEL_WIDTH)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self.grid.setHorizontalSpacing(12)
        for row in rows:  # parented from the start: a parentless widget shown is a window
            for widget in (row.label, row.editor, row.issue):
                widget.setParent(self)
                widget.setVisible(False)

    def lay_out(self, territory: str, codes: set[str] | None = None,
                extra_shown: bool = True) -> list[FieldRow]:
        """Place the rows that apply to the territory (and are among `codes`, the fields the
        branching rules ask for); returns them in tab order."""
        shown = [row for row in self.rows if row.fd.applies_to(territory)
                 and (codes is None or row.fd.code in codes)]
        placed = (territory, tuple(row.fd.code for row in shown), extra_shown)
        if placed == self._placed:
            return shown
        self._placed = placed
        while self.grid.count():
            self.grid.takeAt(0)
        if self.key in TERRITORY_TITLED:
            self.setTitle(section_title(self.key, territory))
        for row in shown:
            row.set_territory(territory)
        line, column = 0, 0
        for row in shown:
            line, column = self._place(row, line, column)
        for row in self.rows:
            row.set_visible(row in shown)
        if self.extra is not None:
            self.grid.addWidget(self.extra, line + (1 if column else 0) * 2, 0, 1, 4)
            self.extra.setVisible(extra_shown)
        return shown

    def _place(self, row: FieldRow, line: int, column: int) -> tuple[int, int]:
        if row.wide and column:
            line, column = line + 2, 0
        span = 3 if row.wide else 1
        self.grid.addWidget(row.label, line, column * 2)
        self.grid.addWidget(row.editor, line, column * 2 + 1, 1, span)
        self.grid.addWidget(row.issue, line + 1, column * 2 + 1, 1, span)
        if row.wide or column:
            return line + 2, 0
        return line, 1


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
        return [Issue(code, row.editor.problem(), ERROR) for code, row in self.rows.items()
                if row.editor.problem()]

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
        return (main or empty or shown or [None])[0]
