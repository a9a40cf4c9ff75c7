"""Rows streamed into the report workbook read back exactly like cells openpyxl writes itself."""
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from registry_app.services.reports.xlsx.sheets import put
from registry_app.services.reports.xlsx.rows import Column, ReportWorkbook

VALUES = [
    "plain", "  padded  ", "=SUM(A1:A2)", "+1", "a < b & c > d", "line\nbreak\r\nwindows",
    "tab\there", "ünïcödé ✓", "", "x" * 40000, "bell\x07and\x1fcontrol", 0, -7, 2**40, 1.5, 1e-9,
    0.1 + 0.2, True, False, date(2025, 2, 3), datetime(2025, 2, 3, 4, 5, 6), date(1900, 2, 1),
    ("a", "b"), ["x", 1],
]
KINDS = ["text", "int", "pct", "p", "date", "datetime"]
FORMATS = {"int": "0", "pct": "0.0%", "p": "0.000", "date": "yyyy-mm-dd",
           "datetime": "yyyy-mm-dd hh:mm"}


def _expected(value):
    """What openpyxl itself writes: `put` refuses control characters, so leave them out."""
    if isinstance(value, str) and "\x07" in value:
        value = value.replace("\x07", "").replace("\x1f", "")
    return value


def _books(tmp_path):
    streamed, reference = ReportWorkbook(), ReportWorkbook()
    for book in (streamed, reference):
        book.active.title = "rows"
        book.active.append(["header"] * len(KINDS))
    rows = [[value] * len(KINDS) for value in VALUES]
    last = streamed.add_rows(streamed.active, 2, [Column(FORMATS.get(k)) for k in KINDS], rows)
    for number, row in enumerate(rows, start=2):
        for column, (value, kind) in enumerate(zip(row, KINDS), start=1):
            put(reference.active, number, column, _expected(value), kind)
    streamed.save(tmp_path / "streamed.xlsx")
    reference.save(tmp_path / "reference.xlsx")
    return last, [load_workbook(tmp_path / f"{n}.xlsx")["rows"] for n in ("streamed", "reference")]


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")
def test_streamed_rows_read_back_like_cells_written_by_openpyxl(tmp_path):
    last, (streamed, reference) = _books(tmp_path)
    assert last == len(VALUES) + 1 == streamed.max_row
    assert streamed.dimensions == reference.dimensions == f"A1:F{last}"
    for got, want in zip(streamed.iter_rows(), reference.iter_rows(), strict=True):
        for a, b in zip(got, want, strict=True):
            assert (a.value, a.data_type, a.number_format) == \
                (b.value, b.data_type, b.number_format), a.coordinate
    assert streamed["A4"].value == "=SUM(A1:A2)" and streamed["A4"].data_type == "s"
    assert streamed["A3"].value == "  padded  " and len(streamed["A11"].value) == 32767
    assert streamed["C21"].number_format == "yyyy-mm-dd" and streamed["C21"].value == datetime(2025, 2, 3)
    assert streamed["C22"].number_format == "yyyy-mm-dd hh:mm"
    assert streamed["C16"].number_format == "0.0%" and streamed["A10"].value is None


def test_no_rows_leaves_the_sheet_as_openpyxl_wrote_it(tmp_path):
    book = ReportWorkbook()
    book.active.append(["only a header"])
    assert book.add_rows(book.active, 2, [Column()], []) == 1
    book.save(tmp_path / "empty.xlsx")
    sheet = load_workbook(tmp_path / "empty.xlsx").active
    assert [[c.value for c in r] for r in sheet.iter_rows()] == [["only a header"]]


@pytest.mark.parametrize("identified", [False, True])
def test_report_sheets_keep_layout_after_streaming(report_data, tmp_path, identified):
    from dataclasses import replace
    from registry_app.services.reports.xlsx.workbook import write_report_xlsx
    data = replace(report_data, identified=identified)
    book = load_workbook(write_report_xlsx(data, tmp_path / "m.xlsx"), read_only=True)
    cases = book["Cases"]
    top = 2 if identified else 1
    rows = list(cases.iter_rows(values_only=True))
    assert len(rows) == top + len(data.cases)
    assert cases.calculate_dimension().endswith(str(top + len(data.cases)))


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")
def test_styled_cells_read_back_like_styled_cells_written_by_openpyxl(tmp_path):
    from openpyxl.styles import Alignment, Font, PatternFill
    bold, fill, wrap = Font(bold=True, size=14), PatternFill("solid", fgColor="DDE4EE"), \
        Alignment(wrap_text=True, vertical="top")
    styles = [dict(font=bold), dict(fill=fill, alignment=wrap), dict(number_format="0.0%"),
              dict(number_format="yyyy-mm-dd", font=Font(italic=True)), {}]
    rows = [[(value, _dated(value, style)) for value, style in zip(VALUES[i:i + 5], styles)]
            for i in range(0, len(VALUES) - 5)] + [[], [(None, styles[0]), (None, {})]]
    streamed, reference = ReportWorkbook(), ReportWorkbook()
    sheet = streamed.active
    last = streamed.add_cells(sheet, 1, [[(v, streamed.cell_style(sheet, **s)) for v, s in row]
                                         for row in rows])
    for number, row in enumerate(rows, start=1):
        for column, (value, style) in enumerate(row, start=1):
            cell = put(reference.active, number, column, _expected(value))
            for name, setting in style.items():
                setattr(cell, name, setting)
    for book, name in ((streamed, "streamed"), (reference, "reference")):
        book.save(tmp_path / f"{name}.xlsx")
    got, want = (load_workbook(tmp_path / f"{n}.xlsx").active for n in ("streamed", "reference"))
    assert last == len(rows) and got.dimensions == want.dimensions == f"A1:E{last}"
    for a, b in zip(got.iter_rows(), want.iter_rows(), strict=True):
        for x, y in zip(a, b, strict=True):
            assert _look(x) == _look(y), x.coordinate
    assert got["A1"].font.b and got["B1"].fill.fgColor.rgb == "00DDE4EE"
    assert got["A1"].value == "plain" and got.cell(last, 1).font.sz == 14
    wide = load_workbook(tmp_path / "streamed.xlsx", read_only=True).active
    assert [len(r) for r in wide.iter_rows(max_row=1)] == [5]  # the dimension covers every column


def _look(cell):
    """A cell's value and style, comparable across workbooks."""
    return (cell.value, cell.number_format, repr(cell.font), repr(cell.fill),
            repr(cell.alignment))


def _dated(value, style: dict) -> dict:
    """A styled date's style holds a date format (as put gives it); an unstyled date none."""
    if isinstance(value, date) and style and "number_format" not in style:
        return {**style, "number_format": FORMATS["datetime" if isinstance(value, datetime)
                                                  else "date"]}
    return style
