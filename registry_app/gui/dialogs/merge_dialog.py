"""Merging two cases of one patient: both side by side, differing fields highlighted, a pick
per field, whose passes, whether the follow-up contacts move; reversible (Edit → Merges…)."""
from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QRadioButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from ...domain.case import Case, saved_id
from ...domain.case_merge import BOTH, KEPT, LEAVE, MOVE, OTHER, FieldChoice, MergeChoices
from ...domain.values import format_value
from ...services.cases.merging import MergePlan, MergeRecord, merge_cases, plan_merge
from ..errors import show_error

DIFFERS = QBrush(QColor("#fff0c2"))
CHOSEN = QBrush(QColor("#d7f0d2"))
PICKS = {KEPT: "keep case {kept}'s", OTHER: "take case {other}'s", BOTH: "both"}


def number(case: Case) -> str:
    return str(case.values.get("case_number") or case.id)


def value_text(choice: FieldChoice, value) -> str:
    return "—" if value is None or value == () else format_value(choice.fd, value)


def case_line(case: Case) -> str:
    day = case.values.get("procedure_date")
    passes = len(case.passes)
    return (f"Case {number(case)}: procedure {day or 'date unknown'}, {passes} pass"
            f"{'es' if passes != 1 else ''}, {len(case.contacts)} follow-up contact"
            f"{'s' if len(case.contacts) != 1 else ''}")


