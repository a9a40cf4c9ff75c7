"""The full Excel export from the stored rows, written by the native writer one sheet after another."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from . import stored_records as stored
from .export_native import NativeSheet, write_workbook
from .export_sheets import sheet_capacity, split_records
from ...domain.fields import FieldDef
from .rows import ATTEMPTS_SHEET, CASES_SHEET, CONTACTS_SHEET, KEY_FIELD, attempt_fields, case_fields, contact_fields
from ..cases.queries import CaseFilter
from ..progress import CancelToken, Progress, check_cancel
from ..registry import Registry

Reader = Callable[[Registry, Sequence[int]], Any]


def write_stored_workbook(registry: Registry, path: Path, flt: CaseFilter, progress: Progress,
                          cancel: CancelToken | None, escaped: list[str],
                          worksheets: dict[str, int] | None = None) -> tuple[int, int]:
    """Write the filter's cases, their attempts and contact attempts (without identifiers) to
    `path`, each sheet on as many worksheets as `worksheets` gives it (one by default);
    (cases, attempts) written. Each sheet reads the cases batch by batch again."""
    source = _StoredSource(registry, stored.export_case_ids(registry, flt), progress, cancel)
    counts = worksheets or {}
    sheets = (_worksheets(CASES_SHEET, case_fields(), counts,
                          source.read("Exporting cases", case_sheet_records))
              + _worksheets(ATTEMPTS_SHEET, (KEY_FIELD,) + attempt_fields(), counts,
                            source.read("Exporting attempts", stored.attempt_records, True))
              + _worksheets(CONTACTS_SHEET, (KEY_FIELD,) + contact_fields(), counts,
                            source.read("Exporting contact attempts", stored.contact_records)))
    write_workbook(path, sheets, escaped)
    return len(source.ids), source.attempts


def _worksheets(sheet: str, fields: tuple[FieldDef, ...], counts: dict[str, int],
                records: Iterable[list]) -> list[NativeSheet]:
    """The sheet's worksheets, each taking its share of the records as the writer reaches it."""
    pages = split_records(records, sheet, counts.get(sheet, 1), sheet_capacity(False))
    return [NativeSheet(name, fields, page) for name, page in pages]


def case_sheet_records(registry: Registry, ids: Sequence[int]) -> Any:
    """The cases sheet's records of a batch (tests replace this to fail mid-write)."""
    return stored.case_records(registry, ids, identified=False)


class _StoredSource:
    """Reads one sheet's records batch by batch, reporting progress and honouring cancel."""

    def __init__(self, registry: Registry, ids: list[int], progress: Progress,
                 cancel: CancelToken | None) -> None:
        self.registry, self.ids, self.progress, self.cancel = registry, ids, progress, cancel
        self.attempts = 0

    def read(self, label: str, reader: Reader, attempts: bool = False) -> Iterator[list]:
        """The records `reader` gives of each batch, read when the writer reaches them; cancel
        is checked before each batch (a thousand cases)."""
        done, total = 0, len(self.ids)
        for chunk in stored.batches(self.ids):
            check_cancel(self.cancel)
            records = reader(self.registry, chunk)
            if attempts:
                self.attempts += len(records)
            yield from records
            done += len(chunk)
            self.progress(label, done, total)
