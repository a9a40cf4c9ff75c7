"""The PDF report's page frame, paragraph styles and printable text, shared by all its parts."""
from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from .charts import BOLD, FONT, pct_text, register_fonts

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


def rate_text(entry: dict) -> str:
    """'66.7% (6/9; 95% CI 29.9–92.5%)', 'no known outcome' or 'not yet due (12 cases)';
    cases not yet due are named after the rate, never counted in it."""
    waiting = entry.get("not_yet_due", 0)
    if entry.get("rate") is None:
        if waiting and not entry.get("unknown"):
            return f"not yet due ({waiting} case{'s' if waiting != 1 else ''})"
        return f"no known outcome (0/{entry['known']})"
    low, high = entry["ci95"]
    later = f"; {waiting} not yet due" if waiting else ""
    return (f"{pct_text(entry['rate'])} ({entry['events']}/{entry['known']};"
            f" 95% CI {100 * low:.1f}–{100 * high:.1f}%{later})")
