"""Sheets staged in a temporary SQLite file while they are read give exactly what read_tables
gives (the full reader's rows, every header rule, merge, continuation and refusal), with memory
that does not grow with the rows, and the file is gone once closed or when reading fails."""
import re
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from registry_app.domain.errors import Cancelled
from registry_app.services.cases.editing import create_case
from registry_app.services.interchange import export_sheets, spreadsheets, xlsx_plain_stream
from registry_app.services.interchange.exporting import export_registry
from registry_app.services.interchange.spreadsheets import Table, UnreadableFile, read_tables
from registry_app.services.interchange.staged_sheets import stage_tables
from registry_app.services.progress import CancelToken

from .test_import_calamine import _plain
from .test_import_xlsx_reading import _handmade
from .test_xlsx_plain_stream import ROWS, hand_written


@pytest.fixture(autouse=True)
def full_reader(monkeypatch):
    """read_tables with the full (lxml) reader, the one staging shares: calamine gives the
    same values but drops trailing empty cells and reads 1.5E3 as 1500 (test_import_calamine)."""
    monkeypatch.setattr(spreadsheets, "FAST_XLSX", False)


def picked(whole: Table, seqs: list[int]) -> Table:
    """The rows `seqs` of a read table, each in the part of its worksheet with its problems."""
    chosen, parts, seq = set(seqs), [], 0
    for worksheet in whole.worksheets():
        rows = []
        for row in worksheet.rows:
            if seq in chosen:
                rows.append(row)
            seq += 1
        problems = {n: worksheet.row_problems[n] for n, _ in rows if n in worksheet.row_problems}
        parts.append(Table(worksheet.name, whole.header, rows, [], problems))
    first, *rest = parts
    first.warnings = list(whole.warnings)
    if rest:
        first.rows += [row for part in rest for row in part.rows]
        first.continued = rest
    return first


def assert_staged_as_read(path, folder=None):
    expected = read_tables(path)
    with stage_tables(path, folder) as staged:
        assert list(staged.sheets) == list(expected)
        for name, whole in expected.items():
            sheet = staged.sheets[name]
            assert (sheet.name, sheet.header, sheet.warnings) == (whole.name, whole.header,
                                                                  whole.warnings)
            assert sheet.table() == whole
            assert len(sheet) == len(whole.rows)
            batches = list(sheet.batches(size=3))
            assert all(len(batch) <= 3 for batch in batches)
            assert [row for batch in batches for row in batch] == [
                (seq, cells) for seq, (_, cells) in enumerate(whole.rows)]
            seqs = list(range(0, len(whole.rows), 2)) + [len(whole.rows) - 1]
            subset = sheet.table(seqs[::-1])
            assert subset == picked(whole, seqs)
            assert [w.name for w in subset.worksheets() for _ in w.rows] == [
                w.name for w in picked(whole, seqs).worksheets() for _ in w.rows]
    return expected


# CSV files #####################################################################################

RAGGED = ("case_number,procedure_date,,age,age,\n"
          "R-1,2025-01-10,x,70,71\n"
          "\n"
          "R-2,2025-01-11\n"  # cut off
          "R-3,2025-01-12,,70,71,,,shifted\n"  # a value past the header
          "R-4,2025-01-13,,70,71,,,\n"  # empty cells past the header: fine
          ' , \n'
          'R-5,=1+2, =SUM(A1),"=quoted",71\n')


@pytest.mark.parametrize("text, encoding", [
    (RAGGED, "utf-8"),
    ("case_number;procedure_date;notes\r\nL-1;10.01.2025;Ärztin Øberg\r\n", "cp1252"),
    ("case_number\tprocedure_date\tnotes\r\nW-1\t2025-01-10\tÄrztin: Dr. Øberg\r\n", "utf-16"),
    ("\ufeffcase_number,notes\nB-1,bom ✓\n", "utf-8"),
    ("case_number,notes\nM-1,\"two\nlines\"\nM-2,\"a\rb\"\n", "utf-8"),
    ("case_number,notes\n", "utf-8"),  # a header and no rows
    ("a,b\n" + "c,d\n" * 20000 + "e\x00f\n", "utf-8"),  # a NUL past the bytes looked at
    (",,\nC-1,x,\n", "utf-8"),  # no name at all: '(column A)', '(column B)'
])
def test_a_csv_file_is_staged_as_it_is_read(tmp_path, text, encoding):
    path = tmp_path / "cases.csv"
    path.write_bytes(text.encode(encoding))
    assert_staged_as_read(path)


