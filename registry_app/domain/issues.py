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

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass(frozen=True)
class Context:
    """What rules need besides the case: the registry's definitions and today's date."""

    settings: RegistrySettings
    today: date


def field_label(code: str) -> str:
    return FIELDS_BY_CODE[code].label


def error_at(code: str, text: str) -> Issue:
    return Issue(code, f"{field_label(code)}: {text}", ERROR)


def warning_at(code: str, text: str) -> Issue:
    return Issue(code, f"{field_label(code)}: {text}", WARNING)
