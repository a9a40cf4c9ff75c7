"""Validation rules of limb and coronary cases (cerebral rules live in validation.py)."""
from __future__ import annotations

from typing import Callable, Iterable

from .case import Case
from .issues import Context, Issue, error_at, query_at, warning_at

Rule = Callable[[Case, Context], Iterable[Issue]]


def _limb_outcomes(case: Case, ctx: Context) -> Iterable[Issue]:
    get = case.values.get  # case fields (identifiers: case.get)
    for days in ("30d", "90d"):
        amputated, salvaged = get(f"major_amputation_{days}"), get(f"limb_salvage_{days}")
        if amputated is True and salvaged is True:
            yield query_at(f"limb_salvage_{days}", "salvage_after_amputation",
                           "cannot be 'yes' after a major amputation.")
    if get("major_amputation_30d") is True and get("major_amputation_90d") is False:
        yield query_at("major_amputation_90d", "amputation_by_30_days",
                       "must be 'yes': the amputation happened by 30 days.")
    if get("amputation_date") and not (get("major_amputation_30d")
                                       or get("major_amputation_90d")):
        yield warning_at("amputation_date", "is filled but no major amputation is recorded.")
    amputation, proc = get("amputation_date"), get("procedure_date")
    if amputation and proc and amputation < proc:
        yield query_at("amputation_date", "date_before_procedure",
                       f"{amputation.isoformat()} is before the procedure date.")


def _limb_therapy(case: Case, ctx: Context) -> Iterable[Issue]:
    get = case.values.get  # case fields (identifiers: case.get)
    adjuncts = get("adjunctive_therapy") or ()
    if "none" in adjuncts and len(adjuncts) > 1:
        yield query_at("adjunctive_therapy", "none_with_other_therapy",
                       "'None' cannot be combined with other therapies.")
    if get("rutherford_class") == "III" and get("limb_salvage_30d") is True:
        yield warning_at("limb_salvage_30d", "check: class III (irreversible) limbs are rarely saved.")


def _coronary(case: Case, ctx: Context) -> Iterable[Issue]:
    get = case.values.get  # case fields (identifiers: case.get)
    delivered = get("stent_delivered")
    if delivered is True and get("stent_failure_reason") is not None:
        yield query_at("stent_failure_reason", "failure_reason_for_delivered_stent",
                       "is filled although the stent was delivered.")
    if delivered is False and get("stent_failure_reason") is None:
        yield warning_at("stent_failure_reason", "is missing: say why the stent could not be delivered.")
    if get("reattempt") is not True:
        for code in ("reattempt_date", "reattempt_equipment", "reattempt_success"):
            if get(code) not in (None, ()):
                yield query_at(code, "reattempt_not_recorded", "is filled although no re-attempt is recorded.")
    again, proc = get("reattempt_date"), get("procedure_date")
    if again and proc and again < proc:
        yield query_at("reattempt_date", "date_before_procedure", f"{again.isoformat()} is before the procedure date.")
    if again and again > ctx.today:
        yield error_at("reattempt_date", f"{again.isoformat()} is in the future.")


def _only(territory: str, rule: Rule) -> Rule:
    def scoped(case: Case, ctx: Context) -> Iterable[Issue]:
        return rule(case, ctx) if case.territory == territory else ()
    scoped.__doc__ = f"{rule.__doc__ or rule.__name__} ({territory} cases only)"
    return scoped


TERRITORY_RULES = (_only("limb", _limb_outcomes), _only("limb", _limb_therapy),
                   _only("coronary", _coronary))
