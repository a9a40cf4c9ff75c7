"""A case's history and putting back an earlier value through the validated, audited save."""
from datetime import datetime

import pytest

from registry_app.domain.errors import LockedCase, NotFound, RegistryError, ValidationFailed
from registry_app.services.cases import editing as cases
from registry_app.services.cases.history import CannotRestore, case_history, restore_value
from registry_app.services.reports.signoff import sign_off_month


@pytest.fixture
def edited(registry, make_case):
    """A case whose NIHSS went 14 → 20, whose pass 2 technique changed and whose MRN was set."""
    case_id = cases.create_case(registry, make_case("H-1")).case_id
    case = cases.get_case(registry, case_id)
    case.values["nihss_admission"] = 20
    case.passes[1]["technique"] = "aspiration"
    case.identity["mrn"] = "MRN-5"
    cases.update_case(registry, case)
    return case_id


def entry(registry, case_id, field, action="update"):
    return next(e for e in case_history(registry, case_id)
                if e.field == field and e.action == action)


def test_history_names_fields_in_plain_words(registry, edited):
    history = case_history(registry, edited)
    assert {e.action for e in history} == {"create", "update"}
    nihss = entry(registry, edited, "nihss_admission")
    assert (nihss.field_label, nihss.old_value, nihss.new_value) == ("NIHSS on admission", "14", "20")
    assert entry(registry, edited, "pass 2 technique").field_label == "Pass 2: Technique"
    assert nihss.user == "tester" and isinstance(nihss.at, datetime) and nihss.restorable


def test_restoring_a_value_is_validated_audited_and_needs_a_reason(registry, edited):
    audit_id = entry(registry, edited, "nihss_admission").audit_id
    with pytest.raises(RegistryError, match="needs a reason"):
        restore_value(registry, edited, audit_id, "  ")
    result = restore_value(registry, edited, audit_id, "typo in the referral letter")
    assert result.changed_fields == ("nihss_admission",)
    assert cases.get_case(registry, edited).values["nihss_admission"] == 14
    last = case_history(registry, edited)[-1]
    assert (last.field, last.old_value, last.new_value, last.reason) == (
        "nihss_admission", "20", "14", "typo in the referral letter")


def test_restoring_a_pass_value_and_an_identifier(registry, edited):
    restore_value(registry, edited, entry(registry, edited, "pass 2 technique").audit_id, "wrong pass")
    restore_value(registry, edited, entry(registry, edited, "mrn").audit_id, "wrong patient")
    case = cases.get_case(registry, edited)
    assert case.passes[1]["technique"] == "combined" and case.identity["mrn"] is None


def test_restoring_a_value_from_the_creation_empties_the_field(registry, edited):
    created = entry(registry, edited, "aspects", action="create")
    restore_value(registry, edited, created.audit_id, "ASPECTS was not assessed")
    assert cases.get_case(registry, edited).values["aspects"] is None


def test_a_restore_that_breaks_a_rule_is_refused(registry, make_case):
    case_id = cases.create_case(registry, make_case("H-2", ivt=False, ivt_agent=None)).case_id
    case = cases.get_case(registry, case_id)
    case.values.update(ivt=True, ivt_agent="tenecteplase")
    cases.update_case(registry, case)
    with pytest.raises(ValidationFailed, match="IV thrombolytic"):
        restore_value(registry, case_id, entry(registry, case_id, "ivt").audit_id, "undo")


def test_entries_that_changed_no_single_value_cannot_be_restored(registry, edited):
    cases.delete_case(registry, edited, "duplicate")
    cases.restore_case(registry, edited, "not a duplicate")
    deleted = entry(registry, edited, None, action="delete")
    assert not deleted.restorable
    with pytest.raises(CannotRestore, match="nothing to put back"):
        restore_value(registry, edited, deleted.audit_id, "why not")


def test_an_entry_of_another_case_is_refused(registry, edited, make_case):
    other = cases.create_case(registry, make_case("H-3")).case_id
    with pytest.raises(NotFound, match=f"does not belong to case {other}"):
        restore_value(registry, other, entry(registry, edited, "nihss_admission").audit_id, "x")


def test_a_removed_pass_cannot_get_its_value_back(registry, edited):
    audit_id = entry(registry, edited, "pass 2 technique").audit_id
    case = cases.get_case(registry, edited)
    case.passes = case.passes[:1]
    cases.update_case(registry, case)
    with pytest.raises(CannotRestore, match="pass 2 no longer exists"):
        restore_value(registry, edited, audit_id, "undo")


