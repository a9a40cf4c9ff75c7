"""Validation rules a clinician would trust: ranges, time order, consistency, follow-up window."""
from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Any, Callable, Iterable

from . import derived
from .applicability import applicable
from .case import Case
from .fields import (ALL_TERRITORIES, CASE_FIELDS, CONTACT_FIELDS, FIELDS_BY_CODE,
                     IDENTITY_FIELDS, PASS_FIELDS, FieldDef)
from .grades import SCALE_GRADES, rank, scale_hint, valid_for_scale
from .issues import (ERROR, WARNING, Context, Issue, error_at, field_label,  # noqa: F401
                     query_at, warning_at)
from .settings import DEFAULT_SETTINGS, RegistrySettings
from .validation_territory import TERRITORY_RULES
from .values import format_value

# Field-level rules ##########################################################

def check_field(fd: FieldDef, value: Any, territory: str | None = None) -> list[Issue]:
    """Required-ness, type, range and allowed values of one field."""
    if value is None:
        needed = fd.required and fd.applies_to(territory)
        return [Issue(fd.code, f"{fd.label}: is required.", ERROR)] if needed else []
    if fd.kind in ("int", "float") and not _in_range(fd, value):
        return [Issue(fd.code, f"{fd.label}: {format_value(fd, value)} is outside the allowed"
                               f" range {fd.allowed_text()}.", ERROR)]
    if fd.kind == "choice" and value not in fd.codes:
        return [Issue(fd.code, f"{fd.label}: '{value}' is not an allowed value"
                               f" ({fd.allowed_text()}).", ERROR)]
    if fd.kind == "text" and fd.code == "case_number" and not str(value).strip():
        return [Issue(fd.code, f"{fd.label}: is required.", ERROR)]
    if too_long(fd, value):
        return [Issue(fd.code, too_long(fd, value), ERROR)]
    return []


def too_long(fd: FieldDef, value: Any) -> str:
    """The message when a text value is longer than its field allows, else ''."""
    if not fd.max_length or len(str(value)) <= fd.max_length:
        return ""
    return (f"{fd.label}: is {len(str(value)):,} characters long; at most {fd.max_length:,}"
            " are allowed.")


def _in_range(fd: FieldDef, value: Any) -> bool:
    low_ok = fd.minimum is None or value >= fd.minimum
    return low_ok and (fd.maximum is None or value <= fd.maximum)


def checks_value(fd: FieldDef) -> bool:
    """Whether check_field can find a problem with a recorded value of the field (range,
    allowed code, blank case number, length); for the others any value will do."""
    return (fd.kind in ("int", "float", "choice") or bool(fd.max_length)
            or (fd.kind == "text" and fd.code == "case_number"))


def quick_check(fd: FieldDef) -> Callable[[Any], bool] | None:
    """A fast test passed by a recorded value in which check_field finds nothing wrong (one it
    fails goes to check_field, which words the problem); None when no value is ever wrong."""
    if not checks_value(fd):
        return None
    low, high, limit = fd.minimum, fd.maximum, fd.max_length
    if fd.kind in ("int", "float") and not limit and low is not None and high is not None:
        return lambda value: value >= low and value <= high  # as _in_range compares
    if fd.kind == "choice" and not limit:
        return partial(_among, frozenset(fd.codes))
    if fd.kind == "text" and limit:
        if fd.code == "case_number":
            return lambda value: bool(str(value).strip()) and len(str(value)) <= limit
        return lambda value: len(str(value)) <= limit
    return _never


def _among(codes: frozenset[str], value: Any) -> bool:
    try:
        return value in codes
    except TypeError:  # unhashable: check_field decides
        return False


def _never(value: Any) -> bool:
    return False


CASE_FIELD_CHECKS = tuple((fd, fd.code, quick_check(fd)) for fd in CASE_FIELDS)
"""(field, code, quick check of its recorded values) of every case field, worked out once."""
PASS_FIELD_CHECKS = tuple((fd, fd.code, quick_check(fd)) for fd in PASS_FIELDS)
FieldCheck = tuple[FieldDef, str, "Callable[[Any], bool] | None", bool, str]


def _field_rules(case: Case, ctx: Context) -> list[Issue]:
    """check_field for every case field, and a warning for a value of another territory."""
    territory, found, get = case.territory, [], case.values.get  # case fields: in values
    for fd, code, fine, applies, if_missing in territory_checks(territory):
        value = get(code)
        if value is None:
            if if_missing:
                found.append(Issue(code, if_missing, ERROR))
            continue
        if fine is not None and not fine(value):
            found += check_field(fd, value, territory)
        if not applies:
            found.append(warning_at(code, f"does not apply to {territory} cases and will be"
                                          " ignored."))
    return found


