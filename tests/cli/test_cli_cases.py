"""The command line: demo, export, import, dictionary — exit codes and plain messages."""
import json
import subprocess
import sys

from registry_app.cli.main import main


def run(*args):
    return main(list(args))


def test_demo_export_import_gives_identical_cases(tmp_path, capsys):
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert run("--db", str(first), "demo", "--cases", "60", "--seed", "3") == 0
    assert run("--db", str(first), "export", str(tmp_path / "x.xlsx")) == 0
    assert run("--db", str(second), "import", str(tmp_path / "x.xlsx")) == 0
    out = capsys.readouterr().out
    assert "60 new cases" in out and "0 rows rejected" in out
    from registry_app.services.cases.queries import load_cases
    from registry_app.services.registry import open_registry
    a = {c.values["case_number"]: c for c in load_cases(open_registry(str(first)))}
    b = {c.values["case_number"]: c for c in load_cases(open_registry(str(second)))}
    assert a.keys() == b.keys()
    assert all(a[k].values == b[k].values and a[k].passes == b[k].passes for k in a)


def test_import_with_rejects_has_distinct_exit_code(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("case_number,procedure_date,nihss_admission\nA,2024-01-02,12\nB,2024-01-03,99\n")
    assert run("--db", str(tmp_path / "r.sqlite3"), "import", str(bad)) == 3
    err = capsys.readouterr().err
    assert "row 3" in err and "NIHSS on admission: 99 is outside the allowed range 0-42" in err
    rejects = (tmp_path / "bad.rejects.csv").read_text(encoding="utf-8-sig")
    assert "B" in rejects and "outside the allowed range" in rejects


def test_unreadable_file_exit_code(tmp_path, capsys):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    assert run("--db", str(tmp_path / "r.sqlite3"), "import", str(junk)) == 4
    assert "not a readable Excel workbook" in capsys.readouterr().err


def test_bad_export_suffix_is_plain_error(tmp_path, capsys):
    assert run("--db", str(tmp_path / "r.sqlite3"), "export", str(tmp_path / "x.txt")) == 1
    assert "must end in .csv or .xlsx" in capsys.readouterr().err


def test_dictionary_json(capsys):
    assert run("dictionary", "--json") == 0
    codes = {e["code"] for e in json.loads(capsys.readouterr().out)}
    assert {"case_number", "mrs_90d", "reperfusion_grade"} <= codes


def test_console_entry_point_runs_as_module(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "registry_app", "--db", str(tmp_path / "m.sqlite3"),
                           "dictionary", "--csv"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("sheet,code,label")