def test_cp1252_after_the_first_megabyte_and_companion_files(tmp_path, monkeypatch):
    """The first byte that is not UTF-8 far past the start (and past a read chunk) still makes
    the whole file cp1252, as decoding it whole does."""
    monkeypatch.setattr("registry_app.services.interchange.csv_text.CHUNK", 4096)
    lines = [f"C-{i},2025-01-10,{'n' * 20}" for i in range(4000)]
    text = "case_number,procedure_date,notes\n" + "\n".join(lines) + "\nC-x,2025-01-10,café\n"
    path = tmp_path / "cases.csv"
    path.write_bytes(text.encode("cp1252"))
    (tmp_path / "cases.attempts.csv").write_text("case_number,pass_number\nC-1,1\nC-1\n")
    (tmp_path / "cases.contacts.csv").write_bytes("case_number,when\nC-2,é\n".encode("utf-8"))
    tables = assert_staged_as_read(path)
    assert tables["cases"].rows[-1][1][2] == "café" and set(tables) == {"cases", "attempts",
                                                                         "contacts"}


# Workbooks #####################################################################################

def workbook(path, sheets: dict, merges: dict | None = None):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for ref in (merges or {}).get(title, ()):
            sheet.merge_cells(ref)
    book.save(path)
    return path


CASES = [["case_number", "procedure_date", None, "age", "age", None],
         ["H-1", "2025-01-10", None, 70, 71],
         ["H-2", None, "under a blank name", None, None, None, None],
         [None, None, None, None, None],
         ["H-3", "2025-01-12", None, 72, None, None, None, 5],
         ["H-4", "=1+1", None, None],
         ["H-5", "2025-01-14"]]


@pytest.mark.parametrize("merges", [
    [],
    ["B2:B3"],  # down one column
    ["C2:E2"],  # across columns
    ["B5:B9", "B8:B12", "A10:A11"],  # down over empty and missing rows, chained
    ["D2:D4", "A3:A5", "C6:F6", "F9:G12"],  # a value copied over an empty row; an empty top
    ["A1:A3", "B1:C1"],  # starting at the header: left alone
    ["I7:I8"],  # an empty top cell empties the row below: it goes, and so does column I
])
def test_merged_cells_are_applied_as_read_tables_applies_them(tmp_path, merges):
    lonely = [None] * 8 + ["the row's one value"]
    path = workbook(tmp_path / "merged.xlsx", {"cases": CASES + [lonely],
                                               "attempts": [["case_number"]]}, {"cases": merges})
    tables = assert_staged_as_read(path)
    assert ("(column I)" in tables["cases"].header) == (merges != ["I7:I8"])


def test_a_notice_row_above_the_header_and_odd_cells(tmp_path):
    notice = [["Identified export: keep it safe"], *CASES]
    path = workbook(tmp_path / "notice.xlsx", {"Cases": notice, "contacts": [[None], ["x"]],
                                               "attempts": []})
    tables = assert_staged_as_read(path)
    assert tables["cases"].header[0] == "case_number" and "attempts" not in tables
    assert_staged_as_read(_handmade(tmp_path / "odd.xlsx"))
    assert_staged_as_read(_handmade(tmp_path / "odd1904.xlsx", epoch1904=True))
    assert_staged_as_read(_plain(tmp_path / "plain.xlsx"))


PASSES = [["case_number", "pass_number", "device"], ["P-1", 1, "a"], ["P-1", 2, "b"]]


def test_continued_worksheets_are_joined_as_read_tables_joins_them(tmp_path):
    moved = [["device", "case_number", "pass_number"], ["c", "P-2", 1], [None, None, None],
             ["d", "P-3", 1]]
    path = workbook(tmp_path / "continued.xlsx", {
        "cases": CASES, "cases (2)": [CASES[0], ["H-9", "2025-02-01", "c", None, None, None, None, 8]],
        "attempts": PASSES, "attempts (2)": moved, "attempts (3)": [[None]], "attempts (4)": PASSES[:1],
        "attempts (5)": PASSES, "contacts (2)": [["case_number"], ["K-1"]]},
        {"attempts (2)": ["A2:A4"], "attempts": ["B3:C3"], "cases (2)": ["C2:C4"]})
    tables = assert_staged_as_read(path)
    assert [t.name for t in tables["attempts"].worksheets()] == ["attempts", "attempts (2)",
                                                                 "attempts (4)", "attempts (5)"]
    assert tables["contacts"].name == "contacts (2)"


def test_a_continuation_with_other_columns_is_refused_alike(tmp_path):
    path = workbook(tmp_path / "other.xlsx", {"cases": CASES, "cases (2)": [["case_no"], ["x"]]})
    assert_refused_alike(path, tmp_path)


