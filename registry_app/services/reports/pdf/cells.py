"""The PDF report's tables: wrapping text, a repeated header row, plain-text cells where they can."""
from __future__ import annotations

from typing import Any, Callable, Sequence

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Table as PlainTable, TableStyle
from reportlab.platypus.tables import CellStyle

from .text import CELL_PADDING, FRAME_W, HEAD_FILL, LINE, STYLES, cell_text, para, printable


class Table(PlainTable):
    """A table that never leaves a single row alone at a page foot or at the top of the next
    page: it moves the row (or the whole short start) over instead."""

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2 or self.repeatRows != 1:
            return parts
        first, rest = parts[0]._nrows - 1, parts[1]._nrows - 1  # body rows of each part
        if first < 2 and availHeight < LONE_ROW_ROOM:  # a page foot: start on the next page
            return []
        if rest < 2 and first >= 3:  # keep two rows together on the next page
            heights = self._rowHeights
            return super().split(availWidth, sum(heights[:first]) + heights[first] / 2)
        return parts


LONE_ROW_ROOM = 400
"""Below this height (points) a table that would fit only one row starts on the next page
(a whole page is about 700 points, so a table at the top of a page always starts there)."""


def table(headers: Sequence[str], rows: Sequence[Sequence], widths: Sequence[float]) -> Table:
    """A table whose long text wraps, that splits across pages repeating its header row."""
    scale = FRAME_W / sum(widths)
    columns = [w * scale for w in widths]
    makers = [column_cells(width) for width in columns]
    body = [[para(h, "head") for h in headers]]
    body += [[make(v) for make, v in zip(makers, row)] for row in rows]
    head, cell = cell_styles()
    styles = [[head] * len(columns)] + [[cell] * len(columns) for _ in rows]
    heights = [None] + [row_height(row, cell) for row in body[1:]]
    result = Table(body, colWidths=columns, rowHeights=heights, repeatRows=1, hAlign="LEFT",
                   cellStyles=styles)
    result.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, LINE), ("BOX", (0, 0), (-1, -1), 0.5, LINE),
    ]))
    return result


def cell_styles() -> tuple[CellStyle, CellStyle]:
    """The header row's and the body's cell style, each shared by all the table's cells of its
    kind: top-aligned, small paddings, the body in the cell font (reportlab would otherwise
    keep a style per cell and set each one, command by command, in long case lists)."""
    head, body = CellStyle("head"), CellStyle("body")
    for style in (head, body):
        style.valign = "TOP"
        style.topPadding = style.bottomPadding = 2
        style.leftPadding = style.rightPadding = CELL_PADDING
    cell = STYLES["cell"]
    body.fontname, body.fontsize, body.leading = cell.fontName, cell.fontSize, cell.leading
    return head, body


def row_height(row: Sequence, style: CellStyle) -> float | None:
    """The height the table gives a row of plain-text cells (its most lines, one leading each,
    and the paddings, added as the table adds them); None when a cell is a paragraph: the
    table measures the row itself."""
    lines = 1
    for value in row:
        if type(value) is not str:
            return None
        lines = max(lines, value.count("\n") + 1)
    return style.leading * lines + (style.bottomPadding + style.topPadding)


def column_cells(width: float) -> Callable[[Any], Any]:
    """body_cell for one column; values repeat down a column (dates, arms, grades), so the
    plain text of each is worked out once."""
    made: dict = {}

    def cell(value):
        key = (type(value), value)
        try:
            return made[key]
        except KeyError:
            found = body_cell(value, width)
            if isinstance(found, str):
                made[key] = found
            return found
        except TypeError:  # a value that cannot be a key (a list)
            return body_cell(value, width)
    return cell


def body_cell(value, width: float):
    """A table cell: plain text as a plain string, in the lines a paragraph would break it into
    (the table draws them where the paragraph would: same font, size, leading and baselines);
    a paragraph only where it would do more than break lines. Plain strings spare reportlab
    parsing and wrapping thousands of paragraphs in long case lists."""
    words = printable(cell_text(value)).split()
    text = " ".join(words)  # a paragraph's spacing
    room = width - CELL_PADDING - CELL_PADDING  # as the table gives a paragraph its width
    style = STYLES["cell"]
    if pdfmetrics.stringWidth(text, style.fontName, style.fontSize) <= room - CLOSE_CALL:
        return text
    lines = broken_lines(words, room) if not PARAGRAPH_ONLY.intersection(text) else None
    return "\n".join(lines) if lines is not None else para(cell_text(value), "cell")


CLOSE_CALL = 0.01
"""Points: a line this close to its column's edge is left to a paragraph to break."""
PARAGRAPH_ONLY = frozenset("\xad&<>")
"""Text a paragraph breaks otherwise: at a soft hyphen it may hyphenate a word, and the escaped
markup characters make it several pieces of text. Wrapped, such text stays a paragraph."""


def broken_lines(words: Sequence[str], room: float) -> list[str] | None:
    """The lines a cell paragraph of these words makes in `room` points (reportlab's
    Paragraph.breakLines for plain text), or None where it would split a word too long for the
    column or squeeze a line's spaces to fit (or the call is too close to be sure)."""
    style = STYLES["cell"]
    space = pdfmetrics.stringWidth(" ", style.fontName, style.fontSize)
    squeeze = style.spaceShrinkage * space
    lines: list[str] = []
    line: list[str] = []
    current = -space
    for word in words:
        size = pdfmetrics.stringWidth(word, style.fontName, style.fontSize)
        wider, limit = current + space + size, room + squeeze * len(line)
        if line and wider > limit + CLOSE_CALL:  # the word starts the next line
            lines.append(" ".join(line))
            line, wider = [], size
        if wider > room - CLOSE_CALL:
            return None
        line.append(word)
        current = wider
    return lines + [" ".join(line)] if line else lines
