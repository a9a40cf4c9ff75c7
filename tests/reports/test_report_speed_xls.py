"""The report workbook's rows made a column at a time are, byte for byte, the rows made one by one."""
import zipfile
from datetime import date, datetime

import pytest

from registry_app.services.reports.xlsx import rows as rows_module
from registry_app.services.reports.xlsx.column_cells import rows_by_column
from registry_app.services.reports.xlsx.rows import Column, ReportWorkbook, _RowWriter


class Code(str):
    """A text of another type (an enum-like code): looked up cell by cell."""


AWKWARD = {  # column: values down it (the same number of rows each)
    "numbers mixed": [True, 1, 1.0, 0.0, -0.0, 0, False, 2**53 + 1, float(2**53 + 1), None],
    "signed zeros": [0.0, -0.0, 0.0, -0.0, 1.5, float("nan"), float("nan"), float("inf"), None, 2.0],
    "dates and times": [date(2026, 11, 3), datetime(2026, 11, 3), datetime(2026, 11, 3, 9, 5),
                        date(2026, 11, 3), datetime(2026, 11, 3, 9, 5), None,
                        datetime(2026, 11, 3, 9, 5, 0, 1), datetime(2026, 11, 3, 9, 5, 0, 1),
                        date(1900, 2, 28), date(1900, 3, 1)],
    "texts": ["yes", "", "  padded ", "a & b < c", "bell\x07", "yes", Code("yes"), "x" * 40000,
              "line\nbreak", None],
    "lists": [["a", "b"], ("a",), None, "a; b", ["a", "b"], [], "", None, ("x", 1), "x"],
    "integers": [3, 3, 4, None, 0, -1, 3, 4, 10**12, 0],
}
"""Columns whose equal-looking values are different cells (True and 1, 0.0 and -0.0, a date
and midnight), or cannot be looked up by value."""


def _yes_no(value):
    """A column's text of a value that tells True from 1 (as format_value of a yes/no does)."""
    return {True: "yes", False: "no"}.get(value, "one") if type(value) is bool else str(value)


def _writer(text=None):
    book = ReportWorkbook()
    columns = [Column("0.0" if name == "signed zeros" else None) for name in AWKWARD]
    columns.append(Column(text=text))
    return _RowWriter(book, book.active, columns)


def _rows():
    names = list(AWKWARD)
    texted = AWKWARD["numbers mixed"]
    return [[AWKWARD[name][i] for name in names] + [texted[i]] for i in range(len(texted))]


@pytest.mark.parametrize("text", [None, _yes_no])
def test_rows_made_by_column_are_the_rows_made_one_by_one(text):
    rows = _rows()
    by_row = _writer(text)
    one_by_one = [by_row.row(number, values) for number, values in enumerate(rows, start=3)]
    by_column = _writer(text)
    assert rows_by_column(3, rows, by_column.columns, by_column.cell) == one_by_one
    assert 't="b"><v>1</v>' in one_by_one[0] and 't="n"><v>1</v>' in one_by_one[1]
    assert "<v>0</v>" in one_by_one[0] or "<v>0</v>" in one_by_one[3]


@pytest.mark.parametrize("text", [None, str])
def test_a_column_of_date_times_made_at_once_is_the_column_made_cell_by_cell(text):
    times = [datetime(2026, 11, 3, 9, 5), None, datetime(2026, 11, 3, 9, 5, 0, 999999),
             datetime(1900, 2, 28, 23, 59, 59), datetime(1900, 3, 1), datetime(2026, 11, 3, 9, 5),
             datetime(9999, 12, 31, 23, 59), datetime(1, 1, 1, 0, 0, 1), None]
    rows = [[value, value] for value in times]
    by_row = _writer(text)
    columns = by_row.columns[-2:]  # a date-time column, and one turned into text
    one_by_one = ["".join(map(by_row.cell, columns, values)) for values in rows]
    by_column = _writer(text)
    at_once = by_column.date_times(by_column.columns[-2], tuple(times))
    assert at_once == [by_row.cell(columns[0], value) for value in times]
    assert (by_column.date_times(by_column.columns[-1], tuple(times)) is None) == (text is str)
    made = rows_by_column(1, rows, by_column.columns[-2:], by_column.cell, by_column.date_times)
    assert made == [f'<row r="{n}">' + cells.replace("\x00", f'{n}"') + "</row>"
                    for n, cells in enumerate(one_by_one, start=1)]


def _counting_writer():
    """A row writer, the values its cells were made of (in order), and its cell function."""
    made: list = []
    writer = _writer()

    def cell(column, value):
        made.append(value)
        return writer.cell(column, value)
    return writer, made, cell


def test_equal_values_in_a_column_of_one_kind_are_made_once():
    writer, made, cell = _counting_writer()
    rows = [[value] for value in [3, 3, None, 4, 3, None, 4]]
    found = rows_by_column(1, rows, writer.columns[:1], cell)
    assert sorted(made, key=str) == [3, 4, None]
    assert found == [writer.row(n, r) for n, r in enumerate(rows, start=1)]


