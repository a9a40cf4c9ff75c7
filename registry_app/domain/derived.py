"""Values derived from a case: intervals, MT failure, first-pass effect, follow-up due dates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .case import Case
from .fields import ALL_TERRITORIES, CASE_FIELDS
from .grades import at_least
from .settings import DEFAULT_SETTINGS, RegistrySettings
from .vocab import POSTERIOR_SITES

INTERVALS: tuple[tuple[str, str, str, str], ...] = (
    ("door_to_imaging", "Door to imaging", "door_time", "imaging_time"),
    ("door_to_puncture", "Door to puncture", "door_time", "puncture_time"),
    ("imaging_to_puncture", "Imaging to puncture", "imaging_time", "puncture_time"),
    ("onset_to_puncture", "Onset to puncture", "onset_time", "puncture_time"),
    ("puncture_to_reperfusion", "Puncture to reperfusion", "puncture_time", "reperfusion_time"),
    ("onset_to_reperfusion", "Onset to reperfusion", "onset_time", "reperfusion_time"),
    ("procedure_duration", "Procedure duration", "puncture_time", "end_time"),
)


def minutes_between(start: datetime | None, end: datetime | None) -> int | None:
    """Whole minutes from start to end; None when either is unknown."""
    if start is None or end is None:
        return None
    return int((end - start).total_seconds() // 60)


def intervals(case: Case) -> dict[str, int | None]:
    """Every derived interval in minutes, keyed by interval code."""
    return {code: minutes_between(case.get(a), case.get(b)) for code, _, a, b in INTERVALS}


def pass_count(case: Case) -> int | None:
    """Passes recorded in the pass table, else the mt_passes summary value."""
    return len(case.passes) if case.passes else case.get("mt_passes")


def grade_after_mt(case: Case) -> str | None:
    """Reperfusion after the last MT pass: the summary value, else the last pass's grade."""
    summary: str | None = case.get("reperfusion_after_mt")
    if summary is not None:
        return summary
    graded = [p["reperfusion_grade"] for p in case.passes if p.get("reperfusion_grade")]
    return graded[-1] if graded else None


FLOW_SUCCESS = 2
"""TIMI/TIPI 2-3 counts as restored flow (technical success in PRISM and INDIAN UP)."""


def flow_at_least(grade: str | None, threshold: int = FLOW_SUCCESS) -> bool | None:
    return None if grade is None else int(grade) >= threshold


def limb_flow_after_mt(case: Case) -> str | None:
    """Flow after the last limb thrombectomy attempt: the summary value, else the last attempt's."""
    summary: str | None = case.get("flow_after_mt")
    if summary is not None:
        return summary
    graded = [p["flow_grade"] for p in case.passes if p.get("flow_grade")]
    return graded[-1] if graded else None


def mt_failed(case: Case, settings: RegistrySettings = DEFAULT_SETTINGS) -> bool | None:
    """Failure of the index procedure, per territory; None when unknown.

    Cerebral: reperfusion below the registry's threshold (default 2b) after the last MT pass,
    whatever the number of passes (0 passes recorded is a data-quality warning, not a success).
    Limb: TIMI/TIPI flow 0-1 after the last thrombectomy attempt.
    Coronary: the stent could not be delivered.
    """
    if case.territory == "limb":
        restored = flow_at_least(limb_flow_after_mt(case))
        return None if restored is None else not restored
    if case.territory == "coronary":
        delivered = case.get("stent_delivered")
        return None if delivered is None else not delivered
    reached = at_least(grade_after_mt(case), settings.mt_failure_threshold)
    return None if reached is None else not reached


def first_pass_grade(case: Case) -> str | None:
    """The grade after pass 1 when exactly one pass was made."""
    if pass_count(case) != 1:
        return None
    first: str | None = (case.passes[0].get("reperfusion_grade") if case.passes
                         else case.get("reperfusion_after_mt"))
    return first


def first_pass_effect(case: Case, threshold: str = "2c") -> bool | None:
    """FPE (2c-3 in one pass) or, with threshold '2b', modified FPE; None when unknown."""
    passes = pass_count(case)
    if passes is None:
        return None
    if passes != 1:
        return False if passes > 1 else None
    return at_least(first_pass_grade(case), threshold)


