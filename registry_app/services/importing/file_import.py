"""Importing spreadsheets: map columns, check every row, keep good rows, explain every rejected one."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from ..cases.duplicates import file_known, stored_index, worth_checking
from .checks import check_candidates
from .dates import evident_date_order, order_note
from .layouts import BOOKKEEPING, Layout, load_layout, resolve_mapping, save_layout
from .options import ImportOptions
from .part_sizes import read_in_parts
from .rejects import write_rejects_file
from .report import EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE, ImportReport
from .rows import Candidate, Problem, RejectedRow, attach_children, mark_duplicates, read_candidates, value_key
from .writing import write
from ..interchange.rows import CASES_SHEET, KEY
from ..collector import collector_paused
from ..maintenance.backups import backup_before_import
from ..progress import CancelToken, Progress, no_progress
from ..registry import Registry
from ..interchange.spreadsheets import Table, UnreadableFile, read_tables

__all__ = ["EXIT_OK", "EXIT_REJECTED", "EXIT_UNREADABLE", "ImportOptions", "ImportReport", "Problem",
           "NotImportable", "RejectedRow", "UnreadableFile", "analyse", "import_file"]

@dataclass
class Analysis:
    """A file read and checked against the registry, ready to be written or previewed."""

    path: Path
    tables: dict[str, Table]
    report: ImportReport
    candidates: list[Candidate]
    good: list[Candidate]
    value_maps: dict[str, dict[str, str]]
    remembered: Layout | None
    options: ImportOptions = ImportOptions()


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


def analyse(registry: Registry, path: str | Path, mapping: dict[str, str | None] | None = None,
            value_maps: dict[str, dict[str, str]] | None = None, progress: Progress = no_progress,
            cancel: CancelToken | None = None, tables: dict[str, Table] | None = None,
            options: ImportOptions | None = None, infer_date_order: bool = False) -> Analysis:
    """Read a file (unless its tables are given) and check every row; nothing is written.

    Without a date order in `options`, the one remembered for the file's layout is used; with
    `infer_date_order` (the wizard's preview, which shows it), else the one the file's dates
    show when none of them reads the other way. An import itself never infers it."""
    source = Path(path)
    progress("Reading the file", 0, 0)
    tables = tables or read_tables(source)
    cases = tables[CASES_SHEET]
    plan = plan_for(registry, cases.header, mapping, value_maps, options)
    check_usable(source, len(cases.rows), plan.columns)
    report = ImportReport(rows=len(cases.rows), mapping=plan.columns)
    if infer_date_order:
        plan = replace(plan, options=_with_evident_order(plan.options, cases, plan.columns, report))
    report.unknown_columns = unknown_columns(cases.header, plan.columns)
    candidates, good = check_tables(registry, tables, plan, source, report, progress, cancel)
    report.warnings += sheet_warnings(tables)
    _flag_duplicates(registry, good, report)
    report.rejected.sort(key=rejected_order)
    return Analysis(source, tables, report, candidates, good, plan.maps, plan.remembered,
                    plan.options)


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


def _flag_duplicates(registry: Registry, good: list[Candidate], report: ImportReport) -> None:
    """Name every new or re-identified row that looks like another case (stored or in the file);
    the row is still imported."""
    index = stored_index(registry)
    for cand in good:
        index.add(file_known(cand.case, cand.existing_id))
    for cand in good:
        if not worth_checking(cand.case, cand.current):
            continue
        for found in index.matches(cand.case, cand.existing_id, cand.key):
            report.possible_duplicates.append((cand.sheet, cand.row, cand.key, found))
            report.warnings.append(f"{cand.sheet} row {cand.row} (case {cand.key}): {found.text()};"
                                   " imported all the same.")


def _with_remembered(options: ImportOptions, remembered: Layout | None) -> ImportOptions:
    if options.date_order or remembered is None or not remembered.date_order:
        return options
    return ImportOptions(remembered.date_order, options.blank_cells)


def _with_evident_order(options: ImportOptions, cases: Table, columns: dict[str, str],
                        report: ImportReport) -> ImportOptions:
    """Without a declared order, the one the file's own dates show (25.03.2025 is day first)."""
    if options.date_order:
        return options
    evident = evident_date_order(cases, columns)
    if evident is None:
        return options
    order, example, column = evident
    report.date_order_note = order_note(order, example, column)
    report.warnings.append(report.date_order_note)
    return ImportOptions(order, options.blank_cells)


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


def _read(tables, columns, maps, source: Path, report: ImportReport,
          date_order: str | None) -> list[Candidate]:
    from_xlsx = source.suffix.lower() != ".csv"
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


# Writing ######################################################################

def import_file(registry: Registry, path: str | Path, *, dry_run: bool = False,
                mapping: dict[str, str | None] | None = None,
                value_maps: dict[str, dict[str, str]] | None = None,
                progress: Progress = no_progress, cancel: CancelToken | None = None,
                write_rejects: bool = True,
                before_import: Callable[[Registry], object] | None = backup_before_import,
                options: ImportOptions | None = None) -> ImportReport:
    """Import a .csv/.xlsx file: new cases are created, changed ones updated, bad rows rejected.

    `before_import(registry)` runs just before anything is written (by default a backup).
    A mapping, value maps or date order given here are remembered for files with the same
    columns. A big file (`read_in_parts`) is staged on disk and imported part by part, with
    the same result.
    """
    if read_in_parts(path):  # a big file: read part by part, memory flat in its rows
        from .in_parts import import_staged_file
        return import_staged_file(registry, path, dry_run=dry_run, mapping=mapping,
                                  value_maps=value_maps, progress=progress, cancel=cancel,
                                  write_rejects=write_rejects, before_import=before_import,
                                  options=options)
    with collector_paused():  # every row's objects live until the import is written
        found = analyse(registry, path, mapping, value_maps, progress, cancel, options=options)
        report = found.report
        report.dry_run = dry_run
        _count(found.good, report)
        if not dry_run and (mapping or value_maps or (options and options.date_order)):
            _remember_layout(registry, found, mapping)
        if not dry_run and (report.created or report.updated):
            if before_import is not None:
                before_import(registry)
            write(registry, found.good, progress, cancel, found.path.name)
    if report.rejected and write_rejects:
        report.rejects_file = write_rejects_file(found.path, report)
    return report


def _remember_layout(registry: Registry, found: Analysis, mapping) -> None:
    """Keep the user's mapping and value maps for the next file with the same columns."""
    save_layout(registry, found.tables[CASES_SHEET].header,
                {**found.report.mapping, **(mapping or {})}, found.value_maps,
                found.options.date_order)


def counts(good: list[Candidate]) -> tuple[int, int, int]:
    """New, updated and unchanged cases among the good candidates."""
    new = sum(c.current is None for c in good)
    updated = sum(bool(c.changes) for c in good)
    return new, updated, len(good) - new - updated


def _count(good: list[Candidate], report: ImportReport) -> None:
    report.created, report.updated, report.unchanged = counts(good)
    report.with_queries = queried(good)


def queried(good: list[Candidate]) -> int:
    """New or changed cases among the good candidates that break a consistency rule."""
    return sum(bool(c.queries) and (c.current is None or bool(c.changes)) for c in good)
