"""Realistic synthetic cases for trying the application and for benchmarks."""
from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import islice
from typing import Iterator
from datetime import date, datetime, timedelta

from ...domain import derived
from ...domain.case import Case
from ...domain.grades import SCALE_GRADES, rank
from ..changes import NOTHING, Changes
from .territories import coronary_case, limb_case
from ..progress import CancelToken, Progress, check_cancel, no_progress
from ..registry import Registry

SITES = (("M1", 44), ("M2", 17), ("ICA-T", 10), ("ICA", 8), ("BA", 9), ("V4", 2), ("A1", 2),
         ("P1", 2), ("M3", 3), ("other", 1))
ETIOLOGY = (("ce", 45), ("laa", 22), ("undetermined", 25), ("other", 6), ("svo", 2))
STENTS = ("Enterprise 2", "Neuroform Atlas", "Wingspan", "Solitaire AB (detached)", "Credo")
DEVICES = {"stent_retriever": ("Solitaire X", "Trevo NXT", "Embotrap III", "pRESET"),
           "aspiration": ("React 71", "Sofia Plus", "Catalyst 7"),
           "combined": ("Solitaire X + React 71", "Trevo NXT + Sofia Plus")}
OPERATORS = ("OP1", "OP2", "OP3", "OP4")


def _pick(rng: random.Random, weighted) -> str:
    codes, weights = zip(*weighted)
    return rng.choices(codes, weights)[0]


def _chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def add_demo_identity(case: Case, rng: random.Random) -> None:
    """Fictitious identifiers consistent with the age, to exercise de-identification."""
    proc, age = case.values["procedure_date"], case.values["age"]
    day = 28 if (proc.month, proc.day) == (2, 29) else proc.day
    birth = proc.replace(year=proc.year - age, day=day) - timedelta(days=rng.randrange(0, 360))
    mrn = f"MRN{rng.randrange(10**7, 10**8)}"
    case.identity.update(mrn=mrn, patient_name=f"Demo Patient {case.values['case_number'][-5:]}",
                         birth_date=birth, contact_phone=f"+44 7700 9{mrn[-5:]}")


