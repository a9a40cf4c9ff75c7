"""What each limb and coronary measure counts, in words and as a per-case value (one place)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ....domain import vocab
from ..measures import Measure
from . import values as v

DEATH_WORDS = ("from the date of death (or the discharge date of an in-hospital death); a"
               " patient without a date of death counts as alive when an assessment at or after"
               " {d} days was recorded, otherwise as unknown")

LIMB_MEASURES: tuple[Measure, ...] = (
    Measure("technical_success", "Technical success (final flow 2-3)",
            "Final TIMI/TIPI flow 2-3 at the end of the procedure, after any adjunctive therapy",
            v.technical_success),
    Measure("mt_flow_restored", "Flow restored by thrombectomy alone",
            "TIMI/TIPI flow 2-3 after the last thrombectomy attempt, before any adjunctive therapy",
            v.flow_restored_by_mt),
    Measure("mt_failure", "Thrombectomy failure (flow 0-1)",
            "TIMI/TIPI flow 0-1 after the last thrombectomy attempt", v.mt_failed, adverse=True),
    Measure("rescued_after_failure", "Final flow 2-3 after failed thrombectomy",
            "Among failed thrombectomies: final flow 2-3 after adjunctive therapy",
            v.among(v.mt_failed, v.technical_success)),
    Measure("adjunctive_any", "Adjunctive therapy used",
            "Lysis, angioplasty, stent or conversion to surgery recorded (any case)",
            v.adjunct_used),
    Measure("fasciotomy", "Fasciotomy", "Fasciotomy recorded", v.field("fasciotomy"),
            adverse=True),
    Measure("any_complication", "Any complication",
            "At least one limb complication recorded (cases with the field left empty are"
            " unknown)", v.any_of_choices("limb_complications"), adverse=True),
    Measure("limb_salvage_30d", "Target limb salvage at 30 days",
            "Target limb free of major amputation 30 days after the procedure",
            v.limb_salvaged(30), horizon=30),
    Measure("major_amputation_30d", "Major amputation by 30 days",
            "Major amputation of the target limb within 30 days (the complement of limb"
            " salvage)", v.major_amputation(30), adverse=True, horizon=30),
    Measure("death_30d", "Death by 30 days",
            "Death from any cause within 30 days, " + DEATH_WORDS.format(d=30), v.death_by(30),
            adverse=True, horizon=30),
    Measure("reintervention_30d", "Reintervention by 30 days",
            "Reintervention on the target limb within 30 days", v.reintervention(30),
            adverse=True, horizon=30),
    Measure("limb_salvage_90d", "Target limb salvage at 90 days",
            "Target limb free of major amputation 90 days after the procedure",
            v.limb_salvaged(90), horizon=90),
    Measure("major_amputation_90d", "Major amputation by 90 days",
            "Major amputation of the target limb within 90 days", v.major_amputation(90),
            adverse=True, horizon=90),
    Measure("death_90d", "Death by 90 days",
            "Death from any cause within 90 days, " + DEATH_WORDS.format(d=90), v.death_by(90),
            adverse=True, horizon=90),
    Measure("reintervention_90d", "Reintervention by 90 days",
            "Reintervention on the target limb within 90 days", v.reintervention(90),
            adverse=True, horizon=90),
)

CORONARY_MEASURES: tuple[Measure, ...] = (
    Measure("technical_success", "Technical success (stent, final TIMI 3)",
            "A stent delivered, at the first attempt or on re-attempt, with final TIMI flow 3",
            v.technical_success),
    Measure("stent_delivery_failure", "Stent delivery failed",
            "The stent could not be delivered at the first attempt", v.mt_failed, adverse=True),
    Measure("reattempt_share", "Bail-out / re-attempt after failure",
            "Among failed stent deliveries: a bail-out or re-attempt was made",
            v.among(v.mt_failed, v.reattempted)),
    Measure("reattempt_success", "Re-attempt successful",
            "Among re-attempts: the re-attempt was recorded as successful",
            v.among(v.reattempted, v.field("reattempt_success"))),
    Measure("rescued_after_failure", "Technical success after failed delivery",
            "Among failed stent deliveries: a stent delivered on re-attempt with final TIMI 3",
            v.among(v.mt_failed, v.technical_success)),
    Measure("cto_share", "Chronic total occlusion", "Share of cases treating a chronic total"
            " occlusion (CTO)", v.field("chronic_total_occlusion")),
    Measure("technical_success_cto", "Technical success in CTO cases",
            "Technical success among chronic total occlusions",
            v.among(v.is_cto, v.technical_success)),
    Measure("technical_success_non_cto", "Technical success in non-CTO cases",
            "Technical success among cases that were not chronic total occlusions",
            v.among(v.not_cto, v.technical_success)),
    Measure("any_complication", "Any complication",
            "At least one coronary complication recorded (cases with the field left empty are"
            " unknown)", v.any_of_choices("coronary_complications"), adverse=True),
    Measure("death_30d", "Death by 30 days",
            "Death from any cause within 30 days, " + DEATH_WORDS.format(d=30), v.death_by(30),
            adverse=True, horizon=30),
    Measure("mi_30d", "Myocardial infarction by 30 days", "Myocardial infarction within 30 days",
            v.field("mi_30d"), adverse=True, horizon=30),
    Measure("repeat_revasc_30d", "Repeat revascularisation by 30 days",
            "Repeat revascularisation within 30 days", v.field("repeat_revasc_30d"),
            adverse=True, horizon=30),
    Measure("mace_30d", "Death, MI or repeat revascularisation by 30 days",
            "Any of death, myocardial infarction or repeat revascularisation within 30 days"
            " (unknown unless each is known or one happened)", v.mace_30d, adverse=True,
            horizon=30),
    Measure("major_complications", "Major complications (30 days)",
            "Death or myocardial infarction within 30 days, tamponade or emergency surgery",
            v.major_coronary_complications, adverse=True, horizon=30),
    Measure("procedural_success", "Procedural success",
            "Technical success without death, MI or repeat revascularisation within 30 days,"
            " tamponade or emergency surgery", v.procedural_success, horizon=30),
)

LIMB_GROUPS = (
    ("Procedure", ("technical_success", "mt_flow_restored", "mt_failure", "rescued_after_failure",
                   "adjunctive_any", "fasciotomy", "any_complication")),
    ("30 days", ("limb_salvage_30d", "major_amputation_30d", "death_30d", "reintervention_30d")),
    ("90 days", ("limb_salvage_90d", "major_amputation_90d", "death_90d", "reintervention_90d")))
CORONARY_GROUPS = (
    ("Procedure", ("technical_success", "stent_delivery_failure", "reattempt_share",
                   "reattempt_success", "rescued_after_failure", "cto_share",
                   "technical_success_cto", "technical_success_non_cto", "any_complication")),
    ("30 days", ("death_30d", "mi_30d", "repeat_revasc_30d", "mace_30d", "major_complications",
                 "procedural_success")))
"""Display order: (group title, measure keys)."""

LIMB_TREND_FIELDS = (("territory", "procedure_date", "flow_final", "flow_after_mt",
                      "amputation_date", "limb_salvage_30d", "major_amputation_30d"),
                     ("flow_grade",))
CORONARY_TREND_FIELDS = (("territory", "procedure_date", "stent_delivered", "reattempt",
                          "reattempt_success", "timi_final", "death_date",
                          "discharge_destination", "discharge_date", "followup_date", "mi_30d",
                          "repeat_revasc_30d"), ())
"""(case fields, pass fields) that the trend measures read: a trend over many months loads
only these (tests check that the measures read nothing else)."""


@dataclass(frozen=True)
class Breakdown:
    """Counts of a coded field's values within a population of cases."""

    key: str
    title: str
    code: str
    choices: tuple
    population: Callable | None = None
    population_words: str = "all cases"


