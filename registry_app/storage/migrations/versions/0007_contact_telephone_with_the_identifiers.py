"""contact telephone kept with the identifiers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 19:30:00

`case_identity.contact_phone`: the number the coordinator calls for the follow-up. It is an identifier,
so it lives in the identity table with the MRN and the name and never reaches de-identified
exports or reports. Nullable: existing cases have none.
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_identity") as batch:
        batch.add_column(sa.Column("contact_phone", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_identity") as batch:
        batch.drop_column("contact_phone")
