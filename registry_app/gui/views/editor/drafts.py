"""Drafts of unsaved edits, written as the coordinator types, so a killed app loses nothing.

One JSON file per open editor in ``<data folder>/drafts/``: ``<case id>.json`` for a saved
case, ``new-<random>.json`` for a new one. Files are owner-only: they may hold identifiers.
"""
from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import overload

from registry_app import paths
from registry_app.domain.case import Case
from registry_app.domain.errors import ValueProblem
from registry_app.domain.fields import CONTACT_FIELDS, FIELDS_BY_CODE, PASS_FIELDS_BY_CODE
from registry_app.domain.values import format_value, parse_value

CONTACTS_BY_CODE = {f.code: f for f in CONTACT_FIELDS}


def drafts_dir() -> Path:
    return paths.data_dir() / "drafts"


def new_key() -> str:
    return f"new-{secrets.token_hex(4)}"


@overload
def key_for(case_id: int) -> str: ...


@overload
def key_for(case_id: None) -> None: ...


def key_for(case_id: int | None) -> str | None:
    return None if case_id is None else str(case_id)


@dataclass(frozen=True)
class Draft:
    """A recovered draft: the case as it was being edited and what could not be read yet."""

    key: str
    case: Case
    saved_at: datetime
    unreadable: dict[str, str]

    @property
    def case_id(self) -> int | None:
        return self.case.id

    def describe(self) -> str:
        number = self.case.values.get("case_number") or "a new case"
        return f"{number} (last typed {self.saved_at:%Y-%m-%d %H:%M})"


def _texts(fields: dict, values: dict) -> dict[str, str]:
    return {code: format_value(fields[code], value) for code, value in values.items()
            if code in fields and value is not None}


def _typed(fields: dict, texts: dict) -> dict:
    typed = {}
    for code, text in texts.items():
        if code in fields:
            try:
                typed[code] = parse_value(fields[code], text)
            except ValueProblem:
                continue
    return typed


def case_to_json(case: Case, unreadable: dict[str, str]) -> dict:
    return {"id": case.id, "version": case.version, "saved_at": datetime.now().isoformat(),
            "values": _texts(FIELDS_BY_CODE, {**case.values, **case.identity}),
            "passes": [_texts(PASS_FIELDS_BY_CODE, p) for p in case.passes],
            "contacts": [_texts(CONTACTS_BY_CODE, c) for c in case.contacts],
            "unreadable": dict(unreadable)}


def case_from_json(data: dict) -> Case:
    values = _typed(FIELDS_BY_CODE, data.get("values", {}))
    identity = {k: v for k, v in values.items() if FIELDS_BY_CODE[k].identifying}
    clinical = {k: v for k, v in values.items() if not FIELDS_BY_CODE[k].identifying}
    return Case(values=clinical, identity=identity, id=data.get("id"),
                version=int(data.get("version") or 0),
                passes=[_typed(PASS_FIELDS_BY_CODE, p) for p in data.get("passes", [])],
                contacts=[_typed(CONTACTS_BY_CODE, c) for c in data.get("contacts", [])])


class DraftStore:
    """Reads and writes drafts in one folder."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or drafts_dir()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def save(self, key: str, case: Case, unreadable: dict[str, str] | None = None) -> Path:
        """Write atomically with owner-only permissions."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target, partial = self.path(key), self.path(key).with_suffix(".partial")
        text = json.dumps(case_to_json(case, unreadable or {}), indent=1, sort_keys=True)
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(partial, target)
        return target

    def load(self, key: str) -> Draft | None:
        """The draft, or None when there is none or it cannot be read."""
        try:
            data = json.loads(self.path(key).read_text(encoding="utf-8"))
            when = datetime.fromisoformat(data.get("saved_at"))
            return Draft(key, case_from_json(data), when, dict(data.get("unreadable", {})))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def remove(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def keys(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.json"))

    def all(self) -> list[Draft]:
        return [draft for key in self.keys() if (draft := self.load(key)) is not None]
