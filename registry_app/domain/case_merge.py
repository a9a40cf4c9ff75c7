"""Merging two cases of one patient: which value of each field the kept case ends with.

The kept case keeps its own case number and registry ID (the case merged away keeps its
own too: it stays stored, hidden, for the undo). Every other field is chosen one by one:
by default the kept case's value, or the other's where the kept case has none. Multiple
choice fields (complications) may also take both cases' answers. The passes table is taken
whole from one case (passes belong to one procedure and are not mixed), and with it the
values the table gives (number of passes, first-pass time, grade after the last pass).
Follow-up contacts are moved to the kept case, or left with the case merged away.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .case import Case
from .field_types import FieldDef
from .fields import CASE_FIELDS, IDENTITY_FIELDS

KEPT, OTHER, BOTH = "kept", "other", "both"
MOVE, LEAVE = "move", "leave"
NOT_CHOSEN = ("case_number", "registry_id")
"""Each case keeps its own number and registry ID."""
NO_COMPLICATION = "none"


def choosable_fields() -> tuple[FieldDef, ...]:
    """The fields picked one by one (pass-table values follow the passes chosen)."""
    return tuple(fd for fd in CASE_FIELDS + IDENTITY_FIELDS
                 if fd.code not in NOT_CHOSEN and not fd.from_passes)


def blank(value: Any) -> bool:
    return value is None or value == "" or value == ()


@dataclass(frozen=True)
class FieldChoice:
    """One field of both cases, and which value the kept case ends with by default."""

    fd: FieldDef
    kept: Any
    other: Any

    @property
    def differs(self) -> bool:
        return bool(self.kept != self.other)

    @property
    def default(self) -> str:
        return OTHER if blank(self.kept) and not blank(self.other) else KEPT

    def options(self) -> tuple[str, ...]:
        both = self.fd.kind == "multichoice" and not blank(self.kept) and not blank(self.other)
        return (KEPT, OTHER, BOTH) if both and self.differs else (KEPT, OTHER)


def field_choices(kept: Case, other: Case) -> list[FieldChoice]:
    """Every choosable field of the two cases, in form order."""
    return [FieldChoice(fd, kept.get(fd.code), other.get(fd.code)) for fd in choosable_fields()]


@dataclass
class MergeChoices:
    """What the coordinator picked: per field KEPT / OTHER / BOTH, whose passes, and whether
    the other case's follow-up contacts move to the kept case."""

    fields: dict[str, str] = field(default_factory=dict)
    passes: str = KEPT
    contacts: str = MOVE


def default_choices(kept: Case, other: Case) -> MergeChoices:
    """The kept case's non-blank values, filled from the other where blank; the kept case's
    passes unless it has none; contacts moved."""
    fields = {c.fd.code: c.default for c in field_choices(kept, other)}
    passes = OTHER if not kept.passes and other.passes else KEPT
    return MergeChoices(fields, passes, MOVE)


def merged(kept: Case, other: Case, choices: MergeChoices) -> tuple[Case, Case]:
    """(the kept case as it will be, the case merged away as it will be)."""
    survivor, leftover = kept.copy(), other.copy()
    for choice in field_choices(kept, other):
        value = _chosen(choice, choices.fields.get(choice.fd.code, choice.default))
        target = survivor.identity if choice.fd.identifying else survivor.values
        target[choice.fd.code] = value
    source = other if choices.passes == OTHER else kept
    survivor.passes = [dict(p) for p in source.passes]
    for fd in CASE_FIELDS:
        if fd.from_passes:
            survivor.values[fd.code] = source.values.get(fd.code)
    if choices.contacts == MOVE:
        survivor.contacts = sorted(kept.contacts + other.contacts,
                                   key=lambda c: str(c.get("attempted_at") or ""))
        leftover.contacts = []
    return survivor, leftover


def _chosen(choice: FieldChoice, pick: str) -> Any:
    if pick == OTHER:
        return choice.other
    if pick == BOTH and choice.fd.kind == "multichoice":
        return _union(choice.fd, choice.kept or (), choice.other or ())
    return choice.kept


def _union(fd: FieldDef, first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    chosen = set(first) | set(second)
    if len(chosen) > 1:
        chosen.discard(NO_COMPLICATION)
    return tuple(code for code in fd.codes if code in chosen)
