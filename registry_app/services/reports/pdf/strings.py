"""A canvas that works out the PDF text operators of each distinct string once per document,
and the verify payload written as the plain PDF string it is."""
from __future__ import annotations

import re

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import PDFString
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

PLACES = {"left": 0.0, "centre": 0.5, "right": 1.0}
"""How far left of x each kind of string starts, in string widths (as reportlab places it)."""
DEFAULTS = {"mode": None, "charSpace": 0, "direction": None, "wordSpace": None, "shaping": False}
"""The drawing options of a plain string (any other value: drawn by reportlab every time)."""


class KeptStringsCanvas(canvas.Canvas):
    """A reportlab canvas whose drawString, drawCentredString and drawRightString write
    exactly what reportlab's own write, one text object per string: reportlab's text object
    makes the operators of a string's first drawing (font, subset codes, escapes); later
    drawings of the same text in the same font, size and leading reuse them at their own place.

    A month's case lists draw about 25,000 strings, most of them texts already drawn (dates,
    codes, yes/no); the text object spent most of its time on each string's characters."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._kept_strings: dict[tuple, tuple[str, float]] = {}
        self._numbers: dict[float, str] = {}  # fp_str of each x and y: columns and lines repeat

    def save(self) -> None:
        """Save the PDF, then drop the kept operators: the canvas is part of reportlab's
        reference cycles, which only the cyclic collector frees, after walking all of them."""
        super().save()
        self._kept_strings.clear()
        self._numbers.clear()

    def drawString(self, x, y, text, *args, **kwargs) -> None:
        self._draw("left", canvas.Canvas.drawString, x, y, text, args, kwargs)

    def drawCentredString(self, x, y, text, *args, **kwargs) -> None:
        self._draw("centre", canvas.Canvas.drawCentredString, x, y, text, args, kwargs)

    def drawRightString(self, x, y, text, *args, **kwargs) -> None:
        self._draw("right", canvas.Canvas.drawRightString, x, y, text, args, kwargs)

    def _draw(self, place: str, plain, x, y, text, args, kwargs) -> None:
        """A plain string (no render mode, spacing, direction or shaping; bottom-up page) from
        the kept operators; anything else, and each first drawing, as reportlab draws it
        (`plain`: reportlab's own method, called with the canvas)."""
        if ((args or kwargs) and not _default_options(args, kwargs)) or type(text) is not str \
                or not self.bottomup:
            plain(self, x, y, text, *args, **kwargs)
            return
        key = (place, self._fontname, self._fontsize, self._leading, text)
        kept = self._kept_strings.get(key)
        if kept is None:
            self._first(key, place, plain, x, y, text)
            return
        body, width = kept
        start = x - PLACES[place] * width if place != "left" else x
        numbers = self._numbers
        across, up = numbers.get(start), numbers.get(y)
        if across is None:
            across = numbers[start] = fp_str(start)
        if up is None:
            up = numbers[y] = fp_str(y)
        self._code.append(f"BT 1 0 0 1 {across} {up} Tm{body}")

    def _first(self, key: tuple, place: str, plain, x, y, text: str) -> None:
        """Draw as reportlab does and keep the operators after the text's origin, when the
        drawing is the one text object this canvas expects."""
        width = stringWidth(text, self._fontname, self._fontsize) if place != "left" else 0.0
        start = x - PLACES[place] * width if place != "left" else x
        before = len(self._code)
        plain(self, x, y, text)
        origin = f"BT 1 0 0 1 {fp_str(start, y)} Tm"
        code = self._code[-1] if len(self._code) == before + 1 else ""
        if code.startswith(origin + " ") and code.endswith(" ET"):
            self._kept_strings[key] = (code[len(origin):], width)


def _default_options(args: tuple, kwargs: dict) -> bool:
    """Whether a drawing call gives no option, or each one at its default (DEFAULTS)."""
    return not args and all(name in DEFAULTS and (value is DEFAULTS[name]
                                                  or value == DEFAULTS[name])
                            for name, value in kwargs.items())


PLAIN = re.compile(r"[A-Za-z0-9+/=:.\- ]*")
"""Characters a PDF string holds as they are in every encoding (no escape, no parenthesis)."""


class PlainPDFString(PDFString):
    """A document property (the 1 MB verify payload in Keywords) of plain characters only,
    written as the same bytes reportlab writes for it without testing, encoding and escaping
    the text three times over; str() is the text, so the document ID is reportlab's too."""

    def __init__(self, text: str) -> None:
        super().__init__(text.encode("ascii"), escape=0, enc="raw")
        self.text = text

    def __str__(self) -> str:
        return self.text


def document_text(text: str) -> str | PlainPDFString:
    """The text as a PlainPDFString when it is plain, else as it is (reportlab's way)."""
    return PlainPDFString(text) if PLAIN.fullmatch(text) else text
