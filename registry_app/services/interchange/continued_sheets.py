"""A sheet continued on further worksheets ('attempts', 'attempts (2)', ...) read back as one sheet."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence, TypeVar

from lxml import etree

from .rows import CONTINUED, continued_name
from .xlsx_reading import TooLarge

WORKBOOK_PART = "xl/workbook.xml"
MAX_WORKBOOK_PART = 4 * 1024 * 1024
"""Bytes of the workbook part read for its sheet names; a bigger one is left to the readers."""


class Unjoinable(ValueError):
    """A worksheet continuing a sheet with other columns; the message follows "'file.xlsx' "."""


class Sheet(Protocol):
    """What joining needs of a read sheet (spreadsheets.Table)."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[Any]]]
    warnings: list[str]
    row_problems: dict[int, list[str]]
    continued: list


S = TypeVar("S", bound=Sheet)


def wanted_sheets(path: Path, sheets: tuple[str, ...]) -> tuple[str, ...]:
    """`sheets`, then the worksheets of the file that continue them, in part order (those of
    the first sheet only when the file has it: otherwise its first worksheet stands in)."""
    titles = sheet_titles(path)
    found = set()
    for title in titles:
        match = CONTINUED.match(title)
        if match and match["sheet"] in sheets and int(match["part"]) > 1 \
                and (match["sheet"] != sheets[0] or sheets[0] in titles):
            found.add((sheets.index(match["sheet"]), int(match["part"]), title))
    return sheets + tuple(title for *_, title in sorted(found))


def sheet_titles(path: Path) -> set[str]:
    """The workbook's sheet names, stripped and lower-cased as the readers match them; none
    when the workbook part cannot be read (the readers then say why, or read no continuation)."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(WORKBOOK_PART) as part:
            data = part.read(MAX_WORKBOOK_PART + 1)
        if len(data) > MAX_WORKBOOK_PART:
            return set()
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(data, parser)
    except Exception:  # noqa: BLE001 - a damaged file: the readers report it
        return set()
    return {(element.get("name") or "").strip().lower() for element in root.iter()
            if isinstance(element.tag, str) and etree.QName(element).localname == "sheet"}


class WorkbookBudget:
    """`check_size` for each sheet read, and a limit on the rows and cells of all of them
    together (continuations included): a file split into many worksheets cannot hold more
    than its sheets could hold before continuations were read."""

    def __init__(self, check_size: Callable[[int, int, int], None], max_rows: int,
                 max_cells: int) -> None:
        self.check_size, self.max_rows, self.max_cells = check_size, max_rows, max_cells
        self.rows = self.cells = 0

    def __call__(self, row: int, width: int, cells: int) -> None:
        self.check_size(row, width, cells)
        self.rows += 1
        self.cells += width
        if self.rows > self.max_rows:
            raise TooLarge(f"has more than {self.max_rows:,} rows in its sheets together; split"
                           " it into smaller files.")
        if self.cells > self.max_cells:
            raise TooLarge(f"has more than {self.max_cells:,} cells in its sheets together;"
                           " split it into smaller files.")


def joined(tables: dict[str, S], sheets: tuple[str, ...]) -> dict[str, S]:
    """The tables with each continuation's rows after those of the sheet it continues, in
    part order; a continuation of a sheet the file lacks stands in for it."""
    grouped: dict[str, list[tuple[int, S]]] = {}
    for name, table in tables.items():
        base, part = base_and_part(name, sheets)
        grouped.setdefault(base, []).append((part, table))
    return {base: parts[0][1] if len(parts) == 1 and parts[0][0] == 1 else _join(base, parts)
            for base, parts in grouped.items()}


def base_and_part(name: str, sheets: tuple[str, ...]) -> tuple[str, int]:
    """The sheet a read worksheet belongs to and its part: ('attempts', 2) for 'attempts (2)'."""
    match = None if name in sheets else CONTINUED.match(name)
    return (match["sheet"], int(match["part"])) if match else (name, 1)


def _join(sheet: str, parts: list[tuple[int, S]]) -> S:
    """The first part, holding every part's rows (realigned to its header) after its own, the
    later parts kept apart in `continued` (their rows realigned too), and every warning."""
    first = parts[0][1]
    rows = list(first.rows)
    for _, part in parts[1:]:
        part.rows = _aligned(part, first)
        part.header = first.header
        rows += part.rows
        first.warnings += part.warnings
        part.warnings = []
    first.warnings += _gaps(sheet, parts)
    first.rows = rows
    first.continued = [part for _, part in parts[1:]]
    return first


def _aligned(part: Sheet, first: Sheet) -> list[tuple[int, list[Any]]]:
    """The part's rows in the columns of the first part: the same columns, in any order."""
    at = column_order(part, first)
    if at is None:
        return part.rows
    return [(number, realigned(row, at)) for number, row in part.rows]


def column_order(part: Sheet, first: Sheet) -> list[int] | None:
    """Where each of the first part's columns is in the part (None: in the same places);
    Unjoinable when the part has other columns."""
    if part.header == first.header:
        return None
    missing = [c for c in first.header if c not in part.header]
    extra = [c for c in part.header if c not in first.header]
    if missing or extra or len(part.header) != len(first.header):
        differ = ", ".join(f"'{c}'" for c in (missing + extra)[:3]) or "a column named twice"
        raise Unjoinable(f"has a sheet '{part.name}' that continues '{first.name}' with other"
                         f" columns ({differ}); give it the same header row as '{first.name}'.")
    return [part.header.index(column) for column in first.header]


def realigned(row: list[Any], at: list[int]) -> list[Any]:
    """A part's row in the first part's columns (`at` from column_order), padded with None."""
    return [row[i] if i < len(row) else None for i in at]


def _gaps(sheet: str, parts: Sequence[tuple[int, Sheet]]) -> list[str]:
    """Warnings for a missing first sheet or a missing worksheet between two parts."""
    (first, table), warnings = parts[0], []
    if first != 1:
        warnings.append(f"Sheet '{table.name}' continues a sheet '{sheet}' the file does not"
                        " have; its rows were read as that sheet.")
    for (before, earlier), (number, later) in zip(parts, parts[1:]):
        if number > before + 1:
            warnings.append(f"Sheet '{later.name}' follows '{earlier.name}': the file has no"
                            f" '{continued_name(sheet, before + 1)}' (a deleted sheet?).")
    return warnings
