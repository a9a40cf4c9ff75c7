"""statistics summary kept by PL/pgSQL triggers on PostgreSQL

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-06 20:30:00

On PostgreSQL the statistics summary (stats_days, stats_values) stayed empty and the statistics
scanned every case. Statement-level PL/pgSQL triggers (storage.summary_sql.v0010_postgresql)
now keep it, as the SQLite triggers do, and the summary is counted once from the cases. SQLite
registries are not changed.

Also on PostgreSQL: ix_cases_list_order, the case list's default order among the cases not
deleted (its first page at 1,000,000 cases read 200 entries of it instead of sorting them all).
"""
from alembic import op

from registry_app.storage import summary_postgres
from registry_app.storage.summary_sql import v0010_postgresql as frozen

revision = '0010'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        summary_postgres.install_sql(bind, frozen.STATEMENTS, frozen.ALL_DAYS, frozen.ALL_VALUES)
        op.execute("CREATE INDEX ix_cases_list_order ON cases (procedure_date DESC NULLS LAST,"
                   " id DESC) WHERE deleted_at IS NULL")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        summary_postgres.drop(bind)
        op.execute("DROP INDEX IF EXISTS ix_cases_list_order")
