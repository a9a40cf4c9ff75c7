"""The dashboard for limb and coronary cases: rates, the territory's benchmarks and the trend.

Numbers come from services.territory_stats.compute_territory_stats (through compute_stats);
clicking a count emits cases_wanted(title, op), op(registry, filter) giving the case ids
(services.territory_stats.territory_case_ids with the filter the numbers were computed with).
"""
from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QTableView, QVBoxLayout, QWidget

from registry_app.services.cases.queries import case_ids
from registry_app.services.statistics.territory.engine import territory_case_ids
from ...charts import ForestChart, ForestRow
from ...charts.forest import ROW_MIN
from ...widgets.field_widgets import NoWheelComboBox
from ...widgets.rate_table import rate_table
from .benchmarks import BAD, GOOD, NEUTRAL, VERDICT_WORDS, benchmark_detail, centre_detail
from .charts import TrendPanel
from .periods import period_bounds
from .rates import above_text
from .territory_rates import TerritoryRatesModel, territory_text_html

TABS = ("Rates", "Against benchmarks", "Trend")
CHART_CHROME = 130
"""Title, legend, axis and its caption above and below the forest rows (pixels)."""
ALL = ""


def comparison_rows(stats: dict, chosen: str = ALL) -> list[ForestRow]:
    """Per compared measure (or only the chosen one): the centre, then each benchmark figure."""
    styles = {section["id"]: i for i, section in enumerate(stats["benchmarks"])}
    rows: list[ForestRow] = []
    for group in stats["comparisons"]:
        if chosen and group_key(group) != chosen:
            continue
        centre = group["centre"]
        rows.append(ForestRow(group["label"], "header"))
        rows.append(ForestRow(f"Centre (n = {centre['n']})", "centre",
                              centre["rate"] if centre["known"] else None,
                              tuple(centre["ci95"]) if centre["known"] else None,
                              centre_detail(centre), small=bool(centre["small_numbers"]),
                              key=("centre", group["measure"], group["cohort"])))
        for entry in group["entries"]:
            ci = tuple(entry["benchmark_ci95"]) if entry["benchmark_ci95"] else None
            rows.append(ForestRow(f"   {entry['benchmark_label']}", "benchmark",
                                  entry["benchmark_rate"], ci, benchmark_detail(entry),
                                  style=styles.get(entry["benchmark_id"], 0), tip=entry["text"]))
    return rows


def group_key(group: dict) -> str:
    return f"{group['measure']}:{group['cohort']}"


def verdict_color(adverse: bool, verdict: str) -> str:
    """Green for better, red for worse (the verdict already applies the measure's direction)."""
    return {"better": GOOD, "worse": BAD}.get(verdict, NEUTRAL)


def _group_html(group: dict, adverse: bool) -> str:
    centre = group["centre"]
    items = []
    for entry in group["entries"]:
        word = VERDICT_WORDS.get(entry["verdict"], entry["verdict"])
        small = (" <i>(fewer than 20 known outcomes: too few to judge)</i>"
                 if entry["verdict"] == "not_assessable" else "")
        items.append(f"<li><b>{escape(entry['benchmark_label'])}</b> — the study counts:"
                     f" <i>{escape(entry['study_definition'])}</i>.<br><span style='color:"
                     f"{verdict_color(adverse, entry['verdict'])}'><b>{escape(word)}</b></span>"
                     f"{small}. {escape(entry['text'])}</li>")
    return (f"<p><b>{escape(group['label'])}</b> — your registry counts:"
            f" <i>{escape(centre['definition'])}</i></p><ul>{''.join(items)}</ul>")


def _sections_html(stats: dict) -> str:
    parts = []
    for section in stats["benchmarks"]:
        warnings = "".join(f"<br><span style='color:#9a6700'>⚠ {escape(w)}</span>"
                           for w in section["warnings"])
        skipped = "".join(f"<br>Not compared: {escape(item['metric_label'])} —"
                          f" {escape(item['reason'])}." for item in section["not_compared"])
        parts.append(f"<p><b>{escape(section['label'])}</b> — {escape(section['design_label'])}."
                     f" <span style='color:#555'>{escape(section['citation'])}</span>"
                     f"{warnings}{skipped}</p>")
    return "".join(parts)


def territory_verdicts_html(stats: dict, chosen: str = ALL) -> str:
    """The verdicts in words with both definitions, then each study's citation and gaps."""
    if not stats["benchmarks"]:
        return ("<p>No benchmark of this territory is chosen or in the library. Pick one with"
                " <b>Benchmarks</b> above, or add one on the Benchmarks screen.</p>")
    groups = [g for g in stats["comparisons"] if not chosen or group_key(g) == chosen]
    body = "".join(_group_html(g, stats["rates"][g["measure"]]["adverse"]) for g in groups)
    if not body:
        body = "<p>None of the chosen studies reports a figure this registry measures.</p>"
    return body + "<hr>" + _sections_html(stats)


