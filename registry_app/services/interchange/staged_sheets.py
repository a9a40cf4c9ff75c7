"""The sheets of an import file staged in a temporary SQLite file while they are read: the same
sheets, header, rows and refusals as read_tables, with memory that does not grow with the rows."""
from __future__ import annotations

import csv
import itertools
import json
import logging
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any, Iterator, Sequence

from ...domain.errors import Cancelled
from ..progress import CancelToken, check_cancel
from . import continued_sheets as continued
from . import spreadsheets as sheets
from .csv_text import open_text, streamed_delimiter, streamed_encoding
from .sheet_staging import SCHEMA, Shape, WorksheetStage, renumber, unpacked
from .spreadsheets import FormulaCell, Table
from .xlsx_plain_stream import stream_sheet
from .xlsx_reading import Book, choose_sheets

LOG = logging.getLogger(__name__)
READ_BACK = 500
"""Rows asked for by one query when chosen rows are read back."""
PLAIN_SHEETS = True
"""Plain worksheets read by xlsx_plain_stream (False: every worksheet by the lxml reader)."""



class StagedSheet:
    """One sheet of the file (with the worksheets that continue it) as staged rows: its header
    and warnings at hand, its rows read back in batches or as a spreadsheets.Table."""

    def __init__(self, connection: sqlite3.Connection, sheet: str, parts: list[Shape],
                 warnings: list[str]) -> None:
        self.connection, self.sheet, self.parts = connection, sheet, parts
        self.name, self.header, self.warnings = parts[0].name, parts[0].header, warnings
        self._shapes = {part.name: part for part in parts}

    def __len__(self) -> int:
        return sum(part.count for part in self.parts)

    def batches(self, size: int = 1000) -> Iterator[list[tuple[int, list[Any]]]]:
        """(seq, cells) of every row in file order, `size` at a time; cells as Table.rows has them."""
        after = -1
        while True:
            found = self.connection.execute(
                "SELECT seq, worksheet, cells FROM staged_rows WHERE sheet = ? AND seq > ?"
                " ORDER BY seq LIMIT ?", (self.sheet, after, size)).fetchall()
            if not found:
                return
            yield [(seq, self._cells(worksheet, blob)) for seq, worksheet, blob in found]
            after = found[-1][0]

    def _cells(self, worksheet: str, blob: bytes) -> list[Any]:
        shape, row = self._shapes[worksheet], unpacked(blob)
        row = sheets.kept_cells(row, shape.width, shape.keep)
        return row if shape.at is None else continued.realigned(row, shape.at)

    def table(self, seqs: Sequence[int] | None = None) -> Table:
        """The sheet as read_tables gives it, or only the rows `seqs` (in file order, each with
        its row problems, in the part of its worksheet)."""
        parts = {part.name: Table(part.name, self.header) for part in self.parts}
        for _, worksheet, number, blob, problems in self._chosen(seqs):
            part = parts[worksheet]
            part.rows.append((number, self._cells(worksheet, blob)))
            if problems:
                part.row_problems[number] = json.loads(problems)
        if seqs is None:
            self._add_orphan_problems(parts)
        first, *rest = parts.values()
        first.warnings = list(self.warnings)
        if rest:
            first.rows += [row for part in rest for row in part.rows]
            first.continued = rest
        return first

    def _chosen(self, seqs: Sequence[int] | None) -> Iterator[tuple]:
        query = "SELECT seq, worksheet, number, cells, problems FROM staged_rows WHERE sheet = ?"
        if seqs is None:
            yield from self.connection.execute(query + " ORDER BY seq", (self.sheet,))
            return
        wanted = sorted(set(seqs))
        for start in range(0, len(wanted), READ_BACK):
            chunk = wanted[start:start + READ_BACK]
            marks = ", ".join("?" * len(chunk))
            yield from self.connection.execute(f"{query} AND seq IN ({marks}) ORDER BY seq",
                                               (self.sheet, *chunk))

    def _add_orphan_problems(self, parts: dict[str, Table]) -> None:
        for worksheet, number, problems in self.connection.execute(
                "SELECT worksheet, number, problems FROM staged_orphan_problems WHERE sheet = ?",
                (self.sheet,)):
            parts[worksheet].row_problems[number] = json.loads(problems)


class StagedTables:
    """The staging file: `sheets` by the names read_tables gives, `connection` to it. A context
    manager; close() deletes the file."""

    def __init__(self, folder: Path | None = None) -> None:
        handle, name = tempfile.mkstemp(prefix="import-staged-", suffix=".sqlite3", dir=folder)
        os.close(handle)
        self.path = Path(name)
        self.sheets: dict[str, StagedSheet] = {}
        try:
            self.connection = sqlite3.connect(name, check_same_thread=False)
            self.connection.execute("PRAGMA journal_mode = OFF")
            self.connection.execute("PRAGMA synchronous = OFF")
            self.connection.executescript(SCHEMA)
        except BaseException:
            self.path.unlink(missing_ok=True)
            raise

    def close(self) -> None:
        """Close and delete the staging file. Where it cannot be deleted yet (Windows keeps a
        file open while a statement of an interrupted read is not finalized), it is left for
        the next big import, which deletes staging files a day old (importing.in_parts)."""
        self.connection.close()
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            LOG.warning("staging file %s not deleted yet: %s", self.path, exc)

    def __enter__(self) -> StagedTables:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def stage_tables(path: str | Path, folder: Path | None = None,
                 cancel: CancelToken | None = None) -> StagedTables:
    """The sheets read_tables would give, staged in a new temporary file in `folder` (the
    system's temporary folder by default); the same UnreadableFile for the same file. The
    file is deleted again when reading fails or is cancelled."""
    source, kind = sheets.checked_source(path)
    staged = StagedTables(folder)
    try:
        stager = _Stager(staged, lambda: check_cancel(cancel))
        shapes = stager.csv_family(source) if kind == "csv" else stager.workbook(source)
        for sheet, (parts, warnings) in shapes.items():
            staged.sheets[sheet] = StagedSheet(staged.connection, sheet, parts, warnings)
        staged.connection.commit()
    except BaseException:
        staged.close()
        raise
    return staged


