"""Importing a large file part by part from its rows staged on disk: memory flat in the rows.

Every row of a case number (its repeats, passes and contacts) falls in the part of the case
number's first row, so each part is checked exactly as the whole file would be; the parts
are written in one transaction, and the possible duplicates are looked for across them."""
from __future__ import annotations

import gc
import time
import sqlite3
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy.orm import Session

from ...paths import staging_dir
from ..cases.duplicates import DuplicateIndex, stored_index
from ..collector import collector_paused
from ..interchange.rows import CASES_SHEET
from ..interchange.spreadsheets import UnreadableFile
from ..interchange.staged_sheets import StagedTables, stage_tables
from ..progress import CancelToken, Progress, check_cancel, no_progress
from ..registry import Registry
from .checking import (Plan, check_tables, check_usable, counts, from_workbook, plan_for,
                       queried, remember_layout, sheet_warnings, unknown_columns)
from .options import ImportOptions
from .rejects import write_rejects_file
from .report import ImportReport
from .rows import Candidate, attach_children, forget_parsed
from .staged_duplicates import StagedKnown
from .staged_parts import assign_parts, key_readers, orphan_seqs, part_seqs
from .staged_rejects import StagedRejects
from .writing import Steps, write_into

PART_CASES = 2_000
"""Case numbers per part (with all their rows): what is held in memory at a time."""


def import_staged_file(registry: Registry, path: str | Path, *, dry_run: bool = False,
                       mapping: dict[str, str | None] | None = None,
                       value_maps: dict[str, dict[str, str]] | None = None,
                       progress: Progress = no_progress, cancel: CancelToken | None = None,
                       write_rejects: bool = True,
                       before_import: Callable[[Registry], object] | None = None,
                       options: ImportOptions | None = None) -> ImportReport:
    """`import_file` of a file staged on disk and imported part by part."""
    source = Path(path)
    with collector_paused(), staging_failures(source):  # collected part by part (_one_part)
        progress("Reading the file", 0, 0)
        with stage_tables(source, staging_folder(), cancel=cancel) as staged:
            header = staged.sheets[CASES_SHEET].header
            plan = plan_for(registry, header, mapping, value_maps, options)
            report = import_in_parts(registry, staged, source, plan, dry_run=dry_run,
                                     progress=progress, cancel=cancel,
                                     before_import=before_import, write_rejects=write_rejects)
    if not dry_run:
        remember_layout(registry, header, report.mapping, plan.maps, plan.options.date_order,
                        (mapping, value_maps, options))
    return report


@dataclass
class PartRun:
    """The report being filled and what the parts leave for the end."""

    report: ImportReport
    stored: DuplicateIndex
    """The stored cases, read before anything is written."""
    known: StagedKnown
    """The good rows, kept in the staging file for the possible duplicates."""
    rejects: StagedRejects
    """The rejected rows, kept in the staging file."""
    checked: int = 0
    merged: bool = False


