"""The core of the registry behaves the same on SQLite and PostgreSQL (several workstations)."""
import shutil
from datetime import date

import pytest
from sqlalchemy import select

from registry_app.domain.errors import NotFound, RegistryError, StaleRecord
from registry_app.services.cases import editing as cases
from registry_app.services.demo.generator import fill_demo
from registry_app.services.interchange.exporting import export_registry
from registry_app.services.importing.file_import import import_file
from registry_app.services.maintenance.backups import backup_before, backup_to, list_backups, restore_backup
from registry_app.services.cases.queries import load_cases
from registry_app.services.registry import open_registry
from registry_app.services.maintenance.registry_check import check_registry
from registry_app.storage.schema import AuditRow

from ..conftest import copy_registry_file

TODAY = date(2025, 6, 30)


def _open(db, user):
    reg = open_registry(db, user=user)
    reg.today = lambda: TODAY
    return reg


def test_create_and_read_back(backend_registry, make_case):
    case = make_case("B-1", identity={"mrn": "MRN-77", "patient_name": "Ada Lovelace",
                                      "birth_date": date(1950, 3, 2)})
    saved = cases.create_case(backend_registry, case)
    back = cases.get_case(backend_registry, saved.case_id)
    assert back.values["nihss_admission"] == 14 and back.values["procedural_complications"] == ("none",)
    assert [p["device"] for p in back.passes] == ["Solitaire X", "Solitaire X + React 71"]
    assert back.identity["birth_date"] == date(1950, 3, 2) and back.version == 1


def test_update_is_audited_with_old_and_new_value(backend_registry, make_case):
    case_id = cases.create_case(backend_registry, make_case("B-2")).case_id
    case = cases.get_case(backend_registry, case_id)
    case.values["nihss_admission"] = 20
    result = cases.update_case(backend_registry, case)
    assert result.version == 2 and result.changed_fields == ("nihss_admission",)
    with backend_registry.reading() as session:
        row = session.scalars(select(AuditRow).where(AuditRow.action == "update")).one()
    assert (row.user, row.field, row.old_value, row.new_value) == ("tester", "nihss_admission", "14", "20")


def test_second_user_saving_the_same_case_gets_a_conflict(backend_db, make_case):
    alice, bob = _open(backend_db, "alice"), _open(backend_db, "bob")
    case_id = cases.create_case(alice, make_case("B-3")).case_id
    mine, theirs = cases.get_case(alice, case_id), cases.get_case(bob, case_id)
    mine.values["age"] = 70
    cases.update_case(alice, mine)
    theirs.values["age"] = 71
    with pytest.raises(StaleRecord) as caught:
        cases.update_case(bob, theirs)
    assert "changed by alice" in str(caught.value) and "nothing was overwritten" in str(caught.value)
    assert cases.get_case(bob, case_id).values["age"] == 70
    alice.close(), bob.close()


def test_delete_needs_reason_and_restore_brings_the_case_back(backend_registry, make_case):
    case_id = cases.create_case(backend_registry, make_case("B-4")).case_id
    cases.delete_case(backend_registry, case_id, "entered twice")
    with pytest.raises(NotFound):
        cases.get_case(backend_registry, case_id)
    assert [d["case_number"] for d in cases.deleted_cases(backend_registry)] == ["B-4"]
    cases.restore_case(backend_registry, case_id, "not a duplicate after all")
    assert cases.get_case(backend_registry, case_id).values["case_number"] == "B-4"
    actions = [h["action"] for h in cases.case_history(backend_registry, case_id)]
    assert actions[-2:] == ["delete", "restore"]


@pytest.fixture(scope="module")
def exported_demo(tmp_path_factory, filled_template):
    """A SQLite registry of 80 demo cases and its identified export (all.xlsx), made once per
    module: the round trip reads them only, on each backend."""
    folder = tmp_path_factory.mktemp("exported-demo")
    source = copy_registry_file(filled_template("backends-demo-80-5", _fill_demo_80),
                                folder / "source.sqlite3")
    registry = _open(str(source), "tester")
    export_registry(registry, folder / "all.xlsx", identified=True)
    registry.close()
    return source, folder / "all.xlsx"


def _fill_demo_80(path: str) -> None:
    registry = _open(path, "tester")
    fill_demo(registry, 80, seed=5)
    registry.close()


