"""The case list's search box and filters, turned into a services.queries.CaseFilter."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from ...domain import vocab
from ...services.cases.case_filter import CaseFilter
from ..widgets.field_widgets import NoWheelComboBox

SEARCH_DELAY_MS = 300
FIT_POLICY = NoWheelComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
PERIODS = (("", "All dates"), ("this_month", "This month"), ("last_month", "Last month"),
           ("last_3_months", "Last 3 months"), ("last_12_months", "Last 12 months"),
           ("this_year", "This year"), ("last_year", "Last year"))
TERRITORIES = (("", "All territories"),) + tuple((c.code, c.label) for c in vocab.TERRITORY)
SITES = (("", "Any site"),) + tuple((c.code, f"{c.code} – {c.label}") for c in
                                    vocab.OCCLUSION_SITE)
MT = (("", "MT failed: any"), ("yes", "MT failed"), ("no", "MT not failed"))
STENT = (("", "Rescue stent: any"), ("yes", "Rescue stent"), ("no", "No rescue stent"))
FOLLOWUP = (("", "Follow-up: any"), ("due", "Follow-up due (in window or overdue)"),
            ("in_window", "Follow-up in window"), ("overdue", "Follow-up overdue"),
            ("not_yet_due", "Follow-up not yet due"), ("done", "Follow-up done"),
            ("lost", "Lost to follow-up"))


def period_range(key: str, today: date) -> tuple[date | None, date | None]:
    """First and last day of a named period ('' is all dates)."""
    month_start = today.replace(day=1)
    if key == "this_month":
        return month_start, today
    if key == "last_month":
        last = month_start - timedelta(days=1)
        return last.replace(day=1), last
    if key == "last_3_months":
        return _months_back(month_start, 2), today
    if key == "last_12_months":
        return _months_back(month_start, 11), today
    if key == "this_year":
        return date(today.year, 1, 1), today
    if key == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return None, None


def _months_back(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _tri(code: str) -> bool | None:
    return {"yes": True, "no": False}.get(code)


class FilterBar(QWidget):
    """Search (debounced) and pick lists; emits changed when the filter should be applied."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("case_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Search case number, registry ID, MRN, name, operator,"
                                       " device or notes")
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.changed)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.apply_now)
        self.combos = {name: self._combo(items) for name, items in (
            ("period", PERIODS), ("territory", TERRITORIES), ("site", SITES), ("mt_failed", MT),
            ("rescue_stent", STENT), ("followup", FOLLOWUP))}
        self.incomplete = QCheckBox("Incomplete only")
        self.incomplete.toggled.connect(self.changed)
        self.count_label = QLabel()
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.clicked.connect(self.clear)
        self._build()

    def _combo(self, items) -> NoWheelComboBox:
        combo = NoWheelComboBox()
        combo.setSizeAdjustPolicy(FIT_POLICY)
        combo.setMinimumContentsLength(min(18, max(len(label) for _, label in items)))
        for code, label in items:
            combo.addItem(label, code)
        combo.currentIndexChanged.connect(self.changed)
        return combo

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Search:"))
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        grid = QGridLayout()
        for index, combo in enumerate(self.combos.values()):
            grid.addWidget(combo, 0, index)
        grid.addWidget(self.incomplete, 0, len(self.combos))
        grid.addWidget(self.clear_button, 0, len(self.combos) + 1)
        grid.setColumnStretch(len(self.combos) + 2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(grid)

    def apply_now(self) -> None:
        self._debounce.stop()
        self.changed.emit()

    def code(self, name: str) -> str:
        return self.combos[name].currentData() or ""

    def to_filter(self, today: date) -> CaseFilter:
        start, end = period_range(self.code("period"), today)
        site = self.code("site")
        return CaseFilter(
            date_from=start, date_to=end, occlusion_sites=(site,) if site else (),
            territory=self.code("territory") or None, mt_failed=_tri(self.code("mt_failed")),
            rescue_stent=_tri(self.code("rescue_stent")),
            followup_status=self.code("followup") or None,
            incomplete=True if self.incomplete.isChecked() else None,
            text=self.search.text().strip())

    def state(self) -> dict:
        """What to remember between sessions."""
        return {"text": self.search.text(), "incomplete": self.incomplete.isChecked(),
                **{name: self.code(name) for name in self.combos}}

    def restore(self, state: dict) -> None:
        """Set the filters from a remembered state (unknown values are ignored)."""
        with _Quiet(self):
            self.search.setText(str(state.get("text", "")))
            self.incomplete.setChecked(str(state.get("incomplete", "")).lower() in ("true", "1"))
            for name, combo in self.combos.items():
                index = combo.findData(state.get(name, ""))
                combo.setCurrentIndex(max(index, 0))
        self._debounce.stop()

    def clear(self) -> None:
        self.restore({})
        self.changed.emit()

    def show_count(self, count: int, total_hint: str = "") -> None:
        word = "case" if count == 1 else "cases"
        self.count_label.setText(f"{count:,} {word}{total_hint}")


class _Quiet:
    """Block the bar's change signals while its widgets are set programmatically."""

    def __init__(self, bar: FilterBar) -> None:
        self.widgets = [bar, bar.search, bar.incomplete, *bar.combos.values()]

    def __enter__(self):
        self.before = [w.blockSignals(True) for w in self.widgets]

    def __exit__(self, *exc) -> None:
        for widget, state in zip(self.widgets, self.before):
            widget.blockSignals(state)


def limited(flt: CaseFilter, ids: list[int] | None) -> CaseFilter:
    return replace(flt, case_ids=None if ids is None else tuple(ids))
