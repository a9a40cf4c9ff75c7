"""first released schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 09:37:54.842993
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('case_number', sa.String(length=64), nullable=True),
    sa.Column('field', sa.String(length=64), nullable=True),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_case_at', ['case_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_case_id'), ['case_id'], unique=False)

    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.Column('mt_failed', sa.Boolean(), nullable=True),
    sa.Column('completeness', sa.Float(), nullable=False),
    sa.Column('followup_due', sa.Date(), nullable=True),
    sa.Column('registry_id', sa.Text(), nullable=True),
    sa.Column('territory', sa.String(length=32), nullable=True),
    sa.Column('procedure_date', sa.Date(), nullable=True),
    sa.Column('operator', sa.Text(), nullable=True),
    sa.Column('age', sa.Integer(), nullable=True),
    sa.Column('sex', sa.String(length=32), nullable=True),
    sa.Column('prestroke_mrs', sa.Integer(), nullable=True),
    sa.Column('nihss_admission', sa.Integer(), nullable=True),
    sa.Column('aspects', sa.Integer(), nullable=True),
    sa.Column('occlusion_site', sa.String(length=32), nullable=True),
    sa.Column('occlusion_side', sa.String(length=32), nullable=True),
    sa.Column('tandem_lesion', sa.Boolean(), nullable=True),
    sa.Column('etiology_toast', sa.String(length=32), nullable=True),
    sa.Column('icas_suspected', sa.Boolean(), nullable=True),
    sa.Column('ivt', sa.Boolean(), nullable=True),
    sa.Column('ivt_agent', sa.String(length=32), nullable=True),
    sa.Column('onset_type', sa.String(length=32), nullable=True),
    sa.Column('onset_time', sa.DateTime(), nullable=True),
    sa.Column('door_time', sa.DateTime(), nullable=True),
    sa.Column('imaging_time', sa.DateTime(), nullable=True),
    sa.Column('puncture_time', sa.DateTime(), nullable=True),
    sa.Column('first_pass_time', sa.DateTime(), nullable=True),
    sa.Column('reperfusion_time', sa.DateTime(), nullable=True),
    sa.Column('end_time', sa.DateTime(), nullable=True),
    sa.Column('first_line_technique', sa.String(length=32), nullable=True),
    sa.Column('mt_passes', sa.Integer(), nullable=True),
    sa.Column('reperfusion_scale', sa.String(length=32), nullable=True),
    sa.Column('reperfusion_after_mt', sa.String(length=32), nullable=True),
    sa.Column('rescue_stent', sa.Boolean(), nullable=True),
    sa.Column('rescue_reason', sa.String(length=32), nullable=True),
    sa.Column('no_stent_reason', sa.String(length=32), nullable=True),
    sa.Column('rescue_alternative', sa.String(length=32), nullable=True),
    sa.Column('rescue_decided_by', sa.Text(), nullable=True),
    sa.Column('stent_device', sa.Text(), nullable=True),
    sa.Column('antiplatelet_regimen', sa.String(length=32), nullable=True),
    sa.Column('final_reperfusion', sa.String(length=32), nullable=True),
    sa.Column('procedural_complications', sa.String(length=255), nullable=True),
    sa.Column('imaging_24h', sa.Boolean(), nullable=True),
    sa.Column('heidelberg_class', sa.String(length=32), nullable=True),
    sa.Column('sich', sa.Boolean(), nullable=True),
    sa.Column('sich_definition', sa.String(length=32), nullable=True),
    sa.Column('reocclusion', sa.Boolean(), nullable=True),
    sa.Column('nihss_24h', sa.Integer(), nullable=True),
    sa.Column('nihss_discharge', sa.Integer(), nullable=True),
    sa.Column('discharge_date', sa.Date(), nullable=True),
    sa.Column('discharge_mrs', sa.Integer(), nullable=True),
    sa.Column('discharge_destination', sa.String(length=32), nullable=True),
    sa.Column('mrs_90d', sa.Integer(), nullable=True),
    sa.Column('followup_date', sa.Date(), nullable=True),
    sa.Column('followup_method', sa.String(length=32), nullable=True),
    sa.Column('followup_assessor', sa.Text(), nullable=True),
    sa.Column('followup_blinded', sa.Boolean(), nullable=True),
    sa.Column('lost_to_followup', sa.String(length=32), nullable=True),
    sa.Column('death_date', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('case_number', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('case_number', name=op.f('uq_cases_case_number'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_followup_due'), ['followup_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_mt_failed'), ['mt_failed'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_occlusion_site'), ['occlusion_site'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_operator'), ['operator'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_procedure_date'), ['procedure_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_rescue_stent'), ['rescue_stent'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_territory'), ['territory'], unique=False)

    op.create_table('import_layouts',
    sa.Column('layout_key', sa.String(length=64), nullable=False),
    sa.Column('mapping_json', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('layout_key', name=op.f('pk_import_layouts'))
    )
    op.create_table('month_signoffs',
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.Column('signed_by', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('month', name=op.f('pk_month_signoffs'))
    )
    op.create_table('registry_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_registry_meta'))
    )
    op.create_table('case_identity',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('mrn', sa.Text(), nullable=True),
    sa.Column('patient_name', sa.Text(), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_identity_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_case_identity'))
    )
    op.create_table('contact_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('attempted_at', sa.DateTime(), nullable=True),
    sa.Column('method', sa.String(length=32), nullable=True),
    sa.Column('reached', sa.Boolean(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_contact_attempts_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_attempts'))
    )
    with op.batch_alter_table('contact_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_attempts_case_id'), ['case_id'], unique=False)

    op.create_table('passes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('pass_number', sa.Integer(), nullable=False),
    sa.Column('technique', sa.String(length=32), nullable=True),
    sa.Column('device', sa.Text(), nullable=True),
    sa.Column('reperfusion_grade', sa.String(length=32), nullable=True),
    sa.Column('pass_time', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_passes_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_passes')),
    sa.UniqueConstraint('case_id', 'pass_number', name=op.f('uq_passes_case_id'))
    )
    with op.batch_alter_table('passes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_passes_case_id'), ['case_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('passes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_passes_case_id'))

    op.drop_table('passes')
    with op.batch_alter_table('contact_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_attempts_case_id'))

    op.drop_table('contact_attempts')
    op.drop_table('case_identity')
    op.drop_table('registry_meta')
    op.drop_table('month_signoffs')
    op.drop_table('import_layouts')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_territory'))
        batch_op.drop_index(batch_op.f('ix_cases_rescue_stent'))
        batch_op.drop_index(batch_op.f('ix_cases_procedure_date'))
        batch_op.drop_index(batch_op.f('ix_cases_operator'))
        batch_op.drop_index(batch_op.f('ix_cases_occlusion_site'))
        batch_op.drop_index(batch_op.f('ix_cases_mt_failed'))
        batch_op.drop_index(batch_op.f('ix_cases_followup_due'))

    op.drop_table('cases')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_case_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index('ix_audit_case_at')

    op.drop_table('audit_log')
