"""The PDF's page 1: the scorecard, the notices and the 'since the last report' box."""
from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Spacer, Table, TableStyle

from registry_app.stats import SMALL_N
from ..data import MONTH_NAMES, ReportData
from .text import FRAME_W, HEAD_FILL, LINE, para
from ..scorecard import Row, scorecard_rows

FILLS = {"better": colors.HexColor("#CDEBCF"), "worse": colors.HexColor("#F6C9C9"),
         "consistent": colors.HexColor("#E4E9F2")}
"""Cell colours by verdict; 'too few to judge', 'not assessable' and 'no benchmark' stay white."""
WIDTHS = (0.22, 0.27, 0.27, 0.24)


def month_name(first) -> str:
    return f"{MONTH_NAMES[first.month - 1]} {first.year}"


def span_text(first, last) -> str:
    """'Dec 2025 – Nov 2026'."""
    return f"{MONTH_NAMES[first.month - 1][:3]} {first.year} – {MONTH_NAMES[last.month - 1][:3]} {last.year}"


def month_notice(data: ReportData) -> str | None:
    """A plain notice when the month is in the future or not over on the as-of date."""
    if data.month_state == "future":
        return (f"{data.period_text} has not begun on the as-of date ({data.today}): this report"
                " can hold no cases yet.")
    if data.month_state == "incomplete":
        return (f"{data.period_text} is not over on the as-of date ({data.today}): the figures"
                " cover only the cases recorded so far.")
    if not data.cases:
        return (f"No {data.territory} cases were recorded with a procedure date in"
                f" {data.period_text}: the month's column is empty; the 12-month column still"
                " counts.")
    return None


def cohort_text(data: ReportData) -> str:
    """Which cases the 90-day figures come from, in a sentence."""
    until = data.stats["maturity"]["mature_until"]
    return (f"90-day outcomes: this-month column = latest mature cohort, {month_name(data.cohort_from)}"
            f" (cases operated {data.cohort_from} to {data.cohort_to}, whose 90 days plus the"
            f" follow-up window have passed on {data.today}); 12-month column = the mature cases"
            f" of those months (operated up to {until}). Months still in follow-up are never"
            " counted.")


def _cell(text: str, word: str | None = None):
    return [para(text, "cell"), para(word, "head")] if word else para(text, "cell")


def _body_row(row: Row) -> list:
    return [para(row.label, "cell"), _cell(row.month.text, _word(row.month)),
            _cell(row.rolling.text, _word(row.rolling)), para(row.benchmark, "cell")]


def _word(cell) -> str | None:
    """The verdict word, or nothing when there is no benchmark to compare with."""
    return None if cell.verdict == "none" else cell.word


def scorecard_table(data: ReportData, rows: list[Row]) -> Table:
    head = [para(h, "head") for h in
            ("Measure", f"This month ({data.period_text})",
             f"12 months ({span_text(data.rolling_from, data.period_to)})",
             "Benchmark or threshold (selected)")]
    body, style, group = [head], [], None
    for row in rows:
        if row.group != group:
            group = row.group
            body.append([para(_group_title(data, group), "head"), "", "", ""])
            style += [("SPAN", (0, len(body) - 1), (-1, len(body) - 1)),
                      ("BACKGROUND", (0, len(body) - 1), (-1, len(body) - 1), HEAD_FILL)]
        body.append(_body_row(row))
        for column, cell in ((1, row.month), (2, row.rolling)):
            if cell.verdict in FILLS:
                style.append(("BACKGROUND", (column, len(body) - 1), (column, len(body) - 1),
                              FILLS[cell.verdict]))
    result = Table(body, colWidths=[w * FRAME_W for w in WIDTHS], repeatRows=1, hAlign="LEFT")
    result.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                                ("BOX", (0, 0), (-1, -1), 0.5, LINE),
                                ("INNERGRID", (0, 0), (-1, -1), 0.25, LINE),
                                ("TOPPADDING", (0, 0), (-1, -1), 2),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 2)] + style))
    return result


def _group_title(data: ReportData, group: str) -> str:
    if group == "90-day outcome":
        return (f"90-day outcomes — this month's column: the latest mature cohort,"
                f" {month_name(data.cohort_from)}")
    if group == "Process":
        return "Process measures (times in minutes)"
    return "Procedural measures (known at the procedure)"


