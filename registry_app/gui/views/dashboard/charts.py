"""Dashboard tabs with charts: the trend by month or quarter, the CUSUM and follow-up completeness."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from registry_app.services.statistics.benchmarks import CUSUM_METRICS
from registry_app.services.statistics.measures import BY_KEY
from registry_app.services.statistics.metrics import TREND_METRICS
from ...charts import CompletenessChart, CompletenessRow, CusumChart, TrendChart, TrendPoint
from ...widgets.field_widgets import NoWheelComboBox

TREND_CHOICES = (("", "Cases only"),
                 *((key, BY_KEY[key].label[:1].upper() + BY_KEY[key].label[1:])
                   for key in TREND_METRICS))
"""The trend's measures, labelled from the measure table."""
CUSUM_TITLES = {key: BY_KEY[key].label[:1].upper() + BY_KEY[key].label[1:]
                for key in CUSUM_METRICS}
RECAN_GROUPS = (("recanalized", "Recanalized (≥ 2b)"),
                ("not_recanalized", "Not recanalized"), ("unknown", "Recanalization unknown"))


def muted_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #444")
    return label


def trend_points(rows: list[dict], metric: str) -> list[TrendPoint]:
    """Chart points from stats['trend'][by]; without a metric only the case counts."""
    points = []
    for row in rows:
        rate = row.get(metric) if metric else None
        if rate and rate["known"]:
            points.append(TrendPoint(row["period"], row["cases"], rate["rate"],
                                     tuple(rate["ci95"]), rate["events"], rate["known"],
                                     bool(rate["small_numbers"])))
        else:
            points.append(TrendPoint(row["period"], row["cases"]))
    return points


class TrendPanel(QWidget):
    """Cases and one rate per month or quarter; clicking a bar or point lists its cases."""

    period_clicked = Signal(str, str, str)
    """(period key, metric or '', 'cases' or 'rate')."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stats: dict | None = None
        self.metric_picker = NoWheelComboBox()
        self.choices: dict[str, str] = {}
        self.set_choices(TREND_CHOICES, "sich")
        self.by = NoWheelComboBox()
        self.by.addItem("By month", "month")
        self.by.addItem("By quarter", "quarter")
        self.chart = TrendChart()
        self.chart.mark_clicked.connect(self._clicked)
        self.note = muted_label()
        for combo in (self.metric_picker, self.by):
            combo.currentIndexChanged.connect(self._show)
        top = QHBoxLayout()
        for widget in (QLabel("Show:"), self.metric_picker, self.by):
            top.addWidget(widget)
        hint = muted_label("Click a bar or a point to list its cases.")
        hint.setWordWrap(False)
        top.addWidget(hint)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.note)

    def set_choices(self, choices, current: str) -> None:
        """The rates offered as (code, label) pairs ('' = cases only), and the one shown."""
        self.choices = dict(choices)
        self.metric_picker.setSizeAdjustPolicy(NoWheelComboBox.SizeAdjustPolicy.AdjustToContents)
        self.metric_picker.blockSignals(True)
        self.metric_picker.clear()
        for code, label in choices:
            self.metric_picker.addItem(label, code)
        self.metric_picker.setCurrentIndex(max(self.metric_picker.findData(current), 0))
        self.metric_picker.blockSignals(False)
        self._show()

    def set_stats(self, stats: dict) -> None:
        self.stats = stats
        self._show()

    def _show(self, *_args) -> None:
        if self.stats is None:
            return
        trend, metric, by = self.stats["trend"], self.metric_picker.currentData(), self.by.currentData()
        label = self.choices.get(metric) if metric else None
        self.chart.title = f"{label or 'Cases'} by {by}"
        self.chart.set_data(trend_points(trend[by], metric), label)
        undated = trend["undated_cases"]
        self.note.setText(f"{undated} case(s) without a procedure date are not shown."
                          if undated else "")

    def _clicked(self, key) -> None:
        what, period = key
        self.period_clicked.emit(period, self.metric_picker.currentData() if what == "rate" else "", what)


class CusumPanel(QWidget):
    """sICH and mortality CUSUM charts, each with its sentence and definition warnings."""

    signal_clicked = Signal(str, int)
    """(metric, case id) of a clicked signal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.charts: dict[str, CusumChart] = {}
        self.texts: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        for metric, title in CUSUM_TITLES.items():
            chart = CusumChart()
            chart.title = f"{title}: CUSUM against the benchmark rate"
            chart.mark_clicked.connect(lambda key, m=metric: self._clicked(m, key))
            self.charts[metric], self.texts[metric] = chart, muted_label()
            layout.addWidget(chart, 1)
            layout.addWidget(self.texts[metric])

    def set_stats(self, stats: dict) -> None:
        for metric, chart in self.charts.items():
            item = stats["cusum"][metric]
            if not item["available"]:
                chart.clear(item["reason"])
                self.texts[metric].setText("")
                continue
            chart.set_data(item["values"], item["threshold"], item["signals"], item["case_ids"])
            warnings = " ".join(item["definition_warnings"])
            self.texts[metric].setText(item["text"] + (f" {warnings}" if warnings else ""))

    def _clicked(self, metric: str, key) -> None:
        if key and key[0] == "signal" and key[1] is not None:
            self.signal_clicked.emit(metric, int(key[1]))


def completeness_rows(followup: dict, arm_labels: dict[str, str]) -> list[CompletenessRow]:
    """Overall (all MT), per failed-MT arm and by recanalization."""
    def row(label: str, group: dict, key: str) -> CompletenessRow:
        return CompletenessRow(label, group["due"], group["complete"], group["not_yet_due"],
                               group["missing_by_status"], key)
    rows = [row(arm_labels[arm], followup["arms"][arm], arm)
            for arm in ("all_mt", "rescue_stent", "no_stent")]
    rows += [row(label, followup["by_recanalization"][key], key) for key, label in RECAN_GROUPS
             if followup["by_recanalization"][key]["cases"]]
    return rows


class FollowupPanel(QWidget):
    """Completeness bars; clicking the green or orange part lists those cases."""

    part_clicked = Signal(str, str)
    """(group key: an arm or a recanalization group, 'complete' or 'missing')."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = CompletenessChart()
        self.chart.title = "90-day follow-up completeness (assessments due)"
        self.chart.mark_clicked.connect(lambda key: self.part_clicked.emit(key[0], key[1]))
        self.note = muted_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.chart)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def set_stats(self, stats: dict) -> None:
        labels = {arm: stats["arms"][arm]["label"] for arm in stats["arms"]}
        followup = stats["followup"]
        self.chart.set_rows(completeness_rows(followup, labels))
        window = followup["window"]
        self.note.setText(
            f"Window: {window['days']} ± {window['plus_minus']} days after the procedure. "
            f"{stats['definitions']['followup_complete']}. {followup['note']}")

