"""Round eight's import speed tricks give what the plain way gives: the sheet scan's cheap
searches refuse and accept exactly the sheets the per-cell scan did."""
import re
from datetime import datetime
import zipfile

import pytest

from registry_app.services.interchange import xlsx_fast
from registry_app.services.interchange.xlsx_fast import NeedsFullReader, check_parts

RELS = (b'<Relationships><Relationship Id="r1" Target="worksheets/sheet1.xml" Type="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>')
AWKWARD = (b"<f", b":f", b":c", b"<c>", b"mergeCell", b' t="e"', b' t="d"', b"<r>")
CELL_REF = re.compile(rb'<c r="([A-Z]{1,2})(\d{1,7})"')
WIDE_REF = re.compile(rb'<c r="[A-Z]{3}')


def _per_cell_scan(sheet: bytes, max_area: int) -> bool:
    """Round seven's scan of one sheet part, every cell reference read: whether it is plain."""
    if any(marker in sheet for marker in AWKWARD) or WIDE_REF.search(sheet):
        return False
    refs = CELL_REF.findall(sheet)
    cells = sheet.count(b"<c ") + sheet.count(b"<c\n") + sheet.count(b"<c\t")
    row = max((int(r) for _, r in refs), default=0)
    col = max((xlsx_fast._column(c) for c, _ in refs), default=0)
    return cells == len(refs) and cells <= max_area and row * col <= max_area


def _rows(*cells: str) -> bytes:
    return ("<worksheet><sheetData><row r=\"1\">" + "".join(cells)
            + "</row></sheetData></worksheet>").encode()


def _cell(ref: str, text: str = "x") -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


SHEETS = {
    "plain": _rows(_cell("A1"), _cell("B1", "09:05 a: b"), _cell("CM10001")),
    "empty": b"<worksheet><sheetData/></worksheet>",
    **{f"marker {m!r}": _rows(_cell("A1"), f"<c r=\"B1\">{m.decode()}</c>") for m in AWKWARD},
    "marker in text": _rows(_cell("A1", "see :f here")),
    "tab cell": _rows('<c\tr="A1"><v>1</v></c>'),
    "newline cell": _rows('<c\nr="A1"><v>1</v></c>'),
    "two spaces": _rows('<c  r="A1"><v>1</v></c>'),
    "type first": _rows('<c t="n" r="A1"><v>1</v></c>'),
    "lower-case ref": _rows('<c r="a1"><v>1</v></c>'),
    "wide ref": _rows(_cell("A1"), _cell("AAA1")),
    "eight digits": _rows(_cell("A12345678")),
    "row 20,000 to CM": _rows(_cell("A1"), _cell("CM20000")),
    "row 20,000 to ZZ": _rows(_cell("A1"), _cell("ZZ20000")),
    "row 17,000 to ZZ": _rows(_cell("ZZ1"), _cell("A17000")),
    "row 2,000,000 in A": _rows(_cell("A2000000")),
    "row 2,000,000 and B": _rows(_cell("A2000000"), _cell("B1")),
    "a cell far down, one far right": _rows(_cell("A9999999"), _cell("ZZ2")),
}


@pytest.mark.parametrize("name", list(SHEETS))
def test_the_sheet_scan_accepts_exactly_what_the_per_cell_scan_accepted(tmp_path, name):
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        archive.writestr("xl/worksheets/sheet1.xml", SHEETS[name])
    try:
        check_parts(path)
        plain = True
    except NeedsFullReader:
        plain = False
    assert plain == _per_cell_scan(SHEETS[name], xlsx_fast.MAX_AREA), name


def test_a_sheet_cut_into_chunks_is_scanned_as_a_whole(tmp_path, monkeypatch):
    """Chunks are cut after a '>': a long sheet scanned 64 bytes at a time gives the same
    answers (cells and rows summed over the chunks)."""
    monkeypatch.setattr(xlsx_fast, "CHUNK", 64)
    for name in ("plain", "wide ref", "row 20,000 to ZZ", "tab cell"):
        test_the_sheet_scan_accepts_exactly_what_the_per_cell_scan_accepted(tmp_path, name)


def _completeness_every_field(case) -> float:
    """Round seven's completeness: every case field tested for the territory, case by case."""
    from registry_app.domain import derived
    from registry_app.domain.fields import CASE_FIELDS
    wanted = [f for f in CASE_FIELDS if (f.required or f.recommended)
              and f.applies_to(case.territory)]
    if not wanted:
        return 1.0
    return sum(1 for f in wanted if derived._filled_for_completeness(case, f.code)) / len(wanted)


def test_completeness_from_the_territorys_codes_equals_every_field_tested(make_case):
    from datetime import date

    from registry_app.domain import derived
    from registry_app.services.demo.generator import demo_cases
    cases = demo_cases(300, 11, date(2026, 6, 1))
    bare = make_case("B-1")
    bare.values, bare.passes = dict.fromkeys(bare.values), []
    lost = make_case("L-1", mrs_90d=None, lost_to_followup="moved")
    odd = make_case("O-1", territory="venous")  # not in the vocabulary: worked out each time
    passes_only = make_case("P-1", mt_passes=None, reperfusion_after_mt=None)
    passes_only.passes = [{"pass_number": 1, "reperfusion_grade": "2b"}]
    cases += [bare, lost, odd, passes_only]
    assert {c.territory for c in cases} >= {"cerebral", "limb", "coronary", "venous"}
    assert [derived.completeness(c) for c in cases] == [_completeness_every_field(c)
                                                         for c in cases]
    assert "venous" not in derived._COMPLETENESS_CODES
    assert len({derived.completeness(c) for c in cases}) >= 5  # the cases differ


HEADER = ["case_number", "age", "symptom_duration_h", "ivt", "procedure_date", "puncture_time",
          "reperfusion_time", "occlusion_site", "mrn", "notes", "procedural_complications"]


def _sheet_rows():
    from datetime import date, datetime, time, timezone

    from registry_app.services.interchange.spreadsheets import FormulaCell
    return [
        (2, ["A-1", 70, 0.0, True, datetime(2025, 1, 10), datetime(2025, 1, 10, 9, 5, 30, 7),
             datetime(2025, 1, 10, 10, 1, tzinfo=timezone.utc), "M2", "M-1", "plain", "dissection"]),
        (3, ["A-2", 70.0, -0.0, 1, "10.01.2025", "23:50", "00:20", "m2", " M-2 ", ("x",)]),
        (4, ["A-3", "seventy", 26.1, 1.0, date(2025, 1, 10), time(9, 5), "x", "nowhere"]),
        (5, ["A-4"]),
        (7, ["A-5", FormulaCell("=A1"), "1,5", "y", "2025-01-11", "2025-01-11 09:05",
             datetime(2025, 1, 11, 9, 50), 2, None, "'=SUM(A1)", "perforation,dissection"]),
        (8, ["A-6", 71, 1, "no", "2025-02-30", "14:35", None, "MCA M2", "M-6", "x" * 5000]),
        (9, ["A-7", 72, "", None, datetime(2025, 3, 1), "9:05", "09:40", "ICA", "", 12]),
    ]


def _zoned_rows():
    """A date-and-time column of aware date-times only, two of them the same instant in two
    zones (equal, yet read as different local times)."""
    from datetime import timedelta, timezone
    utc, plus2 = timezone.utc, timezone(timedelta(hours=2))
    return [(2, ["Z-1", datetime(2025, 1, 10, 8, 0, tzinfo=utc)]),
            (3, ["Z-2", datetime(2025, 1, 10, 10, 0, tzinfo=plus2)]),
            (4, ["Z-3", datetime(2025, 1, 10, 8, 0, tzinfo=utc)])]


def test_equal_cells_read_differently_are_each_read():
    from registry_app.services.importing.rows import read_candidates
    from registry_app.services.interchange.spreadsheets import Table
    table = Table("cases", ["case_number", "door_time"], _zoned_rows())
    columns = {"case_number": "case_number", "door_time": "door_time"}
    found = read_candidates(table, columns, {}, True)
    assert [c.case.values["door_time"].hour for c in found] == [8, 10, 8]
    assert [(c.row, c.case.values, c.case.identity, c.problems) for c in found] == \
        _records_way(table, columns, {}, None)


def _records_way(table, columns, value_maps, date_order):
    """Round seven's read_candidates: each row's record, its times of day put on the procedure
    date, then parse_record over every column."""
    from registry_app.domain.case import Case
    from registry_app.domain.fields import IDENTITY_FIELDS
    from registry_app.services.importing.dates import clock_columns, with_procedure_day
    from registry_app.services.importing.rows import column_readers, parse_record
    readers = column_readers(columns, value_maps, True, date_order=date_order)
    found = []
    for number, record in table.records():
        values, problems = parse_record(table.name, number, with_procedure_day(
            record, columns, date_order, clock_columns(columns)), readers)
        identity = {f.code: values.pop(f.code, None) for f in IDENTITY_FIELDS}
        case = Case(values=dict(values), identity=identity)
        case.values["territory"] = case.values.get("territory") or "cerebral"
        found.append((number, case.values, case.identity, problems))
    return found


@pytest.mark.parametrize("date_order", [None, "dmy"])
@pytest.mark.parametrize("mapped", ["every column", "some, one not in the file", "a map"])
@pytest.mark.parametrize("block", [1000, 2])
def test_the_cases_sheet_read_by_column_equals_each_rows_record_parsed(date_order, mapped, block,
                                                                       monkeypatch):
    from registry_app.services.importing import sheet_columns
    from registry_app.services.importing.rows import read_candidates
    from registry_app.services.interchange.spreadsheets import Table
    monkeypatch.setattr(sheet_columns, "BLOCK", block)
    table = Table("cases", list(HEADER), _sheet_rows())
    columns = {c: c for c in HEADER}
    maps = {"occlusion_site": {"nowhere": "BA"}} if mapped == "a map" else {}
    if mapped == "some, one not in the file":
        columns = {"case_number": "case_number", "puncture_time": "puncture_time",
                   "notes": "notes", "nihss": "nihss_admission"}
    found = read_candidates(table, columns, maps, True, date_order)
    expected = _records_way(table, columns, maps, date_order)
    assert [(c.row, c.case.values, c.case.identity, c.problems) for c in found] == expected
    assert [list(c.case.values) for c in found] == [list(v) for _, v, _, _ in expected]
    assert sum(len(c.problems) for c in found) >= 3  # unreadable cells were met


@pytest.mark.parametrize("block", [1000, 2])
def test_passes_read_by_column_equal_each_rows_record_parsed(block, monkeypatch):
    from registry_app.domain.fields import FIELDS_BY_CODE, PASS_FIELDS
    from registry_app.services.importing import sheet_columns
    monkeypatch.setattr(sheet_columns, "BLOCK", block)
    from registry_app.services.importing.rows import (attach_children, column_readers,
                                                      parse_record, read_candidates)
    from registry_app.services.interchange.spreadsheets import Table
    cases = Table("cases", ["case_number"], [(2, ["A-1"]), (3, ["A-2"])])
    header = ["case_number", "pass_number", "technique", "reperfusion_grade", "pass_time"]
    passes = Table("attempts", header, [
        (2, ["A-1", 1, "aspiration", "2b", datetime(2025, 1, 1, 9, 5, 59)]),
        (3, ["A-1", 2.0, "nonsense", "2c"]), (4, ["A-9", 1, "x", "9", "y"]),
        (5, ["A-2", "1", None, "3", "2025-01-01 09:05"]), (6, ["A-2", True])])
    found = read_candidates(cases, {"case_number": "case_number"}, {}, True)
    orphans, _ = attach_children({"cases": cases, "attempts": passes}, found, True)
    lookup = {fd.code: fd for fd in PASS_FIELDS} | {"case_number": FIELDS_BY_CODE["case_number"]}
    readers = column_readers({c: c for c in header}, {}, True, lookup)
    blank = {fd.code: None for fd in PASS_FIELDS}
    expected: dict = {}
    for number, record in passes.records():
        values, problems = parse_record("attempts", number, record, readers)
        expected.setdefault(values.pop("case_number"), []).append(({**blank, **values}, problems))
    for cand in found:
        assert cand.case.passes == [values for values, _ in expected[cand.key]]
        assert cand.problems == [p for _, problems in expected[cand.key] for p in problems]
    assert [o.row for o in orphans] == [4]
    assert orphans[0].problems[1:] == expected["A-9"][0][1] and orphans[0].raw["case_number"] == "A-9"


