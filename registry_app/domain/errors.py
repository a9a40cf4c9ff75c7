"""Typed errors whose messages are written for a coordinator, not a programmer."""
from __future__ import annotations

from typing import Any


class RegistryError(Exception):
    """Something went wrong with the registry."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())

    @property
    def message(self) -> str:
        return str(self)


class ValueProblem(RegistryError, ValueError):
    """A value could not be understood."""


class ValidationFailed(RegistryError):
    """The case has errors that must be corrected before it can be saved."""

    def __init__(self, issues: list[Any]) -> None:
        self.issues = issues
        lines = [issue.message for issue in issues if issue.severity == "error"]
        super().__init__("The case cannot be saved:\n" + "\n".join(f"- {line}" for line in lines))


class CommentNeeded(ValidationFailed):
    """The case breaks consistency rules: it can be saved with a comment, as open queries."""

    def __init__(self, issues: list[Any]) -> None:
        self.issues = issues
        lines = [issue.message for issue in issues]
        RegistryError.__init__(self, "The case breaks these consistency rules (correct it, or"
                               " save it in the case editor with a comment: each becomes an"
                               " open query):\n" + "\n".join(f"- {line}" for line in lines))


class NotFound(RegistryError):
    """The case was not found; it may have been deleted."""


class StaleRecord(RegistryError):
    """The case was changed elsewhere since you opened it."""


class DuplicateCase(RegistryError):
    """Another case already uses this case number."""


class Cancelled(RegistryError):
    """The operation was cancelled."""


class LockedCase(RegistryError):
    """The case belongs to a signed-off month; give a reason to change it."""
