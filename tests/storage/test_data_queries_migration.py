"""The open-queries table arrives on a registry that already holds cases, on both backends."""
from datetime import datetime

from sqlalchemy import inspect, text

from registry_app.services.cases import editing as cases
from registry_app.services.cases.data_queries import list_queries, open_query_counts
from registry_app.services.registry import open_registry
from registry_app.storage.migrate import alembic_config
from tests.storage.test_migrations import _fill_head_registry, _old_registry


def _before_the_query_table() -> str:
    """The revision the open-queries migration upgrades from (whatever the chain is)."""
    from alembic.script import ScriptDirectory
    script = ScriptDirectory.from_config(alembic_config())
    found = next(r for r in script.walk_revisions() if "open_data_queries" in r.path)
    return found.down_revision


def test_a_registry_with_cases_gains_the_query_table(backend_db, tmp_path, make_case):
    rows = _fill_head_registry(str(tmp_path / "head.sqlite3"), make_case)
    old_columns = _old_registry(backend_db, _before_the_query_table(), rows)
    assert "data_queries" not in old_columns and rows["cases"]
    reg = open_registry(backend_db, user="tester")  # upgrades to the newest schema
    _advance_sequences(reg.engine)
    reg.now = lambda: datetime(2025, 6, 30, 14, 30)
    assert "data_queries" in inspect(reg.engine).get_table_names()
    old_id = cases.find_case_id(reg, "M-1")
    assert cases.get_case(reg, old_id).values["aspects"] == 7 and open_query_counts(reg) == {}
    edited = cases.get_case(reg, old_id)
    edited.values["puncture_time"] = datetime(2025, 1, 10, 9, 0)
    edited.values["imaging_time"] = None
    cases.update_case(reg, edited, query_comment="copied from paper")
    assert [(q.case_number, q.rule) for q in list_queries(reg)] == [("M-1", "times_out_of_order")]
    reg.close()


def _advance_sequences(engine) -> None:
    """The rows were copied with their ids: PostgreSQL's id sequences must move past them."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as connection:
        for table in ("cases", "passes", "contact_attempts", "audit_log"):
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                                    f" (SELECT max(id) FROM {table}))"))


def test_queries_open_and_resolve_on_each_backend(backend_registry, make_case):
    backend_registry.now = lambda: datetime(2025, 6, 30, 14, 30)
    bad = make_case("Q-1", puncture_time=datetime(2025, 1, 10, 9, 0), imaging_time=None)
    case_id = cases.create_case(backend_registry, bad, query_comment="paper").case_id
    assert open_query_counts(backend_registry) == {case_id: 1}
    fixed = cases.get_case(backend_registry, case_id)
    fixed.values["puncture_time"] = datetime(2025, 1, 10, 10, 15)
    cases.update_case(backend_registry, fixed)
    [done] = list_queries(backend_registry, include_resolved=True)
    assert done.resolution == "resolved by edit" and open_query_counts(backend_registry) == {}


def test_an_import_opens_queries_on_each_backend(backend_registry, tmp_path):
    from registry_app.services.importing.file_import import import_file
    source = tmp_path / "legacy.csv"
    source.write_text("case_number,procedure_date,door_time,puncture_time\n"
                      "P-1,2025-01-10,2025-01-10 09:10,2025-01-10 10:15\n"
                      "P-2,2025-01-10,2025-01-10 10:30,2025-01-10 09:40\n", encoding="utf-8")
    report = import_file(backend_registry, source, before_import=None)
    assert (report.created, report.with_queries) == (2, 1)
    assert [(q.case_number, q.rule) for q in list_queries(backend_registry)] == [
        ("P-2", "times_out_of_order")]
