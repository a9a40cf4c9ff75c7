"""The benchmark library: shipped studies and the department's own, with citations and definitions."""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
                               QTextBrowser, QVBoxLayout, QWidget)

from ...domain.benchmarks import (CIRCULATIONS, GOOD_OUTCOME_DEFINITIONS, MORTALITY_TIME_FRAMES,
                                  RECANALIZATION_THRESHOLDS, SICH_DEFINITIONS, TERRITORIES,
                                  VERIFICATIONS, Benchmark)
from ...services.benchmarks.library import benchmark_summary, library
from ...services.statistics.territory.benchmarks import registry_counterpart
from ..charts.scales import ci_text, pct_text
from ..widgets.field_widgets import NoWheelComboBox

if TYPE_CHECKING:
    from ..dialogs.benchmark_editor import BenchmarkEditor

LIST_HEADERS = ("Benchmark", "Territory", "Design", "Year", "Source")
SOURCE_WORDS = {"shipped": "Shipped", "user": "Your own"}


def _row(label: str, value: str) -> str:
    return f"<tr><td valign='top'><b>{escape(label)}</b>&nbsp;&nbsp;</td><td>{value}</td></tr>"


def _words(vocabulary: dict, code: str) -> str:
    return escape(vocabulary.get(code, code))


def _result_counts(r: dict) -> str:
    if r["events"] is not None:
        derived = " <i>(derived from the printed %)</i>" if r["derived"] else ""
        return f"{r['events']}/{r['total']}{derived}"
    return f"n = {r['total']}" if r["total"] else "counts not given"


def results_html(results: list[dict], territory: str = "cerebral") -> str:
    head = "".join(f"<th align='left'>{h}</th>" for h in (
        "Measure", "Arm", "Events/total", "Rate", "95% CI", "As printed", "In this registry"))
    rows = "".join(
        f"<tr><td>{escape(r['metric_label'])}</td><td>{escape(r['arm_label'])}</td>"
        f"<td>{_result_counts(r)}</td><td>{pct_text(r['rate'])}</td>"
        f"<td>{ci_text(r['ci95']) or '–'}</td><td>{escape(r['source_text'])}"
        f"{'<br><i>' + escape(r['note']) + '</i>' if r['note'] else ''}</td>"
        f"<td>{escape(registry_counterpart(territory, r['metric'], r['arm']))}</td></tr>"
        for r in results)
    return (f"<table width='100%' cellspacing='0' cellpadding='3' border='1'><tr>{head}</tr>"
            f"{rows}</table>")


def details_html(item: dict) -> str:
    """Everything about one benchmark, for the detail pane."""
    pop, defs = item["population"], item["definitions"]
    where = ", ".join(x for x in (pop["country"], pop["region"]) if x) or "not stated"
    link = item["citation_fields"].get("url")
    cite = escape(item["citation"]) + (f"<br><a href='{escape(link)}'>{escape(link)}</a>"
                                       if link else "")
    cerebral = item["territory"] == "cerebral"
    study = "".join([
        _row("Citation", cite), _row("Design", escape(item["design_label"])),
        _row("Verification", _words(VERIFICATIONS, item["verification"])),
        _row("Territory", _words(TERRITORIES, item["territory"])), _row("Where", escape(where)),
        _row("Circulation", _words(CIRCULATIONS, pop["circulation"])) if cerebral else "",
        _row("Occlusion sites", escape(", ".join(pop["occlusion_sites"]) or "not stated"))
        if cerebral else "",
        _row("Study period", escape(pop["period"] or "not stated")),
        _row("Population", escape(pop["description"] or "not described"))])
    definitions = _definitions_html(defs, cerebral)
    source = ("Shipped with the application (read-only)" if item["source"] == "shipped"
              else "Added by your department")
    return (f"<h3>{escape(item['label'])}</h3><p>{escape(item['title'])}<br>"
            f"<span style='color:#555'>{source}</span></p>"
            f"<table>{study}</table><h4>Definitions</h4><table>{definitions}</table>"
            f"<h4>Results</h4>{results_html(item['results'], item['territory'])}"
            f"<h4>Notes and verification</h4><p>{escape(item['notes'] or 'None.')}</p>")


def _definitions_html(defs: dict, cerebral: bool) -> str:
    """The study's definitions; limb and coronary studies only define technical success."""
    technical = _row("Technical success", escape(defs["technical_success"]))
    if not cerebral:
        return technical
    return "".join([
        _row("MT failure", escape(defs["mt_failure"])),
        _row("Recanalization", _words(RECANALIZATION_THRESHOLDS, defs["recanalization_threshold"])),
        _row("Good outcome", _words(GOOD_OUTCOME_DEFINITIONS, defs["good_outcome"])),
        _row("sICH", _words(SICH_DEFINITIONS, defs["sich"])),
        _row("Mortality counted at", _words(MORTALITY_TIME_FRAMES, defs["mortality_time_frame"])),
        technical])