def legend() -> str:
    return ("Colour and word compare the figure with the benchmark or threshold in the measure's"
            " direction: better (green), worse (red), consistent (blue-grey); cells with fewer"
            f" than {SMALL_N} known outcomes are marked 'too few to judge' and not coloured."
            " Rates: events/known with 95% interval; times: median with interquartile range.")


def scorecard(data: ReportData) -> list:
    """The scorecard with its legend and the sentence naming the mature cohort."""
    notice = month_notice(data)
    story = [para(notice, "signal")] if notice else []
    return story + [para("How are we doing?", "h1"), scorecard_table(data, scorecard_rows(data)),
                    Spacer(1, 3), para(legend(), "small"), para(cohort_text(data), "small")]


def since_last_report(data: ReportData) -> list:
    """Changes to signed-off months, CUSUM signals in the month, follow-up completeness."""
    months = sorted({c["month"] for c in data.changes})
    n = len(data.changes)
    lines = [f"{n} change{'s' if n != 1 else ''} to signed-off months"
             + (f" ({', '.join(months)}); listed in 'Cases changed after sign-off'" if n else "")]
    signals = [c for entry in data.cusum.values() for c in entry.get("signal_cases") or []
               if str(c.get("procedure_date") or "") >= str(data.period_from)]
    lines.append(f"{len(signals)} new CUSUM signal{'s' if len(signals) != 1 else ''} among"
                 f" the month's cases" + (": " + ", ".join(
                     f"{c['registry_id']} / {c['case_number']}" for c in signals) if signals
                     else ""))
    lines.append(followup_change(data))
    return ([para("Since the last report", "h2")] + [para(f"• {line}", "small") for line in lines]
            + signoff_figures(data))


def signoff_figures(data: ReportData) -> list:
    """'Figures at sign-off vs now': the key figures of a signed-off month (the report's or the
    one before) that differ now, with a sentence saying why; nothing when none differ."""
    rows = data.figure_changes
    if not rows:
        return []
    months: dict[str, Any] = {}
    for row in rows:
        months.setdefault(row["month"], row["signoff"])
    signed = " and ".join(f"{_month_text(m)} (signed off {s.signed_at:%Y-%m-%d} by {s.signed_by})"
                          for m, s in months.items())
    sentence = (f"Some key figures of {signed} differ from those stored at sign-off, because"
                " cases were edited, added, deleted or completed after it; this report shows them"
                " as they are now.")
    body = [[para(h, "head") for h in ("Measure", "At sign-off", "Now")]]
    body += [[para(f"{row['label']}, {_month_text(row['month'])}", "cell"),
              para(figure_text(row["at_signoff"]), "cell"), para(figure_text(row["now"]), "cell")]
             for row in rows]
    grid = Table(body, colWidths=[w * FRAME_W for w in (0.5, 0.25, 0.25)], hAlign="LEFT")
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                              ("BOX", (0, 0), (-1, -1), 0.5, LINE),
                              ("INNERGRID", (0, 0), (-1, -1), 0.25, LINE),
                              ("TOPPADDING", (0, 0), (-1, -1), 1),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return [para("Figures at sign-off vs now", "h2"), para(sentence, "small"), grid]


def _month_text(month: str) -> str:
    year, number = month.split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year}"


def figure_text(value) -> str:
    """A stored figure: a count as it is, [events, known] as 'events/known (rate%)'."""
    if isinstance(value, (list, tuple)) and len(value) == 2:
        events, known = value
        return f"{events}/{known} ({100 * events / known:.1f}%)" if known else f"{events}/{known}"
    return "—" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def followup_change(data: ReportData) -> str:
    now = data.rolling["followup"]["overall"]
    before = (data.previous_followup or {}).get("overall")
    text = f"Follow-up complete for {_share(now)} of the 12 months' due cases"
    if before and before["due"]:
        text += f" (the 12 months to the previous month: {_share(before)})"
    return text


def _share(group: dict) -> str:
    if not group["due"]:
        return "none due"
    rate = group["completeness"]["rate"]
    return f"{100 * rate:.1f}% ({group['complete']}/{group['due']})"
