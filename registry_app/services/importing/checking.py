"""Checking an import file's tables: how its columns are read, its rows turned into candidates
and checked against the registry (what a whole-file and a part-by-part import share)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checks import check_candidates
from .layouts import BOOKKEEPING, Layout, load_layout, resolve_mapping, save_layout
from .options import ImportOptions
from .report import ImportReport
from .rows import Candidate, RejectedRow, attach_children, mark_duplicates, read_candidates, value_key
from ..interchange.rows import CASES_SHEET, KEY
from ..interchange.spreadsheets import Table, UnreadableFile
from ..progress import CancelToken, Progress, no_progress
from ..registry import Registry


@dataclass(frozen=True)
class Plan:
    """How a file's cases sheet is read: its columns' fields, value maps and date order."""

    columns: dict[str, str]
    maps: dict[str, dict[str, str]]
    options: ImportOptions
    remembered: Layout | None


def plan_for(registry: Registry, header: list[str], mapping: dict[str, str | None] | None,
             value_maps: dict[str, dict[str, str]] | None, options: ImportOptions | None) -> Plan:
    """The mapping, value maps and options an import of a sheet with this header uses (the
    caller's, else those remembered for the layout, else suggested)."""
    remembered = load_layout(registry, header)
    return Plan(resolve_mapping(header, mapping, remembered), _value_maps(remembered, value_maps),
                _with_remembered(options or ImportOptions(), remembered), remembered)


def unknown_columns(header: list[str], columns: dict[str, str]) -> list[str]:
    """The cases sheet's columns that are not imported (mapped to nothing, not bookkeeping)."""
    return [c for c in header if c not in columns and c not in BOOKKEEPING]


def check_tables(registry: Registry, tables: dict[str, Table], plan: Plan, source: Path,
                 report: ImportReport, progress: Progress = no_progress,
                 cancel: CancelToken | None = None) -> tuple[list[Candidate], list[Candidate]]:
    """The candidates of the tables' rows and the good ones among them: rejected rows, exact
    repeats and unknown child columns go to the report (not the sheets' own warnings)."""
    candidates = _read(tables, plan.columns, plan.maps, source, report, plan.options.date_order)
    good = check_candidates(registry, candidates, report, progress, cancel,
                            plan.options.blanks_clear)
    return candidates, good


def sheet_warnings(tables: dict[str, Table]) -> list[str]:
    """What the reader noted of the sheets themselves (e.g. merged cells copied down)."""
    return [w for table in tables.values() for w in table.warnings]


def rejected_order(rejected: RejectedRow) -> tuple[bool, str, int]:
    """Rejected rows in the order the report lists them: the cases sheet's first, by row."""
    return rejected.sheet != CASES_SHEET, rejected.sheet, rejected.row


def _with_remembered(options: ImportOptions, remembered: Layout | None) -> ImportOptions:
    if options.date_order or remembered is None or not remembered.date_order:
        return options
    return ImportOptions(remembered.date_order, options.blank_cells)


def _value_maps(remembered: Layout | None, given) -> dict[str, dict[str, str]]:
    merged = {**(remembered.value_maps if remembered else {}), **(given or {})}
    return {column: {value_key(raw): code for raw, code in values.items()}
            for column, values in merged.items()}


class NotImportable(UnreadableFile):
    """The file was read but holds nothing to import as it is (no case number column, no rows)."""


def check_usable(source: Path, rows: int, columns: dict[str, str]) -> None:
    """NotImportable when no column holds the case number or the cases sheet has no rows."""
    if KEY not in columns.values():
        raise NotImportable(f"Import file: '{source.name}' has no column recognised as the case"
                             " number; map one of its columns to case_number.")
    if not rows:
        raise NotImportable(f"Import file: '{source.name}' has a header row but no cases below"
                             " it; nothing was imported.")


def from_workbook(source: Path) -> bool:
    """Whether the file is a workbook (its cells typed) rather than CSV text."""
    return source.suffix.lower() != ".csv"


def remember_layout(registry: Registry, header: list[str], used: dict[str, str],
                    maps: dict[str, dict[str, str]], date_order: str | None,
                    given: tuple[dict | None, dict | None, ImportOptions | None]) -> None:
    """When the caller gave a mapping, value maps or a date order, keep them (with the mapping
    used) for the next file with the same columns."""
    mapping, value_maps, options = given
    if mapping or value_maps or (options and options.date_order):
        save_layout(registry, header, {**used, **(mapping or {})}, maps, date_order)


def _read(tables, columns, maps, source: Path, report: ImportReport,
          date_order: str | None) -> list[Candidate]:
    from_xlsx = from_workbook(source)
    cases = tables[CASES_SHEET]
    candidates = read_candidates(cases, columns, maps, from_xlsx, date_order)
    key_column = next(c for c, code in columns.items() if code == KEY)
    repeats = {id(c) for c in mark_duplicates(candidates, key_column)}
    report.warnings += [f"{c.sheet} row {c.row} repeats an earlier row exactly and was"
                        " skipped." for c in candidates if id(c) in repeats]
    candidates = [c for c in candidates if id(c) not in repeats]
    orphans, unknown = attach_children(tables, candidates, from_xlsx, date_order)
    report.rejected += orphans
    report.unknown_columns += unknown
    return candidates


def counts(good: list[Candidate]) -> tuple[int, int, int]:
    """New, updated and unchanged cases among the good candidates."""
    new = sum(c.current is None for c in good)
    updated = sum(bool(c.changes) for c in good)
    return new, updated, len(good) - new - updated


def queried(good: list[Candidate]) -> int:
    """New or changed cases among the good candidates that break a consistency rule."""
    return sum(bool(c.queries) and (c.current is None or bool(c.changes)) for c in good)
