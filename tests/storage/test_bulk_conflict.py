"""Bulk updates (imports) against a real concurrent save: a stale row is a conflict, never a
silent no-op that the audit trail records as done, on SQLite and on PostgreSQL."""
import pytest
from sqlalchemy import func, select

from registry_app.domain.errors import StaleRecord
from registry_app.services.cases.editing import create_case, get_case, update_case
from registry_app.services.registry import open_registry
from registry_app.storage import audit, bulk_rows
from registry_app.storage.schema import AuditRow


def _audit_count(registry, **where) -> int:
    query = select(func.count()).select_from(AuditRow).filter_by(**where)
    with registry.reading() as session:
        return session.scalar(query)


def _edited(registry, case_id: int, note: str):
    before = get_case(registry, case_id)
    after = get_case(registry, case_id)
    after.values["notes"] = note
    return after, audit.field_changes(before, after)


def _save_concurrently(url: str, case_id: int, monkeypatch) -> None:
    """After the import checked the versions, a colleague saves the case on another connection."""
    checked = bulk_rows._check_versions

    def check_then_colleague_saves(session, cases):
        numbers = checked(session, cases)
        colleague = open_registry(url, user="colleague")
        try:
            case = get_case(colleague, case_id)
            case.values["notes"] = "saved by the colleague"
            update_case(colleague, case)
        finally:
            colleague.close()
        return numbers
    monkeypatch.setattr(bulk_rows, "_check_versions", check_then_colleague_saves)


@pytest.mark.parametrize("backend_registry", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
                         indirect=True)
def test_a_concurrent_save_makes_the_bulk_update_a_reported_conflict(
        backend_registry, make_case, monkeypatch):
    registry = backend_registry
    ids = [create_case(registry, make_case(f"K-{i}")).case_id for i in range(3)]
    updates = [_edited(registry, case_id, "from the import") for case_id in ids]
    audited_before = _audit_count(registry)
    _save_concurrently(registry.url, ids[1], monkeypatch)
    with pytest.raises(StaleRecord, match="changed by someone else during the import"):
        with registry.transaction() as session:
            bulk_rows.update_changed_cases(session, updates, registry.settings(), "tester",
                                           reason="import")
    assert get_case(registry, ids[1]).values["notes"] == "saved by the colleague"
    assert [get_case(registry, i).values.get("notes") for i in (ids[0], ids[2])] \
        == [None, None]  # the whole batch rolled back
    assert _audit_count(registry, reason="import") == 0
    assert _audit_count(registry) == audited_before + 1  # only the colleague's real save


@pytest.mark.parametrize("backend_registry", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
                         indirect=True)
def test_without_a_concurrent_save_the_bulk_update_is_written_and_audited(
        backend_registry, make_case):
    registry = backend_registry
    ids = [create_case(registry, make_case(f"K-{i}")).case_id for i in range(3)]
    updates = [_edited(registry, case_id, "from the import") for case_id in ids]
    with registry.transaction() as session:
        bulk_rows.update_changed_cases(session, updates, registry.settings(), "tester",
                                       reason="import")
    assert [get_case(registry, i).values["notes"] for i in ids] == ["from the import"] * 3
    assert [get_case(registry, i).version for i in ids] == [2, 2, 2]
    assert _audit_count(registry, reason="import") == 3


@pytest.mark.parametrize("backend_registry", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
                         indirect=True)
def test_a_demo_whose_numbers_another_program_took_retries_on_each_backend(
        backend_registry, monkeypatch):
    from registry_app.services.cases import bulk
    from registry_app.services import failures
    from registry_app.services.demo.generator import fill_demo
    from registry_app.services.cases.queries import count_cases
    registry, real, caught = backend_registry, bulk.bulk_add_cases, []

    def other_program_first(reg, cases, *args, **kwargs):
        if caught or kwargs.get("session") is not None:
            return real(reg, cases, *args, **kwargs)
        caught.append(None)
        other = open_registry(registry.url, user="other")
        try:
            real(other, [c.copy() for c in cases[:2]], action="demo")
            return real(reg, cases, *args, **kwargs)
        except Exception as exc:  # the real collision, as the losing writer sees it
            caught[0] = failures.classify(exc)
            raise
        finally:
            other.close()
    monkeypatch.setattr(bulk, "bulk_add_cases", other_program_first)
    assert fill_demo(registry, 12, seed=3).added == 12
    assert caught == [failures.CONCURRENT] and count_cases(registry) == 14
