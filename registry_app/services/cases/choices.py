"""What the registry's cases offer to pick from: the span of procedure dates and the operators."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ...storage.schema import cases_table
from ..registry import Registry

C = cases_table.c


def procedure_date_range(registry: Registry,
                         territory: str | None = None) -> tuple[date | None, date | None]:
    """First and last procedure date of the registry's cases (not deleted), or (None, None)."""
    stmt = select(func.min(C.procedure_date), func.max(C.procedure_date)).where(
        C.deleted_at.is_(None))
    if territory:
        stmt = stmt.where(C.territory == territory)
    with registry.reading() as session:
        first, last = session.execute(stmt).one()
    return first, last


def operators(registry: Registry, territory: str | None = None) -> list[str]:
    """The operator codes recorded on cases, sorted."""
    stmt = select(C.operator).where(C.deleted_at.is_(None), C.operator.is_not(None)).distinct()
    if territory:
        stmt = stmt.where(C.territory == territory)
    with registry.reading() as session:
        return sorted(value for value in session.scalars(stmt) if value.strip())