_TERRITORY_CHECKS: dict[str, tuple[FieldCheck, ...]] = {}


def territory_checks(territory: str) -> tuple[FieldCheck, ...]:
    """CASE_FIELD_CHECKS with whether each field applies to the territory and the message when
    it is blank ('' unless required there), worked out once per territory of the vocabulary."""
    found = _TERRITORY_CHECKS.get(territory)
    if found is None:
        found = tuple((fd, code, fine, fd.applies_to(territory), _if_missing(fd, territory))
                      for fd, code, fine in CASE_FIELD_CHECKS)
        if territory in ALL_TERRITORIES:  # any other text: worked out each time
            _TERRITORY_CHECKS[territory] = found
    return found


def _if_missing(fd: FieldDef, territory: str) -> str:
    missing = check_field(fd, None, territory)
    return missing[0].message if missing else ""


def _identity_and_contact_text(case: Case, ctx: Context) -> Iterable[Issue]:
    """Length limits of the identifiers and of follow-up contact notes."""
    for fd in IDENTITY_FIELDS:
        if fd.max_length and too_long(fd, case.identity.get(fd.code) or ""):
            yield Issue(fd.code, too_long(fd, case.identity[fd.code]), ERROR)
    for index, contact in enumerate(case.contacts, start=1):
        for fd in CONTACT_FIELDS:
            if fd.max_length and too_long(fd, contact.get(fd.code) or ""):
                yield Issue("contacts", f"Contact {index}: {too_long(fd, contact[fd.code])}", ERROR)


# Dates and times ##############################################################

TIME_ORDER = ("onset_time", "door_time", "puncture_time", "first_pass_time",
              "reperfusion_time", "end_time")


def _time_order(case: Case, ctx: Context) -> Iterable[Issue]:
    get: Callable[[str], Any] = case.values.get  # case fields (identifiers: case.get)
    chain = [c for c in TIME_ORDER if get(c) is not None]
    if get("onset_type") == "in_hospital" and "onset_time" in chain:
        chain.remove("onset_time")
    for before, after in zip(chain, chain[1:]):
        if get(after) < get(before):
            yield query_at(after, "times_out_of_order", f"{_fmt(case, after)} is before {field_label(before).lower()}"
                              f" ({_fmt(case, before)}); times must follow the order onset,"
                              " door, puncture, first pass, reperfusion, end.")
    yield from _imaging_order(case)


def _imaging_order(case: Case) -> Iterable[Issue]:
    get = case.values.get  # case fields (identifiers: case.get)
    imaging, door, puncture = (get(c) for c in ("imaging_time", "door_time", "puncture_time"))
    if imaging and puncture and imaging > puncture:
        yield query_at("imaging_time", "imaging_after_puncture",
                       f"{_fmt(case, 'imaging_time')} is after the groin puncture.")
    if imaging and door and imaging < door:
        yield warning_at("imaging_time", "is before arrival; correct it unless imaging was done at"
                                    " a referring hospital.")


EARLIEST = date(1990, 1, 1)
"""No registry case, time or follow-up is older (dates of birth are not checked)."""
DATED_FIELDS = tuple(fd for fd in CASE_FIELDS if fd.kind in ("date", "datetime"))


def _too_early(case: Case, ctx: Context) -> Iterable[Issue]:
    """Dates before 1990: typing slips, or numbers read as days since 1900."""
    get = case.values.get  # case fields (identifiers: case.get)
    for fd in DATED_FIELDS:
        value = get(fd.code)
        if value is not None and _day(value) < EARLIEST:
            yield error_at(fd.code, f"{format_value(fd, value)} is before"
                                    f" {EARLIEST.year}; check the date.")
    for index, p in enumerate(case.passes, start=1):
        when = p.get("pass_time")
        if when is not None and _day(when) < EARLIEST:
            yield Issue("passes", f"Pass {index}: Time of pass: {when:%Y-%m-%d %H:%M} is"
                                  f" before {EARLIEST.year}; check the date.", ERROR)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _fmt(case: Case, code: str) -> str:
    return format_value(FIELDS_BY_CODE[code], case.get(code))


