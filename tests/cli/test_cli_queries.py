"""`registry-app queries`: the open queries listed, one resolved with a note (audited)."""
from datetime import datetime

from registry_app.cli.main import main
from registry_app.services.cases.editing import case_history, create_case
from registry_app.services.cases.data_queries import list_queries
from registry_app.services.registry import open_registry


def test_queries_are_listed_and_resolved_from_the_command_line(tmp_path, capsys, make_case):
    db = str(tmp_path / "r.sqlite3")
    registry = open_registry(db, user="tester")
    bad = make_case("CLI-1", puncture_time=datetime(2025, 1, 10, 9, 0), imaging_time=None)
    case_id = create_case(registry, bad, query_comment="as on paper").case_id
    [query] = list_queries(registry)
    registry.close()
    assert main(["--db", db, "queries"]) == 0
    out = capsys.readouterr().out
    assert f"{query.id}\tCLI-1\tGroin puncture:" in out and "Comment: as on paper" in out
    assert out.strip().endswith("1 open query.")
    assert main(["--db", db, "queries", "--resolve", str(query.id)]) == 2
    assert "--note is required" in capsys.readouterr().err
    assert main(["--db", db, "--user", "dm", "queries", "--resolve", str(query.id),
                 "--note", "checked"]) == 0
    assert main(["--db", db, "queries"]) == 0
    assert capsys.readouterr().out.strip().endswith("0 open queries.")
    registry = open_registry(db, user="tester")
    resolved = [h for h in case_history(registry, case_id) if h["action"] == "query resolved"]
    assert [(h["user"], h["reason"]) for h in resolved] == [("dm", "checked")]
    registry.close()
    assert main(["--db", db, "queries", "--resolve", str(query.id), "--note", "again"]) == 1
    assert "already resolved" in capsys.readouterr().err