class MergeDialog(QDialog):
    """Choose the case to keep and, field by field, the values it ends with."""

    def __init__(self, ctx, first_id: int, second_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.ids = ctx, (first_id, second_id)
        self.plan: MergePlan | None = None
        self.picks: dict[str, QComboBox] = {}
        self.merge_id: int | None = None
        self.setWindowTitle("Merge two cases of one patient")
        self.keep_first, self.keep_second = QRadioButton(), QRadioButton()
        self.keep_first.setChecked(True)
        self.keep_first.toggled.connect(lambda _on: self.load())
        self.legend = QLabel("Fields that differ are shaded; green marks the value the kept case"
                             " ends with. Each case keeps its own case number.")
        self.only_differing = QCheckBox("Show only the fields that differ")
        self.only_differing.setChecked(True)
        self.only_differing.toggled.connect(self._filter_rows)
        self.table = self._table()
        self.passes, self.contacts = QComboBox(), QCheckBox()
        self.passes.setToolTip("Passes are not mixed: the whole table comes from one case, with"
                               " the number of passes, first-pass time and grade after the"
                               " last pass it gives.")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("optional; needed when a case is in a signed-off month")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.merge_button = QPushButton("Merge")
        self.merge_button.clicked.connect(self.merge)
        self._lay_out()
        self.resize(1000, 680)
        self.load()

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, 4)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _lay_out(self) -> None:
        keep = QHBoxLayout()
        keep.addWidget(QLabel("Keep:"))
        keep.addWidget(self.keep_first)
        keep.addWidget(self.keep_second)
        keep.addStretch(1)
        form = QFormLayout()
        form.addRow("Passes table:", self.passes)
        form.addRow("Follow-up contacts:", self.contacts)
        form.addRow("Reason:", self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(keep)
        layout.addWidget(self.legend)
        layout.addWidget(self.only_differing)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)

    # Showing both cases ##########################################################

    def kept_and_other(self) -> tuple[int, int]:
        first, second = self.ids
        return (first, second) if self.keep_first.isChecked() else (second, first)

    def load(self) -> None:
        """Read both cases (again) and show them with the default picks."""
        try:
            self.plan = plan_merge(self.ctx.registry, *self.kept_and_other())
        except Exception as exc:  # noqa: BLE001 - shown in words by show_error
            self.merge_button.setEnabled(False)
            show_error(self, exc)
            return
        plan = self.plan
        first, second = (plan.kept, plan.other) if self.keep_first.isChecked() else (
            plan.other, plan.kept)
        self.keep_first.setText(case_line(first))
        self.keep_second.setText(case_line(second))
        self.table.setHorizontalHeaderLabels(
            ["Field", f"Case {number(plan.kept)} (kept)", f"Case {number(plan.other)}",
             "Value kept"])
        self._fill_rows(plan)
        self._fill_children(plan)

    def _fill_rows(self, plan: MergePlan) -> None:
        self.picks = {}
        self.table.clearContents()
        self.table.setRowCount(len(plan.fields))
        for row, choice in enumerate(plan.fields):
            texts = (choice.fd.label, value_text(choice, choice.kept),
                     value_text(choice, choice.other))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if choice.differs:
                    item.setBackground(DIFFERS)
                self.table.setItem(row, column, item)
            if choice.differs:
                self.table.setCellWidget(row, 3, self._pick(choice, plan))
            else:
                self.table.setItem(row, 3, QTableWidgetItem("same in both"))
        self._filter_rows()

    def _pick(self, choice: FieldChoice, plan: MergePlan) -> QComboBox:
        combo = QComboBox()
        names = {"kept": number(plan.kept), "other": number(plan.other)}
        for option in choice.options():
            combo.addItem(PICKS[option].format(**names), option)
        combo.setCurrentIndex(combo.findData(plan.defaults.fields[choice.fd.code]))
        combo.currentIndexChanged.connect(lambda _i, c=choice: self._mark(c))
        self.picks[choice.fd.code] = combo
        self._mark(choice, combo)
        return combo

    def _mark(self, choice: FieldChoice, combo: QComboBox | None = None) -> None:
        """Green on the value(s) that will be kept."""
        combo = combo or self.picks[choice.fd.code]
        row = self.shown_plan().fields.index(choice)
        pick = combo.currentData()
        for column, side in ((1, KEPT), (2, OTHER)):
            item = self.table.item(row, column)
            if item is not None:
                item.setBackground(CHOSEN if pick in (side, BOTH) else DIFFERS)

    def _filter_rows(self) -> None:
        only = self.only_differing.isChecked()
        for row, choice in enumerate(self.plan.fields if self.plan else []):
            self.table.setRowHidden(row, only and not choice.differs)

    def _fill_children(self, plan: MergePlan) -> None:
        self.passes.clear()
        for side, case in ((KEPT, plan.kept), (OTHER, plan.other)):
            count = len(case.passes)
            self.passes.addItem(f"from case {number(case)} ({count} pass"
                                f"{'es' if count != 1 else ''})", side)
        self.passes.setCurrentIndex(self.passes.findData(plan.defaults.passes))
        moved = len(plan.other.contacts)
        self.contacts.setText(f"move case {number(plan.other)}'s {moved} contact"
                              f"{'s' if moved != 1 else ''} to case {number(plan.kept)}")
        self.contacts.setChecked(moved > 0)
        self.contacts.setEnabled(moved > 0)
        self.note.setText(
            f"Case {number(plan.other)} is not deleted: it is marked as merged into case"
            f" {number(plan.kept)} and hidden from the lists and statistics. Every change is"
            " recorded in both cases' history, and Edit → Merges… can undo the merge, giving"
            " back both cases exactly as they are now.")

    # Merging #####################################################################

    def shown_plan(self) -> MergePlan:
        """The plan on screen (its pickers and the merge button exist only once it is read)."""
        if self.plan is None:
            raise RuntimeError("The merge plan has not been read yet.")
        return self.plan

    def choices(self) -> MergeChoices:
        fields = dict(self.shown_plan().defaults.fields)
        fields.update({code: combo.currentData() for code, combo in self.picks.items()})
        return MergeChoices(fields, self.passes.currentData(),
                            MOVE if self.contacts.isChecked() else LEAVE)

    def merge(self) -> None:
        """Merge on the database worker; the dialog closes when it is done."""
        plan, choices, reason = self.shown_plan(), self.choices(), self.reason.text().strip() or None
        kept, other = saved_id(plan.kept), saved_id(plan.other)
        versions = (plan.kept.version, plan.other.version)
        self.merge_button.setEnabled(False)
        self.ctx.tasks.run(
            lambda: merge_cases(self.ctx.registry, kept, other, choices, reason, versions),
            success=self._merged, failure=self._failed, parent=self)

    def _merged(self, done: MergeRecord) -> None:
        """Merged (the task runner has told every screen both cases changed)."""
        self.merge_id = done.merge_id
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.merge_button.setEnabled(True)
        show_error(self, exc)