def test_restoring_in_a_signed_off_month_records_the_reason(registry, edited):
    sign_off_month(registry, "2025-01")
    audit_id = entry(registry, edited, "nihss_admission").audit_id
    restore_value(registry, edited, audit_id, "corrected after sign-off")
    assert case_history(registry, edited)[-1].reason == "corrected after sign-off"
    with pytest.raises(LockedCase):
        case = cases.get_case(registry, edited)
        case.values["age"] = 50
        cases.update_case(registry, case)


def test_deleted_cases_are_listed_and_restorable(registry, make_case):
    keep = cases.create_case(registry, make_case("D-1")).case_id
    gone = cases.create_case(registry, make_case("D-2")).case_id
    with pytest.raises(RegistryError, match="needs a reason"):
        cases.delete_case(registry, gone, "")
    cases.delete_case(registry, gone, "test case")
    [listed] = cases.deleted_cases(registry)
    assert (listed["case_number"], listed["deleted_reason"]) == ("D-2", "test case")
    cases.restore_case(registry, gone, "needed after all")
    assert cases.deleted_cases(registry) == [] and cases.get_case(registry, gone).id == gone
    assert keep != gone


def test_history_by_save_groups_rows_written_together_with_values_in_words(registry, make_case):
    from registry_app.services.cases.history import history_by_save, in_words
    from registry_app.services.cases.editing import create_case, get_case, update_case
    case_id = create_case(registry, make_case("G-1")).case_id
    case = get_case(registry, case_id)
    case.values.update(occlusion_site="BA", age=70)
    update_case(registry, case, "Checked the scan")
    groups = history_by_save(registry, case_id)
    assert [g.action for g in groups] == ["create", "update"]
    changed = groups[1]
    assert (changed.user, changed.reason) == ("tester", "Checked the scan")
    assert [(e.field_label, e.old_text, e.new_text) for e in changed.changes] == [
        ("Age", "67", "70"), ("Occlusion site", "MCA M1", "Basilar artery")]
    assert in_words("procedural_complications", "dissection;perforation") == (
        "Arterial dissection, Vessel perforation")
    assert in_words("ivt", "no") == "No" and in_words("notes", "free text") == "free text"
    assert in_words("pass 2 technique", "combined").startswith("Combined")


def test_an_imported_case_shows_every_imported_value_in_words_and_can_restore_one(registry, tmp_path):
    from registry_app.services.cases.history import history_by_save
    from registry_app.services.importing.file_import import import_file
    (tmp_path / "i.csv").write_text(
        "case_number,procedure_date,age,occlusion_site,ivt,mrn\nI-1,2025-01-10,70,M2,yes,MRN-9\n")
    (tmp_path / "i.attempts.csv").write_text("case_number,pass_number,technique\nI-1,1,aspiration\n")
    import_file(registry, tmp_path / "i.csv", before_import=None)
    case_id = cases.find_case_id(registry, "I-1")
    [imported] = history_by_save(registry, case_id)
    shown = {e.field_label: (e.old_text, e.new_text) for e in imported.changes}
    assert imported.action == "import" and imported.user == "tester"
    assert shown["Age"] == (None, "70") and shown["Occlusion site"] == (None, "MCA M2")
    assert shown["IV thrombolysis"] == (None, "Yes") and shown["Procedure date"] == (None, "2025-01-10")
    assert shown["Pass 1: Technique"] == (None, "Contact aspiration")
    assert shown["Medical record number"] == (None, "MRN-9")
    age = next(e for e in imported.changes if e.field == "age")
    assert age.restorable
    with pytest.raises(CannotRestore):
        restore_value(registry, case_id, age.audit_id, "no field named")
    restore_value(registry, case_id, age.audit_id, "age was not known", field="age")
    assert cases.get_case(registry, case_id).values["age"] is None
    last = case_history(registry, case_id)[-1]
    assert (last.field, last.old_value, last.new_value) == ("age", "70", None)


def test_the_initial_values_of_a_case_are_its_changes_from_an_empty_case(make_case):
    from datetime import datetime as dt

    from registry_app.domain.case import Case
    from registry_app.storage import audit
    case = make_case("V-1", identity={"mrn": "M-1", "birth_date": None},
                     procedural_complications=("dissection", "perforation"), notes="a\ttab")
    case.contacts = [{"attempted_at": dt(2025, 4, 1, 9, 5), "method": "phone", "reached": False}]
    case.values["mrn"] = "in the values"  # Case.get reads the values before the identifiers
    initial = audit.initial_values(case)
    assert initial == audit.field_changes(None, case) == audit.field_changes(Case(), case)
    assert ("mrn", None, "in the values") in initial and ("contact 1 reached", None, "no") in initial
    assert audit.expanded(*audit.values_row(initial)) == initial
