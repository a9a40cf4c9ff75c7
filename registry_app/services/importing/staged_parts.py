"""Which part of a staged import each row belongs to: the part of its case number's first row."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from ...domain.errors import ValueProblem
from ...domain.fields import FIELDS_BY_CODE
from ..interchange.rows import CASES_SHEET, KEY
from ..interchange.staged_sheets import StagedTables
from .checking import Plan, from_workbook
from .rows import CHILD_SHEETS, cell_reader, child_columns, forget_parsed

KeyReader = Callable[[list[Any]], "str | None"]
KEY_BATCH = 2_000


def assign_parts(staged: StagedTables, readers: dict[str, KeyReader | None],
                 part_cases: int) -> list[int]:
    """Give every staged row a part and return the parts in file order.

    A cases row falls in the part of its case number's first row (rows without one by their
    own place), counted in blocks of `part_cases` rows; a passes or contacts row in the part
    of its case (one without a case number in that of the first cases row without one, as
    the whole file would attach it); a row whose case is not in the file in none (an orphan).
    With a sheet whose case number cannot be read from one column, everything is one part."""
    with _transaction(staged.connection) as db:
        known = {name: read for name, read in readers.items() if read is not None}
        if len(known) < len(readers):
            db.execute("UPDATE staged_rows SET part = 0")
        else:
            for name, read in known.items():
                _store_keys(staged, name, read)
            _store_parts(db, part_cases)
        db.execute("CREATE INDEX IF NOT EXISTS ix_staged_rows_part ON staged_rows (sheet, part)")
    return [part for (part,) in staged.connection.execute(
        "SELECT DISTINCT part FROM staged_rows WHERE sheet = ? ORDER BY part", (CASES_SHEET,))]


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One transaction for many statements on the staging file (unless one is open)."""
    if db.in_transaction:
        yield db
        return
    db.execute("BEGIN")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _store_parts(db: sqlite3.Connection, part_cases: int) -> None:
    db.execute("DROP TABLE IF EXISTS temp.first_rows")
    db.execute("CREATE TEMP TABLE first_rows (key TEXT PRIMARY KEY, first INTEGER NOT NULL)")
    db.execute("INSERT INTO temp.first_rows SELECT key, MIN(seq) FROM staged_rows"
               " WHERE sheet = ? AND key IS NOT NULL GROUP BY key", (CASES_SHEET,))
    db.execute("UPDATE staged_rows SET part = COALESCE((SELECT first FROM temp.first_rows f"
               " WHERE f.key = staged_rows.key), seq) / ? WHERE sheet = ?",
               (part_cases, CASES_SHEET))
    unnumbered = db.execute("SELECT MIN(seq) FROM staged_rows WHERE sheet = ? AND key IS NULL",
                            (CASES_SHEET,)).fetchone()[0]
    db.execute("UPDATE staged_rows SET part = CASE WHEN key IS NULL THEN ? / ? ELSE"
               " (SELECT first FROM temp.first_rows f WHERE f.key = staged_rows.key) / ? END"
               " WHERE sheet != ?", (unnumbered, part_cases, part_cases, CASES_SHEET))


def _store_keys(staged: StagedTables, name: str, read: KeyReader) -> None:
    """Each row's case number, kept beside the rows first (not written into the table being
    read), then set in one statement."""
    db = staged.connection
    db.execute("CREATE TEMP TABLE IF NOT EXISTS row_keys (seq INTEGER PRIMARY KEY, key TEXT)")
    db.execute("DELETE FROM temp.row_keys")
    for batch in staged.sheets[name].batches(KEY_BATCH):
        db.executemany("INSERT INTO temp.row_keys VALUES (?, ?)",
                       [(seq, read(cells)) for seq, cells in batch])
        forget_parsed()  # the case numbers read are nearly all distinct: not kept
    db.execute("UPDATE staged_rows SET key = k.key FROM temp.row_keys k"
               " WHERE staged_rows.sheet = ? AND staged_rows.seq = k.seq", (name,))


def part_seqs(staged: StagedTables, sheet: str, part: int) -> list[int]:
    """The rows of a sheet in one part, in file order."""
    return [seq for (seq,) in staged.connection.execute(
        "SELECT seq FROM staged_rows WHERE sheet = ? AND part = ? ORDER BY seq", (sheet, part))]


def orphan_seqs(staged: StagedTables, sheet: str) -> list[int]:
    """The rows of a passes or contacts sheet whose case is not in the file, in file order."""
    return [seq for (seq,) in staged.connection.execute(
        "SELECT seq FROM staged_rows WHERE sheet = ? AND part IS NULL ORDER BY seq", (sheet,))]


def key_readers(staged: StagedTables, plan: Plan, source: Path) -> dict[str, KeyReader | None]:
    """Per sheet, the function giving a row's case number as the import reads it (None for
    a cell it cannot read); None for a sheet whose rows cannot be told apart by one column
    (the whole sheet is then one part)."""
    from_xlsx, order = from_workbook(source), plan.options.date_order
    readers: dict[str, KeyReader | None] = {}
    for name, sheet in staged.sheets.items():
        if name == CASES_SHEET:
            columns = [c for c, code in plan.columns.items() if code == KEY]
        else:
            fields = next(f for s, f, _ in CHILD_SHEETS if s == name)
            columns = [c for c, code in child_columns(sheet.header, fields).items()
                       if code == KEY]
        if len(columns) > 1:
            readers[name] = None
            continue
        value_map = plan.maps.get(columns[0]) if columns and name == CASES_SHEET else None
        readers[name] = _key_reader(sheet.header, columns[0] if columns else None,
                                    cell_reader(FIELDS_BY_CODE[KEY], value_map, from_xlsx, order))
    return readers


def _key_reader(header: list[str], column: str | None, read) -> KeyReader:
    if column is None:
        return lambda cells: None
    index = header.index(column)

    def key(cells: list) -> str | None:
        raw = cells[index] if index < len(cells) else None
        if raw is None:
            return None
        try:
            return read(raw)
        except ValueProblem:
            return None
    return key
