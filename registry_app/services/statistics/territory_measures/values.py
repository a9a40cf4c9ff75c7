"""Per-case values of the limb and coronary measures: True, False, None (unknown) or NA."""
from __future__ import annotations

from datetime import date, timedelta

from ....domain import derived
from ....domain.case import Case

NA = "n/a"
"""The case is outside the measure's population (not counted at all)."""


def _days_after(case: Case, code: str) -> int | None:
    """Days from the procedure to a dated event; None when either date is unknown."""
    when, proc = case.get(code), case.get("procedure_date")
    return None if when is None or proc is None else (when - proc).days


def _death_day(case: Case) -> int | None:
    """Day of death after the procedure: date of death, else the discharge date of a death."""
    day = _days_after(case, "death_date")
    if day is None and case.get("discharge_destination") == "died":
        day = _days_after(case, "discharge_date")
    return day


def _alive_evidence(case: Case, days: int) -> bool:
    """An assessment at or after `days` was recorded (and no date of death is known)."""
    followup = _days_after(case, "followup_date")
    if followup is not None and followup >= days:
        return True
    return any(case.get(code) is not None for code in _ASSESSED_BY[(case.territory, days)])


_ASSESSED_BY = {
    ("limb", 30): ("limb_salvage_30d", "major_amputation_30d", "reintervention_30d",
                   "limb_salvage_90d", "major_amputation_90d", "reintervention_90d"),
    ("limb", 90): ("limb_salvage_90d", "major_amputation_90d", "reintervention_90d"),
    ("coronary", 30): ("mi_30d", "repeat_revasc_30d"),
}


def death_by(days: int):
    """Dead within `days` of the procedure; alive when a later assessment is recorded."""
    def value(case: Case):
        day = _death_day(case)
        if day is not None:
            return day <= days
        if case.get("discharge_destination") == "died":
            return None  # died in hospital, date unknown
        return False if _alive_evidence(case, days) else None
    return value


def limb_salvaged(days: int):
    """Target limb free of major amputation at `days` (30 or 90)."""
    until = [(f"major_amputation_{d}d", f"limb_salvage_{d}d") for d in (30, 90) if d <= days]
    amputated, salvaged = f"major_amputation_{days}d", f"limb_salvage_{days}d"

    def value(case: Case):
        if any(case.get(a) is True or case.get(s) is False for a, s in until):
            return False
        amputation_day = _days_after(case, "amputation_date")
        if amputation_day is not None and amputation_day <= days:
            return False
        if case.get(salvaged) is True or case.get(amputated) is False:
            return True
        return None
    return value


def major_amputation(days: int):
    salvaged = limb_salvaged(days)
    return lambda case: None if salvaged(case) is None else not salvaged(case)


def reintervention(days: int):
    """Reintervention by `days`; none by 90 days means none by 30, one by 30 is one by 90."""
    def value(case: Case):
        own = case.get(f"reintervention_{days}d")
        if own is not None:
            return own
        if days == 30 and case.get("reintervention_90d") is False:
            return False
        if days == 90 and case.get("reintervention_30d") is True:
            return True
        return None
    return value


def among(condition, measure):
    """`measure` for cases known to meet `condition`; NA for the rest (also when it is not
    known whether the case meets it: it is not counted as one of them)."""
    def value(case: Case):
        return measure(case) if condition(case) is True else NA
    return value


def field(code: str):
    return lambda case: case.get(code)


def any_of_choices(code: str, wanted: frozenset[str] | None = None):
    """A multichoice records any (or any wanted) code; None when nothing is recorded."""
    def value(case: Case):
        chosen = case.get(code)
        if not chosen:
            return None
        picked = [c for c in chosen if c != "none"]
        return any(c in wanted for c in picked) if wanted else bool(picked)
    return value


def mt_failed(case: Case):
    return derived.mt_failed(case)


def technical_success(case: Case):
    """derived.technical_success (coronary: a stent never delivered is a known failure)."""
    return derived.technical_success(case)


stent_delivered_in_the_end = derived.stent_delivered_in_the_end


def flow_restored_by_mt(case: Case):
    """Limb: TIMI/TIPI 2-3 after the last thrombectomy attempt, before any adjunct."""
    return derived.flow_at_least(derived.limb_flow_after_mt(case))


def adjunct_used(case: Case):
    return any_of_choices("adjunctive_therapy")(case)


def composite(*parts):
    """Any part True -> True; every part known False -> False; otherwise unknown."""
    def value(case: Case):
        results = [part(case) for part in parts]
        if any(r is True for r in results):
            return True
        return False if all(r is False for r in results) else None
    return value


SERIOUS_CORONARY = frozenset({"tamponade", "emergency_surgery"})
serious_coronary_complication = any_of_choices("coronary_complications", SERIOUS_CORONARY)
mace_30d = composite(death_by(30), field("mi_30d"), field("repeat_revasc_30d"))
major_coronary_complications = composite(death_by(30), field("mi_30d"),
                                         serious_coronary_complication)


def procedural_success(case: Case):
    """Technical success without death, MI or repeat revascularisation by 30 days,
    tamponade or emergency surgery."""
    success = technical_success(case)
    adverse = composite(mace_30d, serious_coronary_complication)(case)
    if success is False or adverse is True:
        return False
    if success is True and adverse is False:
        return True
    return None


def is_cto(case: Case):
    return case.get("chronic_total_occlusion")


def not_cto(case: Case):
    cto = is_cto(case)
    return None if cto is None else not cto


def reattempted(case: Case):
    """A bail-out or re-attempt was made; a stent delivered at once needs none (False)."""
    recorded = case.get("reattempt")
    if recorded is not None:
        return recorded
    return False if case.get("stent_delivered") is True else None


def procedure_date(case: Case) -> date | None:
    return case.get("procedure_date")


def window_open(case: Case, days: int, today: date) -> bool:
    """Whether `days` have passed since the procedure (an outcome there can be known)."""
    proc = procedure_date(case)
    return proc is not None and proc + timedelta(days=days) <= today
