"""The workbook's limb and coronary sheets, one tidy table each: rates with n/N and CI,
breakdowns, benchmarks, trend, follow-up, cases and definitions.

Each sheet is collected row by row as typed, styled cells and written into the saved file as
sheet XML (ReportWorkbook.add_cells): a month's case and follow-up lists are thousands of
cells, which openpyxl cell objects made slow.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Iterable, Sequence

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from registry_app.stats import SMALL_N
from registry_app.stats.benchmark_test import VERDICT_LABELS
from ...interchange.exporting import IDENTIFIED_NOTICE
from ..territory import TerritorySection, definition_rows

FORMATS = {"pct": "0.0%", "p": "0.000", "int": "0", "date": "yyyy-mm-dd",
           "datetime": "yyyy-mm-dd hh:mm"}
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
BANNER_FONT, BANNER_FILL = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="B00020")
WIDTHS = (38, 30) + (13,) * 30
WRAP = Alignment(wrap_text=True, vertical="top")
EMPTY_FONT = Font(bold=True, italic=True)

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
    """Collects the rows of one sheet (header, typed rows) as (value, style) cells; `write`
    hands them to the workbook. Text is never run as a formula."""

    def __init__(self, sheet, widths: Sequence[float] = WIDTHS) -> None:
        self.sheet, self.book, self.widths = sheet, sheet.parent, tuple(widths)
        self.rows: list[list[tuple[Any, str]]] = []
        self.line_styles: dict[tuple, str] = {}
        """The style of a line's cell by (format, wrapped): cell_style's own cache takes a
        key of four ids and a call per cell."""

    def styled(self, value: Any, fmt: str | None = None, font: Font | None = None,
               fill: PatternFill | None = None, alignment: Alignment | None = None) -> tuple:
        """(value, the workbook's style attribute for this format, font, fill, alignment)."""
        return value, self.book.cell_style(self.sheet, fmt, font, fill, alignment)

    def line(self, *values: Any, kinds: Sequence[str] = ()) -> None:
        """One row; text too long for its column wraps (the last cell may run on)."""
        kinds = tuple(kinds) + ("text",) * (len(values) - len(kinds))
        row, last, styles = [], len(values) - 1, self.line_styles
        for index, (value, kind) in enumerate(zip(values, kinds)):
            value = cell_value(value)
            wrap = (index < last and isinstance(value, str)
                    and len(value) > self.widths[min(index, len(self.widths) - 1)])
            fmt = number_format(value, kind)
            style = styles.get((fmt, wrap))
            if style is None:
                style = styles[fmt, wrap] = self.book.cell_style(
                    self.sheet, fmt, None, None, WRAP if wrap else None)
            row.append((value, style))
        self.rows.append(row)

    def banner(self) -> None:
        self.rows.append([self.styled(IDENTIFIED_NOTICE, font=BANNER_FONT, fill=BANNER_FILL)])

    def header(self, headers: Sequence[str], empty: str | None = None) -> None:
        """The header row; `empty` (bold italic, beside the last header) says the table has no
        rows, so the table itself stays empty."""
        row = [self.styled(cell_value(h), None, BOLD, HEADER_FILL, WRAP) for h in headers]
        if empty:
            row.append(self.styled(empty, font=EMPTY_FONT))
        self.rows.append(row)

    def write(self) -> None:
        """Put the collected rows into the sheet, from row 1."""
        self.book.add_cells(self.sheet, 1, self.rows)


def table_widths(headers: Sequence[str], rows: Sequence[Sequence]) -> list[float]:
    """Each column as wide as its longest value or header word, within 10 to 40 characters."""
    widths = []
    for index, header in enumerate(headers):
        longest = max([len(word) for word in str(header).split()] + [
            len(str(cell_value(r[index]))) for r in rows[:500]
            if index < len(r) and r[index] is not None], default=0)
        widths.append(float(min(40, max(10, longest + 2))))
    return widths


def table_sheet(book, index: int, name: str, headers: Sequence[str], rows: Iterable[Sequence],
                kinds: Sequence[str], empty: str = "None", banner: bool = False):
    """A tidy sheet: one bold header row (row 1; row 2 below the identified banner), one row
    per record, frozen header, auto-filter over the table. Without rows the header row says
    `empty`."""
    sheet = book.create_sheet(name, index)
    rows = [list(r) for r in rows]
    widths = table_widths(headers, rows)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    out = SheetWriter(sheet, widths)
    if banner:
        out.banner()
    top = len(out.rows) + 1
    out.header(headers, None if rows else empty)
    for values in rows:
        out.line(*values, kinds=kinds)
    out.write()
    last = top + len(rows)
    sheet.freeze_panes = f"A{top + 1}"
    sheet.auto_filter.ref = f"A{top}:{get_column_letter(len(headers))}{last}"
    return sheet


def territory_sheets(book, data) -> None:
    """Tidy sheets per territory section ("Limb rates", "Limb breakdowns", …), placed before
    the Dictionary sheet (or last)."""
    for section in getattr(data, "territory_sections", ()):
        for name, headers, rows, kinds, empty in territory_tables(data, section):
            names = book.sheetnames
            index = names.index("Dictionary") if "Dictionary" in names else len(names)
            table_sheet(book, index, f"{section.sheet} {name}", headers, rows, kinds, empty,
                        data.identified)


TABLE_NAMES = ("about", "rates", "breakdowns", "benchmarks", "trend", "follow-up", "cases",
               "definitions")


def territory_tables(data, section: TerritorySection) -> list[tuple]:
    """(sheet name suffix, headers, rows, kinds, empty text) of each table, in
    TABLE_NAMES order: about (period, notes and warnings), rates, breakdowns, benchmarks, trend,
    follow-up, cases and definitions."""
    stats = section.stats
    about = [[label, value] for label, value, _ in _about(data, section)]
    about.append(["Small numbers", f"Fewer than {SMALL_N} cases with a known value; the rate"
                                   " is imprecise (see its 95% CI)."])
    about += [["Benchmark note", note] for note in benchmark_notes(stats)]
    about += [["Warning", warning] for warning in stats["warnings"]]
    trend_headers, trend_kinds = _trend_columns(section)
    cases = ([row.get(c.key) for c in section.columns] for row in section.cases)
    return [
        ("about", ("Item", "Value"), about, ("text", "text"), "None"),
        ("rates", RATE_HEADERS, rate_rows(stats), RATE_KINDS, "No measure."),
        ("breakdowns", BREAKDOWN_HEADERS, breakdown_rows(stats), BREAKDOWN_KINDS,
         "No breakdown."),
        ("benchmarks", BENCHMARK_HEADERS, benchmark_rows(stats), BENCHMARK_KINDS,
         "No benchmark of this territory is in the library."),
        ("trend", trend_headers, trend_rows(section), trend_kinds, "No month."),
        ("follow-up", FOLLOWUP_HEADERS, ([row[k] for k in FOLLOWUP_KEYS]
                                          for row in section.followup), FOLLOWUP_KINDS,
         "No follow-up assessment is due, overdue or missing for these procedures."),
        ("cases", [c.header for c in section.columns], cases,
         [_case_kind(c.kind) for c in section.columns], "No case this month."),
        ("definitions", ("Definition", "Text"), definition_rows(stats), ("text", "text"),
         "No definition."),
    ]


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
        notes.append(stats["definitions"]["benchmark_test"].rstrip(".") + ".")
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
    text = "; ".join(f"{s.label}: {s.stats['cases']} case{'' if s.stats['cases'] == 1 else 's'}"
                     f" (sheets {s.sheet} rates to {s.sheet} definitions)" for s in sections)
    return [("Territory sections in this report (own sheets)", text)]
