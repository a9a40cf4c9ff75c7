"""Signing off a month: its figures are fixed by a fingerprint; later edits need a reason."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import and_, or_, select

from ...domain.case import Case
from ...domain.errors import RegistryError, ValueProblem
from ...domain.fields import IDENTITY_FIELDS
from ...domain.values import format_value
from ...storage import audit
from ...storage.schema import AuditRow, SignoffRow, cases_table
from ..changes import NOTHING, Changes
from ..interchange.rows import attempt_fields, case_fields
from ..cases.queries import CaseFilter, iter_cases
from ..registry import Registry
from ..cases.loading import value_reader, values_of

MONTH_PATTERN = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
REPORT_TERRITORY = "cerebral"
"""The territory of the default monthly report (and of the fingerprint a sign-off stores)."""
IDENTITY_CODES = frozenset(f.code for f in IDENTITY_FIELDS)
HIDDEN = "(identifier: not shown)"
C = cases_table.c


class AlreadySignedOff(RegistryError):
    """This month was already signed off."""


def parse_month(text: str) -> str:
    """'YYYY-MM' from text like '2025-3' or '2025-03'; ValueProblem in plain words otherwise."""
    found = MONTH_PATTERN.match(str(text or ""))
    if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1900:
        raise ValueProblem(f"Month: '{text}' is not a month; write it as YYYY-MM, e.g. 2025-03.")
    return f"{int(found.group(1)):04d}-{int(found.group(2)):02d}"


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of a month 'YYYY-MM'."""
    first = date.fromisoformat(parse_month(month) + "-01")
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


def month_cases(registry: Registry, month: str, territory: str | None = REPORT_TERRITORY,
                with_identity: bool = False) -> list[Case]:
    """The month's (non-deleted) cases of a territory (None = all), in procedure order."""
    first, last = month_bounds(month)
    flt = CaseFilter(date_from=first, date_to=last, territory=territory)
    return list(iter_cases(registry, flt, with_identity=with_identity))


AS_WRITTEN = frozenset({"text", "choice", "int"})
"""Kinds whose interchange text (format_value) is what the csv writer writes for the value
itself: str(value), and '' for None. Values of the other kinds are formatted first."""


def _formatters(fields: Sequence) -> list[tuple[int, Callable[[Any], str]]]:
    """(column, format_value of its field) for the columns the csv writer cannot write as is."""
    return [(i, partial(format_value, fd)) for i, fd in enumerate(fields)
            if fd.kind not in AS_WRITTEN]


def _texts(values: list, formatters) -> list:
    """A record's values as the interchange writes them (format_value of every field)."""
    for index, text in formatters:
        if values[index] is not None:
            values[index] = text(values[index])
    return values


class CanonicalWriter:
    """Writes cases as interchange text (identity excluded), one case at a time."""

    def __init__(self) -> None:
        fields, passes = case_fields(identified=False), attempt_fields()
        self.codes, self.pass_codes = [fd.code for fd in fields], [fd.code for fd in passes]
        self.kinds, self.pass_kinds = [fd.kind for fd in fields], [fd.kind for fd in passes]
        self.formats, self.pass_formats = _formatters(fields), _formatters(passes)
        self.read, self.read_pass = value_reader(self.codes), value_reader(self.pass_codes)

    def header(self, writer) -> None:
        writer.writerow(self.codes + ["|"] + self.pass_codes)

    def case(self, writer, case: Case) -> None:
        writer.writerow(_texts(values_of(case.values, self.codes, self.read, case.identity),
                               self.formats))
        for attempt in case.passes:
            writer.writerow(["|"] + _texts(values_of(attempt, self.pass_codes, self.read_pass),
                                           self.pass_formats))


def _by_number(cases: Iterable[Case]) -> list[Case]:
    return sorted(cases, key=lambda c: str(c.values.get("case_number") or ""))


def canonical_text(cases: Iterable[Case]) -> str:
    """The cases as interchange text (identity excluded), sorted by case number."""
    out = io.StringIO()
    writer, canonical = csv.writer(out, lineterminator="\n"), CanonicalWriter()
    canonical.header(writer)
    for case in _by_number(cases):
        canonical.case(writer, case)
    return out.getvalue()


def case_key(case: Case) -> str:
    """How verify names a case: its case number (registry ID, or id, when it has none)."""
    return str(case.values.get("case_number") or case.values.get("registry_id")
               or f"id {case.id}")


def case_digests(cases: Iterable[Case]) -> dict[str, str]:
    """{case key: first 16 hex digits of the SHA-256 of its canonical text}, by case number."""
    canonical, digests = CanonicalWriter(), {}
    for case in _by_number(cases):
        out = io.StringIO()
        canonical.case(csv.writer(out, lineterminator="\n"), case)
        digests[case_key(case)] = hashlib.sha256(out.getvalue().encode("utf-8")).hexdigest()[:16]
    return digests


