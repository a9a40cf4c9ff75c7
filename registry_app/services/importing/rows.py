"""Turning spreadsheet rows into candidate cases, with every problem named by row and column."""
from __future__ import annotations

import re
from datetime import datetime
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterator

from ...domain.case import Case
from ...domain.errors import ValueProblem
from ...domain.fields import (CASE_FIELDS, CONTACT_FIELDS, FIELDS_BY_CODE, IDENTITY_FIELDS,
                              PASS_FIELDS, FieldDef)
from ...domain.validation import too_long
from ...domain.values import parse_value
from .dates import clock_columns, rows_with_times_of_day, with_procedure_day
from .layouts import BOOKKEEPING, suggest_mapping
from .sheet_columns import rows_by_column
from ..interchange.rows import ATTEMPTS_SHEET, CONTACTS_SHEET, KEY, unguard_text
from ..interchange.spreadsheets import FormulaCell, Table



@dataclass(frozen=True)
class Problem:
    """One reason a row cannot be imported: where (sheet, row, source column) and why."""

    sheet: str
    row: int
    column: str | None
    reason: str

    @property
    def text(self) -> str:
        return f"column '{self.column}': {self.reason}" if self.column else self.reason


@dataclass
class RejectedRow:
    """A row that was not imported, with every reason, so it can be fixed and re-imported."""

    sheet: str
    row: int
    case_number: str | None
    reasons: list[str]
    raw: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    children: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A row's cells as read and its sheet's record function: the row's {column: cell} record
    is made when asked (a rejected or repeated row), not held for every row of the file."""

    cells: list[Any]
    recorder: Callable[[list[Any]], dict[str, Any]]

    @property
    def raw(self) -> dict[str, Any]:
        return self.recorder(self.cells)


@dataclass
class Candidate:
    """A case read from one row, the rows of its passes and contacts, and what is wrong with it."""

    sheet: str
    row: int
    source: SourceRow
    case: Case
    problems: list[Problem]
    present: frozenset[str] = frozenset()
    """Field codes (and 'passes'/'contacts') the file gives; shared between candidates."""
    children: dict[str, list[tuple[int, SourceRow]]] = field(default_factory=dict)
    existing_id: int | None = None
    current: Case | None = None
    changes: list = field(default_factory=list)
    queries: list = field(default_factory=list)
    """Consistency rules the row breaks: imported with an open query for each."""

    @property
    def key(self) -> str | None:
        return self.case.values.get(KEY)

    @property
    def raw(self) -> dict[str, Any]:
        """The row's cells by column, as read."""
        return self.source.raw

    def child_records(self) -> dict[str, list[tuple[int, dict[str, Any]]]]:
        """(row number, {column: cell}) of the row's passes and contacts, by sheet."""
        return {sheet: [(number, row.raw) for number, row in rows]
                for sheet, rows in self.children.items()}