def test_a_date_time_cell_of_a_date_time_field_reads_as_parse_cell_reads_it():
    from datetime import timezone

    from registry_app.domain.fields import FIELDS_BY_CODE
    from registry_app.services.importing.rows import cell_reader, parse_cell
    for code in ("puncture_time", "procedure_date", "notes", "age"):
        fd = FIELDS_BY_CODE[code]
        read = cell_reader(fd)
        for raw in (datetime(2025, 1, 10, 9, 5, 30, 7), datetime(2025, 1, 10, 23, 59, 59),
                    datetime(2025, 1, 10, 9, 5, tzinfo=timezone.utc), datetime(1, 1, 1)):
            try:
                expected = parse_cell(fd, raw, None, True)
            except Exception as exc:  # noqa: BLE001 - the same refusal either way
                with pytest.raises(type(exc)):
                    read(raw)
                continue
            assert (type(read(raw)), read(raw)) == (type(expected), expected), (code, raw)


AWKWARD_DATE_TIMES = [datetime(2025, 1, 10, 9, 5), datetime(2025, 12, 31, 23, 59, 59, 999999),
                      datetime(1, 1, 1), datetime(999, 12, 31, 0, 1), datetime(1000, 1, 1, 1, 1),
                      datetime(9999, 12, 31, 23, 59)]


def test_a_date_time_field_is_written_as_strftime_writes_it():
    from datetime import timedelta, timezone

    from registry_app.domain.fields import FIELDS_BY_CODE
    from registry_app.domain.values import format_value, formatter
    zoned = [d.replace(tzinfo=timezone(timedelta(hours=-5))) for d in AWKWARD_DATE_TIMES[:2]]
    fd = FIELDS_BY_CODE["puncture_time"]
    from datetime import date
    for value in AWKWARD_DATE_TIMES + zoned + [AWKWARD_DATE_TIMES[0].replace(fold=1),
                                                date(2025, 3, 1), date(999, 1, 2)]:
        assert formatter(fd)(value) == value.strftime("%Y-%m-%d %H:%M"), value
        assert format_value(fd, value) == value.strftime("%Y-%m-%d %H:%M"), value


def test_date_times_for_sqlite_are_what_sqlalchemys_bind_processor_writes():
    from datetime import date, timedelta, timezone

    from sqlalchemy.dialects import sqlite

    from registry_app.storage import bulk_rows
    from registry_app.storage.schema import cases_table
    dialect = sqlite.dialect()
    impl = cases_table.c.puncture_time.type.dialect_impl(dialect)
    plain = impl.bind_processor(dialect)
    fast = bulk_rows._bind_processor(impl, dialect)
    assert fast is not plain  # the isoformat path is in use
    zoned = AWKWARD_DATE_TIMES[0].replace(tzinfo=timezone(timedelta(hours=2)))
    for value in AWKWARD_DATE_TIMES + [zoned, date(2025, 1, 10), date(7, 1, 2)]:
        assert fast(value) == plain(value), value
    with pytest.raises(TypeError):
        fast("2025-01-10")
    other = sqlite.DATETIME(storage_format="%(year)04d/%(month)02d/%(day)02d %(hour)02d:%(minute)02d")
    assert bulk_rows._bind_processor(other, dialect)(AWKWARD_DATE_TIMES[0]) == "2025/01/10 09:05"
    date_impl = cases_table.c.procedure_date.type.dialect_impl(dialect)
    assert bulk_rows._bind_processor(date_impl, dialect)(date(2025, 1, 10)) == "2025-01-10"
