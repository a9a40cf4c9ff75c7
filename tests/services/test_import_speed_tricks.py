"""The import's speed tricks give exactly what the plain way gives (benchmarks/PERFORMANCE.md)."""
from datetime import date, datetime

import pytest

from registry_app.domain.errors import ValueProblem
from registry_app.domain.case import Case
from registry_app.domain.fields import (CASE_FIELDS, CONTACT_FIELDS, FIELDS_BY_CODE, IDENTITY_FIELDS,
                                       PASS_FIELDS)
from registry_app.domain.settings import DEFAULT_SETTINGS
from registry_app.domain.values import format_value, formatter
from registry_app.services.importing.rows import cell_reader, parse_cell
from registry_app.services.interchange.spreadsheets import FormulaCell, Table
from registry_app.storage import mapping

CELLS = {
    "age": [70, 70.0, "70", " 70 ", True, "seventy", -0.0, 0.0, 0, "0", None, "", FormulaCell("=A1")],
    "symptom_duration_h": [-0.0, 0.0, 26.1, "26.1", 1, 1.0, True, "x"],
    "ivt": ["yes", "Yes", "y", 1, True, 1.0, "no", 0, False, "maybe"],
    "occlusion_site": ["M2", "m2", "MCA M2", "'=M2", "nowhere", 2],
    "procedure_date": [datetime(2025, 1, 10), "2025-01-10", "10.01.2025", 45667, date(2025, 1, 10)],
    "puncture_time": [datetime(2025, 1, 10, 9, 5, 30), datetime(2025, 1, 10, 9, 5), "2025-01-10 09:05",
                      date(2025, 1, 10), "10.01.2025 9:05", 45667.5, "x"],
    "procedural_complications": ["dissection; perforation", "perforation,dissection", ("dissection",)],
    "notes": ["'=SUM(A1)", "x" * 5000, "plain", 12],
}


def _plain(fd, raw, value_map=None, date_order=None):
    try:
        value = parse_cell(fd, raw, value_map, True, date_order)
    except ValueProblem as exc:
        return "problem", str(exc)
    return type(value), value


@pytest.mark.parametrize("code", sorted(CELLS))
@pytest.mark.parametrize("date_order", [None, "dmy"])
def test_a_column_reader_reads_every_cell_as_parse_cell_even_when_read_again(code, date_order):
    fd = FIELDS_BY_CODE[code]
    value_map = {"seventy": "70", "maybe": "", "nowhere": "BA"}
    read = cell_reader(fd, value_map, True, date_order)
    for raw in CELLS[code] * 2 + list(reversed(CELLS[code])):
        if raw is None:
            continue  # parse_record never hands an empty cell to a reader
        assert _plain(fd, raw, value_map, date_order) == _plain_reader(read, raw), (code, raw)


def _plain_reader(read, raw):
    try:
        value = read(raw)
    except ValueProblem as exc:
        return "problem", str(exc)
    return type(value), value


def test_negative_zero_keeps_its_sign_after_a_positive_zero():
    read = cell_reader(FIELDS_BY_CODE["symptom_duration_h"])
    assert str(read(0.0)) == "0.0" and str(read(-0.0)) == "-0.0"


@pytest.mark.parametrize("header", [["a", "b", "c"], ["a", "b", "a"], []])
def test_records_equal_the_header_merged_with_each_row(header):
    rows = [(2, [1]), (3, [1, 2, 3]), (4, [1, 2, 3, 4]), (5, [])]
    blank = dict.fromkeys(header)
    expected = [(n, {**blank, **dict(zip(header, values))}) for n, values in rows]
    found = Table("cases", header, rows).records()
    assert found == expected
    assert [list(record) for _, record in found] == [list(record) for _, record in expected]


def test_case_columns_equal_the_stored_value_of_every_field(make_case):
    case = make_case("SC-1", procedural_complications=("dissection", "perforation"), notes="n")
    plain = {f.code: mapping._stored(f.kind, case.values.get(f.code)) for f in CASE_FIELDS}
    plain.update(mapping.derived_values(case, DEFAULT_SETTINGS))
    found = mapping.case_columns(case, DEFAULT_SETTINGS)
    assert list(found.items()) == list(plain.items())
    assert found["procedural_complications"] == "dissection;perforation"


def test_an_import_runs_with_the_collector_paused_and_leaves_it_as_it_was(registry, tmp_path):
    import gc

    from registry_app.domain.errors import Cancelled
    from registry_app.services.importing.file_import import import_file
    from registry_app.services.progress import CancelToken
    path = tmp_path / "g.csv"
    path.write_text("case_number,procedure_date,age\nG-1,2025-01-10,70\nG-2,2025-01-11,71\n")
    seen = []
    assert import_file(registry, path, progress=lambda *step: seen.append(gc.isenabled())).created == 2
    assert seen and not any(seen) and gc.isenabled()
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        import_file(registry, path, cancel=token)
    assert gc.isenabled()
    gc.disable()
    try:
        import_file(registry, path)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


