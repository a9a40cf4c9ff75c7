"""The plain validation message shown at a field: red for errors, amber for warnings."""
from __future__ import annotations

from html import escape
from typing import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ...domain.issues import Issue

ERROR_COLOUR, WARNING_COLOUR = "#b3261e", "#8a5300"
ERROR_BACKGROUND, WARNING_BACKGROUND = "#fdecea", "#fff4db"


def issue_html(issues: Iterable[Issue]) -> str:
    """Errors and warnings as coloured lines (escaped; the text comes from the domain)."""
    lines = []
    for issue in issues:
        colour = ERROR_COLOUR if issue.is_error else WARNING_COLOUR
        word = issue_word(issue)
        lines.append(f"<span style='color:{colour}'><b>{word}:</b> {escape(issue.message)}</span>")
    return "<br>".join(lines)


def issue_word(issue: Issue) -> str:
    """'Error' (cannot be stored), 'Inconsistency' (may be saved as an open query) or 'Check'."""
    if issue.is_soft:
        return "Inconsistency"
    return "Error" if issue.is_error else "Check"


class IssueLabel(QLabel):
    """Hidden when the field is fine; otherwise its messages, worst first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.issues: list[Issue] = []
        self.setVisible(False)

    def set_issues(self, issues: list[Issue]) -> None:
        ordered = sorted(issues, key=lambda i: not i.is_error)
        if ordered == self.issues:
            return
        self.issues = ordered
        self.setText(issue_html(ordered))
        background = ERROR_BACKGROUND if any(i.is_error for i in ordered) else WARNING_BACKGROUND
        self.setStyleSheet(f"QLabel {{ background: {background}; padding: 2px 4px;"
                           " border-radius: 3px; }")
        self.setVisible(bool(ordered))

    @property
    def severity(self) -> str | None:
        """'error', 'warning' or None: what the coordinator sees at the field."""
        if not self.issues:
            return None
        return "error" if any(i.is_error for i in self.issues) else "warning"

    def plain_text(self) -> str:
        return "\n".join(issue.message for issue in self.issues)
