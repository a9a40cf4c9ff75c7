"""sign-offs cover every territory: their scope and their key figures are kept

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 19:00:00

A sign-off's fingerprint now covers the month's cases of every territory. Sign-offs made before
fingerprinted the cerebral cases only: they are marked scope 'cerebral' (and compared as such),
new ones 'all'. `figures` keeps the month's key figures at sign-off, for 'figures at sign-off
vs now' in later reports (none for the old sign-offs).
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("month_signoffs") as batch:
        batch.add_column(sa.Column("scope", sa.String(16), nullable=True))
        batch.add_column(sa.Column("figures", sa.Text(), nullable=True))
    op.execute("UPDATE month_signoffs SET scope = 'cerebral'")


def downgrade() -> None:
    with op.batch_alter_table("month_signoffs") as batch:
        batch.drop_column("figures")
        batch.drop_column("scope")