@contextmanager
def staging_failures(source: Path) -> Iterator[None]:
    """The staging file failing (a full disk, a folder that cannot be written) as a refusal of
    the import in plain words; the registry's transaction has rolled back by then."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        if isinstance(exc, OSError) and not _in_staging(exc):
            raise
        raise UnreadableFile(f"Import file: '{source.name}' is big enough to be read part by"
                             f" part, staged in {staging_dir()}, and staging it failed ({exc});"
                             " free some disk space there and import it again. Nothing was"
                             " imported.") from exc


def _in_staging(exc: OSError) -> bool:
    return bool(exc.filename) and str(staging_dir()) in str(exc.filename)


STALE_STAGING = 24 * 3600
"""Seconds after which a staging file left by an import that was killed is deleted."""


def staging_folder(now: float | None = None) -> Path:
    """The private folder for staging files, made if needed; files left there by an import
    that was killed (they hold the rows read, identifiers too) are deleted after a day."""
    folder = staging_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    moment = time.time() if now is None else now
    for left in folder.glob("import-staged-*"):
        try:
            if moment - left.stat().st_mtime > STALE_STAGING:
                left.unlink()
        except OSError:  # in use (Windows) or gone meanwhile
            continue
    return folder


def import_in_parts(registry: Registry, staged: StagedTables, source: Path, plan: Plan, *,
                    dry_run: bool = False, progress: Progress = no_progress,
                    cancel: CancelToken | None = None,
                    before_import: Callable[[Registry], object] | None = None,
                    part_cases: int | None = None, write_rejects: bool = False) -> ImportReport:
    """Check the staged file part by part and (unless `dry_run`) write each part's good rows,
    all in one transaction opened before the first part with something to write (after
    `before_import`); a cancel or an error rolls every part back. With `write_rejects`, every
    rejected row goes to the rejects file (the report lists the first ones)."""
    cases = staged.sheets[CASES_SHEET]
    check_usable(source, len(cases), plan.columns)
    run = PartRun(ImportReport(rows=len(cases), mapping=plan.columns, dry_run=dry_run),
                  stored_index(registry), StagedKnown(staged.connection),
                  StagedRejects(staged.connection))
    run.report.unknown_columns = unknown_columns(cases.header, plan.columns)
    parts = assign_parts(staged, key_readers(staged, plan, source), part_cases or PART_CASES)
    with ExitStack() as stack:
        writer = _Writer(registry, stack, before_import, (progress, cancel), source.name,
                         len(cases))
        for part in parts:
            check_cancel(cancel)
            _one_part(registry, staged, part, plan, source, run, None if dry_run else writer,
                      _Counted(progress, run.checked, len(cases)), cancel)
        run.rejects.add(_orphans(staged, plan, source))
        check_cancel(cancel)  # the last chance: cancelling now still writes nothing
    _finish(run, staged)
    if write_rejects and run.rejects.count:
        run.report.rejects_file = write_rejects_file(source, run.report, run.rejects.entries())
    return run.report


def _one_part(registry: Registry, staged: StagedTables, part: int, plan: Plan, source: Path,
              run: PartRun, writer: _Writer | None, progress: Progress,
              cancel: CancelToken | None) -> None:
    tables = {name: sheet.table(part_seqs(staged, name, part))
              for name, sheet in staged.sheets.items()}
    found = ImportReport(mapping=plan.columns)
    candidates, good = check_tables(registry, tables, plan, source, found, progress, cancel)
    run.checked += len(candidates)
    _merge(run, found, good)
    if writer is not None:
        writer.write(good)
    del tables, candidates, good
    forget_parsed()
    gc.collect(0)  # paused collector: everything made since the last part is young; its cycles go


@dataclass(frozen=True)
class _Counted:
    """A part's progress as the whole file's: rows checked before the part added."""

    progress: Progress
    before: int
    total: int

    def __call__(self, label: str, done: int, total: int) -> None:
        self.progress(label, min(self.before + done, self.total), self.total)


def _merge(run: PartRun, found: ImportReport, good: list[Candidate]) -> None:
    report = run.report
    run.rejects.add(found.rejected)
    report.warnings += found.warnings
    if not run.merged:  # the child sheets' unknown columns are the same in every part
        report.unknown_columns += found.unknown_columns
    run.merged = True
    new, updated, unchanged = counts(good)
    report.created, report.updated = report.created + new, report.updated + updated
    report.unchanged += unchanged
    report.with_queries += queried(good)
    run.known.add(good)


def _finish(run: PartRun, staged: StagedTables) -> None:
    """The sheets' own warnings (once), the possible duplicates across all parts, the first
    rejected rows in the report's order (and how many more)."""
    report = run.report
    report.warnings += sheet_warnings({name: sheet.table([]) for name, sheet
                                       in staged.sheets.items()})
    for sheet, row, key, other in run.known.possible_duplicates(run.stored):
        report.possible_duplicates.append((sheet, row, key, other))
        report.warnings.append(f"{sheet} row {row} (case {key}): {other.text()}; imported all"
                               " the same.")
    report.rejected = run.rejects.listed()
    report.rejected_more = run.rejects.count - len(report.rejected)


def _orphans(staged: StagedTables, plan: Plan, source: Path):
    """The passes and contacts rows whose case number no cases row has (nor a blank one)."""
    orphans = []
    for name, sheet in staged.sheets.items():
        if name == CASES_SHEET:
            continue
        seqs = orphan_seqs(staged, name)
        if seqs:
            rejected, _ = attach_children({name: sheet.table(seqs)}, [], from_workbook(source),
                                          plan.options.date_order)
            orphans += rejected
    return orphans


class _Writer:
    """Writes each part's good rows in one transaction, opened (after `before_import`) for
    the first part that has something to write."""

    def __init__(self, registry: Registry, stack: ExitStack, before_import,
                 watch: tuple[Progress, CancelToken | None], source: str, total: int) -> None:
        self.registry, self.stack, self.before_import = registry, stack, before_import
        (self.progress, self.cancel), self.source, self.total = watch, source, total
        self.session: Session | None = None
        self.done = 0

    def write(self, good: list[Candidate]) -> None:
        if not any(c.current is None or c.changes for c in good):
            return
        if self.session is None:
            if self.before_import is not None:
                self.before_import(self.registry)
            self.session = self.stack.enter_context(self.registry.transaction())
        self.done += write_into(self.session, self.registry, good,
                                Steps(self.progress, self.done, self.total), self.cancel,
                                self.source)


__all__ = ["PART_CASES", "import_in_parts", "import_staged_file", "staging_folder"]