class _Stager:
    """Reads a file's sheets into the staging file, keeping read_tables' order of refusals."""

    def __init__(self, staged: StagedTables, tick) -> None:
        self.connection, self.tick = staged.connection, tick
        self.provisional = itertools.count(-1, -1)
        self.next_seq: dict[str, int] = {}

    def stage(self, sheet: str, name: str, notice: bool, ragged: bool) -> WorksheetStage:
        stage = WorksheetStage(self.connection, sheet, name, self.next_seq.get(sheet, 0),
                               notice, ragged, self.tick)
        stage.provisional = self.provisional
        return stage

    def csv_family(self, path: Path) -> dict[str, tuple[list[Shape], list[str]]]:
        return {sheet: ([self.csv_file(file, sheet)], [])
                for sheet, file in sheets.csv_family(path).items()}

    def csv_file(self, path: Path, sheet: str) -> Shape:
        encoding = streamed_encoding(path)
        separator = streamed_delimiter(path, encoding)
        stage = self.stage(sheet, sheet, notice=False, ragged=True)
        with sheets.csv_refusals(path), open_text(path, encoding) as text:
            for item in sheets.csv_rows(csv.reader(text, csv.excel, delimiter=separator)):
                stage.add(item)
        stage.finish([])
        sheets.check_rows(stage.filled, path, sheet)
        return stage.shape()

    def workbook(self, path: Path) -> dict[str, tuple[list[Shape], list[str]]]:
        read = self.worksheets(path)
        shapes: dict[str, Shape] = {}
        for name, (stage, merges) in read.items():
            stage.finish(merges)
            try:
                with sheets.sheet_or_none(name):
                    sheets.check_rows(stage.filled, path, name)
                    shapes[name] = stage.shape()
            finally:
                if name not in shapes:
                    stage.drop()
        return self.joined(path, shapes, read)

    def worksheets(self, path: Path) -> dict[str, tuple[WorksheetStage, list]]:
        """Every wanted worksheet read and its rows staged, before any is finished (as
        read_tables reads every sheet before it looks at any)."""
        wanted = continued.wanted_sheets(path, sheets.SHEETS)
        read: dict[str, tuple[WorksheetStage, list]] = {}
        with sheets.xlsx_refusals(path, passing=(sqlite3.Error, Cancelled)):
            book = Book(path)
            try:
                budget = sheets.workbook_budget()
                for name, title in choose_sheets(book.titles, wanted).items():
                    sheet = continued.base_and_part(name, sheets.SHEETS)[0]
                    stage = self.stage(sheet, name, notice=True, ragged=False)
                    merges = self.reader(book)(title, sheets.MAX_ROWS + 2, FormulaCell, budget,
                                               stage.add)
                    read[name] = (stage, merges)
                    self.next_seq[sheet] = stage.seq
            finally:
                book.close()
        return read

    def joined(self, path: Path, shapes: dict[str, Shape],
               read: dict[str, tuple[WorksheetStage, list]]
               ) -> dict[str, tuple[list[Shape], list[str]]]:
        """The worksheets joined as continued.joined joins read tables (the same refusals
        and warnings), each later part's columns put in the first part's order."""
        stand_ins = {name: Table(name, shape.header, [], list(shape.warnings))
                     for name, shape in shapes.items()}
        result = {}
        for sheet, first in sheets.joined(dict(stand_ins), path).items():
            parts = [shapes[first.name]] + [shapes[part.name] for part in first.continued]
            for part in parts[1:]:
                own = Table(part.name, part.header)
                part.at = continued.column_order(own, first)
            result[sheet] = (parts, first.warnings)
            if any(read[name][0].renumber for name in read
                   if continued.base_and_part(name, sheets.SHEETS)[0] == sheet) \
                    or len(parts) < self._read_parts(read, sheet):
                renumber(self.connection, sheet, [part.name for part in parts])
        return result

    @staticmethod
    def reader(book: Book):
        """How a worksheet is read: plain sheets by regular expressions (PLAIN_SHEETS)."""
        if PLAIN_SHEETS:
            return lambda *args: stream_sheet(book, *args)
        return book.stream

    @staticmethod
    def _read_parts(read: dict[str, tuple[WorksheetStage, list]], sheet: str) -> int:
        return sum(continued.base_and_part(name, sheets.SHEETS)[0] == sheet for name in read)
