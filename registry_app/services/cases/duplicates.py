"""Likely duplicate patients: the same medical record number, or the same date of birth and
procedure date, among the other cases (deleted ones left out). A warning, never a merge."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from sqlalchemy import select

from ...domain.case import Case
from ...domain.values import clean_code
from ...storage.schema import CaseIdentityRow, cases_table
from ..registry import Registry

SAME_MRN = "same medical record number"
SAME_BIRTH_AND_PROCEDURE = "same date of birth and procedure date"
_SEPARATORS = re.compile(r"[\s\-./_]+")


@dataclass(frozen=True)
class PossibleDuplicate:
    """Another case that may be the same patient, and why."""

    case_id: int | None
    case_number: str
    reason: str

    def text(self) -> str:
        return f"possible duplicate of case {self.case_number} ({self.reason})"


def mrn_key(mrn: str | None) -> str | None:
    """An MRN compared as one spelling: case, spaces, separators and leading zeros ignored."""
    if not mrn:
        return None
    key = _SEPARATORS.sub("", clean_code(str(mrn))).casefold().lstrip("0")
    return key or None


@dataclass(frozen=True)
class Known:
    """What the duplicate index holds of one case."""

    case_id: int | None
    case_number: str
    mrn: str | None
    birth_date: date | None
    procedure_date: date | None


class DuplicateIndex:
    """Cases looked up by normalised MRN and by (date of birth, procedure date)."""

    def __init__(self, known: Iterable[Known] = ()) -> None:
        self.by_mrn: dict[str, list[Known]] = {}
        self.by_dates: dict[tuple[date, date], list[Known]] = {}
        for item in known:
            self.add(item)

    def add(self, item: Known) -> None:
        if item.mrn:
            self.by_mrn.setdefault(item.mrn, []).append(item)
        if item.birth_date and item.procedure_date:
            self.by_dates.setdefault((item.birth_date, item.procedure_date), []).append(item)

    def matches(self, case: Case, own_id: int | None = None,
                own_number: str | None = None) -> list[PossibleDuplicate]:
        """The other cases this one may duplicate, by case number (a case never matches itself)."""
        return self.matches_known(_known(case), own_id, own_number)

    def matches_known(self, probe: Known, own_id: int | None = None,
                      own_number: str | None = None) -> list[PossibleDuplicate]:
        """`matches` of a case already reduced to what an index holds (`file_known`)."""
        found: dict[str, PossibleDuplicate] = {}
        hits = [(k, SAME_MRN) for k in self.by_mrn.get(probe.mrn, [])] if probe.mrn else []
        if probe.birth_date and probe.procedure_date:
            hits += [(k, SAME_BIRTH_AND_PROCEDURE)
                     for k in self.by_dates.get((probe.birth_date, probe.procedure_date), [])]
        for known, reason in hits:
            if (own_id is not None and known.case_id == own_id) or known.case_number == own_number:
                continue
            found.setdefault(known.case_number, PossibleDuplicate(known.case_id, known.case_number,
                                                                  reason))
        return sorted(found.values(), key=lambda d: d.case_number)


def _known(case: Case, case_id: int | None = None) -> Known:
    number = case.values.get("case_number")
    return Known(case_id if case_id is not None else case.id,
                 clean_code(number) if isinstance(number, str) else str(number or ""),
                 mrn_key(case.identity.get("mrn")), case.identity.get("birth_date"),
                 case.values.get("procedure_date"))


def file_known(case: Case, case_id: int | None = None) -> Known:
    """A case not stored yet (an import row), to be added to an index."""
    return _known(case, case_id)


def stored_index(registry: Registry) -> DuplicateIndex:
    """Every case not deleted, with its MRN, date of birth and procedure date."""
    query = (select(cases_table.c.id, cases_table.c.case_number, CaseIdentityRow.mrn,
                    CaseIdentityRow.birth_date, cases_table.c.procedure_date)
             .select_from(cases_table.outerjoin(CaseIdentityRow.__table__,
                                                CaseIdentityRow.case_id == cases_table.c.id))
             .where(cases_table.c.deleted_at.is_(None)))
    with registry.reading() as session:
        rows = session.execute(query).all()
    return DuplicateIndex(Known(case_id, number, mrn_key(mrn), born, proc)
                          for case_id, number, mrn, born, proc in rows)


def possible_duplicates(registry: Registry, case: Case) -> list[PossibleDuplicate]:
    """Other cases (not deleted) that may be the same patient as `case`."""
    number = case.values.get("case_number")
    own = clean_code(number) if isinstance(number, str) else None
    return stored_index(registry).matches(case, case.id, own)


DUPLICATE_FIELDS = ("mrn", "birth_date", "procedure_date")


def worth_checking(case: Case, before: Case | None) -> bool:
    """A new case, or one whose MRN, date of birth or procedure date changed."""
    return before is None or case.id is None or any(
        case.get(code) != before.get(code) for code in DUPLICATE_FIELDS)


def duplicates_sentence(found: list[PossibleDuplicate]) -> str:
    """'Case C-1 has the same medical record number.' one line per case."""
    return "\n".join(f"• Case {d.case_number}: {d.reason}" for d in found)