class BenchmarksView(QWidget):
    """A list of benchmarks, the chosen one's details, and add / edit / copy buttons."""

    benchmarks_changed = Signal()
    """A user benchmark was added or changed (pickers elsewhere may reload)."""

    def __init__(self, ctx, parent: QWidget | None = None, user_dir=None) -> None:
        super().__init__(parent)
        self.ctx, self.user_dir = ctx, user_dir
        self.benchmarks: list[Benchmark] = []
        self.errors: list[str] = []
        self.editor: BenchmarkEditor | None = None
        self._build()
        self.refresh()

    def _build(self) -> None:
        self.territory = NoWheelComboBox()
        self.territory.addItem("All territories", "")
        for code, label in TERRITORIES.items():
            self.territory.addItem(label, code)
        self.territory.currentIndexChanged.connect(self._fill_list)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find by name, author, journal or country")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._fill_list)
        self.table = self._list_table()
        self.details = QTextBrowser()
        self.details.setOpenExternalLinks(True)
        self.details.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.details.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #9a6700")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        top = QHBoxLayout()
        top.addWidget(QLabel("Show:"))
        top.addWidget(self.territory)
        top.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.problems)
        layout.addLayout(self._buttons())

    def _list_table(self) -> QTableWidget:
        table = QTableWidget(0, len(LIST_HEADERS))
        table.setObjectName("benchmark_list")
        table.setHorizontalHeaderLabels(LIST_HEADERS)
        table.verticalHeader().hide()
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        for column in range(len(LIST_HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == 2
                                        else QHeaderView.ResizeMode.ResizeToContents)
        table.currentCellChanged.connect(lambda *_: self._show_current())
        table.doubleClicked.connect(lambda _index: self.edit_current())
        return table

    def _buttons(self) -> QHBoxLayout:
        self.add_button = QPushButton("&Add benchmark…")
        self.copy_button = QPushButton("&Copy as your own…")
        self.copy_button.setToolTip("Start a new benchmark of your own from the selected one")
        self.edit_button = QPushButton("&Edit…")
        for button, slot in ((self.add_button, self.add_benchmark),
                             (self.copy_button, self.copy_current),
                             (self.edit_button, self.edit_current)):
            button.clicked.connect(slot)
        self.read_only_note = QLabel("Shipped benchmarks are read-only; copy one to change it.")
        self.read_only_note.setStyleSheet("color: #555")
        row = QHBoxLayout()
        for widget in (self.add_button, self.copy_button, self.edit_button, self.read_only_note):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    # Loading ###############################################################
    def refresh(self) -> None:
        keep = self.current_id()
        loaded = library(self.user_dir)
        self.benchmarks, self.errors = loaded.benchmarks, list(loaded.errors)
        self.problems.setText("\n".join(f"⚠ {e}" for e in self.errors))
        self.problems.setVisible(bool(self.errors))
        self._fill_list()
        if keep:
            self.select_id(keep)

    def visible_benchmarks(self) -> list[Benchmark]:
        territory, needle = self.territory.currentData(), self.search.text().strip().lower()
        def matches(b: Benchmark) -> bool:
            text = " ".join((b.label, b.title, b.citation.authors, b.citation.journal,
                             b.population.country)).lower()
            return (not territory or b.territory == territory) and needle in text
        return [b for b in self.benchmarks if matches(b)]

    def _fill_list(self, *_args) -> None:
        shown = self.visible_benchmarks()
        self.table.setRowCount(len(shown))
        for row, b in enumerate(shown):
            cells = (b.label, TERRITORIES.get(b.territory, b.territory),
                     benchmark_summary(b)["design_label"], str(b.citation.year or ""),
                     SOURCE_WORDS.get(b.source, b.source))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, b.id)
                item.setToolTip(b.title)
                self.table.setItem(row, column, item)
        if shown and self.table.currentRow() < 0:
            self.table.selectRow(0)
        self._show_current()

    # Selection #############################################################
    def current_id(self) -> str | None:
        item = self.table.item(self.table.currentRow(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def current(self) -> Benchmark | None:
        return next((b for b in self.benchmarks if b.id == self.current_id()), None)

    def select_id(self, benchmark_id: str) -> bool:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == benchmark_id:
                self.table.selectRow(row)
                return True
        return False

    def _show_current(self) -> None:
        benchmark = self.current()
        self.details.setHtml(details_html(benchmark_summary(benchmark)) if benchmark else
                             "<p>No benchmark matches.</p>")
        user = benchmark is not None and benchmark.source == "user"
        self.edit_button.setEnabled(user)
        self.copy_button.setEnabled(benchmark is not None)
        self.read_only_note.setVisible(benchmark is not None and not user)

    # Editing ###############################################################
    def add_benchmark(self) -> None:
        self._open_editor(None, None)

    def copy_current(self) -> None:
        if self.current() is not None:
            self._open_editor(None, self.current())

    def edit_current(self) -> None:
        benchmark = self.current()
        if benchmark is not None and benchmark.source == "user":
            self._open_editor(benchmark, None)

    def _open_editor(self, benchmark: Benchmark | None, copy_of: Benchmark | None) -> None:
        from ..dialogs.benchmark_editor import BenchmarkEditor
        editor = BenchmarkEditor(benchmark, self, copy_of=copy_of, user_dir=self.user_dir)
        self.editor = editor
        editor.accepted.connect(self._saved)
        editor.open()

    def _saved(self) -> None:
        saved = self.editor.saved if self.editor else None
        self.refresh()
        if saved is not None:
            self.territory.setCurrentIndex(0)
            self.search.clear()
            self.select_id(saved.id)
        self.benchmarks_changed.emit()
