"""Open data queries: the consistency rules saved cases break, listed and resolved with a note."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ...domain.errors import NotFound, RegistryError
from ...storage import data_queries
from ...storage.schema import DataQueryRow
from ..changes import Changes
from ..registry import Registry


@dataclass(frozen=True)
class DataQuery:
    """One query: which case, which rule and field(s), the rule's message and its history."""

    id: int
    case_id: int
    case_number: str
    registry_id: str | None
    rule: str
    fields: str
    message: str
    comment: str | None
    opened_at: datetime
    opened_by: str
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    resolution: str | None = None

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


def _query(row: DataQueryRow, case_number: str, registry_id: str | None) -> DataQuery:
    return DataQuery(row.id, row.case_id, case_number, registry_id, row.rule, row.fields,
                     row.message, row.comment, row.opened_at, row.opened_by, row.resolved_at,
                     row.resolved_by, row.resolution)


def list_queries(registry: Registry, case_id: int | None = None,
                 include_resolved: bool = False) -> list[DataQuery]:
    """Open queries of cases not deleted (all, or one case's), by case number."""
    with registry.reading() as session:
        rows = data_queries.listing(session, include_resolved, case_id)
    return [_query(row, number, rid) for row, number, rid, deleted in rows if not deleted]


def open_query_counts(registry: Registry) -> dict[int, int]:
    """How many open queries each case has (cases without any are left out)."""
    with registry.reading() as session:
        return data_queries.open_counts(session)


def resolve_query(registry: Registry, query_id: int, note: str) -> Changes:
    """Close an open query with the coordinator's note (audited); its case changed."""
    note = (note or "").strip()
    if not note:
        raise RegistryError("Resolution note: is required; say how the query was settled.")
    with registry.transaction() as session:
        row = session.get(DataQueryRow, query_id)
        if row is None:
            raise NotFound(f"Query {query_id} was not found.")
        if row.resolved_at is not None:
            raise RegistryError(f"Query {query_id} was already resolved"
                                f" ({row.resolution}).")
        data_queries.resolve(session, row, note=note, user=registry.user, at=registry.now())
        return Changes.of_cases([row.case_id])
