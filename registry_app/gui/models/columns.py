"""The case list's columns in one place: stored column, header, how to show a value, sort key."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from ...domain import vocab
from ...domain.fields import FIELDS_BY_CODE
from ...domain.values import format_value

TERRITORY_SHORT = {"cerebral": "Cerebral", "limb": "Limb", "coronary": "Coronary"}
FOLLOWUP_WORDS = {"done": "Done", "deceased": "Deceased", "lost": "Lost",
                  "not_yet_due": "Not yet due", "in_window": "In window", "overdue": "Overdue",
                  "unknown": "–"}


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _yes_no(value: Any) -> str:
    return "" if value is None else ("Yes" if value else "No")


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else _plain(value)


def _field(code: str) -> Callable[[Any], str]:
    fd = FIELDS_BY_CODE[code]
    return lambda value: format_value(fd, value)


@dataclass(frozen=True)
class Column:
    """One list column: the value it reads, its header, formatter and SQL sort key."""

    key: str
    header: str
    show: Callable[[Any], str] = _plain
    sort_key: str | None = None
    numeric: bool = False
    width: int = 90
    tooltip: str = ""

    @property
    def sorts_by(self) -> str:
        return self.sort_key or self.key


COLUMNS: tuple[Column, ...] = (
    Column("case_number", "Case number", width=120),
    Column("registry_id", "Registry ID", width=105),
    Column("procedure_date", "Date", _day, width=92),
    Column("territory", "Territory", lambda v: TERRITORY_SHORT.get(v, _plain(v)), width=80),
    Column("occlusion_site", "Site", width=60, tooltip="Occlusion site (cerebral cases)"),
    Column("operator", "Operator", width=72),
    Column("mt_passes", "Passes", numeric=True, width=58),
    Column("mt_failed", "MT failed", _yes_no, width=74,
           tooltip="Thrombectomy failed by the registry's definition"),
    Column("rescue_stent", "Rescue stent", _yes_no, width=90),
    Column("final_reperfusion", "Final grade", _field("final_reperfusion"), width=80),
    Column("mrs_90d", "mRS 90 d", numeric=True, width=66),
    Column("followup_status", "Follow-up", lambda v: FOLLOWUP_WORDS.get(v, _plain(v)),
           sort_key="followup_due", width=90,
           tooltip="Where the follow-up assessment stands (sorted by due date)"),
    Column("followup_due", "Due", _day, width=92),
    Column("completeness", "Complete", lambda v: "" if v is None else f"{round(v * 100)} %",
           numeric=True, width=84),
    Column("open_queries", "Queries", lambda v: f"{v} open" if v else "", width=70,
           tooltip="Open data queries: consistency rules saved with a comment, to resolve"),
)

# Stored columns needed to show the list and compute the follow-up status of each row.
FETCHED = tuple(sorted({c.key for c in COLUMNS if c.key != "followup_status"} | {
    "version", "lost_to_followup", "death_date", "discharge_destination", "limb_salvage_90d",
    "mi_30d"}))


def column_index(key: str) -> int:
    return next(i for i, column in enumerate(COLUMNS) if column.key == key)


def label_of_site(code: str | None) -> str:
    return vocab.label_of(vocab.OCCLUSION_SITE, code)
