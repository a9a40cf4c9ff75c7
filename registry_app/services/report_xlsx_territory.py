"""The workbook's limb and coronary sheets: rates with n/N and CI, breakdowns, benchmarks, lists.

Each sheet is collected row by row as typed, styled cells and written into the saved file as
sheet XML (ReportWorkbook.add_cells): a month's case and follow-up lists are thousands of
cells, which openpyxl cell objects made slow.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Iterable, Sequence

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..stats import SMALL_N
from ..stats.benchmark_test import VERDICT_LABELS
from .exporting import IDENTIFIED_NOTICE
from .report_territory import TerritorySection, definition_rows

FORMATS = {"pct": "0.0%", "p": "0.000", "int": "0", "date": "yyyy-mm-dd",
           "datetime": "yyyy-mm-dd hh:mm"}
TITLE, HEADING = Font(bold=True, size=14), Font(bold=True, size=12)
BOLD, ITALIC = Font(bold=True), Font(italic=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
BANNER_FONT, BANNER_FILL = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="B00020")
WIDTHS = (38, 30) + (13,) * 30
WRAP = Alignment(wrap_text=True, vertical="top")

RATE_HEADERS = ("Group", "Measure", "Events", "Known (denominator)", "Rate", "95% CI low",
                "95% CI high", "CI method", "Unknown", "Not yet due", "Small numbers",
                "Best case", "Worst case", "Definition")
RATE_KINDS = ("text", "text", "int", "int", "pct", "pct", "pct", "text", "int", "int", "text",
              "pct", "pct", "text")
BREAKDOWN_HEADERS = ("Breakdown", "Value", "Cases", "Of cases recorded", "Share", "95% CI low",
                     "95% CI high", "Among", "Not recorded")
BREAKDOWN_KINDS = ("text", "text", "int", "int", "pct", "pct", "pct", "text", "int")
BENCHMARK_HEADERS = ("Study", "Study figure", "Study rate", "Study events", "Study total",
                     "Compared with (centre measure)", "Centre events", "Centre known",
                     "Centre unknown", "Centre rate", "Centre 95% CI low", "Centre 95% CI high",
                     "p-value", "Verdict", "Too few cases", "Cases compared",
                     "Study definition", "Centre definition", "Definition notes", "Citation")
BENCHMARK_KINDS = ("text", "text", "pct", "int", "int", "text", "int", "int", "int", "pct",
                   "pct", "pct", "p", "text", "text", "text", "text", "text", "text", "text")
FOLLOWUP_HEADERS = ("Registry ID", "Case number", "Procedure date", "Status", "What it means",
                    "Follow-up due", "Window opens", "Window closes", "Days overdue",
                    "Lost reason")
FOLLOWUP_KEYS = ("registry_id", "case_number", "procedure_date", "status", "status_text",
                 "followup_due", "window_opens", "window_closes", "days_overdue", "lost_reason")
FOLLOWUP_KINDS = ("text", "text", "date", "text", "text", "date", "date", "date", "int", "text")


def cell_value(value: Any) -> Any:
    """A list of values as one text ('a; b'); other values as they are."""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def number_format(value: Any, kind: str = "text") -> str | None:
    """Dates and times always in their format; numbers in their kind's; text in none."""
    if value is None or isinstance(value, str):
        return None
    if isinstance(value, datetime):
        return FORMATS["datetime"]
    if isinstance(value, date):
        return FORMATS["date"]
    return FORMATS.get(kind)


