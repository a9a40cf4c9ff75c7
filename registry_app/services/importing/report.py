"""What an import did (or, on a dry run, would do): the report every import step fills in."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..changes import NOTHING, Changes
from ..cases.duplicates import PossibleDuplicate
from .rows import Problem, RejectedRow

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 3, 4


@dataclass
class ImportReport:
    """What an import did (or, on a dry run, would do)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    """The rejected rows with their reasons: all of them, or for a big file imported part by
    part the first ones (`rejected_more` counts the others; the rejects file has them all)."""
    rejected_more: int = 0
    warnings: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    dry_run: bool = False
    rejects_file: Path | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    date_order_note: str | None = None
    """Why dates were read in an order nobody declared (the file's own dates show it)."""
    possible_duplicates: list[tuple[str, int, str | None, PossibleDuplicate]] = field(
        default_factory=list)
    """(sheet, row, case number, other case) for rows imported that may be a patient already
    in the registry; imported all the same, never merged."""
    with_queries: int = 0
    """Rows imported (new or changed) that break a consistency rule: each has open queries."""

    @property
    def changes(self) -> Changes:
        """Cases, when the import created or updated some (a dry run changes nothing)."""
        return Changes.of_cases() if not self.dry_run and (self.created or self.updated) \
            else NOTHING

    @property
    def rejected_count(self) -> int:
        """Rows rejected, listed or not."""
        return len(self.rejected) + self.rejected_more

    @property
    def exit_code(self) -> int:
        return EXIT_REJECTED if self.rejected_count else EXIT_OK

    @property
    def problems(self) -> list[Problem]:
        """The problems of the rejected rows listed."""
        return [p for r in self.rejected for p in r.problems]

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        text = (f"{self.rows} rows read: {self.created} new cases, {self.updated} updated,"
                f" {self.unchanged} unchanged {verb} imported; {self.rejected_count} rows rejected.")
        if self.possible_duplicates:
            count = len({(sheet, row) for sheet, row, _n, _d in self.possible_duplicates})
            text += (f" {count} row{'s' if count != 1 else ''} may be a patient already in the"
                     " registry (possible duplicate; imported, check them).")
        if self.with_queries:
            one = self.with_queries == 1
            was = "would be" if self.dry_run else ("was" if one else "were")
            text += (f" {self.with_queries} row{'' if one else 's'} {was} imported with open"
                     " queries (a consistency rule broken; see Open queries).")
        if self.unknown_columns:
            text += " Columns not imported: " + ", ".join(self.unknown_columns) + "."
        return text
