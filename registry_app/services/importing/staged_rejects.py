"""A big import's rejected rows, kept in its staging file: the report lists the first of them,
the rejects file gets every one (memory flat however many rows are rejected)."""
from __future__ import annotations

import pickle
import sqlite3
from typing import Any, Iterator

from ..interchange.rows import CASES_SHEET
from .rejects import SHEETS, Entry, reject_entries
from .rows import RejectedRow

LISTED = 1_000
"""Rejected rows a big import's report lists (with their problems); the rest are counted."""
ORDER = "ORDER BY sheet != ?, sheet, row"
"""The report's order of rejected rows (file_import.rejected_order): the cases sheet first."""


class StagedRejects:
    """The rejected rows of the parts, pickled into the staging file as each part is checked."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection
        for table in ("staged_rejects", "staged_reject_entries"):
            self.db.execute(f"DROP TABLE IF EXISTS {table}")
        self.db.execute("CREATE TABLE staged_rejects (sheet TEXT, row INTEGER, item BLOB)")
        self.count = 0

    def add(self, rejected: list[RejectedRow]) -> None:
        self.db.executemany("INSERT INTO staged_rejects VALUES (?, ?, ?)",
                            [(r.sheet, r.row, pickle.dumps(r, pickle.HIGHEST_PROTOCOL))
                             for r in rejected])
        self.count += len(rejected)

    def listed(self) -> list[RejectedRow]:
        """The first LISTED rejected rows in the report's order."""
        return [pickle.loads(item) for (item,) in self.db.execute(
            f"SELECT item FROM staged_rejects {ORDER} LIMIT ?", (CASES_SHEET, LISTED))]

    def _every(self) -> Iterator[RejectedRow]:
        cursor = self.db.execute(f"SELECT item FROM staged_rejects {ORDER}", (CASES_SHEET,))
        for (item,) in cursor:
            yield pickle.loads(item)

    def entries(self) -> dict[str, _SheetEntries]:
        """What rejects.rejected_entries gives of every rejected row, each sheet's entries
        read back from the staging file (in row order) whenever they are gone through."""
        self.db.execute("CREATE TABLE staged_reject_entries (ord INTEGER PRIMARY KEY,"
                        " sheet TEXT, row INTEGER, reasons TEXT, raw BLOB)")
        self.db.execute("CREATE INDEX staged_reject_entries_rows ON staged_reject_entries"
                        " (sheet, row, ord)")
        for item in self._every():
            self.db.executemany("INSERT INTO staged_reject_entries (sheet, row, reasons, raw)"
                                " VALUES (?, ?, ?, ?)",
                                [(sheet, row, reasons, pickle.dumps(raw, pickle.HIGHEST_PROTOCOL))
                                 for sheet, (row, reasons, raw) in reject_entries(item)])
        found = [sheet for (sheet,) in self.db.execute(
            "SELECT sheet FROM staged_reject_entries GROUP BY sheet ORDER BY MIN(ord)")]
        order = [s for s in SHEETS if s in found or s == CASES_SHEET]
        order += [s for s in found if s not in SHEETS]
        return {sheet: _SheetEntries(self.db, sheet) for sheet in order}


class _SheetEntries:
    """One sheet's entries of the rejects file, read from the staging file in row order."""

    def __init__(self, db: sqlite3.Connection, sheet: str) -> None:
        self.db, self.sheet = db, sheet

    def __iter__(self) -> Iterator[Entry]:
        cursor = self.db.execute("SELECT row, reasons, raw FROM staged_reject_entries"
                                 " WHERE sheet = ? ORDER BY row, ord", (self.sheet,))
        for row, reasons, raw in cursor:
            found: dict[str, Any] = pickle.loads(raw)
            yield row, reasons, found
