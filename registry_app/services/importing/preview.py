"""What an import would do, for the import wizard: mapping, first rows, every problem, counts."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ...domain.errors import ValueProblem
from ...domain.fields import FIELDS_BY_CODE
from .layouts import BOOKKEEPING, layout_key, load_layout, resolve_mapping
from .rows import Problem, multichoice_items, parse_cell, value_key
from .options import ImportOptions
from .dates import Evidence, date_evidence, decided_order, order_note
from .checking import NotImportable, Plan, check_usable, counts, plan_for, queried
from .file_import import analyse
from .in_parts import PART_CASES, import_in_parts, staging_failures, staging_folder
from ..interchange.staged_sheets import stage_tables
from .part_sizes import read_in_parts
from ..collector import collector_paused
from ..interchange.rows import CASES_SHEET
from ..progress import CancelToken, Progress, no_progress
from ..registry import Registry
from ..interchange.spreadsheets import FormulaCell, Table, read_tables

CODED = ("choice", "multichoice", "yesno")
MAX_VALUES = 50


@dataclass
class ImportPreview:
    """Everything the wizard shows before importing; nothing has been written.

    `mapping` is what an import with the same arguments would use; `suggested_mapping` is
    what the application proposes (a remembered layout wins over automatic suggestions).
    `value_maps` are the value maps in use (remembered ones overlaid by the caller's), keyed by
    source column, then by the raw value as `value_key` writes it; for multiple-choice columns
    `unrecognised_values` lists the items of a cell that are not recognised, one by one.
    `blocking` explains why nothing can be imported yet (e.g. no case number column).
    """

    path: Path
    header: list[str]
    suggested_mapping: dict[str, str]
    mapping: dict[str, str]
    remembered: bool
    layout_key: str
    unknown_columns: list[str]
    first_rows: list[tuple[int, dict[str, Any]]]
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    with_queries: int = 0
    """Rows that would be imported with open queries (a consistency rule broken)."""
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unrecognised_values: dict[str, list[str]] = field(default_factory=dict)
    value_maps: dict[str, dict[str, str]] = field(default_factory=dict)
    rejected_listed: int = 0
    """Rejected rows whose problems `problems` lists (a big file's first ones only)."""
    blocking: str | None = None
    date_order: str | None = None
    """The order of day and month used (given, remembered with the layout, or evident)."""
    date_order_note: str | None = None
    """Set when the file's own dates showed the order (nobody declared it)."""

    @property
    def can_import(self) -> bool:
        return self.blocking is None and (self.new + self.updated) > 0

    def problems_by_row(self) -> dict[tuple[str, int], list[Problem]]:
        grouped: dict[tuple[str, int], list[Problem]] = {}
        for problem in self.problems:
            grouped.setdefault((problem.sheet, problem.row), []).append(problem)
        return grouped

    def summary(self) -> str:
        if self.blocking:
            return self.blocking
        text = (f"{self.rows} rows: {self.new} new cases, {self.updated} updated, {self.unchanged}"
                f" unchanged; {self.rejected} rows would be rejected.")
        if self.rejected_listed < self.rejected:
            text += (f" The problems of the first {self.rejected_listed:,} are listed; an import"
                     " writes every rejected row to the rejects file.")
        if self.with_queries:
            text += (f" {self.with_queries} row{'s' if self.with_queries != 1 else ''} would be"
                     " imported with open queries (a consistency rule broken).")
        return text


def preview_import(registry: Registry, path: str | Path, mapping: dict[str, str | None] | None = None,
                   value_maps: dict[str, dict[str, str]] | None = None, *, first_rows: int = 20,
                   progress: Progress = no_progress, cancel: CancelToken | None = None,
                   options: ImportOptions | None = None) -> ImportPreview:
    """Read and check a file as `import_file` would, without writing anything.

    UnreadableFile is raised for files that cannot be read at all; a readable file whose
    columns are not mapped yet gives a preview with `blocking` set.
    """
    if read_in_parts(path):  # a big file: staged on disk and checked part by part
        return _preview_in_parts(registry, Path(path), mapping, value_maps, first_rows,
                                 (progress, cancel), options)
    tables = read_tables(path)
    preview = _basics(registry, Path(path), tables[CASES_SHEET], mapping, first_rows)
    try:
        found = analyse(registry, path, mapping, value_maps, progress, cancel, tables, options,
                        infer_date_order=True)
    except NotImportable as exc:
        preview.blocking = str(exc)
        return preview
    report = found.report
    _fill(preview, report, found.value_maps, found.options.date_order)
    preview.new, preview.updated, preview.unchanged = counts(found.good)
    preview.with_queries = queried(found.good)
    preview.unrecognised_values = unrecognised_values(tables[CASES_SHEET], report.mapping,
                                                      found.value_maps)
    return preview


def _preview_in_parts(registry: Registry, path: Path, mapping, value_maps, first_rows: int,
                      watch: tuple[Progress, CancelToken | None],
                      options: ImportOptions | None) -> ImportPreview:
    """preview_import of a big file: the same preview, its rows held a part at a time."""
    progress, cancel = watch
    with collector_paused(), staging_failures(path):
        progress("Reading the file", 0, 0)
        with stage_tables(path, staging_folder(), cancel=cancel) as staged:
            cases = staged.sheets[CASES_SHEET]
            preview = _basics(registry, path, cases.table(range(min(first_rows, len(cases)))),
                              mapping, first_rows)
            preview.rows = len(cases)
            plan = plan_for(registry, cases.header, mapping, value_maps, options)
            try:
                check_usable(path, len(cases), plan.columns)
            except NotImportable as exc:
                preview.blocking = str(exc)
                return preview
            plan, note, unrecognised = _whole_file_looks(staged, plan)
            report = import_in_parts(registry, staged, path, plan, dry_run=True,
                                     progress=progress, cancel=cancel)
    if note:
        report.date_order_note = note
        report.warnings.insert(0, note)
    _fill(preview, report, plan.maps, plan.options.date_order)
    preview.new, preview.updated, preview.unchanged = report.created, report.updated, \
        report.unchanged
    preview.with_queries = report.with_queries
    preview.unrecognised_values = unrecognised
    return preview


def _whole_file_looks(staged, plan: Plan) -> tuple[Plan, str | None, dict[str, list[str]]]:
    """One pass over the cases rows: the date order their dates show (when none is declared)
    and the coded values that are not recognised."""
    cases, seen = staged.sheets[CASES_SHEET], Evidence()
    values = Unrecognised(plan.columns, plan.maps)
    for start in range(0, len(cases), PART_CASES):  # a sheet's rows are numbered 0, 1, ...
        part = cases.table(range(start, min(start + PART_CASES, len(cases))))
        values.add(part)
        if not plan.options.date_order:
            date_evidence(part, plan.columns, seen)
    evident = None if plan.options.date_order else decided_order(seen)
    if evident is None:
        return plan, None, values.values()
    order, example, column = evident
    note = order_note(order, example, column)
    options = ImportOptions(order, plan.options.blank_cells)
    return replace(plan, options=options), note, values.values()


def _fill(preview: ImportPreview, report, maps, date_order) -> None:
    preview.unknown_columns = report.unknown_columns
    preview.rejected, preview.problems = report.rejected_count, report.problems
    preview.rejected_listed = len(report.rejected)
    preview.warnings = report.warnings
    preview.value_maps = maps
    preview.date_order = date_order
    preview.date_order_note = report.date_order_note


def _basics(registry: Registry, path: Path, cases: Table, mapping, first_rows: int) -> ImportPreview:
    remembered = load_layout(registry, cases.header)
    used = resolve_mapping(cases.header, mapping, remembered)
    return ImportPreview(
        path=path, header=cases.header,
        suggested_mapping=resolve_mapping(cases.header, None, remembered), mapping=used,
        remembered=remembered is not None, layout_key=layout_key(cases.header),
        unknown_columns=[c for c in cases.header if c not in used and c not in BOOKKEEPING],
        first_rows=cases.records()[:first_rows], rows=len(cases.rows))


def unrecognised_values(cases: Table, mapping: dict[str, str],
                        value_maps: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """Per coded column, the distinct values that are not an allowed code (for value mapping)."""
    found = Unrecognised(mapping, value_maps)
    found.add(cases)
    return found.values()


class Unrecognised:
    """`unrecognised_values` gathered over the parts of a file read part by part."""

    def __init__(self, mapping: dict[str, str], value_maps: dict[str, dict[str, str]]) -> None:
        self.coded = {column: FIELDS_BY_CODE[code] for column, code in mapping.items()
                      if FIELDS_BY_CODE[code].kind in CODED}
        self.value_maps = value_maps
        self.seen: dict[str, dict[str, str]] = {column: {} for column in self.coded}
        self.checked: dict[str, set[str]] = {column: set() for column in self.coded}

    def add(self, cases: Table) -> None:
        for column, fd in self.coded.items():
            if len(self.seen[column]) >= MAX_VALUES:
                continue
            index = cases.header.index(column)
            _bad_values(fd, (row[index] if index < len(row) else None for _, row in cases.rows),
                        self.value_maps.get(column), self.seen[column], self.checked[column])

    def values(self) -> dict[str, list[str]]:
        return {column: list(seen.values())[:MAX_VALUES]
                for column, seen in self.seen.items() if seen}


def _bad_values(fd, cells, value_map, seen: dict[str, str], checked: set[str]) -> None:
    for raw in cells:
        if raw is None or isinstance(raw, FormulaCell) or value_key(raw) in checked:
            continue
        checked.add(value_key(raw))
        for bad in _bad_items(fd, raw, value_map):
            seen.setdefault(value_key(bad), str(bad).strip())
        if len(seen) >= MAX_VALUES:
            break


def _bad_items(fd, raw, value_map) -> list:
    """The cell if it cannot be read; for a multiple-choice cell, the items that cannot."""
    if _readable(fd, raw, value_map):
        return []
    if fd.kind != "multichoice" or value_key(raw) in (value_map or {}):
        return [raw]
    items = [item for item in multichoice_items(raw) if not _readable(fd, item, value_map)]
    return items or [raw]


def _readable(fd, raw, value_map) -> bool:
    try:
        parse_cell(fd, raw, value_map)
    except ValueProblem:
        return False
    return True
