"""A case's history from the audit trail, and putting back an earlier value of one field."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ...domain.case import Case
from ...domain.errors import NotFound, RegistryError
from ...domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS, FieldDef
from ...domain.settings import SETTING_LABELS
from ...domain.values import parse_value
from ...storage import audit
from ...storage.schema import AuditRow
from .editing import SaveResult, get_case, update_case
from ..registry import Registry

VALUE_ACTIONS = ("create", "update", "import")
CHILD_FIELD = re.compile(r"^(pass|contact) (\d+) (\w+)$")
_CASE = {f.code: f for f in CASE_FIELDS + IDENTITY_FIELDS}
_CHILD = {"pass": ({f.code: f for f in PASS_FIELDS}, "passes"),
          "contact": ({f.code: f for f in CONTACT_FIELDS}, "contacts")}
NOUN = {"passes": "Pass", "contacts": "Contact"}


class CannotRestore(RegistryError):
    """This history entry cannot be restored."""


@dataclass(frozen=True)
class HistoryEntry:
    """One audit row as the history dialog shows it."""

    audit_id: int
    at: datetime
    user: str
    action: str
    field: str | None
    field_label: str
    old_value: str | None
    new_value: str | None
    reason: str | None
    restorable: bool
    old_text: str | None = None
    new_text: str | None = None
    """The values in words: coded values by their labels (old_value/new_value are as stored)."""


@dataclass(frozen=True)
class HistorySave:
    """One save (or delete, restore, import) of a case: who, when, why, and what it changed."""

    at: datetime
    user: str
    action: str
    reason: str | None
    entries: tuple[HistoryEntry, ...]

    @property
    def changes(self) -> tuple[HistoryEntry, ...]:
        """The entries that changed a value (whole-case actions have none)."""
        return tuple(e for e in self.entries if e.field)


def in_words(name: str | None, text: str | None) -> str | None:
    """An audited value as a person reads it: 'M2' → 'MCA M2', 'yes' → 'Yes', codes of a
    multiple choice joined by commas; anything else as recorded."""
    found = field_of(name)
    if text in (None, "") or found is None:
        return text
    fd = found[0]
    if fd.kind == "yesno":
        return {"yes": "Yes", "no": "No"}.get(text, text)
    if not fd.choices:
        return text
    labels = {c.code: c.label for c in fd.choices}
    if fd.kind == "multichoice":
        return ", ".join(labels.get(code, code) for code in text.split(";") if code)
    return labels.get(text, text)


def field_of(name: str | None) -> tuple[FieldDef, str | None, int | None] | None:
    """The field of an audit field name: ('age') or ('pass 2 technique'), with child and index."""
    if name in _CASE:
        return _CASE[name], None, None
    found = CHILD_FIELD.match(name or "")
    if found and found.group(3) in _CHILD[found.group(1)][0]:
        fields, child = _CHILD[found.group(1)]
        return fields[found.group(3)], child, int(found.group(2)) - 1
    return None


def _label(name: str | None) -> str:
    found = field_of(name)
    if found is None:
        return name or ""
    fd, child, index = found
    return fd.label if child is None or index is None else f"{NOUN[child]} {index + 1}: {fd.label}"


def case_history(registry: Registry, case_id: int) -> list[HistoryEntry]:
    """Every recorded change of a case, oldest first, with plain field labels."""
    with registry.reading() as session:
        rows = audit.history(session, case_id)
    return [HistoryEntry(r["id"], r["at"], r["user"], r["action"], r["field"], _label(r["field"]),
                         r["old_value"], r["new_value"], r["reason"],
                         r["action"] in VALUE_ACTIONS and field_of(r["field"]) is not None,
                         in_words(r["field"], r["old_value"]), in_words(r["field"], r["new_value"]))
            for r in rows]


def history_by_save(registry: Registry, case_id: int) -> list[HistorySave]:
    """A case's history, one group per save (rows written together), oldest first."""
    groups: list[HistorySave] = []
    for entry in case_history(registry, case_id):
        key = (entry.at, entry.user, entry.action, entry.reason)
        last = groups[-1] if groups else None
        if last is not None and (last.at, last.user, last.action, last.reason) == key:
            groups[-1] = HistorySave(*key, last.entries + (entry,))
        else:
            groups.append(HistorySave(*key, (entry,)))
    return groups


def _audited_value(registry: Registry, case_id: int, audit_id: int, field: str | None
                   ) -> tuple[str, str | None]:
    """(field, value before) of a history entry: the audit row's, or for an import's values
    row the entry of `field`."""
    with registry.reading() as session:
        row = session.get(AuditRow, audit_id)
    if row is None or row.case_id != case_id:
        raise NotFound(f"History entry {audit_id} does not belong to case {case_id}.")
    entries = {name: old for name, old, _ in audit.expanded(row.field, row.old_value,
                                                            row.new_value)}
    name = field if field in entries and row.field == audit.VALUES_FIELD else row.field
    if row.action not in VALUE_ACTIONS or name is None or field_of(name) is None:
        raise CannotRestore(f"History entry {audit_id} ({row.action}) changed no single value;"
                            " there is nothing to put back.")
    return name, entries[name]


def restore_value(registry: Registry, case_id: int, audit_id: int, reason: str,
                  query_comment: str | None = None, *, field: str | None = None) -> SaveResult:
    """Set a field back to the value it had before the audited change (validated and audited);
    an earlier value that breaks a consistency rule is restored only with `query_comment`,
    as open queries (CommentNeeded otherwise). `field` names the value of an entry that shares
    its audit row with others (an import's)."""
    if not reason or not reason.strip():
        raise RegistryError("Restoring an earlier value needs a reason.")
    name, before = _audited_value(registry, case_id, audit_id, field)
    found = field_of(name)
    assert found is not None  # _audited_value refused any other entry
    fd, child, index = found
    old = None if before in (None, "") else parse_value(fd, before)
    case = get_case(registry, case_id)
    _set(case, fd, child, index, old, name)
    return update_case(registry, case, reason.strip(), query_comment)


def _set(case: Case, fd: FieldDef, child: str | None, index: int | None, value, name: str) -> None:
    if child is None or index is None:  # field_of gives a child field its row index
        target = case.identity if fd.code in case.identity else case.values
        target[fd.code] = value
        return
    rows = getattr(case, child)
    if index >= len(rows):
        raise CannotRestore(f"{name}: {NOUN[child].lower()} {index + 1} no longer exists, so its"
                            " value cannot be put back.")
    rows[index][fd.code] = value


@dataclass(frozen=True)
class SettingsChange:
    """One changed registry setting (a definition behind reported numbers, the centre...)."""

    at: datetime
    user: str
    setting: str
    label: str
    old_value: str | None
    new_value: str | None


def settings_history(registry: Registry) -> list[SettingsChange]:
    """Every recorded change of the registry's settings, oldest first."""
    with registry.reading() as session:
        rows = audit.settings_history(session)
    return [SettingsChange(r["at"], r["user"], r["field"],
                           SETTING_LABELS.get(r["field"], r["field"]), r["old_value"],
                           r["new_value"]) for r in rows]
