"""Recompute every case's stored derived columns in batches (used by migrations)."""
from __future__ import annotations

import json

import sqlalchemy as sa

from ..domain.case import Case
from ..domain.fields import CASE_FIELDS, PASS_FIELDS
from ..domain.settings import RegistrySettings
from .mapping import DERIVED_SETTINGS_KEY, _loaded, derived_fingerprint, derived_values

BATCH = 2000


def _settings(bind) -> RegistrySettings:
    text = bind.execute(sa.text("SELECT value FROM registry_meta WHERE key = 'settings'")).scalar()
    return RegistrySettings.from_dict(json.loads(text)) if text else RegistrySettings()


def _tables(bind):
    """The cases and passes tables as they are at this revision (reflected, not the models)."""
    meta = sa.MetaData()
    return (sa.Table("cases", meta, autoload_with=bind),
            sa.Table("passes", meta, autoload_with=bind))


def _passes(bind, passes, ids: list[int]) -> dict[int, list[dict]]:
    fields = [f for f in PASS_FIELDS if f.code in passes.c]
    found: dict[int, list[dict]] = {}
    rows = bind.execute(sa.select(passes).where(passes.c.case_id.in_(ids))
                        .order_by(passes.c.case_id, passes.c.pass_number))
    for row in rows:
        found.setdefault(row.case_id, []).append(
            {f.code: _loaded(f.kind, row._mapping[f.code]) for f in fields})
    return found


def _batch_values(bind, cases, passes, ids: list[int], settings) -> list[dict]:
    """Each case of the batch loaded through the domain, with its derived values."""
    fields = [f for f in CASE_FIELDS if f.code in cases.c]
    by_case = _passes(bind, passes, ids)
    updates = []
    for row in bind.execute(sa.select(cases).where(cases.c.id.in_(ids))):
        values = {f.code: _loaded(f.kind, row._mapping[f.code]) for f in fields}
        case = Case(values=values, passes=by_case.get(row.id, []), id=row.id)
        derived = derived_values(case, settings)
        updates.append({"case_id": row.id,
                        **{f"new_{k}": v for k, v in derived.items() if k in cases.c}})
    return updates


def fill_derived(bind) -> None:
    """Compute the stored derived columns of every existing case, in batches, and record the
    definitions they were computed with."""
    settings = _settings(bind)
    if bind.execute(sa.text("SELECT 1 FROM cases LIMIT 1")).first() is not None:
        _fill_cases(bind, settings)  # (a new registry has none: no tables to reflect)
    meta = sa.table("registry_meta", sa.column("key"), sa.column("value"))
    bind.execute(meta.delete().where(meta.c.key == DERIVED_SETTINGS_KEY))
    bind.execute(meta.insert().values(key=DERIVED_SETTINGS_KEY, value=derived_fingerprint(settings)))


def _fill_cases(bind, settings: RegistrySettings) -> None:
    cases, passes = _tables(bind)
    ids = list(bind.execute(sa.select(cases.c.id).order_by(cases.c.id)).scalars())
    for start in range(0, len(ids), BATCH):
        updates = _batch_values(bind, cases, passes, ids[start:start + BATCH], settings)
        if updates:
            names = [k for k in updates[0] if k != "case_id"]
            stmt = (cases.update().where(cases.c.id == sa.bindparam("case_id"))
                    .values({k[4:]: sa.bindparam(k) for k in names}))
            bind.execute(stmt, updates)
