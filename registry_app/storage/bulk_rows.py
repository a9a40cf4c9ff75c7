"""Saving many cases in a few statements (imports): the same rows and audit trail as saving
them one by one through the repository, written with executemany inside the caller's
transaction."""
from __future__ import annotations

from datetime import datetime
from operator import itemgetter
from typing import Iterable, Sequence

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from ..domain.case import Case
from ..domain.errors import NotFound, StaleRecord
from ..domain.fields import CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
from ..domain.settings import RegistrySettings
from . import audit
from .mapping import case_columns, identity_row
from .schema import AuditRow, Base, CaseIdentityRow, ContactRow, PassRow, cases_table

C = cases_table.c
IDENTITY_CODES = frozenset(f.code for f in IDENTITY_FIELDS)


# New cases ####################################################################

def insert_new_cases(session: Session, cases: list[Case], settings: RegistrySettings, user: str,
                     action: str = "create", reason: str | None = None, *,
                     values_in_one_row: bool = False) -> dict[str, int]:
    """Insert checked, prepared cases whose numbers are not used yet, with their passes,
    contacts, identifiers and one audit row per initial value (as repository.add_case), or
    with `values_in_one_row` one audit row per case holding them all (audit.values_row);
    returns the new ids by case number."""
    now = datetime.now()
    book = {"version": 1, "created_at": now, "created_by": user, "updated_at": now,
            "updated_by": user}
    insert_rows(session, cases_table, [_with(case_columns(c, settings), book) for c in cases])
    numbers = [c.values["case_number"] for c in cases]
    ids = dict(session.execute(select(C.case_number, C.id).where(C.case_number.in_(numbers))).all())
    stored = [(ids[c.values["case_number"]], c) for c in cases]
    _insert_children(session, stored, ("passes", "contacts", "identity"))
    insert_rows(session, _table_of(AuditRow), [
        entry for case_id, case in stored
        for entry in _audit(case_id, case.values["case_number"],
                            _initial(case, values_in_one_row), user=user, action=action, at=now,
                            reason=reason)])
    return ids


def _initial(case: Case, in_one_row: bool) -> list[audit.Change]:
    return audit.initial_row(case) if in_one_row else audit.initial_values(case)


def _with(row: dict, more: dict) -> dict:
    row.update(more)
    return row


# Changed cases ################################################################

def update_changed_cases(session: Session, updates: list[tuple[Case, list[audit.Change]]],
                         settings: RegistrySettings, user: str,
                         reason: str | None = None) -> None:
    """Save edited cases opened at `case.version` together with their changes (as
    audit.field_changes found them): every column, the passes / contacts / identifiers of
    cases whose ones changed, one audit row per change (as repository.update_case).

    NotFound or StaleRecord (nothing of the batch written) when a case was deleted or saved
    by someone else since it was opened.
    """
    now = datetime.now()
    numbers = _check_versions(session, [case for case, _ in updates])
    rows = [{**case_columns(case, settings), "updated_at": now, "updated_by": user,
             "_id": case.id, "_version": case.version} for case, _ in updates]
    update_rows(session, cases_table, rows)
    for children, changed in (("passes", "pass "), ("contacts", "contact ")):
        _replace_children(session, [c for c, changes in updates
                                    if any((f or "").startswith(changed) for f, _, _ in changes)],
                          children)
    _replace_children(session, [c for c, changes in updates
                                if any(f in IDENTITY_CODES for f, _, _ in changes)], "identity")
    insert_rows(session, _table_of(AuditRow), [
        entry for case, changes in updates
        for entry in _audit(_saved_id(case), numbers[_saved_id(case)], changes, user=user, action="update",
                            at=now, reason=reason)])


def _check_versions(session: Session, cases: list[Case]) -> dict[int, str]:
    """The stored case numbers; NotFound / StaleRecord as repository.update_case words them."""
    found = {row.id: row for row in session.execute(
        select(C.id, C.version, C.deleted_at, C.case_number, C.updated_by, C.updated_at)
        .where(C.id.in_([case.id for case in cases])))}
    for case in cases:
        row = found.get(case.id)
        if row is None or row.deleted_at is not None:
            raise NotFound(f"Case {case.id} was not found; it may have been deleted.")
        if row.version != case.version:
            raise StaleRecord(f"Case {row.case_number} was changed by {row.updated_by} at"
                              f" {row.updated_at:%Y-%m-%d %H:%M} since you opened it. Reload it"
                              " and enter your changes again; nothing was overwritten.")
    return {case_id: row.case_number for case_id, row in found.items()}


def _saved_id(case: Case) -> int:
    """The id of a case read from the registry (_check_versions refused any other)."""
    if case.id is None:
        raise NotFound(f"Case {case.values.get('case_number')} was never saved.")
    return case.id


