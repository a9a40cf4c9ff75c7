"""Merging two cases of one patient: chosen values, a hidden merged-away case, an audit trail
naming the merge, statistics without the merged-away case, and an exact undo."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from registry_app.domain.case_merge import BOTH, KEPT, LEAVE, OTHER, default_choices
from registry_app.domain.errors import NotFound, RegistryError, StaleRecord
from registry_app.services.cases.editing import (case_history, create_case, deleted_cases, get_case, restore_case,
                                                 update_case)
from registry_app.services.cases.duplicates import possible_duplicates
from registry_app.services.cases.merging import merge_cases, merges, plan_merge, undo_merge
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.statistics import compute_stats
from registry_app.storage import merge_rows, stats_summary

from .test_stats_aggregated import per_case_stats, pg_registry, scan_stats  # noqa: F401

CONTACT = {"attempted_at": datetime(2025, 4, 9, 10, 0), "method": "phone", "reached": True,
           "note": "spoke to daughter"}


def make_pair(registry, make_case):
    kept = make_case("K-1", nihss_admission=None, procedural_complications=("perforation",),
                     identity={"mrn": "MRN-7", "patient_name": "Ada Lovelace"})
    other = make_case("K-2", nihss_admission=18, age=68, passes=[],
                      procedural_complications=("dissection",),
                      identity={"mrn": "0007-MRN", "birth_date": date(1950, 2, 3)})
    other.contacts = [dict(CONTACT)]
    return create_case(registry, kept).case_id, create_case(registry, other).case_id


@pytest.fixture
def pair(registry, make_case):
    """Case K-1 (kept: no NIHSS, two passes) and K-2 (the same patient typed again)."""
    return make_pair(registry, make_case)


def stored(registry, case_id):
    with registry.reading() as session:
        return merge_rows.snapshot(session, case_id)


def test_defaults_keep_the_kept_values_and_fill_its_blanks(registry, pair):
    plan = plan_merge(registry, *pair)
    picks = plan.defaults.fields
    assert picks["nihss_admission"] == OTHER and picks["age"] == KEPT
    assert picks["birth_date"] == OTHER and picks["mrn"] == KEPT
    assert "case_number" not in picks and plan.defaults.passes == KEPT
    assert {c.fd.code for c in plan.differing} >= {"nihss_admission", "age", "mrn"}
    assert default_choices(plan.other, plan.kept).passes == OTHER  # no passes of its own


def test_a_merge_takes_the_chosen_values_and_hides_the_other_case(registry, pair):
    kept_id, other_id = pair
    plan = plan_merge(registry, kept_id, other_id)
    plan.defaults.fields["age"] = OTHER
    plan.defaults.fields["procedural_complications"] = BOTH
    done = merge_cases(registry, kept_id, other_id, plan.defaults)
    merge_id = done.merge_id
    assert done.changes.case_ids == {kept_id, other_id}
    survivor = get_case(registry, kept_id)
    assert survivor.values["nihss_admission"] == 18 and survivor.values["age"] == 68
    assert survivor.values["procedural_complications"] == ("dissection", "perforation")
    assert survivor.identity["birth_date"] == date(1950, 2, 3)
    assert survivor.identity["mrn"] == "MRN-7" and len(survivor.passes) == 2
    assert [c["note"] for c in survivor.contacts] == ["spoke to daughter"]
    with pytest.raises(NotFound):
        get_case(registry, other_id)
    assert possible_duplicates(registry, survivor) == []
    history = case_history(registry, kept_id)
    merged_rows = [h for h in history if h["action"] == "merge"]
    assert {h["field"] for h in merged_rows} >= {"nihss_admission", "age", "birth_date"}
    assert all(h["reason"] == f"Merge {merge_id}: case K-2 merged into case K-1"
               for h in merged_rows)
    assert any(h["action"] == "merge" and h["field"] is None
               for h in case_history(registry, other_id))
    [listed] = merges(registry)
    assert listed.text().startswith(f"Merge {merge_id}: case K-2 merged into case K-1")


def test_contacts_may_stay_with_the_merged_away_case(registry, pair):
    plan = plan_merge(registry, *pair)
    plan.defaults.contacts = LEAVE
    merge_cases(registry, *pair, plan.defaults)
    assert get_case(registry, pair[0]).contacts == []


def test_undo_gives_back_both_cases_exactly(registry, pair):
    assert_undo_is_exact(registry, pair)


@pytest.mark.postgres
def test_undo_gives_back_both_cases_exactly_on_postgresql(pg_registry, make_case):  # noqa: F811
    assert_undo_is_exact(pg_registry, make_pair(pg_registry, make_case))


def assert_undo_is_exact(registry, pair):
    before = [stored(registry, case_id) for case_id in pair]
    plan = plan_merge(registry, *pair)
    plan.defaults.passes = OTHER
    merge_id = merge_cases(registry, *pair, plan.defaults).merge_id
    assert stored(registry, pair[0]) != before[0]
    undone = undo_merge(registry, merge_id, reason="not the same patient")
    assert undone.undone_at is not None
    assert [stored(registry, case_id) for case_id in pair] == before
    assert get_case(registry, pair[1]).contacts[0]["note"] == "spoke to daughter"
    unmerged = [h for h in case_history(registry, pair[0]) if h["action"] == "unmerge"]
    assert unmerged and all(h["reason"] == f"Merge {merge_id}: undone (not the same patient)"
                            for h in unmerged)
    with pytest.raises(RegistryError, match="already undone"):
        undo_merge(registry, merge_id)


def test_merges_of_one_case_are_undone_last_first(registry, pair, make_case):
    third = create_case(registry, make_case("K-3", identity={"contact_phone": "0123"})).case_id
    before = [stored(registry, case_id) for case_id in (*pair, third)]
    first = merge_cases(registry, *pair).merge_id
    second = merge_cases(registry, pair[0], third).merge_id
    with pytest.raises(StaleRecord, match=f"Undo merge {second} first"):
        undo_merge(registry, first)  # the kept case changed since: by the second merge
    undo_merge(registry, second)
    undo_merge(registry, first)
    assert [stored(registry, case_id) for case_id in (*pair, third)] == before


def test_undo_is_refused_when_the_kept_case_changed_after_the_merge(registry, pair):
    merge_id = merge_cases(registry, *pair).merge_id
    changed = get_case(registry, pair[0])
    changed.values["aspects"] = 6
    update_case(registry, changed)
    with pytest.raises(StaleRecord, match="was changed after merge"):
        undo_merge(registry, merge_id)


def test_a_merged_away_case_is_not_restored_as_a_deleted_one(registry, pair):
    merge_cases(registry, *pair)
    assert deleted_cases(registry) == []  # merged, not deleted
    with pytest.raises(RegistryError, match="undo the merge instead"):
        restore_case(registry, pair[1])


def test_merging_a_case_with_itself_or_a_stale_plan_is_refused(registry, pair):
    with pytest.raises(RegistryError, match="with itself"):
        plan_merge(registry, pair[0], pair[0])
    with pytest.raises(StaleRecord):
        merge_cases(registry, *pair, versions=(0, 1))


def test_statistics_leave_the_merged_away_case_out_on_every_path(registry, pair):
    flt = CaseFilter()
    assert compute_stats(registry, flt)["cases"] == 2
    merge_id = merge_cases(registry, *pair).merge_id
    counted = [compute_stats(registry, flt), scan_stats(registry, flt),
               per_case_stats(registry, flt)]
    assert [s["cases"] for s in counted] == [1, 1, 1]
    assert counted[0] == counted[1] == counted[2]
    with registry.engine.connect() as connection:
        assert stats_summary.mismatches(connection) == 0
    undo_merge(registry, merge_id)
    assert compute_stats(registry, flt)["cases"] == scan_stats(registry, flt)["cases"] == 2
    with registry.engine.connect() as connection:
        assert stats_summary.mismatches(connection) == 0


def test_a_signed_off_month_needs_a_reason_and_lists_the_merge(registry, pair):
    from registry_app.domain.errors import LockedCase
    from registry_app.services.reports.pdf.sections import _change_text
    from registry_app.services.reports.signoff import changes_after_signoff, sign_off_month
    sign_off_month(registry, "2025-01")
    with pytest.raises(LockedCase, match="Give a reason"):
        merge_cases(registry, *pair)
    merge_cases(registry, *pair, reason="same patient, typed twice")
    listed = [c for c in changes_after_signoff(registry) if c["action"] == "merge"]
    nihss = next(c for c in listed if c["field"] == "nihss_admission")
    assert _change_text(nihss) == "from (empty) to 18"
    assert nihss["reason"] == "Merge 1: case K-2 merged into case K-1 (same patient, typed twice)"


def test_a_merge_that_breaks_a_consistency_rule_opens_a_query_and_its_undo_resolves_it(
        registry, make_case):
    from registry_app.services.cases.data_queries import list_queries
    kept_id = create_case(registry, make_case("Q-1")).case_id
    early = make_case("Q-2", puncture_time=datetime(2025, 1, 10, 8, 0), imaging_time=None)
    other_id = create_case(registry, early, query_comment="as on the paper form").case_id
    held = [(q.id, q.comment) for q in list_queries(registry, other_id)]
    plan = plan_merge(registry, kept_id, other_id)
    plan.defaults.fields["puncture_time"] = OTHER
    done = merge_cases(registry, kept_id, other_id, plan.defaults)
    opened = list_queries(registry, kept_id)
    assert ("times_out_of_order", "puncture_time") in [(q.rule, q.fields) for q in opened]
    assert all(q.is_open and q.comment.startswith(f"Merge {done.merge_id}: case Q-2 merged"
                                                  " into case Q-1") for q in opened)
    undo_merge(registry, done.merge_id)
    assert list_queries(registry, kept_id) == []
    assert [(q.id, q.comment) for q in list_queries(registry, other_id)] == held
