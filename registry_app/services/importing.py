"""Importing spreadsheets: map columns, check every row, keep good rows, explain every rejected one."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain.validation import errors, validate_case
from ..storage import audit, repository
from ..storage.mapping import row_to_case, sync_summary
from ..storage.schema import CaseRow, SignoffRow, cases_table
from .bulk import bulk_add_cases
from .cases import prepare
from .import_layouts import BOOKKEEPING, Layout, load_layout, resolve_mapping, save_layout
from .import_rejects import write_rejects_file
from .import_rows import (Candidate, Problem, RejectedRow, attach_children, mark_duplicates,
                          read_candidates, value_key)
from .interchange import CASES_SHEET, KEY
from .maintenance import backup_before_import
from .progress import CancelToken, Progress, check_cancel, no_progress
from .registry import Registry
from .spreadsheets import Table, UnreadableFile, read_tables

__all__ = ["EXIT_OK", "EXIT_REJECTED", "EXIT_UNREADABLE", "ImportReport", "Problem",
           "NotImportable", "RejectedRow", "UnreadableFile", "analyse", "import_file"]

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 3, 4
CHUNK = 500


@dataclass
class ImportReport:
    """What an import did (or, on a dry run, would do)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    dry_run: bool = False
    rejects_file: Path | None = None
    mapping: dict[str, str] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return EXIT_REJECTED if self.rejected else EXIT_OK

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rejected for p in r.problems]

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        text = (f"{self.rows} rows read: {self.created} new cases, {self.updated} updated,"
                f" {self.unchanged} unchanged {verb} imported; {len(self.rejected)} rows rejected.")
        if self.unknown_columns:
            text += " Columns not imported: " + ", ".join(self.unknown_columns) + "."
        return text


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


def analyse(registry: Registry, path: str | Path, mapping: dict[str, str | None] | None = None,
            value_maps: dict[str, dict[str, str]] | None = None, progress: Progress = no_progress,
            cancel: CancelToken | None = None, tables: dict[str, Table] | None = None) -> Analysis:
    """Read a file (unless its tables are given) and check every row; nothing is written."""
    source = Path(path)
    progress("Reading the file", 0, 0)
    tables = tables or read_tables(source)
    cases = tables[CASES_SHEET]
    remembered = load_layout(registry, cases.header)
    columns = resolve_mapping(cases.header, mapping, remembered)
    maps = _value_maps(remembered, value_maps)
    _check_usable(source, cases, columns)
    report = ImportReport(rows=len(cases.rows), mapping=columns)
    report.unknown_columns = [c for c in cases.header if c not in columns and c not in BOOKKEEPING]
    candidates = _read(tables, columns, maps, source, report)
    good = check_candidates(registry, candidates, report, progress, cancel)
    report.rejected.sort(key=lambda r: (r.sheet != CASES_SHEET, r.sheet, r.row))
    return Analysis(source, tables, report, candidates, good, maps, remembered)


def _value_maps(remembered: Layout | None, given) -> dict[str, dict[str, str]]:
    merged = {**(remembered.value_maps if remembered else {}), **(given or {})}
    return {column: {value_key(raw): code for raw, code in values.items()}
            for column, values in merged.items()}


class NotImportable(UnreadableFile):
    """The file was read but holds nothing to import as it is (no case number column, no rows)."""


def _check_usable(source: Path, cases: Table, columns: dict[str, str]) -> None:
    if KEY not in columns.values():
        raise NotImportable(f"Import file: '{source.name}' has no column recognised as the case"
                             " number; map one of its columns to case_number.")
    if not cases.rows:
        raise NotImportable(f"Import file: '{source.name}' has a header row but no cases below"
                             " it; nothing was imported.")


def _read(tables, columns, maps, source: Path, report: ImportReport) -> list[Candidate]:
    from_xlsx = source.suffix.lower() != ".csv"
    cases = tables[CASES_SHEET]
    candidates = read_candidates(cases, columns, maps, from_xlsx)
    key_column = next(c for c, code in columns.items() if code == KEY)
    repeats = {id(c) for c in mark_duplicates(candidates, key_column)}
    report.warnings += [f"{cases.name} row {c.row} repeats an earlier row exactly and was"
                        " skipped." for c in candidates if id(c) in repeats]
    candidates = [c for c in candidates if id(c) not in repeats]
    orphans, unknown = attach_children(tables, candidates, from_xlsx)
    report.rejected += orphans
    report.unknown_columns += unknown
    report.warnings += [w for table in tables.values() for w in table.warnings]
    return candidates


