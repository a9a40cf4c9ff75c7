"""audit_log without its redundant case_id index

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 02:00:00

ix_audit_log_case_id (case_id) served nothing ix_audit_case_at (case_id, at) does not: every
lookup of a case's audit rows (its history, restores, merges) uses the latter's leading column.
Each inserted audit row updated both; now only the one.
"""
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_audit_log_case_id", table_name="audit_log")


def downgrade() -> None:
    op.create_index("ix_audit_log_case_id", "audit_log", ["case_id"], unique=False)
