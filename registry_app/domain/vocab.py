"""Controlled vocabularies: the codes stored in the registry and their plain labels."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


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
    ("cstk05", "Joint Commission CSTK-05"),
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


def entry_text(choice: Choice) -> str:
    """How a pick list shows an entry: 'M2 – MCA M2' (the label alone when it starts with
    the code)."""
    label, code = choice.label.strip().lower(), choice.code.lower()
    if label == code or label.startswith(code + " "):  # '2a – partial' already shows its code
        return choice.label
    return f"{choice.code} – {choice.label}"


def match_choice(choices: tuple[Choice, ...], text: str) -> Choice | None | str:
    """What typed text means in a pick list: the Choice, None for blank/'unknown', or the
    plain reason it matches nothing. Codes are matched first (exact, any case), then labels
    and shown entries, then a prefix only when it fits exactly one entry: never the nearest."""
    typed = " ".join(text.split()).lower()
    for rule in (_exact_code, _exact_label, _prefix):
        found = rule(choices, typed)
        if found:
            return found[0] if len(found) == 1 else _ambiguous(text, found)
        if typed in ("", "unknown"):
            return None
    return f"'{text.strip()}' is not in the list"


def _exact_code(choices: Iterable[Choice], typed: str) -> list[Choice]:
    return [c for c in choices if c.code.lower() == typed]


def _exact_label(choices: Iterable[Choice], typed: str) -> list[Choice]:
    return [c for c in choices if typed in (c.label.lower(), entry_text(c).lower())]


def _prefix(choices: Iterable[Choice], typed: str) -> list[Choice]:
    if not typed:
        return []
    return [c for c in choices if c.code.lower().startswith(typed)
            or c.label.lower().startswith(typed)]


def _ambiguous(text: str, found: list[Choice]) -> str:
    return (f"'{text.strip()}' fits {len(found)} entries ({', '.join(c.code for c in found)});"
            " type more of it")


# Acute limb ischaemia ##########################################################
LIMB_SIDE = _choices(("left", "Left"), ("right", "Right"), ("bilateral", "Bilateral"))
LIMB_SEGMENT = _choices(
    ("aortoiliac", "Aorto-iliac"), ("common_femoral", "Common femoral"),
    ("superficial_femoral", "Superficial femoral"), ("popliteal", "Popliteal"),
    ("tibial", "Tibial / crural"), ("bypass_graft", "Bypass graft"),
    ("upper_limb", "Upper-limb artery"), ("other", "Other"),
)
RUTHERFORD_ALI = _choices(("I", "I – viable"), ("IIa", "IIa – marginally threatened"),
                          ("IIb", "IIb – immediately threatened"), ("III", "III – irreversible"))
LIMB_CAUSE = _choices(("embolic", "Embolic"), ("thrombotic", "Native-artery thrombosis"),
                      ("graft_thrombosis", "Graft / stent thrombosis"), ("other", "Other"))
LIMB_TECHNIQUE = _choices(
    ("aspiration", "Aspiration thrombectomy"), ("rheolytic", "Rheolytic thrombectomy"),
    ("rotational", "Rotational thrombectomy"), ("stent_retriever", "Stent retriever"),
    ("other", "Other"),
)
FLOW_SCALE = _choices(("TIMI", "TIMI"), ("TIPI", "TIPI"))
FLOW_GRADE = _choices(("0", "0 – no flow"), ("1", "1 – penetration without perfusion"),
                      ("2", "2 – partial perfusion"), ("3", "3 – complete perfusion"))
LIMB_ADJUNCT = _choices(
    ("cdt", "Catheter-directed lysis"), ("angioplasty", "Angioplasty"), ("stent", "Stent"),
    ("surgical_conversion", "Conversion to surgery"), ("none", "None"),
)
LIMB_COMPLICATION = _choices(
    ("none", "None"), ("distal_embolisation", "Distal embolisation"),
    ("dissection", "Dissection"), ("perforation", "Perforation"),
    ("compartment_syndrome", "Compartment syndrome"), ("major_bleeding", "Major bleeding"),
    ("access_site", "Access-site complication"), ("acute_kidney_injury", "Acute kidney injury"),
    ("other", "Other"),
)

# Coronary ######################################################################
CORONARY_VESSEL = _choices(("LM", "Left main"), ("LAD", "Left anterior descending"),
                           ("LCx", "Circumflex"), ("RCA", "Right coronary"),
                           ("graft", "Bypass graft"), ("other", "Other"))
SEVERITY = _choices(("none", "None"), ("mild", "Mild"), ("moderate", "Moderate"),
                    ("severe", "Severe"))
STENT_FAILURE_REASON = _choices(
    ("calcification", "Calcification"), ("tortuosity", "Tortuosity"),
    ("cto_not_crossed", "Occlusion not crossed"), ("not_dilatable", "Lesion not dilatable"),
    ("support", "Insufficient guide support"), ("device_failure", "Device failure"),
    ("other", "Other"),
)
BAILOUT_EQUIPMENT = _choices(
    ("guide_extension", "Guide extension"), ("rotational_atherectomy", "Rotational atherectomy"),
    ("ivl", "Intravascular lithotripsy"), ("cutting_balloon", "Cutting / scoring balloon"),
    ("microcatheter", "Microcatheter"), ("other", "Other"),
)
CORONARY_COMPLICATION = _choices(
    ("none", "None"), ("dissection", "Dissection"), ("perforation", "Perforation"),
    ("tamponade", "Tamponade"), ("no_reflow", "No-reflow"), ("stent_loss", "Stent loss"),
    ("emergency_surgery", "Emergency surgery"), ("other", "Other"),
)
