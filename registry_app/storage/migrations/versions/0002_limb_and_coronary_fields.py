"""limb and coronary fields

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:49:37.588263
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('limb_side', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('limb_segment', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('rutherford_class', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('symptom_duration_h', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('limb_cause', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('flow_scale', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('flow_before', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('flow_after_mt', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('adjunctive_therapy', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('flow_final', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('fasciotomy', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('limb_complications', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('limb_salvage_30d', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('major_amputation_30d', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('reintervention_30d', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('limb_salvage_90d', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('major_amputation_90d', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('reintervention_90d', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('amputation_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('target_vessel', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('chronic_total_occlusion', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('calcification', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('tortuosity', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('timi_before', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('stent_delivered', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('stent_failure_reason', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('reattempt', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('reattempt_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('reattempt_equipment', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('second_operator', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('reattempt_success', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('timi_final', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('coronary_complications', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('mi_30d', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('repeat_revasc_30d', sa.Boolean(), nullable=True))

    with op.batch_alter_table('passes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('limb_technique', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('flow_grade', sa.String(length=32), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('passes', schema=None) as batch_op:
        batch_op.drop_column('flow_grade')
        batch_op.drop_column('limb_technique')

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('repeat_revasc_30d')
        batch_op.drop_column('mi_30d')
        batch_op.drop_column('coronary_complications')
        batch_op.drop_column('timi_final')
        batch_op.drop_column('reattempt_success')
        batch_op.drop_column('second_operator')
        batch_op.drop_column('reattempt_equipment')
        batch_op.drop_column('reattempt_date')
        batch_op.drop_column('reattempt')
        batch_op.drop_column('stent_failure_reason')
        batch_op.drop_column('stent_delivered')
        batch_op.drop_column('timi_before')
        batch_op.drop_column('tortuosity')
        batch_op.drop_column('calcification')
        batch_op.drop_column('chronic_total_occlusion')
        batch_op.drop_column('target_vessel')
        batch_op.drop_column('amputation_date')
        batch_op.drop_column('reintervention_90d')
        batch_op.drop_column('major_amputation_90d')
        batch_op.drop_column('limb_salvage_90d')
        batch_op.drop_column('reintervention_30d')
        batch_op.drop_column('major_amputation_30d')
        batch_op.drop_column('limb_salvage_30d')
        batch_op.drop_column('limb_complications')
        batch_op.drop_column('fasciotomy')
        batch_op.drop_column('flow_final')
        batch_op.drop_column('adjunctive_therapy')
        batch_op.drop_column('flow_after_mt')
        batch_op.drop_column('flow_before')
        batch_op.drop_column('flow_scale')
        batch_op.drop_column('limb_cause')
        batch_op.drop_column('symptom_duration_h')
        batch_op.drop_column('rutherford_class')
        batch_op.drop_column('limb_segment')
        batch_op.drop_column('limb_side')