def recanalized(case: Case, threshold: str = "2b") -> bool | None:
    """Final reperfusion at or above the threshold (default 2b).

    Without a final grade the grade after MT stands for it, except after a rescue stent:
    the pre-stent grade says nothing of the final result, so that case is unknown.
    """
    final = case.get("final_reperfusion")
    if final is None and case.get("rescue_stent") is True:
        return None
    return at_least(final or grade_after_mt(case), threshold)


def technical_success(case: Case) -> bool | None:
    """Limb: final TIMI/TIPI flow 2-3. Coronary: a stent delivered (first try or re-attempt)
    with final TIMI 3. Cerebral: final reperfusion 2b-3."""
    if case.territory == "limb":
        return flow_at_least(case.get("flow_final") or limb_flow_after_mt(case))
    if case.territory == "coronary":
        delivered = stent_delivered_in_the_end(case)
        if delivered is not True:
            return delivered  # never delivered: a failure whatever the flow
        flow = case.get("timi_final")
        return None if flow is None else flow == "3"
    return recanalized(case)


def stent_delivered_in_the_end(case: Case) -> bool | None:
    """Coronary: a stent delivered at the first attempt or on re-attempt (None if unknown)."""
    first, again = case.get("stent_delivered"), case.get("reattempt_success")
    if first is True or again is True:
        return True
    if first is False and (case.get("reattempt") is False or again is False):
        return False
    return None


def circulation(case: Case) -> str | None:
    """'anterior' or 'posterior' from the occlusion site."""
    site = case.get("occlusion_site")
    if site is None or site == "other":
        return None
    return "posterior" if site in POSTERIOR_SITES else "anterior"


def good_outcome(case: Case, settings: RegistrySettings = DEFAULT_SETTINGS) -> bool | None:
    """mRS within the good-outcome range at 90 days; a death within the period is mRS 6."""
    return mrs_at_most(case, settings.good_outcome_max_mrs, settings)


def mrs_at_most(case: Case, limit: int, settings: RegistrySettings = DEFAULT_SETTINGS) -> bool | None:
    """90-day mRS 0..limit; a death within the period counts as mRS 6 even without an mRS."""
    if mortality_90d(case, settings) is True:
        return False
    mrs = case.get("mrs_90d")
    return None if mrs is None else mrs <= limit


def died_in_hospital_undated(case: Case) -> bool:
    """Discharged as dead without a date of death (counted as a death within the period)."""
    return case.get("discharge_destination") == "died" and case.get("death_date") is None


def died_within_followup(case: Case, settings: RegistrySettings = DEFAULT_SETTINGS) -> bool:
    """Death recorded within the follow-up period (default 90 days) of the procedure.

    An in-hospital death without a date of death counts: the stay is shorter than the period.
    """
    death, proc = case.get("death_date"), case.get("procedure_date")
    if death is None:
        return died_in_hospital_undated(case)
    if proc is None:
        return False
    days: int = (death - proc).days
    return days <= followup_days(case, settings)


def late_death_with_mrs_6(case: Case, settings: RegistrySettings = DEFAULT_SETTINGS) -> bool:
    """A 90-day mRS of 6 whose date of death lies after the period (the date wins)."""
    death, proc = case.get("death_date"), case.get("procedure_date")
    return (case.get("mrs_90d") == 6 and death is not None and proc is not None
            and (death - proc).days > followup_days(case, settings))


def mortality_90d(case: Case, settings: RegistrySettings = DEFAULT_SETTINGS) -> bool | None:
    """Dead by 90 days: a date of death within the period, an undated in-hospital death, or
    mRS 6 without a later date of death; alive when an mRS 0-5 (or a later death) is known."""
    if died_within_followup(case, settings):
        return True
    if case.get("death_date") is not None and case.get("procedure_date") is not None:
        return False  # died after the period
    mrs = case.get("mrs_90d")
    return None if mrs is None else mrs == 6


@dataclass(frozen=True)
class FollowupWindow:
    due: date
    opens: date
    closes: date


CORONARY_FOLLOWUP_DAYS = 30


def followup_days(case: Case, settings: RegistrySettings = DEFAULT_SETTINGS) -> int:
    """Days to the outcome assessment: 30 for coronary cases, the registry's setting otherwise."""
    return CORONARY_FOLLOWUP_DAYS if case.territory == "coronary" else settings.followup_days