def value_key(raw: Any) -> str:
    """How a raw cell is looked up in a value map: trimmed, lower case, 1.0 written as 1."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip().lower()


def parse_cell(fd: FieldDef, raw: Any, value_map: dict[str, str] | None = None,
               from_xlsx: bool = False, date_order: str | None = None) -> Any:
    """The typed value of one cell; ValueProblem in plain words when it cannot be understood."""
    if isinstance(raw, FormulaCell):
        raise ValueProblem(f"the cell holds the formula '{raw.formula}' instead of a value; enter"
                           " the value itself (in Excel: copy, then Paste Special > Values).")
    if value_map and raw is not None:
        raw = _mapped(fd, raw, value_map)
    if isinstance(raw, str):
        raw = unguard_text(raw)
    if raw is None or raw == "":
        return None
    value = _parse(fd, raw, date_order)
    if fd.kind == "text" and value is not None and too_long(fd, value):
        raise ValueProblem(too_long(fd, value))
    return value


def multichoice_items(raw: Any) -> list[str]:
    """The items of a multiple-choice cell ('a; b, c|d'), as the field parser splits them."""
    return [p.strip() for p in re.split(r"[;,|]", str(raw)) if p.strip()]


def _mapped(fd: FieldDef, raw: Any, value_map: dict[str, str]) -> Any:
    """The cell with the value map applied: the whole cell, else (multiple choice) each item."""
    if value_key(raw) in value_map:
        return value_map[value_key(raw)] or None
    if fd.kind != "multichoice" or not isinstance(raw, str):
        return raw
    items = [value_map.get(value_key(item), item) for item in multichoice_items(raw)]
    return ";".join(item for item in items if item)


_PARSED: dict[tuple[int, type, Any, str | None], Any] = {}


UNREMEMBERED = (float, datetime)
"""Cells parsed each time: -0.0 equals 0.0; a date and time is nearly unique to its cell
(remembering them held about 85,000 entries per 10,000 rows, and cost more than it saved)."""


def _parse(fd: FieldDef, raw: Any, date_order: str | None = None) -> Any:
    """parse_value, remembered per field, raw value and date order (columns repeat the same
    few values); floats and date-times are parsed each time (UNREMEMBERED)."""
    if raw.__class__ in UNREMEMBERED:
        return parse_value(fd, raw, date_order)
    key = (id(fd), type(raw), raw, date_order)
    try:
        return _PARSED[key]
    except KeyError:
        pass
    value = parse_value(fd, raw, date_order)
    if len(_PARSED) > 200_000:
        _PARSED.clear()
    _PARSED[key] = value
    return value


def forget_parsed() -> None:
    """Empty the parse cache shared by the columns (an import in parts does it after each
    part, so what it holds stays a part's, not the file's: up to 200,000 values)."""
    _PARSED.clear()


CellReader = Callable[[Any], Any]
REMEMBERED = 2_000
"""Distinct cells a column reader remembers at most (with 91 columns about as many as the
shared parse cache holds: memory stays flat in the rows)."""


def cell_reader(fd: FieldDef, value_map: dict[str, str] | None = None, from_xlsx: bool = False,
                date_order: str | None = None) -> CellReader:
    """parse_cell of one column as one function, remembering the values of the cells it has
    read (columns repeat a few values; a float is read each time, as -0.0 equals 0.0, and a
    date-time, as it is nearly unique to its cell)."""
    seen: dict[tuple[type, Any], Any] = {}
    on_the_minute = fd.kind == "datetime" and not value_map

    def read(raw: Any) -> Any:
        if raw.__class__ is datetime:  # nearly unique to its cell: not remembered
            if on_the_minute:  # what parse_cell gives it, without four calls
                return raw.replace(second=0, microsecond=0, tzinfo=None)
            return parse_cell(fd, raw, value_map, from_xlsx, date_order)
        key = (raw.__class__, raw)
        try:
            return seen[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell
            return parse_cell(fd, raw, value_map, from_xlsx, date_order)
        value = parse_cell(fd, raw, value_map, from_xlsx, date_order)
        if len(seen) < REMEMBERED and raw.__class__ is not float:
            seen[key] = value
        return value
    return read


def column_readers(columns: dict[str, str], value_maps: dict[str, dict[str, str]],
                   from_xlsx: bool, fields: dict[str, FieldDef] = FIELDS_BY_CODE,
                   date_order: str | None = None) -> list[tuple[str, str, CellReader]]:
    """(column, field code, cell reader) of every mapped column of a sheet."""
    return [(column, code, cell_reader(fields[code], value_maps.get(column), from_xlsx,
                                       date_order)) for column, code in columns.items()]


def parse_record(sheet: str, row: int, record: dict[str, Any],
                 readers: list[tuple[str, str, CellReader]]) -> tuple[dict[str, Any], list[Problem]]:
    """Typed values of one row by field code, and one problem per cell that cannot be read."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for column, code, read in readers:
        raw = record.get(column)
        if raw is None:  # what parse_cell gives an empty cell, without the call
            values[code] = None
            continue
        try:
            values[code] = read(raw)
        except ValueProblem as exc:
            problems.append(Problem(sheet, row, column, str(exc)))
    return values, problems


