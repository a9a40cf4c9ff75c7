"""Asking for the comment that saves a case breaking consistency rules as open queries."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from . import prompts

SAVE_WITH_QUERIES = "Save with open queries"
COMMENT_HINT = "Comment, e.g. 'as written on the paper form; asked the operator'"


def comment_prompt(issues) -> str:
    """The broken rules in plain words, and what saving with a comment does."""
    rules = "\n".join(f"• {issue.message}" for issue in issues)
    return (f"This case breaks {_rules(len(issues))}:\n\n{rules}\n\nIf the form says so (e.g."
            " copied from paper), save it as entered: each becomes an open query, listed until"
            " resolved. Write a comment for the data manager. Cancel to correct the case first.")


def _rules(count: int) -> str:
    return "this consistency rule" if count == 1 else f"these {count} consistency rules"


def ask_query_comment(parent: QWidget, issues) -> str | None:
    """The coordinator's comment for saving with open queries, or None (cancelled)."""
    return prompts.ask_reason(parent, "Save with open queries?", comment_prompt(issues),
                              SAVE_WITH_QUERIES, COMMENT_HINT) or None
