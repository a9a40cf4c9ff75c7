"""The dashboard's benchmark picker: a button whose drop-down lists benchmarks with check boxes."""
from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMenu, QToolButton, QWidget, QWidgetAction


class BenchmarkPicker(QToolButton):
    """A button whose drop-down lists the benchmarks with check boxes (several may be chosen)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.list = QListWidget()
        self.list.setMinimumWidth(320)
        self.list.itemChanged.connect(self._update_text)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.list)
        menu.addAction(action)
        menu.aboutToHide.connect(self._closed)
        self.setMenu(menu)
        self._before: list[str] = []
        self._update_text()

    def set_benchmarks(self, items: list[tuple[str, str, str]], chosen: list[str]) -> None:
        """items: (id, label, tooltip) in display order."""
        with QSignalBlocker(self.list):
            self.list.clear()
            for bench_id, label, tip in items:
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, bench_id)
                item.setToolTip(tip)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if bench_id in chosen
                                   else Qt.CheckState.Unchecked)
                self.list.addItem(item)
        self.list.setFixedHeight(min(22 * max(self.list.count(), 1) + 8, 420))
        self._before = self.chosen()
        self._update_text()

    def chosen(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def set_chosen(self, ids: list[str]) -> None:
        """Check exactly these benchmarks and emit changed when the choice differs."""
        with QSignalBlocker(self.list):
            for i in range(self.list.count()):
                item = self.list.item(i)
                wanted = item.data(Qt.ItemDataRole.UserRole) in ids
                item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
        self._update_text()
        self._closed()

    def _labels(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def _update_text(self, *_args) -> None:
        labels = self._labels()
        text = "none"
        if labels:
            first = labels[0] if len(labels[0]) <= 24 else labels[0][:23] + "…"
            text = first + (f" +{len(labels) - 1}" if len(labels) > 1 else "")
        self.setText(f"Benchmarks: {text}   ")  # spaces keep the text clear of the arrow
        self.setToolTip("Compared with: " + ("; ".join(labels) if labels else "no benchmark"))

    def _closed(self) -> None:
        if self.chosen() != self._before:
            self._before = self.chosen()
            self.changed.emit()
