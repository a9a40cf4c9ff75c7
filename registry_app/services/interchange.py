"""The interchange format: one flat row per case named by field code, plus attempts and contacts."""
from __future__ import annotations

from typing import Any

from ..domain.case import Case
from ..domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS, FieldDef

CASES_SHEET, ATTEMPTS_SHEET, CONTACTS_SHEET = "cases", "attempts", "contacts"
KEY = "case_number"
FORMULA_START = ("=", "+", "-", "@")


def case_fields(identified: bool = False) -> tuple[FieldDef, ...]:
    """The columns of the cases sheet; identifiers only when explicitly asked."""
    return CASE_FIELDS + (IDENTITY_FIELDS if identified else ())


def attempt_fields() -> tuple[FieldDef, ...]:
    return PASS_FIELDS


def contact_fields() -> tuple[FieldDef, ...]:
    return CONTACT_FIELDS


def case_record(case: Case, identified: bool = False) -> list[Any]:
    """Typed values of one case in column order."""
    return [case.get(fd.code) for fd in case_fields(identified)]


def attempt_records(case: Case) -> list[list[Any]]:
    return [[case.values[KEY]] + [p.get(fd.code) for fd in PASS_FIELDS] for p in case.passes]


def contact_records(case: Case) -> list[list[Any]]:
    return [[case.values[KEY]] + [c.get(fd.code) for fd in CONTACT_FIELDS] for c in case.contacts]


def guard_text(text: str) -> str:
    """Stop spreadsheet programs from running text as a formula (CSV injection)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def unguard_text(text: str) -> str:
    """Undo guard_text on import."""
    if text.startswith("'") and text[1:2] in FORMULA_START:
        return text[1:]
    return text