def fingerprint(cases: Iterable[Case]) -> str:
    """SHA-256 (hex) of the canonical text: the same cases always give the same fingerprint."""
    return hashlib.sha256(canonical_text(cases).encode("utf-8")).hexdigest()


SCOPE_ALL, SCOPE_CEREBRAL = "all", "cerebral"
"""What a sign-off fingerprint covers: every territory (since schema 0006) or, for sign-offs made
before, the month's cerebral cases only."""


def month_fingerprint(registry: Registry, month: str, scope: str = SCOPE_ALL) -> str:
    """The fingerprint of a month's cases: all territories, or cerebral only (old sign-offs)."""
    return fingerprint(month_cases(registry, month, None if scope == SCOPE_ALL else scope))


@dataclass(frozen=True)
class Signoff:
    """A signed-off month: when, by whom, the data fingerprint at that moment and a note."""

    month: str
    signed_at: datetime
    signed_by: str
    fingerprint: str
    note: str | None = None
    scope: str = SCOPE_ALL
    """'all' territories, or 'cerebral' for a sign-off made before sign-offs covered all."""
    figures: dict | None = None
    """Key figures of the month at sign-off (None for sign-offs made before they were kept)."""
    changes: Changes = field(default=NOTHING, compare=False, repr=False)
    """What signing it off changed (set by sign_off_month; NOTHING when read back)."""

    @property
    def scope_text(self) -> str:
        return ("all territories" if self.scope == SCOPE_ALL else
                "cerebral cases only (signed off before sign-offs covered every territory)")


def _signoff(row: SignoffRow) -> Signoff:
    figures = json.loads(row.figures) if row.figures else None
    return Signoff(row.month, row.signed_at, row.signed_by, row.fingerprint, row.note,
                   row.scope or SCOPE_ALL, figures)


def get_signoff(registry: Registry, month: str) -> Signoff | None:
    with registry.reading() as session:
        row = session.get(SignoffRow, parse_month(month))
        return _signoff(row) if row else None


def is_signed_off(registry: Registry, month: str) -> bool:
    return get_signoff(registry, month) is not None


def list_signoffs(registry: Registry) -> list[Signoff]:
    """Every signed-off month, oldest first."""
    with registry.reading() as session:
        return [_signoff(r) for r in session.scalars(select(SignoffRow).order_by(SignoffRow.month))]


@dataclass(frozen=True)
class MonthStatus:
    """Where a month stands for sign-off, and what signing it off would lock."""

    month: str
    signoff: Signoff | None
    over: bool
    cases: int
    """The month's cases in the fingerprint (the report's territory)."""
    other_cases: int
    """Its cases of other territories (their later edits need a reason too)."""

    @property
    def can_sign(self) -> bool:
        return self.signoff is None and self.over

    def text(self) -> str:
        if self.signoff is not None:
            return (f"{self.month} was signed off on {self.signoff.signed_at:%Y-%m-%d %H:%M}"
                    f" by {self.signoff.signed_by}.")
        if not self.over:
            return f"{self.month} is not over yet; it can be signed off after its last day."
        return f"{self.month} is not signed off ({self.cases:,} cases)."

    def lock_summary(self) -> str:
        others = (f" and {self.other_cases:,} limb or coronary cases" if self.other_cases
                  else "")
        return (f"Signing off {self.month} locks {self.cases:,} cerebral cases{others}: their"
                " figures are fixed by a fingerprint, and any later change to them needs a"
                " reason and is listed in the next report as a change after sign-off.")


def month_status(registry: Registry, month: str) -> MonthStatus:
    """The month's sign-off, whether it is over, and how many cases a sign-off would lock."""
    month = parse_month(month)
    every = month_cases(registry, month, territory=None)
    ours = sum(1 for c in every if (c.values.get("territory") or REPORT_TERRITORY)
               == REPORT_TERRITORY)
    return MonthStatus(month, get_signoff(registry, month),
                       month_bounds(month)[1] < registry.today(), ours, len(every) - ours)


def _check_can_sign(registry: Registry, month: str) -> None:
    existing = get_signoff(registry, month)
    if existing is not None:
        raise AlreadySignedOff(f"Month {month}: already signed off on"
                               f" {existing.signed_at:%Y-%m-%d %H:%M} by {existing.signed_by}.")
    if month_bounds(month)[1] >= registry.today():
        raise RegistryError(f"Month {month}: is not over yet; sign a month off after its last day.")