class SheetWriter:
    """Collects titled blocks (header row, typed rows, notes) of one sheet, top to bottom, as
    (value, style) cells; `write` hands them to the workbook. Text is never run as a formula."""

    def __init__(self, sheet) -> None:
        self.sheet, self.book = sheet, sheet.parent
        self.rows: list[list[tuple[Any, str]]] = []

    def styled(self, value: Any, fmt: str | None = None, font: Font | None = None,
               fill: PatternFill | None = None, alignment: Alignment | None = None) -> tuple:
        """(value, the workbook's style attribute for this format, font, fill, alignment)."""
        return value, self.book.cell_style(self.sheet, fmt, font, fill, alignment)

    def line(self, *values: Any, kinds: Sequence[str] = (), font: Font | None = None) -> None:
        """One row; text too long for its column wraps (the last cell may run on)."""
        kinds = tuple(kinds) + ("text",) * (len(values) - len(kinds))
        row, last = [], len(values) - 1
        for index, (value, kind) in enumerate(zip(values, kinds)):
            value = cell_value(value)
            wrap = (index < last and isinstance(value, str)
                    and len(value) > WIDTHS[min(index, len(WIDTHS) - 1)])
            row.append(self.styled(value, number_format(value, kind), font,
                                   alignment=WRAP if wrap else None))
        self.rows.append(row)

    def blank(self) -> None:
        self.rows.append([])

    def banner(self) -> None:
        self.rows.append([self.styled(IDENTIFIED_NOTICE, font=BANNER_FONT, fill=BANNER_FILL)])

    def header(self, headers: Sequence[str]) -> None:
        self.rows.append([self.styled(cell_value(h), number_format(cell_value(h)), BOLD,
                                      HEADER_FILL, WRAP) for h in headers])

    def block(self, title: str, headers: Sequence[str], rows: Iterable[Sequence],
              kinds: Sequence[str], empty: str = "None", notes: Sequence[str] = ()) -> None:
        """A blank row, the title, the header, the rows (or `empty`) and italic notes."""
        self.blank()
        self.line(title, font=HEADING)
        self.header(headers)
        count = 0
        for count, values in enumerate(rows, start=1):
            self.line(*values, kinds=kinds)
        if not count:
            self.line(empty, font=ITALIC)
        for note in notes:
            self.line(note, font=ITALIC)

    def write(self) -> None:
        """Put the collected rows into the sheet, from row 1."""
        self.book.add_cells(self.sheet, 1, self.rows)


def territory_sheets(book, data) -> None:
    """One sheet per territory section, placed before the Dictionary sheet (or last)."""
    for section in getattr(data, "territory_sections", ()):
        names = book.sheetnames
        index = names.index("Dictionary") if "Dictionary" in names else len(names)
        territory_sheet(book.create_sheet(section.sheet, index), data, section)


def territory_sheet(sheet, data, section: TerritorySection) -> None:
    """Period, rates, breakdowns, benchmarks, trend, follow-up, cases, definitions, notes."""
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    out = SheetWriter(sheet)
    if data.identified:
        out.banner()
    stats = section.stats
    out.line(f"{section.label} — {data.period_text}", font=TITLE)
    for label, value, kind in _about(data, section):
        out.line(label, value, kinds=("text", kind))
    out.block("Rates (events / cases with a known value)", RATE_HEADERS, rate_rows(stats),
              RATE_KINDS, notes=[f"Small numbers: fewer than {SMALL_N} cases with a known value;"
                                 " the rate is imprecise (see its 95% CI)."])
    out.block("Breakdowns", BREAKDOWN_HEADERS, breakdown_rows(stats), BREAKDOWN_KINDS)
    out.block("Compared with published benchmarks", BENCHMARK_HEADERS, benchmark_rows(stats),
              BENCHMARK_KINDS, "No benchmark of this territory is in the library.",
              benchmark_notes(stats))
    trend_headers, trend_kinds = _trend_columns(section)
    out.block(f"Trend by month (procedures {section.trend_from:%Y-%m} to {data.month})",
              trend_headers, trend_rows(section), trend_kinds)
    out.block(f"Follow-up due, overdue or missing (procedures {section.trend_from:%Y-%m} to"
              f" {data.month})", FOLLOWUP_HEADERS,
              ([row[k] for k in FOLLOWUP_KEYS] for row in section.followup), FOLLOWUP_KINDS,
              "No follow-up assessment is due, overdue or missing for these procedures.")
    out.block(f"Cases of {data.period_text}", [c.header for c in section.columns],
              ([row.get(c.key) for c in section.columns] for row in section.cases),
              [_case_kind(c.kind) for c in section.columns], "No case this month.")
    out.block("Definitions", ("Definition", "Text"), definition_rows(stats), ("text", "text"))
    out.block("Notes and warnings", ("Note",), [[w] for w in stats["warnings"]], ("text",))
    out.write()


def _case_kind(kind: str) -> str:
    return {"number": "text"}.get(kind, kind)


