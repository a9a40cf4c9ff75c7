"""Column mapping for spreadsheets that do not use the field codes, remembered per file layout."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from ...domain.errors import RegistryError
from ...domain.fields import CASE_FIELDS, FIELDS_BY_CODE, IDENTITY_FIELDS, FieldDef
from ...storage.schema import ImportLayoutRow
from .synonyms import fold, synonym_index
from ..registry import Registry

BOOKKEEPING = ("sheet", "row", "reasons")
"""Columns a rejects file adds in front of the original ones; import ignores them."""


def normalise(name: str) -> str:
    """'NIHSS_on-Admission ' → 'nihss on admission': case, separators and spaces ignored."""
    text = re.sub(r"[_\-./:]+", " ", str(name).strip().lower())
    return re.sub(r"\s+", " ", text).strip()


def without_brackets(name: str) -> str:
    """'age (years)' → 'age'."""
    return normalise(re.sub(r"[\(\[].*?[\)\]]", " ", name))


def _index(fields: tuple[FieldDef, ...]) -> dict[str, str]:
    """Normalised code and label → code; labels shared by several fields are left out."""
    labels: dict[str, list[str]] = {}
    for fd in fields:
        labels.setdefault(normalise(fd.label), []).append(fd.code)
    index = {key: codes[0] for key, codes in labels.items() if len(codes) == 1}
    return index | {normalise(fd.code): fd.code for fd in fields}


def _synonyms(fields: tuple[FieldDef, ...]) -> dict[str, str]:
    return synonym_index({fd.code for fd in fields}, normalise)


def suggest_mapping(header: list[str],
                    fields: tuple[FieldDef, ...] = CASE_FIELDS + IDENTITY_FIELDS) -> dict[str, str]:
    """Source column → field code for the columns recognised by code, label or a common synonym.

    Exact codes win over labels, labels over synonyms (resources/import_synonyms.toml, in
    several languages); each field is used once (first column).
    """
    by_code = {fd.code: fd.code for fd in fields}
    index, synonyms = _index(fields), _synonyms(fields)
    mapping: dict[str, str] = {}
    for lookup in (lambda c: by_code.get(c.strip()),
                   lambda c: index.get(normalise(c)) or index.get(without_brackets(c)),
                   lambda c: (synonyms.get(fold(normalise(c)))
                              or synonyms.get(fold(without_brackets(c))))):
        for column in header:
            code = None if column in mapping or column in BOOKKEEPING else lookup(column)
            if code and code not in mapping.values():
                mapping[column] = code
    return {column: mapping[column] for column in header if column in mapping}


def layout_key(header: list[str]) -> str:
    """A fingerprint of a file layout: its column names, normalised, in any order."""
    names = sorted({normalise(c) for c in header if c and c not in BOOKKEEPING})
    return hashlib.sha256("\x1f".join(names).encode("utf-8")).hexdigest()


@dataclass
class Layout:
    """A remembered mapping: column → field code ('' = not imported), per-column value maps
    and the order of day and month in its dates (None: not declared)."""

    mapping: dict[str, str] = field(default_factory=dict)
    value_maps: dict[str, dict[str, str]] = field(default_factory=dict)
    date_order: str | None = None


def save_layout(registry: Registry, header: list[str], mapping: dict[str, str | None],
                value_maps: dict[str, dict[str, str]] | None = None,
                date_order: str | None = None) -> str:
    """Remember the mapping (value maps, date order) for files with this header; returns the
    layout key."""
    key = layout_key(header)
    _check_codes(mapping)
    text = json.dumps({"mapping": {c: code or "" for c, code in mapping.items()},
                       "value_maps": value_maps or {}, "date_order": date_order},
                      sort_keys=True)
    with registry.transaction() as session:
        row = session.get(ImportLayoutRow, key)
        if row is None:
            session.add(ImportLayoutRow(layout_key=key, mapping_json=text,
                                        updated_at=datetime.now()))
        else:
            row.mapping_json, row.updated_at = text, datetime.now()
    return key


def _check_codes(mapping: dict[str, str | None]) -> None:
    unknown = sorted(code for code in mapping.values() if code and code not in FIELDS_BY_CODE)
    if unknown:
        raise RegistryError(f"Column mapping: {', '.join(unknown)} is not a registry field.")


def load_layout(registry: Registry, header: list[str]) -> Layout | None:
    """The remembered layout of files with this header, or None."""
    with registry.reading() as session:
        row = session.get(ImportLayoutRow, layout_key(header))
        if row is None:
            return None
        data = json.loads(row.mapping_json)
    return Layout(dict(data.get("mapping", {})), dict(data.get("value_maps", {})),
                  data.get("date_order"))


def resolve_mapping(header: list[str], explicit: dict[str, str | None] | None,
                    remembered: Layout | None) -> dict[str, str]:
    """Column → field code: suggestions, overridden by the remembered layout, then the caller's.

    A mapping to '' or None means 'do not import this column'.
    """
    decided: dict[str, str] = {}
    for source in (explicit or {}, remembered.mapping if remembered else {},
                   suggest_mapping(header)):
        for column, code in source.items():
            if column in header and column not in decided and (
                    not code or code not in decided.values()):
                decided[column] = code or ""
    return {column: code for column, code in decided.items() if code}
