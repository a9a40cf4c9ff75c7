"""A thrombectomy case: clinical values by field code, its passes, contacts and identifiers."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Iterable

from .field_types import FieldDef
from .fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS

Value = str | int | float | bool | date | datetime | tuple[str, ...] | None


def _blank(fields: Iterable[FieldDef]) -> dict[str, Any]:
    return {f.code: None for f in fields}


_BLANK_VALUES, _BLANK_IDENTITY = _blank(CASE_FIELDS), _blank(IDENTITY_FIELDS)
_BLANK_PASS, _BLANK_CONTACT = _blank(PASS_FIELDS), _blank(CONTACT_FIELDS)
"""Every field blank, made once: each case starts from copies of them (never handed out)."""


@dataclass
class Case:
    """One procedure. Values are keyed by field code; None means unknown or not recorded."""

    values: dict[str, Any] = field(default_factory=dict)
    passes: list[dict[str, Any]] = field(default_factory=list)
    identity: dict[str, Any] = field(default_factory=dict)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    id: int | None = None
    version: int = 0
    locked: bool = False

    def __post_init__(self) -> None:
        self.values = {**_BLANK_VALUES, **self.values}
        self.identity = {**_BLANK_IDENTITY, **self.identity}
        self.passes = [{**_BLANK_PASS, **p} for p in self.passes]
        self.contacts = [{**_BLANK_CONTACT, **c} for c in self.contacts]

    def get(self, code: str) -> Any:
        """A clinical or identity value by field code."""
        if code in self.values:
            return self.values[code]
        return self.identity.get(code)

    @property
    def territory(self) -> str:
        return self.values.get("territory") or "cerebral"

    def copy(self) -> "Case":
        """A deep-enough copy for editing without touching the original."""
        return replace(
            self, values=dict(self.values), identity=dict(self.identity),
            passes=[dict(p) for p in self.passes], contacts=[dict(c) for c in self.contacts],
        )

    def clinically_equal(self, other: "Case") -> bool:
        """Same clinical values, passes and identifiers (ids and versions aside)."""
        return (self.values == other.values and self.passes == other.passes
                and self.identity == other.identity)


def saved_id(case: Case) -> int:
    """The id of a case read from the registry; ValueError for a case never saved."""
    if case.id is None:
        raise ValueError(f"Case {case.values.get('case_number')} has not been saved yet.")
    return case.id


def new_case(**values: Any) -> Case:
    """A case with the given field values and the cerebral territory by default."""
    case = Case(values=dict(values))
    case.values["territory"] = case.values.get("territory") or "cerebral"
    return case
