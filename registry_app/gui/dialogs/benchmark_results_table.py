"""The results table of the benchmark editor: metric, arm, rate, events, total, derived, source."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from ...domain.benchmarks import ARMS, METRICS
from ..widgets.field_widgets import NoWheelComboBox

RESULT_COLUMNS = ("metric", "arm", "rate", "events", "total", "derived", "source_text", "note")
RESULT_HEADERS = ("Measure", "Arm", "Rate", "Events", "Total",
                  "Derived", "Source text (as printed)", "Note")
COLUMN_LABELS = dict(zip(RESULT_COLUMNS, ("Measure", "Arm", "Rate", "Events", "Total",
                                          "Derived", "Source text", "Note")))
TEXT_COLUMNS = {2: "rate", 3: "events", 4: "total", 6: "source_text", 7: "note"}


def parse_rate(text: str):
    """'88.9%' -> 0.889, '0.889' -> 0.889, '' -> None; other text is passed on as typed so
    that the library's validation names the field and the problem."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    percent = text.endswith("%")
    try:
        value = float(text.rstrip("%").strip())
    except ValueError:
        return text
    return round(value / 100, 6) if percent else value


def parse_count(text: str):
    """'' -> None, '18' -> 18; anything else as typed (validation explains)."""
    text = text.strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text


def _rate_text(value) -> str:
    return "" if value is None else f"{value:g}"


class ResultsTable(QTableWidget):
    """One row per published figure; measure and arm are pick lists."""

    def __init__(self, parent=None) -> None:
        super().__init__(0, len(RESULT_COLUMNS), parent)
        self.setHorizontalHeaderLabels(RESULT_HEADERS)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 220), (1, 260), (2, 80), (3, 60), (4, 60), (5, 64), (6, 220)):
            self.setColumnWidth(column, width)
        rate_header = self.horizontalHeaderItem(2)
        if rate_header is not None:
            rate_header.setToolTip("A fraction (0.889) or a percentage (88.9%)")

    def add_result(self, result: dict | None = None) -> int:
        result = result or {}
        row = self.rowCount()
        self.insertRow(row)
        self.setCellWidget(row, 0, self._combo({k: v.label for k, v in METRICS.items()},
                                               result.get("metric", "recanalization")))
        self.setCellWidget(row, 1, self._combo(ARMS, result.get("arm", "rescue_stent")))
        texts = {"rate": _rate_text(result.get("rate")), "events": result.get("events"),
                 "total": result.get("total"), "source_text": result.get("source_text"),
                 "note": result.get("note")}
        for column, key in TEXT_COLUMNS.items():
            value = texts[key]
            self.setItem(row, column, QTableWidgetItem("" if value is None else str(value)))
        derived = QTableWidgetItem()
        derived.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        derived.setCheckState(Qt.CheckState.Checked if result.get("derived")
                              else Qt.CheckState.Unchecked)
        derived.setToolTip("Tick when the events were worked out from a printed percentage")
        self.setItem(row, 5, derived)
        return row

    def _combo(self, choices: dict[str, str], current: str) -> NoWheelComboBox:
        combo = NoWheelComboBox()
        for code, label in choices.items():
            combo.addItem(label, code)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        return combo

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.selectedIndexes()}, reverse=True)
        for row in rows or ([self.rowCount() - 1] if self.rowCount() else []):
            self.removeRow(row)

    def text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def result(self, row: int) -> dict:
        """The row as a result table of the benchmark file schema."""
        data = {"metric": self._picked(row, 0), "arm": self._picked(row, 1),
                "rate": parse_rate(self.text(row, 2)),
                "events": parse_count(self.text(row, 3)), "total": parse_count(self.text(row, 4)),
                "derived": self._ticked(row, 5),
                "source_text": self.text(row, 6).strip(), "note": self.text(row, 7).strip()}
        return {key: value for key, value in data.items() if value is not None}

    def _picked(self, row: int, column: int):
        combo = self.cellWidget(row, column)
        return combo.currentData() if isinstance(combo, NoWheelComboBox) else None

    def _ticked(self, row: int, column: int) -> bool:
        item = self.item(row, column)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def results(self) -> list[dict]:
        return [self.result(row) for row in range(self.rowCount())]

    def focus_cell(self, row: int, key: str) -> None:
        """Select the cell of a result field (after a validation error)."""
        if not 0 <= row < self.rowCount():
            return
        column = RESULT_COLUMNS.index(key) if key in RESULT_COLUMNS else 0
        self.setCurrentCell(row, column)
        self.setFocus()
