"""Reperfusion grades (mTICI / eTICI): which grades each scale allows and how they rank."""
from __future__ import annotations

SCALE_GRADES: dict[str, tuple[str, ...]] = {
    "mTICI": ("0", "1", "2a", "2b", "2c", "3"),
    "eTICI": ("0", "1", "2a", "2b50", "2b67", "2c", "3"),
}

_RANK = {"0": 0, "1": 1, "2a": 2, "2b": 3, "2b50": 3, "2b67": 4, "2c": 5, "3": 6}

SUCCESSFUL = "2b"
"""Successful reperfusion is 2b-3 (eTICI 2b50 and above)."""


def rank(grade: str | None) -> int | None:
    """Order of a grade on a common axis; 2b and 2b50 share the lowest 'successful' rank."""
    return None if grade is None else _RANK.get(grade)


def at_least(grade: str | None, threshold: str) -> bool | None:
    """Whether a grade reaches the threshold; None when the grade is unknown."""
    graded, limit = rank(grade), rank(threshold)
    if graded is None or limit is None:
        return None
    return graded >= limit


def valid_for_scale(grade: str, scale: str | None) -> bool:
    """Whether the grade exists on the scale (any known grade when no scale is chosen)."""
    if scale is None:
        return grade in _RANK
    return grade in SCALE_GRADES.get(scale, ())


def scale_hint(scale: str) -> str:
    """The grades a scale allows, for error messages."""
    return ", ".join(SCALE_GRADES[scale])

REPERFUSION_GRADE_CODES = tuple(_RANK)