# Checking #####################################################################

def check_candidates(registry: Registry, candidates: list[Candidate], report: ImportReport,
                     progress: Progress = no_progress, cancel: CancelToken | None = None
                     ) -> list[Candidate]:
    """Validate every candidate against the registry; rejected ones go to the report."""
    settings, today = registry.settings(), registry.today()
    deleted, locked = _match_existing(registry, candidates), _signed_off_months(registry)
    inverse = {code: column for column, code in report.mapping.items()}
    good = []
    for index, cand in enumerate(candidates, start=1):
        check_cancel(cancel)
        _check_one(cand, settings, today, deleted, locked, inverse)
        if cand.problems:
            report.rejected.append(_rejected(cand))
        else:
            good.append(cand)
        if index % CHUNK == 0 or index == len(candidates):
            progress("Checking rows", index, len(candidates))
    return good


def _check_one(cand: Candidate, settings, today, deleted: set[int], locked: set[str],
               inverse: dict[str, str]) -> None:
    if cand.existing_id in deleted:
        cand.problems.append(_problem(cand, inverse, f"case number '{cand.key}' belongs to a"
                                      " deleted case; restore that case first, then import again."))
        return
    if cand.current is not None:
        cand.case = _overlay(cand.current, cand)
    cand.case.passes.sort(key=lambda p: p.get("pass_number") or 0)
    sync_summary(cand.case)
    unreadable = {code for code, column in inverse.items()
                  if column in {p.column for p in cand.problems}}
    cand.problems += [Problem(cand.sheet, cand.row, inverse.get(i.field), i.message)
                      for i in errors(validate_case(cand.case, settings, today))
                      if i.field not in unreadable]
    if not cand.problems:
        cand.case = prepare(cand.case)
        cand.changes = audit.field_changes(cand.current, cand.case) if cand.current else []
        _check_signed_off(cand, locked, inverse)


def _problem(cand: Candidate, inverse: dict[str, str], reason: str) -> Problem:
    return Problem(cand.sheet, cand.row, inverse.get(KEY), reason)


def _check_signed_off(cand: Candidate, locked: set[str], inverse: dict[str, str]) -> None:
    if cand.current is None:
        month = _month(cand.case)
        if month in locked:
            cand.problems.append(Problem(cand.sheet, cand.row, inverse.get("procedure_date"),
                                         f"the procedure date falls in {month}, which was signed"
                                         " off; an import cannot add a case to a signed-off month."
                                         " Enter it in the case editor with a reason."))
        return
    months = sorted({_month(cand.current), _month(cand.case)} & locked)
    if cand.changes and months:
        cand.problems.append(_problem(cand, inverse, f"case {cand.key} belongs to {months[0]},"
                                      " which was signed off; an import cannot change it. Change"
                                      " it in the case editor and give a reason."))


def _month(case) -> str | None:
    proc = case.values.get("procedure_date")
    return proc.strftime("%Y-%m") if proc else None


def _signed_off_months(registry: Registry) -> set[str]:
    with registry.reading() as session:
        return set(session.scalars(select(SignoffRow.month)))


def _match_existing(registry: Registry, candidates: list[Candidate]) -> set[int]:
    """Set each candidate's stored case (if any); returns the ids of deleted cases."""
    by_key = {c.key: c for c in candidates if c.key}
    keys, deleted = list(by_key), set()
    with registry.reading() as session:
        for first in range(0, len(keys), CHUNK):
            chunk = keys[first:first + CHUNK]
            rows = session.execute(select(cases_table.c.case_number, cases_table.c.id,
                                          cases_table.c.deleted_at)
                                   .where(cases_table.c.case_number.in_(chunk)))
            for number, case_id, deleted_at in rows:
                by_key[number].existing_id = case_id
                if deleted_at is not None:
                    deleted.add(case_id)
        _load_current(session, [c for c in candidates
                                if c.existing_id and c.existing_id not in deleted])
    return deleted


