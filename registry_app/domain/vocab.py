"""Controlled vocabularies: the codes stored in the registry and their plain labels."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    """One allowed value of a coded field."""

    code: str
    label: str


def _choices(*pairs: tuple[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(code, label) for code, label in pairs)


YES_NO = _choices(("yes", "Yes"), ("no", "No"))
YES_NO_UNKNOWN = _choices(("yes", "Yes"), ("no", "No"), ("unknown", "Unknown"))

TERRITORY = _choices(("cerebral", "Cerebral (stroke)"), ("limb", "Acute limb ischaemia"),
                     ("coronary", "Coronary"))
SEX = _choices(("M", "Male"), ("F", "Female"))

OCCLUSION_SITE = _choices(
    ("ICA", "Internal carotid artery (intracranial)"), ("ICA-T", "ICA terminus"),
    ("M1", "MCA M1"), ("M2", "MCA M2"), ("M3", "MCA M3/M4"), ("A1", "ACA A1"),
    ("A2", "ACA A2/A3"), ("V4", "Vertebral V4"), ("BA", "Basilar artery"),
    ("P1", "PCA P1"), ("P2", "PCA P2/P3"), ("other", "Other"),
)
POSTERIOR_SITES = frozenset({"V4", "BA", "P1", "P2"})
SIDE = _choices(("left", "Left"), ("right", "Right"), ("midline", "Midline / bilateral"))

ONSET_TYPE = _choices(("witnessed", "Witnessed onset"), ("lkw", "Last known well"),
                      ("in_hospital", "In-hospital onset"), ("wake_up", "Wake-up stroke"))
ETIOLOGY_TOAST = _choices(
    ("laa", "Large-artery atherosclerosis"), ("ce", "Cardioembolism"),
    ("svo", "Small-vessel occlusion"), ("other", "Other determined aetiology"),
    ("undetermined", "Undetermined aetiology"),
)
IVT_AGENT = _choices(("alteplase", "Alteplase"), ("tenecteplase", "Tenecteplase"),
                     ("other", "Other"))

REPERFUSION_SCALE = _choices(("eTICI", "eTICI"), ("mTICI", "mTICI"))
REPERFUSION_GRADE = _choices(
    ("0", "0 – no perfusion"), ("1", "1 – minimal perfusion"), ("2a", "2a – partial, <50%"),
    ("2b", "2b – ≥50% (mTICI)"), ("2b50", "2b50 – 50-66% (eTICI)"),
    ("2b67", "2b67 – 67-89% (eTICI)"), ("2c", "2c – near-complete"), ("3", "3 – complete"),
)
MT_TECHNIQUE = _choices(
    ("stent_retriever", "Stent retriever"), ("aspiration", "Contact aspiration"),
    ("combined", "Combined (stent retriever + aspiration)"), ("other", "Other"),
)

RESCUE_REASON = _choices(
    ("failed_mt", "Failed thrombectomy (no reperfusion)"),
    ("residual_stenosis", "Residual stenosis / suspected ICAS"),
    ("reocclusion", "Re-occlusion during procedure"),
    ("dissection", "Dissection"), ("tandem", "Tandem lesion treatment"), ("other", "Other"),
)
NO_STENT_REASON = _choices(
    ("no_target", "No stentable lesion"), ("futility", "Judged futile"),
    ("haemorrhage_risk", "Haemorrhage risk / large infarct"),
    ("technical", "Technically not possible"), ("other", "Other"),
)
RESCUE_ALTERNATIVE = _choices(
    ("none", "None"), ("angioplasty", "Balloon angioplasty alone"),
    ("ia_lysis", "Intra-arterial thrombolysis"), ("ia_gp2b3a", "Intra-arterial GP IIb/IIIa inhibitor"),
    ("more_passes", "Further thrombectomy passes"), ("other", "Other"),
)
ANTIPLATELET = _choices(
    ("none", "None"), ("tirofiban", "Tirofiban (GP IIb/IIIa)"),
    ("eptifibatide", "Eptifibatide (GP IIb/IIIa)"), ("abciximab", "Abciximab (GP IIb/IIIa)"),
    ("aspirin", "Aspirin"), ("dapt_loading", "Dual antiplatelet loading"),
    ("gp2b3a_then_dapt", "GP IIb/IIIa bridge then DAPT"), ("other", "Other"),
)
COMPLICATION = _choices(
    ("none", "None"), ("dissection", "Arterial dissection"), ("perforation", "Vessel perforation"),
    ("emboli_new_territory", "Emboli to a new territory"), ("sah", "Subarachnoid haemorrhage"),
    ("vasospasm", "Vasospasm needing treatment"), ("access_site", "Access-site complication"),
    ("other", "Other"),
)
HEIDELBERG = _choices(
    ("none", "No haemorrhage"), ("1a", "1a – HI1"), ("1b", "1b – HI2"), ("1c", "1c – PH1"),
    ("2", "2 – PH2"), ("3a", "3a – remote parenchymal"), ("3b", "3b – intraventricular"),
    ("3c", "3c – subarachnoid"), ("3d", "3d – subdural"),
)
SICH_DEFINITION = _choices(
    ("heidelberg", "Heidelberg Bleeding Classification"), ("ecass2", "ECASS II"),
    ("ecass3", "ECASS III"), ("sits_most", "SITS-MOST"), ("ninds", "NINDS"),
)
DISCHARGE_DESTINATION = _choices(
    ("home", "Home"), ("rehab", "Rehabilitation"), ("nursing", "Nursing home"),
    ("other_hospital", "Other hospital"), ("died", "Died in hospital"), ("other", "Other"),
)
FOLLOWUP_METHOD = _choices(("clinic", "Clinic visit"), ("phone", "Telephone"),
                           ("records", "Medical records"))
LOST_REASON = _choices(
    ("unreachable", "Could not be reached"), ("refused", "Declined"),
    ("moved", "Moved away / transferred"), ("other", "Other"),
)


def codes(choices: tuple[Choice, ...]) -> tuple[str, ...]:
    """The codes of a vocabulary, in display order."""
    return tuple(choice.code for choice in choices)


def label_of(choices: tuple[Choice, ...], code: str | None) -> str:
    """The plain label of a code, or the code itself when unknown."""
    for choice in choices:
        if choice.code == code:
            return choice.label
    return "" if code is None else str(code)
