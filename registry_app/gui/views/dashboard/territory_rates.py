"""Limb and coronary rates table (n/N, %, 95% CI, unknown, bounds; counts click) and its texts."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ...charts.scales import ci_text, pct_text
from ...widgets.rate_table import RateRowsModel
from .rates import LINK, SMALL, bounds_text

HEADERS = ("Time point", "Measure", "Cases", "Events", "Known", "Rate", "95% CI", "Unknown",
           "Not yet due", "If unknown: best / worst", "Note")
CLICK_WHICH = {2: "all", 3: "events", 4: "known", 7: "unknown"}
"""Column -> which case ids a click lists (see services.territory_stats.territory_case_ids)."""
WHICH_WORDS = {"all": "all cases", "events": "events", "known": "value known",
               "unknown": "value unknown"}


@dataclass(frozen=True)
class MeasureRow:
    group: str
    rate: dict

    def count(self, which: str) -> int:
        return {"all": self.rate["n"], "events": self.rate["events"],
                "known": self.rate["known"], "unknown": self.rate["unknown"]}[which]


def measure_rows(stats: dict) -> list[MeasureRow]:
    return [MeasureRow(group["title"], stats["rates"][key])
            for group in stats["groups"] for key in group["metrics"]]


def cell_text(row: MeasureRow, column: int) -> str:
    r = row.rate
    known = r["known"] > 0
    return (row.group, r["label"], str(r["n"]), str(r["events"]), str(r["known"]),
            pct_text(r["rate"]) if known else "–", ci_text(r["ci95"]) if known else "",
            str(r["unknown"]), str(r["not_yet_due"] or ""), bounds_text(r),
            "small numbers" if r["small_numbers"] else "")[column]


class TerritoryRatesModel(RateRowsModel):
    """Read-only table of a territory's measures; count cells are links to their cases."""

    HEADERS = HEADERS
    rows: list[MeasureRow]

    make_rows = staticmethod(measure_rows)

    def group_spans(self) -> list[tuple[int, int]]:
        """(first row, row count) of each time-point group, for the table's spans."""
        spans, start = [], 0
        for index in range(1, len(self.rows) + 1):
            if index == len(self.rows) or self.rows[index].group != self.rows[start].group:
                spans.append((start, index - start))
                start = index
        return spans

    def target(self, index: QModelIndex) -> tuple[str, str, str] | None:
        """(measure key, which, title) behind a cell, or None when it lists no cases."""
        which = CLICK_WHICH.get(index.column()) if index.isValid() else None
        if which is None:
            return None
        row = self.rows[index.row()]
        count = row.count(which)
        if count == 0:
            return None
        return row.rate["key"], which, f"{row.rate['label']}: {WHICH_WORDS[which]} ({count})"

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = Qt.AlignmentFlag.AlignRight if 2 <= column < 10 else Qt.AlignmentFlag.AlignLeft
            return int(right | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return row.rate["definition"]
        return self._style(column, role, index)

    def _style(self, column: int, role, index):
        target = self.target(index)
        if role == Qt.ItemDataRole.ForegroundRole:
            return LINK if target else (SMALL if column == 10 else None)
        if role == Qt.ItemDataRole.FontRole and (target or column == 0):
            font = QFont()
            font.setUnderline(target is not None)
            font.setBold(column == 0)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and target:
            return f"Click to list these cases: {target[2]}"
        return None


def _item_row(item: dict) -> str:
    share = item["share"]
    ci = ci_text(share["ci95"]) if share["known"] else ""
    return (f"<tr><td>{escape(item['label'])}</td><td align='right'>{item['count']}</td>"
            f"<td align='right'>{pct_text(share['rate'])}</td><td>&nbsp;&nbsp;{ci}</td></tr>")


def breakdown_html(entry: dict) -> str:
    """One breakdown: how many of the population have the field recorded, then each value."""
    several = "; several per case possible" if entry["multiple"] else ""
    head = (f"<p><b>{escape(entry['title'])}</b> — among {escape(entry['population_words'])}:"
            f" {entry['recorded']} of {entry['population']} recorded{several}</p>")
    items = [item for item in entry["items"] if item["count"]]
    if not items:
        return head
    rows = "".join(_item_row(item) for item in items)
    return (head + "<table cellspacing='0' cellpadding='3'><tr><th align='left'>Value</th>"
            "<th align='right'>&nbsp;&nbsp;n</th><th align='right'>&nbsp;&nbsp;Share</th>"
            f"<th align='left'>&nbsp;&nbsp;95% CI</th></tr>{rows}</table>")


GENERAL_LABELS = {"flow": "Flow grade", "followup": "Follow-up", "rates": "Rates",
                  "ci95": "95% CI", "small_numbers": "Small numbers",
                  "benchmark_test": "Benchmark test"}


def _definition_label(stats: dict, key: str) -> str:
    rate = stats["rates"].get(key)
    return rate["label"] if rate else GENERAL_LABELS.get(key, key.replace("_", " ").capitalize())


def territory_definitions_html(stats: dict) -> str:
    rows = "".join(f"<tr><td valign='top'><b>{escape(_definition_label(stats, key))}</b>"
                   f"&nbsp;&nbsp;</td><td>{escape(text)}</td></tr>"
                   for key, text in stats["definitions"].items())
    return f"<p><b>Definitions</b></p><table cellspacing='2'>{rows}</table>"


def territory_text_html(stats: dict) -> str:
    """Breakdowns (Rutherford class, what followed failure, reasons...) and the definitions."""
    parts = [breakdown_html(entry) for entry in stats["breakdowns"].values()]
    return "".join(parts) + territory_definitions_html(stats)


def rate_words(rate: dict) -> str:
    """'171/180 (95.0%, 95% CI 90.8–97.3%)', or why there is no rate."""
    if not rate["known"]:
        return f"no known value ({rate['unknown']} unknown)" if rate["unknown"] else "no cases"
    return f"{rate['events']}/{rate['known']} ({pct_text(rate['rate'])}, 95% CI {ci_text(rate['ci95'])})"


def lower(label: str) -> str:
    """The label, escaped, with a small first letter (the rest untouched: 'TIMI' stays)."""
    return escape(label[:1].lower() + label[1:])


def territory_summary_html(stats: dict, selection: str) -> str:
    """One line: cases, technical success and the main outcome with n/N and CI, benchmarks."""
    tech, main = (stats["rates"][key] for key in stats["trend"]["metrics"])
    names = ", ".join(escape(b["label"]) for b in stats["benchmarks"]) or "no benchmark"
    text = (f"<b>{stats['cases']:,} {escape(stats['territory_label'].lower())} cases</b>"
            f" ({escape(selection)}); {lower(tech['label'])} <b>{rate_words(tech)}</b>;"
            f" {lower(main['label'])} <b>{rate_words(main)}</b>. Compared with {names}."
            f" As of {stats['as_of']}: outcomes count once their 30 or 90 days and the follow-up"
            " window's margin have passed."
            " <span style='color:#555'>Click any count to list its cases.</span>")
    return text + "".join(f"<br><span style='color:#9a6700'>⚠ {escape(w)}</span>"
                          for w in stats["warnings"])