def _load_current(session, candidates: list[Candidate]) -> None:
    for first in range(0, len(candidates), CHUNK):
        chunk = {c.existing_id: c for c in candidates[first:first + CHUNK]}
        rows = session.scalars(select(CaseRow).where(CaseRow.id.in_(list(chunk))).options(
            selectinload(CaseRow.passes), selectinload(CaseRow.contacts),
            selectinload(CaseRow.identity)))
        for row in rows:
            chunk[row.id].current = row_to_case(row)


def _overlay(current, cand: Candidate):
    """The stored case with the file's columns laid over it (absent columns are kept)."""
    merged = current.copy()
    for code in cand.present & set(merged.values):
        if code != "registry_id" or cand.case.values.get(code):
            merged.values[code] = cand.case.values[code]
    for code in cand.present & set(merged.identity):
        merged.identity[code] = cand.case.identity[code]
    for child in ("passes", "contacts"):
        if child in cand.present:
            setattr(merged, child, getattr(cand.case, child))
    return merged


def _rejected(cand: Candidate) -> RejectedRow:
    reasons = [p.text if (p.sheet, p.row) == (cand.sheet, cand.row)
               else f"{p.sheet} row {p.row}: {p.text}" for p in cand.problems]
    return RejectedRow(cand.sheet, cand.row, cand.key, reasons, cand.raw, list(cand.problems),
                       cand.children)


# Writing ######################################################################

def import_file(registry: Registry, path: str | Path, *, dry_run: bool = False,
                mapping: dict[str, str | None] | None = None,
                value_maps: dict[str, dict[str, str]] | None = None,
                progress: Progress = no_progress, cancel: CancelToken | None = None,
                write_rejects: bool = True,
                before_import: Callable[[Registry], object] | None = backup_before_import
                ) -> ImportReport:
    """Import a .csv/.xlsx file: new cases are created, changed ones updated, bad rows rejected.

    `before_import(registry)` runs just before anything is written (by default a backup).
    A mapping or value maps given here are remembered for files with the same columns.
    """
    found = analyse(registry, path, mapping, value_maps, progress, cancel)
    report = found.report
    report.dry_run = dry_run
    _count(found.good, report)
    if not dry_run and (mapping or value_maps):
        _remember_layout(registry, found, mapping)
    if not dry_run and (report.created or report.updated):
        if before_import is not None:
            before_import(registry)
        write(registry, found.good, progress, cancel)
    if report.rejected and write_rejects:
        report.rejects_file = write_rejects_file(found.path, report)
    return report


def _remember_layout(registry: Registry, found: Analysis, mapping) -> None:
    """Keep the user's mapping and value maps for the next file with the same columns."""
    save_layout(registry, found.tables[CASES_SHEET].header,
                {**found.report.mapping, **(mapping or {})}, found.value_maps)


def counts(good: list[Candidate]) -> tuple[int, int, int]:
    """New, updated and unchanged cases among the good candidates."""
    new = sum(c.current is None for c in good)
    updated = sum(bool(c.changes) for c in good)
    return new, updated, len(good) - new - updated


def _count(good: list[Candidate], report: ImportReport) -> None:
    report.created, report.updated, report.unchanged = counts(good)


def write(registry: Registry, good: list[Candidate], progress: Progress = no_progress,
          cancel: CancelToken | None = None) -> None:
    """Create the new cases and update the changed ones, all in one transaction."""
    settings, user = registry.settings(), registry.user
    new = [c.case for c in good if c.current is None]
    changed = [c.case for c in good if c.changes]
    with registry.transaction() as session:
        for first in range(0, len(new), 2000):
            check_cancel(cancel)
            bulk_add_cases(registry, new[first:first + 2000], "import", field_audit=True,
                           session=session)
            progress("Importing cases", first + len(new[first:first + 2000]), len(new) + len(changed))
        for index, case in enumerate(changed, start=1):
            check_cancel(cancel)
            repository.update_case(session, case, settings, user, reason="import")
            if index % CHUNK == 0:
                progress("Importing cases", len(new) + index, len(new) + len(changed))
        check_cancel(cancel)  # the last chance: cancelling now still writes nothing