LIMB_BREAKDOWNS = (
    Breakdown("rutherford_class", "Rutherford ALI class", "rutherford_class",
              vocab.RUTHERFORD_ALI),
    Breakdown("adjunctive_after_failure", "What followed failed thrombectomy",
              "adjunctive_therapy", vocab.LIMB_ADJUNCT, v.mt_failed,
              "failed thrombectomies (flow 0-1)"),
    Breakdown("adjunctive_therapy", "Adjunctive therapy (all cases)", "adjunctive_therapy",
              vocab.LIMB_ADJUNCT),
    Breakdown("complications", "Complications", "limb_complications",
              vocab.LIMB_COMPLICATION),
    Breakdown("limb_segment", "Arterial segment", "limb_segment", vocab.LIMB_SEGMENT),
)
CORONARY_BREAKDOWNS = (
    Breakdown("stent_failure_reason", "Why stent delivery failed", "stent_failure_reason",
              vocab.STENT_FAILURE_REASON, v.mt_failed, "failed stent deliveries"),
    Breakdown("reattempt_equipment", "Equipment used on re-attempt", "reattempt_equipment",
              vocab.BAILOUT_EQUIPMENT, v.reattempted, "re-attempts"),
    Breakdown("complications", "Complications", "coronary_complications",
              vocab.CORONARY_COMPLICATION),
    Breakdown("target_vessel", "Target vessel", "target_vessel", vocab.CORONARY_VESSEL),
)
