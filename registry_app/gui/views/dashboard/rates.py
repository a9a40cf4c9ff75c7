"""The rates table: per arm and outcome, n, events/known, %, 95% CI, unknown and bounds; cells click."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QSplitter, QTextBrowser, QWidget

from registry_app.services.statistics.metrics import OUTCOME_METRICS
from registry_app.services.statistics.sections import DEFINITION_NAMES, METRIC_LABELS, NOT_RANDOMISED
from ...charts.scales import ci_text, pct_text
from ...widgets.rate_table import RateRowsModel

ARM_ORDER = ("all_mt", "rescue_stent", "no_stent", "stent_not_recorded")
"""Arms in table order; 'stent not recorded' is shown only when it has cases."""
OUTCOMES = OUTCOME_METRICS
HEADERS = ("Arm", "Outcome", "Cases", "Events", "Known", "Rate", "95% CI", "Unknown",
           "Not yet due", "If unknown: best / worst", "Note")
CLICK_WHICH = {2: "all", 3: "events", 4: "known", 5: "events", 7: "unknown", 8: "not_yet_due"}
"""Column -> which case ids a click lists (see services.statistics.metric_case_ids)."""
LINK = QColor("#1a5fb4")
SMALL = QColor("#9a6700")


@dataclass(frozen=True)
class RateRow:
    arm: str
    arm_label: str
    metric: str
    n: int
    rate: dict

    def count(self, which: str) -> int:
        return {"all": self.n, "events": self.rate["events"], "known": self.rate["known"],
                "unknown": self.rate["unknown"],
                "not_yet_due": self.rate.get("not_yet_due", 0)}[which]


def rate_rows(stats: dict) -> list[RateRow]:
    """One row per arm and outcome, in the order all MT, rescue stent, no stent."""
    rows = []
    for arm in ARM_ORDER:
        entry = stats["arms"][arm]
        if arm == "stent_not_recorded" and not entry["n"]:
            continue
        rows += [RateRow(arm, entry["label"], m, entry["n"], entry[m]) for m in OUTCOMES]
    return rows


def sentence(text: str) -> str:
    """The text with its first letter in capitals (the rest untouched: 'ICH' stays)."""
    return text[:1].upper() + text[1:]


def bounds_text(rate: dict) -> str:
    bounds = rate.get("bounds")
    if not bounds:
        return ""
    return f"{pct_text(bounds['best_case'])} / {pct_text(bounds['worst_case'])}"


def cell_text(row: RateRow, column: int) -> str:
    r = row.rate
    known = r["known"] > 0
    return (row.arm_label, sentence(METRIC_LABELS[row.metric]), str(row.n), str(r["events"]),
            str(r["known"]), pct_text(r["rate"]) if known else "–",
            ci_text(r["ci95"]) if known else "", str(r["unknown"]), str(r.get("not_yet_due", 0)),
            bounds_text(r), _note(r))[column]


def _note(rate: dict) -> str:
    notes = ["small numbers"] if rate.get("small_numbers") else []
    if rate.get("provisional_events"):
        notes.append(f"{rate['provisional_events']} provisional (not yet due)")
    return "; ".join(notes)


def above_text(table: QWidget) -> tuple[QSplitter, QTextBrowser]:
    """A table or chart above the text that explains it (3:2), as the dashboards show them."""
    text = QTextBrowser()
    text.setOpenLinks(False)
    split = QSplitter(Qt.Orientation.Vertical)
    split.addWidget(table)
    split.addWidget(text)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 2)
    return split, text


class RatesModel(RateRowsModel):
    """Read-only table of the arms' outcome rates; count cells are links to their cases."""

    HEADERS = HEADERS
    rows: list[RateRow]

    make_rows = staticmethod(rate_rows)

    def target(self, index: QModelIndex) -> tuple[str, str, str, str] | None:
        """(arm, metric, which, title) behind a cell, or None when it lists no cases."""
        which = CLICK_WHICH.get(index.column())
        if not index.isValid() or which is None:
            return None
        row = self.rows[index.row()]
        count = row.count(which)
        if count == 0:
            return None
        words = {"all": "all cases", "events": "events", "known": "outcome known",
                 "unknown": "outcome unknown", "not_yet_due": "not yet due"}[which]
        title = f"{row.arm_label} — {METRIC_LABELS[row.metric]}: {words} ({count})"
        return row.arm, row.metric, which, title

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (Qt.AlignmentFlag.AlignRight if 2 <= column < 10
                          else Qt.AlignmentFlag.AlignLeft)
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return self._style(row, column, role, index)

    def _style(self, row: RateRow, column: int, role, index):
        target = self.target(index)
        linked = target is not None
        if role == Qt.ItemDataRole.ForegroundRole:
            return LINK if linked else (SMALL if column == 10 else None)
        if role == Qt.ItemDataRole.FontRole and (linked or column == 0):
            font = QFont()
            font.setUnderline(linked)
            font.setBold(column == 0)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and target is not None:
            return f"Click to list these cases: {target[3]}"
        return None


def comparisons_html(stats: dict) -> str:
    """Rescue stent vs no stent for each outcome, in plain sentences, with the caveat."""
    items = "".join(f"<li>{escape(c['text'])}</li>" for c in stats["comparisons"].values())
    return (f"<b>Rescue stent vs no stent (failed MT)</b><ul>{items}</ul>"
            f"<p><i>{escape(NOT_RANDOMISED)}</i></p>")


DEFINITION_LABELS = DEFINITION_NAMES


def definitions_html(stats: dict) -> str:
    """The definitions that travel with the numbers, as a compact list."""
    rows = "".join(f"<tr><td valign='top'><b>{escape(label)}</b>&nbsp;&nbsp;</td>"
                   f"<td>{escape(stats['definitions'][key])}</td></tr>"
                   for key, label in DEFINITION_LABELS.items() if key in stats["definitions"])
    return f"<b>Definitions</b><table cellspacing='2'>{rows}</table>"
