"""Report digests kept between reports: every way a case can change makes its kept digest unused,
so the kept digests always equal digests computed afresh (SQLite and PostgreSQL)."""
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from registry_app.domain.case_merge import OTHER
from registry_app.services.cases.editing import (create_case, delete_case, find_case_id, get_case,
                                                 recompute_derived, restore_case, update_case)
from registry_app.services.cases.history import case_history, restore_value
from registry_app.services.cases.merging import merge_cases, plan_merge, undo_merge
from registry_app.services.demo.generator import fill_demo
from registry_app.services.importing.file_import import import_file
from registry_app.services.interchange.exporting import export_registry
from registry_app.services.registry import save_settings
from registry_app.services.reports import kept_digests
from registry_app.services.reports.digests import window_digests
from registry_app.services.reports.fingerprint import read_inputs, report_inputs, verify_report
from registry_app.storage import digest_marks
from registry_app.storage.digest_marks import report_digests

from ..conftest import TODAY, open_on_test_clock
from ..services.test_merging import make_pair
from ..services.test_stats_aggregated import pg_registry  # noqa: F401

FIRST, LAST = date(1900, 1, 1), date(2100, 12, 31)
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _fill_and_keep(location: str) -> None:
    """80 demo cases, then a first report's digests, all kept."""
    registry = open_on_test_clock(location)
    try:
        fill_demo(registry, 80, seed=3)
        first = kept_digests.kept_window_digests(registry, FIRST, LAST)
        assert first == window_digests(registry, FIRST, LAST) and len(first) > 50
        assert stored_count(registry) == len(first)
    finally:
        registry.close()


@pytest.fixture(params=BACKENDS)
def demo(request, filled_copy):
    """This test's copy of 80 demo cases whose digests were all kept by a first report."""
    return filled_copy(request.param, "kept-digests-80", _fill_and_keep)


def stored_count(registry) -> int:
    with registry.reading() as session:
        return session.scalar(select(func.count()).select_from(report_digests))


def assert_in_step(registry) -> dict[str, str]:
    """The kept digests equal fresh ones (keys, order and digests); returns them."""
    kept = kept_digests.kept_window_digests(registry, FIRST, LAST)
    assert list(kept.items()) == list(window_digests(registry, FIRST, LAST).items())
    return kept


def number_of(registry, index: int = 0) -> str:
    return sorted(window_digests(registry, FIRST, LAST))[index]


def raw(registry, sql: str, **params) -> None:
    with registry.engine.begin() as connection:
        connection.execute(text(sql), params)


def test_a_migrated_registry_holds_exactly_the_mark_triggers(any_registry):
    with any_registry.reading() as session:
        assert digest_marks.marks_kept(session.connection())


def test_a_second_report_computes_no_digest(demo, monkeypatch):
    computed = []
    real = kept_digests.keyed_digests
    monkeypatch.setattr(kept_digests, "keyed_digests",
                        lambda rows, *a: computed.extend(rows) or real(rows, *a))
    assert_in_step(demo)
    assert computed == []


def test_an_edit_is_seen(demo):
    before, number = assert_in_step(demo), number_of(demo)
    case = get_case(demo, find_case_id(demo, number))
    case.values["nihss_admission"] = (case.values["nihss_admission"] or 0) + 1
    update_case(demo, case, query_comment="test")
    assert assert_in_step(demo)[number] != before[number]


def test_raw_sql_on_a_case_and_on_a_pass_is_seen_without_a_version_change(demo):
    before = assert_in_step(demo)
    number = number_of(demo)
    raw(demo, "UPDATE cases SET aspects = 3 WHERE case_number = :n", n=number)
    after = assert_in_step(demo)
    assert after[number] != before[number]
    with demo.reading() as session:
        case_id = session.scalar(text("SELECT case_id FROM passes ORDER BY id LIMIT 1"))
    pass_number = get_case(demo, case_id).values["case_number"]
    raw(demo, "UPDATE passes SET device = 'changed by hand' WHERE case_id = :id", id=case_id)
    assert assert_in_step(demo)[pass_number] != after[pass_number]
    raw(demo, "DELETE FROM passes WHERE case_id = :id", id=case_id)
    assert_in_step(demo)


def test_deleting_restoring_and_a_hard_delete_are_seen(demo, make_case):
    before, number = assert_in_step(demo), number_of(demo, 1)
    case_id = find_case_id(demo, number)
    delete_case(demo, case_id, reason="entered twice")
    assert number not in assert_in_step(demo)
    raw(demo, "UPDATE cases SET age = 99 WHERE id = :id", id=case_id)  # changed while deleted
    restore_case(demo, case_id, reason="not twice after all")
    assert assert_in_step(demo)[number] != before[number]
    with demo.engine.begin() as connection:
        top = connection.execute(text("SELECT max(id) FROM cases")).scalar()
        connection.execute(text("DELETE FROM cases WHERE id = :id"), {"id": top})
    create_case(demo, make_case("NEW-1"))  # SQLite: same id
    assert "NEW-1" in assert_in_step(demo)


def test_an_import_that_changes_cases_is_seen(demo, tmp_path):
    export = tmp_path / "all.xlsx"
    export_registry(demo, export)
    before = assert_in_step(demo)
    raw(demo, "UPDATE cases SET mrs_90d = 0 WHERE id % 3 = 0")
    changed = assert_in_step(demo)
    assert changed != before
    report = import_file(demo, export, write_rejects=False)
    assert report.updated > 0
    assert assert_in_step(demo) == before


