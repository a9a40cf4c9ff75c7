"""Conversion between ORM rows and domain cases (the GUI never sees ORM objects)."""
from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from ..domain import derived
from ..domain.case import Case
from ..domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
from ..domain.settings import RegistrySettings
from .schema import SETTLED, CaseIdentityRow, CaseRow, ContactRow, MetaRow, PassRow


def _stored(kind: str, value):
    return ";".join(value) if kind == "multichoice" and value is not None else value


def _loaded(kind: str, value):
    if kind == "multichoice" and value is not None:
        return tuple(part for part in value.split(";") if part)
    return value


_CASE_CODES = tuple(f.code for f in CASE_FIELDS)
_MULTICHOICE_CODES = tuple(f.code for f in CASE_FIELDS if f.kind == "multichoice")


def case_columns(case: Case, settings: RegistrySettings) -> dict:
    """Column values of a case row, including the stored derived columns."""
    values = case.values
    columns = {code: values.get(code) for code in _CASE_CODES}
    for code in _MULTICHOICE_CODES:  # as _stored does
        chosen = columns[code]
        if chosen is not None:
            columns[code] = ";".join(chosen)
    columns.update(derived_values(case, settings))
    return columns



def derived_values(case: Case, settings: RegistrySettings) -> dict:
    """Every stored derived column of a case (definitions: domain.derived)."""
    window = derived.followup_window(case, settings)
    status = derived.followup_status(case, date.min, settings)
    return {
        "mt_failed": derived.mt_failed(case, settings),
        "completeness": derived.completeness(case),
        "followup_due": window.due if window else None,
        "followup_opens": window.opens if window else None,
        "followup_closes": window.closes if window else None,
        "followup_settled": status if status in SETTLED else None,
        "recanalized": derived.recanalized(case),
        "good_outcome_90d": derived.good_outcome(case, settings),
        "mortality_90d": derived.mortality_90d(case, settings),
        "first_pass_effect": derived.first_pass_effect(case),
        "modified_first_pass_effect": derived.first_pass_effect(case, "2b"),
        "technical_success": derived.technical_success(case),
        "outcome_known": derived.outcome_known(case),
        "pass_count": derived.pass_count(case),
        **derived.intervals(case),
    }


DERIVED_SETTINGS_KEY = "derived_settings"
"""registry_meta key: the definitions the stored derived columns were computed with."""
STALE = "stale"
DERIVED_RULES = "2026-12"
"""Version of the rules in domain.derived: changing them makes the stored columns stale."""


def derived_fingerprint(settings: RegistrySettings) -> str:
    """The settings that the stored derived columns depend on, as text."""
    used = ("mt_failure_threshold", "good_outcome_max_mrs", "followup_days",
            "followup_window_days")
    return json.dumps({"rules": DERIVED_RULES, **{name: getattr(settings, name) for name in used}},
                      sort_keys=True)


def note_settings_change(session, old: RegistrySettings, new: RegistrySettings) -> None:
    """Mark the stored derived columns stale when their definitions change (cases exist)."""
    if derived_fingerprint(old) == derived_fingerprint(new):
        return
    has_cases = session.scalar(select(CaseRow.id).limit(1)) is not None
    set_meta(session, DERIVED_SETTINGS_KEY, STALE if has_cases else derived_fingerprint(new))


def set_meta(session, key: str, value: str) -> None:
    row = session.get(MetaRow, key)
    if row is None:
        session.add(MetaRow(key=key, value=value))
    else:
        row.value = value


def derived_columns_current(session, settings: RegistrySettings) -> bool:
    """Whether the stored derived columns were computed with these settings (absent = yes)."""
    stored = session.scalar(select(MetaRow.value).where(MetaRow.key == DERIVED_SETTINGS_KEY))
    return stored is None or stored == derived_fingerprint(settings)


def pass_rows(case: Case) -> list[PassRow]:
    return [PassRow(**{f.code: _stored(f.kind, p.get(f.code)) for f in PASS_FIELDS})
            for p in case.passes]


def contact_rows(case: Case) -> list[ContactRow]:
    return [ContactRow(**{f.code: c.get(f.code) for f in CONTACT_FIELDS}) for c in case.contacts]


def identity_row(case: Case) -> CaseIdentityRow | None:
    if all(case.identity.get(f.code) is None for f in IDENTITY_FIELDS):
        return None
    return CaseIdentityRow(**{f.code: case.identity.get(f.code) for f in IDENTITY_FIELDS})


def row_to_case(row: CaseRow, with_identity: bool = True) -> Case:
    """The domain case of a row with its passes, contacts and (optionally) identifiers."""
    values = {f.code: _loaded(f.kind, getattr(row, f.code)) for f in CASE_FIELDS}
    passes = [{f.code: _loaded(f.kind, getattr(p, f.code)) for f in PASS_FIELDS} for p in row.passes]
    contacts = [{f.code: getattr(c, f.code) for f in CONTACT_FIELDS} for c in row.contacts]
    identity = {}
    if with_identity and row.identity is not None:
        identity = {f.code: getattr(row.identity, f.code) for f in IDENTITY_FIELDS}
    return Case(values=values, passes=passes, identity=identity, contacts=contacts,
                id=row.id, version=row.version)


def renumber_passes(case: Case) -> None:
    """Make pass numbers 1..n in table order (after add, remove or reorder)."""
    for number, p in enumerate(case.passes, start=1):
        p["pass_number"] = number


def sync_summary(case: Case) -> None:
    """Fill mt_passes and reperfusion_after_mt from the pass table when passes are recorded."""
    if not case.passes:
        return
    renumber_passes(case)
    case.values["mt_passes"] = len(case.passes)
    last = case.passes[-1].get("reperfusion_grade")
    if last is not None and case.values.get("reperfusion_after_mt") is None:
        case.values["reperfusion_after_mt"] = last


