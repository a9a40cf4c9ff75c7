"""The rejects file: every rejected row with its reasons, in a file that can be fixed and re-imported."""
from __future__ import annotations

import csv
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from .layouts import BOOKKEEPING
from .rows import RejectedRow
from ..interchange.rows import ATTEMPTS_SHEET, CASES_SHEET, CONTACTS_SHEET, guard_text
from ..interchange.spreadsheets import FormulaCell

SHEETS = (CASES_SHEET, ATTEMPTS_SHEET, CONTACTS_SHEET)
Entry = tuple[int, str, dict[str, Any]]


def rejects_path(source: Path) -> Path:
    """'cases.rejects.xlsx' beside 'cases.xlsx'; CSV sources give CSV rejects."""
    suffix = ".csv" if source.suffix.lower() == ".csv" else ".xlsx"
    return source.with_name(f"{source.stem}.rejects{suffix}")


def rejected_entries(rejected: list[RejectedRow]) -> dict[str, list[Entry]]:
    """Per sheet: (row, reasons, original values) of every rejected row, children included."""
    entries: dict[str, list[Entry]] = {sheet: [] for sheet in SHEETS}
    for item in rejected:
        for sheet, entry in reject_entries(item):
            entries.setdefault(sheet, []).append(entry)
    return {sheet: sorted(rows, key=lambda e: e[0]) for sheet, rows in entries.items()
            if rows or sheet == CASES_SHEET}


def reject_entries(item: RejectedRow) -> Iterator[tuple[str, Entry]]:
    """(sheet, entry) of a rejected row, then of each of its passes and contacts rows."""
    yield item.sheet, (item.row, " | ".join(item.reasons), item.raw)
    why = (f"belongs to case {item.case_number or '?'} ({item.sheet} row {item.row}), which"
           " was rejected")
    for sheet, rows in item.children.items():
        for row, raw in rows:
            yield sheet, (row, why, raw)


def _columns(rows: Iterable[Entry]) -> list[str]:
    columns: list[str] = []
    for _, _, raw in rows:
        columns += [c for c in raw if c and c not in columns and c not in BOOKKEEPING]
    return columns


def write_rejects_file(source: Path, report,
                       entries: Mapping[str, Iterable[Entry]] | None = None) -> Path:
    """Write the rejects file of an import report beside the source; returns its path.
    `entries` (a big import's, read back from its staging file) stand for the report's."""
    target = rejects_path(source)
    entries = rejected_entries(report.rejected) if entries is None else entries
    _create_private(target)
    if target.suffix == ".csv":
        _write_csv(target, entries)
    else:
        _write_xlsx(target, entries)
    return target


def _create_private(path: Path) -> None:
    """The rejects may hold identifiers copied from the source: owner-only permissions."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)


def _table(sheet: str, rows: Iterable[Entry]) -> tuple[list[str], Iterable[list[Any]]]:
    columns = _columns(rows)
    header = list(BOOKKEEPING) + columns
    body = ([sheet, row, reasons] + [raw.get(c) for c in columns] for row, reasons, raw in rows)
    return header, body


def _companion(target: Path, sheet: str) -> Path:
    return target if sheet == CASES_SHEET else target.with_name(f"{target.stem}.{sheet}.csv")


def _write_csv(target: Path, entries: Mapping[str, Iterable[Entry]]) -> None:
    for sheet in SHEETS[1:]:
        if sheet not in entries:  # a companion left from an earlier import would be re-read
            _companion(target, sheet).unlink(missing_ok=True)
    for sheet, rows in entries.items():
        path = _companion(target, sheet)
        header, body = _table(sheet, rows)
        with path.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows([_csv_text(v) for v in values] for values in body)


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, FormulaCell):
        return value.formula  # the user's own formula: flagged again until it is fixed
    if isinstance(value, (date, datetime)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return guard_text(str(value)) if isinstance(value, str) else str(value)


def _write_xlsx(target: Path, entries: Mapping[str, Iterable[Entry]]) -> None:
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    for sheet, rows in entries.items():
        out = book.create_sheet(sheet)
        header, body = _table(sheet, rows)
        out.append(header)
        for values in body:
            out.append([_xlsx_cell(out, v) for v in values])
    book.save(target)


def _xlsx_cell(sheet, value: Any):
    from openpyxl.cell import WriteOnlyCell
    if isinstance(value, FormulaCell):
        return WriteOnlyCell(sheet, value=value.formula)  # stays a formula, flagged again
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell
