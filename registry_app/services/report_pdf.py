"""The monthly report as a PDF for the quality meeting (reportlab platypus, vector charts)."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas
from reportlab.platypus import (Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)
from xml.sax.saxutils import escape

from .report_charts import BOLD, FONT, pct_text, register_fonts
from .report_data import ReportData, logo_problem

MARGIN = 2 * cm
PAGE_W, PAGE_H = A4
FRAME_W = PAGE_W - 2 * MARGIN
HEAD_FILL = colors.HexColor("#DDE4EE")
LINE = colors.HexColor("#B8B8B8")
CELL_PADDING = 3


def _style(name: str, size: float, bold: bool = False, leading: float | None = None, **kw):
    return ParagraphStyle(name, fontName=BOLD if bold else FONT, fontSize=size,
                          leading=leading or size * 1.3, alignment=TA_LEFT, **kw)


STYLES = {
    "title": _style("title", 22, True, spaceAfter=6), "subtitle": _style("subtitle", 15, True),
    "h1": _style("h1", 13, True, spaceBefore=10, spaceAfter=5, keepWithNext=1),
    "h2": _style("h2", 10, True, spaceBefore=6, spaceAfter=3, keepWithNext=1),
    "body": _style("body", 9, spaceAfter=4), "small": _style("small", 7.5, spaceAfter=3),
    "cell": _style("cell", 7.5, leading=9), "head": _style("head", 7.5, True, leading=9),
    "signal": _style("signal", 9, True, textColor=colors.HexColor("#B00020"), spaceAfter=4),
    "figure": _style("figure", 18, True, leading=22),
    "figure_label": _style("figure_label", 7.5, leading=9),
}


REPLACEMENTS = {"→": "->", "⇒": "=>", "≤": "<=", "\u2009": " ", "\u00a0": " "}


def printable(text: str) -> str:
    """Text the report font can draw: unknown characters become '?' instead of blanks."""
    if text.isascii() and text.isprintable():  # the font has every printable ASCII character
        return text
    register_fonts()
    glyphs = pdfmetrics.getFont(FONT).face.charToGlyph
    text = "".join(REPLACEMENTS.get(ch, ch) for ch in text)
    return "".join(ch if ord(ch) in glyphs or ch in "\n\t" else "?" for ch in text)


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped; never read as markup)."""
    return Paragraph(escape(printable(str(text))), STYLES[style])


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if hasattr(value, "isoformat") and hasattr(value, "hour"):
        return f"{value:%Y-%m-%d %H:%M}"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence], widths: Sequence[float]) -> Table:
    """A table whose long text wraps, that splits across pages repeating its header row."""
    scale = FRAME_W / sum(widths)
    columns = [w * scale for w in widths]
    body = [[para(h, "head") for h in headers]]
    body += [[body_cell(v, w) for v, w in zip(row, columns)] for row in rows]
    result = Table(body, colWidths=columns, repeatRows=1, hAlign="LEFT")
    cell = STYLES["cell"]
    result.setStyle(TableStyle([
        ("FONTNAME", (0, 1), (-1, -1), cell.fontName),
        ("FONTSIZE", (0, 1), (-1, -1), cell.fontSize), ("LEADING", (0, 1), (-1, -1), cell.leading),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, LINE), ("BOX", (0, 0), (-1, -1), 0.5, LINE),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]))
    return result


def body_cell(value, width: float):
    """A table cell: text that fits on one line as a plain string (the table draws it where
    a paragraph would: same font, size and baseline), otherwise a paragraph that wraps.
    Plain strings spare reportlab parsing thousands of paragraphs in long case lists."""
    text = " ".join(printable(cell_text(value)).split())  # a paragraph's spacing
    room = width - 2 * CELL_PADDING - 0.01
    if pdfmetrics.stringWidth(text, FONT, STYLES["cell"].fontSize) <= room:
        return text
    return para(cell_text(value), "cell")


def rate_text(entry: dict) -> str:
    """'66.7% (6/9; 95% CI 29.9–92.5%)' or 'no known outcome'."""
    if entry.get("rate") is None:
        return f"no known outcome (0/{entry['known']})"
    low, high = entry["ci95"]
    return (f"{pct_text(entry['rate'])} ({entry['events']}/{entry['known']};"
            f" 95% CI {100 * low:.1f}–{100 * high:.1f}%)")


# Page footer: "Page X of Y", fingerprint and generation time on every page #####

