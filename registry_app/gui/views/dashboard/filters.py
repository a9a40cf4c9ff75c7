"""The dashboard's pickers: territory, period, benchmarks, occlusion site, circulation, operator.

The territory choice appears only when the registry holds limb or coronary cases; a
cerebral-only registry sees the pickers it always had.
"""
from __future__ import annotations

from datetime import date
from typing import cast

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QWidget

from registry_app.domain import vocab
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.statistics.territories import TERRITORIES as TERRITORY_TABLE
from ...widgets.field_widgets import NoWheelComboBox
from .picker import BenchmarkPicker  # noqa: F401  (re-exported)
from .periods import PERIOD_KINDS, default_key, period_bounds, period_keys, period_label

SITES = (("", "Any site"),) + tuple((c.code, c.code) for c in vocab.OCCLUSION_SITE)
CIRCULATIONS = (("", "Any circulation"), ("anterior", "Anterior"), ("posterior", "Posterior"))
TERRITORIES = tuple((code, territory.label) for code, territory in TERRITORY_TABLE.items())
"""The territories offered, from the statistics' territory descriptors."""


class DashboardFilterBar(QWidget):
    """Everything that decides which numbers the dashboard shows; emits changed."""

    changed = Signal()
    territory_changed = Signal()
    """The territory was switched (the other pickers' choices must be reloaded)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = date.today()
        self.territory_label = QLabel("Territory:")
        self.territory = self._combo(TERRITORIES, "Which cases: stroke, limb or coronary")
        self.territory.currentIndexChanged.connect(self._territory_switched)
        self.first: date | None = None
        self.last: date | None = None
        self.kind = self._combo(PERIOD_KINDS, "Which period the numbers cover")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.period = NoWheelComboBox()
        self.period.setMinimumContentsLength(14)
        self.period.currentIndexChanged.connect(self._emit)
        self.date_from, self.date_to = self._date_edit(), self._date_edit()
        self.benchmarks = BenchmarkPicker()
        self.benchmarks.changed.connect(self._emit)
        self.site = self._combo(SITES, "Occlusion site")
        self.circulation = self._combo(CIRCULATIONS, "Anterior or posterior circulation")
        self.operator = self._combo((("", "Any operator"),), "Operator")
        for combo in (self.site, self.circulation, self.operator):
            combo.currentIndexChanged.connect(self._emit)
        self._quiet = False
        self._build()
        self._kind_changed()

    def _combo(self, items, tip: str) -> NoWheelComboBox:
        combo = NoWheelComboBox()
        combo.setToolTip(tip)
        for code, label in items:
            combo.addItem(label, code)
        return combo

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.dateChanged.connect(self._emit)
        return edit

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.dash = QLabel("to")
        widgets = (self.territory_label, self.territory, QLabel("Period:"), self.kind, self.period,
                   self.date_from, self.dash, self.date_to, self.benchmarks, QLabel("Filter:"), self.site,
                   self.circulation, self.operator)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        self.set_territories({})

    # Territory #############################################################
    def set_territories(self, counts: dict[str, int], wanted: str | None = None) -> None:
        """Offer the territories that have cases; shown only when one besides cerebral has.

        counts: cases per territory; wanted: the territory to select when it is offered
        (else the current one, else cerebral). Does not emit.
        """
        keep = wanted or self.territory_code()
        offered = [code for code, _ in TERRITORIES if code == "cerebral" or counts.get(code)]
        self._quiet, was = True, self._quiet
        try:
            self.territory.clear()
            for code, label in TERRITORIES:
                if code in offered:
                    self.territory.addItem(f"{label} ({counts.get(code, 0):,})", code)
            self.territory.setCurrentIndex(max(self.territory.findData(keep), 0))
        finally:
            self._quiet = was
        for widget in (self.territory_label, self.territory):
            widget.setVisible(len(offered) > 1)
        self._show_cerebral_pickers()

    def territory_code(self) -> str:
        return self.territory.currentData() or "cerebral"

    def _territory_switched(self, *_args) -> None:
        self._show_cerebral_pickers()
        if not self._quiet:
            self.territory_changed.emit()

    def _show_cerebral_pickers(self) -> None:
        cerebral = self.territory_code() == "cerebral"
        for combo in (self.site, self.circulation):
            combo.setVisible(cerebral)

    # Choices ###############################################################
    def set_choices(self, first: date | None, last: date | None, operators: list[str],
                    benchmarks: list[tuple[str, str, str]], chosen: list[str],
                    today: date) -> None:
        """Fill the pickers from the registry (keeps the current choices where possible)."""
        self._quiet = True
        try:
            self.today, self.first, self.last = today, first, last
            current = self.operator.currentData()
            self.operator.clear()
            self.operator.addItem("Any operator", "")
            for code in operators:
                self.operator.addItem(code, code)
            self.operator.setCurrentIndex(max(self.operator.findData(current), 0))
            self.benchmarks.set_benchmarks(benchmarks, chosen)
            self._fill_periods()
        finally:
            self._quiet = False

    def _kind_changed(self, *_args) -> None:
        self._quiet, was = True, self._quiet
        try:
            self._fill_periods()
        finally:
            self._quiet = was
        self._emit()

    def _fill_periods(self) -> None:
        kind = self.kind.currentData()
        current = self.period.currentData()
        keys = period_keys(kind, self.first, self.last)
        self.period.clear()
        for key in keys:
            self.period.addItem(period_label(key), key)
        wanted = current if current in keys else default_key(keys, self.today)
        self.period.setCurrentIndex(max(self.period.findData(wanted), 0))
        self.period.setVisible(kind in ("month", "quarter", "year"))
        for widget in (self.date_from, self.dash, self.date_to):
            widget.setVisible(kind == "custom")
        if kind == "custom" and self.first and self.last and self.date_from.date() == QDate(2000, 1, 1):
            self.date_from.setDate(QDate(self.first.year, self.first.month, self.first.day))
            self.date_to.setDate(QDate(self.last.year, self.last.month, self.last.day))

    def _emit(self, *_args) -> None:
        if not self._quiet:
            self.changed.emit()

    # Reading ###############################################################
    def date_range(self) -> tuple[date | None, date | None]:
        kind = self.kind.currentData()
        if kind == "custom":
            # PySide6's stubs type QDate.toPython() as object; it returns a datetime.date
            return (cast(date, self.date_from.date().toPython()),
                    cast(date, self.date_to.date().toPython()))
        key = self.period.currentData()
        if kind in ("month", "quarter", "year") and key:
            return period_bounds(key)
        return None, None

    def case_filter(self) -> CaseFilter:
        start, end = self.date_range()
        operator = self.operator.currentData() or None
        territory = self.territory_code()
        if territory != "cerebral":
            return CaseFilter(date_from=start, date_to=end, operator=operator, territory=territory)
        site = self.site.currentData()
        return CaseFilter(date_from=start, date_to=end, occlusion_sites=(site,) if site else (),
                          circulation=self.circulation.currentData() or None, operator=operator)

    def benchmark_ids(self) -> list[str]:
        return self.benchmarks.chosen()

    def description(self) -> str:
        """The selection in words, e.g. 'March 2025 · site M1 · operator OP2'."""
        kind = self.kind.currentData()
        start, end = self.date_range()
        parts = ["all dates" if start is None else
                 f"{start:%Y-%m-%d} to {end:%Y-%m-%d}" if kind == "custom" else
                 self.period.currentText()]
        if self.territory_code() == "cerebral":
            if self.site.currentData():
                parts.append(f"site {self.site.currentData()}")
            if self.circulation.currentData():
                parts.append(f"{self.circulation.currentData()} circulation")
        if self.operator.currentData():
            parts.append(f"operator {self.operator.currentData()}")
        return " · ".join(parts)

    # Remembering ###########################################################
    def state(self) -> dict:
        start, end = self.date_range()
        return {"territory": self.territory_code(), "kind": self.kind.currentData(),
                "period": self.period.currentData() or "",
                "from": start.isoformat() if start else "", "to": end.isoformat() if end else "",
                "benchmarks": ",".join(self.benchmark_ids()), "site": self.site.currentData(),
                "circulation": self.circulation.currentData(),
                "operator": self.operator.currentData()}

    def restore(self, state: dict) -> None:
        """Apply a remembered state without emitting (unknown values are ignored)."""
        self._quiet = True
        try:
            for combo, key in ((self.kind, "kind"), (self.site, "site"),
                               (self.circulation, "circulation"), (self.operator, "operator")):
                combo.setCurrentIndex(max(combo.findData(state.get(key, "")), 0))
            self._restore_dates(state)
            self._fill_periods()
            found = self.period.findData(state.get("period"))
            if found >= 0:
                self.period.setCurrentIndex(found)
        finally:
            self._quiet = False

    def _restore_dates(self, state: dict) -> None:
        for edit, key in ((self.date_from, "from"), (self.date_to, "to")):
            try:
                value = date.fromisoformat(str(state.get(key, "")))
            except ValueError:
                continue
            edit.setDate(QDate(value.year, value.month, value.day))
