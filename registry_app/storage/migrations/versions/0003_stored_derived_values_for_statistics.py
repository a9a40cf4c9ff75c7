"""stored derived values for statistics: columns, a covering index, and their values filled

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:05:31.478462
"""
from alembic import op
import sqlalchemy as sa

from registry_app.storage.derived_fill import fill_derived


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
