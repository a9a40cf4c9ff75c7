"""PDF table cells: short text drawn as plain strings lands exactly where a paragraph puts it."""
from pypdf import PdfReader
from reportlab.platypus import Paragraph, SimpleDocTemplate

from registry_app.services import report_pdf
from registry_app.services.report_charts import register_fonts

ROWS = [["R-1", "DEMO-1", "2025-02-03", "Rescue stent", "sICH; Death (day 5)", "2c", 6],
        ["R-2", "  spaced   out  ", None, "No stent",
         "Complication: Arterial dissection, Subarachnoid haemorrhage, Vessel perforation,"
         " Distal embolisation in a new territory", "3", None],
        ["R-3 → ≤ ≥", "DEMO-3", "2025-02-04", "MT successful", "Re-occlusion", "2b", 0]]
HEADERS = ("Registry ID", "Case number", "Date", "Arm", "Reasons", "Final reperf.", "mRS 90 d")
WIDTHS = (1.4, 1.4, 1.2, 1.3, 3.4, 0.8, 0.7)


def _drawn(path):
    """(text, x, y) of every piece of text on the first page, rounded to 0.01 pt."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), round(x, 2), round(y, 2)))
    PdfReader(str(path)).pages[0].extract_text(visitor_text=visit)
    return found


def _write(path, monkeypatch=None):
    register_fonts()
    if monkeypatch is not None:  # the reference: every cell a paragraph, as before
        monkeypatch.setattr(report_pdf, "body_cell",
                            lambda value, width: report_pdf.para(report_pdf.cell_text(value), "cell"))
    SimpleDocTemplate(str(path)).build([report_pdf.table(HEADERS, ROWS, WIDTHS)])
    return path


def test_plain_cells_are_drawn_where_paragraphs_would_be(tmp_path, monkeypatch):
    fast = _drawn(_write(tmp_path / "fast.pdf"))
    reference = _drawn(_write(tmp_path / "reference.pdf", monkeypatch))
    assert fast == reference
    assert ("spaced out", ) == tuple(t for t, _, _ in fast if t.startswith("spaced"))


def test_only_text_too_wide_for_its_column_becomes_a_paragraph():
    width = report_pdf.FRAME_W * WIDTHS[4] / sum(WIDTHS)
    assert report_pdf.body_cell("sICH; Death (day 5)", width) == "sICH; Death (day 5)"
    assert isinstance(report_pdf.body_cell(ROWS[1][4], width), Paragraph)
    assert report_pdf.body_cell(None, width) == ""
    assert report_pdf.body_cell("a → b", width) == "a -> b"  # as the paragraph would print it
