"""report digests kept between reports, against change marks raised by triggers

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 23:00:00

`case_marks`: a mark per case that triggers on cases and passes raise on every write, whatever
makes it (storage.digest_marks); `report_digests`: each case's report digest with the mark its
case had when it was computed. A report reads the digests of unchanged cases instead of
computing them again. Both tables start empty (every case has mark 0 and no digest).
"""
import sqlalchemy as sa
from alembic import op

from registry_app.storage import digest_marks

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_marks",
        sa.Column("case_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("mark", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_marks")),
    )
    op.create_table(
        "report_digests",
        sa.Column("case_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("mark", sa.Integer(), nullable=False),
        sa.Column("layout", sa.String(16), nullable=False),
        sa.Column("digest", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_report_digests")),
    )
    digest_marks.install(op.get_bind())


def downgrade() -> None:
    digest_marks.uninstall(op.get_bind())
    op.drop_table("report_digests")
    op.drop_table("case_marks")
