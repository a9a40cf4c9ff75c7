"""The PDF's limb and coronary sections: rates with n/N, CI and definition, benchmarks, cases."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer

from registry_app.stats import SMALL_N
from registry_app.stats.benchmark_test import VERDICT_LABELS, format_p
from .charts import (BOLD, plural, CENTRE, FONT, PALETTE, ROW, _case_bars, _forest_axis, _forest_row, _legend, _text,
                     _trend_line, _xs, _y_grid, month_label, pct_text, register_fonts)
from .cells import table
from .text import CELL_PADDING, FRAME_W, STYLES, cell_text, para, printable, rate_text
from ..territory import MEASURE_KEY, TerritorySection, definition_rows

FIRST_NUMBER = 11
"""The main report has sections 1-10; the territory sections follow."""


def territory_sections(data) -> list:
    """Every territory section of the report, numbered after the main report's sections."""
    story = []
    for number, section in enumerate(getattr(data, "territory_sections", ()), FIRST_NUMBER):
        story += section_story(data, section, number)
    return story


def cover_facts(data) -> list[tuple[str, str]]:
    """The cover's line naming the territory sections (none when there are none)."""
    sections = getattr(data, "territory_sections", ())
    if not sections:
        return []
    text = "; ".join(f"{s.label}: {plural(s.stats['cases'], 'case')} (section {n})"
                     for n, s in enumerate(sections, FIRST_NUMBER))
    return [("Other territories", text + ". Key figures above are " + data.territory + " only.")]


def section_story(data, section: TerritorySection, number: int) -> list:
    stats = section.stats
    intro = (f"{plural(stats['cases'], section.label.lower() + ' case')} with a procedure in"
             f" {data.period_text}. A section of its own: the key figures, data fingerprint and"
             f" sign-off of this report cover its {data.territory} cases only.")
    story = [PageBreak(), para(f"{number}. {section.label}", "h1"), para(intro, "small")]
    story += [para(f"• {w}", "small") for w in stats["warnings"]]
    story += rates(stats) + breakdowns(stats) + benchmarks(stats) + trend(data, section)
    return story + followup(data, section) + cases(data, section) + definitions(stats)


# Rates ########################################################################

def measure_text(entry: dict) -> str:
    """The rate with n/N and CI; 'no case' or 'no known value' when it has none."""
    if entry["known"]:
        return rate_text(entry)
    if entry["n"]:
        return f"no known value ({entry['unknown']} unknown)"
    return "not yet due" if entry["not_yet_due"] else "no case"


def rates(stats: dict) -> list:
    story = [para("Rates are events over cases with a known value; unknown values and outcomes"
                  " not yet due are counted beside them. Each measure's definition is given"
                  f" with it; 'small' marks fewer than {SMALL_N} known values (imprecise).",
                  "small")]
    for group in stats["groups"]:
        rows = [_rate_row(stats["rates"][key]) for key in group["metrics"]]
        story += [para(group["title"], "h2"),
                  table(("Measure", "Rate (events/known; 95% CI)", "Unknown", "Not yet due",
                         "Small n", "Definition"), rows, (2.1, 2.4, 1.1, 0.8, 0.9, 3.4))]
    return story


def _rate_row(entry: dict) -> list:
    return [entry["label"], measure_text(entry), entry["unknown"], entry["not_yet_due"],
            "small" if entry["small_numbers"] and entry["known"] else "",
            entry["definition"]]


def breakdowns(stats: dict) -> list:
    rows = []
    for entry in stats["breakdowns"].values():
        items = [i for i in entry["items"] if i["count"]]
        title = (f"{entry['title']} — recorded for {entry['recorded']} of"
                 f" {entry['population']}; among {entry['population_words']}")
        if not items:
            rows.append([title, "—", "no case" if not entry["population"] else "none recorded"])
        for index, item in enumerate(items):
            rows.append([title if index == 0 else "", item["label"], rate_text(item["share"])])
    return [para("Breakdowns", "h2"),
            table(("Breakdown", "Value", "Cases (share of recorded; 95% CI)"), rows,
                  (3.6, 2.4, 2.6))]


# Benchmarks ###################################################################

