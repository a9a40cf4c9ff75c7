"""Plain workbooks are read by calamine exactly as the full reader reads them; every other file
goes to the full reader, which keeps its refusals and its limits."""
import zipfile
from datetime import datetime

import pytest

from registry_app.services.interchange import spreadsheets, xlsx_fast
from registry_app.services.cases.editing import create_case
from registry_app.services.interchange.exporting import export_registry
from registry_app.services.importing.file_import import import_file
from registry_app.services.cases.queries import load_cases
from registry_app.services.registry import open_registry
from registry_app.services.interchange.spreadsheets import FormulaCell, UnreadableFile, read_tables
from registry_app.services.interchange.xlsx_fast import read_plain_xlsx
from registry_app.services.interchange.xlsx_reading import read_xlsx_rows

from .test_import_xlsx_reading import MAIN, _handmade

WANTED = ("cases", "attempts", "contacts")
PLAIN_ROWS = """
<row r="1"><c r="A1" t="inlineStr"><is><t>case_number</t></is></c><c r="B1" t="s"><v>0</v></c>
  <c r="C1" t="inlineStr"><is><t>x</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> A-1 </t></is></c>
  <c r="B2" t="s"><v>2</v></c><c r="C2" s="1"><v>45293</v></c><c r="D2" s="2"><v>45293.5</v></c>
  <c r="E2" s="3"><v>1.25</v></c><c r="F2" t="b"><v>1</v></c><c r="G2" s="2"><v>0.375</v></c></row>
<row r="4"><c r="B4" t="s"><v>2</v></c><c r="C4"><v>7</v></c><c r="D4"><v>1.5E3</v></c>
  <c r="E4"><v>-0.25</v></c><c r="F4" t="str"><v>text result</v></c><c r="H4" s="1"/></row>
<row r="7"><c r="A7" t="inlineStr"><is><t>a_x0001_b _x005F_x0041_</t></is></c></row>
"""


def _plain(path, epoch1904=False):
    """The hand-made workbook of test_import_xlsx_reading with a sheet of values only."""
    _handmade(path, epoch1904)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = (f'<worksheet xmlns="{MAIN}"><sheetData>{PLAIN_ROWS}'
                                         '</sheetData></worksheet>').encode()
    parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(
        b"<si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r>", b"<si><t>rich</t>")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _as_calamine(rows):
    """The full reader's rows with the two differences that change no imported value: trailing
    empty cells dropped, whole floats (1.5E3) as ints."""
    def same(value):
        return int(value) if isinstance(value, float) and value.is_integer() else value
    cleaned = [(n, [same(v) for v in row]) for n, row in rows]
    for _, row in cleaned:
        while row and row[-1] is None:
            row.pop()
    return cleaned


@pytest.mark.parametrize("epoch1904", [False, True])
def test_a_plain_workbook_reads_as_the_full_reader_reads_it(tmp_path, epoch1904):
    path = _plain(tmp_path / "plain.xlsx", epoch1904)
    fast = read_plain_xlsx(path, WANTED, 1000)
    full = read_xlsx_rows(path, WANTED, 1000, FormulaCell)
    assert fast is not None and fast["cases"].title == "Cases "
    assert fast["cases"].rows == _as_calamine(full["cases"].rows)
    rows = dict(fast["cases"].rows)
    assert rows[2][2] == (datetime(2028, 1, 3) if epoch1904 else datetime(2024, 1, 2))
    assert isinstance(rows[4][2], int) and rows[4][3] == 1500 and rows[7] == ["a\x01b _x0041_"]


def test_an_export_is_read_by_calamine_and_imports_identically(registry, make_case, tmp_path,
                                                               monkeypatch, new_registry_file):
    create_case(registry, make_case("K-1", notes="bell\x01 and _x0001_ =1+1 \r\n end"))
    create_case(registry, make_case("K-2", passes=[]))
    path = tmp_path / "all.xlsx"
    export_registry(registry, path, identified=True)
    fast = read_plain_xlsx(path, WANTED, 1000)
    assert fast is not None
    assert {n: s.rows for n, s in fast.items()} == {
        n: s.rows for n, s in read_xlsx_rows(path, WANTED, 1000, FormulaCell).items()}
    monkeypatch.setattr(spreadsheets, "read_xlsx_rows", _never)
    other = open_registry(new_registry_file("other.sqlite3"))
    other.today = registry.today
    assert import_file(other, path).created == 2
    before = {c.values["case_number"]: c for c in load_cases(registry, with_identity=True)}
    for case in load_cases(other, with_identity=True):
        assert case.clinically_equal(before[case.values["case_number"]])


def _never(*args, **kwargs):
    raise AssertionError("the full reader was used")


def test_formulas_merges_and_rich_text_go_to_the_full_reader(tmp_path):
    path = _handmade(tmp_path / "odd.xlsx")
    assert read_plain_xlsx(path, WANTED, 1000) is None
    table = read_tables(path)["cases"]  # the full reader: formulas and merges as before
    assert any("cells D4:D5 are merged" in w for w in table.warnings)
    _replace_sheet(path, PLAIN_ROWS)  # shared strings still hold rich text ('rich ' + 'text')
    assert read_plain_xlsx(path, WANTED, 1000) is None
    assert read_tables(path)["cases"].header[1] == "shared text"


