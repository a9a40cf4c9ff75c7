"""The log file: owner-only, with SQL statements by their shape, never with their values."""
from __future__ import annotations

import logging
import re
import traceback
from pathlib import Path

from sqlalchemy.exc import StatementError

from ...private_files import create_private

HIDDEN = "[parameters hidden: they can hold patient identifiers]"
_PARAMETERS = re.compile(r"^\[parameters: .*$", re.MULTILINE)
_DETAIL = re.compile(r"^DETAIL: .*$", re.MULTILINE)  # PostgreSQL repeats the offending values


def hide_parameters(exc: BaseException) -> BaseException:
    """Make every SQLAlchemy error in the exception's chain print its SQL without values."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        link = todo.pop()
        if link is None or id(link) in seen:
            continue
        seen.add(id(link))
        if isinstance(link, StatementError):
            link.hide_parameters = True
        todo += [link.__cause__, link.__context__]
    return exc


def redact(text: str) -> str:
    """The text without SQL parameter lists and PostgreSQL's DETAIL lines (they quote values)."""
    return _DETAIL.sub("DETAIL: [hidden]", _PARAMETERS.sub(HIDDEN, text))


def safe_text(exc: BaseException) -> str:
    """str(exc) fit for a message or a log: SQL shape only."""
    return redact(str(hide_parameters(exc)))


def safe_traceback(exc: BaseException) -> str:
    """The formatted traceback of an exception, SQL shape only."""
    hide_parameters(exc)
    return redact("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))


class RedactingFormatter(logging.Formatter):
    """A formatter whose messages and tracebacks never show SQL parameters."""

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info and record.exc_info[1] is not None:
            hide_parameters(record.exc_info[1])
        return redact(super().format(record))


def write_exception(path: Path, logger: logging.Logger, exc: BaseException,
                    context: str = "Unexpected error") -> Path:
    """Append the traceback to the owner-only log file at path; returns the path."""
    create_private(path)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    try:
        logger.error(context, exc_info=(type(exc), exc, exc.__traceback__))
    finally:
        logger.removeHandler(handler)
        handler.close()
    return path
