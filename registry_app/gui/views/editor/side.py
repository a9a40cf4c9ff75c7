"""Beside the case form: derived values computed live and the list of checks (issues)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QFormLayout, QGroupBox, QLabel, QListWidget, QListWidgetItem,
                               QVBoxLayout, QWidget)

from registry_app.domain import derived
from registry_app.domain.case import Case
from registry_app.domain.issues import Issue
from registry_app.domain.settings import RegistrySettings
from ...models.columns import FOLLOWUP_WORDS
from ...widgets.issue_label import ERROR_COLOUR, WARNING_COLOUR, issue_word

UNKNOWN_TEXT = "–"


def yes_no(value: bool | None) -> str:
    return UNKNOWN_TEXT if value is None else ("Yes" if value else "No")


def minutes(value: int | None) -> str:
    return UNKNOWN_TEXT if value is None else f"{value} min"


class DerivedPanel(QGroupBox):
    """Intervals, MT failure, first-pass effect and the follow-up window, as the user types."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Computed from this case", parent)
        self.setObjectName("derived_panel")
        self.values: dict[str, QLabel] = {}
        form = QFormLayout(self)
        for code, label, _, _ in derived.INTERVALS:
            form.addRow(label, self._value(code))
        for code, label in (("mt_failed", "MT failed"), ("first_pass_effect", "First-pass effect"),
                            ("followup_due", "Follow-up due"), ("followup_window", "Window"),
                            ("followup_status", "Follow-up")):
            form.addRow(label, self._value(code))

    def _value(self, code: str) -> QLabel:
        label = QLabel(UNKNOWN_TEXT)
        label.setObjectName(f"derived_{code}")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.values[code] = label
        return label

    def show_case(self, case: Case, settings: RegistrySettings, today: date) -> None:
        summary = derived.derived_summary(case, today, settings)
        for code, *_ in derived.INTERVALS:
            value = summary[code]
            self.values[code].setText(minutes(value) if value is None or value >= 0
                                      else "times out of order")
            self.values[code].setStyleSheet("" if value is None or value >= 0
                                            else f"color: {ERROR_COLOUR};")
        self.values["mt_failed"].setText(yes_no(summary["mt_failed"]))
        self.values["mt_failed"].setToolTip(settings.describe_mt_failure())
        self.values["first_pass_effect"].setText(yes_no(summary["first_pass_effect"]))
        window = derived.followup_window(case, settings)
        due = summary["followup_due"]
        self.values["followup_due"].setText(due.isoformat() if due else UNKNOWN_TEXT)
        self.values["followup_window"].setText(
            f"{window.opens.isoformat()} to {window.closes.isoformat()}" if window else UNKNOWN_TEXT)
        self.values["followup_status"].setText(FOLLOWUP_WORDS.get(summary["followup_status"],
                                                                  UNKNOWN_TEXT))

    def text_of(self, code: str) -> str:
        return self.values[code].text()


class IssueSummary(QGroupBox):
    """Every check at once, errors first; clicking one goes to its field."""

    field_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Checks", parent)
        self.setObjectName("issue_summary")
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._go)
        self.list.itemClicked.connect(self._go)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.list, 1)

    def show_issues(self, issues: list[Issue]) -> None:
        errors = sum(1 for i in issues if i.blocks_saving)
        soft = sum(1 for i in issues if i.is_soft)
        self.headline.setText(headline(errors, len(issues) - errors - soft, soft))
        self.list.clear()
        for issue in sorted(issues, key=lambda i: (not i.blocks_saving, not i.is_error)):
            item = QListWidgetItem(f"{issue_word(issue)}: {issue.message}")
            item.setForeground(QColor(ERROR_COLOUR if issue.is_error else WARNING_COLOUR))
            item.setData(Qt.ItemDataRole.UserRole, issue.field)
            self.list.addItem(item)

    def _go(self, item: QListWidgetItem) -> None:
        self.field_requested.emit(item.data(Qt.ItemDataRole.UserRole))


def headline(errors: int, warnings: int, soft: int = 0) -> str:
    if not errors and not warnings and not soft:
        return "No problems found."
    parts = []
    if errors:
        parts.append(f"<span style='color:{ERROR_COLOUR}'><b>{errors} error"
                     f"{'s' if errors > 1 else ''}</b> must be corrected before saving.</span>")
    if soft:
        parts.append(f"<span style='color:{ERROR_COLOUR}'><b>{soft} inconsistenc"
                     f"{'ies' if soft > 1 else 'y'}</b>: correct, or save with a comment (each"
                     " becomes an open query).</span>")
    if warnings:
        parts.append(f"<span style='color:{WARNING_COLOUR}'>{warnings} warning"
                     f"{'s' if warnings > 1 else ''} to check (saving is allowed).</span>")
    return "<br>".join(parts)
