"""Conversion between ORM rows and domain cases (the GUI never sees ORM objects)."""
from __future__ import annotations

from ..domain import derived
from ..domain.case import Case
from ..domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
from ..domain.settings import RegistrySettings
from .schema import CaseIdentityRow, CaseRow, ContactRow, PassRow


def _stored(kind: str, value):
    return ";".join(value) if kind == "multichoice" and value is not None else value


def _loaded(kind: str, value):
    if kind == "multichoice" and value is not None:
        return tuple(part for part in value.split(";") if part)
    return value


def case_columns(case: Case, settings: RegistrySettings) -> dict:
    """Column values of a case row, including the stored derived columns."""
    columns = {f.code: _stored(f.kind, case.values.get(f.code)) for f in CASE_FIELDS}
    window = derived.followup_window(case, settings)
    columns.update(mt_failed=derived.mt_failed(case, settings),
                   completeness=derived.completeness(case),
                   followup_due=window.due if window else None)
    return columns


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


