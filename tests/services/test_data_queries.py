"""Soft stops: a case that breaks a consistency rule is saved with a comment as open queries,
resolved by a note or by the edit that makes the rule pass; every step is audited."""
from datetime import datetime

import pytest

from registry_app.domain.errors import CommentNeeded, RegistryError, ValidationFailed
from registry_app.services.cases import editing as cases
from registry_app.services.cases.data_queries import list_queries, open_query_counts, resolve_query

EARLY_PUNCTURE = dict(puncture_time=datetime(2025, 1, 10, 9, 0), imaging_time=None)


def test_an_inconsistent_case_needs_a_comment_and_nothing_is_saved_without(registry, make_case):
    with pytest.raises(CommentNeeded) as err:
        cases.create_case(registry, make_case(**EARLY_PUNCTURE))
    assert "Groin puncture" in err.value.message and "before" in err.value.message
    assert [i.rule for i in err.value.issues] == ["times_out_of_order"]
    assert cases.find_case_id(registry, "C-0001") is None and list_queries(registry) == []


def test_saved_with_a_comment_it_holds_an_open_query_per_broken_rule(registry, make_case):
    result = cases.create_case(registry, make_case(**EARLY_PUNCTURE),
                               query_comment="as on the paper form")
    [query] = list_queries(registry)
    assert (query.case_id, query.rule, query.fields) == (result.case_id, "times_out_of_order",
                                                         "puncture_time")
    assert query.comment == "as on the paper form" and query.opened_by == "tester"
    assert query.opened_at == registry.now() and query.is_open and query.case_number == "C-0001"
    assert "before" in query.message
    assert open_query_counts(registry) == {result.case_id: 1}
    opened = [h for h in cases.case_history(registry, result.case_id) if h["action"] == "query opened"]
    assert opened[0]["reason"] == "as on the paper form" and opened[0]["field"] == "puncture_time"


def test_values_that_cannot_be_stored_block_even_with_a_comment(registry, make_case):
    with pytest.raises(ValidationFailed) as err:
        cases.create_case(registry, make_case(nihss_admission=50), query_comment="paper")
    assert not isinstance(err.value, CommentNeeded)
    assert cases.find_case_id(registry, "C-0001") is None


def test_another_edit_needs_no_new_comment_while_the_query_is_open(registry, make_case):
    case_id = cases.create_case(registry, make_case(**EARLY_PUNCTURE), query_comment="paper").case_id
    edited = cases.get_case(registry, case_id)
    edited.values["aspects"] = 7
    cases.update_case(registry, edited)
    assert len(list_queries(registry)) == 1


def test_an_edit_that_makes_the_rule_pass_resolves_the_query(registry, make_case):
    case_id = cases.create_case(registry, make_case(**EARLY_PUNCTURE), query_comment="paper").case_id
    edited = cases.get_case(registry, case_id)
    edited.values["puncture_time"] = datetime(2025, 1, 10, 10, 15)
    cases.update_case(registry, edited)
    assert list_queries(registry) == [] and open_query_counts(registry) == {}
    [done] = list_queries(registry, include_resolved=True)
    assert done.resolution == "resolved by edit" and done.resolved_by == "tester"
    resolved = [h for h in cases.case_history(registry, case_id) if h["action"] == "query resolved"]
    assert resolved[0]["reason"] == "resolved by edit"


def test_a_query_resolved_with_a_note_is_audited(registry, make_case):
    case_id = cases.create_case(registry, make_case(**EARLY_PUNCTURE), query_comment="paper").case_id
    [query] = list_queries(registry)
    with pytest.raises(RegistryError, match="Resolution note: is required"):
        resolve_query(registry, query.id, "  ")
    resolve_query(registry, query.id, "confirmed with the angio report")
    assert list_queries(registry) == []
    [done] = list_queries(registry, include_resolved=True)
    assert done.resolution == "confirmed with the angio report"
    history = cases.case_history(registry, case_id)
    resolved = [h for h in history if h["action"] == "query resolved"]
    assert [h["reason"] for h in resolved] == ["confirmed with the angio report"]
    with pytest.raises(RegistryError, match="already resolved"):
        resolve_query(registry, query.id, "again")
