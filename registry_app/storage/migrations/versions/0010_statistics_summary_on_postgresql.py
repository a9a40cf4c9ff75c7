"""statistics summary kept by PL/pgSQL triggers on PostgreSQL

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 20:30:00

On PostgreSQL the statistics summary (stats_days, stats_values) stayed empty and the statistics
scanned every case. Statement-level PL/pgSQL triggers (storage.summary_sql.v0010_postgresql)
now keep it, as the SQLite triggers do, and the summary is counted once from the cases. SQLite
registries are not changed.

Also on PostgreSQL: ix_cases_list_order, the case list's default order among the cases not
deleted (its first page at 1,000,000 cases read 200 entries of it instead of sorting them all),
and trigram indexes (pg_trgm) of the columns the case list's search text is looked for in, when
the server lets this user create that extension (otherwise the search reads every case, as
before).
"""
from alembic import op
from sqlalchemy.exc import DBAPIError

from registry_app.storage import summary_postgres
from registry_app.storage.summary_sql import v0010_postgresql as frozen

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        summary_postgres.install_sql(bind, frozen.STATEMENTS, frozen.ALL_DAYS, frozen.ALL_VALUES)
        op.execute("CREATE INDEX ix_cases_list_order ON cases (procedure_date DESC NULLS LAST,"
                   " id DESC) WHERE deleted_at IS NULL")
        if _trigrams_available(bind):
            _trigram_index("ix_cases_text_search", "cases",
                           ("case_number", "registry_id", "notes", "operator", "stent_device"))
            _trigram_index("ix_case_identity_text_search", "case_identity",
                           ("mrn", "patient_name"))


def _trigrams_available(bind) -> bool:
    """Create the pg_trgm extension if this user may (a savepoint keeps a refusal harmless)."""
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DBAPIError:
        return False
    return True


def _trigram_index(name: str, table: str, columns) -> None:
    parts = ", ".join(f"lower({column}) gin_trgm_ops" for column in columns)
    op.execute(f"CREATE INDEX {name} ON {table} USING gin ({parts})")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        summary_postgres.drop(bind)
        for index in ("ix_cases_list_order", "ix_cases_text_search",
                      "ix_case_identity_text_search"):
            op.execute(f"DROP INDEX IF EXISTS {index}")
