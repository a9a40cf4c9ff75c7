"""Values another program wrote into the registry file in forms their columns cannot hold (a
date as '31/12/2026', a word in a number column): `check` names each one by case and column,
and every other command says so in one plain sentence instead of an unexpected error."""
import sqlite3

import pytest

from registry_app.cli.main import main
from registry_app.services import failures
from registry_app.services.registry import open_registry
from registry_app.storage import stored_forms

TRACEBACK_WORDS = ("Traceback", "sqlite3.", "sqlalchemy", "[SQL", "Unexpected error")


def run(*args):
    return main(list(args))


@pytest.fixture
def db(demo_10_db):
    return demo_10_db


def write_elsewhere(db: str, *statements: str) -> None:
    """What another program (a database browser, a script) writes into the file."""
    with sqlite3.connect(db) as connection:
        for statement in statements:
            connection.execute(statement)


def numbers(db: str) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [n for (n,) in connection.execute("SELECT case_number FROM cases ORDER BY id")]


ODD_WRITES = (
    "UPDATE cases SET followup_date = '31/12/2026' WHERE id = 1",
    "UPDATE cases SET puncture_time = 'yesterday 10:15' WHERE id = 2",
    "UPDATE cases SET age = 'seventy' WHERE id = 3",
    "UPDATE cases SET ivt = 'yes' WHERE id = 4",
    "UPDATE passes SET pass_time = '2026-13-40 10:00:00' WHERE id ="
    " (SELECT min(id) FROM passes WHERE case_id = 5)",
    "UPDATE case_identity SET birth_date = '1950' WHERE case_id = 6",
)


def test_every_value_in_a_foreign_form_is_found_with_its_case_and_column(db):
    write_elsewhere(db, *ODD_WRITES)
    cases = numbers(db)
    registry = open_registry(db)
    try:
        found, total = stored_forms.malformed_values(registry.engine)
    finally:
        registry.close()
    assert total == 6
    assert {(v.table, v.case_number, v.column, v.raw) for v in found} == {
        ("cases", cases[0], "followup_date", "31/12/2026"),
        ("cases", cases[1], "puncture_time", "yesterday 10:15"),
        ("cases", cases[2], "age", "seventy"),
        ("cases", cases[3], "ivt", "yes"),
        ("passes", cases[4], "pass_time", "2026-13-40 10:00:00"),
        ("case_identity", cases[5], "birth_date", 1950)}  # a number: the column's affinity
    texts = {v.text() for v in found}
    assert (f"case {cases[0]}: column 'followup_date' holds '31/12/2026', which is not a date"
            " (YYYY-MM-DD); another program must have written it. Correct it in that program"
            " or restore a backup.") in texts
    assert any(t.startswith(f"case {cases[4]} (a pass): column 'pass_time'") for t in texts)


def test_what_the_registry_itself_writes_is_never_taken_for_a_foreign_form(db):
    registry = open_registry(db)
    try:
        assert stored_forms.malformed_values(registry.engine) == ([], 0)
    finally:
        registry.close()


def test_only_the_first_values_are_listed_and_the_rest_counted(db, monkeypatch):
    write_elsewhere(db, "UPDATE cases SET age = 'unknown'")
    monkeypatch.setattr(stored_forms, "SHOWN", 3)
    registry = open_registry(db)
    try:
        found, total = stored_forms.malformed_values(registry.engine)
    finally:
        registry.close()
    assert (len(found), total) == (3, 10)


def test_check_names_them_and_does_not_load_the_cases(db, capsys):
    write_elsewhere(db, *ODD_WRITES)
    capsys.readouterr()
    assert run("--db", db, "check") == 5
    out = capsys.readouterr().out
    assert "Database: case " in out and "column 'age' holds 'seventy', which is not a whole" \
           " number" in out
    assert "Cases not validated: 6 stored values cannot be read as their column's kind" in out
    assert not any(w in out for w in TRACEBACK_WORDS), out


@pytest.mark.parametrize("command", [("report", "--month", "2026-10", "--pdf", "{tmp}/r.pdf"),
                                     ("export", "{tmp}/all.xlsx")])
def test_other_commands_say_so_in_one_plain_sentence(db, tmp_path, capsys, command):
    write_elsewhere(db, "UPDATE cases SET followup_date = '31/12/2026'")
    capsys.readouterr()
    args = [part.format(tmp=tmp_path) for part in command]
    assert run("--db", db, *args) == failures.UNREADABLE_VALUE.exit_code == 5
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "holds a value in a form its column cannot hold" in lines[0]
    assert "'registry-app check' names the case and the column" in lines[0]
    assert not any(w in err for w in TRACEBACK_WORDS), err
    assert not any(tmp_path.glob("r.pdf")) and not any(tmp_path.glob("all.xlsx"))


def test_the_failure_is_recognised_behind_the_readers_words():
    assert failures.classify(ValueError("Invalid isoformat string: '31/12/2026'")) \
        is failures.UNREADABLE_VALUE
    assert failures.classify(ValueError("Couldn't parse date string '1950'")) \
        is failures.UNREADABLE_VALUE
    assert failures.classify(ValueError("math domain error")) is None
