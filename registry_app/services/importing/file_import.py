"""Importing spreadsheets: map columns, check every row, keep good rows, explain every rejected one."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from ..cases.duplicates import file_known, stored_index, worth_checking
from .checking import (NotImportable, check_tables, check_usable, counts, plan_for, queried,
                       rejected_order, remember_layout, sheet_warnings, unknown_columns)
from .dates import evident_date_order, order_note
from .layouts import Layout
from .options import ImportOptions
from .in_parts import import_staged_file
from .part_sizes import read_in_parts
from .rejects import write_rejects_file
from .report import EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE, ImportReport
from .rows import Candidate, Problem, RejectedRow
from .writing import write
from ..interchange.rows import CASES_SHEET
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
        return import_staged_file(registry, path, dry_run=dry_run, mapping=mapping,
                                  value_maps=value_maps, progress=progress, cancel=cancel,
                                  write_rejects=write_rejects, before_import=before_import,
                                  options=options)
    with collector_paused():  # every row's objects live until the import is written
        found = analyse(registry, path, mapping, value_maps, progress, cancel, options=options)
        report = found.report
        report.dry_run = dry_run
        _count(found.good, report)
        if not dry_run:
            remember_layout(registry, found.tables[CASES_SHEET].header, report.mapping,
                            found.value_maps, found.options.date_order,
                            (mapping, value_maps, options))
        if not dry_run and (report.created or report.updated):
            if before_import is not None:
                before_import(registry)
            write(registry, found.good, progress, cancel, found.path.name)
    if report.rejected and write_rejects:
        report.rejects_file = write_rejects_file(found.path, report)
    return report


def _count(good: list[Candidate], report: ImportReport) -> None:
    report.created, report.updated, report.unchanged = counts(good)
    report.with_queries = queried(good)


