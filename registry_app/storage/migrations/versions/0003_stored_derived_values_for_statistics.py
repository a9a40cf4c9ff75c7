"""stored derived values for statistics: columns, a covering index, and their values filled

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:05:31.478462
"""
import json

from alembic import op
import sqlalchemy as sa

from registry_app.domain.case import Case
from registry_app.domain.fields import CASE_FIELDS, PASS_FIELDS
from registry_app.domain.settings import RegistrySettings
from registry_app.storage.mapping import (DERIVED_SETTINGS_KEY, _loaded, derived_fingerprint,
                                          derived_values)

BATCH = 2000


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recanalized', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('good_outcome_90d', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('mortality_90d', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('first_pass_effect', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('modified_first_pass_effect', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('technical_success', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('outcome_known', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('pass_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('followup_settled', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('followup_opens', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('followup_closes', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('door_to_imaging', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('door_to_puncture', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('imaging_to_puncture', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('onset_to_puncture', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('puncture_to_reperfusion', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('onset_to_reperfusion', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('procedure_duration', sa.Integer(), nullable=True))
        batch_op.create_index('ix_cases_stats', ['territory', 'deleted_at', 'procedure_date', 'mt_failed', 'rescue_stent', 'sich', 'reocclusion', 'mrs_90d', 'recanalized', 'good_outcome_90d', 'mortality_90d', 'first_pass_effect', 'modified_first_pass_effect', 'pass_count', 'followup_settled', 'followup_opens', 'followup_closes', 'door_to_imaging', 'door_to_puncture', 'imaging_to_puncture', 'onset_to_puncture', 'puncture_to_reperfusion', 'onset_to_reperfusion', 'procedure_duration'], unique=False)
    fill_derived(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_stats')
        batch_op.drop_column('procedure_duration')
        batch_op.drop_column('onset_to_reperfusion')
        batch_op.drop_column('puncture_to_reperfusion')
        batch_op.drop_column('onset_to_puncture')
        batch_op.drop_column('imaging_to_puncture')
        batch_op.drop_column('door_to_puncture')
        batch_op.drop_column('door_to_imaging')
        batch_op.drop_column('followup_closes')
        batch_op.drop_column('followup_opens')
        batch_op.drop_column('followup_settled')
        batch_op.drop_column('pass_count')
        batch_op.drop_column('outcome_known')
        batch_op.drop_column('technical_success')
        batch_op.drop_column('modified_first_pass_effect')
        batch_op.drop_column('first_pass_effect')
        batch_op.drop_column('mortality_90d')
        batch_op.drop_column('good_outcome_90d')
        batch_op.drop_column('recanalized')


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
    """Compute the stored derived columns of every existing case, in batches."""
    settings = _settings(bind)
    cases, passes = _tables(bind)
    ids = list(bind.execute(sa.select(cases.c.id).order_by(cases.c.id)).scalars())
    for start in range(0, len(ids), BATCH):
        updates = _batch_values(bind, cases, passes, ids[start:start + BATCH], settings)
        if updates:
            names = [k for k in updates[0] if k != "case_id"]
            stmt = (cases.update().where(cases.c.id == sa.bindparam("case_id"))
                    .values({k[4:]: sa.bindparam(k) for k in names}))
            bind.execute(stmt, updates)
    meta = sa.table("registry_meta", sa.column("key"), sa.column("value"))
    bind.execute(meta.delete().where(meta.c.key == DERIVED_SETTINGS_KEY))
    bind.execute(meta.insert().values(key=DERIVED_SETTINGS_KEY, value=derived_fingerprint(settings)))
