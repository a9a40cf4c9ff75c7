"""Merged cells of a worksheet as the import reads them: a value merged down one column fills
every row of the merge (with a warning); cells merged across columns are a problem of each row."""
from __future__ import annotations

from typing import Any, Iterable, Protocol

from .xlsx_reading import Merge


NO_ROW: list[Any] = []
"""Stands for a row merge_down does not find (never changed)."""


def merges_below(merges: list[Merge], header_number: int) -> list[Merge]:
    """The merged ranges that matter: those starting below the header row."""
    return [m for m in merges if m.first_row > header_number]


def apply_merges(numbered: list[tuple[int, list[Any]]], merges) -> list[tuple[int, list[Any]]]:
    """Copy the value of cells merged down one column into every row of the merge."""
    if not merges:
        return numbered
    by_number = {n: list(r) for n, r in numbered}
    merge_down(by_number, merges)
    return sorted(by_number.items())


class RowsByNumber(Protocol):
    """What merge_down needs of a sheet's rows by row number (a dict, or the staged rows)."""

    def get(self, number: int, default: list[Any]) -> list[Any]: ...

    def __setitem__(self, number: int, row: list[Any]) -> None: ...


def merge_down(rows: RowsByNumber, merges: Iterable[Merge]) -> None:
    """In `rows` (by row number), each merge down one column whose top row is there gives its
    value to every row of the merge (a missing row is added); each row changed is set again."""
    for merge in merges:
        top = rows.get(merge.first_row, NO_ROW)
        if merge.first_col != merge.last_col or top is NO_ROW:
            continue
        value = top[merge.first_col] if merge.first_col < len(top) else None
        for number in range(merge.first_row + 1, merge.last_row + 1):
            row = rows.get(number, [])
            row.extend([None] * (merge.first_col + 1 - len(row)))
            row[merge.first_col] = value
            rows[number] = row


def merge_warning(name: str, merge: Merge) -> str | None:
    """The sheet's warning for cells merged down one column (None: merged across columns)."""
    if merge.first_col != merge.last_col:
        return None
    return (f"Sheet '{name}': cells {merge.ref} are merged; the value of row {merge.first_row}"
            f" was used for rows {merge.first_row}-{merge.last_row}.")


def merge_problem(merge: Merge) -> str:
    """The problem of each row of cells merged across columns."""
    return (f"cells {merge.ref} are merged across columns; unmerge them and enter each value"
            " in its own column.")


def merge_notes(name: str, merge: Merge) -> tuple[str | None, list[tuple[int, str]]]:
    """What a merge means for the reader: the sheet's warning (merged down one column), or
    the problem of each row it covers (merged across columns)."""
    warning = merge_warning(name, merge)
    if warning:
        return warning, []
    problem = merge_problem(merge)
    return None, [(number, problem) for number in range(merge.first_row, merge.last_row + 1)]