def sign_off_month(registry: Registry, month: str, note: str | None = None,
                   now: datetime | None = None) -> Signoff:
    """Lock a presented month: store its fingerprint; later edits of its cases need a reason."""
    month = parse_month(month)
    _check_can_sign(registry, month)
    signed = Signoff(month, now or datetime.now(), registry.user,
                     month_fingerprint(registry, month), (note or "").strip() or None,
                     SCOPE_ALL, month_figures(registry, month), Changes(signoffs=True))
    with registry.transaction() as session:
        session.add(SignoffRow(month=signed.month, signed_at=signed.signed_at,
                               signed_by=signed.signed_by, fingerprint=signed.fingerprint,
                               note=signed.note, scope=signed.scope,
                               figures=json.dumps(signed.figures, sort_keys=True)))
        audit.record(session, user=registry.user, action="signoff", case_id=None, case_number=None,
                     changes=[("month", None, month)], reason=signed.note, at=signed.signed_at)
    return signed


FIGURE_METRICS = ("recanalization", "sich", "good_outcome_90d", "mortality_90d")


def month_figures(registry: Registry, month: str) -> dict:
    """The month's key cerebral figures as compared after sign-off: {label: [events, known]}
    of the all-MT rates, and the case count."""
    from ..statistics import compute_stats
    first, last = month_bounds(month)
    stats = compute_stats(registry, CaseFilter(date_from=first, date_to=last))
    all_mt = stats["arms"]["all_mt"]
    figures = {metric: [all_mt[metric]["events"], all_mt[metric]["known"]]
               for metric in FIGURE_METRICS}
    return {"cases": stats["cases"], **figures}


FIGURE_LABELS = {"cases": "Cases", "recanalization": "Recanalization (all MT)",
                 "sich": "sICH (all MT)", "good_outcome_90d": "Good outcome at 90 days (all MT)",
                 "mortality_90d": "Mortality at 90 days (all MT)"}


def previous_month(month: str) -> str:
    return f"{month_bounds(month)[0] - timedelta(days=1):%Y-%m}"


def figure_changes(registry: Registry, month: str) -> list[dict]:
    """The key figures stored at sign-off of the month and of the month before that differ from
    the same figures computed now: {month, signoff, measure, at_signoff, now} per figure, the
    earlier month first. None for months not signed off or signed off before figures were kept."""
    rows = []
    for each in (previous_month(month), parse_month(month)):
        signed = get_signoff(registry, each)
        if signed is None or not signed.figures:
            continue
        now = month_figures(registry, each)
        rows += [{"month": each, "signoff": signed, "measure": key,
                  "label": FIGURE_LABELS.get(key, key), "at_signoff": value, "now": now.get(key)}
                 for key, value in signed.figures.items() if value != now.get(key)]
    return rows


def _changes_query(signoff: SignoffRow):
    first, last = month_bounds(signoff.month)
    in_month = C.procedure_date.between(first, last)
    moved_out = and_(AuditRow.field == "procedure_date",
                     AuditRow.old_value.like(f"{signoff.month}-%"))
    return (select(AuditRow, C.registry_id, C.case_number.label("number"))
            .join(cases_table, C.id == AuditRow.case_id)
            .where(AuditRow.at > signoff.signed_at, or_(in_month, moved_out))
            .order_by(AuditRow.at, AuditRow.id))


def _change_rows(month: str, row, identified: bool) -> list[dict]:
    """The changes an audit row records (an import's values row: one per value)."""
    entry = row.AuditRow
    return [_change(month, row, identified, field, old, new)
            for field, old, new in audit.expanded(entry.field, entry.old_value, entry.new_value)]


def _change(month: str, row, identified: bool, field, old, new) -> dict:
    entry = row.AuditRow
    hide = field in IDENTITY_CODES and not identified
    return {"month": month, "registry_id": row.registry_id, "case_number": row.number,
            "changed_at": entry.at.replace(microsecond=0), "user": entry.user,
            "action": entry.action,
            "field": field or "", "old_value": HIDDEN if hide else old,
            "new_value": HIDDEN if hide else new, "reason": entry.reason or ""}


def changes_after_signoff(registry: Registry, up_to_month: str | None = None,
                          identified: bool = False) -> list[dict]:
    """Audit rows written after each sign-off for the cases of that month (all territories).

    Identifier values are replaced by a note unless `identified`.
    """
    stmt = select(SignoffRow).order_by(SignoffRow.month)
    if up_to_month:
        stmt = stmt.where(SignoffRow.month <= parse_month(up_to_month))
    with registry.reading() as session:
        return [change for s in session.scalars(stmt).all()
                for row in session.execute(_changes_query(s))
                for change in _change_rows(s.month, row, identified)]
