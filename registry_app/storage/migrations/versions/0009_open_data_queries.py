"""open data queries: consistency rules saved as soft stops

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 20:30:00

`data_queries`: a consistency rule a saved case breaks (times out of order, a rescue stent
without a failed thrombectomy...), saved with the coordinator's comment instead of being
refused, and resolved with a note or by an edit that makes the rule pass. Existing cases have
none (they were saved only when every rule passed).

Chained after 0009 (case merges), which reached main first; the revision id stays 0008.
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_queries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(64), nullable=False),
        sa.Column("fields", sa.String(255), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opened_by", sa.String(64), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(64), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_data_queries_case_id_cases",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_data_queries"),
    )
    op.create_index("ix_data_queries_case_id", "data_queries", ["case_id"])
    op.create_index("ix_data_queries_resolved_at", "data_queries", ["resolved_at"])


def downgrade() -> None:
    op.drop_index("ix_data_queries_resolved_at", table_name="data_queries")
    op.drop_index("ix_data_queries_case_id", table_name="data_queries")
    op.drop_table("data_queries")
