"""The statistics summary kept by the database's triggers (SQLite, and PL/pgSQL on PostgreSQL)
stays equal to a fresh count of the cases through every kind of write, and the statistics read
it only for selections it holds."""
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text

from registry_app.domain.case import Case
from registry_app.services.statistics import summary as stats_from_summary
from registry_app.services.statistics import scan as stats_sql
from registry_app.services.cases.editing import (create_case, delete_case, get_case, recompute_derived, restore_case,
                                                 update_case)
from registry_app.cli.main import main
from registry_app.services.demo.generator import fill_demo
from registry_app.services.importing.file_import import import_file
from registry_app.services.interchange.exporting import export_registry
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.registry import save_settings
from registry_app.services.statistics import compute_stats
from registry_app.storage import repository, stats_summary

from ..conftest import (filled_with, open_on_test_clock, two_passes,
                        valid_case_values)

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def summary_rows(registry) -> dict[str, list[tuple]]:
    """Both summary tables, rows with a count only, in key order."""
    with registry.engine.connect() as connection:
        days = connection.execute(text("SELECT * FROM stats_days WHERE n != 0"
                                       " ORDER BY day, failed, stent")).all()
        values = connection.execute(text("SELECT * FROM stats_values WHERE n != 0"
                                         " ORDER BY measure, value, month")).all()
    return {"days": [tuple(r) for r in days], "values": [tuple(r) for r in values]}


def assert_summary_in_step(registry) -> None:
    """The triggers' running totals equal a count from scratch."""
    kept = summary_rows(registry)
    with registry.engine.begin() as connection:
        stats_summary.rebuild(connection)
    assert kept == summary_rows(registry)
    assert kept["days"] and kept["values"]


def _fill_demo(location: str) -> None:
    """200 demo cases (seed 3), entered on the tests' clock."""
    registry = open_on_test_clock(location)
    fill_demo(registry, 200, seed=3)
    registry.close()


@pytest.fixture(params=BACKENDS)
def demo(request, filled_copy):
    """This test's own copy of the 200-case demo registry on each backend."""
    return filled_copy(request.param, "summary-demo-200-3", _fill_demo)


@pytest.fixture(scope="module")
def exports_of_the_demo(tmp_path_factory):
    """export(registry) -> path of the .xlsx export of an unchanged copy of the demo registry,
    written once per backend and module (the copies are alike; the tests only read it)."""
    made: dict[str, object] = {}

    def export(registry):
        backend = registry.engine.dialect.name
        if backend not in made:
            made[backend] = tmp_path_factory.mktemp(f"demo-export-{backend}") / "all.xlsx"
            export_registry(registry, made[backend])
        return made[backend]
    return export


def _fill_demo_50_seed_5(registry) -> None:
    fill_demo(registry, 50, seed=5)


@pytest.fixture
def demo_50(filled_copy):
    """This test's own SQLite copy of a 50-case demo registry (seed 5) made once."""
    return filled_copy("sqlite", "summary-demo-50-5", filled_with(_fill_demo_50_seed_5))


def test_summary_follows_adding_editing_deleting_and_restoring(demo, make_case):
    assert_summary_in_step(demo)
    case_id = create_case(demo, make_case("S-1", mrs_90d=6)).case_id
    assert_summary_in_step(demo)
    case = get_case(demo, case_id)
    case.values.update(rescue_stent=False, mrs_90d=1)
    case.values.update(rescue_reason=None, stent_device=None, antiplatelet_regimen=None)
    update_case(demo, case)
    assert_summary_in_step(demo)
    delete_case(demo, case_id, "entered twice")
    assert_summary_in_step(demo)
    restore_case(demo, case_id, "not a duplicate after all")
    assert_summary_in_step(demo)


def test_summary_follows_territory_changes_hard_deletes_and_raw_updates(demo):
    with demo.engine.begin() as connection:
        connection.execute(text("UPDATE cases SET territory = 'limb' WHERE id % 7 = 0"))
        connection.execute(text("UPDATE cases SET door_to_puncture = NULL, mrs_90d = 6,"
                                " procedure_date = NULL WHERE id % 11 = 0"))
        connection.execute(text("DELETE FROM cases WHERE id % 13 = 0"))
    assert_summary_in_step(demo)