def test_an_export_is_staged_as_it_is_read(registry, make_case, tmp_path, monkeypatch):
    create_case(registry, make_case("K-1", notes="bell\x01 and _x0001_ =1+1 \r\n end"))
    for number in range(2, 8):
        create_case(registry, make_case(f"K-{number}"))
    monkeypatch.setattr(export_sheets, "SHEET_ROWS", 5)
    path = tmp_path / "all.xlsx"
    export_registry(registry, path, identified=True)
    tables = assert_staged_as_read(path)
    assert len(tables["cases"].continued) == 1 and len(tables["attempts"].rows) == 14


@pytest.fixture
def ways(monkeypatch):
    """{worksheet title: 'plain' or 'full'}: how staging read each worksheet."""
    found, read = {}, xlsx_plain_stream.PlainSheet.stream

    def spied(self, *args):
        try:
            read(self, *args)
        except xlsx_plain_stream.NotPlain:
            found[self.title] = "full"
            raise
        found[self.title] = "plain"
    monkeypatch.setattr(xlsx_plain_stream.PlainSheet, "stream", spied)
    return found


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_plain_worksheets_are_staged_by_the_fast_reader_and_others_by_the_full_one(
        registry, make_case, tmp_path, monkeypatch, ways):
    create_case(registry, make_case("K-1", notes="bell\x01 & <_x0001_> =1+1 \r\n end"))
    create_case(registry, make_case("K-2"))
    export_registry(registry, tmp_path / "export.xlsx", identified=True)
    for path in (tmp_path / "export.xlsx", _plain(tmp_path / "plain.xlsx"),
                 _rows_file(tmp_path, 300), hand_written(tmp_path / "hand.xlsx")):
        ways.clear()
        assert_staged_as_read(path)
        assert set(ways.values()) == {"plain"}, path.name
    monkeypatch.setattr(xlsx_plain_stream, "CHUNK", 200)  # a formula after some rows were staged
    formula = hand_written(tmp_path / "formula.xlsx", ROWS.replace('<c r="J1">', '<c r="J8">')
                           .replace('<c r="B8"', '<c r="J8"><f>1+1</f><v>2</v></c><c r="B8"'))
    merged = workbook(tmp_path / "merged.xlsx", {"cases": CASES}, {"cases": ["B2:B3"]})
    for path in (formula, merged):
        ways.clear()
        assert_staged_as_read(path)
        assert set(ways.values()) == {"full"}, path.name


# Refusals ######################################################################################

def assert_refused_alike(path, tmp_path):
    with pytest.raises(UnreadableFile) as read:
        read_tables(path)
    folder = tmp_path / "staging"
    folder.mkdir(exist_ok=True)
    with pytest.raises(UnreadableFile, match=re.escape(str(read.value)) + "$"):
        stage_tables(path, folder)
    assert list(folder.iterdir()) == []  # the staging file was deleted


@pytest.mark.parametrize("name, content", [
    ("empty.csv", b""), ("blank.csv", b"\n \n\t\n"), ("binary.csv", bytes(range(256)) * 40),
    ("workbook.csv", b"PK\x03\x04" + b"\x00\x01" * 500),
    ("garbage.xlsx", b"PK\x03\x04 this is not really a zip"),
    ("random.xlsx", bytes(range(256)) * 8), ("old.xls", b"\xd0\xcf\x11\xe0"),
    ("notes.txt", b"case_number\nA\n"),
    ("field.csv", b"a,b\n" + b'"' + b"x" * 200_000 + b'",1\n'),
    ("blank-rows.csv", b" , \n\n"), ("utf16-odd.csv", b"\xff\xfea\x00,\x00b"),
])
def test_unreadable_files_are_refused_with_the_same_reason(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    assert_refused_alike(path, tmp_path)


def test_a_missing_file_and_a_damaged_workbook_are_refused_alike(tmp_path):
    assert_refused_alike(hand_written(tmp_path / "cut.xlsx", tail="</sheetData>"), tmp_path)
    assert_refused_alike(tmp_path / "missing.csv", tmp_path)
    path = tmp_path / "zip.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not really>")
    assert_refused_alike(path, tmp_path)
    assert_refused_alike(workbook(tmp_path / "none.xlsx", {"cases": [[None]], "x": [[1]]}),
                         tmp_path)


@pytest.mark.parametrize("limit, value", [("MAX_ROWS", 3), ("MAX_CELLS", 12),
                                          ("MAX_COLUMNS", 4)])