def outcome_known(case: Case) -> bool:
    """Whether the territory's follow-up outcome has been recorded."""
    if case.territory == "limb":
        return case.get("limb_salvage_90d") is not None
    if case.territory == "coronary":
        return case.get("mi_30d") is not None
    return case.get("mrs_90d") is not None


def followup_window(case: Case, settings: RegistrySettings = DEFAULT_SETTINGS) -> FollowupWindow | None:
    """The outcome assessment date and its window (90 ± 14 days by default; 30 for coronary)."""
    proc = case.get("procedure_date")
    if proc is None:
        return None
    due = proc + timedelta(days=followup_days(case, settings))
    slack = timedelta(days=settings.followup_window_days)
    return FollowupWindow(due, due - slack, due + slack)


FOLLOWUP_STATUSES = ("done", "deceased", "lost", "not_yet_due", "in_window", "overdue", "unknown")


def followup_status(case: Case, today: date, settings: RegistrySettings = DEFAULT_SETTINGS) -> str:
    """Where the 90-day assessment stands: done, deceased, lost, not yet due, in window, overdue."""
    if outcome_known(case):
        return "done"
    if died_within_followup(case, settings) or case.get("discharge_destination") == "died":
        return "deceased"
    if case.get("lost_to_followup") is not None:
        return "lost"
    window = followup_window(case, settings)
    if window is None:
        return "unknown"
    if today < window.opens:
        return "not_yet_due"
    return "in_window" if today <= window.closes else "overdue"


def completeness(case: Case) -> float:
    """Share of required and recommended fields that are filled, for this territory."""
    plain, standing_in = completeness_codes(case.territory)
    if not plain and not standing_in:
        return 1.0
    get = case.get
    filled = (sum(1 for code in plain if get(code) is not None)
              + sum(1 for code in standing_in if _filled_for_completeness(case, code)))
    return filled / (len(plain) + len(standing_in))


BY_PASSES = ("mt_passes", "reperfusion_after_mt")
"""Filled for completeness by the passes when the case has them (their pass summary)."""
BY_OUTCOME = ("mrs_90d", "limb_salvage_30d")
"""Filled for completeness by a loss to follow-up or a death within it."""
STANDING_IN = frozenset(BY_PASSES + BY_OUTCOME)
"""Fields another value can stand in for (_filled_for_completeness)."""
_COMPLETENESS_CODES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def completeness_codes(territory: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The required and recommended fields of a territory, as (filled only by their own value,
    filled also by what stands in for them): worked out once per territory of the vocabulary
    (an import computes the completeness of every row)."""
    found = _COMPLETENESS_CODES.get(territory)
    if found is None:
        wanted = [f.code for f in CASE_FIELDS
                  if (f.required or f.recommended) and f.applies_to(territory)]
        found = (tuple(c for c in wanted if c not in STANDING_IN),
                 tuple(c for c in wanted if c in STANDING_IN))
        if territory in ALL_TERRITORIES:  # any other text: worked out each time
            _COMPLETENESS_CODES[territory] = found
    return found


def _filled_for_completeness(case: Case, code: str) -> bool:
    """A value, or what stands for it: passes for the pass summary, loss or death for the mRS."""
    if case.get(code) is not None:
        return True
    if code in BY_PASSES:
        return bool(case.passes) and grade_after_mt(case) is not None
    if code in BY_OUTCOME:
        return case.get("lost_to_followup") is not None or died_within_followup(case)
    return False


def derived_summary(case: Case, today: date, settings: RegistrySettings = DEFAULT_SETTINGS) -> dict[str, Any]:
    """All derived values at once, for forms and exports."""
    window = followup_window(case, settings)
    return {
        **intervals(case),
        "mt_failed": mt_failed(case, settings),
        "first_pass_effect": first_pass_effect(case),
        "modified_first_pass_effect": first_pass_effect(case, "2b"),
        "recanalized": recanalized(case),
        "technical_success": technical_success(case),
        "circulation": circulation(case),
        "good_outcome_90d": good_outcome(case, settings),
        "mortality_90d": mortality_90d(case, settings),
        "followup_due": window.due if window else None,
        "followup_status": followup_status(case, today, settings),
        "completeness": completeness(case),
    }
