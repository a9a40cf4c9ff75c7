"""About the application: version, where the data live, where problems are logged, licence."""
from __future__ import annotations

import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from ... import __version__, paths


def about_text(location: str) -> str:
    return (f"<h3>{paths.APP_NAME}</h3>"
            f"<p>Version {__version__}</p>"
            "<p>A registry of thrombectomy cases, rescue-stent decisions, complications and"
            " outcomes, with benchmark comparisons and monthly audit reports.</p>"
            f"<p><b>Registry:</b> {location}<br>"
            f"<b>Data folder:</b> {paths.data_dir()}<br>"
            f"<b>Backups:</b> {paths.backup_dir()}<br>"
            f"<b>Log files:</b> {paths.log_dir()}</p>"
            f"<p style='color:#555'>Python {sys.version.split()[0]}, Qt {qVersion()},"
            f" PySide6 {PySide6.__version__}</p>"
            "<p>Free software under the MIT licence (below).</p>")


def licence_text() -> str:
    """The LICENSE file (next to resources/, in the source tree and in the bundle)."""
    try:
        return (paths.resources_dir().parent / "LICENSE").read_text(encoding="utf-8")
    except OSError:
        return "MIT License\n\nCopyright (c) The registry_app authors"


def icon_file(size: int = 64) -> Path:
    """The application icon rendered at `size` pixels (resources/icons)."""
    return paths.resources_dir() / "icons" / f"registry-app-{size}.png"


class AboutDialog(QDialog):
    def __init__(self, location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About")
        label = QLabel(about_text(location))
        label.setWordWrap(True)
        label.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self._header(label))
        layout.addWidget(self._licence())
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def _header(self, label: QLabel) -> QHBoxLayout:
        icon = QLabel()
        icon.setObjectName("about_icon")
        icon.setPixmap(QPixmap(str(icon_file())))
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(label, 1)
        return row

    def _licence(self) -> QPlainTextEdit:
        text = QPlainTextEdit(licence_text())
        text.setObjectName("licence_text")
        text.setReadOnly(True)
        text.setMaximumHeight(150)
        return text
