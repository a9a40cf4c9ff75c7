"""The interchange format: one flat row per case named by field code, plus attempts and contacts."""
from __future__ import annotations

import re
from typing import Any

from ...domain.case import Case
from ...domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS, FieldDef

CASES_SHEET, ATTEMPTS_SHEET, CONTACTS_SHEET = "cases", "attempts", "contacts"
KEY = "case_number"
KEY_FIELD = FieldDef(KEY, "Case number", "patient", "text")
"""The first column of the attempts and contacts sheets: the case the row belongs to."""
FORMULA_START = ("=", "+", "-", "@")
EXCEL_CELL_LIMIT = 32_767
"""Characters an Excel cell holds; longer text is refused by the xlsx export, never cut."""
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters XML cannot hold; xlsx files write them as Excel's '_xHHHH_' escape."""
ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
CONTINUED = re.compile(rf"^(?P<sheet>{CASES_SHEET}|{ATTEMPTS_SHEET}|{CONTACTS_SHEET})\s*"
                       r"\((?P<part>[1-9][0-9]{0,5})\)$")
"""A worksheet that continues a sheet (its name lower-cased): 'attempts (2)', 'attempts (3)'..."""


def continued_name(sheet: str, part: int) -> str:
    """The name of a sheet's `part`-th worksheet: 'attempts', then 'attempts (2)', 'attempts (3)'..."""
    return sheet if part == 1 else f"{sheet} ({part})"


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


def xlsx_escape(text: str) -> str:
    """Text as an xlsx cell holds it (Excel's own convention): control characters become
    '_x0001_', and text that already looks like such an escape gets its '_' escaped."""
    if "_x" in text:
        text = ESCAPED.sub(lambda m: "_x005F" + m.group(0), text)
    return CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def xlsx_unescape(text: str) -> str:
    """Undo xlsx_escape (and Excel's escapes) when a workbook is read."""
    return ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text
