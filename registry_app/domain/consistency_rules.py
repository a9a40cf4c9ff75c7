"""The consistency rules that may be saved as open queries, named in a coordinator's words."""
from __future__ import annotations

RULE_NAMES = {
    "times_out_of_order": "Times out of order",
    "imaging_after_puncture": "Imaging after the groin puncture",
    "date_before_procedure": "Date before the procedure",
    "death_without_mrs_6": "Died within the follow-up period but 90-day mRS is not 6",
    "mrs_6_not_died_in_hospital": "mRS 6 at discharge but not 'died in hospital'",
    "stent_without_failed_mt": "Rescue stent without a failed thrombectomy",
    "stent_device_without_stent": "Stent device without a rescue stent",
    "pass_count_differs": "Number of passes differs from the passes recorded",
    "sich_without_haemorrhage": "Symptomatic ICH but no haemorrhage class",
    "agent_without_ivt": "Thrombolytic agent without IV thrombolysis",
    "salvage_after_amputation": "Limb salvage after a major amputation",
    "amputation_by_30_days": "Amputation by 30 days not carried to 90 days",
    "none_with_other_therapy": "'None' combined with other adjunctive therapies",
    "failure_reason_for_delivered_stent": "Stent failure reason for a delivered stent",
    "reattempt_not_recorded": "Re-attempt details without a re-attempt",
}
"""Every rule code validation gives a soft stop, with its plain name (for reports and lists)."""


def rule_name(code: str) -> str:
    """The rule's plain name ('Times out of order'); an unknown code as it is written."""
    return RULE_NAMES.get(code, code.replace("_", " ").capitalize())