def footer_canvas(data: ReportData):
    """A canvas class that draws the footer once the page count is known."""
    lines = (f"{data.centre_text} — monthly audit report {data.period_text}",
             f"Data fingerprint (SHA-256 of the cases in this report): {data.fingerprint}",
             f"Generated {data.generated_at:%Y-%m-%d %H:%M} by registry-app {data.app_version}")

    class FooterCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self):
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for state in self._saved:
                self.__dict__.update(state)
                self._footer(len(self._saved))
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            self.setFont(FONT, 6.5)
            self.setFillColor(colors.HexColor("#555555"))
            self.setStrokeColor(LINE)
            self.line(MARGIN, MARGIN - 8, PAGE_W - MARGIN, MARGIN - 8)
            for index, text in enumerate(lines):
                self.drawString(MARGIN, MARGIN - 17 - 8 * index, text)
            self.drawRightString(PAGE_W - MARGIN, MARGIN - 17,
                                 f"Page {self._pageNumber} of {total}")
    return FooterCanvas


# Cover page with the key figures ###############################################

def logo(data: ReportData):
    """The centre's logo scaled to at most 5 x 2.5 cm, or None when unset or unreadable."""
    if not data.logo_path or logo_problem(data.logo_path):
        return None
    try:
        image = Image(data.logo_path)
        ratio = min(5 * cm / image.imageWidth, 2.5 * cm / image.imageHeight)
        image.drawWidth, image.drawHeight = image.imageWidth * ratio, image.imageHeight * ratio
        image.hAlign = "LEFT"
        return image
    except Exception:  # any unreadable image: the report goes on without it
        return None


def key_figures(data: ReportData) -> list[tuple[str, str]]:
    """(big figure, label) pairs shown on the cover."""
    s, all_mt = data.stats, data.stats["arms"]["all_mt"]
    fu = s["followup"]["overall"]

    def figure(entry: dict) -> str:
        return pct_text(entry["rate"]) if entry.get("rate") is not None else "—"

    def count(entry: dict) -> str:
        return f"{entry['events']}/{entry['known']} known"
    return [
        (str(s["cases"]), f"{data.territory} cases"),
        (str(s["mt_failed"]), f"failed MT ({figure(s['procedure']['mt_failure'])})"),
        (str(s["arms"]["rescue_stent"]["n"]), "rescue stent after failed MT"),
        (str(s["arms"]["no_stent"]["n"]), "failed MT, no rescue stent"),
        (figure(all_mt["recanalization"]),
         f"recanalization ≥ 2b, all MT ({count(all_mt['recanalization'])})"),
        (figure(all_mt["good_outcome_90d"]),
         f"good outcome at 90 days ({count(all_mt['good_outcome_90d'])})"),
        (figure(all_mt["sich"]), f"symptomatic ICH ({count(all_mt['sich'])})"),
        (figure(all_mt["mortality_90d"]), f"90-day mortality ({count(all_mt['mortality_90d'])})"),
        (figure(fu["completeness"]), f"follow-up complete ({fu['complete']}/{fu['due']} due)"),
    ]


def _figure_grid(data: ReportData) -> Table:
    cells = [[para(big, "figure"), para(label, "figure_label")] for big, label in key_figures(data)]
    rows = [cells[i:i + 3] for i in range(0, len(cells), 3)]
    grid = Table(rows, colWidths=[FRAME_W / 3] * 3, hAlign="LEFT")
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("BOX", (0, 0), (-1, -1), 0.5, LINE),
                              ("INNERGRID", (0, 0), (-1, -1), 0.25, LINE),
                              ("TOPPADDING", (0, 0), (-1, -1), 6),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return grid


def cover(data: ReportData) -> list:
    image = logo(data)
    facts = [("Period", f"{data.period_text} ({data.period_from} to {data.period_to})"),
             ("Territory", data.territory_label), ("Sign-off", data.signoff_state),
             ("Benchmarks", ", ".join(b["label"] for b in data.benchmarks) or "none selected"),
             ("Registry version", f"registry-app {data.app_version}, schema {data.schema_version}"),
             ("Data fingerprint", data.fingerprint)]
    from .report_pdf_territory import cover_facts
    facts += cover_facts(data)  # the limb / coronary sections, when the month has any
    story = [image, Spacer(1, 8)] if image else []
    story += [para(data.centre_text, "title"), para("Monthly audit report", "subtitle"),
              Spacer(1, 4), para(f"{data.period_text} · {data.territory_label}", "h2"),
              Spacer(1, 10), para("Key figures", "h1"), _figure_grid(data), Spacer(1, 12),
              table(("About this report", ""), facts, (1, 3.2))]
    story += [Spacer(1, 4), para(f"Generated {data.generated_at:%Y-%m-%d %H:%M}", "small")]
    if data.warnings:
        story += [para("Read with care", "h2")] + [para(f"• {w}", "small") for w in data.warnings]
    return story + [PageBreak()]


def write_report_pdf(data: ReportData, path: str | Path) -> Path:
    """Write the PDF report to `path` (A4, 2 cm margins, footer on every page)."""
    from .report_pdf_sections import sections
    register_fonts()
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN + 12,
                            title=f"Monthly audit report {data.month}", author=data.centre_text,
                            subject="Thrombectomy registry audit", creator="registry-app")
    doc.build(cover(data) + sections(data), canvasmaker=footer_canvas(data))
    return Path(path)
