"""The Cases sheet's derived columns: what a user would otherwise rebuild by hand to pivot."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Callable

from registry_app.domain import derived
from registry_app.domain.derived import INTERVALS
from registry_app.domain.settings import RegistrySettings
from ..lists import case_arm
from .rows import Column

FOLLOWUP_WORDS = {"done": "complete", "deceased": "complete", "lost": "lost",
                  "not_yet_due": "not yet due", "in_window": "in window", "overdue": "due",
                  "unknown": "unknown"}
"""derived.followup_status in the words of the sheet ('due': the window has closed without an
outcome)."""


def yes_no(value: bool | None) -> str:
    return "unknown" if value is None else "yes" if value else "no"


def mature(case, settings: RegistrySettings, as_of: date) -> bool | None:
    """Whether the case's 90-day outcome counts on the as-of date (procedure + days + margin)."""
    proc = case.get("procedure_date")
    if proc is None:
        return None
    wait = settings.followup_days + settings.followup_window_days
    return proc + timedelta(days=wait) <= as_of


def _outcome(value: Callable) -> Callable:
    """A 90-day outcome as the statistics count it: 'not yet due' before the cohort matures."""
    def read(case, settings, as_of):
        if mature(case, settings, as_of) is False:
            return "not yet due"
        return yes_no(value(case, settings))
    return read


def _interval(start: str, end: str) -> Callable:
    """One interval of derived.intervals (minutes from start to end), without the others."""
    return lambda case, settings, as_of: derived.minutes_between(case.get(start), case.get(end))


DERIVED: tuple[tuple[str, Callable[[Any, RegistrySettings, date], Any], float], ...] = (
    ("arm", lambda c, s, a: case_arm(c, s), 16),
    ("mt_failed", lambda c, s, a: yes_no(derived.mt_failed(c, s)), 10),
    ("recanalized", lambda c, s, a: yes_no(derived.recanalized(c)), 11),
    ("good_outcome_90d", _outcome(derived.good_outcome), 14),
    ("death_within_90d", _outcome(derived.mortality_90d), 14),
    ("followup_status", lambda c, s, a: FOLLOWUP_WORDS[derived.followup_status(c, a, s)], 14),
    ("mature", lambda c, s, a: {True: "yes", False: "no", None: "unknown"}[mature(c, s, a)], 9),
    *((f"{code}_min", _interval(start, end), 12) for code, _, start, end in INTERVALS),
)
"""(header, value of a case, column width): derived columns after the field columns."""


def derived_values(case, settings: RegistrySettings, as_of: date) -> list:
    return [value(case, settings, as_of) for _, value, _ in DERIVED]


def derived_columns() -> list[Column]:
    return [Column() for _ in DERIVED]
