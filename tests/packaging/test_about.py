"""The About dialog tells version, where the data live and the licence, with the icon."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit

from registry_app import __version__, paths
from registry_app.gui.app import app_icon
from registry_app.gui.dialogs.about_dialog import AboutDialog


def test_about_dialog_shows_version_data_location_licence_and_icon(qtbot, tmp_path):
    location = str(tmp_path / "registry.sqlite3")
    dialog = AboutDialog(location)
    qtbot.addWidget(dialog)
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"Version {__version__}" in text
    assert location in text and str(paths.data_dir()) in text
    licence = dialog.findChild(QPlainTextEdit, "licence_text").toPlainText()
    assert licence.startswith("MIT License") and "The registry_app authors" in licence
    icon = dialog.findChild(QLabel, "about_icon").pixmap()
    assert not icon.isNull() and icon.width() == 64


def test_application_icon_has_the_small_and_large_renders(qapp):
    sizes = {(size.width(), size.height()) for size in app_icon().availableSizes()}
    assert {(16, 16), (32, 32), (256, 256)} <= sizes
