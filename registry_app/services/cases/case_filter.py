"""What the coordinator asked to see: the case filter (plain data, importable without SQL)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta


@dataclass(frozen=True)
class CaseFilter:
    """What the coordinator asked to see. None means 'any'."""

    date_from: date | None = None
    date_to: date | None = None
    occlusion_sites: tuple[str, ...] = ()
    circulation: str | None = None
    operator: str | None = None
    territory: str | None = None
    mt_failed: bool | None = None
    rescue_stent: bool | None = None
    followup_status: str | None = None
    incomplete: bool | None = None
    text: str = ""
    include_deleted: bool = False
    case_ids: tuple[int, ...] | None = None

    def with_month(self, month: str) -> "CaseFilter":
        """The same filter limited to one month 'YYYY-MM'."""
        first = date.fromisoformat(month + "-01")
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return replace(self, date_from=first, date_to=last)