def test_a_column_mixing_number_kinds_is_made_cell_by_cell():
    writer, made, cell = _counting_writer()
    rows_by_column(1, [[True], [1], [1.0], [True]], writer.columns[:1], cell)
    assert [type(v) for v in made] == [bool, int, float, bool]


def test_rows_of_different_lengths_or_without_cells_are_left_to_the_row_writer():
    writer = _writer()
    assert rows_by_column(1, [[1, 2], [1]], writer.columns, writer.cell) is None
    assert rows_by_column(1, [[], []], writer.columns, writer.cell) is None
    assert rows_by_column(1, [[1]], [], writer.cell) is None
    assert rows_by_column(1, [], writer.columns, writer.cell) is None


@pytest.mark.parametrize("rows", [[[1, "a"], [2]], [[], []], [[1, 2, 3, 4, 5, 6, 7, 8, 9]] * 2,
                                  [[None, None]] * 3])
def test_add_rows_writes_what_the_row_writer_writes_whatever_the_shape(rows, monkeypatch):
    columns = [Column(), Column("0.0")]
    reference = ReportWorkbook()
    writer = _RowWriter(reference, reference.active, columns)
    expected = [writer.row(n, r) for n, r in enumerate(rows, start=2)]
    for row_by_row in (False, True):
        if row_by_row:
            monkeypatch.setattr(rows_module, "rows_by_column", lambda *args: None)
        book = ReportWorkbook()
        assert book.add_rows(book.active, 2, columns, iter(rows)) == 1 + len(rows)
        assert book._rows[id(book.active)][1:] == (expected, 1 + len(rows))


def _sheets(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name) for name in book.namelist()
                if name.startswith("xl/worksheets/")}


def test_the_report_workbook_is_byte_for_byte_the_one_written_row_by_row(report_data, tmp_path,
                                                                        monkeypatch):
    from registry_app.services.reports.xlsx.workbook import write_report_xlsx
    by_column = _sheets(write_report_xlsx(report_data, tmp_path / "column.xlsx"))
    monkeypatch.setattr(rows_module, "rows_by_column", lambda *args: None)
    by_row = _sheets(write_report_xlsx(report_data, tmp_path / "row.xlsx"))
    assert by_column == by_row
    cases = by_column["xl/worksheets/sheet3.xml"]
    assert cases.count(b"<row ") == len(report_data.cases) + 1 and b"\x00" not in cases


def _text_end_as_before(value: str) -> str:
    """The inline string as it was written before the printable-text shortcut."""
    from xml.sax.saxutils import escape
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    text = ILLEGAL_CHARACTERS_RE.sub("", value[:rows_module.MAX_TEXT])
    if not text:
        return ' t="inlineStr"/>'
    space = ' xml:space="preserve"' if text != text.strip() else ""
    body = escape(text).replace("\r", "&#13;")
    return f' t="inlineStr"><is><t{space}>{body}</t></is></c>'


def test_a_text_cell_is_written_as_before_whatever_its_characters():
    characters = [chr(code) for code in range(0x3100)] + [
        "\u2028", "\u2029", "\ufeff", "\ud800", "\U0001f600", "\U000e0001", "\uffff"]
    texts = [t for c in characters for t in (c, f"a{c}b", f" {c}")] + [
        "", " ", "a & b < c > d", "line\r\nbreak", "\x00\x01", "x" * 40000, "é" * 32768]
    for text in texts:
        assert rows_module._text_end(text) == _text_end_as_before(text), repr(text)


def test_a_string_origin_is_written_as_reportlab_writes_it_number_by_number():
    """The canvas writes a kept string's x and y each as fp_str writes it alone: the same text
    as fp_str of the pair."""
    import random
    from reportlab.lib.rl_accel import fp_str
    draw = random.Random(19)
    numbers = [0, 1, -1, 0.0, -0.0, 1.0, 0.00004, -0.00004, 0.00005, 1e-7, 123456789.123,
               -2.5, 56.69291338582677, 841.8897637795275, 10**7, 3]
    numbers += [draw.uniform(-1000, 1000) for _ in range(2000)]
    numbers += [round(draw.uniform(0, 900), draw.randint(0, 6)) for _ in range(2000)]
    for x, y in zip(numbers, numbers[1:] + numbers[:1]):
        assert fp_str(x, y) == f"{fp_str(x)} {fp_str(y)}", (x, y)
    assert {fp_str(1), fp_str(1.0)} == {"1"} and fp_str(-0.0) == fp_str(0.0)


def test_a_saved_canvas_lets_go_of_its_numbers(tmp_path):
    from registry_app.services.reports.pdf.strings import KeptStringsCanvas
    canvas = KeptStringsCanvas(str(tmp_path / "n.pdf"))
    for _ in range(2):
        canvas.drawString(10.5, 20.25, "kept")
    assert canvas._numbers == {10.5: "10.5", 20.25: "20.25"}
    canvas.save()
    assert canvas._numbers == {}
