"""One worksheet written to the staging file row by row as it is read, with what the header and
merge rules need gathered on the way (so no sheet is ever held whole in memory)."""
from __future__ import annotations

import itertools
import json
import pickle
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from . import spreadsheets as sheets
from .merged_cells import merge_down, merge_notes, merges_below
from .xlsx_reading import Merge

BATCH = 1000
"""Rows written to the staging file by one executemany."""
SCHEMA = """
CREATE TABLE staged_rows (sheet TEXT NOT NULL, seq INTEGER NOT NULL, worksheet TEXT NOT NULL,
    number INTEGER NOT NULL, cells BLOB NOT NULL, problems TEXT, key TEXT, part INTEGER,
    PRIMARY KEY (sheet, seq));
CREATE TABLE staged_orphan_problems (sheet TEXT NOT NULL, worksheet TEXT NOT NULL,
    number INTEGER NOT NULL, problems TEXT NOT NULL);
CREATE INDEX ix_staged_orphan_problems ON staged_orphan_problems (sheet, worksheet, number);
"""
"""`key` and `part` are the import's (importing/staged_parts.py indexes them once they are
set, not while every row is staged). staged_orphan_problems: the problems of row numbers that
hold no row (cells merged across columns over empty rows), which read_tables lists too."""
INSERT = "INSERT INTO staged_rows (sheet, seq, worksheet, number, cells, problems) VALUES (?, ?, ?, ?, ?, ?)"


def packed(cells: list[Any]) -> bytes:
    return pickle.dumps(cells, protocol=pickle.HIGHEST_PROTOCOL)


def unpacked(blob: bytes) -> list[Any]:
    return pickle.loads(blob)  # noqa: S301 - our own rows in our own temporary file


@dataclass
class Shape:
    """What a staged worksheet's rows become when read back: the header names, the columns
    kept of the raw cells (as spreadsheets.kept_cells), and their order in the first part's columns
    (continued_sheets.column_order; None: as they are)."""

    name: str
    header: list[str]
    width: int
    keep: list[int]
    count: int
    warnings: list[str] = field(default_factory=list)
    at: list[int] | None = None


class WorksheetStage:
    """Takes the rows of one worksheet as the readers give them (`add`, as list.append), keeps
    those with a value, finds the header (below a notice row when `notice`), and writes the
    rows below it to the staging file; `finish` applies the merged ranges."""

    def __init__(self, connection: sqlite3.Connection, sheet: str, name: str, first_seq: int,
                 notice: bool, ragged: bool, tick: Callable[[], None]) -> None:
        self.connection, self.sheet, self.name = connection, sheet, name
        self.notice, self.ragged, self.tick = notice, ragged, tick
        self.provisional: Iterator[int] = itertools.count(-1, -1)
        """Places of rows a merge adds, until the sheet is numbered again (shared by the
        worksheets of a sheet)."""
        self.first_seq = self.seq = first_seq
        self.above: list[tuple[int, list[Any]]] = []  # the first rows, until the header is known
        self.header: tuple[int, list[Any]] | None = None
        self.banner: list[Any] | None = None
        self.seen: sheets.ColumnsSeen | None = None
        self.batch: list[tuple] = []
        self.renumber = False
        self.warnings: list[str] = []

    @property
    def filled(self) -> int:
        """The rows with a value, notice and header included (what check_rows counts)."""
        return len(self.above) + (self.header is not None) + (self.banner is not None) \
            + self.seq - self.first_seq

    def add(self, item: tuple[int, list[Any]]) -> None:
        number, row = item
        if not any(sheets.has_value(v) for v in row):
            return
        if self.seen is not None:
            self._body(number, row)
            return
        self.above.append(item)
        if not self.notice or len(self.above) == 2:
            self._header_found()

    def _header_found(self) -> None:
        above, self.above = self.above, []
        if sheets.is_notice(above):
            self.banner = above.pop(0)[1]
        self.header = above.pop(0)
        self.seen = self._columns_seen()
        for number, row in above:
            self._body(number, row)

    def _body(self, number: int, row: list[Any]) -> None:
        assert self.seen is not None and self.header is not None
        self.seen.see(row)
        problem = sheets.ragged_problem(row, len(self.header[1])) if self.ragged else None
        self.batch.append((self.sheet, self.seq, self.name, number, packed(row),
                           json.dumps([problem]) if problem else None))
        self.seq += 1
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        self.connection.executemany(INSERT, self.batch)
        self.batch = []
        self.tick()

    def finish(self, merges: list[Merge]) -> None:
        """The last rows written; the merged ranges below the header applied as read_tables
        applies them (the rows they change read again and written back)."""
        if self.above:
            self._header_found()
        self.flush()
        if self.header is None:
            return
        merges = merges_below(merges, self.header[0])
        if merges:
            self.connection.execute("CREATE INDEX IF NOT EXISTS ix_staged_rows_number"
                                    " ON staged_rows (sheet, worksheet, number)")
        if any(m.first_col == m.last_col for m in merges):
            self._merge_down(merges)
        for merge in merges:
            self._note(merge)

    def shape(self) -> Shape:
        assert self.seen is not None
        names, keep = self.seen.columns()
        return Shape(self.name, names, self.seen.width, keep, self.seq - self.first_seq,
                     self.warnings)

    def _merge_down(self, merges: list[Merge]) -> None:
        rows = StagedRows(self)
        merge_down(rows, merges)
        self.renumber = rows.added > 0
        self._drop_empty_and_measure()

    def _drop_empty_and_measure(self) -> None:
        """Rows a merge left without a value removed; the columns seen again over every row."""
        seen, empty, count = self._columns_seen(), [], 0
        for rowid, cells in self._rows("SELECT rowid, cells FROM staged_rows WHERE sheet = ?"
                                       " AND worksheet = ? ORDER BY number"):
            row = unpacked(cells)
            if any(sheets.has_value(v) for v in row):
                seen.see(row)
                count += 1
            else:
                empty.append((rowid,))
        self.connection.executemany("DELETE FROM staged_rows WHERE rowid = ?", empty)
        self.renumber = self.renumber or bool(empty)
        self.seq, self.seen = self.first_seq + count, seen

    def _columns_seen(self) -> sheets.ColumnsSeen:
        """What names the columns, from the header and the notice row above it."""
        assert self.header is not None
        seen = sheets.ColumnsSeen(self.header[1])
        if self.banner is not None:
            seen.widen(self.banner)
        return seen

    def _rows(self, sql: str) -> Iterator[tuple]:
        cursor = self.connection.execute(sql, (self.sheet, self.name))
        while batch := cursor.fetchmany(BATCH):
            yield from batch

    def _note(self, merge: Merge) -> None:
        warning, problems = merge_notes(self.name, merge)
        self.warnings += [warning] if warning else []
        for number, problem in problems:
            self._add_problem(number, problem)

    def _add_problem(self, number: int, problem: str) -> None:
        key = (self.sheet, self.name, number)
        found = self.connection.execute("SELECT problems FROM staged_rows WHERE sheet = ? AND"
                                        " worksheet = ? AND number = ?", key).fetchone()
        table = "staged_rows" if found else "staged_orphan_problems"
        if not found:
            found = self.connection.execute(
                "SELECT problems FROM staged_orphan_problems WHERE sheet = ? AND worksheet = ?"
                " AND number = ?", key).fetchone()
        problems = [*json.loads(found[0] or "[]"), problem] if found else [problem]
        if found:
            self.connection.execute(f"UPDATE {table} SET problems = ? WHERE sheet = ? AND"
                                    " worksheet = ? AND number = ?", (json.dumps(problems), *key))
        else:
            self.connection.execute("INSERT INTO staged_orphan_problems VALUES (?, ?, ?, ?)",
                                    (*key, json.dumps(problems)))

    def drop(self) -> None:
        """The worksheet left out (a sheet other than the cases sheet with no or too many rows)."""
        for table in ("staged_rows", "staged_orphan_problems"):
            self.connection.execute(f"DELETE FROM {table} WHERE sheet = ? AND worksheet = ?",
                                    (self.sheet, self.name))


