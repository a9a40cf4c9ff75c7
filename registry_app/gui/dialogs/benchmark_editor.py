"""Add or edit a user benchmark: a form checked with the same rules as the shipped files."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTabWidget,
                               QVBoxLayout, QWidget)

from ...domain.benchmarks import (CIRCULATIONS, DESIGNS, GOOD_OUTCOME_DEFINITIONS,
                                  MORTALITY_TIME_FRAMES, RECANALIZATION_THRESHOLDS,
                                  SICH_DEFINITIONS, TERRITORIES, VERIFICATIONS, Benchmark)
from ...services.benchmarks.library import InvalidBenchmark, save_benchmark
from ..widgets.field_widgets import NoWheelComboBox
from .benchmark_results_table import COLUMN_LABELS, ResultsTable

TEXT, LONG, CHOICE = "text", "long", "choice"
STUDY = (("id", "ID", TEXT, None), ("short_name", "Short name", TEXT, None),
         ("title", "Title", TEXT, None), ("territory", "Territory", CHOICE, TERRITORIES),
         ("design", "Design", CHOICE, DESIGNS), ("verification", "Verification", CHOICE,
                                                  VERIFICATIONS),
         ("notes", "Notes", LONG, None))
CITATION = (("authors", "Authors", TEXT, None), ("journal", "Journal", TEXT, None),
            ("year", "Year", TEXT, None), ("volume_pages", "Volume and pages", TEXT, None),
            ("doi", "DOI", TEXT, None), ("pmid", "PMID", TEXT, None), ("url", "Web address", TEXT, None))
POPULATION = (("country", "Country", TEXT, None), ("region", "Region", TEXT, None),
              ("circulation", "Circulation", CHOICE, CIRCULATIONS),
              ("occlusion_sites", "Occlusion sites", TEXT, None), ("period", "Study period", TEXT, None),
              ("description", "Description", LONG, None))
DEFINITIONS = (("mt_failure", "MT failure", TEXT, None),
               ("recanalization_threshold", "Recanalization", CHOICE, RECANALIZATION_THRESHOLDS),
               ("good_outcome", "Good outcome", CHOICE, GOOD_OUTCOME_DEFINITIONS),
               ("sich", "sICH definition", CHOICE, SICH_DEFINITIONS),
               ("mortality_time_frame", "Mortality counted at", CHOICE, MORTALITY_TIME_FRAMES),
               ("technical_success", "Technical success", TEXT, None))
SECTIONS = {"": ("Study", STUDY), "citation": ("Citation", CITATION),
            "population": ("Population", POPULATION), "definitions": ("Definitions", DEFINITIONS)}
PLACEHOLDERS = {"id": "lowercase letters, digits and _ (e.g. our_2024_series)",
                "year": "e.g. 2021", "occlusion_sites": "comma-separated, e.g. ICA, M1, BA",
                "doi": "10.xxxx/…", "authors": "e.g. Chen F, Liu J, Zhao Y"}


def field_path(message: str) -> tuple[str, str, int | None]:
    """(section, field, result row) named by a validation message, e.g. ('', 'rate', 2)."""
    tail = re.sub(r"^benchmark ('[^']*'|\"[^\"]*\"|\S+?)(?=[.\[])", "", message)
    row = re.search(r"results\[(\d+)\](?: \([a-z0-9_]+\))?(?:\.([a-z_]+))?", tail)
    if row:
        return "results", row.group(2) or "", int(row.group(1))
    found = re.match(r"\.(?:(citation|population|definitions)\.)?([a-z_]+)", tail)
    if found:
        return found.group(1) or "", found.group(2), None
    return "", "", None


def field_label(section: str, name: str, row: int | None) -> str:
    if section == "results":
        return f"Results row {row}" + (f", {COLUMN_LABELS.get(name, name)}" if name else "")
    title, fields = SECTIONS.get(section, ("", ()))
    label = next((lab for code, lab, _, _ in fields if code == name), name)
    return f"{label} ({title.lower()})" if section else label


def plain_message(message: str) -> str:
    """The library's message with the field named in the form's words."""
    text = message.removeprefix("The benchmark was not saved. ")
    section, name, row = field_path(text)
    if not name and row is None:
        return text
    problem = text.split(": ", 1)[1] if ": " in text else text
    return f"{field_label(section, name, row)}: {problem}"


class BenchmarkEditor(QDialog):
    """Four tabs (study, population and definitions, results); Save validates and writes."""

    def __init__(self, benchmark: Benchmark | None = None, parent: QWidget | None = None,
                 copy_of: Benchmark | None = None, user_dir=None) -> None:
        super().__init__(parent)
        self.editing = benchmark is not None
        self.user_dir = user_dir
        self.saved: Benchmark | None = None
        self.widgets: dict[tuple[str, str], QWidget] = {}
        self.setWindowTitle("Edit benchmark" if self.editing else "Add benchmark")
        self.results = ResultsTable()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e; font-weight: bold")
        self.error.setObjectName("benchmark_error")
        self.tabs = QTabWidget()
        self._build()
        source = benchmark or copy_of
        if source is not None:
            self.load(source.to_dict(), copy=benchmark is None)
        else:
            self.results.add_result()
        study_id = self.widgets[("", "id")]
        if isinstance(study_id, QLineEdit):
            study_id.setReadOnly(self.editing)
        self.resize(1120, 600)

    # Building ##############################################################
    def _build(self) -> None:
        self.tabs.addTab(self._form_tab(("", "citation")), "Study and citation")
        self.tabs.addTab(self._form_tab(("population", "definitions")), "Population and definitions")
        self.tabs.addTab(self._results_tab(), "Results")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _form_tab(self, sections: tuple[str, ...]) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        for section in sections:
            title, fields = SECTIONS[section]
            box = QGroupBox(title)
            form = QFormLayout(box)
            for code, label, kind, choices in fields:
                form.addRow(f"{label}:", self._input(section, code, kind, choices))
            layout.addWidget(box, 1, Qt.AlignmentFlag.AlignTop)
        return page

    def _input(self, section: str, code: str, kind: str, choices) -> QWidget:
        widget: QWidget
        if kind == CHOICE:
            widget = combo = NoWheelComboBox()
            for value, text in choices.items():
                combo.addItem(text, value)
        elif kind == LONG:
            widget = notes = QPlainTextEdit()
            notes.setTabChangesFocus(True)
            notes.setFixedHeight(notes.fontMetrics().height() * 9)
        else:
            widget = line = QLineEdit()
            line.setPlaceholderText(PLACEHOLDERS.get(code, ""))
        widget.setObjectName(f"benchmark_{section or 'study'}_{code}")
        self.widgets[(section, code)] = widget
        return widget

    def _results_tab(self) -> QWidget:
        page = QWidget()
        add, remove = QPushButton("Add result"), QPushButton("Remove result")
        add.clicked.connect(lambda: self.results.add_result())
        remove.clicked.connect(self.results.remove_selected)
        hint = QLabel("One row per published figure. Give the rate as a fraction (0.889) or a"
                      " percentage (88.9%), and the events and total when the study prints them;"
                      " they must agree.")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(self.results, 1)
        layout.addLayout(buttons)
        return page

    # Values ################################################################
    def value(self, section: str, code: str):
        widget = self.widgets[(section, code)]
        if isinstance(widget, NoWheelComboBox):
            return widget.currentData()
        text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else _line_text(widget)
        if code == "occlusion_sites":
            return [part.strip() for part in text.split(",") if part.strip()]
        if code == "year":
            text = text.strip()
            return int(text) if text.isdigit() else (text or None)
        return text.strip()

    def set_value(self, section: str, code: str, value) -> None:
        widget = self.widgets[(section, code)]
        if isinstance(widget, NoWheelComboBox):
            widget.setCurrentIndex(max(widget.findData(value), 0))
            return
        if isinstance(value, (list, tuple)):
            value = ", ".join(value)
        text = "" if value is None else str(value)
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(text)
        elif isinstance(widget, QLineEdit):
            widget.setText(text)

    def data(self) -> dict:
        """The form as a benchmark in the file schema (what the library validates)."""
        data: dict = {code: self.value("", code) for code, *_ in STUDY}
        for section in ("citation", "population", "definitions"):
            values = {code: self.value(section, code) for code, *_ in SECTIONS[section][1]}
            data[section] = {k: v for k, v in values.items() if v is not None}
        data["results"] = self.results.results()
        return data

    def load(self, data: dict, copy: bool = False) -> None:
        for section, (_, fields) in SECTIONS.items():
            source = data.get(section, {}) if section else data
            for code, *_ in fields:
                self.set_value(section, code, source.get(code))
        for result in data.get("results", []):
            self.results.add_result(result)
        if copy:
            self.set_value("", "id", f"{data.get('id', 'benchmark')}_local")
            self.set_value("", "short_name", f"{data.get('short_name') or data.get('id')} (own copy)")

    # Saving ################################################################
    def save(self) -> None:
        """Validate and write; on a problem, name the field and point at it."""
        try:
            self.saved = save_benchmark(self.data(), self.user_dir, overwrite=self.editing)
        except InvalidBenchmark as exc:
            self.show_problem(exc.message)
            return
        self.accept()

    def show_problem(self, message: str) -> None:
        self.error.setText(plain_message(message))
        section, name, row = field_path(message.removeprefix("The benchmark was not saved. "))
        if section == "results":
            self.tabs.setCurrentIndex(2)
            self.results.focus_cell((row or 1) - 1, name)
            return
        widget = self.widgets.get((section, name))
        if widget is not None:
            self.tabs.setCurrentIndex(0 if section in ("", "citation") else 1)
            widget.setFocus()


def _line_text(widget: QWidget) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else ""
