"""Known failures of the surroundings (busy, full, read-only, a concurrent writer) in plain words."""
from __future__ import annotations

import errno
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError

from ..domain.errors import RegistryError

EXIT_BUSY = 6
"""The registry was locked by another program, or another one added the same cases meanwhile."""
EXIT_PROBLEMS = 5
"""What `check` exits with when it finds problems; a stored value that cannot be read is one."""
EXIT_UNWRITABLE = 7
"""The disk is full, or the registry / a file or its folder is read-only."""
EXIT_BROKEN_PIPE = 141
"""The reader of the output went away (`registry-app backups | head -1`): 128 + SIGPIPE."""


@dataclass(frozen=True)
class Failure:
    """What went wrong, in words for a coordinator, and the command's exit status."""

    title: str
    message: str
    exit_code: int


BUSY = Failure("The registry is busy",
               "The registry is busy: another program or window kept it locked for too long, so"
               " nothing was changed; try again when the other one has finished.", EXIT_BUSY)
CONCURRENT = Failure("Added at the same time elsewhere",
                     "Another program added cases with the same numbers at the same time, so"
                     " nothing was changed by this run; run it again.", EXIT_BUSY)
DISK_FULL = Failure("The disk is full",
                    "The disk is full, so nothing more could be written; free some space or choose"
                    " another place, then try again.", EXIT_UNWRITABLE)
READ_ONLY = Failure("Cannot write there",
                    "The registry or file cannot be written (or read) because it or its folder"
                    " is read-only or belongs to another user; ask for access or choose another"
                    " place, then try again.", EXIT_UNWRITABLE)

UNREADABLE_VALUE = Failure(
    "A stored value cannot be read",
    "The registry holds a value in a form its column cannot hold (for example a date written"
    " as text by another program), so it could not be read and nothing was changed;"
    " 'registry-app check' names the case and the column.", EXIT_PROBLEMS)
_UNREADABLE_TEXTS = ("invalid isoformat string", "couldn't parse date", "couldn't parse datetime")
"""What SQLAlchemy's SQLite date and date-time readers say of a value not in ISO form."""

_OS_ERRORS = {errno.ENOSPC: DISK_FULL, errno.EDQUOT: DISK_FULL, errno.EROFS: READ_ONLY,
              errno.EACCES: READ_ONLY, errno.EPERM: READ_ONLY}
_SQLSTATES = {"55P03": BUSY, "40P01": BUSY, "40001": BUSY, "53100": DISK_FULL,
              "25006": READ_ONLY, "42501": READ_ONLY}
_SQLITE_TEXTS = (("database is locked", BUSY), ("database table is locked", BUSY),
                 ("database schema is locked", BUSY), ("readonly database", READ_ONLY),
                 ("read-only database", READ_ONLY), ("database or disk is full", DISK_FULL),
                 ("unique constraint failed: cases.case_number", CONCURRENT))


def classify(exc: BaseException) -> Failure | None:
    """The known failure behind an exception (looking through its causes), or None.

    A RegistryError keeps its own words (None), unless it wraps a database error."""
    if isinstance(exc, RegistryError):
        cause = exc.__cause__
        return _behind(cause) if isinstance(cause, DBAPIError) else None
    return _behind(exc)


def exit_status(exc: RegistryError, default: int) -> int:
    """A RegistryError's exit status: its own, else that of the failure it wraps (a backup
    onto a full disk: 7), else default."""
    own = getattr(exc, "exit_code", None)
    if own is not None:
        return own
    behind = _behind(exc.__cause__) if exc.__cause__ is not None else None
    return behind.exit_code if behind is not None else default


def _behind(exc: BaseException) -> Failure | None:
    for link in _chain(exc):
        found = _one(link)
        if found is not None:
            return found
    return None


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        link = todo.pop(0)
        if link is None or any(link is s for s in seen):
            continue
        seen.append(link)
        todo += [getattr(link, "orig", None), link.__cause__, link.__context__]
    return seen


def _one(exc: BaseException) -> Failure | None:
    if isinstance(exc, ValueError) and any(t in str(exc).lower() for t in _UNREADABLE_TEXTS):
        return UNREADABLE_VALUE
    if isinstance(exc, OSError) and exc.errno in _OS_ERRORS:
        return _OS_ERRORS[exc.errno]
    state = getattr(exc, "sqlstate", None)
    if isinstance(state, str) and state in _SQLSTATES:
        return _SQLSTATES[state]
    constraint = getattr(getattr(exc, "diag", None), "constraint_name", None)
    if state == "23505" and "case_number" in str(constraint or ""):
        return CONCURRENT  # PostgreSQL: cases_case_number_key
    if type(exc).__module__ == "sqlite3":
        text = str(exc).lower()
        return next((failure for words, failure in _SQLITE_TEXTS if words in text), None)
    return None
