"""The one definition of every registry field: drives validation, forms, columns and the dictionary."""
from __future__ import annotations

from . import vocab as v
from .field_types import (ALL_TERRITORIES, CEREBRAL, KINDS, LONG_TEXT, SECTIONS,  # noqa: F401
                          SHORT_TEXT, FieldDef, _cer, _f, _num)
from .territory_fields import CORONARY_FIELDS, CORONARY_PASS_FIELDS, LIMB_FIELDS, LIMB_PASS_FIELDS
from .grades import REPERFUSION_GRADE_CODES

_GRADES = tuple(c for c in v.REPERFUSION_GRADE if c.code in REPERFUSION_GRADE_CODES)

CASE_FIELDS: tuple[FieldDef, ...] = (
    # Patient
    _f("case_number", "Case number", "patient", "text", required=True, max_length=64,
       identifier=True,
       help="The centre's unique number for this procedure."),
    _f("registry_id", "Registry ID", "patient", "text", max_length=64, identifier=True,
       help="Pseudonymous ID used in exports and reports; created automatically when empty."),
    _f("territory", "Territory", "patient", "choice", choices=v.TERRITORY, required=True,
       help="Vascular territory treated; decides which sections apply."),
    _f("procedure_date", "Procedure date", "patient", "date", required=True),
    _f("operator", "Operator", "patient", "text", identifier=True,
       help="Interventionalist's code or initials (no full names in exports)."),
    _f("age", "Age", "patient", "int", unit="years", minimum=0, maximum=120, recommended=True),
    _f("sex", "Sex", "patient", "choice", choices=v.SEX, recommended=True),
    # Presentation
    _cer("prestroke_mrs", "Pre-stroke mRS", "presentation", "int", minimum=0, maximum=5,
         recommended=True, help="Modified Rankin Scale before the stroke (0-5)."),
    _cer("nihss_admission", "NIHSS on admission", "presentation", "int", minimum=0, maximum=42,
         recommended=True),
    _cer("aspects", "ASPECTS", "presentation", "int", minimum=0, maximum=10,
         help="ASPECTS (pc-ASPECTS for posterior circulation), 0-10."),
    _cer("occlusion_site", "Occlusion site", "presentation", "choice", choices=v.OCCLUSION_SITE,
         recommended=True),
    _cer("occlusion_side", "Side", "presentation", "choice", choices=v.SIDE),
    _cer("tandem_lesion", "Tandem lesion", "presentation", "yesno",
         help="Extracranial ICA occlusion or stenosis plus an intracranial occlusion."),
    _cer("etiology_toast", "Suspected aetiology (TOAST)", "presentation", "choice",
         choices=v.ETIOLOGY_TOAST),
    _cer("icas_suspected", "Suspected ICAS", "presentation", "yesno",
         help="Intracranial atherosclerotic stenosis suspected as the cause of the occlusion."),
    _cer("ivt", "IV thrombolysis", "presentation", "yesno", recommended=True),
    _cer("ivt_agent", "IV thrombolytic", "presentation", "choice", choices=v.IVT_AGENT,
         shown_if=("ivt", True)),
    # Times
    _f("onset_type", "Onset", "times", "choice", choices=v.ONSET_TYPE),
    _f("onset_time", "Onset / last known well", "times", "datetime", recommended=True),
    _f("door_time", "Arrival (door)", "times", "datetime", recommended=True),
    _f("imaging_time", "Imaging", "times", "datetime"),
    _f("puncture_time", "Groin puncture", "times", "datetime", recommended=True),
    _f("first_pass_time", "First pass", "times", "datetime", from_passes="first:pass_time",
       territory_labels=(("limb", "First attempt"),)),
    _f("reperfusion_time", "Reperfusion", "times", "datetime"),
    _f("end_time", "End of procedure", "times", "datetime"),
    # Thrombectomy
    _cer("first_line_technique", "First-line technique", "thrombectomy", "choice",
         choices=v.MT_TECHNIQUE),
    _f("mt_passes", "Thrombectomy passes", "thrombectomy", "int", minimum=0, maximum=20,
       recommended=True, territories=CEREBRAL | {"limb"}, from_passes="count",
       territory_labels=(("limb", "Thrombectomy attempts"),),
       help="Number of passes; filled from the passes table when passes are recorded."),
    _cer("reperfusion_scale", "Reperfusion scale", "thrombectomy", "choice",
         choices=v.REPERFUSION_SCALE, recommended=True),
    _cer("reperfusion_after_mt", "Reperfusion after last pass", "thrombectomy", "choice",
         choices=_GRADES, recommended=True, from_passes="last:reperfusion_grade",
         help="Grade after the last thrombectomy pass, before any rescue treatment."),
    # Rescue decision
    _cer("rescue_stent", "Rescue stent placed", "rescue", "yesno", recommended=True),
    _cer("rescue_reason", "Reason for rescue stent", "rescue", "choice", choices=v.RESCUE_REASON,
         shown_if=("rescue_stent", True)),
    _cer("no_stent_reason", "Reason for no stent", "rescue", "choice", choices=v.NO_STENT_REASON,
         shown_if=("rescue_stent", False)),
    _cer("rescue_alternative", "Other rescue treatment", "rescue", "choice",
         choices=v.RESCUE_ALTERNATIVE),
    _f("rescue_decided_by", "Decided by", "rescue", "text"),
    _f("stent_device", "Stent device", "rescue", "text", shown_if=("rescue_stent", True)),
    _f("antiplatelet_regimen", "Antiplatelet / GP IIb/IIIa regimen", "rescue", "choice",
       choices=v.ANTIPLATELET),
    _cer("final_reperfusion", "Final reperfusion", "rescue", "choice", choices=_GRADES,
         recommended=True, help="Grade at the end of the procedure, after any rescue treatment."),
    # Complications and imaging
    _cer("procedural_complications", "Procedural complications", "complications", "multichoice",
         choices=v.COMPLICATION, help="Several may be chosen; codes separated by ';' in files."),
    _cer("imaging_24h", "24-hour imaging done", "complications", "yesno"),
    _cer("heidelberg_class", "Haemorrhage (Heidelberg)", "complications", "choice",
         choices=v.HEIDELBERG),
    _cer("sich", "Symptomatic ICH", "complications", "yesno", recommended=True),
    _cer("sich_definition", "sICH definition", "complications", "choice", choices=v.SICH_DEFINITION,
         shown_if=("sich", True),
         help="The definition used to call the haemorrhage symptomatic."),
    _f("reocclusion", "Re-occlusion / stent occlusion", "complications", "yesno",
       help="Re-occlusion of the treated artery or stent on follow-up imaging."),
    _cer("nihss_24h", "NIHSS at 24 h", "complications", "int", minimum=0, maximum=42),
    # Discharge and outcome
    _cer("nihss_discharge", "NIHSS at discharge", "outcome", "int", minimum=0, maximum=42),
    _f("discharge_date", "Discharge date", "outcome", "date"),
    _cer("discharge_mrs", "mRS at discharge", "outcome", "int", minimum=0, maximum=6),
    _f("discharge_destination", "Discharge destination", "outcome", "choice",
       choices=v.DISCHARGE_DESTINATION),
    _cer("mrs_90d", "mRS at 90 days", "outcome", "int", minimum=0, maximum=6, recommended=True,
         help="Modified Rankin Scale at the 90-day follow-up (6 = dead)."),
    _f("followup_date", "Follow-up date", "outcome", "date"),
    _f("followup_method", "Follow-up method", "outcome", "choice", choices=v.FOLLOWUP_METHOD),
    _f("followup_assessor", "Assessor", "outcome", "text"),
    _f("followup_blinded", "Assessor blinded", "outcome", "yesno"),
    _f("lost_to_followup", "Lost to follow-up", "outcome", "choice", choices=v.LOST_REASON,
       help="Reason the 90-day assessment could not be obtained."),
    _f("death_date", "Date of death", "outcome", "date"),
    _f("notes", "Notes", "outcome", "text", max_length=LONG_TEXT,
       help="Clinical notes. Do not write names or other identifiers here."),
) + LIMB_FIELDS + CORONARY_FIELDS