ODD_VALUES = [None, 0, 1, -0.0, 0.0, 26.1, 1e-7, True, False, "", "é ✓ \"q\" \\ \t\u2028", "M2",
              ("dissection", "perforation"), (), date(2025, 1, 10), datetime(2025, 1, 10, 9, 5)]


@pytest.mark.parametrize("fd", CASE_FIELDS + IDENTITY_FIELDS + PASS_FIELDS + CONTACT_FIELDS,
                         ids=lambda fd: fd.code)
def test_a_field_formatter_writes_what_format_value_writes(fd):
    text = formatter(fd)
    for value in ODD_VALUES:
        try:
            expected = format_value(fd, value)
        except (AttributeError, TypeError, ValueError):
            continue  # a value this field never holds
        if value is not None:
            assert text(value) == expected, (fd.code, value)


def test_a_created_case_audit_row_equals_the_row_of_its_initial_values(make_case):
    from registry_app.services.demo.generator import demo_cases
    from registry_app.storage import audit
    odd = make_case("Ü-1 \"q\"", identity={"mrn": "M-1"}, notes="a\ttab é ✓ \\ \u2028",
                    symptom_duration_h=-0.0, procedural_complications=("dissection",))
    odd.contacts = [{"attempted_at": datetime(2025, 4, 1, 9, 5), "method": "phone",
                     "reached": False}]
    bare = make_case("B-1")
    bare.values, bare.passes = dict.fromkeys(bare.values), []
    cases = demo_cases(300, 7, date(2026, 6, 1)) + [odd, bare]
    assert {c.values["territory"] for c in cases} >= {"cerebral", "limb", "coronary"}
    assert not {f.code for f in IDENTITY_FIELDS} & {f.code for f in CASE_FIELDS}
    for case in cases:
        changes = audit.initial_values(case)
        assert audit.initial_row(case) == ([audit.values_row(changes)] if changes else [])
        assert changes == audit.field_changes(Case(), case)
    assert audit.initial_row(bare) == []


def test_a_candidate_keeps_its_row_as_read_and_gives_the_record_of_it_when_asked():
    from registry_app.services.importing.rows import attach_children, read_candidates
    cases = Table("cases", ["case_number", "age", "age"], [(2, ["A-1", 70, 71]), (3, ["A-2"])])
    passes = Table("attempts", ["case_number", "pass_number", "device"],
                   [(2, ["A-1", 1, "X"]), (3, ["A-1", 2]), (4, ["A-9", 1, "Y"])])
    found = read_candidates(cases, {"case_number": "case_number", "age": "age"}, {}, True)
    orphans, _ = attach_children({"cases": cases, "attempts": passes}, found, True)
    assert [c.raw for c in found] == [record for _, record in cases.records()]
    assert found[0].source.cells is cases.rows[0][1]  # the table's own list, not a copy
    assert found[0].child_records() == {"attempts": passes.records()[:2]}
    assert [o.raw for o in orphans] == [passes.records()[2][1]]


def test_values_for_the_driver_are_each_column_through_its_bind_processor():
    from sqlalchemy.dialects import sqlite

    from registry_app.storage import bulk_rows
    from registry_app.storage.schema import cases_table
    dialect = sqlite.dialect()
    names = ["case_number", "procedure_date", "puncture_time", "rescue_stent", "age"]
    when = datetime(2025, 1, 10, 9, 5)
    rows = [dict(zip(names, values)) for values in [
        ("A", date(2025, 1, 10), when, True, 70), ("B", date(2025, 1, 10), None, False, None),
        ("C", None, when, True, 70), ("D", date(2024, 2, 29), datetime(2024, 2, 29), None, 1)]]
    plain = []
    for row in rows:
        converted = []
        for name in names:
            process = cases_table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            value = row[name]
            converted.append(value if process is None or value is None else process(value))
        plain.append(tuple(converted))
    assert bulk_rows._driver_values(cases_table, names, rows, dialect) == plain
    assert plain[0][1] == "2025-01-10" and plain[0][3] == 1  # converted, not as given
    assert bulk_rows._driver_values(cases_table, names, [], dialect) == []


def test_shared_texts_read_as_their_own_copies_would(monkeypatch):
    from registry_app.services.interchange import xlsx_fast
    monkeypatch.setattr(xlsx_fast, "SHARED", 3)
    rows = [["M1", "", 2.0, date(2025, 1, 10), "yes", ""], ["".join(["M", "1"]), "x", "y", "z"],
            ["".join(["y", "es"]), "w", 2.5]]
    shared: dict[str, str] = {}
    found = [xlsx_fast.plain_row(row, shared) for row in rows]
    assert found == [xlsx_fast.plain_row(row) for row in rows]
    assert found[1][0] is found[0][0] and found[2][0] is found[0][4]  # equal texts: one object
    assert list(shared) == ["M1", "yes", "x"]  # no more than SHARED held


def test_date_times_are_not_remembered_by_the_shared_parse_cache():
    from registry_app.services.importing import rows
    read = cell_reader(FIELDS_BY_CODE["puncture_time"])
    before = len(rows._PARSED)
    assert read(datetime(2031, 5, 6, 7, 8, 9)) == datetime(2031, 5, 6, 7, 8)
    assert len(rows._PARSED) == before
