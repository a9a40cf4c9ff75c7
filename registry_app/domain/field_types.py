"""What a field is: code, label, section, type, unit, allowed values and rules."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from . import vocab as v

ALL_TERRITORIES = frozenset(c.code for c in v.TERRITORY)
CEREBRAL = frozenset({"cerebral"})

KINDS = ("text", "int", "float", "date", "datetime", "choice", "multichoice", "yesno")

SHORT_TEXT = 200
"""Characters a short free-text field (operator, device, assessor...) holds."""
LONG_TEXT = 10_000
"""Characters a notes field holds; well below Excel's 32,767-character cell limit, so every
value fits in an exported workbook cell."""

SECTIONS: tuple[tuple[str, str], ...] = (
    ("patient", "Patient"),
    ("presentation", "Presentation"),
    ("times", "Times"),
    ("thrombectomy", "Thrombectomy"),
    ("rescue", "Rescue decision"),
    ("complications", "Complications and imaging"),
    ("outcome", "Discharge and 90-day outcome"),
)
TERRITORY_SECTION_TITLES: dict[str, dict[str, str]] = {
    "limb": {"thrombectomy": "Thrombectomy attempts", "rescue": "Adjunctive treatment"},
    "coronary": {"thrombectomy": "Stent delivery", "rescue": "Bail-out / re-attempt"},
}


def section_title(key: str, territory: str | None) -> str:
    """A section's title in the territory's own words."""
    own = TERRITORY_SECTION_TITLES.get(territory or "", {})
    return own.get(key, dict(SECTIONS).get(key, key))


@dataclass(frozen=True)
class FieldDef:
    """One field: its code (interchange column), label, type, unit, allowed values and rules."""

    code: str
    label: str
    section: str
    kind: str
    unit: str = ""
    choices: tuple[v.Choice, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    required: bool = False
    recommended: bool = False
    help: str = ""
    identifying: bool = False
    territories: frozenset[str] = ALL_TERRITORIES
    max_length: int | None = None
    identifier: bool = False
    """A code or identifier: NFC-normalised, invisible characters and outer spaces removed, so
    look-alike spellings are the same value."""
    shown_if: tuple[str, object] | None = None
    """Branching: (field code, value) the field needs to apply, e.g. ('ivt', True); ignored in
    territories where that field does not apply. See domain.applicability."""
    from_passes: str = ""
    """Taken from the passes table when passes are recorded: 'count', 'first:<pass field>' or
    'last:<pass field>' (never typed twice)."""
    territory_labels: tuple[tuple[str, str], ...] = ()
    """(territory, label) where a territory words the field its own way."""

    @cached_property
    def codes(self) -> tuple[str, ...]:
        """The allowed codes in display order (worked out once: validation asks per value)."""
        return v.codes(self.choices)

    def label_for(self, territory: str | None) -> str:
        """The label in a territory's own words (e.g. 'attempts' for limb passes)."""
        return dict(self.territory_labels).get(territory or "", self.label)

    def applies_to(self, territory: str | None) -> bool:
        return territory is None or territory in self.territories

    def allowed_text(self) -> str:
        """Allowed values in words, for the dictionary and messages."""
        if self.choices:
            return ", ".join(self.codes)
        if self.kind == "yesno":
            return "yes, no"
        if self.minimum is not None and self.maximum is not None:
            return f"{_num(self.minimum)}-{_num(self.maximum)}"
        if self.max_length:
            return f"text, at most {self.max_length:,} characters"
        return {"date": "YYYY-MM-DD", "datetime": "YYYY-MM-DD HH:MM"}.get(self.kind, "")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _limited(kind: str, kw: dict[str, Any]) -> dict[str, Any]:
    """Every free-text field has a maximum length: SHORT_TEXT unless the field says otherwise."""
    return {"max_length": SHORT_TEXT, **kw} if kind == "text" else kw


def _f(code: str, label: str, section: str, kind: str, **kw: Any) -> FieldDef:
    return FieldDef(code, label, section, kind, **_limited(kind, kw))


def _cer(code: str, label: str, section: str, kind: str, **kw: Any) -> FieldDef:
    return FieldDef(code, label, section, kind, territories=CEREBRAL, **_limited(kind, kw))


LIMB = frozenset({"limb"})
CORONARY = frozenset({"coronary"})


def limb_field(code: str, label: str, section: str, kind: str, **kw: Any) -> FieldDef:
    return FieldDef(code, label, section, kind, territories=LIMB, **_limited(kind, kw))


def coronary_field(code: str, label: str, section: str, kind: str, **kw: Any) -> FieldDef:
    return FieldDef(code, label, section, kind, territories=CORONARY, **_limited(kind, kw))
