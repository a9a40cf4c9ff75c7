"""The streaming .xlsx reader gives exactly the values openpyxl reads, for odd hand-made files too."""
import zipfile
from datetime import datetime

import pytest
from openpyxl import Workbook, load_workbook

from registry_app.services.interchange.spreadsheets import FormulaCell, read_tables
from registry_app.services.interchange.xlsx_reading import read_xlsx_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"
TYPES = {"wb": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
         "ws": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
         "ss": "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
         "st": "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"}
STYLES = (f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164"'
          ' formatCode="[h]:mm"/></numFmts><fonts count="1"><font/></fonts><fills count="1">'
          '<fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/>'
          '</borders><cellStyleXfs count="1"><xf/>'
          '</cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"'
          ' applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/><xf numFmtId="164"'
          ' applyNumberFormat="1"/></cellXfs></styleSheet>')
STRINGS = (f'<sst xmlns="{MAIN}"><si><t>shared text</t></si><si><r><t>rich </t></r><r><rPr><b/>'
           '</rPr><t>text</t></r><rPh sb="0" eb="1"><t>skip</t></rPh></si><si><t xml:space="preserve"> padded'
           ' </t></si></sst>')
ROWS = """
<row r="1"><c r="A1" t="inlineStr"><is><t>case_number</t></is></c><c r="B1" t="s"><v>0</v></c>
  <c r="C1" t="inlineStr"><is><t>x</t></is></c><c r="D1" t="inlineStr"><is><t>y</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><r><t>A-</t></r><r><t>1</t></r></is></c>
  <c r="B2" t="s"><v>1</v></c><c r="C2" s="1"><v>45293</v></c><c r="D2" s="2"><v>45293.5</v></c>
  <c r="E2" s="3"><v>1.25</v></c><c r="F2" t="b"><v>1</v></c><c r="G2" t="e"><v>#N/A</v></c></row>
<row r="4"><c t="inlineStr"><is><t>A-2</t></is></c><c t="s"><v>2</v></c><c><v>7</v></c>
  <c t="str"><f>B4&amp;"!"</f><v>ok!</v></c><c r="H4"><f>1+1</f></c><c r="I4" t="d"><v>2024-01-02T03:04:05</v></c>
  <c r="J4"><v>1.5E3</v></c><c r="K4"><v></v></c></row>
<row><c r="A5" t="inlineStr"><is><t>A-3</t></is></c><c r="C5"><f t="shared" ref="C5:C6" si="0">A5&amp;1</f></c>
  <!-- a comment --><c r="D5" t="inlineStr"><is><t/></is></c></row>
<row r="6"><c r="A6" t="inlineStr"><is><t>A-4</t></is></c><c r="B6" s="1"><v>99999999</v></c>
  <c r="C6"><f t="shared" si="0"/></c><c r="D6"><f t="array" ref="D6">SUM(1)</f></c></row>
<row r="6"><c r="A6" t="inlineStr"><is><t>a repeated row number is skipped</t></is></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>so is a row out of order</t></is></c></row>
<row r="9" spans="1:2"><c r="B9"/></row>
<row r="10"><c r="A10" t="inlineStr"><is><t>A-5</t></is></c><c r="C10"><v>3</v></c><c r="B10"><v>2</v></c></row>
"""
SHEET = (f'<worksheet xmlns="{MAIN}"><sheetData>{ROWS}</sheetData><mergeCells count="4">'
         '<mergeCell ref="C7:C8"/><mergeCell ref="C7:C8"/><mergeCell ref="D4:D5"/><mergeCell ref="E2:F2"/></mergeCells>'
         '</worksheet>')


