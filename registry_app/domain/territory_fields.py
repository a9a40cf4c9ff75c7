"""Fields of limb (acute limb ischaemia) and coronary cases; cerebral cases never see them."""
from __future__ import annotations

from . import vocab as v
from .field_types import FieldDef, coronary_field as _cor, limb_field as _limb

LIMB_FIELDS: tuple[FieldDef, ...] = (
    _limb("limb_side", "Limb", "presentation", "choice", choices=v.LIMB_SIDE),
    _limb("limb_segment", "Arterial segment", "presentation", "choice", choices=v.LIMB_SEGMENT,
          recommended=True),
    _limb("rutherford_class", "Rutherford ALI class", "presentation", "choice",
          choices=v.RUTHERFORD_ALI, recommended=True,
          help="SVS/ISCVS acute limb ischaemia category: I, IIa, IIb, III."),
    _limb("symptom_duration_h", "Symptom duration", "presentation", "float", unit="hours",
          minimum=0, maximum=720),
    _limb("limb_cause", "Cause", "presentation", "choice", choices=v.LIMB_CAUSE),
    _limb("flow_scale", "Flow scale", "thrombectomy", "choice", choices=v.FLOW_SCALE,
          recommended=True),
    _limb("flow_before", "Flow before", "thrombectomy", "choice", choices=v.FLOW_GRADE),
    _limb("flow_after_mt", "Flow after thrombectomy", "thrombectomy", "choice",
          choices=v.FLOW_GRADE, recommended=True, from_passes="last:flow_grade"),
    _limb("adjunctive_therapy", "Adjunctive therapy", "rescue", "multichoice",
          choices=v.LIMB_ADJUNCT),
    _limb("flow_final", "Final flow", "rescue", "choice", choices=v.FLOW_GRADE, recommended=True),
    _limb("fasciotomy", "Fasciotomy", "complications", "yesno"),
    _limb("limb_complications", "Complications", "complications", "multichoice",
          choices=v.LIMB_COMPLICATION),
    _limb("limb_salvage_30d", "Target limb salvaged at 30 days", "outcome", "yesno",
          recommended=True),
    _limb("major_amputation_30d", "Major amputation by 30 days", "outcome", "yesno"),
    _limb("reintervention_30d", "Reintervention by 30 days", "outcome", "yesno"),
    _limb("limb_salvage_90d", "Target limb salvaged at 90 days", "outcome", "yesno"),
    _limb("major_amputation_90d", "Major amputation by 90 days", "outcome", "yesno"),
    _limb("reintervention_90d", "Reintervention by 90 days", "outcome", "yesno"),
    _limb("amputation_date", "Amputation date", "outcome", "date"),
)

CORONARY_FIELDS: tuple[FieldDef, ...] = (
    _cor("target_vessel", "Target vessel", "presentation", "choice", choices=v.CORONARY_VESSEL,
         recommended=True),
    _cor("chronic_total_occlusion", "Chronic total occlusion", "presentation", "yesno"),
    _cor("calcification", "Calcification", "presentation", "choice", choices=v.SEVERITY),
    _cor("tortuosity", "Tortuosity", "presentation", "choice", choices=v.SEVERITY),
    _cor("timi_before", "TIMI flow before", "thrombectomy", "choice", choices=v.FLOW_GRADE),
    _cor("stent_delivered", "Stent delivered", "thrombectomy", "yesno", recommended=True),
    _cor("stent_failure_reason", "Why stent delivery failed", "thrombectomy", "choice",
         choices=v.STENT_FAILURE_REASON, shown_if=("stent_delivered", False)),
    _cor("reattempt", "Bail-out / re-attempt", "rescue", "yesno"),
    _cor("reattempt_date", "Re-attempt date", "rescue", "date", shown_if=("reattempt", True)),
    _cor("reattempt_equipment", "Specialised equipment", "rescue", "multichoice",
         choices=v.BAILOUT_EQUIPMENT, shown_if=("reattempt", True)),
    _cor("second_operator", "Second operator", "rescue", "yesno", shown_if=("reattempt", True)),
    _cor("reattempt_success", "Re-attempt successful", "rescue", "yesno",
         shown_if=("reattempt", True)),
    _cor("timi_final", "Final TIMI flow", "rescue", "choice", choices=v.FLOW_GRADE,
         recommended=True),
    _cor("coronary_complications", "Complications", "complications", "multichoice",
         choices=v.CORONARY_COMPLICATION),
    _cor("mi_30d", "Myocardial infarction by 30 days", "outcome", "yesno"),
    _cor("repeat_revasc_30d", "Repeat revascularisation by 30 days", "outcome", "yesno"),
)

LIMB_PASS_FIELDS: tuple[FieldDef, ...] = (
    _limb("limb_technique", "Limb technique", "passes", "choice", choices=v.LIMB_TECHNIQUE),
    _limb("flow_grade", "Flow after attempt", "passes", "choice", choices=v.FLOW_GRADE),
)
CORONARY_PASS_FIELDS: tuple[FieldDef, ...] = ()