class StagedRows:
    """A staged worksheet's rows by row number, as merge_down reads and sets them; a row set
    that was not there is added with a provisional place (the sheet is numbered again)."""

    def __init__(self, stage: WorksheetStage) -> None:
        self.stage, self.added = stage, 0
        self.where = "WHERE sheet = ? AND worksheet = ? AND number = ?"

    def _key(self, number: object) -> tuple:
        return (self.stage.sheet, self.stage.name, number)

    def get(self, number: int, default: list[Any]) -> list[Any]:
        found = self.stage.connection.execute(f"SELECT cells FROM staged_rows {self.where}",
                                              self._key(number)).fetchone()
        return default if found is None else unpacked(found[0])

    def __setitem__(self, number: int, row: list[Any]) -> None:
        connection = self.stage.connection
        changed = connection.execute(f"UPDATE staged_rows SET cells = ? {self.where}",
                                     (packed(row), *self._key(number))).rowcount
        if not changed:
            self.added += 1
            connection.execute(INSERT, (self.stage.sheet, next(self.stage.provisional),
                                        self.stage.name, number, packed(row), None))


OUT_OF_THE_WAY = 1 << 62
"""Subtracted from every place first, so no new place meets an old one."""


def renumber(connection: sqlite3.Connection, sheet: str, order: list[str]) -> None:
    """The sheet's rows numbered 0, 1, 2... again, worksheet by worksheet in `order` and by row
    number within each (after merges added or removed rows, or a worksheet was left out)."""
    connection.execute("CREATE TEMP TABLE renumbered (id INTEGER PRIMARY KEY, seq INTEGER)")
    connection.execute(
        "INSERT INTO renumbered SELECT r.rowid, ROW_NUMBER() OVER (ORDER BY o.position, r.number) - 1"
        " FROM staged_rows r JOIN (SELECT value AS name, key AS position FROM json_each(?)) o"
        " ON o.name = r.worksheet WHERE r.sheet = ?", (json.dumps(order), sheet))
    connection.execute("UPDATE staged_rows SET seq = seq - ? WHERE sheet = ?", (OUT_OF_THE_WAY, sheet))
    connection.execute("UPDATE staged_rows SET seq = (SELECT seq FROM renumbered WHERE"
                       " renumbered.id = staged_rows.rowid) WHERE sheet = ?", (sheet,))
    connection.execute("DROP TABLE renumbered")