def _handmade(path, epoch1904=False):
    pr = '<workbookPr date1904="1"/>' if epoch1904 else ""
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{PKG}/content-types"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml"'
            ' ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{TYPES["wb"]}"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPES["ws"]}"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPES["ss"]}"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{TYPES["st"]}"/></Types>'),
        "_rels/.rels": (f'<Relationships xmlns="{PKG}/relationships"><Relationship Id="r1"'
                        f' Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{pr}<sheets>'
                            '<sheet name="Cases " sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": SHEET, "xl/sharedStrings.xml": STRINGS,
        "xl/styles.xml": STYLES,
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def openpyxl_rows(path, title, max_rows=1000):
    """The reference: openpyxl's read-only rows (saved results), formulas without a result
    marked as FormulaCell from a second, formula-reading pass."""
    books = [load_workbook(path, read_only=True, data_only=d) for d in (True, False)]
    sheets = [book[title] for book in books]
    for sheet in sheets:
        sheet.reset_dimensions()
    rows = []
    for number, (values, raw) in enumerate(zip(*(s.iter_rows(values_only=True)
                                                  for s in sheets)), start=1):
        values = list(values)
        for index, cell in enumerate(raw[:len(values)]):
            formula = (isinstance(cell, str) and cell.startswith("=")) or hasattr(cell, "text")
            if values[index] is None and formula:
                values[index] = FormulaCell(cell if isinstance(cell, str) else str(cell.text))
        rows.append((number, values))
        if number > max_rows:
            break
    for book in books:
        book.close()
    return [(n, r) for n, r in rows if r]


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("epoch1904", [False, True])
def test_handmade_workbook_reads_as_openpyxl_reads_it(tmp_path, epoch1904):
    path = _handmade(tmp_path / "odd.xlsx", epoch1904)
    sheet = read_xlsx_rows(path, ("cases",), 1000, FormulaCell)["cases"]
    assert sheet.title == "Cases "
    assert sheet.rows == openpyxl_rows(path, "Cases ")
    assert [m.ref for m in sheet.merges] == ["C7:C8", "D4:D5", "E2:F2"]
    by_number = dict(sheet.rows)
    assert by_number[2][:2] == ["A-1", "rich text"] and by_number[4][1] == " padded "
    assert by_number[4][7] == FormulaCell("=1+1") and by_number[6][2] == FormulaCell("=A6&1")
    assert by_number[6][1:] == ["#VALUE!", FormulaCell("=A6&1"), FormulaCell("=SUM(1)")]
    assert by_number[9] == [None, None]
    assert by_number[10] == ["A-5", 2]  # openpyxl: a row is as wide as its last cell
    assert 3 not in by_number and by_number[6][0] == "A-4"


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_max_rows_stops_reading(tmp_path):
    path = _handmade(tmp_path / "odd.xlsx")
    sheet = read_xlsx_rows(path, ("cases",), 3, FormulaCell)["cases"]
    assert [n for n, _ in sheet.rows] == [1, 2, 4]


def test_openpyxl_workbook_with_every_kind_of_cell(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "cases"
    sheet.append(["case_number", "procedure_date", "puncture_time", "age", "weight", "ivt",
                  "notes"])
    sheet.append(["B-1", datetime(2025, 1, 2), datetime(2025, 1, 2, 8, 30), 70, 81.5, True,
                  "  spaces kept  "])
    sheet.append(["B-2", None, None, None, None, False, "=1+2"])
    sheet.append([])
    sheet.append(["B-3", "2025-01-03", "text", -4, 1e-7, None, "ünïcödé ✓ <&>"])
    other = book.create_sheet("Attempts")
    other.append(["case_number", "pass_number"])
    other.append(["B-1", 1])
    book.create_sheet("unused").append(["x"])
    path = tmp_path / "typed.xlsx"
    book.save(path)
    sheets = read_xlsx_rows(path, ("cases", "attempts", "contacts"), 1000, FormulaCell)
    assert set(sheets) == {"cases", "attempts"}
    assert sheets["cases"].rows == openpyxl_rows(path, "cases")
    assert sheets["attempts"].rows == openpyxl_rows(path, "Attempts")
    assert sheets["cases"].rows[1][1][:3] == ["B-1", datetime(2025, 1, 2),
                                              datetime(2025, 1, 2, 8, 30)]


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_handmade_file_through_read_tables(tmp_path):
    path = _handmade(tmp_path / "odd.xlsx")
    table = read_tables(path)["cases"]
    assert table.header[:4] == ["case_number", "shared text", "x", "y"]
    assert [number for number, _ in table.rows] == [2, 4, 5, 6, 10]
    assert dict(table.rows)[5][3] == "ok!"  # copied down the merged cells D4:D5
    assert any("cells D4:D5 are merged" in w for w in table.warnings)
    assert table.row_problems[2] == ["cells E2:F2 are merged across columns; unmerge them and"
                                     " enter each value in its own column."]
