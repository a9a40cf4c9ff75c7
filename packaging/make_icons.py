"""Render resources/icons/registry-app.svg to PNGs, an .ico and an .icns: ``python packaging/make_icons.py``.

Run it with the project's venv (it needs PySide6's QtSvg) after editing the SVG, and
commit the results; the bundle build uses the committed files and never renders.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from iconfile import ICNS_SIZES, ICO_SIZES, icns_bytes, ico_bytes  # noqa: E402

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SVG = ICONS / "registry-app.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn on a transparent size x size canvas, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def render_all(svg: Path = SVG) -> dict[int, bytes]:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG for Qt")
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES))
    return {size: render_png(renderer, size) for size in sizes}


def write_icons(pngs: dict[int, bytes], folder: Path = ICONS) -> list[Path]:
    """PNG files for PNG_SIZES plus registry-app.ico and registry-app.icns."""
    written = []
    for size in PNG_SIZES:
        written.append(folder / f"registry-app-{size}.png")
        written[-1].write_bytes(pngs[size])
    written.append(folder / "registry-app.ico")
    written[-1].write_bytes(ico_bytes(pngs))
    written.append(folder / "registry-app.icns")
    written[-1].write_bytes(icns_bytes(pngs))
    return written


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (Qt needs one)
    for path in write_icons(render_all()):
        print(f"wrote {path.relative_to(ICONS.parents[1])} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
