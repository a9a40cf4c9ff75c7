"""case merges that can be undone

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 20:30:00

`case_merges`: one row per merge of two cases of the same patient. The case merged away is
hidden like a deleted case (its `deleted_at` is set, with the merge named in its reason), so
lists, exports and every statistics path leave it out without a change of their own; the
row keeps both cases' rows as they were before the merge, for an exact undo.
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("merged_at", sa.DateTime(), nullable=False),
        sa.Column("merged_by", sa.String(length=64), nullable=False),
        sa.Column("kept_case_id", sa.Integer(), nullable=False),
        sa.Column("merged_case_id", sa.Integer(), nullable=False),
        sa.Column("kept_version", sa.Integer(), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undone_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_merges")),
    )
    op.create_index("ix_case_merges_kept_case_id", "case_merges", ["kept_case_id"])
    op.create_index("ix_case_merges_merged_case_id", "case_merges", ["merged_case_id"])


def downgrade() -> None:
    op.drop_table("case_merges")
