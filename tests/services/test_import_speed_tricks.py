"""The import's speed tricks give exactly what the plain way gives (benchmarks/PERFORMANCE.md)."""
from datetime import date, datetime

import pytest

from registry_app.domain.errors import ValueProblem
from registry_app.domain.fields import CASE_FIELDS, FIELDS_BY_CODE
from registry_app.domain.settings import DEFAULT_SETTINGS
from registry_app.services.importing.rows import cell_reader, parse_cell
from registry_app.services.interchange.spreadsheets import FormulaCell, Table
from registry_app.storage import mapping

CELLS = {
    "age": [70, 70.0, "70", " 70 ", True, "seventy", -0.0, 0.0, 0, "0", None, "", FormulaCell("=A1")],
    "symptom_duration_h": [-0.0, 0.0, 26.1, "26.1", 1, 1.0, True, "x"],
    "ivt": ["yes", "Yes", "y", 1, True, 1.0, "no", 0, False, "maybe"],
    "occlusion_site": ["M2", "m2", "MCA M2", "'=M2", "nowhere", 2],
    "procedure_date": [datetime(2025, 1, 10), "2025-01-10", "10.01.2025", 45667, date(2025, 1, 10)],
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
