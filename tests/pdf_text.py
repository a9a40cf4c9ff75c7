"""The text of a report PDF's pages as the tests read it, extracted with PDFium (pypdfium2).

PDFium extracts a 15-page report in about 0.03 s where pypdf takes about 0.3 s; the tests
that look at how pypdf sees the content stream itself (tests/reports/test_report_pdf_cells.py)
keep pypdf."""
from __future__ import annotations

import pypdfium2


def page_texts(path) -> list[str]:
    """Each page's text, lines separated by newlines."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [_page_text(document[index]) for index in range(len(document))]
    finally:
        document.close()


def _page_text(page) -> str:
    text_page = page.get_textpage()
    try:
        return text_page.get_text_range().replace("\r\n", "\n")
    finally:
        text_page.close()
        page.close()


def pdf_words(path, pages: slice = slice(None)) -> str:
    """The chosen pages' text as one line, every run of spaces and line breaks one space."""
    return " ".join(" ".join(text.split()) for text in page_texts(path)[pages])
