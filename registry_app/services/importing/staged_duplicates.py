"""Possible duplicates among a big import's good rows, kept in its staging file, not in memory."""
from __future__ import annotations

import sqlite3
from datetime import date
from typing import Iterator

from ..cases.duplicates import DuplicateIndex, Known, PossibleDuplicate, file_known, worth_checking
from .rows import Candidate

COLUMNS = "ord, sheet, row, key, case_id, number, mrn, birth, proc, worth"
SHARING = ("SELECT p.ord FROM staged_known p JOIN staged_known f ON f.mrn = p.mrn"
           " AND f.ord != p.ord WHERE p.worth = 1 UNION SELECT p.ord FROM staged_known p"
           " JOIN staged_known f ON f.birth = p.birth AND f.proc = p.proc AND f.ord != p.ord"
           " WHERE p.worth = 1")
"""The rows looked for whose MRN or dates another row of the file shares."""

Found = tuple[str, int, "str | None", PossibleDuplicate]


class StagedKnown:
    """The good rows of the file, as the duplicate index knows them, in file order."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection
        self.db.execute("DROP TABLE IF EXISTS staged_known")
        self.db.execute("CREATE TABLE staged_known (ord INTEGER PRIMARY KEY, sheet TEXT,"
                        " row INTEGER, key TEXT, case_id INTEGER, number TEXT, mrn TEXT,"
                        " birth TEXT, proc TEXT, worth INTEGER)")
        self.db.execute("CREATE INDEX staged_known_mrn ON staged_known (mrn)")
        self.db.execute("CREATE INDEX staged_known_dates ON staged_known (birth, proc)")
        self.count = 0

    def add(self, good: list[Candidate]) -> None:
        """A part's good rows (those new or changed in a field duplicates are told by are
        looked for, as in a whole-file import)."""
        rows = []
        for cand in good:
            known = file_known(cand.case, cand.existing_id)
            rows.append((self.count, cand.sheet, cand.row, cand.key, known.case_id,
                         known.case_number, known.mrn or None, _text(known.birth_date),
                         _text(known.procedure_date), worth_checking(cand.case, cand.current)))
            self.count += 1
        self.db.executemany(f"INSERT INTO staged_known ({COLUMNS}) VALUES"
                            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def possible_duplicates(self, stored: DuplicateIndex) -> Iterator[Found]:
        """(sheet, row, case number, other case) of every looked-for row that may be another
        case, stored or in the file: what the whole file's index gives."""
        sharing = {ord_ for (ord_,) in self.db.execute(SHARING)}
        looked_for = self.db.execute(f"SELECT {COLUMNS} FROM staged_known WHERE worth = 1"
                                     " ORDER BY ord")
        for ord_, sheet, row, key, *known in looked_for:
            probe = _known(known)
            index = DuplicateIndex([*stored.by_mrn.get(probe.mrn or "", []),
                                    *stored.by_dates.get(_dates(probe), [])])
            if ord_ in sharing:
                for item in self._sharing(probe):
                    index.add(item)
            for other in index.matches_known(probe, probe.case_id, key):
                yield sheet, row, key, other

    def _sharing(self, probe: Known) -> list[Known]:
        """The file's rows with the probe's MRN, then those with its dates, in file order."""
        by_mrn = self.db.execute(f"SELECT {COLUMNS} FROM staged_known WHERE mrn = ? ORDER BY"
                                 " ord", (probe.mrn,)).fetchall() if probe.mrn else []
        dates = (_text(probe.birth_date), _text(probe.procedure_date))
        by_dates = self.db.execute(f"SELECT {COLUMNS} FROM staged_known WHERE birth = ? AND"
                                   " proc = ? ORDER BY ord", dates).fetchall() \
            if all(dates) else []
        return [_known(row[4:]) for row in by_mrn + by_dates]


def _known(values) -> Known:
    case_id, number, mrn, birth, proc, _worth = values
    return Known(case_id, number, mrn, _day(birth), _day(proc))


def _dates(probe: Known) -> tuple[date, date]:
    """The probe's (date of birth, procedure date), or a pair no index holds."""
    if probe.birth_date and probe.procedure_date:
        return probe.birth_date, probe.procedure_date
    return date.min, date.min


def _text(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
