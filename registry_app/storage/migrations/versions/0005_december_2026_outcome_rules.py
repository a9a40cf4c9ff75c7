"""outcome rules of December 2026: stored derived values and the statistics summary recounted

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 18:30:00

MT failure no longer depends on the pass count; an undated in-hospital death is a death within
the follow-up period and counts as mRS 6 in every mRS-based rate; a rescue stent without a
final grade leaves recanalization unknown. Every case's stored derived columns are computed
again, and the summary triggers (whose mRS 0-1 / 0-3 counts now treat a death as mRS 6) are
created again and the summary recounted.
"""
from alembic import op

from registry_app.storage import stats_summary
from registry_app.storage.derived_fill import fill_derived
from registry_app.storage.summary_sql import v0005 as frozen

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    fill_derived(op.get_bind())
    stats_summary.install_sql(op.get_bind(), frozen.TRIGGERS, frozen.ALL_DAYS, frozen.ALL_VALUES)


def downgrade() -> None:
    """The old rules' values are not restored: restore the pre-upgrade backup instead."""
