"""The limb and coronary sections of the monthly report: one per territory with cases in the month.

A section holds the month's compute_territory_stats (the territory's own benchmarks), the trend
over the same 12 months before the report month as the main report, the month's case list
(identifiers only in an identified workbook) and the follow-up worklist of the trend window.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ...domain.benchmarks import LibraryLoad
from ...domain.case import Case
from ...domain.fields import FIELDS_BY_CODE, IDENTITY_FIELDS
from ..cases.queries import CaseFilter
from ..registry import Registry
from ..cases.loading import load_month_cases, of_territory
from .lists import followup_worklist
from ..statistics.territories import TERRITORIES
from ..statistics.territory.engine import compute_territory_stats, load_trend_facts
from ..statistics.territory.counts import NOT_DUE, all_facts, trend_section
from ..statistics.territory_measures.values import NA

SHEET_NAMES = {"limb": "Limb", "coronary": "Coronary"}
"""The workbook sheet of each territory section."""

CASE_FIELDS = {
    "limb": ("limb_side", "limb_segment", "rutherford_class", "symptom_duration_h", "limb_cause",
             "flow_scale", "flow_before", "flow_after_mt", "adjunctive_therapy", "flow_final",
             "fasciotomy", "limb_complications", "limb_salvage_30d", "major_amputation_30d",
             "reintervention_30d", "limb_salvage_90d", "major_amputation_90d",
             "reintervention_90d", "death_date", "lost_to_followup"),
    "coronary": ("target_vessel", "chronic_total_occlusion", "calcification", "tortuosity",
                 "timi_before", "stent_delivered", "stent_failure_reason", "reattempt",
                 "reattempt_equipment", "reattempt_success", "timi_final",
                 "coronary_complications", "mi_30d", "repeat_revasc_30d", "death_date",
                 "lost_to_followup"),
}
"""The territory's own fields listed per case (all in the workbook)."""

PDF_FIELDS = {
    "limb": ("rutherford_class", "limb_segment", "flow_after_mt", "adjunctive_therapy",
             "flow_final", "limb_complications"),
    "coronary": ("target_vessel", "chronic_total_occlusion", "stent_delivered", "reattempt",
                 "timi_final", "coronary_complications"),
}
"""The shorter case list of the PDF (always de-identified; the stent column there also says
why delivery failed)."""

AS_CODE = frozenset({"rutherford_class", "flow_before", "flow_after_mt", "flow_final",
                     "timi_before", "timi_final", "flow_scale", "target_vessel"})
"""Fields shown by their code ('IIb', '3', 'LAD'): the clinical shorthand."""

MEASURE_KEY = "measure:"
"""Prefix of the per-case measure columns (a measure may share its key with a field)."""
FACT_TEXT = {True: "yes", False: "no", None: "unknown", NOT_DUE: "not yet due", NA: "n/a"}


@dataclass(frozen=True)
class CaseColumn:
    """One column of a section's case list: row key, header and kind (text, date, number)."""

    key: str
    header: str
    kind: str = "text"


@dataclass
class TerritorySection:
    """Everything the report shows of one territory besides the main one."""

    territory: str
    label: str
    sheet: str
    stats: dict
    trend: dict
    trend_from: date
    columns: list[CaseColumn]
    cases: list[dict]
    followup: list[dict]
    pdf_keys: tuple[str, ...] = field(default=())

    @property
    def trend_rows(self) -> list[dict]:
        return self.trend["month"]

    @property
    def pdf_columns(self) -> list[CaseColumn]:
        return [c for c in self.columns if c.key in self.pdf_keys]