class TerritoryBenchmarkPanel(QWidget):
    """Measure picker, forest plot of the centre against the studies, verdicts in words."""

    centre_clicked = Signal(str, str)
    """(measure key, cohort) of a clicked centre marker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stats: dict | None = None
        self.measure = NoWheelComboBox()
        self.measure.setSizeAdjustPolicy(NoWheelComboBox.SizeAdjustPolicy.AdjustToContents)
        self.measure.currentIndexChanged.connect(self._show)
        self.chart = ForestChart()
        self.chart.empty_text = "No figure of the chosen studies matches a measure of this registry."
        self.chart.mark_clicked.connect(self._clicked)
        split, self.text = above_text(self.chart)
        top = QHBoxLayout()
        hint = QLabel("Click a centre marker to list its cases.")
        hint.setStyleSheet("color: #555")
        for widget in (QLabel("Measure:"), self.measure, hint):
            top.addWidget(widget)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def set_stats(self, stats: dict) -> None:
        current = self.measure.currentData()
        self.stats = stats
        self.measure.blockSignals(True)
        self.measure.clear()
        self.measure.addItem("All compared measures", ALL)
        for group in stats["comparisons"]:
            self.measure.addItem(group["label"], group_key(group))
        self.measure.setCurrentIndex(max(self.measure.findData(current), 0))
        self.measure.blockSignals(False)
        self._show()

    def _show(self, *_args) -> None:
        if self.stats is None:
            return
        chosen = self.measure.currentData() or ALL
        self.chart.title = f"{self.stats['territory_label']}: centre and benchmarks"
        rows = comparison_rows(self.stats, chosen)
        self.chart.set_rows(rows)
        self.chart.setMinimumHeight(int(CHART_CHROME + ROW_MIN * len(rows)))
        self.text.setHtml(territory_verdicts_html(self.stats, chosen))

    def _clicked(self, key) -> None:
        if key and key[0] == "centre":
            self.centre_clicked.emit(key[1], key[2])


class TerritoryPanel(QWidget):
    """Three tabs for a limb or coronary selection: rates, benchmarks and trend."""

    cases_wanted = Signal(str, object)
    """(title, op): op(registry, filter) -> the case ids behind a clicked number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stats: dict | None = None
        self.model = TerritoryRatesModel(self)
        self.table = self._table()
        rates, self.text = above_text(self.table)
        self.benchmark_panel = TerritoryBenchmarkPanel()
        self.benchmark_panel.centre_clicked.connect(self._centre_clicked)
        self.trend_panel = TrendPanel()
        self.trend_panel.period_clicked.connect(self._period_clicked)
        self.tabs = QTabWidget()
        for widget, title in zip((rates, self.benchmark_panel, self.trend_panel), TABS):
            self.tabs.addTab(widget, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def _table(self) -> QTableView:
        return rate_table(self.model, "territory_rates", self._clicked)

    def set_stats(self, stats: dict) -> None:
        self.stats = stats
        self.model.set_stats(stats)
        self._fit_table()
        self.text.setHtml(territory_text_html(stats))
        self.benchmark_panel.set_stats(stats)
        labels = stats["trend"]["labels"]
        choices = [("", "Cases only")] + [(key, labels[key]) for key in stats["trend"]["metrics"]]
        current = self.trend_panel.metric_picker.currentData()
        self.trend_panel.stats = stats
        self.trend_panel.set_choices(choices, current if current in labels else
                                     stats["trend"]["metrics"][0])

    def _fit_table(self) -> None:
        """One time-point label per group (spans); tall enough for every row."""
        table = self.table
        table.clearSpans()
        for start, count in self.model.group_spans():
            table.setSpan(start, 0, count, 1)
        rows = self.model.rowCount() * table.verticalHeader().defaultSectionSize()
        needed = min(rows + table.horizontalHeader().sizeHint().height() + 6, 480)
        table.setMinimumHeight(needed)
        table.setMaximumHeight(needed)

    # Tracing numbers to cases ##############################################
    def _clicked(self, index: QModelIndex) -> None:
        target = self.model.target(index)
        if target is not None:
            measure, which, title = target
            self.cases_wanted.emit(title, lambda reg, flt: territory_case_ids(
                reg, flt, measure, which))

    def _centre_clicked(self, measure: str, cohort: str) -> None:
        assert self.stats is not None  # the panel's numbers are clicked only once shown
        label = self.stats["rates"][measure]["label"]
        words = " (CTO cases)" if cohort == "cto" else ""
        self.cases_wanted.emit(f"{label}{words}: events", lambda reg, flt: territory_case_ids(
            reg, flt, measure, "events", cohort))

    def _period_clicked(self, period: str, measure: str, what: str) -> None:
        start, end = period_bounds(period)

        def op(reg, flt):
            inside = replace(flt, date_from=max(start, flt.date_from or start),
                             date_to=min(end, flt.date_to or end))
            if what == "cases":
                return case_ids(reg, inside, descending=False)
            return territory_case_ids(reg, inside, measure, "events")
        assert self.stats is not None  # the trend's bars are clicked only once shown
        label = self.stats["rates"][measure]["label"] + ": events" if measure else "all cases"
        self.cases_wanted.emit(f"{period} — {label}", op)
