"""The printed data dictionary: every column with its label, type, unit and allowed values."""
from __future__ import annotations

import csv
import io
import json

from ...domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS, FieldDef
from .rows import ATTEMPTS_SHEET, CASES_SHEET, CONTACTS_SHEET

COLUMNS = ("sheet", "code", "label", "section", "type", "unit", "allowed", "required",
           "identifying", "territories", "help")


def _entry(sheet: str, fd: FieldDef) -> dict:
    return {
        "sheet": sheet, "code": fd.code, "label": fd.label, "section": fd.section,
        "type": fd.kind, "unit": fd.unit, "allowed": fd.allowed_text(),
        "required": "yes" if fd.required else ("recommended" if fd.recommended else "no"),
        "identifying": "yes" if fd.identifying else "no",
        "territories": ", ".join(sorted(fd.territories)), "help": fd.help,
        "choices": [{"code": c.code, "label": c.label} for c in fd.choices],
    }


def dictionary_entries() -> list[dict]:
    """One entry per interchange column, cases sheet first."""
    entries = [_entry(CASES_SHEET, fd) for fd in CASE_FIELDS + IDENTITY_FIELDS]
    entries += [_entry(ATTEMPTS_SHEET, fd) for fd in PASS_FIELDS]
    entries += [_entry(CONTACTS_SHEET, fd) for fd in CONTACT_FIELDS]
    return entries


def dictionary_json() -> str:
    return json.dumps(dictionary_entries(), indent=2, ensure_ascii=False)


def dictionary_csv() -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(dictionary_entries())
    return out.getvalue()


def dictionary_text() -> str:
    """A plain-text table for the terminal."""
    lines = []
    for e in dictionary_entries():
        unit = f" [{e['unit']}]" if e["unit"] else ""
        allowed = f" — {e['allowed']}" if e["allowed"] else ""
        lines.append(f"{e['sheet']:<9} {e['code']:<26} {e['type']:<11} {e['label']}{unit}{allowed}")
    return "\n".join(lines)
