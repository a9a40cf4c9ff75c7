"""Service-test helpers: published cohorts entered as cases (Chen 2019, Chang 2018)."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

PROC = date(2025, 1, 10)


@dataclass(frozen=True)
class ArmSpec:
    """Counts of one arm: n cases, of which so many recanalized, good outcome, sICH, dead.

    Deaths take the first indices, good outcomes the next ones, then `unknown` cases whose
    90-day outcome is missing (lost to follow-up); recanalized cases are the last ones.
    """

    n: int
    recanalized: int
    good: int
    sich: int
    dead: int
    unknown: int = 0


CHEN_2019 = {"rescue_stent": ArmSpec(18, 16, 10, 2, 4), "no_stent": ArmSpec(11, 4, 2, 2, 5)}
CHANG_2018 = {"rescue_stent": ArmSpec(48, 31, 19, 8, 6), "no_stent": ArmSpec(100, 0, 22, 20, 19)}


def _outcome(spec: ArmSpec, i: int, proc: date) -> dict:
    if i < spec.dead:
        died = proc + timedelta(days=20)
        return dict(mrs_90d=6, death_date=died, discharge_destination="died", discharge_mrs=6,
                    discharge_date=died)
    if i < spec.dead + spec.good:
        return dict(mrs_90d=1)
    if i < spec.dead + spec.good + spec.unknown:
        return dict(mrs_90d=None, followup_date=None, followup_method=None,
                    lost_to_followup="unreachable")
    return dict(mrs_90d=4)


NO_STENT = dict(rescue_stent=False, rescue_reason=None, stent_device=None,
                antiplatelet_regimen=None, no_stent_reason="futility")


def failed_mt_overrides(arm: str, spec: ArmSpec, i: int, proc: date = PROC) -> dict:
    """Field values of case i of a failed-MT arm (rescue_stent or no_stent)."""
    sich = i < spec.sich
    values = dict(procedure_date=proc, sich=sich, heidelberg_class="2" if sich else "none",
                  final_reperfusion="2b67" if i >= spec.n - spec.recanalized else "2a",
                  **_outcome(spec, i, proc))
    return values if arm == "rescue_stent" else {**NO_STENT, **values}


def one_good_pass(grade: str = "2c") -> list[dict]:
    return [{"pass_number": 1, "technique": "aspiration", "device": "React 71",
             "reperfusion_grade": grade, "pass_time": datetime(2025, 1, 10, 10, 40)}]


def success_overrides(proc: date = PROC) -> dict:
    """A thrombectomy that succeeded in one pass (no rescue decision)."""
    return dict(NO_STENT, no_stent_reason=None, procedure_date=proc, reperfusion_after_mt="2c",
                final_reperfusion="2c", mrs_90d=1)


def shift_dates(case, days: int):
    """Move every date and time of a case (and its passes) by whole days."""
    delta = timedelta(days=days)
    for row in [case.values, *case.passes]:
        for code, value in row.items():
            if isinstance(value, (date, datetime)):
                row[code] = value + delta
    return case


def cohort_of(arms: dict[str, ArmSpec], prefix: str = "C", proc: date = PROC) -> list:
    """Cases of every arm of a published cohort, numbered prefix-nnnn."""
    from ..conftest import case_factory
    make_case, cases, number = case_factory(), [], 0
    for arm, spec in arms.items():
        for i in range(spec.n):
            number += 1
            case = make_case(f"{prefix}-{number:04d}", **failed_mt_overrides(arm, spec, i))
            cases.append(shift_dates(case, (proc - PROC).days))
    return cases


@pytest.fixture
def cohort_cases():
    """cohort_cases(CHEN_2019, prefix, proc) -> cases of every arm, numbered prefix-nnnn."""
    return cohort_of


@pytest.fixture
def add_cases(registry):
    """add_cases(cases) -> ids: the cases, each validated with the registry's definitions as
    create_case validates it (none may break a consistency rule), stored in one bulk insert
    with an audit row per initial value, as create_case writes them (the tests using it are
    about the statistics, not about saving one case)."""
    from registry_app.domain.validation import inconsistencies
    from registry_app.services.cases.bulk import bulk_add_cases
    from registry_app.services.cases.editing import check, find_case_id, prepare

    def add(cases) -> list[int]:
        for case in cases:
            assert not inconsistencies(check(registry, prepare(case))), case.values["case_number"]
        bulk_add_cases(registry, cases, field_audit=True)
        return [find_case_id(registry, case.values["case_number"]) for case in cases]
    return add


def _enter_chen(registry) -> None:
    from registry_app.services.cases.editing import create_case
    for case in cohort_of(CHEN_2019):
        create_case(registry, case)


def _enter_chang(registry) -> None:
    from registry_app.services.cases.bulk import bulk_add_cases

    from ..conftest import case_factory
    make_case = case_factory()
    successes = [make_case(f"S-{i:04d}", passes=one_good_pass(), **success_overrides())
                 for i in range(591 - 148)]
    bulk_add_cases(registry, cohort_of(CHANG_2018, prefix="K") + successes)


@pytest.fixture
def chen_registry(filled_copy):
    """This test's copy of a registry holding the 29 failed thrombectomies of Chen 2019,
    entered once per run through the case service."""
    from ..conftest import filled_with
    return filled_copy("sqlite", "chen-2019", filled_with(_enter_chen))


@pytest.fixture
def chang_registry(filled_copy):
    """Chang 2018: 148 failed MT (48 stented, 100 not) among 591 thrombectomies (this test's
    copy of a registry filled once per run)."""
    from ..conftest import filled_with
    return filled_copy("sqlite", "chang-2018", filled_with(_enter_chang))


@pytest.fixture
def new_registry_file(tmp_path, registry_template):
    """new_registry_file(name) -> path (text) of a new, empty registry at the newest schema in
    this test's folder: a copy of the one migrated once per run (opening it migrates nothing)."""
    from ..conftest import copy_registry_file

    def make(name: str) -> str:
        return str(copy_registry_file(registry_template, tmp_path / name))
    return make