def _table_of(model: type[Base]) -> Table:
    """The Table a row class maps (SQLAlchemy types `__table__` as any FROM clause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


CHILD_TABLES = {"passes": (PassRow, PASS_FIELDS), "contacts": (ContactRow, CONTACT_FIELDS),
                "identity": (CaseIdentityRow, IDENTITY_FIELDS)}


def _replace_children(session: Session, cases: list[Case], children: str) -> None:
    if cases:
        table = _table_of(CHILD_TABLES[children][0])
        session.execute(delete(table).where(table.c.case_id.in_([c.id for c in cases])))
        _insert_children(session, [(_saved_id(c), c) for c in cases], (children,))


def _insert_children(session: Session, cases: list[tuple[int, Case]],
                     children: Iterable[str]) -> None:
    """Child rows of cases, stored as the ORM rows would be (no identity row when empty)."""
    for name in children:
        model, fields = CHILD_TABLES[name]
        rows = []
        for case_id, case in cases:
            if name == "identity":
                rows += [_stored(case_id, fields, case.identity)] if identity_row(case) else []
            else:
                rows += [_stored(case_id, fields, item) for item in getattr(case, name)]
        insert_rows(session, _table_of(model), rows)


def _stored(case_id: int, fields, values: dict) -> dict:
    row: dict[str, object] = {"case_id": case_id}
    for fd in fields:
        value = values.get(fd.code)
        row[fd.code] = ";".join(value) if fd.kind == "multichoice" and value is not None else value
    return row


def _audit(case_id: int, number: str, changes: list[audit.Change], *, user: str, action: str,
           at: datetime, reason: str | None) -> list[dict]:
    """The rows audit.record writes: one per change (one without field when there is none)."""
    base = {"at": at, "user": user, "action": action, "case_id": case_id, "case_number": number,
            "reason": reason}
    return [{**base, "field": f, "old_value": old, "new_value": new}
            for f, old, new in audit.rows_of(changes)]


# Statements ###################################################################

def insert_rows(session: Session, table: Table, rows: list[dict]) -> None:
    """INSERT rows (dicts with the same keys) in the session's transaction.

    On SQLite the values are converted by the columns' own SQLAlchemy types and handed to
    the driver's executemany (several times faster than a Core insert for 100,000s of audit
    rows); other databases get a Core insert.
    """
    if not rows:
        return
    connection = session.connection()
    if not _plain_sqlite(connection.dialect):
        connection.execute(insert(table), rows)
        return
    names = list(rows[0])
    quote = connection.dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)})"
           f" VALUES ({', '.join('?' * len(names))})")
    connection.exec_driver_sql(sql, _driver_values(table, names, rows, connection.dialect))


def update_rows(session: Session, table: Table, rows: list[dict]) -> None:
    """UPDATE rows by '_id' where the version is still '_version', adding one to it; the
    other keys are the columns to set. StaleRecord when a row was not updated (a concurrent
    save changed its version): the caller's transaction must then roll back, so that no
    audit row records an update that did not happen. Checked on every database."""
    if not rows:
        return
    connection = session.connection()
    names = [n for n in rows[0] if n not in ("_id", "_version")]
    if _plain_sqlite(connection.dialect):
        result = _update_sqlite(connection, table, names, rows)
    else:
        stmt = (update(table).where(table.c.id == bindparam("_id"),
                                    table.c.version == bindparam("_version"))
                .values(version=table.c.version + 1))
        result = connection.execute(stmt, rows)
    if result.rowcount != len(rows):
        raise StaleRecord("A case was changed by someone else during the import; nothing was"
                          " imported. Import the file again.")


def _update_sqlite(connection, table: Table, names: list[str], rows: list[dict]):
    quote = connection.dialect.identifier_preparer.quote
    sets = ", ".join(f"{quote(n)} = ?" for n in names)
    sql = (f"UPDATE {quote(table.name)} SET {sets}, version = version + 1"
           " WHERE id = ? AND version = ?")
    return connection.exec_driver_sql(
        sql, _driver_values(table, names + ["id", "version"],
                            [{**r, "id": r["_id"], "version": r["_version"]} for r in rows],
                            connection.dialect))


def _plain_sqlite(dialect) -> bool:
    return dialect.name == "sqlite" and dialect.paramstyle == "qmark"


def _driver_values(table: Table, names: list[str], rows: list[dict], dialect) -> list[tuple]:
    get = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    processes = [(i, _bind_processor(table.c[n].type.dialect_impl(dialect), dialect))
                 for i, n in enumerate(names)]
    converted = [(i, process) for i, process in processes if process is not None]
    values = [get(row) for row in rows]
    if not converted or not values:
        return values
    columns: list[Sequence] = list(zip(*values))
    for index, process in converted:
        columns[index] = _converted(process, columns[index])
    return list(zip(*columns))


def _bind_processor(impl, dialect):
    """The column type's bind processor; for SQLite's DATETIME one that writes a plain date
    and time by isoformat (a quarter of the time), when the processor writes exactly that."""
    process = impl.bind_processor(dialect)
    if process is None or not isinstance(impl, sqlite.DATETIME):
        return process
    if any(process(probe) != probe.isoformat(" ", "microseconds") for probe in _PROBES):
        return process  # another storage format

    def by_isoformat(value):
        if value.__class__ is datetime and value.tzinfo is None:
            return value.isoformat(" ", "microseconds")
        return process(value)
    return by_isoformat


_PROBES = (datetime(2025, 11, 30, 23, 59, 58, 123456), datetime(7, 2, 3, 4, 5, 6, 7),
           datetime(2026, 1, 1))
"""Date-times whose every part differs: SQLite's default storage format writes them as
isoformat(" ", "microseconds") does; any other format shows in one of them."""


def _converted(process, column: Sequence) -> list:
    """A column's values through its bind processor, each distinct value converted once
    (dates repeat across many rows; equal values convert alike)."""
    try:
        once = {value: process(value) for value in set(column) if value is not None}
    except TypeError:  # an unhashable value: convert each one
        return [None if value is None else process(value) for value in column]
    once[None] = None
    return [once[value] for value in column]