def test_the_size_limits_refuse_alike(tmp_path, monkeypatch, limit, value):
    monkeypatch.setattr(spreadsheets, limit, value)
    rows = [[f"c{i}" for i in range(5)]] + [[f"r{n}", n, None, 1, 2] for n in range(6)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(",".join(str(c or "") for c in row) for row in rows) + "\n")
    assert_refused_alike(path, tmp_path)
    assert_refused_alike(workbook(tmp_path / "big.xlsx", {"cases": rows}), tmp_path)


def test_too_many_rows_in_a_sheet_other_than_cases_refuses_the_file_alike(tmp_path,
                                                                         monkeypatch):
    """Leaving the sheet out would import the cases without those passes, without a word."""
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 4)
    path = workbook(tmp_path / "many.xlsx", {"cases": CASES[:3], "attempts": PASSES + PASSES[1:],
                                             "attempts (2)": PASSES})
    for read in (spreadsheets.read_tables, stage_tables):
        with pytest.raises(UnreadableFile, match="more than 4 rows in sheet 'attempts'"):
            read(path)


# The staging file ##############################################################################

def test_close_deletes_the_file_and_a_failure_or_cancel_deletes_it_too(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("case_number,age\n" + "".join(f"C-{i},{i}\n" for i in range(2500)))
    folder = tmp_path / "staging"
    folder.mkdir()
    staged = stage_tables(path, folder)
    [file] = folder.iterdir()
    assert staged.connection.execute("SELECT count(*) FROM staged_rows WHERE key IS NULL AND"
                                     " part IS NULL").fetchone() == (2500,)
    staged.close()
    assert not file.exists()
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        stage_tables(path, folder, token)
    with pytest.raises(Cancelled):  # not taken for a damaged workbook
        stage_tables(_rows_file(tmp_path, 1500), folder, token)
    path.write_text("case_number,age\n" + "".join(f"C-{i},{i}\n" for i in range(2500))
                    + '"' + "x" * 200_000 + '"\n')  # too long a cell, after 2,500 rows
    with pytest.raises(UnreadableFile):
        stage_tables(path, folder)
    assert list(folder.iterdir()) == []


def _peak(read, path) -> int:
    tracemalloc.start()
    try:
        result = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    if hasattr(result, "close"):
        result.close()
    return peak


def _rows_file(tmp_path, count: int, suffix: str = ".xlsx"):
    path = tmp_path / f"rows-{count}{suffix}"
    if suffix == ".csv":
        path.write_text("case_number,procedure_date,age,notes,site,nihss\n" + "".join(
            f"N-{i},2025-01-10,{40 + i % 50},{f'note {i} ' * 3},M1,{i % 42}\n"
            for i in range(count)))
        return path
    book = Workbook(write_only=True)
    sheet = book.create_sheet("cases")
    sheet.append(["case_number", "procedure_date", "age", "notes", "site", "nihss"])
    for i in range(count):
        sheet.append([f"N-{i}", "2025-01-10", 40 + i % 50, f"note {i} " * 3, "M1", i % 42])
    book.save(path)
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_memory_does_not_grow_with_the_rows(tmp_path, suffix, monkeypatch):
    """Four times the rows: read_tables' peak grows with them, staging's hardly at all (a CSV
    file's bytes are looked at a chunk at a time, and so is a plain sheet's XML: chunks smaller
    than these files here)."""
    monkeypatch.setattr("registry_app.services.interchange.csv_text.CHUNK", 16384)
    monkeypatch.setattr("registry_app.services.interchange.xlsx_plain_stream.CHUNK", 16384)
    small, large = _rows_file(tmp_path, 2000, suffix), _rows_file(tmp_path, 8000, suffix)
    staged = [_peak(stage_tables, path) for path in (small, large)]
    read = [_peak(read_tables, path) for path in (small, large)]
    print(f"tracemalloc peaks, 2,000 and 8,000 rows: staged {staged}, read_tables {read}")
    assert read[1] - read[0] > 3 * 1024 * 1024
    assert staged[1] - staged[0] < (read[1] - read[0]) / 20
    assert staged[1] < read[0]


def test_a_staging_file_that_cannot_be_deleted_yet_does_not_fail_the_import(tmp_path,
                                                                            monkeypatch):
    """Windows keeps a file open while a statement of an interrupted read is not finalized:
    the import that staged it has finished all the same; the file is left for later."""
    path = tmp_path / "cases.csv"
    path.write_text("case_number,age\nC-1,70\n")
    folder = tmp_path / "staging"
    folder.mkdir()
    staged = stage_tables(path, folder)

    def in_use(self, missing_ok=False):
        raise PermissionError(13, "in use by another process", str(self))
    monkeypatch.setattr(type(staged.path), "unlink", in_use)
    staged.close()  # no exception
    monkeypatch.undo()
    assert [f.name.startswith("import-staged-") for f in folder.iterdir()] == [True]
