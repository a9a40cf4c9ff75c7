"""Dates in legacy files: the order of day and month a file shows, and times of day alone."""
from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from ...domain.clock_times import CHAIN, place_times
from ...domain.dates import NUMERIC, ORDER_NAMES
from ...domain.errors import ValueProblem
from ...domain.fields import FIELDS_BY_CODE
from ...domain.values import parse_value
from ..interchange.spreadsheets import Table
from .sheet_columns import SheetColumns

TIME_ONLY = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")
DATE_KINDS = ("date", "datetime")


def _order_evidence(text: str) -> str | None:
    """'dmy' for 25.03.2025, 'mdy' for 03/25/2025, None when the text does not tell."""
    found = NUMERIC.match(text.strip().split(" ")[0])
    if not found or len(found.group(1)) > 2 or len(found.group(4)) != 4:
        return None
    first, second = int(found.group(1)), int(found.group(3))
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    return None


def evident_date_order(table: Table, columns: dict[str, str]) -> tuple[str, str, str] | None:
    """(order, example, column) when the file's own dates show one order of day and month
    (e.g. 25.03.2025) and none shows the other; None when they do not tell or disagree."""
    return decided_order(date_evidence(table, columns))


Evidence = dict[str, tuple[str, str]]
"""The first cell (its text and column) that shows each order of day and month."""


def date_evidence(table: Table, columns: dict[str, str], seen: Evidence | None = None) -> Evidence:
    """`seen` with the orders the table's date cells show (a file read part by part adds each
    part's); it stops looking once both orders are seen."""
    seen = {} if seen is None else seen
    dated = [(c, table.header.index(c)) for c, code in columns.items()
             if c in table.header and FIELDS_BY_CODE[code].kind in DATE_KINDS]
    for _, row in table.rows:
        if len(seen) > 1:
            break
        for column, index in dated:
            cell = row[index] if index < len(row) else None
            if not isinstance(cell, str):
                continue
            order = _order_evidence(cell)
            if order and order not in seen:
                seen[order] = (cell.strip(), column)
    return seen


def order_note(order: str, example: str, column: str) -> str:
    """Why dates were read in an order nobody declared (the report's and preview's note)."""
    return (f"Dates were read {ORDER_NAMES[order]}, as '{example}' in column '{column}' shows;"
            " no date in the file reads the other way.")


def decided_order(seen: Evidence) -> tuple[str, str, str] | None:
    """(order, example, column) when exactly one order was seen."""
    if len(seen) != 1:
        return None
    order, (example, column) = next(iter(seen.items()))
    return order, example, column


def _time_of_day(raw: Any) -> time | None:
    if isinstance(raw, time):
        return raw
    found = TIME_ONLY.match(raw) if isinstance(raw, str) else None
    if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        return None
    return time(int(found.group(1)), int(found.group(2)))


def clock_columns(columns: dict[str, str]) -> tuple[str, ...]:
    """The columns of date-and-time fields, where a time of day alone may stand."""
    return tuple(c for c, code in columns.items() if FIELDS_BY_CODE[code].kind == "datetime")


def rows_with_times_of_day(sheet: SheetColumns, clocks: tuple[str, ...]) -> set[int]:
    """Positions (in the sheet's rows) of the rows with a time of day alone in one of the
    clock columns: with_procedure_day may change their records, and no other row's."""
    found: set[int] = set()
    for column in clocks:
        cells = sheet.cells(column)
        found.update(position for position, cell in enumerate(cells)
                     if isinstance(cell, (str, time)) and _time_of_day(cell) is not None)
    return found


def with_procedure_day(record: dict[str, Any], columns: dict[str, str],
                       date_order: str | None, clocks: tuple[str, ...] | None = None
                       ) -> dict[str, Any]:
    """The record with each time of day alone ('14:35') in a date-and-time column put on the
    row's procedure date, across midnight only where the order of the row's times says so
    (as the case editor does); unchanged when the row has no readable procedure date.
    `clocks`: clock_columns(columns), when worked out once for many rows."""
    clocks = clock_columns(columns) if clocks is None else clocks
    times = {c: t for c in clocks if (t := _time_of_day(record.get(c))) is not None}
    if not times:
        return record
    day = _procedure_day(record, columns, date_order)
    if day is None:
        return record
    by_code = {code: c for c, code in columns.items()}
    chain = [(code, times.get(by_code[code]) or _full(record, by_code[code], date_order))
             for code in CHAIN if code in by_code]
    placed = place_times(day, chain)
    return {**record, **{c: placed.get(columns[c], datetime.combine(day, t))
                         for c, t in times.items()}}


def _full(record: dict[str, Any], column: str, date_order: str | None) -> datetime | None:
    try:
        return parse_value(FIELDS_BY_CODE["puncture_time"], record.get(column), date_order)
    except ValueProblem:
        return None


def _procedure_day(record: dict[str, Any], columns: dict[str, str],
                   date_order: str | None) -> date | None:
    column = next((c for c, code in columns.items() if code == "procedure_date"), None)
    try:
        value = None if column is None else record.get(column)
        return parse_value(FIELDS_BY_CODE["procedure_date"], value, date_order)
    except ValueProblem:
        return None