def test_import_and_export_round_trip(backend_registry, tmp_path, exported_demo, registry_template):
    source_path, exported = exported_demo
    shutil.copy2(exported, tmp_path / "all.xlsx")
    source = _open(str(source_path), "tester")
    report = import_file(backend_registry, tmp_path / "all.xlsx")
    assert (report.created, report.rejected) == (80, [])
    export_registry(backend_registry, tmp_path / "again.csv", identified=True)
    other = _open(str(copy_registry_file(registry_template, tmp_path / "other.sqlite3")), "tester")
    assert import_file(other, tmp_path / "again.csv").created == 80
    before = {c.values["case_number"]: c for c in load_cases(source, with_identity=True)}
    after = {c.values["case_number"]: c for c in load_cases(other, with_identity=True)}
    assert before.keys() == after.keys()
    assert all(before[k].clinically_equal(after[k]) for k in before)
    assert import_file(backend_registry, tmp_path / "all.xlsx").unchanged == 80
    source.close(), other.close()


def test_changed_row_updates_the_case_and_is_audited(backend_registry, make_case, tmp_path):
    cases.create_case(backend_registry, make_case("B-5"))
    path = tmp_path / "change.csv"
    path.write_text("case_number,nihss_admission\nB-5,9\n", encoding="utf-8")
    report = import_file(backend_registry, path)
    assert (report.updated, report.created) == (1, 0)
    with backend_registry.reading() as session:
        row = session.scalars(select(AuditRow).where(AuditRow.reason == "import")).one()
    assert (row.action, row.field, row.old_value, row.new_value) == ("update", "nihss_admission", "14", "9")


def test_statistics_and_check_run(backend_registry):
    from registry_app.services.statistics import compute_stats
    fill_demo(backend_registry, 120, seed=11)
    stats = compute_stats(backend_registry)
    assert stats["arms"]["all_mt"]["n"] > 0
    report = check_registry(backend_registry)
    assert report.database == [] and report.cases_checked == 120


def test_statistics_are_identical_on_both_backends(pg_database, tmp_path, registry_template):
    from registry_app.services.statistics import compute_stats
    results = []
    for db in (str(copy_registry_file(registry_template, tmp_path / "same.sqlite3")), pg_database):
        reg = _open(db, "tester")
        fill_demo(reg, 150, seed=4)
        results.append(compute_stats(reg))
        reg.close()
    assert results[0] == results[1]


def test_a_server_registry_has_no_file_backups(pg_database):
    """Backups of a server database are the server administrator's job (pg_dump)."""
    reg = open_registry(pg_database)
    assert backup_before(reg, "manual") is None and list_backups(reg) == []
    with pytest.raises(RegistryError, match="pg_dump"):
        backup_to(reg, "/tmp")
    with pytest.raises(RegistryError, match="pg_restore"):
        restore_backup(reg, "/tmp/x.sqlite3")
    reg.close()


def test_command_line_on_postgresql_through_db_and_registry_db(pg_database, monkeypatch, capsys):
    from registry_app.cli.main import main
    assert main(["--db", pg_database, "demo", "--cases", "30"]) == 0
    monkeypatch.setenv("REGISTRY_DB", pg_database)
    assert main(["check"]) == 0
    assert "30 cases: no database problems" in capsys.readouterr().out
    assert main(["backup"]) == 1
    assert "pg_dump" in capsys.readouterr().err


def test_search_text_finds_every_searched_column_and_the_identifiers(backend_registry, make_case):
    from registry_app.services.cases.queries import CaseFilter, case_ids, first_ids
    made = {
        "K-100": make_case("K-100", identity={"mrn": "MRN-55", "patient_name": "Ada Lovelace"}),
        "K-200": make_case("K-200", notes="Tortuous arch, see Lovelace protocol"),
        "K-300": make_case("K-300", operator="OPX", stent_device="Neuroform Atlas"),
        "K-400": make_case("K-400"),
    }
    ids = {number: cases.create_case(backend_registry, case).case_id
           for number, case in made.items()}
    found = lambda text: sorted(case_ids(backend_registry, CaseFilter(text=text)))  # noqa: E731
    assert found("lovelace") == sorted([ids["K-100"], ids["K-200"]])
    assert found("mrn-55") == [ids["K-100"]] and found("mrn-5") == []  # the MRN whole only
    assert found("atlas") == [ids["K-300"]] and found("opx") == [ids["K-300"]]
    assert found("k-") == sorted(ids.values()) and found("nothing like it") == []
    page, total = first_ids(backend_registry, CaseFilter(text="K-"), size=2)
    assert len(page) == 2 and total == 4
    assert first_ids(backend_registry, CaseFilter(text="K-"), size=2, count=False) == (page, None)
    assert first_ids(backend_registry, CaseFilter(text="K-"), size=4, count=False)[1] == 4