def read_candidates(table: Table, columns: dict[str, str], value_maps: dict[str, dict[str, str]],
                    from_xlsx: bool, date_order: str | None = None) -> list[Candidate]:
    """One candidate case per row of the cases sheet, worksheet by worksheet when it continues
    on more than one (a time of day alone in a date-and-time column is read on the row's
    procedure date)."""
    readers = column_readers(columns, value_maps, from_xlsx, date_order=date_order)
    return [candidate for worksheet in table.worksheets()
            for candidate in _worksheet_candidates(worksheet, columns, readers, date_order)]


def _worksheet_candidates(table: Table, columns: dict[str, str],
                          readers: list[tuple[str, str, CellReader]],
                          date_order: str | None) -> list[Candidate]:
    candidates, present, clocks = [], frozenset(columns.values()), clock_columns(columns)
    recorder = table.recorder()

    def record_of(cells: list[Any]) -> dict[str, Any]:
        return with_procedure_day(recorder(cells), columns, date_order, clocks)
    for number, cells, values, problems in _parsed_rows(table, readers, RECORDED_CODES,
                                                        record_of, clocks):
        problems += [Problem(table.name, number, None, text)
                     for text in table.row_problems.get(number, [])]
        identity = {f.code: values.pop(f.code, None) for f in IDENTITY_FIELDS}
        case = Case(values=values, identity=identity)
        case.values["territory"] = case.values.get("territory") or "cerebral"
        candidates.append(Candidate(table.name, number, SourceRow(cells, recorder), case,
                                    problems, present))
    return candidates


RECORDED_CODES = frozenset(f.code for f in CASE_FIELDS + IDENTITY_FIELDS)


def _parsed_rows(table: Table, readers: list[tuple[str, str, CellReader]], fields: frozenset[str],
                 record_of: Callable[[list[Any]], dict[str, Any]], clocks: tuple[str, ...] = ()
                 ) -> Iterator[tuple[int, list[Any], dict[str, Any], list[Problem]]]:
    """(number, cells, values by code, problems) of each row: what parse_record gives the
    row's record (`record_of` its cells), read column by column (sheet_columns) unless that
    could differ: a column named twice, two columns for one code, or a code outside `fields`
    (a cell that cannot be read gives None there, no value here: the same only where every
    field of the sheet starts blank). A row with a time of day alone in a `clocks` column is
    parsed from its record."""
    codes = [code for _, code, _ in readers]
    if (len(set(table.header)) != len(table.header) or len(set(codes)) != len(codes)
            or not fields.issuperset(codes)):
        for number, cells in table.rows:
            yield number, cells, *parse_record(table.name, number, record_of(cells), readers)
        return
    for number, cells, values, problems in rows_by_column(
            table.header, table.rows, readers, lambda sheet: rows_with_times_of_day(sheet, clocks)):
        if values is None:
            yield number, cells, *parse_record(table.name, number, record_of(cells), readers)
        else:
            yield number, cells, values, [Problem(table.name, number, column, reason)
                                          for column, reason in problems]


def mark_duplicates(candidates: list[Candidate], key_column: str) -> list[Candidate]:
    """Reject rows sharing a case number with different values; drop exact repeats (returned)."""
    groups: dict[str, list[Candidate]] = {}
    for cand in candidates:
        if cand.key:
            groups.setdefault(cand.key, []).append(cand)
    repeats = []
    for key, group in groups.items():
        if len(group) < 2:
            continue
        if all(c.raw == group[0].raw for c in group):
            repeats += group[1:]
            continue
        rows = _row_list(group)
        for cand in group:
            cand.problems.append(Problem(cand.sheet, cand.row, key_column,
                                         f"case number '{key}' is on {rows} with different"
                                         " values; keep one row per case."))
    return repeats