def build_section(registry: Registry, territory: str, first: date, last: date,
                  trend_from: date, identified: bool = False,
                  benchmarks: LibraryLoad | None = None,
                  month_cases: list[Case] | None = None) -> TerritorySection:
    """One territory's statistics, trend, case list and follow-up worklist.

    The month's cases are loaded once, in full (its statistics, as compute_territory_stats
    gives them, and its case list); the months before it only as light rows for the trend.
    `benchmarks`: the benchmark library when the caller has read it already; `month_cases`:
    every territory's cases of the month in procedure order (load_month_cases with
    identifiers), when the caller has loaded them already."""
    month = CaseFilter(date_from=first, date_to=last, territory=territory)
    window = CaseFilter(date_from=trend_from, date_to=last, territory=territory)
    loaded = (load_month_cases(registry, first, last, territory, with_identity=identified)
              if month_cases is None else
              of_territory(month_cases, territory))
    month_facts = all_facts(loaded, territory, registry.today(),
                            registry.settings().followup_window_days)
    stats = compute_territory_stats(registry, month, facts=month_facts, loaded=benchmarks)
    before = CaseFilter(date_from=trend_from, date_to=first - timedelta(days=1),
                        territory=territory)
    facts = load_trend_facts(registry, before) + month_facts
    return TerritorySection(
        territory, stats["territory_label"], SHEET_NAMES[territory], stats,
        trend_section(facts, territory, window, "month"), trend_from,
        case_columns(territory, identified), case_rows(month_facts, territory, identified),
        followup_worklist(registry, window, registry.settings()),
        pdf_keys=("registry_id", "case_number", "procedure_date", *PDF_FIELDS[territory],
                  *(MEASURE_KEY + key for key in TERRITORIES[territory].trend)))


def case_columns(territory: str, identified: bool) -> list[CaseColumn]:
    """Registry ID, case number, date, the territory's fields, the trend measures per case."""
    columns = [CaseColumn("registry_id", "Registry ID"), CaseColumn("case_number", "Case number"),
               CaseColumn("procedure_date", "Procedure date", "date"),
               CaseColumn("operator", "Operator")]
    if identified:
        columns += [CaseColumn(fd.code, fd.label, _kind(fd)) for fd in IDENTITY_FIELDS]
    columns += [CaseColumn(code, _header(code), _kind(FIELDS_BY_CODE[code]))
                for code in CASE_FIELDS[territory]]
    labels = {m.key: m.label for m in TERRITORIES[territory].measures}
    return columns + [CaseColumn(MEASURE_KEY + key, f"{labels[key]} (as counted)")
                      for key in TERRITORIES[territory].trend]


def _header(code: str) -> str:
    fd = FIELDS_BY_CODE[code]
    return f"{fd.label} ({fd.unit})" if fd.unit else fd.label


def _kind(fd) -> str:
    return {"date": "date", "datetime": "datetime", "int": "number",
            "float": "number"}.get(fd.kind, "text")


def case_rows(facts, territory: str, identified: bool = False) -> list[dict]:
    """One row per case (procedure order): values in words, measures as the statistics count."""
    rows = []
    for fact in facts:
        case = fact.case
        row = {code: display_value(code, case.get(code)) for code in CASE_FIELDS[territory]}
        if identified:
            row.update({fd.code: case.identity.get(fd.code) for fd in IDENTITY_FIELDS})
        row.update(registry_id=case.get("registry_id"), case_number=case.get("case_number"),
                   procedure_date=case.get("procedure_date"), operator=case.get("operator"))
        row.update({MEASURE_KEY + key: FACT_TEXT.get(fact.values[key], "unknown")
                    for key in TERRITORIES[territory].trend})
        rows.append(row)
    return rows


def display_value(code: str, value: Any) -> Any:
    """A field's value for reading: choice labels, 'yes'/'no'; numbers and dates stay typed."""
    fd = FIELDS_BY_CODE[code]
    if value is None:
        return None
    if fd.kind == "yesno":
        return "yes" if value else "no"
    if not fd.choices or code in AS_CODE:
        return value
    labels = {c.code: c.label for c in fd.choices}
    if fd.kind == "multichoice":
        return "; ".join(labels.get(v, v) for v in value)
    return labels.get(value, value)


TOPIC_LABELS = {"flow": "Flow grade", "followup": "Follow-up", "rates": "Rates",
                "ci95": "95% CI", "small_numbers": "Small numbers",
                "benchmark_test": "Benchmark test"}


def definition_rows(stats: dict) -> list[tuple[str, str]]:
    """(measure or topic in words, definition) for every definition of the statistics."""
    labels = {**TOPIC_LABELS, **{key: e["label"] for key, e in stats["rates"].items()}}
    return [(labels.get(key, key), text) for key, text in stats["definitions"].items()]
