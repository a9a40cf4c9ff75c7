"""statistics summary kept by the database: per-day tallies and per-month value counts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 15:20:00

Two summary tables, filled from the existing cases; on SQLite, triggers on the cases table
keep them in step with every later write (see registry_app.storage.stats_summary). The SQL is
frozen as this migration created it (registry_app.storage.summary_sql.v0004).
"""
from alembic import op
import sqlalchemy as sa

from registry_app.storage import stats_summary
from registry_app.storage.summary_sql import v0004 as frozen

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    counts = [sa.Column(name, sa.Integer(), nullable=False) for name in frozen.COUNT_COLUMNS]
    op.create_table('stats_days',
                    sa.Column('day', sa.String(length=10), nullable=False),
                    sa.Column('failed', sa.Integer(), nullable=False),
                    sa.Column('stent', sa.Integer(), nullable=False),
                    *counts,
                    sa.PrimaryKeyConstraint('day', 'failed', 'stent', name=op.f('pk_stats_days')),
                    sqlite_with_rowid=False)
    op.create_table('stats_values',
                    sa.Column('month', sa.String(length=7), nullable=False),
                    sa.Column('measure', sa.String(length=32), nullable=False),
                    sa.Column('value', sa.Integer(), nullable=False),
                    sa.Column('n', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('measure', 'value', 'month',
                                            name=op.f('pk_stats_values')),
                    sqlite_with_rowid=False)
    stats_summary.install_sql(op.get_bind(), frozen.TRIGGERS, frozen.ALL_DAYS, frozen.ALL_VALUES)


def downgrade() -> None:
    for name in stats_summary.TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table('stats_values')
    op.drop_table('stats_days')