def _dates(case: Case, ctx: Context) -> Iterable[Issue]:
    get = case.values.get  # case fields (identifiers: case.get)
    proc = get("procedure_date")
    if proc is None:
        return
    if proc > ctx.today:
        yield error_at("procedure_date", f"{proc.isoformat()} is in the future.")
    puncture = get("puncture_time")
    if puncture and abs((puncture.date() - proc).days) > 1:
        yield warning_at("puncture_time", "is not on the procedure date.")
    for code in ("discharge_date", "followup_date", "death_date"):
        value = get(code)
        if value is not None and value < proc:
            yield query_at(code, "date_before_procedure", f"{value.isoformat()} is before the procedure date"
                             f" ({proc.isoformat()}).")
        if value is not None and value > ctx.today:
            yield error_at(code, f"{value.isoformat()} is in the future.")


def _followup_window(case: Case, ctx: Context) -> Iterable[Issue]:
    get = case.values.get  # case fields (identifiers: case.get)
    done, mrs = get("followup_date"), get("mrs_90d")
    if done is None or mrs is None:  # the window is worked out only when it is needed
        if mrs is not None and not get("death_date"):
            yield warning_at("followup_date", "is missing for a recorded 90-day mRS.")
        return
    window = derived.followup_window(case, ctx.settings)
    if window is None:
        return
    if not window.opens <= done <= window.closes:
        days = (done - get("procedure_date")).days
        yield warning_at("followup_date", f"is {days} days after the procedure, outside the"
                                     f" {ctx.settings.followup_days} ± "
                                     f"{ctx.settings.followup_window_days}-day window.")


# Clinical consistency ######################################################

def _death(case: Case, ctx: Context) -> Iterable[Issue]:
    get = case.values.get  # case fields (identifiers: case.get)
    mrs = get("mrs_90d")
    if derived.died_within_followup(case, ctx.settings) and mrs is not None and mrs != 6:
        yield query_at("mrs_90d", "death_without_mrs_6", f"is {mrs} but the patient died within"
                              f" {ctx.settings.followup_days} days; it must be 6.")
    if mrs == 6 and get("death_date") is None:
        yield warning_at("death_date", "is missing for a 90-day mRS of 6 (dead).")
    if derived.late_death_with_mrs_6(case, ctx.settings):
        yield warning_at("mrs_90d", f"is 6 but the date of death is more than"
                                    f" {ctx.settings.followup_days} days after the procedure;"
                                    " the statistics go by the date (not a death within the"
                                    " period).")
    if get("discharge_destination") == "died" and get("death_date") is None:
        yield warning_at("death_date", "is missing although the patient died in hospital.")
    if get("discharge_mrs") == 6 and get("discharge_destination") not in (None, "died"):
        yield query_at("discharge_destination", "mrs_6_not_died_in_hospital",
                       "must be 'Died in hospital' when mRS at discharge is 6.")


def _rescue(case: Case, ctx: Context) -> Iterable[Issue]:
    get = case.values.get  # case fields (identifiers: case.get)
    if case.territory != "cerebral":
        return
    if get("mt_passes") == 0 and not case.passes and get("reperfusion_after_mt"):
        yield warning_at("mt_passes", "is 0 although a reperfusion grade after thrombectomy is"
                                      " recorded; the case counts as a failure when that grade"
                                      " is below the threshold, so check the number of passes.")
    if get("rescue_stent") is True:
        failed = derived.mt_failed(case, ctx.settings)
        if failed is not True and get("rescue_reason") in (None, "failed_mt"):
            yield query_at("rescue_reason", "stent_without_failed_mt",
                           "a rescue stent was placed without failed thrombectomy;"
                           " state the reason (e.g. residual stenosis).")
        elif get("rescue_reason") is None:
            yield warning_at("rescue_reason", "is missing for a rescue stent.")
        if get("stent_device") is None:
            yield warning_at("stent_device", "is missing for a rescue stent.")
    if get("rescue_stent") is False and get("stent_device") is not None:
        yield query_at("stent_device", "stent_device_without_stent", "is filled although no rescue stent was placed.")
    if get("rescue_stent") is None and derived.mt_failed(case, ctx.settings):
        yield warning_at("rescue_stent", "thrombectomy failed: record whether a rescue stent was placed.")


def _grades(case: Case, ctx: Context) -> Iterable[Issue]:
    get = case.values.get  # case fields (identifiers: case.get)
    scale = get("reperfusion_scale")
    if scale not in SCALE_GRADES:  # outside the vocabulary: the field rule says so already
        scale = None
    for code in ("reperfusion_after_mt", "final_reperfusion"):
        grade = get(code)
        if grade is not None and scale and not valid_for_scale(grade, scale):
            yield error_at(code, f"grade {grade} does not exist on the {scale} scale"
                             f" (allowed: {scale_hint(scale)}).")
    for index, p in enumerate(case.passes, start=1):
        grade = p.get("reperfusion_grade")
        if grade is not None and scale and not valid_for_scale(grade, scale):
            yield Issue("passes", f"Pass {index}: grade {grade} does not exist on the {scale}"
                                  f" scale (allowed: {scale_hint(scale)}).", ERROR)
    after, final = get("reperfusion_after_mt"), get("final_reperfusion")
    ranks = rank(final), rank(after)  # None for a grade not on the scale (reported above)
    if ranks[0] is not None and ranks[1] is not None and ranks[0] < ranks[1]:
        yield warning_at("final_reperfusion", f"({final}) is worse than after the last pass ({after}).")