def test_summary_follows_an_import_and_recomputed_definitions(demo, exports_of_the_demo):
    export = exports_of_the_demo(demo)
    before = summary_rows(demo)
    with demo.engine.begin() as connection:  # every case gone: the import enters them again
        connection.execute(text("DELETE FROM cases"))
    assert summary_rows(demo) == {"days": [], "values": []}
    import_file(demo, export, write_rejects=False)
    assert summary_rows(demo) == before
    save_settings(demo, replace(demo.settings(), good_outcome_max_mrs=3))
    recompute_derived(demo)
    assert_summary_in_step(demo)


def test_summary_follows_an_import_that_changes_cases(demo, exports_of_the_demo):
    export = exports_of_the_demo(demo)
    before = summary_rows(demo)
    with demo.engine.begin() as connection:  # changed behind the registry's back
        connection.execute(text("UPDATE cases SET mrs_90d = 0, door_to_puncture = 1,"
                                " procedure_date = NULL WHERE id % 3 = 0"))
    assert summary_rows(demo) != before
    report = import_file(demo, export, write_rejects=False)
    assert report.updated > 0
    assert_summary_in_step(demo)
    assert summary_rows(demo) == before


def test_summary_follows_follow_up_changes(demo):
    case_ids = [c.id for c in demo_cases_with_followup(demo)]
    for case_id in case_ids:
        case = get_case(demo, case_id)
        case.values.update(mrs_90d=6, death_date=case.values["procedure_date"])
        update_case(demo, case)
    assert_summary_in_step(demo)
    with demo.engine.begin() as connection:
        connection.execute(text("UPDATE cases SET followup_settled = 'lost' WHERE id % 5 = 0"))
        connection.execute(text("UPDATE cases SET followup_settled = NULL WHERE id % 5 = 1"))
    assert_summary_in_step(demo)


def demo_cases_with_followup(registry, count: int = 5) -> list[Case]:
    """A few cerebral demo cases whose 90-day mRS is recorded and is not a death."""
    from registry_app.services.cases.queries import iter_cases
    found = [c for c in iter_cases(registry, CaseFilter(territory="cerebral"))
             if c.values.get("mrs_90d") is not None and c.values["mrs_90d"] < 6]
    assert len(found) >= count
    return found[:count]


def test_a_failed_write_leaves_the_summary_unchanged(demo):
    before = summary_rows(demo)
    with pytest.raises(RuntimeError):
        with demo.transaction() as session:
            session.execute(text("UPDATE cases SET mrs_90d = 0"))
            raise RuntimeError("power cut")
    assert summary_rows(demo) == before


def test_statistics_read_the_summary_for_whole_months_and_all_time(demo, monkeypatch):
    expected = {flt: compute_stats(demo, flt) for flt in
                (CaseFilter(), CaseFilter().with_month("2025-03"),
                 CaseFilter(date_from=date(2024, 7, 1), date_to=date(2025, 6, 30)))}
    monkeypatch.setattr(stats_sql, "day_groups", _no_scan)
    for flt, stats in expected.items():
        assert stats["cases"] > 0 and compute_stats(demo, flt) == stats


def _no_scan(*args):
    raise AssertionError("the statistics scanned the cases")


@pytest.mark.parametrize("flt", [CaseFilter(circulation="posterior"), CaseFilter(operator="OP1"),
                                 CaseFilter(date_from=date(2025, 3, 2), date_to=date(2025, 3, 31)),
                                 CaseFilter(date_from=date(2025, 3, 1), date_to=date(2025, 3, 30)),
                                 CaseFilter(territory="cerebral", include_deleted=True)])
def test_selections_the_summary_does_not_hold_scan_the_cases(flt, demo):
    assert not stats_from_summary.answers(replace(flt, territory="cerebral"))


