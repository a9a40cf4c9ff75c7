"""Plain worksheets read by regular expressions give exactly the full reader's rows (the same
values of the same types, row numbers, widths and size checks), for random workbooks written by
openpyxl and XlsxWriter and for hand-written XML; anything else goes to the full reader."""
import random
import zipfile
from datetime import date, datetime, time, timedelta

import pytest
import xlsxwriter
from lxml import etree
from openpyxl import Workbook

from registry_app.services.interchange import xlsx_plain_stream
from registry_app.services.interchange.spreadsheets import FormulaCell
from registry_app.services.interchange.xlsx_plain_stream import NotPlain, PlainSheet, stream_sheet
from registry_app.services.interchange.xlsx_reading import Book

from .test_import_xlsx_reading import MAIN, _handmade

PIECES = ["&", "<", ">", '"', "'", "&amp;", "&#65;", "]]>", "\r\n", "\r", "\n", "\t", " ", "  ",
          "é", "✓", "\U0001F600", "_x0041_", "_x005F_", "_x00", "x", "case", "=1+1", "0", "1e5"]


def typed(rows):
    """Rows with each value's type and repr, so 1, 1.0, True and 0.0, -0.0 differ."""
    return [(number, [(type(v).__name__, repr(v)) for v in values]) for number, values in rows]


def read_both(path, max_rows=10_000):
    """Every worksheet read by the full reader and by PlainSheet (NotPlain fails the test):
    their rows and size checks."""
    book = Book(path)
    try:
        for title in book.titles:
            full, plain, full_sizes, plain_sizes = [], [], [], []
            book.stream(title, max_rows, FormulaCell, lambda *a: full_sizes.append(a), full.append)
            PlainSheet(book, title, lambda *a: plain_sizes.append(a)).stream(max_rows, plain.append)
            assert typed(plain) == typed(full), title
            assert plain_sizes == full_sizes
            yield title, full
    finally:
        book.close()


def random_value(rng: random.Random):
    kind = rng.randrange(9)
    if kind < 3:
        return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 6)))
    if kind == 3:
        return rng.choice([rng.randint(-10**6, 10**6), 10**15, 2**53 + 1, 0, -7])
    if kind == 4:
        return rng.choice([rng.uniform(-1e6, 1e6), 1e20, -0.0, 0.0, 5e-324, 1e-300, 0.1,
                           rng.random(), 1.5e3])
    if kind == 5:
        return rng.random() < 0.5
    if kind == 6:
        return rng.choice([date(2024, 2, 29), date(1900, 1, 1), date(1900, 3, 1)]) + timedelta(
            days=rng.randint(0, 40000))
    if kind == 7:
        return datetime(2025, 1, 1) + timedelta(seconds=rng.randint(0, 10**8),
                                                microseconds=rng.choice([0, 500_000, 123_456]))
    return rng.choice([time(rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)),
                       timedelta(hours=rng.randint(0, 100), minutes=rng.randint(0, 59))])


def random_grid(rng: random.Random):
    """{(row, column): value} of a sparse sheet, zero-based, with gaps and blank cells (None)."""
    rows = sorted(rng.sample(range(0, 180), rng.randint(1, 70)))
    return {(row, column): (None if rng.random() < 0.1 else random_value(rng))
            for row in rows for column in sorted(rng.sample(range(0, 60), rng.randint(1, 25)))}


def openpyxl_book(path, rng):
    book = Workbook()
    book.remove(book.active)
    for title in ("cases", "attempts"):
        sheet = book.create_sheet(title)
        for (row, column), value in random_grid(rng).items():
            if value is not None and not (isinstance(value, str) and value.startswith("=")):
                sheet.cell(row + 1, column + 1, value)
    book.save(path)
    return path


def xlsxwriter_book(path, rng, inline: bool):
    book = xlsxwriter.Workbook(str(path), {"constant_memory": inline,
                                           "strings_to_formulas": False,
                                           "strings_to_numbers": False, "strings_to_urls": False})
    formats = [book.add_format({"num_format": f}) for f in ("yyyy-mm-dd", "hh:mm:ss", "[h]:mm",
                                                             "yyyy-mm-dd hh:mm", "0.00")]
    for title in ("cases", "contacts"):
        sheet = book.add_worksheet(title)
        for (row, column), value in random_grid(rng).items():
            if value is None:
                sheet.write_blank(row, column, None, rng.choice(formats))
            elif isinstance(value, (date, time, timedelta)):
                fmt = formats[2] if isinstance(value, timedelta) else rng.choice(formats[:4])
                sheet.write_datetime(row, column, value, fmt)
            else:
                sheet.write(row, column, value, *([rng.choice(formats)] if rng.random() < 0.2
                                                  else []))
    book.close()
    return path


def test_random_workbooks_read_plain_give_the_full_readers_rows(tmp_path, monkeypatch):
    """Written by openpyxl (shared strings) and XlsxWriter (shared and inline strings), read in
    chunks of a few rows so that rows meet chunk ends everywhere."""
    monkeypatch.setattr(xlsx_plain_stream, "CHUNK", 700)
    rng = random.Random(20261207)
    for index in range(4):
        books = [openpyxl_book(tmp_path / f"o{index}.xlsx", rng),
                 xlsxwriter_book(tmp_path / f"x{index}.xlsx", rng, inline=False),
                 xlsxwriter_book(tmp_path / f"i{index}.xlsx", rng, inline=True)]
        for path in books:
            read = dict(read_both(path))
            assert sum(len(rows) for rows in read.values()) > 2, path.name


