"""Synthetic limb-ischaemia and coronary cases for the demo registry."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from ...domain.case import Case

LIMB_DEVICES = {"aspiration": ("Indigo CAT8", "Indigo CAT6"), "rheolytic": ("AngioJet ZelanteDVT",),
                "rotational": ("Rotarex S 8F",), "stent_retriever": ("pRESET LT",)}
OPERATORS = ("OP1", "OP2", "OP3", "OP4")


def _weighted(rng: random.Random, pairs):
    codes, weights = zip(*pairs)
    return rng.choices(codes, weights)[0]


def _base(number: str, proc: date, territory: str, rng: random.Random) -> Case:
    puncture = datetime.combine(proc, datetime.min.time()) + timedelta(minutes=rng.randrange(480, 1200))
    door = puncture - timedelta(minutes=rng.randrange(60, 240))
    values = dict(case_number=number, territory=territory, procedure_date=proc,
                  age=max(30, min(95, int(rng.gauss(70, 11)))), sex=rng.choice(("M", "M", "F")),
                  operator=rng.choice(OPERATORS), door_time=door, puncture_time=puncture,
                  end_time=puncture + timedelta(minutes=rng.randrange(40, 150)))
    return Case(values=values)


def limb_case(number: str, proc: date, today: date, rng: random.Random) -> Case:
    """Acute limb ischaemia treated by percutaneous thrombectomy."""
    case = _base(number, proc, "limb", rng)
    v = case.values
    v.update(limb_side=rng.choice(("left", "right")), flow_scale="TIMI",
             limb_segment=_weighted(rng, (("superficial_femoral", 35), ("popliteal", 30),
                                          ("common_femoral", 10), ("tibial", 10), ("bypass_graft", 10),
                                          ("aortoiliac", 5))),
             rutherford_class=_weighted(rng, (("I", 12), ("IIa", 35), ("IIb", 48), ("III", 5))),
             symptom_duration_h=round(rng.uniform(4, 240), 1), flow_before="0",
             limb_cause=_weighted(rng, (("embolic", 45), ("thrombotic", 35), ("graft_thrombosis", 20))))
    technique = _weighted(rng, (("aspiration", 60), ("rotational", 20), ("rheolytic", 20)))
    for attempt in range(1, 4):
        flow = rng.choice(("2", "3")) if rng.random() < 0.6 else rng.choice(("0", "1"))
        case.passes.append({"pass_number": attempt, "limb_technique": technique, "flow_grade": flow,
                            "device": rng.choice(LIMB_DEVICES[technique])})
        if flow in ("2", "3"):
            break
    v["mt_passes"], v["flow_after_mt"] = len(case.passes), case.passes[-1]["flow_grade"]
    _limb_adjuncts(v, rng)
    _limb_outcomes(v, proc, today, rng)
    return case


def _limb_adjuncts(v: dict, rng: random.Random) -> None:
    restored = v["flow_after_mt"] in ("2", "3")
    if restored and rng.random() < 0.5:
        v["adjunctive_therapy"], v["flow_final"] = ("none",), v["flow_after_mt"]
    else:
        picks = {rng.choice(("cdt", "angioplasty", "stent"))}
        if rng.random() < 0.3:
            picks.add("angioplasty")
        v["adjunctive_therapy"] = tuple(c for c in ("cdt", "angioplasty", "stent") if c in picks)
        v["flow_final"] = rng.choice(("2", "3", "3")) if rng.random() < 0.9 else "1"
    v["fasciotomy"] = v["rutherford_class"] in ("IIb", "III") and rng.random() < 0.15
    v["limb_complications"] = ("none",) if rng.random() < 0.85 else (
        rng.choice(("distal_embolisation", "access_site", "major_bleeding")),)


def _limb_outcomes(v: dict, proc: date, today: date, rng: random.Random) -> None:
    if proc + timedelta(days=30) <= today:
        amputated = rng.random() < (0.25 if v["flow_final"] in ("0", "1") else 0.03)
        v.update(major_amputation_30d=amputated, limb_salvage_30d=not amputated,
                 reintervention_30d=rng.random() < 0.08)
        if amputated:
            v["amputation_date"] = proc + timedelta(days=rng.randrange(1, 25))
    if proc + timedelta(days=104) <= today and rng.random() < 0.88:
        late = v.get("major_amputation_30d") or rng.random() < 0.04
        v.update(major_amputation_90d=late, limb_salvage_90d=not late,
                 reintervention_90d=bool(v.get("reintervention_30d")) or rng.random() < 0.05,
                 followup_date=proc + timedelta(days=rng.randrange(80, 100)),
                 followup_method="clinic")
        if late and not v.get("amputation_date"):
            v["amputation_date"] = proc + timedelta(days=rng.randrange(31, 80))


def coronary_case(number: str, proc: date, today: date, rng: random.Random) -> Case:
    """Coronary intervention, some with failed stent delivery and a bail-out or re-attempt."""
    case = _base(number, proc, "coronary", rng)
    v = case.values
    cto = rng.random() < 0.3
    v.update(target_vessel=_weighted(rng, (("LAD", 40), ("RCA", 30), ("LCx", 20), ("LM", 5), ("graft", 5))),
             chronic_total_occlusion=cto, timi_before="0" if cto else rng.choice(("1", "2")),
             calcification=_weighted(rng, (("none", 30), ("mild", 30), ("moderate", 25), ("severe", 15))),
             tortuosity=_weighted(rng, (("none", 50), ("moderate", 35), ("severe", 15))))
    failure_p = 0.05 + 0.15 * cto + 0.12 * (v["calcification"] == "severe")
    v["stent_delivered"] = rng.random() >= failure_p
    if not v["stent_delivered"]:
        _coronary_bailout(v, proc, today, rng)
    else:
        v["timi_final"] = "3" if rng.random() < 0.95 else "2"
    v["coronary_complications"] = ("none",) if rng.random() < 0.93 else (
        rng.choice(("dissection", "perforation", "no_reflow")),)
    if proc + timedelta(days=30 + 14) <= today and rng.random() < 0.9:
        v.update(mi_30d=rng.random() < 0.03, repeat_revasc_30d=rng.random() < 0.04,
                 followup_date=proc + timedelta(days=rng.randrange(25, 36)), followup_method="phone")
    return case


def _coronary_bailout(v: dict, proc: date, today: date, rng: random.Random) -> None:
    v["stent_failure_reason"] = ("calcification" if v["calcification"] == "severe" else
                                 rng.choice(("tortuosity", "cto_not_crossed", "not_dilatable", "support")))
    v["reattempt"] = rng.random() < 0.7
    if v["reattempt"]:
        later = min(today, proc + timedelta(days=rng.choice((0, 0, 14, 30, 60))))
        v.update(reattempt_date=later, second_operator=rng.random() < 0.5,
                 reattempt_equipment=(rng.choice(("guide_extension", "rotational_atherectomy", "ivl")),),
                 reattempt_success=rng.random() < 0.75)
    v["timi_final"] = "3" if v.get("reattempt_success") else rng.choice(("0", "1", "2"))