def _row_list(group: list[Candidate]) -> str:
    """'rows 4, 9', or with their worksheets when they are on more than one of a continued
    sheet ('cases row 4, cases (2) row 9')."""
    if len({c.sheet for c in group}) == 1:
        return "rows " + ", ".join(str(c.row) for c in group)
    return ", ".join(f"{c.sheet} row {c.row}" for c in group)


CHILD_SHEETS = ((ATTEMPTS_SHEET, PASS_FIELDS, "passes"), (CONTACTS_SHEET, CONTACT_FIELDS, "contacts"))


def attach_children(tables: dict[str, Table], candidates: list[Candidate], from_xlsx: bool,
                    date_order: str | None = None) -> tuple[list[RejectedRow], list[str]]:
    """Add the passes and contacts rows to their cases; rows without a case are rejected."""
    by_key: dict[str | None, Candidate] = {}
    for cand in candidates:
        by_key.setdefault(cand.key, cand)
    orphans: list[RejectedRow] = []
    unknown: list[str] = []
    for sheet, fields, target in CHILD_SHEETS:
        if sheet in tables:
            columns = _child_columns(tables[sheet], fields, unknown)
            orphans += _attach(tables[sheet], columns, (target, fields), by_key,
                               (from_xlsx, date_order))
    return orphans, unknown


def child_columns(header: list[str], fields) -> dict[str, str]:
    """A passes or contacts sheet's columns by field code (its case number's among them)."""
    return suggest_mapping(header, fields + (FIELDS_BY_CODE[KEY],))


def _child_columns(table: Table, fields, unknown: list[str]) -> dict[str, str]:
    columns = child_columns(table.header, fields)
    unknown += [f"{table.name}:{c}" for c in table.header
                if c not in columns and c not in BOOKKEEPING]
    return columns


def _attach(table: Table, columns: dict[str, str], target: tuple[str, tuple], by_key,
            reading: tuple[bool, str | None]) -> list[RejectedRow]:
    """Each row of a child sheet (of each of its worksheets) added to its case; orphans."""
    (attribute, fields), (from_xlsx, date_order) = target, reading
    lookup = {fd.code: fd for fd in fields} | {KEY: FIELDS_BY_CODE[KEY]}
    readers = column_readers(columns, {}, from_xlsx, lookup, date_order)
    child = ChildSheet(attribute, {fd.code: None for fd in fields}, frozenset(lookup),
                       next((c for c, code in columns.items() if code == KEY), None))
    return [orphan for worksheet in table.worksheets()
            for orphan in _attach_worksheet(worksheet, readers, child, by_key)]


@dataclass(frozen=True)
class ChildSheet:
    """What attaching a child sheet's rows needs: the case's list, a blank row, the codes
    read, and the column holding the case number."""

    attribute: str
    blank: dict[str, None]
    codes: frozenset[str]
    key_column: str | None


def _attach_worksheet(table: Table, readers: list[tuple[str, str, CellReader]],
                      child: ChildSheet, by_key) -> list[RejectedRow]:
    orphans: list[RejectedRow] = []
    recorder = table.recorder()
    for number, cells, values, problems in _parsed_rows(table, readers, child.codes, recorder):
        problems += [Problem(table.name, number, None, text)
                     for text in table.row_problems.get(number, [])]
        owner = by_key.get(values.pop(KEY, None))
        if owner is None:
            problem = Problem(table.name, number, child.key_column,
                              "no case with this case number in the file's cases sheet.")
            found = [problem] + problems
            record = recorder(cells)
            shown = None if child.key_column is None else record.get(child.key_column)
            orphans.append(RejectedRow(table.name, number, shown,
                                       [p.text for p in found], record, found))
            continue
        getattr(owner.case, child.attribute).append({**child.blank, **values})
        owner.present = _with_child(owner.present, child.attribute)
        owner.children.setdefault(table.name, []).append((number, SourceRow(cells, recorder)))
        owner.problems += problems
    return orphans


@lru_cache(maxsize=64)
def _with_child(present: frozenset[str], attribute: str) -> frozenset[str]:
    """The present codes plus a child sheet (one shared set per combination, not per row)."""
    return present | {attribute}
