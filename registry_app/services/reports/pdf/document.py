"""The monthly report as a PDF for the quality meeting (reportlab platypus, vector charts)."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import Image, PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

from .charts import FONT, capital, pct_text, register_fonts
from ..data import ReportData, logo_problem
from .cells import table
from .strings import KeptStringsCanvas, document_text
from .text import FRAME_W, LINE, MARGIN, PAGE_W, para, rate_text  # noqa: F401  (rate_text: still importable from here)


# Page footer: "Page X of Y", fingerprint and generation time on every page #####

def footer_canvas(data: ReportData):
    """A canvas class that draws the footer once the page count is known."""
    lines = (f"{data.centre + ' — ' if data.centre else ''}monthly audit report"
             f" {data.period_text}",
             f"Report fingerprint {data.fingerprint} (all cases shown, as of {data.today})",
             f"Generated {data.generated_at:%Y-%m-%d %H:%M} by registry-app {data.app_version};"
             " check it against the registry: registry-app verify THIS.pdf")

    class FooterCanvas(KeptStringsCanvas):
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
            self._saved.clear()  # the pages' states: freed now, not by the cyclic collector

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
        waiting = entry.get("not_yet_due", 0)
        if not entry["known"] and waiting and not entry["unknown"]:
            return f"not yet due: {waiting} case{'s' if waiting != 1 else ''}"
        later = f"; {waiting} not yet due" if waiting else ""
        return f"{entry['events']}/{entry['known']} known{later}"
    return [
        (str(s["cases"]), f"{data.territory} case{'' if s['cases'] == 1 else 's'}"),
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
             ("Operators", capital(data.operators_shown)),
             ("Registry version", f"registry-app {data.app_version}, schema {data.schema_version}"),
             ("Report fingerprint", f"{data.fingerprint} (cases of every territory operated"
              f" {data.trend_from} to {data.period_to}, as-of date, definitions, benchmarks;"
              " check with registry-app verify)")]
    from .territory import cover_facts
    facts += cover_facts(data)  # the limb / coronary sections, when the month has any
    from .scorecard import scorecard, since_last_report
    story = [image, Spacer(1, 4)] if image else []
    title = f"{data.centre}: monthly audit report" if data.centre else "Monthly audit report"
    story += [para(title, "subtitle"),
              para(f"{data.period_text} · {data.territory_label} · as of {data.today}", "h2")]
    if not data.centre:
        story.append(para("The centre's name is not set: enter it once in the report dialog or"
                          " under Settings (or `registry-app report --centre NAME`).", "small"))
    story += scorecard(data) + since_last_report(data) + [PageBreak()]
    story += [para("Key figures of the month", "h1"), _figure_grid(data), Spacer(1, 12),
              table(("About this report", ""), facts, (1, 3.2))]
    story += [Spacer(1, 4), para(f"Generated {data.generated_at:%Y-%m-%d %H:%M}", "small")]
    if data.warnings:
        story += [para("Read with care", "h2")] + [para(f"• {w}", "small") for w in data.warnings]
    return story + [PageBreak()]


def write_report_pdf(data: ReportData, path: str | Path) -> Path:
    """Write the PDF report to `path` (A4, 2 cm margins, footer on every page)."""
    from ..fingerprint import encode
    from .sections import sections
    from .territory import territory_sections  # limb / coronary, when present
    register_fonts()
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN + 12,
                            title=f"Monthly audit report {data.month}", author=data.centre_text,
                            subject="Thrombectomy registry audit", creator="registry-app",
                            keywords=document_text(encode(data.verify)))
    doc.build(cover(data) + sections(data) + territory_sections(data), canvasmaker=footer_canvas(data))
    return Path(path)
