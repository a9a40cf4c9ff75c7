"""covering indexes of the month's report: operator in ix_cases_stats, ix_cases_window

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 06:00:00

The funnels' scan grouped by operator and the process measures read the wide case rows for
operator, sich_definition and occlusion_site, which ix_cases_stats lacked; the kept digests'
listing and the operators of the report's window read them for case_number, registry_id and
operator. ix_cases_stats now holds those columns (operator right after the day's arm, so the
grouped scan reads it in order), and ix_cases_window (procedure_date, id, deleted_at,
case_number, registry_id, operator) replaces ix_cases_procedure_date, whose searches it serves
as well: a written case updates as many indexes as before.
"""
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

OLD_STATS = ['territory', 'deleted_at', 'procedure_date', 'mt_failed', 'rescue_stent', 'sich',
             'reocclusion', 'mrs_90d', 'recanalized', 'good_outcome_90d', 'mortality_90d',
             'first_pass_effect', 'modified_first_pass_effect', 'pass_count',
             'followup_settled', 'followup_opens', 'followup_closes', 'door_to_imaging',
             'door_to_puncture', 'imaging_to_puncture', 'onset_to_puncture',
             'puncture_to_reperfusion', 'onset_to_reperfusion', 'procedure_duration']
NEW_STATS = (OLD_STATS[:5] + ['operator'] + OLD_STATS[5:]
             + ['sich_definition', 'occlusion_site'])
WINDOW = ['procedure_date', 'id', 'deleted_at', 'case_number', 'registry_id', 'operator']


def upgrade() -> None:
    op.drop_index('ix_cases_stats', table_name='cases')
    op.create_index('ix_cases_stats', 'cases', NEW_STATS, unique=False)
    op.drop_index('ix_cases_procedure_date', table_name='cases')
    op.create_index('ix_cases_window', 'cases', WINDOW, unique=False)


def downgrade() -> None:
    op.drop_index('ix_cases_window', table_name='cases')
    op.create_index('ix_cases_procedure_date', 'cases', ['procedure_date'], unique=False)
    op.drop_index('ix_cases_stats', table_name='cases')
    op.create_index('ix_cases_stats', 'cases', OLD_STATS, unique=False)
