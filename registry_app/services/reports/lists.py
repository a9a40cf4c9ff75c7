"""The case lists of a monthly report: follow-up worklist, M&M review and data quality."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import ColumnElement, Select, case as sql_case, or_, true

from ...domain import derived
from ...domain.case import Case
from ...domain.fields import CASE_FIELDS, FIELDS_BY_CODE
from ...domain.settings import RegistrySettings
from ...domain.validation import validate_case
from ...storage.schema import cases_table
from ..cases.queries import CaseFilter, select_ids
from ..registry import Registry
from ..interchange.spreadsheets import column_letter

C = cases_table.c

FOLLOWUP_STATUSES = (("in_window", "due"), ("overdue", "overdue"), ("lost", "missing"))
"""SQL follow-up status -> what the worklist calls it."""
FOLLOWUP_TEXT = {"due": "Due now: assessment window open", "overdue": "Overdue: window closed",
                 "missing": "Missing: recorded as lost to follow-up"}
FOLLOWUP_COLUMNS = ("registry_id", "case_number", "procedure_date", "followup_due",
                    "lost_to_followup", "mt_failed", "rescue_stent")
COMPLICATION_FIELDS = ("procedural_complications", "limb_complications", "coronary_complications")
COMPLICATION_LABELS = {code: {c.code: c.label for c in FIELDS_BY_CODE[code].choices}
                       for code in COMPLICATION_FIELDS}
"""Each complication field's labels by code."""
OUTCOME_AT_FOLLOWUP = frozenset({"mrs_90d", "limb_salvage_30d"})
"""Recommended outcome fields that are only missing once the follow-up is overdue."""


def arm_text(mt_failed: bool | None, rescue_stent: bool | None) -> str:
    """The case's arm in words, as the statistics count it."""
    if mt_failed is None:
        return "MT result unknown"
    if not mt_failed:
        return "MT successful"
    return "Rescue stent" if rescue_stent is True else "No stent"


def case_arm(case: Case, settings: RegistrySettings) -> str:
    return arm_text(derived.mt_failed(case, settings), case.get("rescue_stent"))


# Follow-up worklist ############################################################

def _followup_row(row: Mapping[Any, Any], status: str, today: date, slack: int) -> dict:
    due = row["followup_due"]
    closes = due + timedelta(days=slack) if due else None
    return {"registry_id": row["registry_id"], "case_number": row["case_number"],
            "procedure_date": row["procedure_date"], "followup_due": due,
            "window_opens": due - timedelta(days=slack) if due else None, "window_closes": closes,
            "status": status, "status_text": FOLLOWUP_TEXT[status],
            "days_overdue": (today - closes).days if status == "overdue" and closes else None,
            "lost_reason": row["lost_to_followup"],
            "arm": arm_text(row["mt_failed"], row["rescue_stent"])}


def followup_worklist(registry: Registry, flt: CaseFilter,
                      settings: RegistrySettings) -> list[dict]:
    """Assessments due now, overdue or missing for the filtered cases, oldest due date first."""
    today, slack = registry.today(), settings.followup_window_days
    with registry.reading() as session:
        rows = [_followup_row(row._mapping, row.status, today, slack)
                for row in session.execute(_followup_query(flt, today, slack))]
    order = {status: n for n, (_, status) in enumerate(FOLLOWUP_STATUSES)}
    return sorted(rows, key=lambda r: (order[r["status"]], r["followup_due"] or date.max,
                                       r["case_number"]))


def _where(stmt: Select) -> ColumnElement[bool]:
    """A selection's WHERE condition (true when it has none)."""
    return true() if stmt.whereclause is None else stmt.whereclause


def _followup_query(flt: CaseFilter, today: date, slack: int):
    """The cases of every worklist status in one pass (the statuses exclude each other), in
    procedure order, with the status as the worklist calls it."""
    found = [(_where(select_ids(replace(flt, followup_status=sql_status), today, slack)), status)
             for sql_status, status in FOLLOWUP_STATUSES]
    status = sql_case(*found, else_=None).label("status")
    return (select_ids(flt, today, slack, descending=False)
            .with_only_columns(*(C[name] for name in FOLLOWUP_COLUMNS), status)
            .where(or_(*(condition for condition, _ in found))))


# Morbidity and mortality review #################################################

def complication_labels(case: Case) -> list[str]:
    """Labels of the recorded procedural complications other than 'none'."""
    labels = []
    for code, names in COMPLICATION_LABELS.items():
        labels += [names.get(v, v) for v in case.get(code) or () if v != "none"]
    return labels


def death_text(case: Case, settings: RegistrySettings) -> str | None:
    """'Death (day 5)', 'Death (mRS 6 at 90 days)', 'Died in hospital' or None."""
    death, proc = case.get("death_date"), case.get("procedure_date")
    if death is not None and proc is not None:
        return f"Death (day {(death - proc).days})"
    if case.get("discharge_destination") == "died":
        return "Died in hospital"
    if derived.mortality_90d(case, settings):
        return f"Death (mRS 6 at {settings.followup_days} days)"
    return None


SEVERITY = ("Death", "sICH", "Failed MT without rescue", "Failed MT", "Complication",
            "Major amputation", "MI", "Re-occlusion")
"""Review reasons, most severe first: the list is ordered by a case's most severe reason."""


def _failure_reason(case: Case, settings: RegistrySettings) -> list[tuple[str, str]]:
    if derived.mt_failed(case, settings) is not True:
        return []
    if case.territory != "cerebral":
        return [("Failed MT", "Failed procedure")]
    if case.get("rescue_stent") is True:
        return [("Failed MT", "Failed MT, rescue stent")]
    return [("Failed MT without rescue", "Failed MT without rescue stent")]