def test_undated_and_unknown_values_are_kept_apart(any_registry):
    registry = any_registry
    values = valid_case_values("U-1", procedure_date=None, rescue_stent=None, mrs_90d=None,
                               rescue_reason=None, stent_device=None, antiplatelet_regimen=None)
    with registry.transaction() as session:  # validation would refuse it; old data may not
        repository.add_case(session, Case(values=values, passes=two_passes()),
                            registry.settings(), registry.user)
    [day] = summary_rows(registry)["days"]
    assert day[:4] == (stats_summary.UNDATED, 1, stats_summary.NOT_RECORDED, 1)
    stats = compute_stats(registry)
    assert stats["trend"]["undated_cases"] == 1 and stats["cases"] == 1


def test_check_finds_a_tampered_summary_and_rebuild_mends_it(demo, capsys):
    db = demo.url
    with demo.engine.begin() as connection:
        connection.execute(text("UPDATE stats_days SET sich_1 = sich_1 + 5"
                                " WHERE day = (SELECT min(day) FROM stats_days)"))
    assert main(["--db", db, "check"]) == 5
    out = capsys.readouterr().out
    assert "Statistics summary:" in out and "--rebuild-summary" in out
    assert main(["--db", db, "check", "--rebuild-summary"]) == 0
    assert "Rebuilt the statistics summary" in capsys.readouterr().out
    assert_summary_in_step(demo)


def _triggers(registry) -> list[tuple]:
    with registry.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"))]


def test_an_import_adds_its_cases_to_the_summary_as_the_insert_trigger_would(registry, tmp_path):
    fill_demo(registry, 200, seed=5)
    export, triggers = tmp_path / "all.xlsx", _triggers(registry)
    export_registry(registry, export)
    before = summary_rows(registry)
    with registry.engine.begin() as connection:  # half the cases gone: the import adds to kept days
        connection.execute(text("DELETE FROM cases WHERE id % 2 = 0"))
    assert summary_rows(registry) != before
    assert import_file(registry, export, write_rejects=False).created == 100
    assert summary_rows(registry) == before
    assert_summary_in_step(registry)
    assert _triggers(registry) == triggers
    assert len([name for name, _ in triggers if name.startswith("stats_case_")]) == 3
    with registry.reading() as session:
        assert stats_summary.summary_state(session) == "kept"
    case_id = create_case(registry, Case(values=valid_case_values("S-9"), passes=two_passes())).case_id
    assert case_id and summary_rows(registry) != before  # the insert trigger counts again
    assert_summary_in_step(registry)


def test_a_cancelled_import_leaves_the_insert_trigger_and_the_summary(demo_50, tmp_path):
    from registry_app.domain.errors import Cancelled
    from registry_app.services.progress import CancelToken
    registry = demo_50
    export, triggers, before = tmp_path / "all.xlsx", _triggers(registry), summary_rows(registry)
    export_registry(registry, export)
    with registry.engine.begin() as connection:
        connection.execute(text("DELETE FROM cases"))
    emptied, token = summary_rows(registry), CancelToken()

    def progress(label, done, total):
        if label == "Importing cases":
            token.cancel()
    with pytest.raises(Cancelled):
        import_file(registry, export, progress=progress, cancel=token, before_import=None,
                    write_rejects=False)
    assert _triggers(registry) == triggers and summary_rows(registry) == emptied != before


def test_a_registry_with_other_triggers_keeps_counting_row_by_row(demo_50, tmp_path):
    registry = demo_50
    export = tmp_path / "all.xlsx"
    export_registry(registry, export)
    with registry.engine.begin() as connection:
        connection.execute(text("DELETE FROM cases"))
        connection.execute(text("UPDATE registry_meta SET value = 'older' WHERE key = :key"),
                           {"key": stats_summary.TRIGGER_HASH_KEY})
    triggers = _triggers(registry)
    import_file(registry, export, write_rejects=False)
    assert _triggers(registry) == triggers
    assert_summary_in_step(registry)