def _about(data, section: TerritorySection) -> list[tuple[str, Any, str]]:
    return [
        ("Centre", data.centre_text, "text"), ("Period from", data.period_from, "date"),
        ("Period to", data.period_to, "date"), ("Cases", section.stats["cases"], "int"),
        ("Patient identifiers", "INCLUDED (identified export)" if data.identified
         else "Not included (de-identified: registry ID only)", "text"),
        ("Note", f"A section of its own: the data fingerprint and the sign-off of this report"
                 f" cover its {data.territory} cases only.", "text"),
    ]


def rate_rows(stats: dict) -> list[list]:
    """Every measure in display order with events, known, rate, CI, unknown and definition."""
    rows = []
    for group in stats["groups"]:
        for key in group["metrics"]:
            e = stats["rates"][key]
            ci, b = e["ci95"] or (None, None), e["bounds"] or {}
            rows.append([group["title"], e["label"], e["events"], e["known"], e["rate"], ci[0],
                         ci[1], e["ci_method"], e["unknown"], e["not_yet_due"],
                         "yes" if e["small_numbers"] else "no", b.get("best_case"),
                         b.get("worst_case"), e["definition"]])
    return rows


def breakdown_rows(stats: dict) -> list[list]:
    rows = []
    for entry in stats["breakdowns"].values():
        for item in entry["items"]:
            share = item["share"]
            ci = share["ci95"] or (None, None)
            rows.append([entry["title"], item["label"], item["count"], entry["recorded"],
                         share["rate"], ci[0], ci[1], entry["population_words"],
                         entry["not_recorded"]])
    return rows


def benchmark_rows(stats: dict) -> list[list]:
    """One row per compared study figure, then the figures not compared (with the reason)."""
    rows = []
    for section in stats["benchmarks"]:
        for e in section["metrics"].values():
            c = e["center"]
            ci = c["ci95"] or (None, None)
            rows.append([section["label"], e["metric_label"], e["benchmark_rate"],
                         e["benchmark_events"], e["benchmark_total"], e["registry_label"],
                         c["events"], c["known"], c["unknown"], c["rate"], ci[0], ci[1],
                         e["p_value"], verdict_text(e), "yes" if e["too_small"] else "no",
                         e["cohort_words"], e["study_definition"], e["registry_definition"],
                         "; ".join(e["notes"] + e["definition_warnings"]) or "same measure",
                         section["citation"]])
        rows += [[section["label"], item["metric_label"], *[None] * 3,
                  f"Not compared: {item['reason']}"] for item in section["not_compared"]]
    return rows


def verdict_text(entry: dict) -> str:
    return VERDICT_LABELS.get(entry["verdict"], entry["verdict"])


def benchmark_notes(stats: dict) -> list[str]:
    notes = [f"{s['label']}: {w}" for s in stats["benchmarks"] for w in s["warnings"]]
    if stats["benchmarks"]:
        notes.append(stats["definitions"]["benchmark_test"] + ".")
    return notes


def _trend_columns(section: TerritorySection) -> tuple[list[str], list[str]]:
    headers, kinds = ["Month", "Cases"], ["text", "int"]
    for key in section.trend["metrics"]:
        label = section.trend["labels"][key]
        headers += [f"{label}: {part}" for part in ("events", "known", "rate", "95% CI low",
                                                      "95% CI high")]
        kinds += ["int", "int", "pct", "pct", "pct"]
    return headers, kinds


def trend_rows(section: TerritorySection) -> list[list]:
    rows = []
    for row in section.trend_rows:
        values = [row["period"], row["cases"]]
        for key in section.trend["metrics"]:
            e = row[key]
            ci = e["ci95"] or (None, None)
            values += [e["events"], e["known"], e["rate"], ci[0], ci[1]]
        rows.append(values)
    return rows


def territory_pairs(data) -> list[tuple[str, str]]:
    """The Summary sheet's line naming the territory sections (none when there are none)."""
    sections = getattr(data, "territory_sections", ())
    if not sections:
        return []
    text = "; ".join(f"{s.label}: {s.stats['cases']} cases (sheet {s.sheet})" for s in sections)
    return [("Territory sections in this report (own sheets)", text)]