def _passes(case: Case, ctx: Context) -> Iterable[Issue]:
    get = case.values.get  # case fields (identifiers: case.get)
    for index, p in enumerate(case.passes, start=1):
        for fd, code, fine in PASS_FIELD_CHECKS:
            value = p.get(code)
            if (fd.required if value is None else fine is not None and not fine(value)):
                for issue in check_field(fd, value):
                    yield Issue("passes", f"Pass {index}: {issue.message}", issue.severity)
    stated = get("mt_passes")
    if case.passes and stated is not None and stated != len(case.passes):
        yield query_at("mt_passes", "pass_count_differs", f"says {stated} but {len(case.passes)} passes are recorded.")
    last = case.passes[-1].get("reperfusion_grade") if case.passes else None
    after = get("reperfusion_after_mt")
    if last and after and last != after:
        yield warning_at("reperfusion_after_mt", f"({after}) differs from the grade after the last"
                                            f" recorded pass ({last}).")


def _haemorrhage(case: Case, ctx: Context) -> Iterable[Issue]:
    get = case.values.get  # case fields (identifiers: case.get)
    if get("sich") is True and get("sich_definition") is None:
        yield warning_at("sich_definition", "is missing: name the definition used for sICH.")
    if get("sich") is True and get("heidelberg_class") == "none":
        yield query_at("heidelberg_class", "sich_without_haemorrhage",
                       "says no haemorrhage although symptomatic ICH is recorded.")


def _ranges_in_context(case: Case, ctx: Context) -> Iterable[Issue]:
    get = case.values.get  # case fields (identifiers: case.get)
    age = get("age")
    if age is not None and age < 18:
        yield warning_at("age", f"{age} years: check the age (paediatric case?).")
    birth, proc = case.get("birth_date"), get("procedure_date")
    if birth and proc and age is not None:
        actual = proc.year - birth.year - ((proc.month, proc.day) < (birth.month, birth.day))
        if actual != age:
            yield warning_at("age", f"is {age} but the date of birth gives {actual} years.")
    if get("ivt") is False and get("ivt_agent") is not None:
        yield query_at("ivt_agent", "agent_without_ivt", "is filled although no IV thrombolysis was given.")


Rule = Callable[[Case, Context], Iterable[Issue]]
RULES: tuple[Rule, ...] = (_field_rules, _identity_and_contact_text, _time_order, _too_early,
                          _dates, _followup_window, _death, _rescue, _grades, _passes,
                          _haemorrhage, _ranges_in_context) + TERRITORY_RULES


def validate_case(case: Case, settings: RegistrySettings = DEFAULT_SETTINGS,
                  today: date | None = None) -> list[Issue]:
    """Every issue with the case, errors first, each naming its field in plain words."""
    ctx = Context(settings, today or date.today())
    issues = [issue for rule in RULES for issue in rule(case, ctx) if _asked(issue, case)]
    if len(issues) > 1:  # most cases have none or one
        issues.sort(key=_warning_last)  # stable, as sorted()
    return issues


def _warning_last(issue: Issue) -> bool:
    return issue.severity != ERROR


def _asked(issue: Issue, case: Case) -> bool:
    """No 'missing' warning for a blank field the branching rules hide (e.g. the sICH
    definition when there was no sICH)."""
    fd = FIELDS_BY_CODE.get(issue.field)
    if fd is None or issue.is_error or case.get(fd.code) not in (None, ()):
        return True
    return applicable(fd, case)


def errors(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.is_error]


def blocking(issues: list[Issue]) -> list[Issue]:
    """Values that cannot be stored: they block saving."""
    return [i for i in issues if i.blocks_saving]


def inconsistencies(issues: list[Issue]) -> list[Issue]:
    """Broken consistency rules: saved with an open query and the coordinator's comment."""
    return [i for i in issues if i.is_soft]


def issues_by_field(issues: list[Issue]) -> dict[str, list[Issue]]:
    """Issues grouped by field code, for showing them at the field."""
    grouped: dict[str, list[Issue]] = {}
    for issue in issues:
        grouped.setdefault(issue.field, []).append(issue)
    return grouped