def test_an_import_of_new_cases_is_seen(demo, tmp_path):
    export = tmp_path / "all.xlsx"
    export_registry(demo, export)
    before = assert_in_step(demo)
    raw(demo, "DELETE FROM cases")
    assert assert_in_step(demo) == {}
    import_file(demo, export, write_rejects=False)
    assert assert_in_step(demo) == before


def test_a_merge_and_its_undo_are_seen(demo, make_case):
    kept, other = make_pair(demo, make_case)
    before = assert_in_step(demo)
    plan = plan_merge(demo, kept, other)
    plan.defaults.passes = OTHER
    merge_id = merge_cases(demo, kept, other, plan.defaults).merge_id
    merged = assert_in_step(demo)
    assert merged != before
    undo_merge(demo, merge_id, reason="two patients")
    assert assert_in_step(demo) == before


def test_a_value_restored_from_the_history_is_seen(demo):
    number = number_of(demo, 4)
    case_id = find_case_id(demo, number)
    case = get_case(demo, case_id)
    case.values["aspects"] = 2 if case.values["aspects"] != 2 else 3
    update_case(demo, case, query_comment="test")
    edited = assert_in_step(demo)
    audit = next(e for e in case_history(demo, case_id) if e.field == "aspects"
                 and e.action == "update")
    restore_value(demo, case_id, audit.audit_id, "typed in the wrong case")
    assert assert_in_step(demo)[number] != edited[number]


def test_refilled_derived_values_are_seen(demo):
    assert_in_step(demo)
    save_settings(demo, replace(demo.settings(), good_outcome_max_mrs=3))
    recompute_derived(demo)
    assert_in_step(demo)


def test_digests_of_another_layout_are_not_used(demo, monkeypatch):
    raw(demo, "UPDATE report_digests SET digest = '0000000000000000'")  # as if of old code
    monkeypatch.setattr(kept_digests, "LAYOUT_VERSION", kept_digests.LAYOUT_VERSION + 1)
    assert_in_step(demo)


def test_without_the_triggers_no_kept_digest_is_used(demo):
    with demo.engine.begin() as connection:
        digest_marks.uninstall(connection)
        assert not digest_marks.marks_kept(connection)
    number = number_of(demo)
    raw(demo, "UPDATE cases SET aspects = 1 WHERE case_number = :n", n=number)
    assert_in_step(demo)


def test_a_registry_that_cannot_keep_them_still_gets_right_digests(demo, monkeypatch):
    raw(demo, "DELETE FROM report_digests")
    def refuse(*args):
        raise OperationalError("INSERT", {}, Exception("attempt to write a readonly database"))
    monkeypatch.setattr(digest_marks, "store", refuse)
    assert_in_step(demo)
    assert stored_count(demo) == 0


def test_the_report_fingerprint_is_the_same_with_kept_digests(demo):
    args = (demo, "2025-05", date(2024, 5, 1), date(2025, 5, 31), TODAY, ["chen2019"])
    kept = report_inputs(*args)
    raw(demo, "DELETE FROM report_digests")
    assert report_inputs(*args) == kept


def test_a_case_changed_while_its_digest_is_computed_is_computed_again(demo, monkeypatch):
    """The mark is read before the rows: a digest of rows older than a change is stored under
    the mark before the change, which the change has raised, so it is never used."""
    number = number_of(demo)
    raw(demo, "DELETE FROM report_digests")
    real = kept_digests.keyed_digests
    def changed_once_read(rows, passes, canonical):  # the rows are read: now it changes
        raw(demo, "UPDATE cases SET aspects = CASE WHEN aspects = 4 THEN 5 ELSE 4 END"
            " WHERE case_number = :n", n=number)
        return real(rows, passes, canonical)
    monkeypatch.setattr(kept_digests, "keyed_digests", changed_once_read)
    kept_digests.kept_window_digests(demo, FIRST, LAST)
    monkeypatch.setattr(kept_digests, "keyed_digests", real)
    with demo.reading() as session:
        stored, now = session.execute(text(
            "SELECT d.mark, m.mark FROM cases c JOIN case_marks m ON m.case_id = c.id"
            " JOIN report_digests d ON d.case_id = c.id WHERE c.case_number = :n"),
            {"n": number}).one()
    assert stored < now  # kept under the mark it had before the change: never used
    assert_in_step(demo)


@pytest.mark.postgres
def test_a_truncate_forgets_every_kept_digest_on_postgresql(pg_registry, make_case):  # noqa: F811
    registry = pg_registry
    create_case(registry, make_case("T-1"))
    assert_in_step(registry)
    raw(registry, "TRUNCATE cases RESTART IDENTITY CASCADE")
    assert stored_count(registry) == 0
    create_case(registry, make_case("T-2", aspects=3))  # id 1 again: its mark goes on from the old case's
    assert list(assert_in_step(registry)) == ["T-2"]


def test_a_registry_refusing_writes_still_gets_its_report(registry, tmp_path):
    """Once open, SQLite refuses every write (query_only, as for a file made read-only): the
    report's digests are computed, not kept, and the report is written all the same."""
    from sqlalchemy import event
    from registry_app.services.reports.monthly import generate_report
    fill_demo(registry, 30, seed=3)
    def refuse_writes(connection, _record):
        connection.execute("PRAGMA query_only=ON")
    event.listen(registry.engine, "connect", refuse_writes)
    registry.engine.dispose()  # new connections refuse writes
    try:
        result = generate_report(registry, "2025-05", pdf=tmp_path / "m.pdf")
    finally:
        event.remove(registry.engine, "connect", refuse_writes)
        registry.engine.dispose()
    assert read_inputs(result.pdf)["cases"]  # the 13 months' digests, computed
    assert stored_count(registry) == 0
    assert verify_report(registry, result.pdf).matches