ROWS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> a\r\nb\rc\t </t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>&amp;&lt;&gt;&quot;&apos;&#13;&#x1F600;&#65;_x0041_</t></is></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="b"><v>0</v></c><c r="E1" t="str"><v>a&#10;b</v></c>'
    '<c r="F1" t="e"><v>#N/A</v></c><c r="G1" t="d"><v>2024-01-02T03:04:05</v></c>'
    '<c r="H1" t=""><v>odd</v></c><c r="I1" s="1"><v>1.5E3</v></c><c r="J1"></c></row>\n'
    '<row r="3" spans="1:4"/>\n<row r="2"><c r="A2"><v>skipped: before row 3</v></c></row>'
    '<row><c r="B4" s="2"><v>45293.75</v></c><c r="A4"><v>-0.0</v></c><c r="Z4"/></row>'
    '<row r="4.0"><c r="A4"><v>1</v></c></row><row r="7">\n  <c r="C7" s="3"><v>1.25</v></c>\n'
    '</row><row r="8"><c r="A8" t="inlineStr"/><c r="B8" t="s" s="1"><v>0</v></c></row>')


def hand_written(path, rows=ROWS, tail="</sheetData></worksheet>", head=None):
    _handmade(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    head = head or f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}"><sheetData>'
    parts["xl/worksheets/sheet1.xml"] = (head + rows + tail).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_hand_written_xml_reads_as_the_full_reader_reads_it(tmp_path):
    """Line ends normalised as a parser does (a character reference kept), entities, escapes,
    kinds and styles, rows without a number, repeated and out of order, empty cells."""
    [(_, rows)] = read_both(hand_written(tmp_path / "hand.xlsx"))
    assert rows[0][1][:2] == [" a\nb\nc\t ", "&<>\"'\r\U0001F600AA"]
    assert [number for number, _ in rows] == [1, 4, 7, 8]


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("rows, head", [
    (ROWS.replace('<c r="J1">', '<c r="J1"><f>1+1</f>'), None),  # a formula
    (ROWS.replace("<t>&amp;", "<t><!-- c -->&amp;"), None),  # a comment
    (ROWS.replace('<c r="J1">', "<c>"), None),  # a cell without a reference
    (ROWS.replace('<c r="J1">', '<c r="J1" t="s"><v>1</v><extLst/>'), None),  # another child
    (ROWS.replace('<row r="8">', "<row r='8'>"), None),  # single quotes
    (ROWS, '<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><sheetData>'),
    (ROWS.replace("<row r=\"7\">", '<x:row xmlns:x="' + MAIN + '" r="7">').replace(
        "\n</row>", "\n</x:row>"), None),  # a prefixed row
])
def test_what_is_not_plain_goes_to_the_full_reader_with_the_same_rows(tmp_path, rows, head):
    path = hand_written(tmp_path / "odd.xlsx", rows, head=head)
    book = Book(path)
    try:
        with pytest.raises(NotPlain):
            PlainSheet(book, book.titles[0], None).stream(1000, [].append)
        full, mixed = [], []
        book.stream(book.titles[0], 1000, FormulaCell, None, full.append)
        assert stream_sheet(book, book.titles[0], 1000, FormulaCell, None, mixed.append) == []
        assert typed(mixed) == typed(full)
    finally:
        book.close()


def test_a_sheet_found_not_plain_midway_is_read_on_without_a_row_or_check_twice(tmp_path,
                                                                                 monkeypatch):
    monkeypatch.setattr(xlsx_plain_stream, "CHUNK", 300)
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}" t="inlineStr"><is><t>'
                   f'row {n}</t></is></c></row>' for n in range(1, 60))
    path = hand_written(tmp_path / "midway.xlsx", rows.replace('<v>50</v>', '<f>49+1</f><v>50</v>'))
    book = Book(path)
    try:
        full, mixed, full_sizes, mixed_sizes = [], [], [], []
        book.stream(book.titles[0], 1000, FormulaCell, lambda *a: full_sizes.append(a),
                    full.append)
        stream_sheet(book, book.titles[0], 1000, FormulaCell, lambda *a: mixed_sizes.append(a),
                     mixed.append)
        assert typed(mixed) == typed(full) and len(full) == 59
        assert mixed_sizes == full_sizes
    finally:
        book.close()


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("rows, tail", [
    (ROWS, "</sheetData>"),  # cut off
    (ROWS.replace("</row><row r=\"7\">", "</rov><row r=\"7\">"), "</sheetData></worksheet>"),
    (ROWS.replace("&amp;", "&nbsp;"), "</sheetData></worksheet>"),  # an undefined entity
])
def test_malformed_xml_fails_as_in_the_full_reader(tmp_path, rows, tail):
    path = hand_written(tmp_path / "broken.xlsx", rows, tail)
    book = Book(path)
    try:
        with pytest.raises(etree.XMLSyntaxError):
            book.stream(book.titles[0], 1000, FormulaCell, None, [].append)
        with pytest.raises(etree.XMLSyntaxError):
            stream_sheet(book, book.titles[0], 1000, FormulaCell, None, [].append)
    finally:
        book.close()


def test_reading_stops_after_the_row_after_the_last_one_wanted(tmp_path):
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 30))
    path = hand_written(tmp_path / "long.xlsx", rows)
    [(_, found)] = read_both(path, max_rows=10)
    assert [number for number, _ in found] == list(range(1, 12))
