"""Which fields apply to a case (territory and branching rules) and what the passes table fills."""
from __future__ import annotations

from typing import Any

from .case import Case
from .field_types import FieldDef
from .fields import CASE_FIELDS, FIELDS_BY_CODE

DERIVED_FROM_PASSES = tuple(fd for fd in CASE_FIELDS if fd.from_passes)


def condition_met(fd: FieldDef, case: Case) -> bool:
    """Whether the field's branching rule holds (no rule, or its field does not apply here)."""
    if fd.shown_if is None:
        return True
    code, wanted = fd.shown_if
    if not FIELDS_BY_CODE[code].applies_to(case.territory):
        return True
    return bool(case.get(code) == wanted)


def applicable(fd: FieldDef, case: Case) -> bool:
    """Whether the field is asked for this case: its territory and its branching rule."""
    return fd.applies_to(case.territory) and condition_met(fd, case)


def condition_text(fd: FieldDef) -> str:
    """The branching rule in words: 'only when IV thrombolysis is Yes'."""
    if fd.shown_if is None:
        return ""
    code, wanted = fd.shown_if
    word = "Yes" if wanted is True else "No" if wanted is False else str(wanted)
    return f"only when {FIELDS_BY_CODE[code].label} is {word}"


def derived_from_passes(fd: FieldDef, case: Case) -> bool:
    """Whether the passes table gives this field's value for the case."""
    return bool(fd.from_passes and case.passes and fd.applies_to(case.territory))


def from_passes(fd: FieldDef, passes: list[dict[str, Any]]) -> Any:
    """The value the passes give: their count, or a field of the first or last pass."""
    if fd.from_passes == "count":
        return len(passes)
    which, code = fd.from_passes.split(":")
    chosen = passes[0] if which == "first" else passes[-1]
    return chosen.get(code)


def with_pass_summary(case: Case) -> Case:
    """A copy whose pass-derived fields hold what the passes table says."""
    result = case.copy()
    for fd in DERIVED_FROM_PASSES:
        if derived_from_passes(fd, case):
            result.values[fd.code] = from_passes(fd, case.passes)
    return result
