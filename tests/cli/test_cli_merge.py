"""`registry-app merge`, `merges` and `unmerge`: by case number, with plain refusals."""
from registry_app.cli.main import main
from registry_app.services.cases.editing import create_case, get_case
from registry_app.services.registry import open_registry


def test_merge_list_and_unmerge_by_case_number(tmp_path, capsys, make_case):
    db = str(tmp_path / "r.sqlite3")
    registry = open_registry(db, user="tester")
    kept = create_case(registry, make_case("A-1", nihss_admission=None, age=60)).case_id
    create_case(registry, make_case("A-2", nihss_admission=9, age=61))
    registry.close()
    assert main(["--db", db, "merge", "A-1", "A-2", "--take-other", "age"]) == 0
    out = capsys.readouterr().out
    assert "Merge 1: case A-2 merged into case A-1" in out
    assert "Taken from the other case: age, nihss_admission" in out
    assert "registry-app unmerge 1" in out
    registry = open_registry(db, user="tester")
    assert get_case(registry, kept).values["age"] == 61
    registry.close()
    assert main(["--db", db, "merges"]) == 0
    assert "case A-2 merged into case A-1" in capsys.readouterr().out
    assert main(["--db", db, "unmerge", "1"]) == 0
    assert "undone" in capsys.readouterr().out
    assert main(["--db", db, "unmerge", "1"]) == 1
    assert "Merge 1 was already undone" in capsys.readouterr().err
    registry = open_registry(db, user="tester")
    assert get_case(registry, kept).values["age"] == 60
    registry.close()


def test_merge_refuses_unknown_cases_and_fields(tmp_path, capsys, make_case):
    db = str(tmp_path / "r.sqlite3")
    registry = open_registry(db, user="tester")
    create_case(registry, make_case("B-1"))
    create_case(registry, make_case("B-2"))
    registry.close()
    assert main(["--db", db, "merge", "B-1", "B-9"]) == 1
    assert "no case has the number 'B-9'" in capsys.readouterr().err
    assert main(["--db", db, "merge", "B-1", "B-2", "--take-other", "case_number"]) == 2
    assert "case_number is not a field that can be chosen" in capsys.readouterr().err