def benchmarks(stats: dict) -> list:
    story = [CondPageBreak(160), para("Compared with published benchmarks", "h2")]
    if not stats["benchmarks"]:
        return story + [para("No benchmark of this territory is in the library.", "small")]
    story.append(para(stats["definitions"]["benchmark_test"].rstrip(".") + ".", "small"))
    if stats["comparisons"]:
        story.append(forest(stats))
    for section in stats["benchmarks"]:
        story += _study(section)
    return story


def _study(section: dict) -> list:
    rows = [[e["metric_label"], pct_text(e["benchmark_rate"]), e["registry_label"],
             rate_text(e["center"]), _p(e), _verdict(e)] for e in section["metrics"].values()]
    head = [para(f"{section['label']} — {section['design_label']}", "h2"),
            para(section["citation"], "small")]
    if rows:  # the study's heading and citation never stay at a page foot without its table
        head.append(table(("Study figure", "Study", "Centre measure", "Centre", "p", "Verdict"),
                          rows, (2.0, 0.8, 2.2, 2.4, 0.9, 1.4)))
    story = [KeepTogether(head), Spacer(1, 3)]
    notes = [f"{e['metric_label']} — study definition: {e['study_definition']}."
             + "".join(f" {n}" for n in e["notes"] + e["definition_warnings"])
             for e in section["metrics"].values()]
    notes += [f"Not compared: {i['metric_label']} — {i['reason']}."
              for i in section["not_compared"]]
    notes += section["warnings"]
    return story + [para(n, "small") for n in notes]


def _p(entry: dict) -> str:
    return format_p(entry["p_value"]) if entry["p_value"] is not None else "no test"


def _verdict(entry: dict) -> str:
    return VERDICT_LABELS.get(entry["verdict"], entry["verdict"])


def forest(stats: dict, width: float = 480) -> Drawing:
    """Each compared centre measure (square, 95% CI) with the studies' rates (diamonds)."""
    register_fonts()
    groups = stats["comparisons"]
    colours = {s["id"]: PALETTE[i % len(PALETTE)] for i, s in enumerate(stats["benchmarks"])}
    labels = [f"{g['label']} (n = {g['centre']['known']})" for g in groups]
    label_w = min(230, 8 + max(pdfmetrics.stringWidth(t, FONT, 7) for t in labels))
    plot = (label_w, width - label_w - 88)
    legend_lines = 1 + len(stats["benchmarks"]) // 4
    height = len(groups) * ROW + 34 + 11 * legend_lines
    d = Drawing(width, height)
    top = height - 4
    y = top - ROW / 2
    for label, group in zip(labels, groups):
        _text(d, 0, y - 2.5, label)
        marks = [(colours[e["benchmark_id"]], e["benchmark_rate"]) for e in group["entries"]]
        _forest_row(d, y, group["centre"], marks, plot)
        y -= ROW
    _forest_axis(d, plot, top, y + ROW / 2)
    items = [("square", CENTRE, "Centre rate with 95% CI")]
    items += [("diamond", colours[s["id"]], s["label"]) for s in stats["benchmarks"]]
    _legend(d, y - 14, items, width)
    return d


# Trend, follow-up, cases, definitions ###########################################

def trend_chart(section: TerritorySection, width: float = 480, height: float = 190) -> Drawing:
    """Monthly technical success and main outcome (lines, %) over case numbers (bars)."""
    register_fonts()
    rows, metrics = section.trend_rows, section.trend["metrics"]
    d = Drawing(width, height)
    x0, w = 34, width - 44
    bars, lines = (28, 34), (80, height - 88)
    xs = _xs(len(rows), x0, w)
    _text(d, 0, bars[0] + bars[1] / 2, "Cases", size=6.5, color=colors.HexColor("#6B6B6B"))
    _case_bars(d, rows, xs, bars[0], bars[1], w / max(len(rows), 1))
    _y_grid(d, x0, w, lines[0], lines[1], (0, 0.25, 0.5, 0.75, 1.0), 1.0,
            lambda t: f"{int(t * 100)}%")
    for color, metric in zip(PALETTE, metrics):
        _trend_line(d, rows, xs, metric, lines, color)
    items = [("line", c, section.trend["labels"][m]) for c, m in zip(PALETTE, metrics)]
    _legend(d, 4, items, width)
    return d


