"""The dashboard: the centre's rates per arm beside the benchmarks, trend, CUSUM and follow-up.

When the registry holds limb or coronary cases a territory choice appears; for those
territories the numbers come from services.territory_stats and fill a TerritoryPanel instead.

Numbers come from services.statistics.compute_stats, computed on the TaskRunner's worker; every
count can be clicked to list its cases (services.statistics.metric_case_ids with the very filter
the numbers were computed with), which emits show_cases_requested(ids, title).
"""
from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (QLabel, QStackedWidget, QTabWidget, QTableView, QVBoxLayout,
                               QWidget)
from shiboken6 import isValid

from registry_app.services.cases import choices
from registry_app.services.benchmarks.library import citation_text, list_benchmarks
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.statistics import compute_stats, metric_case_ids
from registry_app.services.statistics.sections import METRIC_LABELS
from registry_app.services.statistics.territory.engine import territories_in_use
from ...errors import show_error
from ...widgets.rate_table import rate_table
from .benchmarks import BenchmarkPanel
from .charts import CusumPanel, FollowupPanel, TrendPanel
from .filters import DashboardFilterBar
from .periods import period_bounds
from .rates import OUTCOMES, RatesModel, comparisons_html, definitions_html, above_text
from .territory import TerritoryPanel
from .territory_rates import territory_summary_html

if TYPE_CHECKING:
    from registry_app.services.registry import Registry

PREFS_GROUP = "dashboard"
TABS = ("Rates per arm", "Against benchmarks", "Trend", "CUSUM", "Follow-up completeness")
IdsOp = Callable[["Registry", CaseFilter], list]


