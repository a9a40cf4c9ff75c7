"""The registry's whole schema in one metadata: the case tables and the statistics summary's two."""
from . import summary_tables  # noqa: F401  (defines stats_days and stats_values on Base.metadata)
from .schema import Base

METADATA = Base.metadata
"""Every table a migrated registry has (what Alembic compares the database with)."""

__all__ = ["Base", "METADATA"]
