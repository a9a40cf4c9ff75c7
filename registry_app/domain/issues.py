"""A validation issue and the small helpers that word it: field label first, then the problem."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .fields import FIELDS_BY_CODE
from .settings import RegistrySettings

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Issue:
    """One problem with a case: the field it belongs to, a plain message and its severity."""

    field: str
    message: str
    severity: str = ERROR
    rule: str | None = None
    """The consistency rule broken (a soft stop: saved with an open query), None for a value
    that cannot be stored (a hard stop) or a warning."""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def is_soft(self) -> bool:
        """An inconsistency that may be saved as an open query with the coordinator's comment."""
        return self.is_error and self.rule is not None

    @property
    def blocks_saving(self) -> bool:
        """A value that cannot be stored (not a number, not in the vocabulary, a bad date)."""
        return self.is_error and self.rule is None


@dataclass(frozen=True)
class Context:
    """What rules need besides the case: the registry's definitions and today's date."""

    settings: RegistrySettings
    today: date


def field_label(code: str) -> str:
    return FIELDS_BY_CODE[code].label


def error_at(code: str, text: str) -> Issue:
    return Issue(code, f"{field_label(code)}: {text}", ERROR)


def query_at(code: str, rule: str, text: str) -> Issue:
    """An error-level consistency rule broken at a field: saving opens a query instead."""
    return Issue(code, f"{field_label(code)}: {text}", ERROR, rule)


def warning_at(code: str, text: str) -> Issue:
    return Issue(code, f"{field_label(code)}: {text}", WARNING)