class DashboardView(QWidget):
    """Pickers on top, a one-line summary, and the numbers in five tabs."""

    show_cases_requested = Signal(list, str)
    stats_shown = Signal()
    """The numbers on screen were replaced by a newly computed set."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stats: dict | None = None
        self.shown_filter: CaseFilter | None = None
        self.shown_benchmarks: list[str] = []
        self._generation = 0
        self._dirty = True
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self._compute)
        self.filters = DashboardFilterBar()
        self.summary = QLabel("The numbers appear when the dashboard is opened.")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.tabs = QTabWidget()
        self._build_tabs()
        self.territory_panel = self._territory_panel()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.territory_panel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)
        self._choices_stale = False
        self.load_choices(restore=True)
        self.filters.changed.connect(self._filters_changed)
        self.filters.territory_changed.connect(self._territory_changed)
        self.filters.benchmarks.menu().aboutToShow.connect(self._reload_benchmarks)
        ctx.changed.connect(self._changes)

    # Building ##############################################################
    def _build_tabs(self) -> None:
        self.rates_model = RatesModel(self)
        self.rates_table = self._rates_table()
        rates, self.rates_text = above_text(self.rates_table)
        self.benchmark_panel = BenchmarkPanel()
        self.benchmark_panel.centre_clicked.connect(self._centre_clicked)
        self.trend_panel = TrendPanel()
        self.trend_panel.period_clicked.connect(self._period_clicked)
        self.cusum_panel = CusumPanel()
        self.cusum_panel.signal_clicked.connect(self._signal_clicked)
        self.followup_panel = FollowupPanel()
        self.followup_panel.part_clicked.connect(self._followup_clicked)
        for widget, title in zip((rates, self.benchmark_panel, self.trend_panel,
                                  self.cusum_panel, self.followup_panel), TABS):
            self.tabs.addTab(widget, title)

    def _territory_panel(self) -> TerritoryPanel:
        panel = TerritoryPanel()
        panel.cases_wanted.connect(self.list_cases)
        return panel

    def _rates_table(self) -> QTableView:
        return rate_table(self.rates_model, "dashboard_rates", self._rate_clicked, row_padding=10)

    def _fit_rates_table(self) -> None:
        """One arm label and one case count per arm (spans); tall enough for every row."""
        table, group = self.rates_table, len(OUTCOMES)
        table.clearSpans()
        for start in range(0, self.rates_model.rowCount(), group):
            table.setSpan(start, 0, group, 1)
            table.setSpan(start, 2, group, 1)
        rows = self.rates_model.rowCount() * table.verticalHeader().defaultSectionSize()
        needed = min(rows + table.horizontalHeader().sizeHint().height() + 6, 420)
        table.setMinimumHeight(needed)
        table.setMaximumHeight(needed)

    # Choices and preferences ###############################################
    def load_choices(self, restore: bool = False) -> None:
        """Fill the pickers from the registry and the benchmark library."""
        registry = self.ctx.registry
        self._choices_stale = False
        saved = self._saved_state() if restore else {}
        self.filters.set_territories(territories_in_use(registry), saved.get("territory"))
        territory = self.filters.territory_code()
        first, last = choices.procedure_date_range(registry, territory)
        items = benchmark_items(territory)
        offered = {item[0] for item in items}
        kept = [i for i in self.filters.benchmark_ids() if i in offered]
        remembered = "benchmarks" in saved and saved.get("territory", "cerebral") == territory
        chosen = ([i for i in saved["benchmarks"].split(",") if i] if remembered
                  else kept or self.default_benchmarks(territory, items))
        self.filters.set_choices(first, last, choices.operators(registry, territory), items,
                                 chosen, self.ctx.today())
        if saved:
            self.filters.restore(saved)

    def default_benchmarks(self, territory: str, items: list) -> list[str]:
        """Cerebral: the default benchmark of the settings; limb/coronary: all of theirs."""
        if territory != "cerebral":
            return [item[0] for item in items]
        default = self.ctx.settings.default_benchmark
        return [default] if default else []

    def _reload_benchmarks(self) -> None:
        """Offer benchmarks added since (the library is read again when the picker opens)."""
        self.filters.benchmarks.set_benchmarks(benchmark_items(self.filters.territory_code()),
                                               self.filters.benchmark_ids())

    def _saved_state(self) -> dict:
        prefs = self.ctx.prefs
        prefs.beginGroup(PREFS_GROUP)
        try:
            return {key: str(prefs.value(key, "")) for key in prefs.childKeys()}
        finally:
            prefs.endGroup()

    def _save_state(self) -> None:
        prefs = self.ctx.prefs
        prefs.beginGroup(PREFS_GROUP)
        for key, value in self.filters.state().items():
            prefs.setValue(key, value or "")
        prefs.endGroup()

    # Computing #############################################################
    def refresh(self) -> None:
        """Recompute the numbers for the current pickers (on the worker thread).

        Requests made in the same event-loop turn (a change seen by the main window and by
        this view) are merged into one computation.
        """
        self._dirty = False
        self._pending.start()

    def _compute(self) -> None:
        if self._choices_stale:
            self.load_choices()
        flt, ids = self.filters.case_filter(), self.filters.benchmark_ids()
        self._generation += 1
        generation, registry = self._generation, self.ctx.registry
        self.summary.setText(f"Computing the statistics for {escape(self.filters.description())}…")
        self.ctx.tasks.run(lambda: compute_stats(registry, flt, ids),
                           success=lambda stats: self._show(generation, flt, ids, stats),
                           failure=lambda exc: self._failed(generation, exc), parent=self)

    def _show(self, generation: int, flt: CaseFilter, ids: list[str], stats: dict) -> None:
        if not isValid(self) or generation != self._generation:
            return  # closed meanwhile, or a newer computation was asked for
        self.stats, self.shown_filter, self.shown_benchmarks = stats, flt, ids
        if stats.get("territory"):
            self._show_territory(stats)
            return
        self.stack.setCurrentWidget(self.tabs)
        self.summary.setText(self.summary_html(stats))
        self.rates_model.set_stats(stats)
        self._fit_rates_table()
        self.rates_text.setHtml(self._rates_html(stats))
        for panel in (self.benchmark_panel, self.trend_panel, self.cusum_panel,
                      self.followup_panel):
            panel.set_stats(stats)
        self.stats_shown.emit()

    def _show_territory(self, stats: dict) -> None:
        """Limb or coronary numbers (compute_territory_stats) in the territory panel."""
        self.summary.setText(territory_summary_html(stats, self.filters.description()))
        self.territory_panel.set_stats(stats)
        self.stack.setCurrentWidget(self.territory_panel)
        self.stats_shown.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if isValid(self) and generation == self._generation:
            self.summary.setText("The statistics could not be computed.")
            show_error(self, exc)

    def summary_html(self, stats: dict) -> str:
        arms = stats["arms"]
        names = ", ".join(escape(b["label"]) for b in stats["benchmarks"]) or "no benchmark"
        blank = arms["stent_not_recorded"]["n"]
        blank_text = f", stent not recorded {blank}" if blank else ""
        maturity = stats["maturity"]
        waiting = (f"<br><span style='color:#555'>As of {maturity['as_of']}:"
                   f" {escape(maturity['text'])}</span>" if maturity["text"] else
                   f" As of {maturity['as_of']}.")
        text = (f"<b>{stats['cases']:,} cases</b> ({escape(self.filters.description())});"
                f" failed MT <b>{stats['mt_failed']}</b>: rescue stent {arms['rescue_stent']['n']},"
                f" no stent {arms['no_stent']['n']}{blank_text}. Compared with {names}."
                " <span style='color:#555'>Click any count to list its cases.</span>" + waiting)
        warnings = "".join(f"<br><span style='color:#9a6700'>⚠ {escape(w)}</span>"
                           for w in stats["warnings"])
        return text + warnings

    def _rates_html(self, stats: dict) -> str:
        return comparisons_html(stats) + definitions_html(stats)

    # Reacting ##############################################################
    def _filters_changed(self) -> None:
        self._save_state()
        self.refresh()

    def _territory_changed(self) -> None:
        """Another territory: its dates, operators and benchmarks, then its numbers."""
        self.filters.benchmarks.set_benchmarks([], [])
        self.load_choices()
        self._filters_changed()

    def _changes(self, changes) -> None:
        """Figures read cases and settings; benchmarks are offered from the library."""
        if changes.settings or changes.benchmarks:
            self.load_choices()
        if changes.touches_cases or changes.benchmarks:
            self._dirty = self._choices_stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    # Tracing numbers to cases ##############################################
    def list_cases(self, title: str, op: IdsOp) -> None:
        """Run op(registry, shown filter) on the worker, then emit show_cases_requested."""
        if self.shown_filter is None:
            return
        registry, flt = self.ctx.opened_registry, self.shown_filter

        def show(ids: list) -> None:
            if isValid(self):
                self.show_cases_requested.emit(list(ids), title)
        self.ctx.tasks.run(lambda: op(registry, flt), success=show, parent=self)

    def _rate_clicked(self, index: QModelIndex) -> None:
        target = self.rates_model.target(index)
        if target is not None:
            arm, metric, which, title = target
            self.list_cases(title, lambda reg, flt: metric_case_ids(reg, flt, arm, metric, which))

    def _centre_clicked(self, arm: str, metric: str) -> None:
        label = self.stats["arms"][arm]["label"] if self.stats else arm
        self.list_cases(f"{label} — {METRIC_LABELS[metric]}: events",
                        lambda reg, flt: metric_case_ids(reg, flt, arm, metric, "events"))

    def _period_clicked(self, period: str, metric: str, what: str) -> None:
        start, end = period_bounds(period)
        def op(reg, flt):
            inside = replace(flt, date_from=max(start, flt.date_from or start),
                             date_to=min(end, flt.date_to or end))
            if what == "cases":
                return metric_case_ids(reg, inside, "all_mt", "mt_failure", "all")
            return metric_case_ids(reg, inside, "all_mt", metric, "events")
        words = "all cases" if what == "cases" else f"{METRIC_LABELS.get(metric, metric)}: events"
        self.list_cases(f"{period} — {words}", op)

    def _signal_clicked(self, metric: str, case_id: int) -> None:
        self.show_cases_requested.emit([case_id], f"CUSUM signal — {METRIC_LABELS[metric]}")

    def _followup_clicked(self, group: str, part: str) -> None:
        self.list_cases(f"Follow-up {part} — {group.replace('_', ' ')}",
                        lambda reg, flt: followup_ids(reg, flt, group, part))


def benchmark_items(territory: str = "cerebral") -> list[tuple[str, str, str]]:
    """(id, label, citation) of the library's benchmarks of one territory."""
    return [(b.id, b.label, citation_text(b)) for b in list_benchmarks()
            if b.territory == territory]


RECAN_WHICH = {"recanalized": "events", "not_recanalized": "known", "unknown": "unknown"}


def followup_ids(registry, flt: CaseFilter, group: str, part: str) -> list[int]:
    """Cases whose follow-up is complete or missing, in an arm or a recanalization group."""
    arm = group if group in ("all_mt", "rescue_stent", "no_stent") else "all_mt"
    due = metric_case_ids(registry, flt, arm, "followup_complete", "known")
    complete = set(metric_case_ids(registry, flt, arm, "followup_complete", "events"))
    chosen = [i for i in due if (i in complete) == (part == "complete")]
    if group not in RECAN_WHICH:
        return chosen
    members = set(metric_case_ids(registry, flt, "all_mt", "recanalization", RECAN_WHICH[group]))
    if group == "not_recanalized":
        members -= set(metric_case_ids(registry, flt, "all_mt", "recanalization", "events"))
    return [i for i in chosen if i in members]
