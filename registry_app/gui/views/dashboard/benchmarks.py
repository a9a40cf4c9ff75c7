"""Dashboard tab 'Against benchmarks': the forest plot for one outcome and the verdicts in words."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from registry_app.stats.benchmark_test import VERDICT_WORDS as TEST_VERDICT_WORDS
from registry_app.services.statistics.sections import METRIC_LABELS
from ...charts import ForestChart, ForestRow
from ...charts.scales import ci_text, pct_text
from ...widgets.field_widgets import NoWheelComboBox
from .rates import OUTCOMES, sentence

FOREST_ARMS = ("rescue_stent", "no_stent", "all_mt")
GOOD, BAD, NEUTRAL = "#2e7d32", "#b3261e", "#555555"


def centre_detail(rate: dict) -> str:
    if not rate["known"]:
        return f"no known outcome ({rate['unknown']} unknown)"
    text = f"{rate['events']}/{rate['known']} · {pct_text(rate['rate'])} ({ci_text(rate['ci95'])})"
    return text + (f" · {rate['unknown']} unknown" if rate["unknown"] else "")


def benchmark_detail(entry: dict) -> str:
    rate = pct_text(entry["benchmark_rate"])
    if entry["benchmark_events"] is None:
        total = entry["benchmark_total"]
        return f"{rate} (n = {total}, no CI)" if total else f"{rate} (counts not given)"
    derived = ", derived" if entry["benchmark_derived"] else ""
    return (f"{entry['benchmark_events']}/{entry['benchmark_total']} · {rate}"
            f" ({ci_text(entry['benchmark_ci95'])}{derived})")


def forest_rows(stats: dict, metric: str) -> list[ForestRow]:
    """Per arm: a header, the centre's rate and each chosen benchmark's rate for this outcome."""
    rows: list[ForestRow] = []
    for arm in FOREST_ARMS:
        entry = stats["arms"][arm]
        rate = entry[metric]
        rows.append(ForestRow(entry["label"], "header"))
        rows.append(ForestRow(f"Centre (n = {entry['n']})", "centre",
                              rate["rate"] if rate["known"] else None,
                              tuple(rate["ci95"]) if rate["known"] else None,
                              centre_detail(rate), small=bool(rate.get("small_numbers")),
                              key=("centre", arm, metric)))
        rows += _benchmark_rows(stats, arm, metric)
    return rows


def _benchmark_rows(stats: dict, arm: str, metric: str) -> list[ForestRow]:
    rows = []
    for style, section in enumerate(stats["benchmarks"]):
        entry = section["by_arm"].get(arm, {}).get(metric)
        if entry is None:
            continue
        ci = tuple(entry["benchmark_ci95"]) if entry["benchmark_ci95"] else None
        rows.append(ForestRow(f"   {section['label']}", "benchmark", entry["benchmark_rate"], ci,
                              benchmark_detail(entry), style=style, tip=entry["text"]))
    return rows


def verdict_color(metric: str, verdict: str) -> str:
    """Green for better, red for worse (the verdict already applies the measure's direction)."""
    return {"better": GOOD, "worse": BAD}.get(verdict, NEUTRAL)


VERDICT_WORDS = {key: f"{words} the benchmark" for key, words in TEST_VERDICT_WORDS.items()}
VERDICT_WORDS["no_data"] = "no known outcome"


def _entry_html(metric: str, entry: dict) -> str:
    color = verdict_color(metric, entry["verdict"])
    word = VERDICT_WORDS.get(entry["verdict"], entry["verdict"])
    small = (" <i>(fewer than 20 known outcomes: too few to judge)</i>"
             if entry["verdict"] == "not_assessable" else "")
    return (f"<li><b>{escape(entry['arm_label'])}</b>: <span style='color:{color}'><b>"
            f"{escape(word)}</b></span>{small}. {escape(entry['text'])}</li>")


def verdicts_html(stats: dict, metric: str) -> str:
    """Per chosen benchmark: citation, population warnings and the verdicts for this outcome."""
    if not stats["benchmarks"]:
        return ("<p>No benchmark is chosen. Pick one or more with <b>Benchmarks</b> above, or set"
                " a default benchmark in the settings.</p>")
    parts = []
    for section in stats["benchmarks"]:
        entries = [arms[metric] for arms in section["by_arm"].values() if metric in arms]
        body = "".join(_entry_html(metric, e) for e in entries) or (
            f"<li>{escape(section['label'])} does not report "
            f"{escape(METRIC_LABELS[metric])}.</li>")
        warnings = "".join(f"<p style='color:#9a6700'>⚠ {escape(w)}</p>"
                           for w in section["warnings"])
        parts.append(f"<p><b>{escape(section['label'])}</b> — {escape(section['design_label'])}."
                     f" <span style='color:#555'>{escape(section['citation'])}</span></p>"
                     f"{warnings}<ul>{body}</ul>")
    return "".join(parts)


class BenchmarkPanel(QWidget):
    """Outcome picker, forest plot and the verdicts with definition warnings."""

    centre_clicked = Signal(str, str)
    """(arm, metric) of a clicked centre marker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stats: dict | None = None
        self.metric_picker = NoWheelComboBox()
        for code in OUTCOMES:
            self.metric_picker.addItem(sentence(METRIC_LABELS[code]), code)
        self.metric_picker.currentIndexChanged.connect(self._show)
        self.chart = ForestChart()
        self.chart.mark_clicked.connect(self._clicked)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self._build()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Outcome:"))
        top.addWidget(self.metric_picker)
        hint = QLabel("Click a centre marker to list its cases.")
        hint.setStyleSheet("color: #555")
        top.addWidget(hint)
        top.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(self.text)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def current_metric(self) -> str:
        return self.metric_picker.currentData()

    def set_stats(self, stats: dict) -> None:
        self.stats = stats
        self._show()

    def _show(self, *_args) -> None:
        if self.stats is None:
            return
        metric = self.current_metric()
        self.chart.title = f"{sentence(METRIC_LABELS[metric])}: centre and benchmarks"
        self.chart.set_rows(forest_rows(self.stats, metric))
        self.text.setHtml(verdicts_html(self.stats, metric))

    def _clicked(self, key) -> None:
        if key and key[0] == "centre":
            self.centre_clicked.emit(key[1], key[2])