class _CaseMaker:
    """Builds one plausible case; probabilities follow published ranges roughly."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng, self.today = rng, today

    def make(self, number: str, proc: date) -> Case:
        case = Case(values={"case_number": number, "territory": "cerebral", "procedure_date": proc})
        self._patient(case)
        self._times(case, proc)
        self._thrombectomy(case)
        self._rescue(case)
        self._complications(case)
        self._outcome(case, proc)
        return case

    def _patient(self, case: Case) -> None:
        rng, v = self.rng, case.values
        v["age"] = max(18, min(97, int(rng.gauss(68, 13))))
        v["sex"] = "M" if _chance(rng, 0.55) else "F"
        v["operator"] = rng.choice(OPERATORS)
        v["prestroke_mrs"] = _pick(rng, ((0, 60), (1, 20), (2, 11), (3, 7), (4, 2)))
        v["nihss_admission"] = max(2, min(38, int(rng.gauss(15, 6))))
        v["occlusion_site"] = _pick(rng, SITES)
        v["aspects"] = None if _chance(rng, 0.05) else _pick(rng, ((10, 15), (9, 25), (8, 25),
                                                                   (7, 20), (6, 10), (5, 5)))
        v["occlusion_side"] = "midline" if v["occlusion_site"] == "BA" else rng.choice(("left", "right"))
        v["tandem_lesion"] = _chance(rng, 0.1)
        v["etiology_toast"] = _pick(rng, ETIOLOGY)
        v["icas_suspected"] = v["etiology_toast"] == "laa" and _chance(rng, 0.6)
        v["ivt"] = _chance(rng, 0.4)
        v["ivt_agent"] = rng.choice(("alteplase", "tenecteplase")) if v["ivt"] else None
        add_demo_identity(case, rng)

    def _times(self, case: Case, proc: date) -> None:
        rng, v = self.rng, case.values
        puncture = datetime.combine(proc, datetime.min.time()) + timedelta(
            minutes=rng.randrange(7 * 60, 23 * 60))
        imaging = puncture - timedelta(minutes=rng.randrange(25, 110))
        door = imaging - timedelta(minutes=rng.randrange(5, 45))
        onset = door - timedelta(minutes=rng.randrange(40, 420))
        v.update(onset_type=_pick(rng, (("witnessed", 55), ("lkw", 35), ("wake_up", 10))),
                 onset_time=onset, door_time=None if _chance(rng, 0.04) else door,
                 imaging_time=imaging, puncture_time=puncture,
                 first_pass_time=puncture + timedelta(minutes=rng.randrange(12, 40)))

    def _thrombectomy(self, case: Case) -> None:
        rng, v = self.rng, case.values
        v["reperfusion_scale"] = "eTICI" if _chance(rng, 0.8) else "mTICI"
        grades = SCALE_GRADES[v["reperfusion_scale"]]
        technique = _pick(rng, (("stent_retriever", 45), ("aspiration", 30), ("combined", 25)))
        v["first_line_technique"] = technique
        success_p = 0.42 if v["icas_suspected"] is False else 0.2
        when, passes = v["first_pass_time"], []
        for number in range(1, 5):
            ok = _chance(rng, success_p)
            grade = rng.choice(grades[3:]) if ok else rng.choice(grades[:3])
            passes.append({"pass_number": number, "technique": technique,
                           "device": rng.choice(DEVICES[technique]), "reperfusion_grade": grade,
                           "pass_time": when})
            when += timedelta(minutes=rng.randrange(8, 22))
            if ok or (number >= 3 and _chance(rng, 0.4)):
                break
        case.passes = passes
        v["mt_passes"], v["reperfusion_after_mt"] = len(passes), passes[-1]["reperfusion_grade"]
        v["end_time"] = when + timedelta(minutes=rng.randrange(10, 30))

    def _rescue(self, case: Case) -> None:
        rng, v = self.rng, case.values
        grades = SCALE_GRADES[v["reperfusion_scale"]]
        failed = derived.mt_failed(case)
        v["rescue_stent"] = bool(failed) and _chance(rng, 0.65 if v["icas_suspected"] else 0.35)
        if v["rescue_stent"]:
            v.update(rescue_reason="residual_stenosis" if v["icas_suspected"] else "failed_mt",
                     stent_device=rng.choice(STENTS), rescue_decided_by=v["operator"],
                     antiplatelet_regimen=_pick(rng, (("tirofiban", 60), ("eptifibatide", 15),
                                                      ("gp2b3a_then_dapt", 15), ("dapt_loading", 10))),
                     rescue_alternative="angioplasty" if _chance(rng, 0.3) else "none")
            v["final_reperfusion"] = rng.choice(grades[3:] if _chance(rng, 0.85) else grades[:3])
        elif failed:
            v.update(no_stent_reason=_pick(rng, (("no_target", 40), ("futility", 30),
                                                 ("haemorrhage_risk", 15), ("technical", 15))),
                     rescue_alternative=_pick(rng, (("none", 60), ("ia_lysis", 20),
                                                    ("angioplasty", 10), ("ia_gp2b3a", 10))))
            v["final_reperfusion"] = rng.choice(grades[3:] if _chance(rng, 0.25) else grades[:3])
        else:
            v["final_reperfusion"] = v["reperfusion_after_mt"]
        if (rank(v["final_reperfusion"]) or 0) < (rank(v["reperfusion_after_mt"]) or 0):
            v["final_reperfusion"] = v["reperfusion_after_mt"]
        v["reperfusion_time"] = v["end_time"] - timedelta(minutes=5) if derived.recanalized(case) else None

    def _complications(self, case: Case) -> None:
        rng, v = self.rng, case.values
        risk = 0.05 if not derived.mt_failed(case) else (0.10 if v["rescue_stent"] else 0.14)
        v["sich"] = _chance(rng, risk)
        v["sich_definition"] = "heidelberg"
        v["imaging_24h"] = True
        v["heidelberg_class"] = (rng.choice(("1c", "2", "3a")) if v["sich"] else
                                 _pick(rng, (("none", 75), ("1a", 12), ("1b", 8), ("3c", 5))))
        v["procedural_complications"] = (("none",) if _chance(rng, 0.9) else
                                         (rng.choice(("dissection", "emboli_new_territory", "sah",
                                                      "perforation", "access_site")),))
        v["reocclusion"] = _chance(rng, 0.15) if v["rescue_stent"] else None
        change = int(rng.gauss(-4 if derived.recanalized(case) else 3, 5))
        v["nihss_24h"] = min(42, max(0, v["nihss_admission"] + change))

    def _outcome(self, case: Case, proc: date) -> None:
        rng, v = self.rng, case.values
        mrs = self._mrs_90d(case)
        early_death = mrs == 6 and _chance(rng, 0.5) and proc + timedelta(days=10) <= self.today
        if early_death:
            v.update(death_date=proc + timedelta(days=rng.randrange(1, 10)),
                     discharge_destination="died", discharge_mrs=6)
            v["discharge_date"] = v["death_date"]
        else:
            v["discharge_date"] = proc + timedelta(days=rng.randrange(3, 21))
            v["discharge_mrs"] = min(5, (mrs if mrs < 6 else 5) + rng.choice((0, 0, 1)))
            v["nihss_discharge"] = max(0, v["nihss_24h"] - rng.randrange(0, 5))
            v["discharge_destination"] = "home" if v["discharge_mrs"] <= 2 else rng.choice(
                ("rehab", "nursing", "other_hospital"))
        if v["discharge_date"] and v["discharge_date"] > self.today:
            v.update(discharge_date=None, discharge_mrs=None, discharge_destination=None,
                     nihss_discharge=None, death_date=None)
        self._followup(case, proc, mrs)

    def _mrs_90d(self, case: Case) -> int:
        rng, v = self.rng, case.values
        good = 0.55 if derived.recanalized(case) else 0.2
        good -= 0.004 * max(0, v["age"] - 65) + 0.01 * max(0, v["nihss_admission"] - 15)
        death = 0.12 if derived.recanalized(case) else 0.35
        if v["sich"]:
            good, death = good / 3, death + 0.25
        draw = rng.random()
        if draw < death:
            return 6
        return rng.choice((0, 1, 2)) if draw < death + max(0.05, good) else rng.choice((3, 4, 5))

    def _followup(self, case: Case, proc: date, mrs: int) -> None:
        rng, v = self.rng, case.values
        due = proc + timedelta(days=90)
        if v.get("death_date"):
            v["mrs_90d"] = 6
            return
        if due + timedelta(days=rng.randrange(-10, 14)) > self.today:
            return
        lost_p = 0.08 if derived.recanalized(case) else 0.22
        if _chance(rng, lost_p):
            v["lost_to_followup"] = _pick(rng, (("unreachable", 70), ("refused", 15), ("moved", 15)))
            case.contacts = [{"attempted_at": datetime.combine(due, datetime.min.time())
                              + timedelta(days=i, hours=10), "method": "phone", "reached": False}
                             for i in range(3)]
            return
        self._assessment(case, due, mrs)

    def _assessment(self, case: Case, due: date, mrs: int) -> None:
        rng, v = self.rng, case.values
        followup = min(self.today, due + timedelta(days=rng.randrange(-12, 15)))
        v.update(mrs_90d=mrs, followup_date=followup, followup_assessor=rng.choice(OPERATORS),
                 followup_method=_pick(rng, (("phone", 55), ("clinic", 35), ("records", 10))),
                 followup_blinded=_chance(rng, 0.3))
        if mrs == 6:
            v["death_date"] = min(followup, case.values["procedure_date"] + timedelta(
                days=rng.randrange(10, 85)))
            v["mrs_90d"] = 6
        if v["followup_method"] == "phone":
            case.contacts = [{"attempted_at": datetime.combine(followup, datetime.min.time())
                              + timedelta(hours=14), "method": "phone", "reached": True}]


TERRITORY_SHARE = (("cerebral", 85), ("limb", 10), ("coronary", 5))


def iter_demo_cases(count: int, seed: int, today: date, start_number: int = 1) -> Iterator[Case]:
    """`count` synthetic cases of all three territories over the two years before `today`."""
    rng = random.Random(seed)
    maker = _CaseMaker(rng, today)
    days = sorted(today - timedelta(days=rng.randrange(0, 730)) for _ in range(count))
    for i, day in enumerate(days):
        number, territory = f"DEMO-{start_number + i:06d}", _pick(rng, TERRITORY_SHARE)
        if territory == "cerebral":
            yield maker.make(number, day)
            continue
        made = (limb_case if territory == "limb" else coronary_case)(number, day, today, rng)
        add_demo_identity(made, rng)
        yield made


def demo_cases(count: int, seed: int, today: date, start_number: int = 1) -> list[Case]:
    return list(iter_demo_cases(count, seed, today, start_number))


@dataclass(frozen=True)
class DemoResult:
    """How many demo cases were added."""

    added: int

    @property
    def changes(self) -> Changes:
        return Changes.of_cases() if self.added else NOTHING


def fill_demo(registry: Registry, count: int = 500, seed: int = 1, *,
              progress: Progress = no_progress, cancel: CancelToken | None = None) -> DemoResult:
    """Add `count` demo cases to the registry in batches; says how many were added."""
    from ..cases.bulk import next_demo_number
    cases = iter_demo_cases(count, seed, registry.today(), next_demo_number(registry))
    done = 0
    while done < count:
        check_cancel(cancel)
        batch = list(islice(cases, 2000))
        _add_batch(registry, batch)
        done += len(batch)
        progress("Adding demo cases", done, count)
    return DemoResult(count)


DEMO_RETRIES = 5
"""How often a batch is renumbered when another program took its case numbers meanwhile."""


def _add_batch(registry: Registry, batch: list[Case]) -> None:
    """Insert a batch; when another demo or import used its numbers at the same time (the
    transaction rolled back), renumber it after the registry's last demo case and try again."""
    from sqlalchemy.exc import IntegrityError

    from ..cases.bulk import bulk_add_cases, next_demo_number
    for attempt in range(DEMO_RETRIES + 1):
        try:
            bulk_add_cases(registry, batch, action="demo")
            return
        except IntegrityError:
            if attempt == DEMO_RETRIES:
                raise
            first = next_demo_number(registry)
            for i, case in enumerate(batch):
                case.values["case_number"] = f"DEMO-{first + i:06d}"