def trend(data, section: TerritorySection) -> list:
    rows = section.trend_rows
    if not rows:
        return []
    text = (f"Per month from {month_label(rows[0]['period'])} to"
            f" {month_label(rows[-1]['period'])} (bars: number of cases). Months with few cases"
            " swing widely; outcome rates of the latest months are incomplete while follow-up"
            " is pending.")
    return [KeepTogether([para("Trend over 12 months", "h2"), para(text, "small"),
                          trend_chart(section)])]


def followup(data, section: TerritorySection) -> list:
    counts = Counter(r["status"] for r in section.followup)
    text = (f"Follow-up worklist for procedures from {section.trend_from} to {data.period_to}"
            f" (details in the workbook, sheet {section.sheet} follow-up): {counts['due']} due now,"
            f" {counts['overdue']} overdue, {counts['missing']} missing (lost to follow-up).")
    return [para("Follow-up", "h2"), para(text, "small")]


def cases(data, section: TerritorySection) -> list:
    columns = section.pdf_columns
    story = [CondPageBreak(90), para(f"Cases of {data.period_text}", "h2"),
             para("De-identified: registry ID and case number only. The last columns show how"
                  " the statistics count each case.", "small")]
    if not section.cases:
        return story + [para("No case this month.", "body")]
    columns = [c for c in columns if c.key not in ("registry_id", "case_number")]
    rows = [[f"{row['registry_id'] or ''} {row['case_number']}".strip()]
            + [cell_text(pdf_value(row, c.key)) for c in columns] for row in section.cases]
    headers = ["Registry ID / case number"] + [PDF_HEADERS.get(c.key, c.header) for c in columns]
    return story + [table(headers, rows, fitted_widths(headers, rows))]


def pdf_value(row: dict, key: str):
    """A case-list value of the PDF; a failed stent delivery says why ('no: Calcification')."""
    if key == "stent_delivered" and row.get("stent_failure_reason"):
        return f"{row.get(key) or 'unknown'}: {row['stent_failure_reason']}"
    return row.get(key)


PDF_HEADERS = {"procedure_date": "Date", "rutherford_class": "ALI class",
               "limb_segment": "Segment", "flow_after_mt": "Flow after MT",
               "adjunctive_therapy": "Adjunctive therapy", "flow_final": "Final flow",
               "limb_complications": "Complications", "target_vessel": "Vessel",
               "chronic_total_occlusion": "CTO", "stent_delivered": "Stent delivered",
               "reattempt": "Bail-out",
               "timi_final": "Final TIMI", "coronary_complications": "Complications",
               MEASURE_KEY + "technical_success": "Technical success",
               MEASURE_KEY + "limb_salvage_30d": "30-day limb salvage",
               MEASURE_KEY + "mace_30d": "30-day death, MI or repeat revasc."}
"""Short case-list headers of the PDF (the workbook has the full field labels)."""


def fitted_widths(headers, rows, cap: float = 90) -> list[float]:
    """Column widths that break no word where the page allows: each column gets its longest
    word (header words in bold) and up to `cap` points of its longest text; when that is too
    wide for the page, the room above the longest words shrinks evenly."""
    register_fonts()
    pad = 2 * CELL_PADDING + 1
    width = lru_cache(maxsize=None)(_width)  # values repeat down a column
    least, wanted = [], []
    for index, header in enumerate(headers):
        texts = set(str(r[index]) for r in rows)
        words = [width(w) for t in texts for w in t.split()]
        longest = max(words + [width(w, BOLD) for w in header.split()]) + pad
        least.append(longest)
        wanted.append(max(longest, min(max([width(t) for t in texts] + [0]) + pad, cap)))
    excess, slack = sum(wanted) - FRAME_W, sum(wanted) - sum(least)
    if excess <= 0 or slack <= 0:
        return wanted
    keep = max(0.0, 1 - excess / slack)
    return [low + (w - low) * keep for low, w in zip(least, wanted)]


def _width(text: str, font: str = FONT) -> float:
    return pdfmetrics.stringWidth(printable(text), font, STYLES["cell"].fontSize)


def definitions(stats: dict) -> list:
    """The general rules (each measure's definition is printed beside its rate)."""
    rows = [row for key, row in zip(stats["definitions"], definition_rows(stats))
            if key not in stats["rates"]]
    return [CondPageBreak(80), para("Definitions", "h2"),
            table(("Definition", "In this registry"), rows, (1.4, 4.6))]
