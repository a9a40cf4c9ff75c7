"""How an import reads what the file leaves open: the order of day and month, and blank cells."""
from __future__ import annotations

from dataclasses import dataclass

from ...domain.errors import RegistryError
from ...domain.values import DATE_ORDERS

BLANK_CHOICES = ("clear", "keep")


@dataclass(frozen=True)
class ImportOptions:
    """`date_order` ('dmy', 'mdy', 'ymd' or None) decides dates like 03/04/2025; without it such
    dates are rejected. `blank_cells`: an empty cell in a column the file has either clears the
    stored value ('clear', the default) or leaves it ('keep'). A cell that is absent (a row
    shorter than the header) never clears anything: the row is rejected."""

    date_order: str | None = None
    blank_cells: str = "clear"

    def __post_init__(self) -> None:
        if self.date_order not in (None, *DATE_ORDERS):
            raise RegistryError(f"Import option: date order '{self.date_order}' is not one of"
                                f" {', '.join(DATE_ORDERS)}.")
        if self.blank_cells not in BLANK_CHOICES:
            raise RegistryError(f"Import option: blank cells '{self.blank_cells}' is not one of"
                                f" {', '.join(BLANK_CHOICES)}.")

    @property
    def blanks_clear(self) -> bool:
        return self.blank_cells == "clear"
