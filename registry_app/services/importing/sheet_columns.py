"""Reading a sheet's cells column by column: each mapped column's cells through its reader in
one pass, each distinct cell of a column read once, instead of a {column: cell} record per row
and a loop over the readers per row."""
from __future__ import annotations

from datetime import date
from itertools import zip_longest
from operator import itemgetter
from typing import Any, Callable, Iterator, Sequence

from ...domain.errors import ValueProblem

CellReader = Callable[[Any], Any]
CellProblem = tuple[int, str, str]
"""(position of the row in the sheet's rows, column, what is wrong)."""
NoneType = type(None)


class SheetColumns:
    """A sheet's cells by column (rows transposed once), each column's cell of every row as a
    row's record gives it when the header names each column once: None beyond a short row and
    for a column not in the header."""

    def __init__(self, header: list[str], rows: Sequence[tuple[int, list[Any]]]) -> None:
        self.header, self.height = header, len(rows)
        self.columns: list[Sequence[Any]] = list(zip_longest(*(cells for _, cells in rows)))

    def cells(self, column: str) -> Sequence[Any]:
        index = self.header.index(column) if column in self.header else len(self.columns)
        return self.columns[index] if index < len(self.columns) else (None,) * self.height


def read_column(column: str, read: CellReader, cells: Sequence[Any],
                problems: list[CellProblem]) -> list[Any]:
    """Every cell of a column through its reader (an empty cell None without a call); a cell
    that cannot be read gives None and a problem."""
    try:
        return _each_distinct_once(read, cells)
    except ValueProblem:
        pass
    values = []
    for position, raw in enumerate(cells):
        try:
            values.append(None if raw is None else read(raw))
        except ValueProblem as exc:
            values.append(None)
            problems.append((position, column, str(exc)))
    return values


ONCE_KINDS = frozenset({str, int, bool, date})
"""Kinds of cell whose equal cells are alike (unlike 0.0 and -0.0, or date-times and times
equal across time zones, or 1, True and 1.0 side by side)."""


def _each_distinct_once(read: CellReader, cells: Sequence[Any]) -> list[Any]:
    """The reader's value of each cell, each distinct cell read once when every cell of the
    column is of one of the ONCE_KINDS; otherwise each cell read in turn."""
    kinds = set(map(type, cells))
    kinds.discard(NoneType)
    if len(kinds) == 1 and kinds <= ONCE_KINDS:
        try:
            distinct = set(cells)
        except TypeError:  # an unhashable cell
            distinct = None
        if distinct is not None:
            distinct.discard(None)
            read_once = {raw: read(raw) for raw in distinct}
            return list(map(read_once.get, cells))
    return [None if raw is None else read(raw) for raw in cells]


def read_columns(sheet: SheetColumns, readers: list[tuple[str, str, CellReader]]
                 ) -> tuple[list[list[Any]], dict[int, list[tuple[str, str]]]]:
    """The parsed values of each column (in the readers' order), and each row's problems as
    (column, reason) in the readers' order, by row position."""
    problems: list[CellProblem] = []
    columns = [read_column(column, read, sheet.cells(column), problems)
               for column, _, read in readers]
    by_row: dict[int, list[tuple[str, str]]] = {}
    order = {column: i for i, (column, _, _) in enumerate(readers)}
    for position, column, reason in sorted(problems, key=lambda p: (p[0], order[p[1]])):
        by_row.setdefault(position, []).append((column, reason))
    return columns, by_row


BLOCK = 1_000
"""Rows read column by column at a time: the transposed cells and parsed columns of a block
are all this holds beside the rows (about 1.5 MB for 91 columns)."""
ParsedRow = tuple[int, list[Any], dict[str, Any] | None, list[tuple[str, str]]]


def rows_by_column(header: list[str], rows: Sequence[tuple[int, list[Any]]],
                   readers: list[tuple[str, str, CellReader]],
                   by_record: Callable[[SheetColumns], set[int]]) -> Iterator[ParsedRow]:
    """(number, cells, values by code, problems as (column, reason)) of each row, BLOCK rows
    at a time; values None for the rows `by_record` names (to be parsed from their records)."""
    codes = [code for _, code, _ in readers]
    for start in range(0, len(rows), BLOCK):
        block = rows[start:start + BLOCK]
        sheet = SheetColumns(header, block)
        columns, problems = read_columns(sheet, readers)
        recorded = by_record(sheet)
        del sheet
        for position, (number, cells) in enumerate(block):
            if position in recorded:
                yield number, cells, None, []
            else:
                yield (number, cells, dict(zip(codes, map(itemgetter(position), columns))),
                       problems.get(position, []))
