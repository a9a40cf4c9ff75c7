"""Report digests kept between reports: a case's stored digest serves while its change mark holds.

A digest is stored with the mark its case had when the case's rows were read (the mark is read
first, so rows read after it are at least as new) and with the digest layout. Triggers raise
the mark on every write to the case or its passes (storage.digest_marks), so a stored digest
whose mark is no longer the case's is never used. Without those triggers, or when storing
fails (a read-only registry, a busy writer), every digest is computed as before.
"""
from __future__ import annotations

import hashlib
import json
import logging
from datetime import date
from typing import Sequence

from sqlalchemy import and_, func
from sqlalchemy.exc import SQLAlchemyError

from ... import __version__
from ...domain.errors import RegistryError
from ...storage import digest_marks
from ...storage.digest_marks import case_marks, report_digests
from ...storage.migrate import stored_revision
from ...storage.schema import cases_table
from ..cases.loading import read_stored_rows
from ..cases.queries import CaseFilter, select_ids
from ..registry import Registry
from .digests import keyed_digests, window_digests
from .signoff import AS_WRITTEN, CanonicalWriter

log = logging.getLogger(__name__)
C, M, D = cases_table.c, case_marks.c, report_digests.c
LAYOUT_VERSION = 1
"""Raise when the canonical text of a case changes in a way the layout does not show (the
fields and their kinds, the schema revision and the application version are in it)."""
CHUNK = 5000
"""Cases whose rows are read in one query (SQL parameters)."""


def layout(registry: Registry, canonical: CanonicalWriter) -> str | None:
    """The digest layout of this code and registry, or None when case keys cannot be read from
    the plain columns (then no digest is kept)."""
    kinds = dict(zip(canonical.codes, canonical.kinds))
    if not {kinds["case_number"], kinds["registry_id"]} <= AS_WRITTEN:
        return None
    parts = [LAYOUT_VERSION, __version__, stored_revision(registry.engine), canonical.codes,
             canonical.kinds, canonical.pass_codes, canonical.pass_kinds]
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()[:16]


def kept_window_digests(registry: Registry, first: date, last: date) -> dict[str, str]:
    """window_digests(registry, first, last), reading unchanged cases' digests from the
    registry and keeping the digests it had to compute for the next report."""
    canonical = CanonicalWriter()
    shape = layout(registry, canonical)
    flt = CaseFilter(date_from=first, date_to=last, territory=None)
    with registry.reading() as session:
        if shape is None or not digest_marks.marks_kept(session.connection()):
            return window_digests(registry, first, last)
        listed = plain_rows(session.connection().execute(_listing(registry, flt, shape)))
    missing = [(case_id, mark) for case_id, _, _, mark, digest in listed if digest is None]
    computed = _computed(registry, [case_id for case_id, _ in missing], canonical)
    _keep(registry, [{"case_id": case_id, "mark": mark, "layout": shape,
                      "digest": computed[case_id][2]}
                     for case_id, mark in missing if case_id in computed])
    return _by_number(listed, computed)


def _by_number(listed: Sequence, computed: dict[int, tuple[str, str, str]]) -> dict[str, str]:
    """{case key: digest} by case number, as digests_of_rows orders them: the listed cases'
    kept digest, or the one computed now (a case deleted meanwhile is left out)."""
    keyed = [(str(number or ""), str(number or registry_id or f"id {case_id}"),
              digest if digest is not None else computed[case_id][2])
             for case_id, number, registry_id, _, digest in listed
             if digest is not None or case_id in computed]  # the keys of digests.case_key_of
    keyed.sort(key=lambda entry: entry[0])  # stable, in procedure order: as digests_of_rows
    return {key: digest for _, key, digest in keyed}


def plain_rows(result) -> list[tuple]:
    """Every row of an executed SELECT as the database driver gives it (tuples), without a
    SQLAlchemy Row per row: only for columns the dialect passes on unconverted (integers and
    text; the listing's 54,000 rows at 100,000 cases take 0.06 s less)."""
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _listing(registry: Registry, flt: CaseFilter, shape: str):
    """The window's cases in procedure order: id, case number, registry ID, current mark and
    the stored digest when it was computed at that mark in this layout (else None)."""
    mark = func.coalesce(M.mark, 0)
    joined = cases_table.outerjoin(case_marks, M.case_id == C.id).outerjoin(
        report_digests, and_(D.case_id == C.id, D.mark == mark, D.layout == shape))
    chosen = select_ids(flt, registry.today(), registry.settings().followup_window_days,
                        descending=False)
    return chosen.with_only_columns(C.id, C.case_number, C.registry_id, mark.label("mark"),
                                    D.digest, maintain_column_froms=False).select_from(joined)


def _computed(registry: Registry, ids: Sequence[int],
              canonical: CanonicalWriter) -> dict[int, tuple[str, str, str]]:
    """{case id: (sort key, key, digest)} of these cases, from their stored rows read now (a
    case deleted meanwhile is left out)."""
    found: dict[int, tuple[str, str, str]] = {}
    for start in range(0, len(ids), CHUNK):
        rows, passes = read_stored_rows(registry, CaseFilter(case_ids=tuple(
            ids[start:start + CHUNK])), canonical.codes, canonical.pass_codes)
        found.update(zip((row[0] for row in rows), keyed_digests(rows, passes, canonical)))
    return found


def _keep(registry: Registry, entries: list[dict]) -> None:
    """Store these digests for the next report; a registry that cannot take them now (read
    only, locked by a long write) only loses the time saved."""
    if not entries:
        return
    try:
        with registry.transaction() as session:
            digest_marks.store(session.connection(), entries)
    except (SQLAlchemyError, RegistryError) as exc:
        log.info("Report digests not kept for the next report: %s", exc)