@pytest.mark.parametrize("cell", [
    '<c r="B3"><f>1+1</f><v>2</v></c>', '<c r="B3" t="e"><v>#N/A</v></c>',
    '<c r="B3" t="d"><v>2024-01-02</v></c>', '<c><v>1</v></c>', '<c r="AAA3"><v>1</v></c>',
    '<c s="1"><v>1</v></c>', '<c r="B3" t="inlineStr"><is><r><t>a </t></r><r><t>b</t></r></is></c>'])
def test_each_awkward_cell_sends_the_file_to_the_full_reader(tmp_path, cell):
    path = _plain(tmp_path / "plain.xlsx")
    _replace_sheet(path, PLAIN_ROWS + f'<row r="3">{cell}</row>')
    assert read_plain_xlsx(path, WANTED, 1000) is None
    assert read_tables(path)["cases"].header[0] == "case_number"


def _replace_sheet(path, rows: str) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = (f'<worksheet xmlns="{MAIN}"><sheetData>{rows}'
                                         '</sheetData></worksheet>').encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_sprawling_or_oversized_sheet_goes_to_the_full_reader(tmp_path, monkeypatch):
    path = _plain(tmp_path / "plain.xlsx")
    _replace_sheet(path, PLAIN_ROWS + '<row r="900000"><c r="ZZ900000"><v>1</v></c></row>')
    assert read_plain_xlsx(path, WANTED, 10 ** 6) is None  # 900,000 x 702 slots: too many
    path = _plain(tmp_path / "small.xlsx")
    assert read_plain_xlsx(path, WANTED, 1000) is not None
    monkeypatch.setattr(xlsx_fast, "MAX_AREA", 60)  # 17 cells in 7 rows x 8 columns: read
    assert read_plain_xlsx(path, WANTED, 1000) is not None
    _replace_sheet(path, PLAIN_ROWS + '<row r="3">' + '<c r="A3"><v>1</v></c>' * 60 + '</row>')
    assert read_plain_xlsx(path, WANTED, 1000) is None  # the same cell 60 times: too many
    monkeypatch.undo()
    path = _plain(tmp_path / "small.xlsx")
    monkeypatch.setattr(xlsx_fast, "MAX_PART", 100)  # e.g. a zip bomb: stops after MAX_PART
    assert read_plain_xlsx(path, WANTED, 1000) is None


def test_files_calamine_cannot_read_go_to_the_full_reader_and_its_refusal(tmp_path,
                                                                          monkeypatch):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert read_plain_xlsx(broken, WANTED, 1000) is None
    with pytest.raises(UnreadableFile, match="is not a readable Excel workbook"):
        read_tables(broken)
    import python_calamine

    def failing(*args, **kwargs):
        raise python_calamine.CalamineError("damaged")
    path = _plain(tmp_path / "plain.xlsx")
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", failing)
    assert read_plain_xlsx(path, WANTED, 1000) is None
    assert read_tables(path)["cases"].header[0] == "case_number"  # read by the full reader


def test_size_limits_hold_on_the_calamine_path(tmp_path, monkeypatch):
    path = _plain(tmp_path / "plain.xlsx")
    monkeypatch.setattr(spreadsheets, "MAX_CELLS", 5)
    monkeypatch.setattr(spreadsheets, "read_xlsx_rows", _never)
    with pytest.raises(UnreadableFile, match="has more than 5 cells; split it"):
        read_tables(path)


def test_reading_stops_after_max_rows(tmp_path):
    path = _plain(tmp_path / "plain.xlsx")
    assert [n for n, _ in read_plain_xlsx(path, WANTED, 2)["cases"].rows] == [1, 2]


def test_a_sheet_starting_away_from_a1_keeps_its_row_and_column_numbers(tmp_path):
    path = _plain(tmp_path / "plain.xlsx")
    _replace_sheet(path, '<row r="3"><c r="C3" t="inlineStr"><is><t>case_number</t></is></c>'
                         '</row><row r="5"><c r="C5" t="inlineStr"><is><t>M-1</t></is></c>'
                         '<c r="D5"><v>4</v></c></row>')
    rows = read_plain_xlsx(path, WANTED, 1000)["cases"].rows
    assert rows == [(3, [None, None, "case_number"]), (5, [None, None, "M-1", 4])]
    assert rows == read_xlsx_rows(path, WANTED, 1000, FormulaCell)["cases"].rows


def test_cells_out_of_order_are_all_kept(tmp_path):
    """Where openpyxl (and the full reader) makes a row as wide as its last cell and drops a
    cell written after it (D5 before C5), calamine keeps every cell: nothing is lost."""
    path = _plain(tmp_path / "plain.xlsx")
    _replace_sheet(path, '<row r="1"><c r="A1" t="inlineStr"><is><t>case_number</t></is></c>'
                         '</row><row r="2"><c r="B2"><v>4</v></c><c r="A2" t="inlineStr">'
                         '<is><t>M-1</t></is></c></row>')
    assert read_plain_xlsx(path, WANTED, 1000)["cases"].rows[1] == (2, ["M-1", 4])
