"""validate_case gives, case by case, the issues recorded before its speed-ups (frozen digests)."""
from __future__ import annotations

import hashlib
import json
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from registry_app.domain.case import Case
from registry_app.domain.field_types import FieldDef
from registry_app.domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
from registry_app.domain.settings import RegistrySettings
from registry_app.domain.validation import check_field, quick_check, validate_case
from registry_app.services.demo.generator import demo_cases

TODAY = date(2026, 12, 6)
EXPECTED = Path(__file__).parent / "data" / "validation_digests.json"
SHORTER_FOLLOWUP = RegistrySettings(mt_failure_threshold="2c", followup_days=30,
                                    followup_window_days=3)


def _odd_value(fd: FieldDef, case: Case, rng: random.Random) -> Any:
    """A value a hurried or confused entry could leave in the field."""
    proc = case.values.get("procedure_date") or TODAY
    noon = datetime.combine(proc, datetime.min.time()) + timedelta(hours=12)
    by_kind: dict[str, list[Any]] = {
        "int": [0, 6, 17, 120, -1, fd.minimum, fd.maximum,
                None if fd.maximum is None else fd.maximum + 1],
        "float": [0.0, -0.0, 3.5, 1e6, None if fd.minimum is None else fd.minimum - 1],
        "choice": list(fd.codes) + ["bogus", ""],
        "multichoice": [(), tuple(fd.codes[:1]), tuple(fd.codes[:3]), ("none", "other")],
        "yesno": [True, False],
        "text": ["", "  ", "x", "y" * ((fd.max_length or 50) + 1)],
        "date": [date(1985, 3, 1), proc - timedelta(days=3), proc + timedelta(days=rng.randrange(0, 130)),
                 TODAY + timedelta(days=9), proc],
        "datetime": [noon, noon - timedelta(minutes=rng.randrange(1, 600)),
                     noon + timedelta(minutes=rng.randrange(1, 600)), datetime(1971, 5, 2, 8, 0),
                     noon + timedelta(days=3)],
    }
    return rng.choice(by_kind[fd.kind] + [None])


def _odd_pass(case: Case, rng: random.Random) -> dict[str, Any]:
    made = {fd.code: _odd_value(fd, case, rng) for fd in PASS_FIELDS if rng.random() < 0.5}
    return {key: value for key, value in made.items()}


def _shaken(case: Case, rng: random.Random) -> Case:
    """A copy with a few fields (of any territory), passes, identifiers or contacts made odd."""
    odd = case.copy()
    own = [fd for fd in CASE_FIELDS if fd.applies_to(case.territory)]
    for fd in rng.sample(own if rng.random() < 0.7 else CASE_FIELDS, rng.randrange(1, 7)):
        odd.values[fd.code] = _odd_value(fd, odd, rng)
    if rng.random() < 0.3:
        odd.passes = [_odd_pass(odd, rng) for _ in range(rng.randrange(0, 4))]
        odd = Case(values=odd.values, passes=odd.passes, identity=odd.identity,
                   contacts=odd.contacts)
    if rng.random() < 0.2:
        fd = rng.choice(IDENTITY_FIELDS)
        odd.identity[fd.code] = _odd_value(fd, odd, rng)
    if rng.random() < 0.1:
        odd.contacts = odd.contacts + [{fd.code: _odd_value(fd, odd, rng) for fd in CONTACT_FIELDS}]
    return odd


def _hand_made() -> list[Case]:
    """Awkward cases no generator makes: blank, territories outside the vocabulary, bare passes."""
    proc = date(2026, 5, 4)
    return [Case(), Case(values={"territory": None}), Case(values={"territory": "renal"}),
            Case(values={"territory": "limb"}), Case(values={"territory": "coronary"}),
            Case(values={"procedure_date": proc, "mt_passes": 0, "reperfusion_after_mt": "2a",
                         "rescue_stent": True, "sich": True, "heidelberg_class": "none"}),
            Case(values={"procedure_date": proc, "mrs_90d": 6, "discharge_mrs": 6,
                         "discharge_destination": "home"}, passes=[{}, {"reperfusion_grade": "9"}]),
            Case(values={"territory": "coronary", "procedure_date": proc, "reattempt": False,
                         "reattempt_date": proc - timedelta(days=1), "stent_delivered": False}),
            Case(values={"territory": "limb", "procedure_date": proc, "amputation_date": proc,
                         "major_amputation_30d": True, "major_amputation_90d": False,
                         "limb_salvage_30d": True, "adjunctive_therapy": ("none", "stent")})]


