"""The registry's whole schema in one metadata: the case tables, the statistics summary's two and
the report digests' two."""
from . import digest_marks  # noqa: F401  (defines case_marks and report_digests on Base.metadata)
from . import summary_tables  # noqa: F401  (defines stats_days and stats_values on Base.metadata)
from .schema import Base

METADATA = Base.metadata
"""Every table a migrated registry has (what Alembic compares the database with)."""

__all__ = ["Base", "METADATA"]
