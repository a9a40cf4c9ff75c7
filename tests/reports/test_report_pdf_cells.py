"""PDF table cells: plain text, broken into lines as a paragraph breaks it, shows the same glyphs
in the same places as paragraphs in every cell did."""
import random

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph, SimpleDocTemplate

from registry_app.services.reports.pdf import cells
from registry_app.services.reports.pdf.charts import register_fonts
from registry_app.services.reports.pdf.text import CELL_PADDING, FRAME_W, cell_text, para

ROWS = [["R-1", "DEMO-1", "2025-02-03", "Rescue stent", "sICH; Death (day 5)", "2c", 6],
        ["R-2", "  spaced   out  ", None, "No stent",
         "Complication: Arterial dissection, Subarachnoid haemorrhage, Vessel perforation,"
         " Distal embolisation in a new territory", "3", None],
        ["R-3 → ≤ ≥", "DEMO-3", "2025-02-04", "MT successful", "Re-occlusion", "2b", 0],
        ["R-4", "DEMO-4", "2025-02-05", "Rescue stent after failed thrombectomy",
         "sICH; Death (day 2); Complication: Arterial dissection; Re-occlusion; "
         "Complication: Vessel perforation, Subarachnoid haemorrhage", "2b67", 6],
        ["R-5", "DEMO-5", "2025-02-06", "No stent", "Complication: " + "x" * 90, "1", 5]]
HEADERS = ("Registry ID", "Case number", "Date", "Arm", "Reasons", "Final reperf.", "mRS 90 d")
WIDTHS = (1.4, 1.4, 1.2, 1.3, 3.4, 0.8, 0.7)


@pytest.fixture(autouse=True)
def report_fonts():
    """The report's fonts, as generating a report registers them first (the cells' paragraph
    styles name them): without this a test passed only after another had made a report."""
    register_fonts()


def _shown(path):
    """Per page, the text shown from each text position: (glyph codes, x, y), x and y rounded
    to 0.01 pt (a paragraph shows text with entities in several pieces from one position)."""
    pages = []
    for page in PdfReader(str(path)).pages:
        found = []

        def visit(operator, operands, cm, tm):
            if operator != b"Tj":
                return
            x = round(tm[4] * cm[0] + tm[5] * cm[2] + cm[4], 2)
            y = round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 2)
            if found and found[-1][1:] == (x, y):
                found[-1] = (found[-1][0] + bytes(operands[0]), x, y)
            else:
                found.append((bytes(operands[0]), x, y))
        page.extract_text(visitor_operand_before=visit)
        pages.append(sorted(found))
    return pages


def _write(path, rows, monkeypatch=None):
    register_fonts()
    if monkeypatch is not None:  # the reference: every cell a paragraph, as before
        monkeypatch.setattr(cells, "body_cell", lambda value, width: para(cell_text(value), "cell"))
    SimpleDocTemplate(str(path)).build([cells.table(HEADERS, rows, WIDTHS)])
    return path


def test_plain_cells_show_what_paragraphs_showed_where_they_showed_it(tmp_path, monkeypatch):
    rows = ROWS * 16  # four pages, the header row repeated on each (more pages add nothing checked)
    fast = _shown(_write(tmp_path / "fast.pdf", rows))
    reference = _shown(_write(tmp_path / "reference.pdf", rows, monkeypatch))
    assert len(fast) == len(reference) > 2
    assert fast == reference
    text = PdfReader(str(tmp_path / "fast.pdf")).pages[0].extract_text()
    assert "spaced out" in text and "R-3 -> <=" in text and "Subarachnoid" in text


def test_only_text_too_wide_for_its_column_is_broken_into_lines():
    width = FRAME_W * WIDTHS[4] / sum(WIDTHS)
    assert cells.body_cell("sICH; Death (day 5)", width) == "sICH; Death (day 5)"
    assert cells.body_cell(ROWS[1][4], width) == "\n".join(_paragraph_lines(ROWS[1][4], width))
    assert cells.body_cell(ROWS[1][4], width).count("\n") == 3  # four lines
    assert cells.body_cell(None, width) == ""
    assert cells.body_cell("a → b", width) == "a -> b"  # as the paragraph would print it


def test_a_word_too_long_for_its_column_stays_a_paragraph():
    assert isinstance(cells.body_cell("Complication: " + "x" * 80, 60), Paragraph)
    assert isinstance(cells.body_cell("soft\xadhyphen " * 6, 40), Paragraph)
    assert isinstance(cells.body_cell("mRS <= 2 & TICI > 2b " * 4, 60), Paragraph)


def _paragraph_lines(text, width):
    """The lines reportlab's paragraph breaks a cell's text into (the reference)."""
    paragraph = para(text, "cell")
    paragraph.wrap(width - 2 * CELL_PADDING, 10_000)
    return [" ".join(words) for _, words in paragraph.blPara.lines]


def test_lines_break_where_the_paragraph_breaks_them():
    words = ["sICH;", "Death", "(day 12);", "Complication:", "Arterial", "dissection,", "a",
             "Subarachnoid", "haemorrhage", "Re-occlusion", "no:", "Calcification", "2b67", "LAD"]
    picked = random.Random(7)
    broken = 0
    for _ in range(400):
        text = " ".join(picked.choice(words) for _ in range(picked.randint(1, 14)))
        width = picked.uniform(50, 250)
        cell = cells.body_cell(text, width)
        if isinstance(cell, str):
            assert cell.split("\n") == _paragraph_lines(text, width), (text, width)
            broken += "\n" in cell
    assert broken > 100


def _short_rows(n: int) -> list[list]:
    return [[f"R-{i}", f"DEMO-{i}", "2025-02-03", "No stent", "Re-occlusion", "3", 2]
            for i in range(n)]


def test_a_table_never_leaves_one_row_alone_at_a_page_foot():
    grid = cells.table(HEADERS, _short_rows(10), WIDTHS)
    grid.wrap(FRAME_W, 800)
    heights = grid._rowHeights
    assert grid.split(FRAME_W, sum(heights[:2]) + 1) == []  # room for one row: next page
    parts = grid.split(FRAME_W, sum(heights[:4]) + 1)  # three rows fit: they stay
    assert [p._nrows - 1 for p in parts] == [3, 7]


def test_a_table_never_carries_one_row_alone_to_the_next_page():
    grid = cells.table(HEADERS, _short_rows(10), WIDTHS)
    grid.wrap(FRAME_W, 800)
    parts = grid.split(FRAME_W, sum(grid._rowHeights[:10]) + 1)  # nine of ten rows would fit
    assert [p._nrows - 1 for p in parts] == [8, 2]
    assert all(p._nrows > 1 for p in parts)