IDENTITY_FIELDS: tuple[FieldDef, ...] = (
    _f("mrn", "Medical record number", "identity", "text", identifying=True, max_length=64,
       identifier=True),
    _f("patient_name", "Patient name", "identity", "text", identifying=True),
    _f("birth_date", "Date of birth", "identity", "date", identifying=True),
    _f("contact_phone", "Contact telephone", "identity", "text", identifying=True, max_length=64,
       identifier=True,
       help="Number to call for the follow-up (patient or relative); shown on the worklist."),
)

PASS_FIELDS: tuple[FieldDef, ...] = (
    _f("pass_number", "Pass", "passes", "int", minimum=1, maximum=20, required=True),
    _cer("technique", "Technique", "passes", "choice", choices=v.MT_TECHNIQUE),
    _f("device", "Device", "passes", "text"),
    _cer("reperfusion_grade", "Reperfusion after pass", "passes", "choice", choices=_GRADES),
    _f("pass_time", "Time of pass", "passes", "datetime",
       territory_labels=(("limb", "Time of attempt"),)),
) + LIMB_PASS_FIELDS + CORONARY_PASS_FIELDS

CONTACT_FIELDS: tuple[FieldDef, ...] = (
    _f("attempted_at", "Attempted at", "contacts", "datetime", required=True),
    _f("method", "Method", "contacts", "choice", choices=v.FOLLOWUP_METHOD),
    _f("reached", "Reached", "contacts", "yesno"),
    _f("note", "Note", "contacts", "text", max_length=2_000),
)

TIME_FIELDS = tuple(f.code for f in CASE_FIELDS if f.kind == "datetime")
FIELDS_BY_CODE: dict[str, FieldDef] = {f.code: f for f in CASE_FIELDS + IDENTITY_FIELDS}
PASS_FIELDS_BY_CODE: dict[str, FieldDef] = {f.code: f for f in PASS_FIELDS}


def field_def(code: str) -> FieldDef:
    """The definition of a case or identity field."""
    return FIELDS_BY_CODE[code]


def section_fields(section: str, territory: str | None = None) -> tuple[FieldDef, ...]:
    """Fields of one editor section that apply to a territory."""
    return tuple(f for f in CASE_FIELDS if f.section == section and f.applies_to(territory))
