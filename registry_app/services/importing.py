"""Importing spreadsheets: map columns, check every row, keep good rows, explain every rejected one."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..domain.case import Case
from ..domain.errors import RegistryError, ValueProblem
from ..domain.fields import (CASE_FIELDS, CONTACT_FIELDS, FIELDS_BY_CODE, IDENTITY_FIELDS,
                             PASS_FIELDS, FieldDef)
from ..domain.validation import errors, validate_case
from ..domain.values import parse_value
from ..storage import repository
from ..storage.mapping import sync_summary
from .bulk import bulk_add_cases
from .cases import prepare
from .interchange import ATTEMPTS_SHEET, CASES_SHEET, CONTACTS_SHEET, KEY, unguard_text
from .progress import CancelToken, Progress, check_cancel, no_progress
from .registry import Registry
from .spreadsheets import Table, read_tables

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 3, 4


@dataclass
class RejectedRow:
    """A row that was not imported, with every reason, so it can be fixed and re-imported."""

    sheet: str
    row: int
    case_number: str | None
    reasons: list[str]
    raw: dict[str, Any]


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

    @property
    def exit_code(self) -> int:
        return EXIT_REJECTED if self.rejected else EXIT_OK

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        text = (f"{self.rows} rows read: {self.created} new cases, {self.updated} updated,"
                f" {self.unchanged} unchanged {verb} imported; {len(self.rejected)} rows rejected.")
        if self.unknown_columns:
            text += " Columns not imported: " + ", ".join(self.unknown_columns) + "."
        return text


def match_columns(header: list[str], fields: tuple[FieldDef, ...],
                  mapping: dict[str, str] | None = None) -> tuple[dict[str, str], list[str]]:
    """Source column → field code, by explicit mapping, code or label; plus unknown columns."""
    by_name = {f.code.lower(): f.code for f in fields} | {f.label.lower(): f.code for f in fields}
    matched, unknown = {}, []
    for column in header:
        code = (mapping or {}).get(column) or by_name.get(column.strip().lower())
        if code in {f.code for f in fields} and code not in matched.values():
            matched[column] = code
        elif column:
            unknown.append(column)
    return matched, unknown


def parse_record(record: dict[str, Any], columns: dict[str, str],
                 fields_by_code: dict[str, FieldDef]) -> tuple[dict[str, Any], list[str]]:
    """Typed values of one row and the problems found, one per bad cell."""
    values, problems = {}, []
    for column, code in columns.items():
        raw = record.get(column)
        if isinstance(raw, str):
            raw = unguard_text(raw)
        try:
            values[code] = parse_value(fields_by_code[code], raw)
        except ValueProblem as exc:
            problems.append(f"column '{column}': {exc}")
    return values, problems


@dataclass
class _Candidate:
    row: int
    raw: dict[str, Any]
    case: Case
    problems: list[str]
    present: set[str] = field(default_factory=set)
    existing_id: int | None = None


def _cases_from_table(table: Table, mapping, report: ImportReport) -> list[_Candidate]:
    fields = CASE_FIELDS + IDENTITY_FIELDS
    columns, unknown = match_columns(table.header, fields, mapping)
    report.unknown_columns += unknown
    if KEY not in columns.values():
        raise RegistryError("Import file: no 'case_number' column was found; map one of the"
                            " columns to case_number.")
    candidates, seen = [], {}
    for number, record in table.records():
        values, problems = parse_record(record, columns, FIELDS_BY_CODE)
        identity = {f.code: values.pop(f.code, None) for f in IDENTITY_FIELDS}
        case = Case(values={**values}, identity=identity)
        case.values["territory"] = case.values.get("territory") or "cerebral"
        key = case.values.get(KEY)
        if key in seen:
            problems.append(f"case_number '{key}' appears again (first on row {seen[key]}).")
        elif key:
            seen[key] = number
        candidates.append(_Candidate(number, record, case, problems, set(columns.values())))
    return candidates


def _attach_children(tables: dict[str, Table], candidates: list[_Candidate],
                     report: ImportReport) -> None:
    by_key = {c.case.values.get(KEY): c for c in candidates if c.case.values.get(KEY)}
    for sheet, fields, target in ((ATTEMPTS_SHEET, PASS_FIELDS, "passes"),
                                  (CONTACTS_SHEET, CONTACT_FIELDS, "contacts")):
        if sheet in tables:
            _attach(tables[sheet], fields, target, by_key, report)


def _attach(table: Table, fields, target: str, by_key, report: ImportReport) -> None:
    columns, unknown = match_columns(table.header, fields + (FIELDS_BY_CODE[KEY],))
    report.unknown_columns += [f"{table.name}:{c}" for c in unknown]
    codes = {f.code: f for f in fields} | {KEY: FIELDS_BY_CODE[KEY]}
    for number, record in table.records():
        values, problems = parse_record(record, columns, codes)
        owner = by_key.get(values.pop(KEY, None))
        if owner is None:
            report.rejected.append(RejectedRow(table.name, number, None,
                                               ["no case with this case_number in the file"],
                                               record))
            continue
        getattr(owner.case, target).append(values)
        owner.present.add(target)
        owner.problems += [f"{table.name} row {number}: {p}" for p in problems]


def _order_passes(case: Case) -> None:
    case.passes.sort(key=lambda p: p.get("pass_number") or 0)


def import_file(registry: Registry, path: str | Path, *, dry_run: bool = False,
                mapping: dict[str, str] | None = None, progress: Progress = no_progress,
                cancel: CancelToken | None = None, write_rejects: bool = True,
                before_import: Callable[[Registry], None] | None = None) -> ImportReport:
    """Import a .csv/.xlsx file: new cases are created, changed ones updated, bad rows rejected."""
    tables = read_tables(path)
    report = ImportReport(dry_run=dry_run)
    candidates = _cases_from_table(tables[CASES_SHEET], mapping, report)
    report.rows = len(candidates)
    _attach_children(tables, candidates, report)
    good = _check_candidates(registry, candidates, report, progress, cancel)
    if not dry_run and good:
        if before_import is not None:
            before_import(registry)
        _write(registry, good, report)
    elif dry_run:
        _count_dry_run(registry, good, report)
    if report.rejected and write_rejects:
        report.rejects_file = write_rejects_file(Path(path), report)
    return report


def _merge_existing(registry: Registry, candidates: list[_Candidate]) -> None:
    """Overlay each row on the case it updates, so columns absent from the file are kept."""
    with registry.reading() as session:
        for cand in candidates:
            key = cand.case.values.get(KEY)
            cand.existing_id = repository.id_by_number(session, key) if key else None
            if cand.existing_id is not None and not cand.problems:
                cand.case = _overlay(repository.get_case(session, cand.existing_id), cand)


def _overlay(current: Case, cand: _Candidate) -> Case:
    merged = current.copy()
    for code in cand.present & set(merged.values):
        merged.values[code] = cand.case.values[code]
    for code in cand.present & set(merged.identity):
        merged.identity[code] = cand.case.identity[code]
    for child in ("passes", "contacts"):
        if child in cand.present:
            setattr(merged, child, getattr(cand.case, child))
    return merged


def _check_candidates(registry, candidates, report, progress, cancel) -> list[_Candidate]:
    settings, today, good = registry.settings(), registry.today(), []
    _merge_existing(registry, candidates)
    for index, cand in enumerate(candidates, start=1):
        check_cancel(cancel)
        _order_passes(cand.case)
        sync_summary(cand.case)
        issues = [] if cand.problems else errors(validate_case(cand.case, settings, today))
        reasons = cand.problems + [issue.message for issue in issues]
        if reasons:
            report.rejected.append(RejectedRow(CASES_SHEET, cand.row, cand.case.values.get(KEY),
                                               reasons, cand.raw))
        else:
            good.append(cand)
        if index % 500 == 0 or index == len(candidates):
            progress("Checking rows", index, len(candidates))
    return good


def _write(registry: Registry, good: list[_Candidate], report: ImportReport) -> None:
    settings, user = registry.settings(), registry.user
    new = [cand.case for cand in good if cand.existing_id is None]
    with registry.transaction() as session:
        for first in range(0, len(new), 2000):
            bulk_add_cases(registry, new[first:first + 2000], "import", field_audit=True,
                           session=session)
        report.created += len(new)
        for cand in good:
            if cand.existing_id is None:
                continue
            changes = repository.update_case(session, prepare(cand.case), settings, user,
                                             reason="import")
            report.updated += bool(changes)
            report.unchanged += not changes


def _count_dry_run(registry: Registry, good: list[_Candidate], report: ImportReport) -> None:
    with registry.reading() as session:
        for cand in good:
            if cand.existing_id is None:
                report.created += 1
            elif repository.update_case_preview(session, prepare(cand.case)):
                report.updated += 1
            else:
                report.unchanged += 1


def write_rejects_file(source: Path, report: ImportReport) -> Path:
    """A CSV of every rejected row: its sheet, row number, reasons and original values."""
    target = source.with_name(f"{source.stem}.rejects.csv")
    columns: list[str] = []
    for rejected in report.rejected:
        columns += [c for c in rejected.raw if c not in columns and c]
    with target.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sheet", "row", "case_number", "reasons"] + columns)
        for r in report.rejected:
            writer.writerow([r.sheet, r.row, r.case_number or "", " | ".join(r.reasons)]
                            + ["" if r.raw.get(c) is None else str(r.raw.get(c)) for c in columns])
    return target
