"""A sheet's rows made a column at a time: each distinct value of a column becomes its cell's
XML once, and every row is joined from its columns' cells."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Callable, Sequence

MARK = "\x00"
"""Stands for the row number in a cell's reference until its row is joined (a cell's XML never
holds it: openpyxl's illegal characters, which texts lose, include it)."""
KINDS = frozenset({type(None), str, int, float, bool, date, datetime})
"""Value types a column's cells can be looked up by value alone (equal values, equal cells)."""
DATE_TIMES = frozenset({type(None), datetime})
NUMBERS = frozenset({int, float, bool})
"""1, 1.0 and True are equal keys but different cells: a column mixing them goes cell by cell."""


def rows_by_column(first: int, rows: Sequence[Sequence[Any]], columns: Sequence[Any],
                   cell: Callable[[Any, Any], str],
                   date_times: Callable[[Any, tuple], list[str] | None] | None = None,
                   ) -> list[str] | None:
    """The <row> elements from row `first`, or None when the rows differ in length or have no
    cells (then row by row). `cell(column, value)` is a cell's XML with MARK for its row
    number ('' for no cell); it must depend only on the column, the value and its type.
    `date_times(column, values)`, for a column of date-times and blanks only, gives all its
    cells at once (as `cell` would) or None (then as other columns)."""
    widths = set(map(len, rows))
    if len(widths) != 1 or not columns or not widths.pop():
        return None
    cells = [_column(column, values, cell, date_times)
             for column, values in zip(columns, zip(*rows))]
    return [f'<row r="{number}">' + "".join(row).replace(MARK, f'{number}"') + "</row>"
            for number, row in enumerate(zip(*cells), start=first)]


def _column(column: Any, values: tuple, cell: Callable[[Any, Any], str],
            date_times: Callable[[Any, tuple], list[str] | None] | None) -> list[str]:
    """The column's cells, each distinct value's made once (value by value for mixed numbers
    or other types); date-times, nearly all distinct, made in one go when possible."""
    kinds = set(map(type, values))
    if date_times is not None and kinds <= DATE_TIMES:
        made = date_times(column, values)
        if made is not None:
            return made
    if kinds <= KINDS and len(kinds & NUMBERS) <= 1:
        return list(map(_Made(column, cell).__getitem__, values))
    return [cell(column, value) for value in values]


class _Made(dict):
    """A column's cells by value, each made when first asked for."""

    def __init__(self, column: Any, cell: Callable[[Any, Any], str]) -> None:
        super().__init__()
        self.column, self.cell = column, cell

    def __missing__(self, value: Any) -> str:
        made = self[value] = self.cell(self.column, value)
        return made
