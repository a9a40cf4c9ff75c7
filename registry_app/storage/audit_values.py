"""The one audit row of a created case (audit.values_row) written straight as JSON text, each
field's texts remembered (an import repeats the same few values in every column)."""
from __future__ import annotations

import json
from typing import Any

from ..domain.case import Case
from ..domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
from ..domain.values import format_value
from .audit import VALUES_FIELD, Change

REMEMBERED = 4_000
"""Distinct values a field remembers the text of at most (memory stays flat in the cases)."""

_CASE = tuple((fd.code, fd) for fd in CASE_FIELDS)
_IDENTITY = tuple((fd.code, fd) for fd in IDENTITY_FIELDS)
_PASS = tuple((fd.code, fd) for fd in PASS_FIELDS[1:])
_CONTACT = tuple((fd.code, fd) for fd in CONTACT_FIELDS)


def _encoded(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


class _Texts:
    """The JSON-encoded interchange text of each field's values, remembered per field."""

    def __init__(self) -> None:
        self.seen: dict[int, dict[tuple[type, Any], str]] = {}

    def __call__(self, fd, value: Any) -> str:
        if value.__class__ is float:  # -0.0 equals 0.0 but reads '-0'
            return _encoded(format_value(fd, value))
        seen = self.seen.setdefault(id(fd), {})
        key = (value.__class__, value)
        try:
            return seen[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable value (a list of choices)
            return _encoded(format_value(fd, value))
        text = _encoded(format_value(fd, value))
        if len(seen) < REMEMBERED:
            seen[key] = text
        return text


_NAMES: dict[str, str] = {}


def _name(name: str) -> str:
    """'"name":', the JSON key of a value (names repeat: field codes, 'pass 2 technique')."""
    try:
        return _NAMES[name]
    except KeyError:
        encoded = _encoded(name) + ":"
        if len(_NAMES) < REMEMBERED:
            _NAMES[name] = encoded
        return encoded


class ValuesRows:
    """audit.values_row(audit.initial_values(case)) of many cases, faster (same text)."""

    def __init__(self) -> None:
        self.text = _Texts()

    def __call__(self, case: Case) -> list[Change]:
        """The case's one values row, or none when it has no value (as values_row of no change)."""
        parts = self._parts(case)
        return [(VALUES_FIELD, None, "{" + ",".join(parts) + "}")] if parts else []

    def _parts(self, case: Case) -> list[str]:
        text, values, identity = self.text, case.values, case.identity
        parts = [_name(code) + text(fd, value) for code, fd in _CASE
                 if (value := values.get(code)) is not None]
        parts += [_name(code) + text(fd, value) for code, fd in _IDENTITY
                  if (value := values[code] if code in values else identity.get(code)) is not None]
        parts += _rows(text, "pass", _PASS, case.passes)
        return parts + _rows(text, "contact", _CONTACT, case.contacts)


def _rows(text: _Texts, name: str, fields, rows: list[dict]) -> list[str]:
    return [_name(f"{name} {index} {code}") + text(fd, value)
            for index, row in enumerate(rows, start=1) for code, fd in fields
            if (value := row.get(code)) is not None]
