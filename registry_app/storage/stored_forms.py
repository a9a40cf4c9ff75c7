"""Values another program wrote into a SQLite registry in a form their column cannot hold (a
date as '31/12/2026', a word in a number column): found by SQL, named by case and column."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Table
from sqlalchemy.engine import Engine

from .schema import CaseIdentityRow, ContactRow, PassRow, cases_table

SHOWN = 20
"""Malformed values listed at most (the rest are counted)."""


@dataclass(frozen=True)
class MalformedValue:
    """One stored value that cannot be read as its column's kind."""

    table: str
    case_number: str | None
    column: str
    raw: Any

    def text(self) -> str:
        where = f"case {self.case_number}" if self.case_number else f"a row of '{self.table}'"
        part = "" if self.table == "cases" else f" ({_PARTS.get(self.table, self.table)})"
        return (f"{where}{part}: column '{self.column}' holds {self.raw!r}, which is not"
                f" {_KIND_WORDS[_kind(self.table, self.column)]}; another program must have"
                " written it. Correct it in that program or restore a backup.")


_PARTS = {"passes": "a pass", "contact_attempts": "a follow-up contact",
          "case_identity": "identifiers"}
_KIND_WORDS = {"date": "a date (YYYY-MM-DD)", "datetime": "a date and time",
               "int": "a whole number", "float": "a number", "bool": "yes/no (1 or 0)"}
TABLES: tuple[Table, ...] = (cases_table, PassRow.__table__, ContactRow.__table__,
                             CaseIdentityRow.__table__)


def _kind(table: str, column: str) -> str:
    found = next(t for t in TABLES if t.name == table).c[column].type
    for kind, types in (("bool", Boolean), ("datetime", DateTime), ("date", Date),
                        ("int", Integer), ("float", Float)):
        if isinstance(found, types):
            return kind
    return "text"


_WRONG = {
    "date": "NOT (typeof({c}) = 'text' AND date({c}) IS {c})",
    "datetime": "NOT (typeof({c}) = 'text' AND datetime({c}) IS NOT NULL"
                " AND {c} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][ T][0-9][0-9]:*')",
    "int": "typeof({c}) != 'integer'",
    "float": "typeof({c}) NOT IN ('real', 'integer')",
    "bool": "NOT (typeof({c}) = 'integer' AND {c} IN (0, 1))",
}
"""SQLite conditions a value of each kind fails (NULL aside): what the registry writes passes."""


def malformed_values(engine: Engine) -> tuple[list[MalformedValue], int]:
    """The first SHOWN malformed values of the case tables and how many there are (SQLite;
    a server's column types refuse such values, so nothing is looked for there). One scan
    per table: the rows holding any malformed value, with a flag per typed column."""
    if engine.dialect.name != "sqlite":
        return [], 0
    found: list[MalformedValue] = []
    with engine.connect() as connection:
        for table in TABLES:
            typed = [(column.name, kind) for column in table.c if not column.primary_key
                     and (kind := _kind(table.name, column.name)) != "text"]
            for number, *flagged in connection.exec_driver_sql(_query(table, typed)):
                found += [MalformedValue(table.name, number, name, raw)
                          for (name, _), wrong, raw in zip(typed, flagged[::2], flagged[1::2])
                          if wrong]
    return found[:SHOWN], len(found)


def _query(table: Table, typed: list[tuple[str, str]]) -> str:
    """The rows of `table` with a malformed value: case number, then (wrong, value) per column."""
    conditions = [_wrong(name, kind) for name, kind in typed]
    picked = ", ".join(f'{condition}, "{name}"' for condition, (name, _)
                       in zip(conditions, typed))
    number = ("case_number" if table.name == "cases" else
              f'(SELECT case_number FROM cases WHERE cases.id = "{table.name}".case_id)')
    return (f'SELECT {number}, {picked} FROM "{table.name}"'
            f" WHERE {' OR '.join(conditions)} ORDER BY 1")


def _wrong(column: str, kind: str) -> str:
    quoted = f'"{column}"'
    return f"({quoted} IS NOT NULL AND {_WRONG[kind].format(c=quoted)})"
