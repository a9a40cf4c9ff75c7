"""Open data queries of a report's cases, as rows of its data-quality section."""
from __future__ import annotations

from ...domain.case import Case
from ...domain.consistency_rules import rule_name
from ...domain.fields import FIELDS_BY_CODE
from ..cases.data_queries import DataQuery, list_queries
from ..registry import Registry

SEVERITY = "open query"


def query_rows(registry: Registry, cases: list[Case], identified: bool) -> list[dict]:
    """One row per open query of these cases. De-identified: the registry ID and the rule only
    (no case number, no message with values, never the coordinator's free-text comment)."""
    by_id = {case.id: case for case in cases}
    return [_row(q, by_id[q.case_id], identified) for q in list_queries(registry)
            if q.case_id in by_id]


def _row(query: DataQuery, case: Case, identified: bool) -> dict:
    label = ", ".join(FIELDS_BY_CODE[c].label if c in FIELDS_BY_CODE else c
                      for c in query.fields.split(","))
    problem = f"Open query: {rule_name(query.rule)}."
    if identified:
        problem += f" {query.message} Comment: {query.comment or '(none)'}"
    return {"registry_id": case.get("registry_id"),
            "case_number": case.get("case_number") if identified else None,
            "procedure_date": case.get("procedure_date"), "severity": SEVERITY,
            "field": query.fields, "field_label": label, "rule": rule_name(query.rule),
            "problem": problem, "opened_at": query.opened_at,
            "comment": query.comment if identified else None}
