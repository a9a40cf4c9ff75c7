"""Case digests of a whole window read from stored columns: signoff.case_digests, faster."""
from __future__ import annotations

import csv
import hashlib
from datetime import date
from typing import Any, Callable, Sequence

from ...domain.values import isoformat_on_the_minute
from ..cases.loading import read_stored_rows, split_choices
from ..cases.queries import CaseFilter
from ..registry import Registry
from .signoff import CanonicalWriter

SAME_TEXT_WHEN_EQUAL = frozenset({"yesno", "date", "datetime", "multichoice"})
"""Kinds whose equal values always give the same interchange text, so each distinct value is
formatted once (not floats: 0.0 == -0.0 but '0' != '-0'; datetimes only when naive). Columns
of plain naive datetimes, nearly all distinct, are written with isoformat directly."""


def window_digests(registry: Registry, first: date, last: date) -> dict[str, str]:
    """case_digests(window_cases(registry, first, last)), without building the cases."""
    canonical = CanonicalWriter()
    flt = CaseFilter(date_from=first, date_to=last, territory=None)
    rows, passes = read_stored_rows(registry, flt, canonical.codes, canonical.pass_codes)
    return digests_of_rows(rows, passes, canonical)


def digests_of_rows(rows: Sequence, passes: dict[int, list],
                    canonical: CanonicalWriter) -> dict[str, str]:
    """{case key: digest} of stored rows (id, version, *codes) and pass rows (pass codes), byte
    for byte the digests case_digests gives of the cases load_case_rows makes of them."""
    keyed = keyed_digests(rows, passes, canonical)
    keyed.sort(key=lambda entry: entry[0])  # stable: as _by_number orders the cases
    return {key: digest for _, key, digest in keyed}


def keyed_digests(rows: Sequence, passes: dict[int, list],
                  canonical: CanonicalWriter) -> list[tuple[str, str, str]]:
    """(sort key, case key, digest) of each stored row, in the rows' order (digests_of_rows)."""
    codes = canonical.codes
    number, registry_id = codes.index("case_number"), codes.index("registry_id")
    records = _formatted(canonical.kinds, canonical.formats, [row[2:] for row in rows], True)
    counts = [len(passes.get(row[0], ())) for row in rows]
    attempts = [attempt for row in rows for attempt in passes.get(row[0], ())]
    attempts = [("|", *values) for values in
                _formatted(canonical.pass_kinds, canonical.pass_formats, attempts, False)]
    texts = _case_texts(records, counts, attempts)
    return [(str(record[number] or ""),
             case_key_of(row[0], record[number], record[registry_id]),
             hashlib.sha256(text.encode("utf-8")).hexdigest()[:16])
            for row, record, text in zip(rows, records, texts)]


def case_key_of(case_id: int, number, registry_id) -> str:
    """signoff.case_key of a case with this id, case number and registry ID."""
    return str(number or registry_id or f"id {case_id}")


def _case_texts(records: list, counts: list[int], attempts: list) -> list[str]:
    """Each case's csv text: its record's line, then a line per pass (written all at once)."""
    ordered, taken = [], 0
    for record, count in zip(records, counts):
        ordered.append(record)
        ordered += attempts[taken:taken + count]
        taken += count
    lines: list[str] = []
    csv.writer(_Lines(lines), lineterminator="\n").writerows(ordered)
    texts, at = [], 0
    for count in counts:
        texts.append("".join(lines[at:at + count + 1]))
        at += count + 1
    return texts


class _Lines:
    """A csv writer's file that keeps each written line in a list."""

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append


def _formatted(kinds: Sequence[str], formats, records: list, split: bool) -> list:
    """The records with each formatted column as _texts leaves it (None stays None); `split`:
    multichoice columns hold stored text, split into choices first as a loaded case holds them."""
    if not records:
        return []
    columns: list[Any] = list(zip(*records))
    for index, text in formats:
        if split and kinds[index] == "multichoice":
            text = _after_split(text)
        columns[index] = _column_texts(columns[index], text, kinds[index])
    return list(zip(*columns))


def _after_split(text: Callable[[Any], str]) -> Callable[[Any], str]:
    def split_then_text(stored):
        choices = split_choices(stored)
        return None if choices is None else text(choices)
    return split_then_text


def _column_texts(column: Sequence, text: Callable[[Any], str], kind: str) -> list:
    """text(value) of each value (None stays None), each distinct value formatted once when
    equal values are sure to give equal texts."""
    if kind == "datetime" and all(map(_plain_time, column)):
        return [None if value is None else value.isoformat(" ", "minutes") for value in column]
    distinct = set(column)
    if kind not in SAME_TEXT_WHEN_EQUAL or any(
            getattr(value, "tzinfo", None) is not None for value in distinct):
        return [None if value is None else text(value) for value in column]
    texts = {value: None if value is None else text(value) for value in distinct}
    return list(map(texts.__getitem__, column))


def _plain_time(value) -> bool:
    """None, or a date and time that format_value writes with isoformat."""
    return value is None or isoformat_on_the_minute(value)
