"""Which values a merged case ends with: picks per field, passes whole, contacts moved."""
from __future__ import annotations

from datetime import datetime

from registry_app.domain.case import Case
from registry_app.domain.case_merge import (BOTH, KEPT, LEAVE, OTHER, MergeChoices,
                                            choosable_fields, default_choices, field_choices,
                                            merged)

from ..conftest import two_passes, valid_case_values


def cases() -> tuple[Case, Case]:
    kept = Case(values=valid_case_values("A", age=None, procedural_complications=("none",)),
                passes=two_passes(), identity={"mrn": "1"})
    other = Case(values=valid_case_values("B", age=70, mt_passes=1,
                                          procedural_complications=("perforation",)),
                 passes=two_passes()[:1], identity={"mrn": "2"},
                 contacts=[{"attempted_at": datetime(2025, 4, 1, 9, 0), "method": "phone"}])
    return kept, other


def test_case_number_registry_id_and_pass_summary_are_not_picked():
    codes = {fd.code for fd in choosable_fields()}
    assert not {"case_number", "registry_id", "mt_passes", "first_pass_time"} & codes
    assert {"age", "mrn", "birth_date", "procedural_complications"} <= codes


def test_both_answers_of_a_multiple_choice_drop_none():
    kept, other = cases()
    [complications] = [c for c in field_choices(kept, other)
                       if c.fd.code == "procedural_complications"]
    assert complications.options() == (KEPT, OTHER, BOTH)
    picks = default_choices(kept, other)
    picks.fields["procedural_complications"] = BOTH
    survivor, _ = merged(kept, other, picks)
    assert survivor.values["procedural_complications"] == ("perforation",)


def test_passes_come_whole_from_one_case_with_what_they_give():
    kept, other = cases()
    picks = default_choices(kept, other)
    assert picks.fields["age"] == OTHER and picks.fields["mrn"] == KEPT
    survivor, leftover = merged(kept, other, picks)
    assert survivor.values["age"] == 70 and len(survivor.passes) == 2
    assert len(survivor.contacts) == 1 and leftover.contacts == []
    survivor, leftover = merged(kept, other, MergeChoices(picks.fields, OTHER, LEAVE))
    assert len(survivor.passes) == 1 and survivor.values["mt_passes"] == 1
    assert survivor.contacts == [] and len(leftover.contacts) == 1
    assert survivor.values["case_number"] == "A" and kept.values["age"] is None  # no side effects