def graded_reasons(case: Case, settings: RegistrySettings) -> list[tuple[str, str]]:
    """(severity class, words) of every reason for M&M review, most severe first."""
    reasons = []
    death = death_text(case, settings)
    reasons += [("Death", death)] if death else []
    reasons += [("sICH", "sICH")] if case.get("sich") is True else []
    reasons += _failure_reason(case, settings)
    complications = complication_labels(case)
    reasons += ([("Complication", f"Complication: {', '.join(complications)}")]
                if complications else [])
    if case.get("major_amputation_30d") is True or case.get("major_amputation_90d") is True:
        reasons.append(("Major amputation", "Major amputation"))
    reasons += [("MI", "MI by 30 days")] if case.get("mi_30d") is True else []
    reasons += [("Re-occlusion", "Re-occlusion")] if case.get("reocclusion") is True else []
    return sorted(reasons, key=lambda r: SEVERITY.index(r[0]))


def review_reasons(case: Case, settings: RegistrySettings) -> list[str]:
    """Why the case goes to M&M review, most severe first."""
    return [words for _, words in graded_reasons(case, settings)]


def operator_codes(cases: Sequence[Case], names: bool = False) -> dict[str, str]:
    """Operator -> anonymous code 'A', 'B', ... (sorted order of the operators in these cases);
    with `names`, operator -> the operator's own name (the user asked for names)."""
    return codes_of_operators([c.get("operator") for c in cases], names)


def codes_of_operators(operators: Iterable, names: bool = False) -> dict[str, str]:
    """operator_codes of cases with these operators (repeated or not, blanks left out)."""
    found = sorted({str(operator) for operator in operators if operator})
    if names:
        return {n: n for n in found}
    return {n: column_letter(i) for i, n in enumerate(found)}  # A, B, ... Z, AA


def operator_shown(codes: dict[str, str], operator) -> str:
    """How the report shows a case's operator: its code (letter or name), '' when none."""
    return codes.get(str(operator), "") if operator else ""


def review_list(cases: list[Case], settings: RegistrySettings,
                codes: dict[str, str] | None = None) -> list[dict]:
    """De-identified M&M review rows (registry ID and case number only; operators as letters,
    `codes` when the report letters them, e.g. the funnel plots too), ordered by severity, then
    procedure date."""
    codes = operator_codes(cases) if codes is None else codes
    rows = []
    for case in cases:
        reasons = graded_reasons(case, settings)
        if reasons:
            rows.append(_review_row(case, settings, reasons, codes))
    return sorted(rows, key=lambda r: (r["severity_rank"], str(r["procedure_date"] or ""),
                                       str(r["case_number"])))


def _review_row(case: Case, settings: RegistrySettings, reasons, codes) -> dict:
    site = case.get("occlusion_site") if case.territory == "cerebral" else (
        case.get("limb_segment") if case.territory == "limb" else case.get("target_vessel"))
    return {"registry_id": case.get("registry_id"), "case_number": case.get("case_number"),
            "procedure_date": case.get("procedure_date"), "territory": case.territory,
            "severity": reasons[0][0], "severity_rank": SEVERITY.index(reasons[0][0]),
            "arm": case_arm(case, settings), "reasons": "; ".join(w for _, w in reasons),
            "age": case.get("age"), "nihss": case.get("nihss_admission"),
            "prestroke_mrs": case.get("prestroke_mrs"),
            "site": ", ".join(site) if isinstance(site, tuple) else site,
            "operator": operator_shown(codes, case.get("operator")),
            "final_reperfusion": case.get("final_reperfusion"), "mrs_90d": case.get("mrs_90d"),
            "review_status": "to review"}


def _recommended(territory: str) -> tuple:
    """The recommended fields of a territory's cases (remembered per territory)."""
    if territory not in RECOMMENDED:
        RECOMMENDED[territory] = tuple(fd for fd in CASE_FIELDS
                                       if fd.recommended and fd.applies_to(territory))
    return RECOMMENDED[territory]


RECOMMENDED: dict[str, tuple] = {}


def _missing_recommended(case: Case, settings: RegistrySettings,
                         today: date) -> list[tuple[str, str, str]]:
    found, status = [], None
    for fd in _recommended(case.territory):
        if case.values.get(fd.code) is not None:
            continue
        if fd.code in ("mt_passes", "reperfusion_after_mt") and derived.grade_after_mt(case):
            continue
        if fd.code in OUTCOME_AT_FOLLOWUP:
            status = status or derived.followup_status(case, today, settings)
            if status != "overdue":
                continue
        found.append(("missing", fd.code, f"{fd.label}: is recommended but not recorded."))
    return found


def case_quality(case: Case, settings: RegistrySettings, today: date) -> list[tuple[str, str, str]]:
    """(severity, field, problem) for every validation issue and missing recommended field."""
    issues = [(i.severity, i.field, i.message) for i in validate_case(case, settings, today)]
    return issues + _missing_recommended(case, settings, today)


def quality_list(cases: list[Case], settings: RegistrySettings, today: date) -> list[dict]:
    """One row per problem, case by case (procedure order): errors, warnings, then missing."""
    rank = {"error": 0, "warning": 1, "missing": 2}
    rows = []
    for case in cases:
        found = case_quality(case, settings, today)
        for severity, code, message in sorted(found, key=lambda i: rank.get(i[0], 3)):
            fd = FIELDS_BY_CODE.get(code)
            rows.append({"registry_id": case.get("registry_id"),
                         "case_number": case.get("case_number"),
                         "procedure_date": case.get("procedure_date"), "severity": severity,
                         "field": code, "field_label": fd.label if fd else code.capitalize(),
                         "problem": message})
    return rows
