"""What an import would do, for the import wizard: mapping, first rows, every problem, counts."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...domain.errors import ValueProblem
from ...domain.fields import FIELDS_BY_CODE
from .layouts import BOOKKEEPING, layout_key, load_layout, resolve_mapping
from .rows import Problem, multichoice_items, parse_cell, value_key
from .options import ImportOptions
from .file_import import NotImportable, analyse, counts, queried
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
    tables = read_tables(path)
    preview = _basics(registry, Path(path), tables[CASES_SHEET], mapping, first_rows)
    try:
        found = analyse(registry, path, mapping, value_maps, progress, cancel, tables, options,
                        infer_date_order=True)
    except NotImportable as exc:
        preview.blocking = str(exc)
        return preview
    report = found.report
    preview.unknown_columns = report.unknown_columns
    preview.new, preview.updated, preview.unchanged = counts(found.good)
    preview.rejected, preview.problems = len(report.rejected), report.problems
    preview.with_queries = queried(found.good)
    preview.warnings = report.warnings
    preview.unrecognised_values = unrecognised_values(tables[CASES_SHEET], report.mapping,
                                                      found.value_maps)
    preview.value_maps = found.value_maps
    preview.date_order = found.options.date_order
    preview.date_order_note = report.date_order_note
    return preview


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
    found: dict[str, list[str]] = {}
    for column, code in mapping.items():
        fd = FIELDS_BY_CODE[code]
        if fd.kind not in CODED:
            continue
        index = cases.header.index(column)
        bad = _bad_values(fd, (row[index] if index < len(row) else None
                                     for _, row in cases.rows), value_maps.get(column))
        if bad:
            found[column] = bad
    return found


def _bad_values(fd, cells, value_map) -> list[str]:
    seen: dict[str, str] = {}
    checked: set[str] = set()
    for raw in cells:
        if raw is None or isinstance(raw, FormulaCell) or value_key(raw) in checked:
            continue
        checked.add(value_key(raw))
        for bad in _bad_items(fd, raw, value_map):
            seen.setdefault(value_key(bad), str(bad).strip())
        if len(seen) >= MAX_VALUES:
            break
    return list(seen.values())[:MAX_VALUES]


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
