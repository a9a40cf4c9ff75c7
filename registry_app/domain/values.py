"""Reading typed field values from text or spreadsheet cells, and writing them back as text."""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from operator import methodcaller
from typing import Any, Callable, Iterable

from .dates import DATE_ORDERS, DateProblem, read_date, read_datetime  # noqa: F401
from .errors import ValueProblem
from .fields import FieldDef

MISSING_TOKENS = frozenset({"", "na", "n/a", "nk", "unknown", "unk", "not known", "-", "?", "none"})
TRUE_TOKENS = frozenset({"yes", "y", "1", "true", "t", "ja", "oui", "si", "sí", "x"})
FALSE_TOKENS = frozenset({"no", "n", "0", "false", "f", "nein", "non"})



def is_missing(raw: Any) -> bool:
    """Whether a raw cell means 'no value'."""
    return raw is None or (isinstance(raw, str) and raw.strip().lower() in MISSING_TOKENS)


def parse_value(fd: FieldDef, raw: Any, date_order: str | None = None) -> Any:
    """The typed value of a raw input, or ValueProblem naming the field and the problem.

    Dates whose day and month could be either way round (03/04/2025) need `date_order`
    ('dmy', 'mdy' or 'ymd'); without it they are a problem, never a guess."""
    if fd.kind != "text" and is_missing(raw) and not _is_code(fd, raw):
        return None
    if fd.kind == "text" and (raw is None or str(raw).strip() == ""):
        return None
    if fd.kind == "date":
        return _date(fd, raw, date_order)
    if fd.kind == "datetime":
        return _datetime(fd, raw, date_order)
    return _PARSERS[fd.kind](fd, raw)


def _is_code(fd: FieldDef, raw: Any) -> bool:
    """A code such as 'none' that also looks like a missing-value token."""
    return isinstance(raw, str) and raw.strip().lower() in {c.lower() for c in fd.codes}


def clean_code(text: str) -> str:
    """A code as one spelling: NFC-normalised, without invisible format characters (zero-width
    space, joiner and non-joiner, BOM, soft hyphen and the rest of Unicode category Cf) and
    without outer whitespace, so 'A-1\u200b' and 'A-1' are the same case number."""
    text = unicodedata.normalize("NFC", text)
    if not text.isascii():
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return text.strip()


def clean_codes(values: dict[str, Any], fields: Iterable[FieldDef]) -> None:
    """clean_code every text value of an identifier field in `values`, in place."""
    for fd in fields:
        if fd.identifier and isinstance(values.get(fd.code), str):
            values[fd.code] = clean_code(values[fd.code]) or None


def _problem(fd: FieldDef, raw: Any, what: str) -> ValueProblem:
    return ValueProblem(f"{fd.label}: '{raw}' {what}.")


def _text(fd: FieldDef, raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime):
        return raw.strftime("%Y-%m-%d %H:%M")
    if isinstance(raw, date):
        return raw.isoformat()
    return clean_code(str(raw)) if fd.identifier else str(raw).strip()


def _int(fd: FieldDef, raw: Any) -> int:
    if isinstance(raw, bool):
        raise _problem(fd, raw, "is not a whole number")
    if isinstance(raw, int):
        return raw
    try:
        number = float(str(raw).strip().replace(",", "."))
    except ValueError:
        raise _problem(fd, raw, "is not a whole number") from None
    if not number.is_integer():
        raise _problem(fd, raw, "is not a whole number")
    return int(number)


def _float(fd: FieldDef, raw: Any) -> float:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return float(raw)
    try:
        return float(str(raw).strip().replace(",", "."))
    except ValueError:
        raise _problem(fd, raw, "is not a number") from None


def _date(fd: FieldDef, raw: Any, order: str | None = None) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    _no_number(fd, raw)
    try:
        return read_date(str(raw), order)
    except DateProblem as exc:
        raise _problem(fd, raw, str(exc)) from None


def _datetime(fd: FieldDef, raw: Any, order: str | None = None) -> datetime:
    if isinstance(raw, datetime):
        return raw.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(raw, date):
        raise _problem(fd, raw, "has no time of day (use YYYY-MM-DD HH:MM)")
    _no_number(fd, raw)
    try:
        return read_datetime(str(raw), order)
    except DateProblem as exc:
        raise _problem(fd, raw, str(exc)) from None


def _no_number(fd: FieldDef, raw: Any) -> None:
    """A number where a date is expected (e.g. an unformatted spreadsheet cell) is not read as
    a count of days since 1900."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raise _problem(fd, raw, "is a number, not a date; format the cells as dates or write"
                                " YYYY-MM-DD")


def _yesno(fd: FieldDef, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    token = _text(fd, raw).lower()
    if token in TRUE_TOKENS:
        return True
    if token in FALSE_TOKENS:
        return False
    raise _problem(fd, raw, "is not yes or no")


def _choice(fd: FieldDef, raw: Any) -> str:
    token = _text(fd, raw)
    lowered = _normalise(token)
    for choice in fd.choices:
        if lowered in (_normalise(choice.code), _normalise(choice.label)):
            return choice.code
    raise _problem(fd, raw, f"is not one of the allowed values ({fd.allowed_text()})")


def _normalise(text: str) -> str:
    text = text.strip().lower()
    return re.sub(r"^(e|m)?tici\s*", "", text) if re.match(r"^(e|m)?tici\s*\d", text) else text


def _multichoice(fd: FieldDef, raw: Any) -> tuple[str, ...]:
    if isinstance(raw, (tuple, list)):
        parts = [str(p) for p in raw]
    else:
        parts = [p for p in re.split(r"[;,|]", _text(fd, raw)) if p.strip()]
    chosen = {_choice(fd, part) for part in parts}
    return tuple(code for code in fd.codes if code in chosen)


_PARSERS = {
    "text": _text, "int": _int, "float": _float,
    "yesno": _yesno, "choice": _choice, "multichoice": _multichoice,
}


def _yes_no(value: Any) -> str:
    return "yes" if value else "no"


def isoformat_on_the_minute(value: Any) -> bool:
    """Whether isoformat(' ', 'minutes') writes a value as strftime('%Y-%m-%d %H:%M') does (a
    third of the time): a datetime itself (a date has no time to write), no time zone
    (isoformat adds its offset), years 1000 on (strftime does not pad)."""
    return value.__class__ is datetime and value.tzinfo is None and value.year >= 1000


def _on_the_minute(value: datetime) -> str:
    """strftime('%Y-%m-%d %H:%M'), by isoformat where that writes the same."""
    if isoformat_on_the_minute(value):
        return value.isoformat(" ", "minutes")
    return value.strftime("%Y-%m-%d %H:%M")


_FORMATTERS: dict[str, Callable[[Any], str]] = {
    "yesno": _yes_no, "datetime": _on_the_minute,
    "date": methodcaller("isoformat"), "multichoice": ";".join, "float": "{:g}".format,
}


def formatter(fd: FieldDef) -> Callable[[Any], str]:
    """format_value of one field as one function, for values that are not None (the import
    formats 500,000 values: no test of the field's kind per value)."""
    return _FORMATTERS.get(fd.kind, str)


def format_value(fd: FieldDef, value: Any) -> str:
    """The interchange text of a typed value ('' when unknown)."""
    return "" if value is None else formatter(fd)(value)