def varied_cases() -> list[Case]:
    """Demo cases of every territory, two shaken copies of each, and the hand-made ones."""
    demo = demo_cases(2500, 7, TODAY)
    rng = random.Random(19)
    return demo + [_shaken(case, rng) for case in demo + demo] + _hand_made()


def digest(issues: list) -> str:
    """A short hash of the issues' fields, messages, severities and rules, in order."""
    text = json.dumps([[i.field, i.message, i.severity, i.rule] for i in issues])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def outcome(case: Case, settings: RegistrySettings) -> tuple[str, int]:
    """The digest of the case's issues and their number, or the exception validation raised
    (none is expected: a reperfusion scale outside the vocabulary raised KeyError until
    2026-12-07, and those 79 recorded outcomes were then written again)."""
    try:
        issues = validate_case(case, settings, TODAY)
    except Exception as exc:  # noqa: BLE001 - the failure is part of the recorded behaviour
        return f"raises {type(exc).__name__}", 0
    return digest(issues), len(issues)


def digests() -> dict[str, Any]:
    """The digest of each case's issues, under the default settings and under other ones."""
    cases = varied_cases()
    default = [outcome(case, RegistrySettings()) for case in cases]
    return {"default": [text for text, _ in default],
            "other_settings": [outcome(case, SHORTER_FOLLOWUP)[0] for case in cases[::5]],
            "issues": sum(count for _, count in default)}


def test_every_case_has_the_issues_recorded_before_the_speed_ups():
    expected, found = json.loads(EXPECTED.read_text()), digests()
    assert found["issues"] == expected["issues"]
    for key in ("default", "other_settings"):
        differing = [i for i, (a, b) in enumerate(zip(found[key], expected[key])) if a != b]
        assert len(found[key]) == len(expected[key]) and not differing, (key, differing[:10])


def test_the_recorded_cases_meet_many_issues_of_every_kind():
    expected = json.loads(EXPECTED.read_text())
    assert expected["issues"] > 15_000
    assert len(set(expected["default"])) > 3_000  # varied results, not one repeated list


AWKWARD = (0, -1, 1, 5, 6, 7, 20, 21, 42, 43, 120, 121, -0.0, 0.5, float("nan"), float("inf"),
           True, False, "", " ", "\t", "x", "2b", "M2", "none", "yes", "y" * 65, "z" * 201,
           "w" * 10_001, ("M2",), ["M2"], date(2026, 1, 1), 1 + 2j, b"M2", None)


def test_a_value_passing_the_quick_check_is_one_check_field_finds_nothing_wrong_with():
    """Each field's quick check says yes only where check_field finds nothing (a no, or a
    TypeError, hands the value to check_field); values of every field's own vocabulary too."""
    from registry_app.domain.fields import CASE_FIELDS, PASS_FIELDS
    passed = 0
    for fd in CASE_FIELDS + PASS_FIELDS:
        fine = quick_check(fd)
        for value in AWKWARD + fd.codes:
            try:
                said = fine is None or value is not None and fine(value)
            except TypeError:
                continue
            try:
                found = check_field(fd, value) if value is not None else []
            except TypeError:
                found = ["raises"]
            assert not said or found == [], (fd.code, value)
            passed += bool(said and fine is not None)
    assert passed > 300  # the quick checks said yes often enough to mean something


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:  # run once with the reference tree
    EXPECTED.parent.mkdir(exist_ok=True)
    EXPECTED.write_text(json.dumps(digests(), separators=(",", ":")) + "\n")
